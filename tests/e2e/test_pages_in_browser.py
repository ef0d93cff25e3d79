"""The analyst pages and the API docs in real headless Chromium: forms filled and submitted,
charts and graphs drawn (checked in the SVG/canvas), click-through to detail pages, Chinese
drawn with a CJK font, and no request to any host but 127.0.0.1."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.e2e.conftest import RequestLog, assert_chinese_drawn

pytestmark = pytest.mark.e2e

AS_OF = "2024-06-30"
# English words that must not reach an analyst's screen (schema labels, relationship types)
ENGLISH_SCHEMA = re.compile(r"\b(Patent|Holder|Inventor|Technology|ChainNode|HELD_BY|APPLIED_BY|MENTIONS)\b")


def _assert_only_local(log: RequestLog, base_url: str, asset: str = "/ui/static/style.css") -> None:
    assert any(u.startswith(f"{base_url}{asset}") for u in log.urls), "the recorder saw nothing"
    assert log.remote() == []


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
    page.wait_for_url(re.compile(r"/ui/neighbourhood\?label=Holder&key="))
    frame = page.frame_locator("#graph-frame")
    frame.locator("body[data-graph-ready=true]").wait_for()
    assert name in frame.locator("#graph-heading").inner_text()
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
    link = first.locator("a.patent-link").first
    pub_no = link.inner_text()
    with page.context.expect_page() as opened:
        link.click()
    detail = opened.value
    detail.wait_for_load_state()
    assert json.loads(detail.locator("body").inner_text())["pub_no"] == pub_no
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
    assert href == "/api/patents/CN3001A"
    assert page.locator("#level option").all_inner_texts()[1].startswith("A 级")
    assert_chinese_drawn(page, "#sleeping-table tbody td:nth-child(2)")
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
    with page.context.expect_page() as opened:
        frame.locator("#panel-detail").click()
    detail = opened.value
    detail.wait_for_load_state()
    assert json.loads(detail.locator("body").inner_text())["pub_no"] == patent["id"].removeprefix("Patent:")
    assert_chinese_drawn(page, "#graph-form label")
    canvas.dblclick(position={"x": patent["x"], "y": patent["y"]})  # re-centre on the patent
    page.wait_for_url(re.compile(r"/ui/neighbourhood\?label=Patent&key=CN"))
    page.frame_locator("#graph-frame").locator("body[data-graph-ready=true]").wait_for()
    _assert_only_local(log, base_url, "/ui/static/vis-network.min.js")
