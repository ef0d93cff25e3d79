"""Detail pages (/ui/patents, /ui/holders, /ui/nodes, /ui/regions) and the gap page's
province view, on the crafted graph: names not codes, links to each other, 404 naming the key."""

from __future__ import annotations

import html as html_lib
import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

AS_OF = "2024-06-30"


def _chart(page: str, chart_id: str) -> dict[str, Any]:
    found = re.search(rf'<script type="application/json" id="{chart_id}-data">(.*?)</script>', page, re.S)
    assert found, f"no {chart_id} on the page"
    return dict(json.loads(html_lib.unescape(found.group(1))))


def test_patent_page_names_holder_region_and_node(client: TestClient) -> None:
    page = client.get("/ui/patents/CN3001A").text
    assert '<a class="holder-link" href="/ui/holders/scu"' in page and "四川大学" in page
    assert 'href="/ui/regions/510100000000"' in page and "四川省成都市" in page
    assert '<a class="node-link" href="/ui/nodes/tc/packs"' in page and "电池包" in page
    text = re.sub(r"<[^>]+>", " ", page.split("<main>")[1])
    assert not re.search(r"\b(Holder|Patent|ChainNode|Region)\b", text)  # no schema words shown


def test_holder_page_lists_patents_and_nodes(client: TestClient) -> None:
    page = client.get("/ui/holders/scu").text
    assert '<h1 id="detail-heading">四川大学</h1>' in page
    assert "高校" in page
    assert '<a class="patent-link" href="/ui/patents/CN3001A"' in page
    assert 'href="/ui/nodes/tc/packs"' in page  # its node distribution links to the node
    assert 'href="/ui/neighbourhood?label=Holder&amp;key=scu"' in page


def test_node_page_shows_chain_context_and_provinces(client: TestClient) -> None:
    page = client.get("/ui/nodes/tc/packs").text
    assert '<h1 id="detail-heading">电池包</h1>' in page
    assert "下游" in page  # position in Chinese
    assert 'href="/ui/nodes/tc/recycling"' in page  # its sub-node
    assert 'href="/ui/nodes/tc/cells"' in page  # the node that supplies it
    assert 'href="/ui/regions/51?chain=tc">四川省</a>' in page  # provinces by name


def test_region_page_counts_nodes_and_holders(client: TestClient) -> None:
    page = client.get("/ui/regions/22", params={"chain": "tc"}).text
    assert '<h1 id="detail-heading">吉林省</h1>' in page
    assert 'href="/ui/nodes/tc/cells">电芯</a>' in page
    assert 'href="/ui/holders/jlu">吉林大学</a>' in page
    assert 'href="/ui/regions/2201">吉林省长春市</a>' in page  # its cities


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("/ui/patents/CN9999Z", "CN9999Z"),
        ("/ui/holders/nobody", "nobody"),
        ("/ui/nodes/tc/nosuch", "tc/nosuch"),
        ("/ui/regions/99", "99"),
    ],
)
def test_unknown_keys_are_404_pages_naming_them(client: TestClient, url: str, named: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert named in response.text and "未找到" in response.text


def test_gap_page_heat_map_and_china_map(client: TestClient) -> None:
    gap_page = client.get("/ui/gaps", params={"chain": "tc", "region": "22", "as_of": AS_OF}).text
    src = re.search(r'id="province-view" data-src="([^"]+)"', gap_page)
    assert src, "the gap page does not load its province view"
    url = html_lib.unescape(src.group(1))
    assert url == f"/ui/gaps/provinces?chain=tc&benchmark=national&as_of={AS_OF}"
    page = client.get(url).text
    heat = _chart(page, "region-heatmap")
    provinces = heat["option"]["xAxis"]["data"]
    assert len(provinces) == 31 and "吉林" in provinces and "四川" in provinces  # names, not codes
    assert heat["option"]["yAxis"]["data"] == ["正极材料", "电芯", "电池包", "电池回收"]
    labels = [p["label"] for p in heat["option"]["visualMap"]["pieces"]]
    assert "样本不足" in labels  # the gap analysis's own statuses are the legend (0-4 patents here)
    jilin = next(d for d in heat["details"] if d["region"] == "吉林省" and d["node"] == "电池包")
    assert jilin["status"] == "样本不足" and jilin["patents"] == 0  # the same verdict as the gap table
    assert heat["label_links"]["吉林"] == "/ui/regions/22?chain=tc"
    assert any(d["low"] is not None and d["high"] is not None for d in heat["details"])  # RTA intervals
    china = _chart(page, "region-map")
    assert china["geo"] == "/ui/static/china-provinces.json"
    assert len(china["by_node"]) == 4 and all(len(items) == 31 for items in china["by_node"])
    assert {i["name"] for i in china["by_node"][0]} >= {"吉林省", "四川省", "北京市"}


def test_province_view_refuses_an_unknown_chain(client: TestClient) -> None:
    response = client.get("/ui/gaps/provinces", params={"chain": "nosuch"})
    assert response.status_code in (404, 422)
    assert "产业链" in response.text and "nosuch" in response.text


def test_china_map_geometry_is_served_with_province_names(client: TestClient) -> None:
    response = client.get("/ui/static/china-provinces.json")
    assert response.status_code == 200
    names = {f["properties"]["name"] for f in response.json()["features"]}
    assert {"吉林省", "四川省", "台湾省", "香港特别行政区", "澳门特别行政区"} <= names


def test_publication_numbers_in_reasons_link_to_their_pages() -> None:
    from viz.templating import pub_links

    linked = str(pub_links("最相关: 《<b>固态电解质》(CN109020288A, 有效); 另 CN3001A"))
    assert '<a class="patent-link" href="/ui/patents/CN109020288A">CN109020288A</a>' in linked
    assert 'href="/ui/patents/CN3001A"' in linked and "&lt;b&gt;" in linked  # the rest is escaped
