"""The OpenAPI schema documents every operation: its errors, bearer and session security,
the binary exports, typed bodies with examples; the docs page works offline."""

from __future__ import annotations

import json

import pytest

from liaison.api.main import api

SCHEMA = json.loads(json.dumps(api.get_openapi_schema()))  # as served: string keys
OPERATIONS = [(path, method, op) for path, methods in SCHEMA["paths"].items()
              for method, op in methods.items()]
EXPECTED = {
    ("get", "/api/me"), ("get", "/api/projects"), ("get", "/api/projects/{project_id}"),
    ("get", "/api/consultations"), ("get", "/api/consultations/{consultation_id}"),
    ("get", "/api/consultations/{consultation_id}/comments"),
    ("post", "/api/consultations/{consultation_id}/comments"),
    ("get", "/api/consultations/{consultation_id}/comments/mine"),
    ("get", "/api/consultations/{consultation_id}/comments/{comment_id}"),
    ("patch", "/api/consultations/{consultation_id}/comments/{comment_id}"),
    ("get", "/api/consultations/{consultation_id}/comments/export/{fmt}"),
    ("get", "/api/consultations/{consultation_id}/position/export/{fmt}"),
    ("get", "/api/consultations/{consultation_id}/drafts"),
    ("get", "/api/consultations/{consultation_id}/drafts/{draft_id}/positions"),
    ("put", "/api/consultations/{consultation_id}/drafts/{draft_id}/position"),
    ("get", "/api/consultations/{consultation_id}/positions/mine"),
    ("get", "/api/consultations/{consultation_id}/dispositions"),
    ("put", "/api/consultations/{consultation_id}/dispositions/{comment_id}"),
    ("post", "/api/consultations/{consultation_id}/dispositions/bulk"),
    ("post", "/api/consultations/{consultation_id}/dispositions/undo"),
    ("get", "/api/consultations/{consultation_id}/outcome"),
    ("post", "/api/consultations/{consultation_id}/position/finalize"),
    ("post", "/api/consultations/{consultation_id}/position/submit"),
    ("post", "/api/consultations/{consultation_id}/drafts/{draft_id}/override"),
    ("post", "/api/consultations/{consultation_id}/drafts/{draft_id}/withdraw"),
    ("get", "/api/audit/verify"),
}


def test_the_schema_is_served_to_anyone(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "liaison API"


def test_every_operation_is_there():
    assert {(method, path) for path, method, _ in OPERATIONS} == EXPECTED


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS,
                         ids=[f"{m} {p}" for p, m, _ in OPERATIONS])
def test_each_operation_is_documented(path, method, op):
    assert op["summary"] and op["description"], "a summary and a description"
    assert op["operationId"].isidentifier() and len(op["operationId"]) < 40
    responses = op["responses"]
    assert {"401", "403", "422"} <= set(map(str, responses))
    assert any(str(code).startswith("2") for code in responses)
    if "{" in path:
        assert "404" in map(str, responses)
    if method in ("post", "patch", "put"):
        assert {"400", "409"} <= set(map(str, responses))
        assert op["requestBody"]["required"] is True
    assert op["security"] == [{"TokenAuth": []}, {"SessionAuth": []}]
    for param in op.get("parameters", []):
        if param["in"] == "path" and param["schema"].get("type") == "integer":
            assert param["schema"]["minimum"] == 1 and param["schema"]["maximum"] == 2**63 - 1


def test_security_schemes():
    schemes = SCHEMA["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionAuth"]["in"] == "cookie"


@pytest.mark.parametrize("path", ["/api/consultations/{consultation_id}/comments/export/{fmt}",
                                  "/api/consultations/{consultation_id}/position/export/{fmt}"])
def test_exports_are_documented_as_binary(path):
    ok = SCHEMA["paths"][path]["get"]["responses"]["200"]
    assert set(ok["content"]) == {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    assert all(c["schema"] == {"type": "string", "format": "binary"}
               for c in ok["content"].values())


def test_bodies_are_typed_with_examples():
    schemas = SCHEMA["components"]["schemas"]
    comment_in = schemas["CommentIn"]["properties"]
    assert comment_in["type"]["enum"] == ["ge", "te", "ed", ""]
    assert comment_in["clause"]["maxLength"] == 250
    assert comment_in["comment"]["examples"]
    assert schemas["CommentIn"]["required"] == ["comment"]
    assert "version" in schemas["CommentPatch"]["required"]
    assert schemas["Error"]["properties"]["errors"]["items"]["$ref"].endswith("FieldError")
    assert "current" in schemas["CommentConflictOut"]["properties"]


def test_the_docs_page_uses_our_own_static_files(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "<script>" not in html
