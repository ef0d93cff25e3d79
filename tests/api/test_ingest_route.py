"""POST /api/ingest: bearer-token auth, the streaming size limit, and a real small export."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from graph.models import PatentBatch
from graph.stores.embedded.store import EmbeddedStore
from tests.api.conftest import TOKEN, api_settings
from tests.paths import SCHEMA_FIXTURE

FIXTURE = SCHEMA_FIXTURE
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BOUNDARY = "patentnav-test-boundary"


@pytest.fixture()
def ingest_client(tmp_path: Path) -> Iterator[TestClient]:
    store = EmbeddedStore(":memory:")
    app = create_app(api_settings(tmp_path, max_upload_bytes=200_000), store=store)
    with TestClient(app) as test_client:
        yield test_client
    store.close()


def _upload(name: str, content: bytes) -> dict[str, tuple[str, bytes, str]]:
    return {"file": (name, content, "application/octet-stream")}


def test_requires_a_token(ingest_client: TestClient) -> None:
    files = _upload("patents.csv", FIXTURE.read_bytes())
    missing = ingest_client.post("/api/ingest", files=files)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = ingest_client.post("/api/ingest", files=files, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert ingest_client.get("/health").json()["nodes"]["Patent"] == 0


def test_writes_are_closed_without_a_configured_token(tmp_path: Path) -> None:
    store = EmbeddedStore(":memory:")
    app = create_app(api_settings(tmp_path, api_token=None), store=store)
    with TestClient(app) as test_client:
        response = test_client.post("/api/ingest", files=_upload("p.csv", b"x"), headers=AUTH)
    store.close()
    assert response.status_code == 403
    assert "PATENTNAV_API_TOKEN" in response.json()["detail"]


def test_loads_a_real_export_and_reconciles(ingest_client: TestClient) -> None:
    response = ingest_client.post(
        "/api/ingest", files=_upload("patents_10.csv", FIXTURE.read_bytes()), headers=AUTH
    )
    assert response.status_code == 200, response.text
    receipt = response.json()
    assert receipt["filename"] == "patents_10.csv"
    assert receipt["status"] == "loaded"
    assert receipt["read"] == 10
    assert receipt["read"] == receipt["loaded"] + receipt["duplicates"] + receipt["rejected"]
    assert receipt["reconciled"] is True
    assert receipt["loaded"] >= 1
    assert receipt["quarantine"]["rows"] == receipt["rejected"]
    assert ingest_client.get("/health").json()["nodes"]["Patent"] == receipt["loaded"]
    # the same file again: already completed, nothing new written
    again = ingest_client.post(
        "/api/ingest", files=_upload("patents_10.csv", FIXTURE.read_bytes()), headers=AUTH
    )
    assert again.status_code == 200
    assert again.json()["status"] == "skipped"
    assert again.json()["loaded"] == 0
    assert ingest_client.get("/health").json()["nodes"]["Patent"] == receipt["loaded"]


def test_rejected_rows_are_summarised(ingest_client: TestClient) -> None:
    rows = list(csv.reader(io.StringIO(FIXTURE.read_text(encoding="utf-8"))))
    header, good, broken = rows[0], rows[1], list(rows[2])
    broken[header.index("公开号")] = ""  # no publication number: the row cannot be keyed
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, good, broken])
    content = buffer.getvalue()
    response = ingest_client.post(
        "/api/ingest", params={"nlp": False}, files=_upload("mixed.csv", content.encode()), headers=AUTH
    )
    assert response.status_code == 200, response.text
    receipt = response.json()
    assert (receipt["read"], receipt["rejected"]) == (2, 1)
    assert receipt["quarantine"]["rows"] == 1
    assert sum(receipt["quarantine"]["by_field"].values()) == 1
    assert receipt["quarantine"]["examples"][0]["row"] >= 2
    assert receipt["quarantine"]["file"].endswith(".jsonl")


def test_dry_run_writes_nothing(ingest_client: TestClient) -> None:
    response = ingest_client.post(
        "/api/ingest", params={"dry_run": True}, files=_upload("p.csv", FIXTURE.read_bytes()), headers=AUTH
    )
    assert response.status_code == 200
    assert response.json()["status"] == "dry_run"
    assert response.json()["read"] == 10
    assert ingest_client.get("/health").json()["nodes"]["Patent"] == 0


def test_too_large_by_declared_length(ingest_client: TestClient) -> None:
    response = ingest_client.post("/api/ingest", files=_upload("big.csv", b"a" * 400_000), headers=AUTH)
    assert response.status_code == 413
    assert "超过大小上限" in response.json()["detail"]


def test_too_large_while_streaming(ingest_client: TestClient) -> None:
    """A chunked body (no Content-Length) is cut off once the file passes the limit."""
    sent: list[int] = []

    def body() -> Iterator[bytes]:
        yield (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        for _ in range(40):
            sent.append(1)
            yield b"b" * 10_000
        yield f"\r\n--{BOUNDARY}--\r\n".encode()

    headers = {**AUTH, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    response = ingest_client.post("/api/ingest", content=body(), headers=headers)
    assert response.status_code == 413
    assert ingest_client.get("/health").json()["nodes"]["Patent"] == 0


def test_bad_uploads(ingest_client: TestClient) -> None:
    wrong_type = ingest_client.post("/api/ingest", files=_upload("patents.pdf", b"%PDF"), headers=AUTH)
    assert wrong_type.status_code == 422
    assert "不支持的文件类型" in wrong_type.json()["detail"]
    not_multipart = ingest_client.post(
        "/api/ingest", content=b"a,b\n", headers={**AUTH, "Content-Type": "text/csv"}
    )
    assert not_multipart.status_code == 415
    no_file = ingest_client.post("/api/ingest", data={"other": "x"}, files=_upload("", b""), headers=AUTH)
    assert no_file.status_code == 422
    headerless = ingest_client.post(
        "/api/ingest", files=_upload("empty.csv", b"foo,bar\n1,2\n"), headers=AUTH
    )
    assert headerless.status_code == 422
    assert "empty.csv" in headerless.json()["detail"]
    assert headerless.json()["report"]["status"] == "failed"


def test_empty_token_setting_refuses_writes_without_a_header(tmp_path: Path) -> None:
    # PATENTNAV_API_TOKEN='' in the environment: no header at all must not match an empty token.
    store = EmbeddedStore(":memory:")
    app = create_app(api_settings(tmp_path, api_token=SecretStr("")), store=store)
    with TestClient(app) as test_client:
        response = test_client.post("/api/ingest", files=_upload("p.csv", SCHEMA_FIXTURE.read_bytes()))
    loaded = store.stats().nodes.get("Patent", 0)
    store.close()
    assert response.status_code == 403
    assert loaded == 0


class FailingWriteStore(EmbeddedStore):
    """A real embedded store whose patent writes fail for good (a full disk, say)."""

    def upsert_patents(self, batch: PatentBatch) -> None:
        raise sqlite3.OperationalError("database or disk is full")


def test_a_store_that_fails_during_the_ingest_is_a_503_naming_the_upload(tmp_path: Path) -> None:
    store = FailingWriteStore(":memory:")
    app = create_app(api_settings(tmp_path), store=store)
    with TestClient(app) as test_client:
        response = test_client.post(
            "/api/ingest", params={"nlp": False}, files=_upload("patents_10.csv", FIXTURE.read_bytes()),
            headers=AUTH,
        )  # fmt: skip
    store.close()
    assert response.status_code == 503, response.text
    detail = response.json()["detail"]
    assert "patents_10.csv" in detail and "database or disk is full" in detail
    assert "patentnav-upload-" not in detail  # the temporary path is not shown
    assert response.json()["report"]["status"] == "failed"
