"""Analyst pages under /ui/ rendered server-side; no page refers to a remote asset."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

AS_OF = "2024-06-30"
REMOTE_ASSET = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I
)
PAGES = [
    "/ui/",
    "/ui/gaps",
    f"/ui/gaps?chain=tc&region=22&as_of={AS_OF}",
    "/ui/collaborators",
    f"/ui/sleeping?as_of={AS_OF}",
    "/ui/kpis?region=22&year_from=2021&year_to=2023",
    "/ui/neighbourhood?label=Holder&key=scu",
    "/ui/neighbourhood/graph?label=Holder&key=scu",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_without_remote_assets(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert not REMOTE_ASSET.search(response.text), REMOTE_ASSET.search(response.text)


def test_index_shows_store_and_chains(client: TestClient) -> None:
    html = client.get("/ui/").text
    assert '<strong id="store-name">embedded</strong>' in html
    assert "/ui/gaps?chain=tc" in html


def test_gap_page_table_and_chart(client: TestClient) -> None:
    html = client.get("/ui/gaps", params={"chain": "tc", "region": "22", "as_of": AS_OF}).text
    assert 'id="gap-table"' in html
    assert '<tr class="status-missing" data-node="tc/packs">' in html
    assert '<tr class="status-insufficient_evidence" data-node="tc/recycling">' in html
    chart = html[html.index('id="rta-chart"') :]
    assert "<svg" in chart[:2000]
    assert "RTA" in html


def test_gap_page_error_is_shown_in_chinese(client: TestClient) -> None:
    response = client.get("/ui/gaps", params={"chain": "nope", "region": "22"})
    assert response.status_code == 404
    assert 'id="error"' in response.text
    assert "产业链不存在" in response.text
    bad_date = client.get("/ui/gaps", params={"chain": "tc", "region": "22", "as_of": "30/06/2024"})
    assert bad_date.status_code == 422
    assert "日期格式" in bad_date.text


def test_collaborator_form_ranks_the_university(client: TestClient) -> None:
    form = {
        "need": "需要硫化物固态电解质技术, 用于锂电池",
        "region": "220100000000",
        "as_of": AS_OF,
        "top_k": "5",
    }
    response = client.post("/ui/collaborators", data=form)
    assert response.status_code == 200
    html = response.text
    first = html.index('class="candidate"')
    assert 'data-holder="scu"' in html[first : first + 80]
    assert "四川大学" in html
    assert "文本相关" in html or "text_relevance" in html or "得分" in html


def test_collaborator_form_validation(client: TestClient) -> None:
    too_long = client.post("/ui/collaborators", data={"need": "电" * 2001})
    assert too_long.status_code == 422
    assert "技术需求最多 2000 字" in too_long.text
    bad_top = client.post("/ui/collaborators", data={"need": "锂电池", "top_k": "99"})
    assert bad_top.status_code == 422
    assert "须在 1 到 50 之间" in bad_top.text
    assert "锂电池</textarea>" in bad_top.text  # the analyst's input is kept


def test_kpi_page_table_and_chart(client: TestClient) -> None:
    html = client.get("/ui/kpis", params={"region": "22", "year_from": "2021", "year_to": "2023"}).text
    assert 'id="kpi-table"' in html
    assert "<svg" in html[html.index('id="kpi-chart"') :][:2000]
    assert "高校院所向中小企业转让/许可/作价入股" in html
    bad = client.get("/ui/kpis", params={"year_from": "2025", "year_to": "2020"})
    assert bad.status_code == 422
    assert "年份范围" in bad.text


def test_sleeping_page_links_the_supply_list(client: TestClient) -> None:
    html = client.get("/ui/sleeping", params={"region": "51", "as_of": AS_OF}).text
    assert "CN3001A" in html
    assert 'href="/api/sleeping/export?region=51&amp;as_of=2024-06-30&format=csv"' in html


def test_neighbourhood_page_and_graph(client: TestClient) -> None:
    page = client.get("/ui/neighbourhood", params={"label": "Holder", "key": "scu"}).text
    assert '<iframe id="graph-frame"' in page
    assert "/ui/neighbourhood/graph?label=Holder&amp;key=scu" in page
    graph = client.get("/ui/neighbourhood/graph", params={"label": "Holder", "key": "scu"}).text
    assert "vis.Network" in graph  # vis-network inlined
    assert "Holder:scu" in graph  # the centre node (names are JSON-escaped)
    missing = client.get("/ui/neighbourhood/graph", params={"label": "Holder", "key": "<b>x</b>"})
    assert missing.status_code == 404
    assert "<b>x</b>" not in missing.text  # user input is escaped


def test_static_assets(client: TestClient) -> None:
    css = client.get("/ui/static/style.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert client.get("/ui/static/..%2Fpages.py").status_code == 404
    assert client.get("/ui/static/missing.js").status_code == 404
