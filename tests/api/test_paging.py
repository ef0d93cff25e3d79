"""Every list answer is paged or cut, with its total, on both stores (issue 15).

A top-level list pages with ``offset``/``limit`` and ``page`` in the envelope; a nested list is
cut to ``limit`` with ``<name>_total`` beside it. For each: the total is the uncut length, the
windows concatenate to the whole list, a limit above the maximum is a 422 in Chinese.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import routes_viz
from api.app import create_app
from api.requests.fields import MAX_PAGE_LIMIT
from graph.demand_records import DemandMatchRecord, DemandRecord, DemandStatus, MatchKind
from graph.models import PatentFilter
from graph.store import GraphStore
from tests.api.conftest import api_settings
from tests.navigation_graphs import crafted_embedded_store, load_crafted_graph
from viz import detail_view as dv

AS_OF = "2024-06-30"
LIMIT_MESSAGE = f"每页条数 limit 须在 1 到 {MAX_PAGE_LIMIT} 之间, 收到 {MAX_PAGE_LIMIT + 1}"
DEMANDS = 5


def _crafted_neo4j(request: pytest.FixtureRequest) -> GraphStore:
    from graph.stores.neo4j.store import Neo4jStore, open_driver

    connection = request.getfixturevalue("neo4j_connection")
    driver = open_driver(connection.uri, connection.auth())
    store = Neo4jStore(driver, connection.database)
    store.ensure_schema()
    store.clear()
    return load_crafted_graph(store)


def _seed_demands(store: GraphStore) -> None:
    """Demands written straight to the store (no NLP), the first with recorded candidates."""
    for n in range(DEMANDS):
        store.upsert_demand(
            DemandRecord(
                f"DEM-PAGE-{n}", "需要电池回收技术", f"企业{n}", DemandStatus.OPEN, f"2026-01-0{n + 1}"
            )
        )
    holders = [
        DemandMatchRecord(MatchKind.HOLDER, key, 1.0 - i / 10, i + 1, None)
        for i, key in enumerate(("scu", "jlu", "ciac", "thu"))
    ]
    patents = [
        DemandMatchRecord(MatchKind.PATENT, pub_no, 1.0 - i / 10, i + 1, "scu")
        for i, pub_no in enumerate(("CN3004A", "CN3005A", "CN1007A", "CN5005A", "CN1001A"))
    ]
    store.record_demand_matches("DEM-PAGE-0", "registration", "2026-01-01T00:00:00", [*holders, *patents])


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def paged(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = crafted_embedded_store() if request.param == "embedded" else _crafted_neo4j(request)
    _seed_demands(store)
    app = create_app(api_settings(tmp_path_factory.mktemp("paging")), store=store)
    with TestClient(app) as client:
        yield client
    store.close()


def _ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


Items = Callable[[dict[str, Any]], list[Any]]
TOP_LEVEL: list[tuple[str, dict[str, Any], Items]] = [
    ("/api/gaps", {"chain": "tc", "region": "22", "as_of": AS_OF}, lambda r: r["nodes"]),
    ("/api/kpis", {"region": "22,51", "year_from": 2019, "year_to": 2023}, lambda r: r["rows"]),
    ("/api/pools", {"chain_node": "tc/recycling", "as_of": AS_OF}, lambda r: r["patents"]),
    ("/api/sleeping", {"as_of": AS_OF}, lambda r: r["patents"]),
    ("/api/high-value", {"as_of": AS_OF, "only_high_value": False}, lambda r: r["patents"]),
    ("/api/abnormal-transfers", {"as_of": AS_OF}, lambda r: r["warnings"]),
    ("/api/operation-db", {"as_of": AS_OF}, lambda r: r["patents"]),
    ("/api/demands", {}, lambda r: r),
]


@pytest.mark.parametrize(("path", "params", "items"), TOP_LEVEL, ids=[p for p, _, _ in TOP_LEVEL])
def test_top_level_lists_page_with_their_total(
    paged: TestClient, path: str, params: dict[str, Any], items: Items
) -> None:
    everything = _ok(paged.get(path, params={**params, "limit": MAX_PAGE_LIMIT}))
    whole = items(everything["result"])
    total = everything["page"]["total"]
    assert total == len(whole) >= 2, f"{path}: the crafted graph should give a list to page"
    size = 2 if total > 3 else 1
    windows: list[Any] = []
    for offset in range(0, total + size, size):  # the last window is past the end: empty, same total
        body = _ok(paged.get(path, params={**params, "offset": offset, "limit": size}))
        assert body["page"] == {"total": total, "offset": offset, "limit": size}
        window = items(body["result"])
        assert len(window) == min(size, max(0, total - offset))
        windows.extend(window)
    assert windows == whole
    over = paged.get(path, params={**params, "limit": MAX_PAGE_LIMIT + 1})
    assert over.status_code == 422
    assert LIMIT_MESSAGE in over.json()["detail"]


NESTED: list[tuple[str, dict[str, Any], tuple[str, ...]]] = [
    (
        "/api/high-value",
        {"as_of": AS_OF, "only_high_value": False},
        ("by_holder", "by_region", "by_chain_node"),
    ),
    ("/api/kpis", {"region": "22", "year_from": 2021, "year_to": 2023, "plan": True}, ("checks",)),
    ("/api/pools", {"chain_node": "tc/cells", "as_of": AS_OF}, ("holders", "pairs")),
]


@pytest.mark.parametrize(("path", "params", "names"), NESTED, ids=[p for p, _, _ in NESTED])
def test_nested_lists_are_cut_to_the_limit_with_their_total(
    paged: TestClient, path: str, params: dict[str, Any], names: tuple[str, ...]
) -> None:
    whole = _ok(paged.get(path, params={**params, "limit": MAX_PAGE_LIMIT}))["result"]
    cut = _ok(paged.get(path, params={**params, "limit": 1}))["result"]
    for name in names:
        assert whole[f"{name}_total"] == len(whole[name]) >= 2, f"{path} {name}: nothing to cut"
        assert cut[f"{name}_total"] == whole[f"{name}_total"]
        assert cut[name] == whole[name][:1]


def test_demand_candidates_window_with_totals(paged: TestClient) -> None:
    url = "/api/demands/DEM-PAGE-0"
    whole = _ok(paged.get(url))["result"]
    assert (whole["holders_total"], whole["patents_total"]) == (4, 5)
    assert (len(whole["holders"]), len(whole["patents"])) == (4, 5)
    holders: list[Any] = []
    patents: list[Any] = []
    for offset in range(0, 6, 2):
        part = _ok(paged.get(url, params={"offset": offset, "limit": 2}))["result"]
        assert (part["holders_total"], part["patents_total"]) == (4, 5)
        holders.extend(part["holders"])
        patents.extend(part["patents"])
    assert (holders, patents) == (whole["holders"], whole["patents"])
    over = paged.get(url, params={"limit": MAX_PAGE_LIMIT + 1})
    assert over.status_code == 422
    assert LIMIT_MESSAGE in over.json()["detail"]


def test_demand_list_reads_only_its_page(paged: TestClient) -> None:
    first = _ok(paged.get("/api/demands", params={"limit": 1}))
    assert first["page"]["total"] == DEMANDS
    assert [d["demand_id"] for d in first["result"]] == ["DEM-PAGE-0"]
    assert (first["result"][0]["candidate_holders"], first["result"][0]["candidate_patents"]) == (4, 5)


def _walk_pages(client: TestClient, url: str, list_class: str) -> tuple[list[str], list[str]]:
    """Follow a page's 下一页 links to the end: the pub_nos listed and each window's span."""
    pub_nos: list[str] = []
    spans: list[str] = []
    while url:
        page = client.get(url)
        assert page.status_code == 200, page.text
        table = page.text.split(f'class="{list_class}"', 1)[1].split("</table>", 1)[0]
        pub_nos.extend(re.findall(r'data-pub-no="([^"]+)"', table))
        spans.append(re.search(r'class="page-span">([^<]+)', page.text).group(1))  # type: ignore[union-attr]
        found = re.search(r'<a rel="next" href="([^"]+)"', page.text)
        url = html.unescape(found.group(1)) if found else ""
    return pub_nos, spans


@pytest.mark.parametrize(
    ("url", "flt"),
    [
        ("/ui/nodes/tc/cells", PatentFilter(chain_node_keys=("tc/cells",))),
        ("/ui/regions/22", PatentFilter(region_prefixes=("22",))),
        ("/ui/holders/scu", PatentFilter(holder_keys=("scu",))),
    ],
)
def test_detail_pages_count_and_page_their_patents(
    paged: TestClient, monkeypatch: pytest.MonkeyPatch, url: str, flt: PatentFilter
) -> None:
    monkeypatch.setattr(dv, "DETAIL_ROWS", 2)
    store = paged.app.state.store  # type: ignore[attr-defined]
    expected = sorted(store.patent_facts(flt), key=lambda f: (f.app_date or "", f.pub_no), reverse=True)
    assert len(expected) >= 3, f"{url}: the crafted graph should give a list to page"
    pub_nos, spans = _walk_pages(paged, url, "patent-list")
    assert pub_nos == [f.pub_no for f in expected]
    assert spans[0] == f"共 {len(expected)} 件, 显示 1-2"
    assert len(spans) == (len(expected) + 1) // 2


def test_sleeping_page_pages_with_next_links(paged: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(routes_viz, "SLEEPING_PAGE_ROWS", 2)
    everything = _ok(paged.get("/api/sleeping", params={"limit": MAX_PAGE_LIMIT}))
    pub_nos, spans = _walk_pages(paged, "/ui/sleeping", "sleeping-table")
    assert pub_nos == [p["pub_no"] for p in everything["result"]["patents"]]
    assert spans[0] == f"共 {everything['page']['total']} 件, 显示 1-2"
