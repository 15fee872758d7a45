"""Session ids, origin checks and rate limits of the web-chat channel (no server, no network)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from connectors.session import (
    MessageLimits,
    OriginPolicy,
    RateLimiter,
    SessionSigner,
    is_webchat_id,
    load_secret,
)

SECRET = b"s" * 32


def test_an_issued_session_id_verifies_to_its_conversation_id() -> None:
    signer = SessionSigner(SECRET)
    session_id = signer.issue()
    conversation_id = signer.verify(session_id)
    assert conversation_id is not None and session_id.startswith(conversation_id + ".")
    assert len(conversation_id) == 22  # 128 random bits, URL-safe


def test_issued_ids_differ() -> None:
    signer = SessionSigner(SECRET)
    assert len({signer.issue() for _ in range(100)}) == 100


@pytest.mark.parametrize(
    "mangle",
    [
        lambda sid: sid.split(".")[0],  # the bare conversation id, as the tracker store shows it
        lambda sid: sid[:-1] + ("A" if sid[-1] != "A" else "B"),  # one character of the signature
        lambda sid: ("y" if sid[0] == "x" else "x") + sid[1:],  # another id, the old signature
        lambda sid: sid + ".extra",
        lambda sid: "",
        lambda sid: None,
        lambda sid: 42,
        lambda sid: {"session_id": sid},
        lambda sid: (
            sid.split(".")[0] + "." + "ä" * 43
        ),  # non-ASCII: compare_digest raises TypeError
        lambda sid: sid.split(".")[0] + ".\u00e9",
        lambda sid: sid + "\n",
        lambda sid: "ä" * 22 + "." + sid.split(".")[1],
    ],
)
def test_a_forged_or_mangled_session_id_is_refused(mangle) -> None:  # type: ignore[no-untyped-def]
    signer = SessionSigner(SECRET)
    assert signer.verify(mangle(signer.issue())) is None


def test_webchat_ids_are_recognised_in_any_form() -> None:
    session_id = SessionSigner(SECRET).issue()
    conversation_id = session_id.split(".")[0]
    for value in (session_id, conversation_id, conversation_id + ".forged", session_id + "x"):
        assert is_webchat_id(value), value
    for value in ("anna", "e2e-privacy", "portal:4711", "a" * 21, "a" * 23, "a" * 23 + ".b"):
        assert not is_webchat_id(value), value


def test_an_id_signed_with_another_secret_is_refused() -> None:
    assert SessionSigner(SECRET).verify(SessionSigner(b"t" * 32).issue()) is None


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(ValueError):
        SessionSigner(b"short")


def test_secret_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NRWBOT_SESSION_SECRET", "e" * 40)
    assert load_secret(tmp_path) == b"e" * 40
    assert not (tmp_path / "session-secret").exists()


def test_a_short_secret_in_the_environment_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("NRWBOT_SESSION_SECRET", "too-short")
    with pytest.raises(ValueError, match="NRWBOT_SESSION_SECRET"):
        load_secret(tmp_path)


def test_without_the_variable_a_private_secret_file_is_generated_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("NRWBOT_SESSION_SECRET", raising=False)
    first = load_secret(tmp_path / "var")
    assert len(first) >= 32 and load_secret(tmp_path / "var") == first
    mode = (tmp_path / "var" / "session-secret").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


POLICY = OriginPolicy(
    {"soest": ["https://www.soest.de"], "lippstadt": ["https://www.lippstadt.de/"]},
    local_tenants=["soest", "unknown"],
)


@pytest.mark.parametrize(
    ("origin", "tenant", "allowed"),
    [
        ("https://www.soest.de", "soest", True),
        ("HTTPS://WWW.SOEST.DE/", "soest", True),  # case and a trailing slash
        ("https://www.lippstadt.de", "lippstadt", True),
        ("https://www.lippstadt.de", "soest", False),  # another municipality's page
        ("https://www.soest.de.evil.example", "soest", False),
        ("http://www.soest.de", "soest", False),  # scheme matters
        ("http://localhost:8080", "soest", True),  # demo tenant
        ("http://127.0.0.1:5005", "soest", True),
        ("http://localhost:8080", "lippstadt", False),  # not a demo tenant
        ("http://localhost.evil.example", "soest", False),
        ("https://localhost:8080", "soest", False),
        ("http://localhost:8080", "unknown", False),  # a demo tenant without a tenant file
        (None, "soest", True),  # no Origin header: not a cross-site browser page
        (None, "gotham", False),
    ],
)
def test_origin_policy(origin: str | None, tenant: str, allowed: bool) -> None:
    assert POLICY.allows(origin, tenant) is allowed


def test_a_socket_may_open_from_an_origin_allowed_for_any_tenant() -> None:
    assert POLICY.allows_any("https://www.lippstadt.de")
    assert POLICY.allows_any("http://localhost:1234")
    assert not POLICY.allows_any("https://evil.example")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_allows_the_limit_then_refuses_until_the_window_moves_on() -> None:
    clock = FakeClock()
    limiter = RateLimiter(20, 60.0, clock)
    assert all(limiter.allow("a") for _ in range(20))
    assert not limiter.allow("a")
    assert limiter.allow("b"), "another conversation has its own budget"
    clock.now += 59.9
    assert not limiter.allow("a")
    clock.now += 0.2
    assert limiter.allow("a")


def test_refused_messages_do_not_use_up_the_budget() -> None:
    clock = FakeClock()
    limiter = RateLimiter(2, 60.0, clock)
    limiter.allow("a"), limiter.allow("a")
    for _ in range(50):
        limiter.allow("a")
    clock.now += 60.1
    assert limiter.allow("a") and limiter.allow("a") and not limiter.allow("a")


def test_message_limits_count_per_sender_and_per_address() -> None:
    clock = FakeClock()
    limits = MessageLimits(per_sender=3, per_address=5, window=60.0, clock=clock)
    assert all(limits.allow("a", "198.51.100.1") for _ in range(3))
    assert not limits.allow("a", "198.51.100.1"), "the sender's own budget"
    # New senders from the same address (a fresh web-chat session, a made-up REST sender) share
    # the address's budget ...
    assert limits.allow("b", "198.51.100.1") and limits.allow("c", "198.51.100.1")
    assert not limits.allow("d", "198.51.100.1")
    # ... and a sender over its own limit did not use up the address's budget.
    assert limits.allow("e", "198.51.100.2")
    clock.now += 60.1
    assert limits.allow("d", "198.51.100.1")
