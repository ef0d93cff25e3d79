"""The analyst pages and the API docs in real headless Chromium: forms filled and submitted,
charts and graphs drawn (checked in the SVG/canvas), click-through to detail pages, Chinese
drawn with a CJK font, and no request to any host but 127.0.0.1."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import RequestLog, assert_chinese_drawn

pytestmark = pytest.mark.e2e

AS_OF = "2024-06-30"
# English words that must not reach an analyst's screen (schema labels, relationship types)
ENGLISH_SCHEMA = re.compile(r"\b(Patent|Holder|Inventor|Technology|ChainNode|HELD_BY|APPLIED_BY|MENTIONS)\b")


# what a missing glyph or a broken encoding leaves in text: replacement char, white/black boxes
BOX_GLYPHS = re.compile("[\ufffd\u25a1\u25a0\u2610\u2b1c]")


def _assert_only_local(log: RequestLog, base_url: str, asset: str = "/ui/static/style.css") -> None:
    assert any(u.startswith(f"{base_url}{asset}") for u in log.urls), "the recorder saw nothing"
    assert log.remote() == []


def _assert_no_box_glyphs(page: Any) -> None:
    """No box glyph text in the page or its charts' SVG text."""
    texts = page.evaluate(
        "() => document.body.innerText"
        " + [...document.querySelectorAll('svg text')].map(t => t.textContent).join('')"
    )
    assert not BOX_GLYPHS.search(texts), BOX_GLYPHS.findall(texts)


def _svg_texts(page: Any, selector: str) -> list[str]:
    return list(page.eval_on_selector_all(f"{selector} svg text", "els => els.map(e => e.textContent)"))


# --------------------------------------------------------------------------- docs and home


def test_swagger_ui_loads_offline(page_and_log: tuple[Any, RequestLog], base_url: str) -> None:
    page, log = page_and_log
    page.goto(f"{base_url}/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert "patentnav" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock-summary-path", has_text="/api/gaps").count() == 1
    page.locator(".opblock-summary", has_text="/health").first.click()  # the UI works, not just shows
    page.wait_for_selector(".opblock-body")
    assert_chinese_drawn(page, ".swagger-ui .info .title")
    _assert_only_local(log, base_url, "/docs-assets/swagger-ui-bundle.js")


def test_redoc_loads_offline(page_and_log: tuple[Any, RequestLog], base_url: str) -> None:
    page, log = page_and_log
    page.goto(f"{base_url}/redoc")
    heading = page.locator("h1", has_text="patentnav")
    heading.wait_for()
    page.wait_for_selector("[role=menuitem]", state="attached")
    assert page.locator("[role=menuitem]").count() > 5
    page.wait_for_load_state("networkidle")
    _assert_only_local(log, base_url, "/docs-assets/redoc.standalone.js")


def test_root_redirects_to_the_pages(page_and_log: tuple[Any, RequestLog], base_url: str) -> None:
    page, log = page_and_log
    response = page.goto(f"{base_url}/")
    assert response is not None and response.status == 200
    assert page.url == f"{base_url}/ui/"
    assert page.locator("header.top .brand").inner_text() == "专利导航知识图谱"
    assert page.locator('#stats-table tr[data-label="Patent"] td').first.inner_text() == "专利"
    assert not ENGLISH_SCHEMA.search(page.locator("main").inner_text())
    page.click("header.top nav a:has-text('接口文档')")
    page.wait_for_selector(".swagger-ui .opblock")
    assert_chinese_drawn(page, ".swagger-ui .info .title")
    _assert_only_local(log, base_url)


# --------------------------------------------------------------------------- chain gaps


def test_gap_page_draws_counts_and_rta(page_and_log: tuple[Any, RequestLog], base_url: str) -> None:
    page, log = page_and_log
    page.goto(f"{base_url}/ui/gaps")
    page.select_option("#chain", "tc")
    page.fill("#region", "22")
    page.fill("#benchmark", "national")
    page.fill("input[name=as_of]", AS_OF)
    page.click("#gap-form button[type=submit]")
    page.wait_for_selector("#rta-chart[data-rendered=true]")
    assert "吉林省 对标 全国" in page.locator("#gap-heading").inner_text()
    rows = page.locator("#gap-table tbody tr")
    assert rows.count() == 4
    packs = page.locator('#gap-table tr[data-node="tc/packs"] td.status')
    assert packs.inner_text() == "样本不足"  # 0 patents, but only 1.7 expected: not 缺失
    assert packs.evaluate("cell => getComputedStyle(cell).backgroundColor") == "rgb(154, 165, 177)"
    box = page.locator("#rta-chart svg").bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 150
    texts = _svg_texts(page, "#rta-chart")
    assert "样本不足" in texts  # the colour legend
    assert "RTA = 1 (与对标持平)" in texts  # the parity line is labelled
    assert "RTA (对数刻度)" in texts and "本地区专利 (件)" in texts
    assert "0.75" in texts and "无本地专利" in texts  # recycling's RTA; packs has none
    page.locator("#rta-chart").hover(position={"x": 400, "y": 120})
    page.wait_for_selector("#rta-chart div:has-text('本地区专利:')")  # the tooltip
    assert_chinese_drawn(page, "#rta-chart svg text")
    assert not ENGLISH_SCHEMA.search(page.locator("main").inner_text())
    _assert_only_local(log, base_url, "/ui/static/echarts.min.js")


def test_gap_page_links_to_holder_graph(page_and_log: tuple[Any, RequestLog], base_url: str) -> None:
    page, log = page_and_log
    page.goto(f"{base_url}/ui/gaps?chain=tc&region=22&as_of={AS_OF}")
    packs = page.locator('#gap-table tr[data-node="tc/packs"]')
    packs.locator("details.sources summary").first.click()
    link = packs.locator("a.holder-link").first
    name = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/ui/holders/"))
    assert page.locator("#detail-heading").inner_text() == name
    _assert_no_box_glyphs(page)
    page.click("#graph-link")
    page.wait_for_url(re.compile(r"/ui/neighbourhood\?label=Holder&key="))
    frame = page.frame_locator("#graph-frame")
    frame.locator("body[data-graph-ready=true]").wait_for()
    assert name in frame.locator("#graph-heading").inner_text()
    _assert_only_local(log, base_url)


def _click_chart_at(page: Any, chart: str, finder: dict[str, Any], value: list[float]) -> None:
    """Click where ECharts draws ``value`` (a map coordinate or a heat map cell)."""
    spot = page.evaluate(
        """([sel, finder, value]) => {
            const el = document.querySelector(sel);
            const [x, y] = echarts.getInstanceByDom(el).convertToPixel(finder, value);
            const box = el.getBoundingClientRect();
            return {x: box.left + x, y: box.top + y};
        }""",
        [chart, finder, value],
    )
    page.mouse.click(spot["x"], spot["y"])


def test_gap_page_heat_map_and_china_map(page_and_log: tuple[Any, RequestLog], base_url: str) -> None:
    page, log = page_and_log
    page.goto(f"{base_url}/ui/gaps")
    page.select_option("#chain", "tc")
    page.fill("#region", "51")
    page.fill("input[name=as_of]", AS_OF)
    page.click("#gap-form button[type=submit]")
    page.wait_for_selector("#region-heatmap[data-rendered=true]")
    heat = _svg_texts(page, "#region-heatmap")
    assert {"吉林", "四川", "北京", "电池包", "电芯"} <= set(heat)  # provinces and nodes by name
    assert "样本不足" in heat  # the status legend
    page.wait_for_selector("#region-map[data-rendered=true]")
    paths = page.locator("#region-map svg path").count()
    assert paths > 34  # the provinces were drawn
    page.select_option("#map-node", "tc/packs")
    page.wait_for_selector("#region-map[data-node='tc/packs']")
    page.hover("#region-map", position={"x": 5, "y": 5})
    _assert_no_box_glyphs(page)
    assert_chinese_drawn(page, "#region-heatmap svg text")
    _click_chart_at(page, "#region-map", {"seriesIndex": 0}, [104.07, 30.67])  # Chengdu
    page.wait_for_url(re.compile(r"/ui/regions/51\?chain=tc"))
    assert page.locator("#detail-heading").inner_text() == "四川省"
    page.go_back()
    page.wait_for_selector("#region-heatmap[data-rendered=true]")
    _click_chart_at(page, "#region-heatmap", {"seriesIndex": 0}, [0, 2])  # the busiest province
    page.wait_for_url(re.compile(r"/ui/regions/\d\d\?chain=tc"))
    page.go_back()
    page.wait_for_selector("#rta-chart[data-rendered=true]")
    page.locator("#rta-chart svg text", has_text="电池回收").first.click()  # a node name in the chart
    page.wait_for_url(re.compile(r"/ui/nodes/tc/recycling"))
    assert page.locator("#detail-heading").inner_text() == "电池回收"
    _assert_only_local(log, base_url, "/ui/static/china-provinces.json")


def test_detail_pages_link_to_each_other(page_and_log: tuple[Any, RequestLog], base_url: str) -> None:
    page, log = page_and_log
    page.goto(f"{base_url}/ui/nodes/tc/cells")
    assert page.locator("#detail-heading").inner_text() == "电芯"
    assert "中游" in page.locator("#node-facts").inner_text()
    page.locator("#node-provinces a", has_text="吉林省").click()
    page.wait_for_url(re.compile(r"/ui/regions/22\?chain=tc"))
    assert page.locator("#detail-heading").inner_text() == "吉林省"
    page.locator("#region-holders a", has_text="吉林大学").click()
    page.wait_for_url(re.compile(r"/ui/holders/jlu"))
    assert "高校" in page.locator("#holder-facts").inner_text()
    page.locator("table.patent-list a.patent-link").first.click()
    page.wait_for_url(re.compile(r"/ui/patents/CN"))
    page.locator("#patent-nodes a.node-link").first.click()
    page.wait_for_url(re.compile(r"/ui/nodes/tc/"))
    _assert_no_box_glyphs(page)
    assert_chinese_drawn(page, "#detail-heading")
    assert not ENGLISH_SCHEMA.search(page.locator("main").inner_text())
    missing = page.goto(f"{base_url}/ui/patents/CN0000X")
    assert missing is not None and missing.status == 404
    assert "CN0000X" in page.locator("#not-found").inner_text()
    _assert_only_local(log, base_url)


# --------------------------------------------------------------------------- collaborators


def test_collaborators_rank_and_open_a_patent(page_and_log: tuple[Any, RequestLog], base_url: str) -> None:
    page, log = page_and_log
    page.goto(f"{base_url}/ui/collaborators")
    page.fill("#need", "我们需要硫化物固态电解质技术, 用于锂电池")
    page.fill("#region", "220100000000")
    page.fill("input[name=as_of]", AS_OF)
    page.click("#submit")
    page.wait_for_selector("#candidates")
    first = page.locator("#candidates > li").first
    assert first.get_attribute("data-holder") == "scu"
    assert first.locator(".holder-name").inner_text() == "四川大学"
    assert "四川省成都市" in first.locator("h3").inner_text()  # a place name, not 510100000000
    assert page.locator("#candidates > li").count() >= 2
    assert page.locator("#need").input_value().startswith("我们需要硫化物")  # the form keeps the need
    assert "吉林省长春市" in page.locator("#collaborator-form .resolved").first.inner_text()
    assert not ENGLISH_SCHEMA.search(page.locator("main").inner_text())
    _assert_no_box_glyphs(page)
    link = first.locator("a.patent-link").first
    pub_no = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/ui/patents/"))
    assert pub_no in page.locator("#patent-facts").inner_text()
    assert "四川大学" in page.locator("#patent-facts").inner_text()  # the holder, by name
    page.locator("#patent-facts a.holder-link").first.click()
    page.wait_for_url(re.compile(r"/ui/holders/scu"))
    assert page.locator("#detail-heading").inner_text() == "四川大学"
    _assert_only_local(log, base_url)


# --------------------------------------------------------------------------- sleeping patents


def test_sleeping_page_filters_and_links(page_and_log: tuple[Any, RequestLog], base_url: str) -> None:
    page, log = page_and_log
    page.goto(f"{base_url}/ui/sleeping")
    page.fill("#region", "51")
    page.fill("#as_of", AS_OF)
    page.click("#sleeping-form button[type=submit]")
    page.wait_for_selector("#sleeping-table tbody tr")
    row = page.locator('#sleeping-table tr[data-pub-no="CN3001A"]')
    assert row.count() == 1
    assert "四川省成都市" in row.inner_text()
    assert "四川省: 共" in page.locator("#sleeping-summary").inner_text()
    href = row.locator("a.patent-link").get_attribute("href")
    assert href == "/ui/patents/CN3001A"
    _assert_no_box_glyphs(page)
    assert page.locator("#level option").all_inner_texts()[1].startswith("A 级")
    assert_chinese_drawn(page, "#sleeping-table tbody td:nth-child(2)")
    row.locator("a.region-link").click()  # the place opens the region page
    page.wait_for_url(re.compile(r"/ui/regions/510100000000"))
    assert page.locator("#detail-heading").inner_text() == "四川省成都市"
    _assert_only_local(log, base_url)


# --------------------------------------------------------------------------- KPIs


def test_kpi_page_draws_years_and_targets(page_and_log: tuple[Any, RequestLog], base_url: str) -> None:
    page, log = page_and_log
    page.goto(f"{base_url}/ui/kpis")
    page.fill("#region", "22")
    page.fill("#year_from", "2021")
    page.fill("#year_to", "2023")
    page.check("#plan")
    page.click("#kpi-form button[type=submit]")
    page.wait_for_selector("#kpi-chart[data-rendered=true]")
    texts = _svg_texts(page, "#kpi-chart")
    assert {"2021", "2022", "2023"} <= set(texts)
    assert not [t for t in texts if re.fullmatch(r"20\d\d\.\d+", t)]  # whole years only
    assert "高校院所向中小企业转让/许可/作价入股" in texts  # the legend, in Chinese
    legend_right = page.evaluate(
        """() => {
            const svg = document.querySelector('#kpi-chart svg');
            const label = [...svg.querySelectorAll('text')].find(t => t.textContent === '专利质押');
            return label.getBoundingClientRect().left - svg.getBoundingClientRect().left;
        }"""
    )
    assert legend_right > 0.6 * page.locator("#kpi-chart").bounding_box()["width"]  # beside the lines
    page.wait_for_selector("#check-chart[data-rendered=true]")
    check_texts = _svg_texts(page, "#check-chart")
    assert {"达标", "未达标", "无法判断"} <= set(check_texts)  # the verdict legend
    page.click("#check-details summary")
    metrics = page.locator("#kpi-checks td.metric").all_inner_texts()
    assert metrics and not [m for m in metrics if re.fullmatch(r"[a-z_]+", m)]  # names, not codes
    assert "吉林省" in page.locator("#kpi-heading").inner_text()
    _assert_only_local(log, base_url, "/ui/static/charts.js")


# --------------------------------------------------------------------------- relationship graph


def _canvas_colours(canvas: Any) -> int:
    return int(
        canvas.evaluate(
            """c => {
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                const seen = new Set();
                for (let i = 0; i < d.length && seen.size < 6; i += 4 * 97) {
                    seen.add([d[i], d[i + 1], d[i + 2], d[i + 3]].join(','));
                }
                return seen.size;
            }"""
        )
    )


def test_graph_draws_fitted_with_legend_and_opens_a_patent(
    page_and_log: tuple[Any, RequestLog], base_url: str
) -> None:
    page, log = page_and_log
    page.goto(f"{base_url}/ui/neighbourhood")
    page.select_option("#label", "Holder")
    page.fill("#key", "scu")
    page.click("#graph-form button[type=submit]")
    frame_element = page.locator("#graph-frame")
    frame = page.frame_locator("#graph-frame")
    frame.locator("body[data-graph-ready=true]").wait_for()
    assert frame.locator("#graph-heading").count() == 1
    assert frame.locator("#graph-heading").inner_text().startswith("权利人 四川大学")
    legend = frame.locator("#graph-legend li").all_inner_texts()
    assert any(t.startswith("专利") for t in legend) and any(t.startswith("权利人") for t in legend)
    assert not ENGLISH_SCHEMA.search(" ".join(legend))
    canvas = frame.locator("#mynetwork canvas")
    assert _canvas_colours(canvas) >= 3  # several node colours were drawn
    frame_box = frame_element.bounding_box()
    canvas_box = canvas.bounding_box()
    assert frame_box is not None and canvas_box is not None
    assert canvas_box["y"] + canvas_box["height"] <= frame_box["y"] + frame_box["height"] + 1  # not cut off
    inner = page.frames[1]
    spots = inner.evaluate(
        """() => Object.entries(network.getPositions()).map(([id, p]) => {
                const d = network.canvasToDOM(p);
                return {id, x: d.x, y: d.y};
            })"""
    )
    width, height = inner.evaluate(
        "() => [network.body.container.clientWidth, network.body.container.clientHeight]"
    )
    assert all(0 <= s["x"] <= width and 0 <= s["y"] <= height for s in spots)  # fitted in the frame
    patent = next(s for s in spots if s["id"].startswith("Patent:"))
    canvas.click(position={"x": patent["x"], "y": patent["y"]})
    panel = frame.locator("#node-panel")
    panel.wait_for(state="visible")
    assert frame.locator("#panel-type").inner_text() == "专利"
    assert_chinese_drawn(page, "#graph-form label")
    _assert_no_box_glyphs(page)
    canvas.dblclick(position={"x": patent["x"], "y": patent["y"]})  # re-centre on the patent
    page.wait_for_url(re.compile(r"/ui/neighbourhood\?label=Patent&key=CN"))
    frame = page.frame_locator("#graph-frame")
    frame.locator("body[data-graph-ready=true]").wait_for()
    spot = page.frames[1].evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", patent["id"])
    frame.locator("#mynetwork canvas").click(position={"x": spot["x"], "y": spot["y"]})
    frame.locator("#node-panel").wait_for(state="visible")
    frame.locator("#panel-detail").click()  # the panel opens the patent's page in the window
    pub_no = patent["id"].removeprefix("Patent:")
    page.wait_for_url(re.compile(rf"/ui/patents/{re.escape(pub_no)}$"))
    assert pub_no in page.locator("#patent-facts").inner_text()
    _assert_only_local(log, base_url, "/ui/static/vis-network.min.js")
