"""The demand registry, holder lookup and full-text search through the API and the CLI:
the same bytes from both shells, writes only with the bearer token, clear not-found answers."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli_app
from graph.stores.embedded.store import EmbeddedStore
from tests.api.conftest import TOKEN, api_settings
from tests.navigation_graphs import load_crafted_graph

NEED = "我们需要硫化物固态电解质技术, 用于锂电池"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demands") / "graph.sqlite"
    load_crafted_graph(EmbeddedStore(path)).close()
    return path


@pytest.fixture(scope="module")
def api(db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = EmbeddedStore(db)
    with TestClient(create_app(api_settings(tmp_path_factory.mktemp("api")), store=store)) as client:
        yield client
    store.close()


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli_app, [*args, "--store", "embedded", "--db", str(db)])
    return result.exit_code, result.stdout, result.stderr


def test_holder_lookup_answers_alike_by_name(db: Path, api: TestClient) -> None:
    response = api.get("/api/holders", params={"name": "四川大学"})
    assert response.status_code == 200, response.text
    code, out, _ = cli(db, "query", "holder", "四川大学", "--json")
    assert code == 0 and out.encode("utf-8") == response.content + b"\n"
    result = response.json()["result"]
    assert (result["key"], result["type"], result["matched_by"]) == ("scu", "university", "name")
    assert result["region"]["name"] == "四川省成都市"
    assert result["portfolio"]["patents"] > 0


def test_an_unknown_holder_is_not_found_with_the_closest_names(db: Path, api: TestClient) -> None:
    response = api.get("/api/holders", params={"name": "四川大"})
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert "未找到权利人「四川大」" in detail and "四川大学" in detail
    code, _, err = cli(db, "query", "holder", "四川大", "--json")
    assert code == 2 and err.strip() == detail


def test_search_answers_alike_with_filters_and_totals(db: Path, api: TestClient) -> None:
    params = {"q": "硫化物锂电池", "legal_status": "valid,pending", "limit": "2"}
    response = api.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["page"]["total"] >= len(body["result"]["patents"]) > 0
    assert all(p["validity"] in ("valid", "pending") for p in body["result"]["patents"])
    code, out, _ = cli(
        db, "search", "硫化物锂电池", "--legal-status", "valid,pending", "--limit", "2", "--json"
    )
    assert code == 0 and out.encode("utf-8") == response.content + b"\n"
    bad = api.get("/api/search", params={"q": "电池", "legal_status": "alive"})
    assert bad.status_code == 422 and "legal_status" in bad.json()["detail"]


def test_demand_writes_need_the_token(api: TestClient) -> None:
    body = {"need": NEED, "sme": "长春锂能科技有限公司"}
    assert api.post("/api/demands", json=body).status_code == 401
    wrong = api.post("/api/demands", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert api.post("/api/demands/DEM-x/close", headers={}).status_code == 401


def test_a_demand_is_added_listed_shown_updated_closed_and_reported(db: Path, api: TestClient) -> None:
    body = {"need": NEED, "sme": "长春锂能科技有限公司", "region": "2201", "contact": '=HYPERLINK("x")'}
    created = api.post("/api/demands", json=body, headers=AUTH)
    assert created.status_code == 201, created.text
    demand = created.json()["result"]
    demand_id = demand["demand_id"]
    assert demand["status"] == "open" and demand["region_code"] == "220100000000"
    assert demand["match_runs"] == ["registration"]
    assert [h["target"] for h in demand["holders"]][:1] == ["scu"]  # collaborator discovery's answer

    shown = api.get(f"/api/demands/{demand_id}")
    code, out, _ = cli(db, "demand", "show", demand_id, "--json")
    assert code == 0 and out.encode("utf-8") == shown.content + b"\n"
    since = api.get(f"/api/demands/{demand_id}", params={"since_run": "registration"}).json()["result"]
    assert since["holders"] == [] and since["patents"] == []  # nothing new since its registration
    bad_run = api.get(f"/api/demands/{demand_id}", params={"since_run": "no-such-run"})
    assert bad_run.status_code == 422 and "已匹配批次: registration" in bad_run.json()["detail"]

    listed = api.get("/api/demands", params={"status": "open"}).json()["result"]
    assert [d["demand_id"] for d in listed] == [demand_id] and listed[0]["candidate_holders"] > 0
    code, out, _ = cli(db, "demand", "list", "--status", "open", "--json")
    assert code == 0 and [d["demand_id"] for d in __import__("json").loads(out)["result"]] == [demand_id]

    patched = api.patch(f"/api/demands/{demand_id}", json={"contact": "王工 13800000000"}, headers=AUTH)
    assert patched.status_code == 200 and patched.json()["result"]["contact"] == "王工 13800000000"
    assert patched.json()["result"]["need"] == NEED  # fields not given are kept

    report = api.get(f"/api/demands/{demand_id}/report")
    assert report.status_code == 200
    book = load_workbook(BytesIO(report.content))
    assert book.sheetnames == ["需求", "候选权利人", "候选专利"]
    holders = list(book["候选权利人"].iter_rows(values_only=True))
    assert holders[0][:3] == ("名次", "候选权利人", "权利人类型") and holders[1][1] == "四川大学"
    assert holders[1][2] == "高校"  # names, not codes
    demand_sheet = {row[0]: row[1] for row in book["需求"].iter_rows(values_only=True)}
    assert demand_sheet["所在地区"] == "吉林省长春市"

    closed = api.post(f"/api/demands/{demand_id}/close", params={"reason": "已签约"}, headers=AUTH)
    assert closed.status_code == 200 and closed.json()["result"]["status"] == "closed"
    again = api.patch(f"/api/demands/{demand_id}", json={"contact": "x"}, headers=AUTH)
    assert again.status_code == 422 and "已关闭" in again.json()["detail"]
    assert api.get("/api/demands", params={"status": "open"}).json()["result"] == []


def test_the_report_never_writes_a_formula(db: Path, api: TestClient, tmp_path: Path) -> None:
    code, out, err = cli(db, "demand", "add", "=1+1 需要固态电解质技术", "--sme", "@某公司", "--json")
    assert code == 0, err
    demand_id = __import__("json").loads(out)["result"]["demand_id"]
    target = tmp_path / "report.xlsx"
    code, _, err = cli(db, "demand", "show", demand_id, "--export", str(target))
    assert code == 0, err
    sheet = load_workbook(target)["需求"]
    cells = {row[0].value: row[1] for row in sheet.iter_rows()}
    assert cells["需求描述"].value.startswith("=1+1") and cells["需求描述"].data_type == "s"
    assert cells["需求方"].data_type == "s"


def test_unknown_demands_are_not_found(db: Path, api: TestClient) -> None:
    assert api.get("/api/demands/DEM-none").status_code == 404
    code, _, err = cli(db, "demand", "close", "DEM-none")
    assert code == 1 and "需求不存在" in err
