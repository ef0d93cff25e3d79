"""The report's summary in a few sentences (报告摘要: 主要结论与补链/强链/延链路径), from the results.

Nothing here decides anything: statuses, actions and holder rankings are the chain-gap
analysis's; this only counts them and names them in Chinese, with units.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.navigation.chain_gaps import ChainGapReport, NodeGap
from graph.navigation.gap_status import STATUS_ZH, GapAction, GapStatus

SHOWN_NAMES = 3  # nodes named per action in a sentence; the rest are counted


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _names(nodes: Sequence[NodeGap]) -> str:
    shown = "、".join(n.name for n in nodes[:SHOWN_NAMES])
    return shown + (f" 等 {len(nodes)} 个环节" if len(nodes) > SHOWN_NAMES else "")


def _source_note(node: NodeGap) -> str:
    """The first external holder with obtainable patents, as a short note."""
    for holder in node.external_holders:
        if holder.relevant_available_patents:
            place = f", {holder.region_name}" if holder.region_name else ""
            return f"{holder.holder.name}{place}, 可获得相关专利 {holder.relevant_available_patents} 件"
    if node.external_holders:
        top = node.external_holders[0]
        return f"{top.holder.name}, 有效专利 {top.node_patents} 件"
    return ""


def _by_action(gaps: ChainGapReport, action: GapAction) -> list[NodeGap]:
    return [n for n in gaps.nodes if n.action == action.value]


def chain_findings(chain_name: str, gaps: ChainGapReport, sleeping: int, sleeping_local: int) -> list[str]:
    """Key findings and recommended paths for one chain."""
    region = gaps.region_name or gaps.region_prefix
    bench = "全国" if gaps.benchmark == "national" else "对标地区"
    share = gaps.region_chain_patents / gaps.region_patents if gaps.region_patents else None
    found = [
        f"{region}{chain_name}产业链相关专利 {gaps.region_chain_patents} 件, "
        f"占本地区全部专利的 {pct(share)}; "
        f"{bench}该产业链 {gaps.benchmark_chain_patents} 件。"
    ]
    counts = {s: sum(1 for n in gaps.nodes if n.status == s.value) for s in GapStatus}
    parts = "、".join(f"{STATUS_ZH[s]} {c} 个" for s, c in counts.items() if c)
    found.append(f"{len(gaps.nodes)} 个环节中: {parts}。")
    strong = sorted(
        (n for n in gaps.nodes if n.status == GapStatus.STRONG.value), key=lambda n: -(n.rta or 0.0)
    )
    if strong:
        found.append(
            "优势环节: " + "、".join(f"{n.name} (RTA {n.rta:.2f})" for n in strong[:SHOWN_NAMES]) + "。"
        )
    fill = _by_action(gaps, GapAction.FILL)
    if fill:
        notes = [f"{n.name} ({note})" if (note := _source_note(n)) else n.name for n in fill[:SHOWN_NAMES]]
        more = f" 等 {len(fill)} 个环节" if len(fill) > SHOWN_NAMES else ""
        found.append("建议补链: " + "; ".join(notes) + more + ", 以许可、转让引进技术或引进主体。")
    extend = _by_action(gaps, GapAction.EXTEND)
    if extend:
        found.append(f"建议延链: {_names(extend)}, 由相邻的本地区优势环节向其延伸。")
    strengthen = _by_action(gaps, GapAction.STRENGTHEN)
    if strengthen:
        found.append(f"建议强链: {_names(strengthen)}, 培育本地主体、对接外部技术。")
    consolidate = _by_action(gaps, GapAction.CONSOLIDATE)
    if consolidate:
        found.append(f"建议固链: {_names(consolidate)}。")
    if not (fill or extend or strengthen or consolidate):
        found.append("各环节证据不足, 本次不给出补链、强链、延链建议 (原因见各环节理由)。")
    found.append(
        f"该产业链上可供转化的高校院所沉睡专利 {sleeping} 件, "
        f"其中本地区 {sleeping_local} 件 (见沉睡专利供给)。"
    )
    return found


def report_summary(
    region: str, benchmark_name: str, chains: Sequence[tuple[str, ChainGapReport]]
) -> list[str]:
    """The opening paragraph: scope, then each chain's headline and paths."""
    names = "、".join(name for name, _ in chains)
    total = chains[0][1].region_patents if chains else 0
    lines = [
        f"本报告以{benchmark_name}为对标, 分析{region}在{names}产业链各环节的专利布局与相对位置; "
        f"{region}在库专利共 {total} 件。"
    ]
    for name, gaps in chains:
        actions = {a: len(_by_action(gaps, a)) for a in GapAction}
        paths = "、".join(f"{a.value} {c} 个环节" for a, c in actions.items() if c)
        weak = [n for n in gaps.nodes if n.action in (GapAction.FILL.value, GapAction.EXTEND.value)]
        focus = f", 重点补齐 {_names(weak)}" if weak else ""
        advice = f"建议路径为 {paths}{focus}" if paths else "各环节证据不足, 暂不给出路径建议"
        lines.append(f"{name}: 本地区相关专利 {gaps.region_chain_patents} 件, {advice}。")
    return lines
