"""Where a request comes from: the client address behind trusted proxies, and the citizen key.

The action server calls the backend for every citizen from the same address. It names the
citizen by `X-Citizen-Key` (an opaque pseudonym such as an HMAC of the conversation) and passes
on the address the bot saw in `X-Forwarded-For`. That header is believed only from a trusted
proxy, and read from the right: each proxy appends the address it saw, so whatever stands left
of the nearest untrusted entry may have been written by the client itself.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence

from sanic import Request

from backend.settings import IPNetwork
from backend.web import ApiError, validation_error

CITIZEN_HEADER = "X-Citizen-Key"
CONVERSATION_HEADER = "X-Conversation-Id"
FORWARDED_HEADER = "X-Forwarded-For"
MAX_KEY_LENGTH = 128
UNKNOWN_ADDRESS = "unknown"
_CITIZEN_KEY = re.compile(r"[A-Za-z0-9_.:-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _ip(text: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; they are the same client.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: IPAddress, trusted: Iterable[IPNetwork]) -> bool:
    return any(address in network for network in trusted)


def forwarded_client(peer: str, forwarded_for: Sequence[str], trusted: Sequence[IPNetwork]) -> str:
    """The client's address, given the peer, the X-Forwarded-For header(s) and the trusted proxies.

    From an untrusted peer the header is ignored: the peer is the client. From a trusted one,
    the rightmost entry that is not a trusted proxy is the client; if every entry is trusted,
    the leftmost. An entry that is no IP address ends the walk, and the trusted hop that passed
    it on counts as the client: nothing beyond it can be told apart from what a client wrote.
    """
    hop = _ip(peer)
    if hop is None:
        return peer[:100] or UNKNOWN_ADDRESS
    if not _is_trusted(hop, trusted):
        return str(hop)
    entries = [entry for header in forwarded_for for entry in header.split(",") if entry.strip()]
    for entry in reversed(entries):
        address = _ip(entry)
        if address is None:
            break
        hop = address
        if not _is_trusted(address, trusted):
            break
    return str(hop)


def client_address(request: Request, trusted: Sequence[IPNetwork]) -> str:
    """The address of the client behind this request (see `forwarded_client`)."""
    return forwarded_client(request.ip or "", request.headers.getall(FORWARDED_HEADER, []), trusted)


def citizen_key(request: Request) -> str | None:
    """Whom the request is for: `X-Citizen-Key`, else the older `X-Conversation-Id`, else None.

    Raises:
        ApiError: 400 naming the header if a value is malformed.
    """
    key = request.headers.get(CITIZEN_HEADER, "").strip()
    if key:
        if len(key) > MAX_KEY_LENGTH or not _CITIZEN_KEY.fullmatch(key):
            raise _header_error(
                CITIZEN_HEADER,
                f"must be 1 to {MAX_KEY_LENGTH} characters of A-Z, a-z, 0-9, '_', '-', '.', ':'",
            )
        return key
    conversation = request.headers.get(CONVERSATION_HEADER, "").strip()
    if len(conversation) > MAX_KEY_LENGTH or _CONTROL.search(conversation):
        raise _header_error(
            CONVERSATION_HEADER, f"must be at most {MAX_KEY_LENGTH} printable characters"
        )
    return conversation or None


def _header_error(header: str, message: str) -> ApiError:
    return validation_error([{"field": header, "message": message}])
