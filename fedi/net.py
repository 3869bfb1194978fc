"""Outgoing connections to addresses users give us (profile links, preview cards, Web Push
endpoints) must not reach the server's own network."""
import ipaddress


def is_public_address(address):
    """Whether an IP address (as getaddrinfo gives it) is a public, unicast one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast
