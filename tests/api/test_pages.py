"""Analyst pages under /ui/ rendered server-side; no page refers to a remote asset."""

from __future__ import annotations

import html
import json
import re
from typing import Any

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
    assert '<strong id="store-name" data-store="embedded">内嵌 SQLite</strong>' in html
    assert "/ui/gaps?chain=tc" in html
    assert '<tr data-label="Holder"><td>权利人</td>' in html  # labels in Chinese


def test_root_redirects_to_the_pages(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/ui/"


@pytest.mark.parametrize(
    ("url", "assets"),
    [
        ("/docs", ["/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css"]),
        ("/redoc", ["/docs-assets/redoc.standalone.js"]),
    ],
)
def test_docs_pages_use_local_assets(client: TestClient, url: str, assets: list[str]) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert not REMOTE_ASSET.search(response.text), REMOTE_ASSET.search(response.text)
    assert "fonts.googleapis" not in response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]
    for asset in assets:
        assert asset in response.text
        served = client.get(asset)
        assert served.status_code == 200 and len(served.content) > 100_000
    assert '"validatorUrl": null' in client.get("/docs").text  # no spec sent to an online validator


def test_docs_assets_are_an_allow_list(client: TestClient) -> None:
    assert b"cdn.redoc.ly" not in client.get("/docs-assets/redoc.standalone.js").content
    assert client.get("/docs-assets/favicon.png").headers["content-type"] == "image/png"
    assert client.get("/docs-assets/..%2Fcore.py").status_code == 404
    assert client.get("/docs-assets/missing.js").status_code == 404


def _chart_option(html: str, chart_id: str) -> dict[str, Any]:
    start = html.index(f'<script type="application/json" id="{chart_id}-data">')
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return dict(json.loads(body))


def test_gap_page_table_and_chart(client: TestClient) -> None:
    html = client.get("/ui/gaps", params={"chain": "tc", "region": "22", "as_of": AS_OF}).text
    assert 'id="gap-table"' in html
    assert '<tr class="status-insufficient_evidence" data-node="tc/packs">' in html  # 0, 1.7 expected
    assert '<tr class="status-insufficient_evidence" data-node="tc/recycling">' in html
    assert "吉林省 对标 全国" in html  # place names, not 22 / national
    assert '<div class="echart" id="rta-chart" data-kind="gaps"' in html
    assert '<script src="/ui/static/echarts.min.js"></script>' in html
    payload = _chart_option(html, "rta-chart")
    option = payload["option"]
    assert [axis["type"] for axis in option["xAxis"]] == ["value", "log"]  # one outlier cannot squash
    names = {s["name"] for s in option["series"]}
    assert names == {"样本不足"}  # legend entries, coloured by status (0-4 patents here: 样本不足)
    parity = [s["markLine"] for s in option["series"] if "markLine" in s]
    assert parity and parity[0]["data"] == [{"xAxis": 1}] and "RTA = 1" in parity[0]["label"]["formatter"]
    details = {d["name"]: d for d in payload["details"]}
    assert details["电池回收"]["rta"] == pytest.approx(0.75) and details["电池包"]["patents"] == 0
    assert "{'" not in html and "&#39;pub_no&#39;" not in html  # no raw dicts in cells
    assert "RTA = (本地区该环节专利 / 本地区全部专利)" in html  # the report's own definitions, in Chinese


def test_gap_page_names_sources_and_links_patents(client: TestClient) -> None:
    html = client.get("/ui/gaps", params={"chain": "tc", "region": "22", "as_of": AS_OF}).text
    packs = html[html.index('data-node="tc/packs"') :]
    packs = packs[: packs.index("</tr>")]
    assert 'class="holder-link" href="/ui/holders/' in packs  # the holder's detail page
    assert 'class="graph-link muted" href="/ui/neighbourhood?label=Holder&amp;key=' in packs
    assert '<a class="patent-link" href="/ui/patents/' in packs
    assert '<a class="node-link" href="/ui/nodes/tc/packs">' in packs
    assert "(no or too few patents)" not in packs  # English glosses are not shown


def test_gap_page_error_is_shown_in_chinese(client: TestClient) -> None:
    response = client.get("/ui/gaps", params={"chain": "nope", "region": "22"})
    assert response.status_code == 422
    assert 'id="error"' in response.text
    assert "产业链不存在" in response.text
    bad_date = client.get("/ui/gaps", params={"chain": "tc", "region": "22", "as_of": "30/06/2024"})
    assert bad_date.status_code == 422
    assert "参数 as_of: 应为日期 YYYY-MM-DD" in bad_date.text


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        ("/ui/sleeping", {"level": "D"}, "参数 level: 应为 'A', 'B', 'C' 之一, 收到 'D'"),
        ("/ui/sleeping", {"region": "99"}, "参数 region: 地区代码 '99' 不在国家统计局区划代码表中"),
        ("/ui/gaps", {"chain": "tc", "region": "abc"}, "参数 region: 地区代码格式无效"),
        ("/ui/gaps", {"chain": "tc", "region": "22", "benchmark": "xyz"}, "参数 benchmark: 对标"),
        ("/ui/kpis", {"year_from": "-5"}, "参数 year_from: 年份须在 1985 到"),
    ],
)
def test_pages_refuse_what_the_api_refuses(
    client: TestClient, url: str, params: dict[str, str], message: str
) -> None:
    page = client.get(url, params=params)
    api = client.get(url.replace("/ui/", "/api/"), params=params)
    assert page.status_code == api.status_code == 422
    shown = html.unescape(page.text)
    assert message in shown
    assert api.json()["detail"] in shown  # the same words as the API


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
    option = _chart_option(html, "kpi-chart")["option"]
    assert option["xAxis"]["type"] == "category" and option["xAxis"]["data"] == ["2021", "2022", "2023"]
    assert option["legend"]["orient"] == "vertical" and option["grid"]["right"] >= 250  # beside the lines
    assert "高校院所向中小企业转让/许可/作价入股" in {s["name"] for s in option["series"]}
    bad = client.get("/ui/kpis", params={"year_from": "2025", "year_to": "2020"})
    assert bad.status_code == 422
    assert "年份范围" in bad.text


def test_kpi_page_checks_targets_by_name(client: TestClient) -> None:
    html = client.get(
        "/ui/kpis", params={"region": "22", "year_from": "2021", "year_to": "2023", "plan": "true"}
    ).text
    assert 'id="kpi-checks"' in html and 'id="check-chart"' in html
    checks = html[html.index('id="kpi-checks"') :]
    assert 'class="metric">sme_received<' not in checks and 'class="metric">academic_outgoing<' not in checks
    assert "年增长不低于" in checks
    option = _chart_option(html, "check-chart")["option"]
    assert [p["label"] for p in option["visualMap"]["pieces"]] == ["达标", "未达标", "无法判断"]


def test_sleeping_page_links_the_supply_list(client: TestClient) -> None:
    html = client.get("/ui/sleeping", params={"region": "51", "as_of": AS_OF}).text
    assert '<a class="patent-link" href="/ui/patents/CN3001A"' in html
    assert "四川省成都市" in html
    assert 'href="/api/sleeping/export?region=51&amp;as_of=2024-06-30&format=csv"' in html


def test_neighbourhood_page_and_graph(client: TestClient) -> None:
    page = client.get("/ui/neighbourhood", params={"label": "Holder", "key": "scu"}).text
    assert '<iframe id="graph-frame"' in page
    assert "/ui/neighbourhood/graph?label=Holder&amp;key=scu" in page
    graph = client.get("/ui/neighbourhood/graph", params={"label": "Holder", "key": "scu"}).text
    assert "new vis.Network" in graph and '<script src="/ui/static/vis-network.min.js">' in graph
    assert "Holder:scu" in graph  # the centre node
    assert graph.count('id="graph-heading"') == 1 and "权利人 四川大学 周边 1 层" in graph
    assert '<li data-label="Patent"><span class="swatch' in graph and "专利" in graph  # the legend
    assert '"label": "权利人"' in graph and '"label": "HELD_BY"' not in graph  # edges in Chinese
    assert '"color": "#2f6db5"' in graph  # patents have their colour
    assert '"detail": "/ui/patents/' in graph and '"detail": "/ui/holders/scu"' in graph
    missing = client.get("/ui/neighbourhood/graph", params={"label": "Holder", "key": "<b>x</b>"})
    assert missing.status_code == 404
    assert "<b>x</b>" not in missing.text  # user input is escaped


def test_static_assets(client: TestClient) -> None:
    css = client.get("/ui/static/style.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert '"Noto Sans CJK SC"' in css.text  # a CJK font stack
    for name in ("echarts.min.js", "charts.js", "vis-network.min.js", "vis-network.css"):
        asset = client.get(f"/ui/static/{name}")
        assert asset.status_code == 200, name
        assert b"//cdn" not in asset.content[:2000], name
    assert client.get("/ui/static/..%2Fpages.py").status_code == 404
    assert client.get("/ui/static/missing.js").status_code == 404
