"""Input hardening of the REST channel (pure functions; the e2e test covers the server)."""

from __future__ import annotations

import json

import pytest

from connectors.rest import RequestError, neutralise_shortcut, offered_payloads, parse_request

TENANTS = {"soest", "lippstadt"}


def _parse(body: object, raw: bytes | None = None) -> dict:
    return parse_request(raw if raw is not None else json.dumps(body).encode(), 1000, TENANTS)


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
