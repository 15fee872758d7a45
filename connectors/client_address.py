"""The client address of a request, as both channels use it for rate limits and the citizen key.

The peer of the TCP connection is the client, unless it is one of NRWBOT_TRUSTED_PROXIES (by
default none). Behind trusted proxies the client is the rightmost `X-Forwarded-For` entry that is
not itself a trusted proxy: each proxy appends the address it saw, so entries further left were
written by the client and prove nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network
from typing import Any

Networks = Sequence[IPv4Network | IPv6Network]
# Headers a reverse proxy adds; their presence means the peer acts on behalf of someone else.
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def _parse(value: str) -> IPv4Address | IPv6Address | None:
    value = value.strip()
    if value.startswith("["):  # "[2001:db8::1]:443"
        value = value[1 : value.find("]")] if "]" in value else ""
    elif value.count(":") == 1:  # "198.51.100.1:4711"
        value = value.split(":")[0]
    try:
        address = ip_address(value)
    except ValueError:
        return None
    # A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; one client, one address.
    mapped = address.ipv4_mapped if isinstance(address, IPv6Address) else None
    return mapped or address


def _trusted(address: IPv4Address | IPv6Address, proxies: Networks) -> bool:
    return any(address in network for network in proxies)


def client_address(peer: str, forwarded_for: str | None, proxies: Networks) -> str:
    """The client's address: `peer`, or behind trusted `proxies` the nearest untrusted hop.

    Args:
        peer: the TCP peer's address ("" if there is none, as on a Unix socket).
        forwarded_for: the `X-Forwarded-For` header (several headers joined with commas).
        proxies: the trusted proxies (NRWBOT_TRUSTED_PROXIES).
    """
    address = _parse(peer)
    if address is None:
        return peer
    if not forwarded_for or not _trusted(address, proxies):
        return str(address)
    for entry in reversed(forwarded_for.split(",")):
        hop = _parse(entry)
        if hop is None:
            # Garbage where a trusted proxy should have written an address: the last hop known
            # for sure is the one that handed it on.
            return str(address)
        address = hop
        if not _trusted(hop, proxies):
            return str(hop)
    return str(address)  # every hop is a trusted proxy: the leftmost one is the nearest known


def from_environ(environ: Mapping[str, Any], proxies: Networks) -> str:
    """The client address of a socket.io connection, from its WSGI-style `environ`."""
    # engine.io's Sanic driver writes a constant REMOTE_ADDR of 127.0.0.1, so the peer comes from
    # the Sanic request it keeps in the environ; REMOTE_ADDR only for other servers.
    request = environ.get("sanic.request")
    peer = getattr(request, "ip", None) if request is not None else None
    peer = peer if isinstance(peer, str) else str(environ.get("REMOTE_ADDR", ""))
    return client_address(peer, environ.get("HTTP_X_FORWARDED_FOR"), proxies)


def is_direct_local(peer: str, headers: Mapping[str, str]) -> bool:
    """Whether a request comes from this host itself: a loopback peer that forwards for nobody.

    A reverse proxy on the same host also connects from 127.0.0.1, on behalf of anyone; it shows
    itself by the forwarding headers it adds.
    """
    address = _parse(peer)
    if address is None or not address.is_loopback:
        return False
    return not any(headers.get(name) is not None for name in FORWARDING_HEADERS)


def rate_key(address: str) -> str:
    """The key a client address is rate-limited by: IPv6 clients by their /64 network."""
    parsed = _parse(address)
    if isinstance(parsed, IPv6Address):
        # Providers give every IPv6 customer at least a /64, so a single address is free to change.
        return str(ip_network(f"{parsed}/64", strict=False))
    return str(parsed) if parsed else address
