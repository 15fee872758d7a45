"""Building blocks of the request models (pydantic v1): strict types, lengths and formats.

Checks that need "today" (no future dates, sensible ranges) live in each model's `problems`
method, so the clock stays injectable; `parse` runs both and raises one 400 with all details.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, Extra, ValidationError, constr, validator
from pydantic.fields import ModelField

from backend.web import validation_error

Problem = dict[str, str]
# Lone surrogates cannot be encoded as UTF-8 at all, so no database can store them.
_SURROGATES = re.compile("[\ud800-\udfff]")
# C0 and C1 controls except "\n", and DEL. A single-line field (a name, an address) must not
# break a letter's layout or a log line; only multi-line free text may hold "\n", and no text
# the Unicode line and paragraph separators that some viewers render as breaks.
_CONTROL_CHARACTERS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_SEPARATORS = re.compile("[\u2028\u2029]")
# Bidi embeddings, overrides and isolates, and the invisible direction marks: they make a text
# display differently from what is stored ("Trojan Source"), e.g. a name that reads as another.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class IsoDate(date):
    """A calendar date written exactly as YYYY-MM-DD, from 1900 on."""

    @classmethod
    def __get_validators__(cls):  # type: ignore[no-untyped-def]
        yield cls.validate

    @classmethod
    def __modify_schema__(cls, field_schema: dict[str, Any]) -> None:
        field_schema.update(type="string", format="date", example="2026-11-02")

    @classmethod
    def validate(cls, value: object) -> date:
        """Accept only an ISO date string naming a real day."""
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise ValueError("must be a date in the form YYYY-MM-DD")
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise ValueError("is not a real calendar date") from None
        if parsed.year < 1900:
            raise ValueError("must not be before 1900")
        return parsed


def code_type(pattern: str, example: str) -> type[str]:
    """A string type for identifiers: stripped, upper-cased, then matched against `pattern`."""
    regex = re.compile(pattern)

    class Code(str):
        @classmethod
        def __get_validators__(cls):  # type: ignore[no-untyped-def]
            yield cls.validate

        @classmethod
        def __modify_schema__(cls, field_schema: dict[str, Any]) -> None:
            field_schema.update(type="string", pattern=pattern, example=example)

        @classmethod
        def validate(cls, value: object) -> str:
            if not isinstance(value, str):
                raise TypeError("must be a string")
            normalized = value.strip().upper()
            if not regex.fullmatch(normalized):
                raise ValueError(f"must have the form {example}")
            return normalized

    return Code


class Amount(str):
    """A euro amount as a decimal string such as "85.80" (at most 99999.99)."""

    _regex = re.compile(r"[0-9]{1,5}(\.[0-9]{1,2})?")

    @classmethod
    def __get_validators__(cls):  # type: ignore[no-untyped-def]
        yield cls.validate

    @classmethod
    def __modify_schema__(cls, field_schema: dict[str, Any]) -> None:
        field_schema.update(type="string", pattern=r"^[0-9]{1,5}(\.[0-9]{1,2})?$", example="85.80")

    @classmethod
    def validate(cls, value: object) -> str:
        """Accept a decimal string only (no JSON number: floats are inexact)."""
        if not isinstance(value, str) or not cls._regex.fullmatch(value.strip()):
            raise ValueError('must be a decimal string such as "85.80"')
        return value.strip()


def to_cents(amount: str) -> int:
    """Exact cents of a validated amount string."""
    return int(Decimal(amount) * 100)


def format_cents(cents: int) -> str:
    """Cents as a decimal string with two places, e.g. 8580 -> "85.80"."""
    return f"{cents // 100}.{cents % 100:02d}"


def text(max_length: int, min_length: int = 1, *, multiline: bool = False) -> type[str]:
    """A strict, stripped, non-empty string of bounded length; one line unless `multiline`."""
    base = constr(strict=True, strip_whitespace=True, min_length=min_length, max_length=max_length)
    return type("MultiLineText" if multiline else "Text", (base,), {"multiline": multiline})


def character_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why a text must be refused for the characters it holds, or None if it is fine."""
    if _SURROGATES.search(value):
        return "must not contain unpaired surrogate code points"
    if _CONTROL_CHARACTERS.search(value):
        return "must not contain control characters"
    if not multiline and "\n" in value:
        return "must be a single line"
    if _SEPARATORS.search(value):
        return "must not contain Unicode line or paragraph separators"
    if _BIDI_CONTROLS.search(value):
        return "must not contain bidirectional control characters"
    return None


# A municipality's key, spelt as the bot's tenant ids are (`soest`, `lippstadt`).
Gemeinde = constr(strict=True, regex=r"^[a-z][a-z0-9-]{1,39}$")
Name = text(100)
Kontakt = text(200, min_length=3)
Freitext = text(500, multiline=True)
Kategorie = text(50)
Farbe = text(30)
Ort = text(200)
Plz = code_type(r"^[0-9]{5}$", "59494")
Chipnummer = code_type(r"^[0-9]{15}$", "276098106532195")
Fundnummer = code_type(r"^F-[0-9]{4}-[0-9]{5}$", "F-2026-00061")
# Issued: 8 characters of Crockford's base32 (backend.numbering); read: also the sequential
# form of version 0.1, so dogs registered then can still be de-registered.
Aktenzeichen = code_type(r"^HST-[0-9]{4}-([0-9A-HJKMNP-TV-Z]{8}|[0-9]{5})$", "HST-2026-7K3M9QTX")


class RequestModel(BaseModel):
    """Base of all request bodies: unknown fields and unsafe characters are rejected.

    Every string field is checked by `character_problem`; only fields whose type was built
    with `text(..., multiline=True)` may hold line breaks.
    """

    class Config:
        extra = Extra.forbid

        @staticmethod
        def schema_extra(schema: dict[str, Any], model: type[BaseModel]) -> None:
            # OpenAPI 3.0 spells "may be null" as nullable; pydantic v1 does not emit it.
            for name, field in model.__fields__.items():
                if field.allow_none and name in schema.get("properties", {}):
                    schema["properties"][name]["nullable"] = True
            schema.pop("title", None)

    @validator("*")
    def _safe_characters(cls, value: object, field: ModelField) -> object:
        if isinstance(value, str):
            problem = character_problem(value, multiline=getattr(field.type_, "multiline", False))
            if problem:
                raise ValueError(problem)
        return value

    def problems(self, today: date) -> list[Problem]:
        """Checks that depend on today's date; empty when the request is fine."""
        return []


def not_future(field: str, value: date | None, today: date) -> list[Problem]:
    """A problem if the date lies after today."""
    if value is not None and value > today:
        return [{"field": field, "message": "must not be in the future"}]
    return []


def not_older_than(field: str, value: date | None, today: date, days: int) -> list[Problem]:
    """A problem if the date lies more than `days` days before today."""
    if value is not None and value < today - timedelta(days=days):
        return [{"field": field, "message": f"must not be more than {days} days in the past"}]
    return []


ModelT = TypeVar("ModelT", bound=RequestModel)


def parse(model: type[ModelT], data: Any, today: date) -> ModelT:
    """Validate `data` against `model` and its date checks.

    Raises:
        ApiError: 400 `validation_error` listing every field problem.
    """
    try:
        parsed = model.parse_obj(data)
    except ValidationError as exc:
        raise validation_error(
            [{"field": _field(error["loc"]), "message": error["msg"]} for error in exc.errors()]
        ) from None
    found = parsed.problems(today)
    if found:
        raise validation_error(found)
    return parsed


def _field(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location if part != "__root__")
