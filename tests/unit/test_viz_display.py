"""viz display rules (显示规则): region names, Chinese for analysis texts, tolerant gap fields,
target wording, and JSON in pages that data cannot break out of."""

from __future__ import annotations

import json

import pytest

from graph.models import EdgeView, NodeView, RegionLevel, RegionRecord, Subgraph
from viz.charts import chart_html
from viz.gap_view import node_view, rta_parts, status_rules
from viz.kpi_view import target_text
from viz.names import RegionNames, availability_zh, zh_path, zh_text
from viz.network import render_subgraph_html

REGIONS = RegionNames(
    [
        RegionRecord("110000000000", "北京市", RegionLevel.PROVINCE),
        RegionRecord("110100000000", "北京市市辖区", RegionLevel.CITY, "110000000000"),
        RegionRecord("110105000000", "朝阳区", RegionLevel.COUNTY, "110100000000"),
        RegionRecord("220000000000", "吉林省", RegionLevel.PROVINCE),
        RegionRecord("220100000000", "长春市", RegionLevel.CITY, "220000000000"),
        RegionRecord("220104000000", "朝阳区", RegionLevel.COUNTY, "220100000000"),
        RegionRecord("510000000000", "四川省", RegionLevel.PROVINCE),
    ]
)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("22", "吉林省"),
        ("2201", "吉林省长春市"),
        ("220104000000", "吉林省长春市朝阳区"),
        ("110105000000", "北京市朝阳区"),  # the municipality's pseudo-city (市辖区) is skipped
        ("national", "全国"),
        ("", "全国"),
        ("51+22", "四川省、吉林省"),
        ("22,51", "吉林省、四川省"),
        ("99", "99"),  # unknown codes are shown as they are
        ("abc", "abc"),
    ],
)
def test_region_names(code: str, name: str) -> None:
    assert REGIONS.name(code) == name


def test_region_options_are_provinces_and_real_cities() -> None:
    options = {o.value: o.name for o in REGIONS.options()}
    assert options == {"11": "北京市", "22": "吉林省", "2201": "吉林省长春市", "51": "四川省"}
    assert {o.value for o in REGIONS.options(padded=True)} >= {"220100000000"}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("本地区该环节专利 0 件 <= 0 (no or too few patents)", "本地区该环节专利 0 件 <= 0"),
        ("RTA 0.70 < 0.8 (relative technological weakness)", "RTA 0.70 < 0.8"),
        ("被引证次数: 5 (score 1.00)", "被引证次数: 5 (得分 1.00)"),
        ("A级: 综合得分 0.67 (A>=0.6, B>=0.35)", "A级: 综合得分 0.67 (A>=0.6, B>=0.35)"),
        ("增长 n/a (上年为0) vs 目标 +10%", "增长 无法计算 (上年为0), 对比目标 +10%"),
        ("(only a gloss)", "(only a gloss)"),
    ],
)
def test_zh_text(text: str, shown: str) -> None:
    assert zh_text(text) == shown


def test_paths_and_availability_in_chinese() -> None:
    path = "[Need]-terms{电池}->(Patent CN1A)-HELD_BY->(Holder 四川大学)"
    assert zh_path(path) == "[需求]-检索词{电池}->(专利 CN1A)-权利人->(权利人 四川大学)"
    assert availability_zh("sleeping+open_licence") == "沉睡、开放许可"
    assert availability_zh(None) == ""


def test_gap_fields_are_read_whatever_their_shape() -> None:
    assert rta_parts({"rta": 1.5}) == (1.5, None, None)
    assert rta_parts({"rta": 1.5, "rta_interval": [0.9, 2.1]}) == (1.5, 0.9, 2.1)
    assert rta_parts({"rta": {"value": 2.0, "low": 1.0, "high": 3.0}}) == (2.0, 1.0, 3.0)
    assert rta_parts({"rta": None}) == (None, None, None)
    view = node_view(
        {
            "node_key": "nev/cells",
            "name": "电芯",
            "status": "insufficient_evidence",
            "status_zh": "样本不足",
            "action": None,
            "action_reason": "样本不足 (too few patents)",
            "external_holders": [
                {"holder": {"key": "scu", "name": "四川大学"}, "node_patents": 3,
                 "available_patents": [{"pub_no": "CN1A", "title": "一种电池", "availability": "sleeping"}]}
            ],
        }
    )  # fmt: skip
    assert (view.status_zh, view.action, view.action_reason) == ("样本不足", "", "样本不足")
    holder = view.external_holders[0]
    assert (holder.name, holder.count, holder.patents[0].availability) == ("四川大学", 3, "沉睡")
    assert node_view({"action": "补链"}).action == "补链"
    assert node_view({"status": "parity"}).status_zh == "parity"  # no invented names: the result's own
    assert node_view({"action": {"action": "强链", "reason": "对标领先"}}).action_reason == "对标领先"


def test_status_rules_are_the_reports_own() -> None:
    rules = status_rules({"definitions": {"status": "缺失: 本地区 <= 0 件; 强: 其余 (RTA >= 1)"}})
    assert rules == "判定规则: 缺失: 本地区 <= 0 件; 强: 其余 (RTA >= 1)"
    assert status_rules({}) == ""


def test_target_wording() -> None:
    assert target_text({"metric": "m", "measure": "count", "annual_growth": 0.1}) == "年增长不低于 10%"
    amount = {"measure": "amount", "annual_minimum": 2_000_000, "strict": True, "year": 2023}
    assert target_text(amount) == "年度超过 200 亿元 (2023 年)"


def test_chart_json_cannot_close_its_script() -> None:
    html = chart_html("c", "gaps", {"title": "</script><script>alert(1)</script>"}, 100)
    body = html[html.index('id="c-data">') + len('id="c-data">') : html.rindex("</script>")]
    assert "</script>" not in body
    assert json.loads(body)["option"]["title"].startswith("</script>")


def test_graph_page_escapes_names_and_names_the_centre() -> None:
    nodes = (
        NodeView("Holder:h1", "Holder", "h1", "</script><b>x</b>"),
        NodeView("Patent:CN1A", "Patent", "CN1A", "一种电池"),
        NodeView("LegalEvent:e1", "LegalEvent", "e1", "pledge"),
    )
    edges = (
        EdgeView("Patent:CN1A", "Holder:h1", "HELD_BY"),
        EdgeView("Patent:CN1A", "LegalEvent:e1", "HAS_EVENT"),
    )
    html = render_subgraph_html(Subgraph(nodes, edges, truncated=False), "Holder h1 周边 1 层")
    script = html[html.index("<script>\n(function") :]
    assert "</script><b>" not in script[: script.index("</script>")]
    assert "权利人 &lt;/script&gt;&lt;b&gt;x&lt;/b&gt; 周边 1 层" in html  # heading escaped, by name
    assert '"label": "质押"' in html  # legal events named by kind, in Chinese
    assert '"detail": "/ui/patents/CN1A"' in html and '"detail": null' in html
