"""Client address behind trusted proxies, and the settings that name those proxies."""

from __future__ import annotations

import pytest

from backend.origin import forwarded_client
from backend.settings import BackendSettings, SettingsError, parse_networks

LOCAL = parse_networks("127.0.0.1,::1")
CHAIN = parse_networks("127.0.0.1, 10.0.0.0/8")


@pytest.mark.parametrize(
    "peer, forwarded_for, trusted, expected",
    [
        # The action server forwards the one address it saw.
        ("127.0.0.1", ["203.0.113.5"], LOCAL, "203.0.113.5"),
        # Nothing forwarded: the proxy's own address is all there is.
        ("127.0.0.1", [], LOCAL, "127.0.0.1"),
        # A client-written first entry does not count; the proxy's appended one does.
        ("127.0.0.1", ["10.66.0.1, 203.0.113.5"], LOCAL, "203.0.113.5"),
        ("127.0.0.1", ["10.66.0.1", "203.0.113.5"], LOCAL, "203.0.113.5"),
        # An untrusted peer's header is ignored.
        ("192.0.2.50", ["203.0.113.5"], LOCAL, "192.0.2.50"),
        # Through a chain of trusted proxies to the first untrusted hop.
        ("10.0.0.2", ["198.51.100.1, 203.0.113.5, 10.0.0.1"], CHAIN, "203.0.113.5"),
        # All trusted: the one farthest away.
        ("127.0.0.1", ["10.1.1.1, 10.0.0.1"], CHAIN, "10.1.1.1"),
        # Garbage ends the walk at the trusted hop that passed it on.
        ("127.0.0.1", ["203.0.113.5, unknown"], LOCAL, "127.0.0.1"),
        ("10.0.0.2", ["198.51.100.1, nonsense, 10.0.0.1"], CHAIN, "10.0.0.1"),
        # IPv6, and IPv4 as a dual-stack socket reports it.
        ("::1", ["2001:db8::7"], LOCAL, "2001:db8::7"),
        ("::ffff:127.0.0.1", ["203.0.113.5"], LOCAL, "203.0.113.5"),
        ("127.0.0.1", ["::ffff:203.0.113.5"], LOCAL, "203.0.113.5"),
        # Spaces and empty entries do not matter.
        ("127.0.0.1", [" 203.0.113.5 ,, "], LOCAL, "203.0.113.5"),
        # No usable peer at all.
        ("", ["203.0.113.5"], LOCAL, "unknown"),
    ],
)
def test_forwarded_client(
    peer: str, forwarded_for: list[str], trusted: tuple, expected: str
) -> None:
    assert forwarded_client(peer, forwarded_for, trusted) == expected


def test_nothing_trusted_means_the_peer_is_the_client() -> None:
    assert forwarded_client("127.0.0.1", ["203.0.113.5"], ()) == "127.0.0.1"


def test_trusted_proxies_and_address_limit_from_environment() -> None:
    defaults = BackendSettings.from_env({})
    assert (
        defaults.trusted_proxies
        == parse_networks("127.0.0.1,::1")
        == BackendSettings().trusted_proxies
    )
    assert (defaults.ratelimit_max_failures, defaults.ratelimit_max_failures_per_address) == (5, 30)
    custom = BackendSettings.from_env(
        {
            "BACKEND_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.10",
            "BACKEND_RATELIMIT_MAX_FAILURES_PER_ADDRESS": "50",
        }
    )
    assert [str(network) for network in custom.trusted_proxies] == ["10.0.0.0/8", "192.168.1.10/32"]
    assert custom.ratelimit_max_failures_per_address == 50
    with pytest.raises(SettingsError, match="BACKEND_TRUSTED_PROXIES"):
        BackendSettings.from_env({"BACKEND_TRUSTED_PROXIES": "localhost"})
    with pytest.raises(SettingsError, match="BACKEND_RATELIMIT_MAX_FAILURES_PER_ADDRESS"):
        BackendSettings.from_env({"BACKEND_RATELIMIT_MAX_FAILURES_PER_ADDRESS": "0"})
