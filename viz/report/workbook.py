"""The navigation report's tables as one XLSX workbook (报告附表): one sheet per table.

Chinese headers, names (regions, chains, nodes, holder types), never internal keys; cells are
written through ``graph.navigation.supply_list.write_sheet``, the one rule that keeps a value
starting with ``=`` a text cell. The sleeping supply is the published supply-list layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from graph.navigation.report import ChainSection, NavigationReport
from graph.navigation.supply_list import SUPPLY_LIST_COLUMNS, Cell, supply_list_rows, write_sheet
from viz.names import POSITIONS_ZH, availability_zh, zh_text
from viz.report.html import threshold

MAX_SHEET_NAME = 31  # Excel's limit


def _sheet_title(chain_name: str, table: str, several: bool) -> str:
    return (f"{chain_name}·{table}" if several else table)[:MAX_SHEET_NAME]


def _summary_rows(report: NavigationReport) -> list[list[Cell]]:
    rows: list[list[Cell]] = [
        ["报告", report.title],
        ["分析地区", report.region_name],
        ["对标", report.benchmark_name],
        ["基准日", report.as_of],
        ["最新申请日", report.data_cutoff.get("latest_application_date")],
        ["最新公开日", report.data_cutoff.get("latest_publication_date")],
        ["数据来源", report.source],
        ["专利总量 (件)", report.patents_total],
        [f"{report.region_name}专利 (件)", report.region_patents],
    ]
    if report.mapping is not None:
        rows.append(["查准率 (专利-产业链, 测试集)", report.mapping.overall.precision])
        rows.append(["查全率 (专利-产业链, 测试集)", report.mapping.overall.recall])
    rows += [["摘要", line] for line in report.summary]
    for section in report.chains:
        rows += [[f"{section.chain_name}·结论", line] for line in section.findings]
    rows += [["提示", zh_text(w)] for w in report.warnings]
    return rows


def _strategy_rows(section: ChainSection) -> list[list[Cell]]:
    return [
        [
            POSITIONS_ZH.get(n.position, n.position),
            n.name,
            n.parent_name,
            "、".join(n.downstream_names),
            "、".join(n.ipc_codes),
            "、".join(n.keywords),
            n.accuracy.gold if n.accuracy else 0,
            n.accuracy.precision if n.accuracy else None,
            n.accuracy.recall if n.accuracy else None,
        ]
        for n in section.strategy
    ]


def _landscape_rows(section: ChainSection) -> list[list[Cell]]:
    return [
        [
            n.name,
            n.patents,
            n.valid_patents,
            n.valid_inventions,
            n.high_value_patents,
            n.region_patents,
            "；".join(f"{a.name} ({a.holder_type_zh}, {a.patents} 件)" for a in n.top_applicants),
            "；".join(f"{r.name} {r.patents} 件" for r in n.leading_regions),
            "；".join(f"{t.name} {t.patents} 件" for t in n.holder_types),
        ]
        for n in section.landscape
    ]


def _trend_rows(section: ChainSection) -> tuple[list[str], list[list[Cell]]]:
    years = sorted({y for n in section.landscape for y in n.years})
    header = ["环节", *[f"{y} 年 (件)" for y in years]]
    return header, [[n.name, *[n.years.get(y, 0) for y in years]] for n in section.landscape]


def _position_rows(section: ChainSection) -> list[list[Cell]]:
    return [
        [
            g.name,
            g.patents,
            g.benchmark_patents,
            g.share,
            g.benchmark_share,
            g.rta,
            g.rta_ci_low,
            g.rta_ci_high,
            land.region_rank,
            g.hhi,
            g.cr3,
            g.recent_patents,
            g.previous_patents,
            g.growth,
            g.status_zh,
            g.action,
            "；".join(zh_text(r) for r in g.reasons),
            zh_text(g.action_reason),
        ]
        for g, land in zip(section.gaps.nodes, section.landscape, strict=True)
    ]


def _holder_rows(section: ChainSection) -> list[list[Cell]]:
    return [
        [
            g.name,
            g.status_zh,
            h.holder.name,
            h.region_name,
            h.relevant_available_patents,
            h.relevant_patents,
            h.node_patents,
            "；".join(
                f"{p.pub_no} {p.title} ({availability_zh(p.availability)})" for p in h.available_patents
            ),
        ]
        for g in section.gaps.nodes
        for h in g.external_holders
    ]


def _sme_rows(section: ChainSection, names: dict[str, str]) -> list[list[Cell]]:
    return [
        [
            g.name,
            m.holder.name,
            m.region_name,
            m.adjacent_patents,
            "、".join(names.get(k, k) for k in m.adjacent_nodes),
            "、".join(m.pub_nos),
        ]
        for g in section.gaps.nodes
        for m in g.local_smes
    ]


POSITION_HEADER = (
    "环节", "本地区专利(件)", "对标专利(件)", "本地区占比", "对标占比", "显示性技术优势RTA", "RTA区间下限",
    "RTA区间上限", "本地区排名", "集中度HHI", "集中度CR3", "近期申请(件)", "前期申请(件)", "增长率", "状态",
    "建议", "理由", "建议依据",
)  # fmt: skip


def write_workbook(report: NavigationReport, path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "摘要"
    write_sheet(first, ("项目", "内容"), _summary_rows(report))
    several = len(report.chains) > 1
    names = {g.node_key: g.name for s in report.chains for g in s.gaps.nodes}

    def sheet(section: ChainSection, table: str, header: Sequence[str], rows: list[list[Cell]]) -> None:
        write_sheet(book.create_sheet(_sheet_title(section.chain_name, table, several)), header, rows)

    for s in report.chains:
        sheet(
            s,
            "检索策略",
            (
                "位置",
                "环节",
                "上级环节",
                "供给下游环节",
                "IPC分类号",
                "关键词",
                "标注专利(件)",
                "查准率",
                "查全率",
            ),
            _strategy_rows(s),
        )
        sheet(
            s,
            "环节态势",
            ("环节", "专利(件)", "有效(件)", "有效发明(件)", "高价值(件)", f"{report.region_name}(件)",
             "主要权利人", "主要地区", "权利人类型构成"),
            _landscape_rows(s),
        )  # fmt: skip
        header, rows = _trend_rows(s)
        sheet(s, "年度申请", header, rows)
        sheet(s, "区域地位", POSITION_HEADER, _position_rows(s))
        sheet(
            s,
            "外部权利人",
            (
                "环节",
                "状态",
                "外部权利人",
                "所在地区",
                "可获得相关专利(件)",
                "相关有效专利(件)",
                "环节有效专利(件)",
                "可获得专利",
            ),
            _holder_rows(s),
        )
        sheet(
            s,
            "本地中小企业",
            ("环节", "中小企业", "所在地区", "相邻环节专利(件)", "相邻环节", "公开号"),
            _sme_rows(s, names),
        )
        sheet(s, "沉睡专利供给", SUPPLY_LIST_COLUMNS, supply_list_rows(s.sleeping.patents))
    method = book.create_sheet("方法与阈值")
    thresholds = [
        ["阈值: " + name, value] for name, value in (threshold(k, v) for k, v in report.thresholds.items())
    ]
    write_sheet(method, ("项目", "说明"), [[k, zh_text(v)] for k, v in report.method.items()] + thresholds)
    book.save(path)
    return path
