"""Every navigation route over HTTP on the crafted graph (answers known by construction)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from graph.store import GraphStore

AS_OF = "2024-06-30"
NEED = "我们需要硫化物固态电解质技术, 用于锂电池"


def _messages(response: object) -> str:
    body = response.json()  # type: ignore[attr-defined]
    detail = body["detail"]
    return detail if isinstance(detail, str) else " ".join(str(e["msg"]) for e in detail)


def _result(response: object) -> Any:
    """The analysis result of a 200 answer (every analysis answers in the same envelope)."""
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"analysis", "request", "result", "page", "notes"}
    return body["result"]


def test_health_reports_store_and_counts(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["store"] == "embedded"
    assert body["nodes"]["Patent"] == 24
    assert body["nodes"]["ChainNode"] == 4
    assert body["relationships"]["HELD_BY"] == 24


def test_openapi_lists_every_route(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    expected = {
        "/api/gaps",
        "/api/collaborators",
        "/api/sleeping",
        "/api/sleeping/export",
        "/api/high-value",
        "/api/pools",
        "/api/kpis",
        "/api/abnormal-transfers",
        "/api/chains",
        "/api/chains/{chain}",
        "/api/ingest",
    }
    assert expected <= paths
    assert not any(p.startswith("/ui") for p in paths)  # pages are not part of the JSON API


def test_chains(client: TestClient) -> None:
    assert _result(client.get("/api/chains")) == [{"chain": "tc", "name": None, "nodes": 4}]
    detail = _result(client.get("/api/chains/tc"))
    assert [n["key"] for n in detail["node_list"]] == ["tc/cells", "tc/materials", "tc/packs", "tc/recycling"]
    recycling = next(n for n in detail["node_list"] if n["key"] == "tc/recycling")
    assert (recycling["parent"], recycling["position"]) == ("tc/packs", "downstream")
    missing = client.get("/api/chains/nope")
    assert missing.status_code == 404
    assert "产业链不存在" in missing.json()["detail"]


def test_gaps(client: TestClient) -> None:
    report = _result(client.get("/api/gaps", params={"chain": "tc", "region": "22", "as_of": AS_OF}))
    # the crafted graph's Jilin nodes hold 1-4 patents: below the minimum evidence of 5; packs holds
    # none, but only 1.7 are expected at the national intensity (P(0) 19 % > 5 %): not 缺失 either
    assert {n["node_key"]: (n["status"], n["action"]) for n in report["nodes"]} == {
        "tc/materials": ("insufficient_evidence", None),
        "tc/cells": ("insufficient_evidence", None),
        "tc/packs": ("insufficient_evidence", None),
        "tc/recycling": ("insufficient_evidence", None),
    }
    packs = next(n for n in report["nodes"] if n["node_key"] == "tc/packs")
    assert "预期不足 3 件" in packs["action_reason"] and "全无的概率 19%" in packs["reasons"][0]
    recycling = next(n for n in report["nodes"] if n["node_key"] == "tc/recycling")
    assert recycling["rta"] == pytest.approx(0.75)
    assert recycling["status_zh"] == "样本不足"
    # a full NBS code is reduced to its prefix; a peer benchmark is named by its prefixes
    peer = _result(
        client.get("/api/gaps", params={"chain": "tc", "region": "220100000000", "benchmark": "51+11"})
    )
    assert peer["region_prefix"] == "2201"
    assert peer["benchmark"] == "51+11"


def test_gaps_errors(client: TestClient) -> None:
    unknown = client.get("/api/gaps", params={"chain": "nope", "region": "22"})
    assert unknown.status_code == 422  # a parameter naming no chain of the graph
    assert "参数 chain: 产业链不存在 'nope'; 可选: tc" in unknown.json()["detail"]
    assert client.get("/api/gaps", params={"chain": "tc"}).status_code == 422  # region is required


def test_collaborators_rank_the_matching_university_first(client: TestClient) -> None:
    body = _result(
        client.post(
            "/api/collaborators", json={"need": NEED, "region": "220100000000", "as_of": AS_OF, "top_k": 3}
        )
    )
    assert {"硫化物", "固态电解质"} <= set(body["query_terms"])
    candidates = body["candidates"]
    assert len(candidates) == 3
    top = candidates[0]
    assert (top["holder_key"], top["name"]) == ("scu", "四川大学")
    assert top["patents"][0]["pub_no"] == "CN2001A"
    assert {p["name"] for p in top["score_parts"]} >= {"text_relevance", "availability", "distance"}
    assert top["score"] == pytest.approx(sum(p["contribution"] for p in top["score_parts"]), abs=1e-5)
    assert top["reasons"]
    assert [c["score"] for c in candidates] == sorted((c["score"] for c in candidates), reverse=True)


def test_collaborators_filters(client: TestClient) -> None:
    open_only = client.post(
        "/api/collaborators", json={"need": "电池包", "availability": "open_licence", "as_of": AS_OF}
    )
    assert [c["holder_key"] for c in _result(open_only)["candidates"]] == ["scu"]
    enterprises = client.post(
        "/api/collaborators", json={"need": "快换电池包", "holder_types": ["enterprise"], "as_of": AS_OF}
    )
    assert [c["holder_key"] for c in _result(enterprises)["candidates"]] == ["bj_ent"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"need": "锂电池", "top_k": 51}, "top_k"),
        ({"need": "锂电池", "top_k": 0}, "须在 1 到 50 之间"),
        ({"need": "电" * 2001}, "技术需求最多 2000 字"),
        ({"need": "   "}, "技术需求不能为空"),
        ({"need": "锂电池", "availability": "free"}, "availability"),
        ({"need": "锂电池", "holder_types": ["alien"]}, "holder_types"),
    ],
)
def test_collaborator_request_limits(client: TestClient, body: dict[str, object], message: str) -> None:
    response = client.post("/api/collaborators", json=body)
    assert response.status_code == 422
    assert message in response.text


def test_collaborators_reject_unknown_fields_and_empty_terms(client: TestClient) -> None:
    assert client.post("/api/collaborators", json={"need": "锂电池", "limit": 5}).status_code == 422
    no_terms = client.post("/api/collaborators", json={"need": "的。"})
    assert no_terms.status_code == 422
    assert "没有可检索的技术词" in no_terms.json()["detail"]


def test_sleeping_paging_and_filters(client: TestClient) -> None:
    body = client.get("/api/sleeping", params={"as_of": AS_OF}).json()
    pub_nos = [p["pub_no"] for p in body["result"]["patents"]]
    assert {"CN3001A", "CN3002A"} <= set(pub_nos)
    assert "CN1002A" not in pub_nos  # pledged: not sleeping
    assert body["page"]["total"] == len(pub_nos)
    assert body["result"]["as_of"] == AS_OF
    page = client.get("/api/sleeping", params={"as_of": AS_OF, "offset": 1, "limit": 1}).json()
    assert page["page"] == {"total": body["page"]["total"], "offset": 1, "limit": 1}
    assert [p["pub_no"] for p in page["result"]["patents"]] == pub_nos[1:2]
    sichuan = _result(client.get("/api/sleeping", params={"as_of": AS_OF, "region": "51"}))
    assert {p["region_code"][:2] for p in sichuan["patents"]} == {"51"}
    open_licensed = {p["pub_no"]: p["open_licensed"] for p in sichuan["patents"]}
    assert open_licensed["CN3002A"] is True


def test_sleeping_limits(client: TestClient) -> None:
    too_many = client.get("/api/sleeping", params={"limit": 1001})
    assert too_many.status_code == 422
    assert "每页条数" in _messages(too_many)
    assert client.get("/api/sleeping", params={"offset": -1}).status_code == 422
    assert client.get("/api/sleeping", params={"level": "D"}).status_code == 422


def test_sleeping_export_csv(client: TestClient) -> None:
    response = client.get("/api/sleeping/export", params={"format": "csv", "as_of": AS_OF, "region": "51"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "filename*=utf-8''" in response.headers["content-disposition"]
    assert response.content.startswith("\ufeff".encode())  # BOM for Excel
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["公开号", "专利名称", "专利类型"]
    assert {"CN3001A", "CN3002A"} <= {r[0] for r in rows[1:]}


def test_sleeping_export_xlsx(client: TestClient) -> None:
    response = client.get("/api/sleeping/export", params={"format": "xlsx", "as_of": AS_OF})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.title == "专利技术供给清单"
    assert sheet.cell(1, 1).value == "公开号"
    assert sheet.max_row >= 3
    assert client.get("/api/sleeping/export", params={"format": "pdf"}).status_code == 422


def test_high_value(client: TestClient) -> None:
    body = client.get("/api/high-value", params={"as_of": AS_OF}).json()
    flagged = {p["pub_no"]: p for p in body["result"]["patents"]}
    assert "pledge_financing" in flagged["CN1002A"]["met_criteria"]
    assert all(p["is_high_value"] for p in body["result"]["patents"])
    assert body["result"]["high_value_total"] == body["page"]["total"]
    everything = client.get("/api/high-value", params={"as_of": AS_OF, "only_high_value": False}).json()
    assert everything["page"]["total"] > body["page"]["total"]
    assert client.get("/api/high-value", params={"limit": 5000}).status_code == 422


def test_pools(client: TestClient) -> None:
    body = _result(client.get("/api/pools", params={"chain_node": "tc/packs", "as_of": AS_OF}))
    assert body["founding_members"][0]["holder_key"] == "scu"
    assert body["units"] == ["ipc:H01M10"]  # the only IPC main group on >= 3 pack patents
    by_tech = _result(client.get("/api/pools", params=[("technology", "液冷"), ("as_of", AS_OF)]))
    assert {p["pub_no"] for p in by_tech["patents"]} == {"CN3002A", "CN5001A"}
    nothing = client.get("/api/pools")
    assert nothing.status_code == 422
    assert "请指定产业链节点 chain_node 或技术词 technology" in nothing.json()["detail"]


def test_kpis(client: TestClient) -> None:
    body = _result(client.get("/api/kpis", params={"region": "22", "year_from": 2022, "year_to": 2023}))
    assert body["years"] == [2022, 2023]
    values = {(r["year"], v["metric"]): v for r in body["rows"] for v in r["values"]}
    assert (values[(2022, "academic_to_sme")]["count"], values[(2022, "academic_to_sme")]["amount"]) == (
        2,
        70.0,
    )
    assert values[(2023, "pledges")]["amount"] == 1200.0
    planned = client.get(
        "/api/kpis", params={"region": "22", "year_from": 2023, "year_to": 2023, "plan": True}
    )
    assert _result(planned)["checks"], "Jilin's plan targets are checked"


def test_kpi_limits(client: TestClient) -> None:
    backwards = client.get("/api/kpis", params={"year_from": 2023, "year_to": 2020})
    assert backwards.status_code == 422
    assert "年份范围" in backwards.json()["detail"]
    assert client.get("/api/kpis", params={"year_from": 1950, "year_to": 2023}).status_code == 422


def test_abnormal_transfers(client: TestClient) -> None:
    body = client.get("/api/abnormal-transfers", params={"as_of": AS_OF}).json()
    counts = body["result"]["counts"]
    assert counts["round_trip"] == 1
    assert counts["repeated_transfers"] == 1
    assert body["page"]["total"] == sum(counts.values())
    rules = {w["rule"] for w in body["result"]["warnings"]}
    assert {"round_trip", "repeated_transfers", "transfer_before_lapse"} <= rules
    first = client.get("/api/abnormal-transfers", params={"as_of": AS_OF, "limit": 1}).json()
    assert len(first["result"]["warnings"]) == 1
    assert first["page"]["total"] == body["page"]["total"]
    assert client.get("/api/abnormal-transfers", params={"limit": 0}).status_code == 422


@pytest.mark.parametrize("path", ["/api/sleeping", "/api/high-value"])
def test_unset_as_of_is_the_data_cutoff_not_today(
    client: TestClient, crafted_store: GraphStore, path: str
) -> None:
    cutoff = crafted_store.data_cutoff()
    latest = max(d for d in (cutoff.latest_app_date, cutoff.latest_pub_date, cutoff.latest_grant_date) if d)
    body = client.get(path).json()
    assert body["result"]["as_of"] == latest[:10]
