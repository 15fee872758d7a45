"""Health, OpenAPI document, docs page, error format for unknown routes, optional API token."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from sanic import Sanic

from backend.__main__ import build_parser
from backend.settings import BackendSettings

# Keywords an OpenAPI 3.0 Schema Object may contain (a JSON Schema subset plus extensions).
OAS30_SCHEMA_KEYS = {
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
    "$ref",
}
OAS30_TYPES = {"string", "number", "integer", "boolean", "array", "object"}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def schema_problems(schema: Any, where: str) -> list[str]:
    """Places where a schema is not a valid OpenAPI 3.0 Schema Object."""
    if not isinstance(schema, dict):
        return [f"{where}: not an object"]
    problems = [f"{where}: unknown keyword {key}" for key in set(schema) - OAS30_SCHEMA_KEYS]
    if "$ref" in schema and len(schema) > 1:
        problems.append(f"{where}: $ref with siblings")
    if "type" in schema and schema["type"] not in OAS30_TYPES:
        problems.append(f"{where}: type {schema['type']!r}")
    if schema.get("type") == "array" and "items" not in schema:
        problems.append(f"{where}: array without items")
    for key in ("exclusiveMinimum", "exclusiveMaximum", "nullable"):
        if key in schema and not isinstance(schema[key], bool):
            problems.append(f"{where}: {key} must be boolean in 3.0")
    if "required" in schema and not set(schema["required"]) <= set(schema.get("properties", {})):
        problems.append(f"{where}: required names an undefined property")
    for name, sub in schema.get("properties", {}).items():
        problems += schema_problems(sub, f"{where}.{name}")
    if isinstance(schema.get("items"), dict):
        problems += schema_problems(schema["items"], f"{where}[]")
    if isinstance(schema.get("additionalProperties"), dict):
        problems += schema_problems(schema["additionalProperties"], f"{where}{{}}")
    for key in ("allOf", "oneOf", "anyOf"):
        for index, sub in enumerate(schema.get(key, [])):
            problems += schema_problems(sub, f"{where}.{key}[{index}]")
    return problems


def refs(node: Any) -> list[str]:
    """Every $ref value in a document."""
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in refs(value)]
    return []


def openapi_problems(doc: dict[str, Any]) -> list[str]:
    """Structural problems of an OpenAPI 3.0 document (what openapi-spec-validator checks most)."""
    problems = []
    if not re.fullmatch(r"3\.0\.\d+", str(doc.get("openapi"))):
        problems.append("openapi must be 3.0.x")
    if not isinstance(doc.get("info", {}).get("title"), str) or "version" not in doc["info"]:
        problems.append("info needs title and version")
    for ref in refs(doc):
        node: Any = doc
        for part in ref.removeprefix("#/").split("/"):
            node = node.get(part) if isinstance(node, dict) else None
        if not ref.startswith("#/") or node is None:
            problems.append(f"unresolved $ref {ref}")
    for name, schema in doc["components"]["schemas"].items():
        problems += schema_problems(schema, name)
    for path, operations in doc["paths"].items():
        templated = set(re.findall(r"{(\w+)}", path))
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            if method not in HTTP_METHODS:
                problems.append(f"{where}: not an HTTP method")
            declared = {
                p["name"]
                for p in operation.get("parameters", [])
                if p["in"] == "path" and p["required"]
            }
            if declared != templated:
                problems.append(f"{where}: path parameters {declared} != {templated}")
            for parameter in operation.get("parameters", []):
                problems += schema_problems(parameter["schema"], f"{where} ?{parameter['name']}")
            if not operation.get("responses"):
                problems.append(f"{where}: no responses")
            for status, response in operation["responses"].items():
                if not re.fullmatch(r"[1-5]\d\d", status):
                    problems.append(f"{where}: status {status}")
                if "$ref" not in response and "description" not in response:
                    problems.append(f"{where} {status}: no description")
    return problems


async def test_health(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_openapi_document_is_valid_and_covers_every_route(
    client: httpx.AsyncClient, app: Sanic
) -> None:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert openapi_problems(doc) == []
    documented = {(method.upper(), path) for path, ops in doc["paths"].items() for method in ops}
    served = {
        (method, "/" + re.sub(r"<(\w+)(:\w+)?>", r"{\1}", route.path))
        for route in app.router.routes
        for method in route.methods
        if route.path.startswith("api/")
    }
    assert served, "no API routes found"
    assert served <= documented


def test_openapi_checker_catches_errors() -> None:
    broken = {
        "openapi": "3.1.0",
        "info": {"title": "x", "version": "1"},
        "paths": {
            "/a/{id}": {"get": {"responses": {"200": {"$ref": "#/components/responses/Nope"}}}}
        },
        "components": {"schemas": {"S": {"type": "null", "const": 1}}},
    }
    problems = openapi_problems(broken)
    assert "openapi must be 3.0.x" in problems
    assert any("unresolved $ref" in p for p in problems)
    assert any("unknown keyword const" in p for p in problems)
    assert any("path parameters" in p for p in problems)


async def test_request_models_in_openapi_forbid_unknown_fields(client: httpx.AsyncClient) -> None:
    schemas = (await client.get("/openapi.json")).json()["components"]["schemas"]
    assert schemas["HundeanmeldungIn"]["additionalProperties"] is False
    assert schemas["FundsacheIn"]["properties"]["farbe"]["nullable"] is True
    assert schemas["HundeanmeldungIn"]["properties"]["plz"]["pattern"] == "^[0-9]{5}$"


async def test_docs_page_links_openapi_without_external_resources(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'href="/openapi.json"' in response.text
    assert "/api/v1/ausweisantraege/status" in response.text
    assert "http://" not in response.text and "https://" not in response.text


async def test_unknown_path_and_wrong_method_answer_in_the_error_format(
    client: httpx.AsyncClient,
) -> None:
    missing = await client.get("/api/v1/gibtsnicht")
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found"
    wrong_method = await client.delete("/api/v1/fundsachen")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"] == "method_not_allowed"


async def test_unexpected_error_is_a_generic_500_without_details(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_row: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("backend.resources.fundsachen.public_item", broken)
    response = await client.get("/api/v1/fundsachen/F-2026-00001")
    assert response.status_code == 500
    assert response.json() == {
        "error": "internal_error",
        "message": "Interner Fehler; bitte später erneut versuchen.",
    }
    assert "secret" not in response.text


@pytest.mark.parametrize("settings", [BackendSettings(api_token="geheim-123")])
async def test_api_token_is_required_when_configured(client: httpx.AsyncClient) -> None:
    denied = await client.get("/api/v1/hundesteuer/tarife?gemeinde=soest")
    assert denied.status_code == 401
    assert denied.json()["error"] == "unauthorized"
    assert denied.headers["www-authenticate"] == "Bearer"
    wrong = await client.get(
        "/api/v1/hundesteuer/tarife?gemeinde=soest", headers={"Authorization": "Bearer falsch"}
    )
    assert wrong.status_code == 401
    allowed = await client.get(
        "/api/v1/hundesteuer/tarife?gemeinde=soest", headers={"Authorization": "Bearer geheim-123"}
    )
    assert allowed.status_code == 200
    assert (await client.get("/health")).status_code == 200


@pytest.mark.parametrize("settings", [BackendSettings(api_token="geheim-123")])
async def test_api_token_scheme_is_case_insensitive_and_everything_but_docs_needs_it(
    client: httpx.AsyncClient,
) -> None:
    # RFC 9110: the auth scheme is case-insensitive.
    for scheme in ("bearer", "BEARER"):
        response = await client.get(
            "/api/v1/hundesteuer/tarife?gemeinde=soest",
            headers={"Authorization": f"{scheme} geheim-123"},
        )
        assert response.status_code == 200, scheme
    for wrong in ("geheim-123", "Basic geheim-123", "Bearer geheim-1234", "Bearer geheim-12"):
        response = await client.get(
            "/api/v1/hundesteuer/tarife?gemeinde=soest", headers={"Authorization": wrong}
        )
        assert response.status_code == 401, wrong
    # Deny by default: a path outside the public three is not even told apart from a real one.
    assert (await client.get("/gibtsnicht")).status_code == 401
    assert (await client.get("//api/v1/hundesteuer/tarife")).status_code == 401
    for public in ("/health", "/openapi.json", "/docs"):
        assert (await client.get(public)).status_code == 200, public


def test_server_binds_to_loopback_by_default() -> None:
    assert build_parser().parse_args([]).host == "127.0.0.1"
