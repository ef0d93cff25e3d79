"""Request limits and security headers (请求限制与安全响应头), on the real app.

A JSON body is bounded (``settings.max_body_bytes``) and refused with 413 while it streams in,
also when chunked with no declared length (checked over a real socket against uvicorn: the
server answers long before the 200 MiB are sent). Every page, API answer, error and docs page
carries the security headers.
"""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.app import create_app
from api.security_headers import SECURITY_HEADERS
from graph.store import GraphStore
from tests.api.conftest import api_settings

LOCAL_HOST = "127.0.0.1"
MIB = 1024 * 1024


def test_a_declared_oversize_body_is_refused_before_reading(client: TestClient) -> None:
    limit = client.app.state.settings.max_body_bytes  # type: ignore[attr-defined]
    response = client.post("/api/collaborators", json={"need": "电" * limit})
    assert response.status_code == 413
    assert response.json() == {
        "detail": f"请求体超过大小上限 {limit} 字节 (request body too large)",
        "error": "HTTPException",
    }
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_chunked_oversize_body_is_refused_with_the_error_shape(client: TestClient) -> None:
    # the test client reads the whole body before calling the app: "early" is checked over a socket below
    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b"x" * (64 * 1024)

    response = client.post(
        "/api/collaborators", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert "请求体超过大小上限" in response.json()["detail"]


def test_the_upload_route_keeps_its_own_larger_limit(client: TestClient) -> None:
    big = b"x" * (200 * 1024)  # over the JSON limit, far under the upload limit
    response = client.post(
        "/api/ingest",
        params={"dry_run": "true"},
        files={"file": ("patents.csv", big, "text/csv")},
        headers={"Authorization": "Bearer api-test-token-0123456789"},
    )
    assert response.status_code != 413, response.text


@pytest.fixture(scope="module")
def served(crafted_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    app = create_app(api_settings(Path(tmp_path_factory.mktemp("served"))), store=crafted_store)
    with socket.socket() as probe:
        probe.bind((LOCAL_HOST, 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host=LOCAL_HOST, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn-limits", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def _read_response(conn: socket.socket) -> bytes:
    """Headers and the whole body (by content-length): the body may arrive in a later packet."""
    answer = b""
    while True:
        head, sep, body = answer.partition(b"\r\n\r\n")
        if sep:
            length = next(
                (
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ),
                0,
            )
            if len(body) >= length:
                return answer
        try:
            part = conn.recv(65536)
        except (ConnectionResetError, TimeoutError):
            return answer
        if not part:
            return answer
        answer += part


def test_a_200_mib_chunked_body_is_refused_early_over_a_real_socket(served: int) -> None:
    chunk = b"x" * MIB
    sent = 0
    answer = b""
    with socket.create_connection((LOCAL_HOST, served), timeout=10) as conn:
        conn.sendall(
            b"POST /api/collaborators HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        try:
            for _ in range(200):
                if select.select([conn], [], [], 0)[0]:
                    break  # the server has answered
                conn.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the server stopped reading: it has refused the body
        answer = _read_response(conn)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert "请求体超过大小上限".encode() in answer
    print(f"refused after {sent / MIB:.0f} MiB of 200 MiB")
    assert sent <= 32 * MIB, f"{sent / MIB:.0f} MiB sent before the refusal"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/ui/"),
        ("get", "/ui/sleeping?level=D"),
        ("get", "/ui/neighbourhood/graph?label=Holder&key=scu"),
        ("get", "/api/stats"),
        ("get", "/api/sleeping?region=99"),
        ("get", "/api/nosuch"),
        ("get", "/docs"),
        ("get", "/redoc"),
        ("get", "/openapi.json"),
        ("get", "/health"),
        ("post", "/api/ingest"),
    ],
)
def test_every_answer_carries_the_security_headers(client: TestClient, method: str, url: str) -> None:
    response = client.request(method, url)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (url, name)
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]


def test_repeated_parameters_are_capped_before_any_work(client: TestClient) -> None:
    many = [("region", "22")] * 3000
    started = time.perf_counter()
    response = client.get("/api/kpis", params=many)
    assert response.status_code == 422
    assert "参数 region: 最多 50 个值, 收到 3000 个" in response.json()["detail"]
    assert len(response.content) < 1000
    assert time.perf_counter() - started < 2.0
    name = "z" * 10_000
    unknown = client.get("/api/kpis", params=[(name, "1"), (name, "2")])
    assert unknown.status_code == 422
    assert len(unknown.content) < 1000  # a huge parameter name is cut, never echoed whole


def test_a_validation_error_never_echoes_more_than_a_few_dozen_characters(client: TestClient) -> None:
    huge = "x" * 30_000
    for response in (
        client.get("/api/sleeping", params={"as_of": huge}),
        client.get("/api/gaps", params={"chain": huge, "region": "22"}),
        client.post("/api/collaborators", json={"need": "电池", "top_k": huge}),
        client.post("/api/collaborators", json={"need": "电池", huge[:5000]: 1}),
    ):
        assert response.status_code == 422, response.text[:200]
        assert len(response.content) < 1500
        assert "x" * 60 not in response.text
