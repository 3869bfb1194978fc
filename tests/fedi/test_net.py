"""fedi.net: which addresses are public, including IPv4 addresses embedded in IPv6 ones,
and connections made to the very address that was checked."""
import socket
import threading

import pytest

from fedi.net import AddressRefused, connect_public, is_public_address

PUBLIC = ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "2002:808:808::1", "64:ff9b::808:808",
          "::ffff:8.8.8.8", "::ffff:0:8.8.8.8"]
PRIVATE = [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "224.0.0.1", "192.0.2.1", "::", "::1", "fe80::1%eth0", "fd00::1", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:169.254.169.254",    # IPv4-mapped
    "::127.0.0.1", "::10.0.0.1", "::0.0.0.1",          # IPv4-compatible (deprecated)
    "::ffff:0:127.0.0.1",                              # IPv4-translated (SIIT)
    "2002:7f00:1::", "2002:a00:1::1", "2002:a9fe:a9fe::",  # 6to4 of 127.0.0.1, 10.0.0.1, 169.254.169.254
    "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::10.0.0.1",  # NAT64 (RFC 6052)
    "64:ff9b:1::808:808",                              # local-use NAT64 (RFC 8215): ours, whatever it embeds
    "2001:0:7f00:1::80ff:fffe",                        # Teredo, server 127.0.0.1
    "2001:0:808:808::f5ff:fffe",                       # Teredo, client 10.0.0.1 (obfuscated)
]


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses(address):
    assert is_public_address(address)


@pytest.mark.parametrize("address", PRIVATE)
def test_private_addresses_and_every_embedded_form_of_one(address):
    assert not is_public_address(address)


@pytest.fixture
def listener():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(server.accept()[0]), daemon=True)
    thread.start()
    yield server.getsockname()[1]
    server.close()
    for sock in accepted:
        sock.close()


def test_connect_public_refuses_a_private_answer_and_connects_to_the_answer_it_checked(listener, monkeypatch):
    with pytest.raises(AddressRefused):
        connect_public("127.0.0.1", listener, 2)
    with pytest.raises(socket.gaierror):
        connect_public("no-such-host.invalid", 80, 2)
    lookups = []
    real = socket.getaddrinfo

    def counting(*args, **kwargs):
        lookups.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", counting)
    sock = connect_public("127.0.0.1", listener, 2, allow_private=True)
    assert sock.getpeername()[1] == listener and lookups == ["127.0.0.1"]  # one lookup, no second one
    sock.close()
