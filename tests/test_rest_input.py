"""Input hardening of the REST channel (pure functions; the e2e test covers the server)."""

from __future__ import annotations

import json

import pytest

from connectors.rest import RequestError, neutralise_shortcut, offered_payloads, parse_request
from connectors.session import SessionSigner

TENANTS = {"soest", "lippstadt"}


def _parse(body: object, raw: bytes | None = None) -> dict:
    raw = raw if raw is not None else json.dumps(body).encode()
    return parse_request(raw, 1000, TENANTS, max_metadata_bytes=2048)


def test_valid_request_is_returned_unchanged() -> None:
    parsed = _parse({"sender": "a", "message": "Hallo", "metadata": {"tenant": "lippstadt"}})
    assert parsed == {"sender": "a", "message": "Hallo", "metadata": {"tenant": "lippstadt"}}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "Body must be a JSON object"),
        (b"{nope", "Body must be a JSON object"),
        (b"\xff\xfe", "Body must be a JSON object"),
        (b"null", "not NoneType"),
        (b"[1, 2]", "not list"),
        (b'"Hallo"', "not str"),
        (b'{"message": "Hallo"}', "'sender' must be"),
        (b'{"sender": 5, "message": "Hallo"}', "'sender' must be"),
        (b'{"sender": "a", "message": ["Hallo"]}', "'message' must be"),
        (b'{"sender": "a", "message": "   "}', "'message' must be"),
        (b'{"sender": "a", "message": "x", "metadata": [1]}', "'metadata' must be"),
        (b'{"sender": "a", "message": "x", "metadata": {"tenant": "koeln"}}', "Unknown tenant"),
        (b'{"sender": "a", "message": "x", "metadata": {"tenant": 3}}', "Unknown tenant"),
    ],
)
def test_malformed_requests_are_client_errors(raw: bytes, message: str) -> None:
    with pytest.raises(RequestError, match=message) as caught:
        _parse(None, raw)
    assert caught.value.status == 400


@pytest.mark.parametrize(
    "sender",
    ["anna", "portal:4711", "buerger@example.de", "e2e_a-1.b", "x" * 128],
)
def test_senders_of_the_safe_character_set_pass(sender: str) -> None:
    assert _parse({"sender": sender, "message": "Hallo"})["sender"] == sender


@pytest.mark.parametrize(
    "sender",
    ["x" * 129, "anna müller", "a/b", "a\nb", "a\u0000", "<script>", "a b", "ä", "a%2f"],
)
def test_senders_outside_the_safe_character_set_are_refused(sender: str) -> None:
    with pytest.raises(RequestError, match="'sender' must be") as caught:
        _parse({"sender": sender, "message": "Hallo"})
    assert caught.value.status == 400


def test_a_webchat_conversation_or_session_id_is_no_rest_sender() -> None:
    # Whoever learns a web-chat conversation id (logs, tracker store, admin review) must not be
    # able to write into that conversation over REST, nor read its answers.
    session_id = SessionSigner(b"s" * 32).issue()
    for sender in (session_id, session_id.split(".")[0]):
        with pytest.raises(RequestError, match="web-chat") as caught:
            _parse({"sender": sender, "message": "Hallo"})
        assert caught.value.status == 400


def test_metadata_is_limited_in_size() -> None:
    fits = {"tenant": "soest", "page": "x" * 2000}
    assert len(json.dumps(fits, separators=(",", ":"))) <= 2048
    assert _parse({"sender": "a", "message": "x", "metadata": fits})["metadata"] == fits
    for metadata in ({"page": "x" * 2048}, {"a": ["ä" * 1100]}):
        with pytest.raises(RequestError, match="'metadata'") as caught:
            _parse({"sender": "a", "message": "x", "metadata": metadata})
        assert caught.value.status == 413
    # Megabytes are refused before they are parsed.
    with pytest.raises(RequestError, match="Body too large") as caught:
        _parse({"sender": "a", "message": "x", "metadata": {"blob": "x" * 5_000_000}})
    assert caught.value.status == 413


def test_oversized_message_is_refused_with_413() -> None:
    with pytest.raises(RequestError, match="zu lang") as caught:
        _parse({"sender": "a", "message": "x" * 1001})
    assert caught.value.status == 413
    assert _parse({"sender": "a", "message": "x" * 1000})["message"] == "x" * 1000


def test_shortcut_syntax_typed_by_a_citizen_is_neutralised() -> None:
    assert neutralise_shortcut('/greet{"tenant": "x"}', set()) == 'greet{"tenant": "x"}'
    assert neutralise_shortcut("  //help", set()) == "help"
    assert neutralise_shortcut("/", set()) == "?"
    assert neutralise_shortcut("Hallo /x", set()) == "Hallo /x"


def test_payload_of_a_button_just_offered_passes() -> None:
    events = [
        {"event": "user", "text": "hi"},
        {
            "event": "bot",
            "text": "Ok?",
            "data": {"buttons": [{"title": "Ja", "payload": "/affirm"}]},
        },
    ]
    payloads = offered_payloads(events)
    assert payloads == {"/affirm"}
    assert neutralise_shortcut("/affirm", payloads) == "/affirm"
    assert neutralise_shortcut('/affirm{"x": 1}', payloads) == 'affirm{"x": 1}'


def test_buttons_from_before_the_last_user_message_do_not_count() -> None:
    events = [
        {"event": "bot", "data": {"buttons": [{"title": "Ja", "payload": "/affirm"}]}},
        {"event": "user", "text": "nein"},
        {"event": "bot", "text": "Gut."},
    ]
    assert offered_payloads(events) == set()
