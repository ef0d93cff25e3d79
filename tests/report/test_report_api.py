"""``GET /api/reports/navigation``, the operation-database routes and ``/ui/report`` over the
crafted graph (the PDF is printed in tests/e2e, where Chromium is required)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.app import create_app
from graph.store import GraphStore
from tests.api.conftest import api_settings
from tests.navigation_graphs import crafted_embedded_store

REPORT = "/api/reports/navigation"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store: GraphStore = crafted_embedded_store()
    app = create_app(api_settings(tmp_path_factory.mktemp("report-api")), store=store)
    with TestClient(app) as test_client:
        yield test_client
    store.close()


def test_json_content_and_html_download(client: TestClient) -> None:
    body = client.get(REPORT, params={"region": "22", "chain": "tc", "format": "json"}).json()
    assert body["analysis"] == "navigation_report"
    assert body["result"]["region_name"] == "吉林省" and body["result"]["chains"][0]["chain"] == "tc"
    html = client.get(REPORT, params={"region": "22", "chain": "tc"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "吉林省" in unquote(html.headers["content-disposition"])
    text = html.text
    for section in ("cover", "summary", "scope", "decomposition", "landscape-tc", "position-tc",
                    "weak-tc", "sleeping-tc", "method"):  # fmt: skip
        assert f'id="{section}"' in text, section
    assert "<script src=" not in text and "<link " not in text  # self-contained


def test_xlsx_download(client: TestClient) -> None:
    answer = client.get(REPORT, params={"region": "22", "chain": "tc", "format": "xlsx"})
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(answer.content))
    assert "区域地位" in book.sheetnames


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"region": "22", "chain": "a,b,c,d,e,f"}, 422, "最多 5 条"),
        ({"region": "22", "chain": "nope"}, 422, "产业链不存在"),
        ({"region": "99", "chain": "tc"}, 422, "region"),
        ({"region": "22", "chain": "tc", "format": "doc"}, 422, "format"),
        ({"region": "22"}, 422, "chain"),
    ],
)
def test_bad_parameters_are_refused_in_chinese(
    client: TestClient, params: dict[str, str], status: int, words: str
) -> None:
    answer = client.get(REPORT, params=params)
    assert answer.status_code == status
    assert words in answer.json()["detail"]


def test_operation_db_listing_and_export(client: TestClient, tmp_path: Path) -> None:
    listing = client.get("/api/operation-db", params={"holder_types": "university"}).json()
    assert listing["page"]["total"] == len(listing["result"]["patents"]) > 0
    answer = client.get("/api/operation-db/export", params={"format": "xlsx", "holder_types": "university"})
    assert answer.status_code == 200
    assert "运营库" in unquote(answer.headers["content-disposition"])
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None and sheet.max_row - 1 == listing["page"]["total"]
    refused = client.get("/api/operation-db/export", params={"holder_types": "sme"})
    assert refused.status_code == 422


def test_report_page_lists_the_chains(client: TestClient) -> None:
    page = client.get("/ui/report")
    assert page.status_code == 200
    assert 'name="chain" value="tc"' in page.text and 'action="/ui/report/open"' in page.text
    opened = client.get(
        "/ui/report/open",
        params=[("region", "22"), ("benchmark", ""), ("as_of", ""), ("chain", "tc"), ("format", "xlsx")],
        follow_redirects=False,
    )
    assert opened.status_code == 303
    assert opened.headers["location"] == "/api/reports/navigation?region=22&chain=tc&format=xlsx"
