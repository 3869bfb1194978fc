"""Outgoing connections to addresses users give us (profile links, preview cards, Web Push
endpoints) must not reach the server's own network.

    is_public_address("93.184.216.34")            -> True
    connect_public(host, port, timeout)           -> a connected socket, to a public address
                                                     (the one checked: no second lookup a
                                                     rebinding DNS server could answer)
"""
import ipaddress
import socket

# IPv6 ranges that carry an IPv4 address in their last 32 bits (RFC 6052 NAT64, RFC 4291
# IPv4-compatible, RFC 6145 IPv4-translated). The embedded address decides, as a gateway or
# a host stack may deliver the packet to it.
_EMBEDDING_LAST_32_BITS = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::/96"),
                           ipaddress.ip_network("::ffff:0:0:0/96"))
# Local-use NAT64 (RFC 8215): translated by a gateway of our own network, never public.
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")


class AddressRefused(OSError):
    """The host resolves to an address that is not public. (A name that does not resolve
    raises socket.gaierror, as socket.create_connection does.)"""


def embedded_ipv4(ip):
    """The IPv4 addresses an IPv6 address carries (IPv4-mapped, IPv4-compatible,
    IPv4-translated, NAT64, 6to4, Teredo server and client); [] for others."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    found = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if any(ip in network for network in _EMBEDDING_LAST_32_BITS):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def is_public_address(address):
    """Whether an IP address (as getaddrinfo gives it) is a public, unicast one, and so is
    every IPv4 address embedded in it (::ffff:127.0.0.1, ::127.0.0.1, 2002:7f00:1::,
    64:ff9b::7f00:1, Teredo... all count as the private address they carry)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _LOCAL_NAT64:
            return False
        embedded = embedded_ipv4(ip)
        if embedded:
            # The IPv6 form's own flags say little (6to4 and Teredo prefixes are "global"):
            # the addresses it stands for decide.
            return all(_is_public(v4) for v4 in embedded)
    return _is_public(ip)


def _is_public(ip):
    return ip.is_global and not ip.is_multicast


def connect_public(host, port, timeout, *, allow_private=False):
    """A socket connected to host:port, on an address checked to be public (each address
    the name resolves to must be), so the address used is the address checked."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError as error:
        raise socket.gaierror(f"cannot resolve {host}") from error
    if not addresses:
        raise socket.gaierror(f"cannot resolve {host}")
    if not allow_private and not all(is_public_address(sockaddr[0]) for *_, sockaddr in addresses):
        raise AddressRefused(f"{host} is not a public address")
    family, kind, proto, _, sockaddr = addresses[0]
    sock = socket.socket(family, kind, proto)
    sock.settimeout(timeout)
    try:
        sock.connect(sockaddr)
    except OSError:
        sock.close()
        raise
    return sock
