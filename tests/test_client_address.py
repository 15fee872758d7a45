"""The client address both channels use for limits and the citizen key (no server, no network)."""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import ip_network

import pytest

from connectors.client_address import client_address, from_environ, is_direct_local, rate_key
from nrwbot.settings import get_settings

PROXIES = (ip_network("10.0.0.0/8"), ip_network("192.0.2.1"))  # a proxy network and one proxy


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "expected"),
    [
        # An untrusted peer is the client, whatever header it sends.
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),
        ("203.0.113.9", None, "203.0.113.9"),
        # A trusted proxy: the rightmost entry it did not write itself, never the first one,
        # which the client chooses.
        ("192.0.2.1", "198.51.100.1", "198.51.100.1"),
        ("192.0.2.1", "127.0.0.1, 198.51.100.1", "198.51.100.1"),  # spoofed first entry
        ("192.0.2.1", "6.6.6.6, 198.51.100.1, 10.1.2.3", "198.51.100.1"),  # chain of proxies
        ("10.9.9.9", "198.51.100.1,10.1.2.3,10.4.5.6", "198.51.100.1"),
        # All hops are proxies: the leftmost one is the nearest address known.
        ("192.0.2.1", "10.1.2.3", "10.1.2.3"),
        # A trusted proxy without a header, or with garbage where an address belongs.
        ("192.0.2.1", None, "192.0.2.1"),
        ("192.0.2.1", "", "192.0.2.1"),
        ("192.0.2.1", "198.51.100.1, unknown", "192.0.2.1"),
        ("192.0.2.1", "6.6.6.6, not-an-ip, 10.1.2.3", "10.1.2.3"),
        # Ports and brackets some proxies write; IPv4-mapped IPv6 is the IPv4 address.
        ("192.0.2.1", "198.51.100.1:4711", "198.51.100.1"),
        ("192.0.2.1", "[2001:db8::1]:443", "2001:db8::1"),
        ("::ffff:192.0.2.1", "2001:DB8::2", "2001:db8::2"),
        ("::ffff:203.0.113.9", None, "203.0.113.9"),
        # No peer address (a Unix socket): nothing to go by.
        ("", "198.51.100.1", ""),
    ],
)
def test_client_address(peer: str, forwarded_for: str | None, expected: str) -> None:
    assert client_address(peer, forwarded_for, PROXIES) == expected


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert client_address("127.0.0.1", "198.51.100.1", ()) == "127.0.0.1"
    assert client_address("10.1.2.3", "198.51.100.1", ()) == "10.1.2.3"


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()  # the next test reads the environment monkeypatch restored


@pytest.mark.usefixtures("fresh_settings")
def test_trusted_proxies_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NRWBOT_TRUSTED_PROXIES", " 10.0.0.0/8, 192.0.2.1 ,2001:db8::/32")
    assert get_settings().trusted_proxies == (
        ip_network("10.0.0.0/8"),
        ip_network("192.0.2.1/32"),
        ip_network("2001:db8::/32"),
    )
    get_settings.cache_clear()
    monkeypatch.setenv("NRWBOT_TRUSTED_PROXIES", "")
    assert get_settings().trusted_proxies == ()


@pytest.mark.usefixtures("fresh_settings")
@pytest.mark.parametrize(
    ("name", "value"),
    [("NRWBOT_TRUSTED_PROXIES", "10.0.0.0/8, proxy.example"), ("NRWBOT_REST_SECRET", "kurz")],
)
def test_a_malformed_setting_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name):
        get_settings()


class FakeRequest:
    def __init__(self, ip: str) -> None:
        self.ip = ip


def test_socketio_takes_the_peer_from_the_sanic_request_not_remote_addr() -> None:
    # engine.io's Sanic driver writes REMOTE_ADDR = "127.0.0.1" for every request; trusting it
    # would make every socket look local, or like the proxy.
    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.1",
        "sanic.request": FakeRequest("192.0.2.1"),
    }
    assert from_environ(environ, PROXIES) == "198.51.100.1"
    assert from_environ({**environ, "sanic.request": FakeRequest("203.0.113.9")}, PROXIES) == (
        "203.0.113.9"
    )
    assert from_environ({"REMOTE_ADDR": "203.0.113.7"}, PROXIES) == "203.0.113.7"


@pytest.mark.parametrize(
    ("peer", "headers", "local"),
    [
        ("127.0.0.1", {}, True),
        ("::1", {}, True),
        ("::ffff:127.0.0.1", {}, True),
        ("127.0.0.1", {"x-forwarded-for": "198.51.100.1"}, False),  # a proxy on this host
        ("127.0.0.1", {"forwarded": "for=198.51.100.1"}, False),
        ("127.0.0.1", {"x-real-ip": "198.51.100.1"}, False),
        ("203.0.113.9", {}, False),
        ("", {}, False),
    ],
)
def test_only_unforwarded_loopback_requests_are_local(
    peer: str, headers: dict[str, str], local: bool
) -> None:
    assert is_direct_local(peer, headers) is local


def test_ipv6_clients_are_limited_per_64_network() -> None:
    assert (
        rate_key("2001:db8:1:2:aaaa::1") == rate_key("2001:db8:1:2:bbbb::7") == "2001:db8:1:2::/64"
    )
    assert rate_key("198.51.100.1") == "198.51.100.1"
    assert rate_key("") == ""
