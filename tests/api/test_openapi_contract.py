"""The OpenAPI document describes what the API really answers (文档与实际响应一致).

Every analysis's real answers on the crafted graph (the parity cases) are validated against
the response schema its operation documents; error answers against the one error schema;
every operation has a Chinese summary and description, an example and its errors documented.
"""

from __future__ import annotations

import re
from typing import Any

import jsonschema_rs
import pytest
from fastapi.testclient import TestClient

from tests.api.test_cli_api_parity import BAD_INPUT, CASES, Params

CHINESE = re.compile(r"[\u4e00-\u9fff]")
METHODS = ("get", "post", "put", "delete", "patch")


@pytest.fixture(scope="module")
def spec(client: TestClient) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/openapi.json").json()
    return document


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def validator(spec: dict[str, Any], schema: dict[str, Any]) -> Any:
    return jsonschema_rs.Draft202012Validator({**schema, "components": spec["components"]})


def response_schema(spec: dict[str, Any], path: str, status: int, method: str = "get") -> dict[str, Any]:
    documented = spec["paths"][path][method]["responses"][str(status)]
    schema: dict[str, Any] = documented["content"]["application/json"]["schema"]
    return schema


def template_of(spec: dict[str, Any], path: str) -> str:
    """The documented path template a concrete path answers to (``/api/chains/tc`` -> ``{chain}``)."""
    for template in spec["paths"]:
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            return template
    raise AssertionError(f"{path} is not documented")


def test_every_operation_is_documented_in_chinese_with_its_errors(spec: dict[str, Any]) -> None:
    found = operations(spec)
    assert len(found) >= 16
    for path, method, operation in found:
        where = f"{method.upper()} {path}"
        assert CHINESE.search(operation.get("summary", "")), f"{where}: no Chinese summary"
        assert CHINESE.search(operation.get("description", "")), f"{where}: no Chinese description"
        errors = {int(s) for s in operation["responses"] if s.startswith(("4", "5"))}
        assert errors, f"{where}: no error documented"
        for status in errors:
            body = operation["responses"][str(status)]["content"]["application/json"]
            assert body["schema"]["$ref"].rsplit("/", 1)[-1] in {"ErrorBody", "IngestFailure"}, where
            assert "example" in body, f"{where}: {status} has no example"
        if "{" in path:
            assert 404 in errors, f"{where}: a lookup by key must document 404"


def test_every_operation_has_an_example(spec: dict[str, Any]) -> None:
    for path, method, operation in operations(spec):
        parameters = operation.get("parameters", [])
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        if "$ref" in body.get("schema", {}):
            body = spec["components"]["schemas"][body["schema"]["$ref"].rsplit("/", 1)[-1]]
        has_example = any("examples" in p.get("schema", {}) or "example" in p for p in parameters)
        has_example = has_example or "examples" in body or "example" in body
        if parameters or body:
            assert has_example, f"{method.upper()} {path}: no example of a request"


def test_analysis_results_are_typed(spec: dict[str, Any]) -> None:
    """The envelope's ``result`` has a schema of its own per analysis, not a bare object."""
    for path in ("/api/gaps", "/api/pools", "/api/kpis", "/api/sleeping", "/api/high-value"):
        ref = response_schema(spec, path, 200)["$ref"].rsplit("/", 1)[-1]
        result = spec["components"]["schemas"][ref]["properties"]["result"]
        assert "$ref" in result or "items" in result, f"{path}: result is untyped"
    for path in ("/api/patents/{pub_no}", "/api/holders/{key}", "/api/subgraph", "/health"):
        assert "$ref" in response_schema(spec, path, 200), path


@pytest.mark.parametrize(
    ("command", "path", "params"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_real_answers_match_the_documented_schema(
    client: TestClient, spec: dict[str, Any], command: str, path: str, params: Params
) -> None:
    query = [p for p in params if not (path.startswith("/api/chains/") and p[0] == "chain")]
    response = client.get(path, params=query)
    assert response.status_code == 200, response.text
    check = validator(spec, response_schema(spec, template_of(spec, path), 200))
    errors = [f"{e.instance_path}: {e.message[:200]}" for e in check.iter_errors(response.json())]
    assert not errors, errors[:5]


def test_lookups_and_collaborators_match_the_documented_schema(
    client: TestClient, spec: dict[str, Any]
) -> None:
    answers = [
        ("/api/collaborators", "post", client.post("/api/collaborators", json={"need": "固态电解质"})),
        ("/health", "get", client.get("/health")),
        ("/api/holders/{key}", "get", client.get("/api/holders/scu")),
        ("/api/subgraph", "get", client.get("/api/subgraph", params={"label": "Holder", "key": "scu"})),
    ]
    pub_no = client.get("/api/sleeping", params={"limit": 1}).json()["result"]["patents"][0]["pub_no"]
    answers.append(("/api/patents/{pub_no}", "get", client.get(f"/api/patents/{pub_no}")))
    for path, method, response in answers:
        assert response.status_code == 200, (path, response.text)
        check = validator(spec, response_schema(spec, path, 200, method))
        assert not [e.message for e in check.iter_errors(response.json())], path


@pytest.mark.parametrize(
    ("command", "path", "params", "message"), BAD_INPUT, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD_INPUT)]
)
def test_error_answers_match_the_error_schema(
    client: TestClient, spec: dict[str, Any], command: str, path: str, params: Params, message: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    check = validator(spec, response_schema(spec, template_of(spec, path), 422))
    assert not [e.message for e in check.iter_errors(response.json())]


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/patents/CN000000000X", 404),
        ("get", "/api/holders/nobody", 404),
        ("get", "/api/chains/nope", 404),
        ("get", "/api/subgraph?label=Holder&key=nobody", 404),
        ("get", "/api/nosuch", 404),
        ("delete", "/api/gaps", 405),
        ("get", "/api/subgraph?label=Alien&key=x", 422),
        ("post", "/api/ingest", 401),  # the API tests' app has a token: no header is a 401
    ],
)
def test_http_errors_have_the_one_error_shape(client: TestClient, method: str, url: str, status: int) -> None:
    response = client.request(method, url)
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) <= {"detail", "error", "errors"}
    assert isinstance(body["detail"], str) and CHINESE.search(body["detail"]), body
    assert isinstance(body["error"], str)
