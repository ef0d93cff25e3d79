"""The analyst pages in real headless Chromium: forms submit, tables and charts render, the
graph draws on a canvas, and no request leaves localhost."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import RequestLog

pytestmark = pytest.mark.e2e

AS_OF = "2024-06-30"


def _assert_only_local(log: RequestLog, base_url: str) -> None:
    assert any(u.startswith(f"{base_url}/ui/static/style.css") for u in log.urls), "the recorder saw nothing"
    assert log.remote() == []


def test_gap_page_renders_table_and_chart(page_and_log: tuple[Any, RequestLog], base_url: str) -> None:
    page, log = page_and_log
    page.goto(f"{base_url}/ui/gaps")
    page.select_option("#chain", "tc")
    page.fill("#region", "22")
    page.fill("input[name=as_of]", AS_OF)
    page.click("#gap-form button[type=submit]")
    page.wait_for_selector("#gap-table")
    rows = page.locator("#gap-table tbody tr")
    assert rows.count() == 4
    packs = page.locator('#gap-table tr[data-node="tc/packs"] td.status')
    assert packs.inner_text() == "缺失"
    assert packs.evaluate("cell => getComputedStyle(cell).backgroundColor") == "rgb(225, 87, 89)"
    chart = page.locator("#rta-chart svg")
    assert chart.count() == 1
    box = chart.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100
    assert page.locator("#rta-chart svg text", has_text="RTA").count() >= 1
    _assert_only_local(log, base_url)


def test_collaborator_form_ranks_the_university_first(
    page_and_log: tuple[Any, RequestLog], base_url: str
) -> None:
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
    assert page.locator("#candidates > li").count() >= 2
    assert page.locator("#need").input_value().startswith("我们需要硫化物")  # the form keeps the need
    _assert_only_local(log, base_url)


def test_neighbourhood_page_draws_a_canvas(page_and_log: tuple[Any, RequestLog], base_url: str) -> None:
    page, log = page_and_log
    page.goto(f"{base_url}/ui/neighbourhood?label=Holder&key=scu&depth=1")
    frame = page.frame_locator("#graph-frame")
    canvas = frame.locator("#mynetwork canvas")
    canvas.wait_for(state="visible")
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    # something was drawn: the canvas is not a single flat colour
    distinct = canvas.evaluate(
        """c => {
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            const seen = new Set();
            for (let i = 0; i < d.length && seen.size < 3; i += 4 * 97) {
                seen.add([d[i], d[i + 1], d[i + 2], d[i + 3]].join(','));
            }
            return seen.size;
        }"""
    )
    assert distinct >= 2
    assert any("/ui/neighbourhood/graph?" in u for u in log.urls)
    _assert_only_local(log, base_url)


@pytest.mark.parametrize(
    "path", ["/ui/", "/ui/kpis?region=22&year_from=2021&year_to=2023", f"/ui/sleeping?as_of={AS_OF}"]
)
def test_other_pages_stay_local(page_and_log: tuple[Any, RequestLog], base_url: str, path: str) -> None:
    page, log = page_and_log
    response = page.goto(f"{base_url}{path}")
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.locator("header.top .brand").inner_text() == "专利导航知识图谱"
    _assert_only_local(log, base_url)
