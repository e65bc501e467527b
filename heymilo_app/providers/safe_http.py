"""Requests to addresses users typed: refuse local networks, connect only where it was checked.

A recruiter types the results webhook's URL, so without care the server could be made to
POST to its own loopback, the cloud metadata endpoint or the private network behind it
(SSRF). Names are checked by what they resolve to, every address at once, and the request is
then sent to the checked address itself (pinned), so a DNS answer that changes between the
check and the connection (rebinding) cannot move it.

Two classes of address are refused:

- never reachable: link-local (``169.254.0.0/16`` with the metadata endpoints, ``fe80::/10``),
  multicast, unspecified (``0.0.0.0``, ``::``), ``0.0.0.0/8`` and the reserved ranges;
- local: every other address that is not globally routable (loopback, RFC 1918 private,
  ``100.64.0.0/10`` shared, unique-local IPv6, documentation ranges), unless
  ``allow_private`` is set (``WEBHOOK_ALLOW_PRIVATE_ADDRESSES``: tests, the local demo, an
  ATS on the same private network).

IPv6 forms that carry an IPv4 address (``::ffff:a.b.c.d``, 6to4, Teredo, NAT64
``64:ff9b::/96``) are judged by the IPv4 address they carry as well.
"""

from __future__ import annotations

import ipaddress
import socket

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Host names of cloud metadata services (their address is link-local, refused anyway).
METADATA_HOSTS = frozenset({"metadata", "metadata.google.internal", "169.254.169.254"})

_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefused(Exception):
    """A host is, or resolves to, an address requests may not go to.

    Args:
        message: A sentence for the person who typed the URL.
        address: The refused address.
    """

    def __init__(self, message: str, *, address: str):
        super().__init__(message)
        self.address = address


def _carried_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    carried = [address.ipv4_mapped, address.sixtofour]
    if address.teredo is not None:
        carried.extend(address.teredo)
    return [ip for ip in carried if ip is not None]


def refusal(address: IPAddress, *, allow_private: bool) -> str | None:
    """Why requests may not go to an address.

    Args:
        address: The address.
        allow_private: Whether loopback and private networks are allowed.

    Returns:
        None when allowed, else "a local network address" (never reachable) or "a private
        or local network address" (allowed by ``allow_private``).
    """
    if isinstance(address, ipaddress.IPv6Address):
        if address in _NAT64:
            # DNS64 on an IPv6-only host: the gateway forwards to the IPv4 address inside
            # (64:ff9b::/96 is within the reserved ::/8, so it must be judged by that alone).
            address = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        else:
            address = address.ipv4_mapped or address
    if isinstance(address, ipaddress.IPv6Address):
        for carried in _carried_ipv4(address):
            reason = refusal(carried, allow_private=allow_private)
            if reason is not None:
                return reason
    if address.is_loopback:
        return None if allow_private else "a private or local network address"
    if (
        address.is_link_local
        or address.is_multicast
        or address.is_unspecified
        or address.is_reserved
        or (isinstance(address, ipaddress.IPv4Address) and address in _THIS_NETWORK)
    ):
        return "a local network address"
    if not address.is_global and not allow_private:
        return "a private or local network address"
    return None


def literal_address(host: str) -> IPAddress | None:
    """The address a host written as a number stands for, in every form libc accepts.

    Besides ``10.0.0.5`` and IPv6, ``inet_aton`` reads ``2130706433``, ``0x7f000001``,
    ``0177.0.0.1`` and ``127.1`` as ``127.0.0.1``, and so do browsers and ``getaddrinfo``.

    Args:
        host: A host name as parsed from a URL (no brackets).

    Returns:
        The address, or None for a name.
    """
    host = host.strip().rstrip(".")
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    if not host or not host[0].isdigit():
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def check_host(host: str, *, allow_private: bool) -> None:
    """Refuse a host by its name or literal address, without resolving it (when saving a URL).

    Args:
        host: The URL's host.
        allow_private: Whether loopback and private networks are allowed.

    Raises:
        AddressRefused: For metadata names, ``localhost`` and refused literal addresses.
    """
    name = host.strip().rstrip(".").lower()
    if name in METADATA_HOSTS:
        raise AddressRefused("This address cannot receive webhooks.", address=name)
    if not allow_private and (name == "localhost" or name.endswith(".localhost")):
        raise AddressRefused(_refused_sentence("a private or local network address"), address=name)
    address = literal_address(name)
    if address is not None:
        reason = refusal(address, allow_private=allow_private)
        if reason is not None:
            raise AddressRefused(_refused_sentence(reason), address=str(address))


def resolve(host: str, port: int, *, allow_private: bool) -> list[str]:
    """Resolve a host and check every address it resolves to.

    All must be allowed: a name with one public and one private address is refused, since
    the connection could take either.

    Args:
        host: The host name or literal address (IDNA-encoded).
        port: The TCP port.
        allow_private: Whether loopback and private networks are allowed.

    Returns:
        The addresses to connect to, in the resolver's order, without duplicates.

    Raises:
        AddressRefused: When any address is refused.
        OSError: When the name does not resolve (``socket.gaierror``).
    """
    if host.strip().rstrip(".").lower() in METADATA_HOSTS:
        raise AddressRefused(
            f"The webhook address {host} is a cloud metadata service; it is refused.",
            address=host,
        )
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    addresses: list[str] = []
    for family, *_, sockaddr in answers:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped  # named as 10.0.0.5, not ::ffff:a00:5
        reason = refusal(address, allow_private=allow_private)
        if reason is not None:
            raise AddressRefused(
                f"The webhook address resolves to {reason} ({address}); it is refused.",
                address=str(address),
            )
        if str(address) not in addresses:
            addresses.append(str(address))
    if not addresses:
        raise socket.gaierror(socket.EAI_NONAME, f"{host} has no IPv4 or IPv6 address")
    return addresses


def _refused_sentence(reason: str) -> str:
    return f"This is {reason}; webhooks cannot be sent there."
