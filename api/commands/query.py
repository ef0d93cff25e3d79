"""`patentnav query ...`: the navigation analyses from the command line (导航分析).

Each command is generated from the analysis's request type (``api.requests``): the same
parameters, parsing, errors and JSON (``--json``) as ``/api/...``. What is written here is only
how a response reads as a rich table.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer

from api.requests import (
    AbnormalTransferRequest,
    ChainDetailRequest,
    ChainGapRequest,
    ChainListRequest,
    CollaboratorRequest,
    HighValueRequest,
    KpiRequest,
    NavigationContext,
    NavigationResponse,
    PoolRequest,
    SleepingRequest,
    SupplyListRequest,
)
from api.requests.base import EMPTY_STORE_NOTE, response_span
from api.requests.cli import add_query_command

app = typer.Typer(no_args_is_help=True)


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    from rich.console import Console
    from rich.table import Table

    shown = Table(title=title)
    for column in columns:
        shown.add_column(column)
    for row in rows:
        shown.add_row(*("" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v) for v in row))
    Console().print(shown)


def notes(response: NavigationResponse, extra: Sequence[str] = ()) -> None:
    for note in (*response.notes, *extra):
        if note != EMPTY_STORE_NOTE:  # already warned about, with the store's path
            typer.echo(f"注: {note}", err=True)


def _joined(values: Sequence[Any], sep: str = ", ") -> str:
    return sep.join(str(v) for v in values)


def _place(code: str | None) -> str:
    """A region prefix or peer group ("51+37") as place names; 全国 for none/national."""
    from graph.codes.regions import region_name

    if not code or code == "national":
        return "全国"
    return "、".join(region_name(part) or part for part in str(code).split("+"))


def _chain_name(chain: str) -> str:
    from graph.navigation.labels import chain_names

    return chain_names().get(chain, chain)


def _holder_type(value: str | None) -> str:
    from graph.navigation.labels import HOLDER_TYPE_ZH

    return HOLDER_TYPE_ZH.get(value or "", value or "")


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:+.0%}"


_VERDICT_ZH = {True: "达标", False: "未达标", None: "无法判断"}


def show_gaps(response: NavigationResponse) -> None:
    r = response.result
    table(
        f"{_chain_name(r['chain'])} · {_place(r['region_prefix'])} 对标 {_place(r['benchmark'])}"
        f" (基准日 {r['as_of']})",
        ["节点", "名称", "专利", "占比", "对标占比", "RTA", "增长", "HHI", "状态", "可获得来源"],
        [
            (
                *(n["node_key"], n["name"], n["patents"], n["share"], n["benchmark_share"]),
                *(n["rta"], _percent(n["growth"]), n["hhi"]),
                n["status_zh"] if n.get("action") is None else f"{n['status_zh']}·{n['action']}",
                _joined([h["holder"]["name"] for h in n["external_holders"][:3]]),
            )
            for n in r["nodes"]
        ],
    )


def show_collaborators(response: NavigationResponse) -> None:
    r = response.result
    searched = (r.get("need_terms") or {}).get("searched") or r["query_terms"]
    if not r["candidates"]:
        nearest = _joined(
            [f"{f['ipc_subclass']} {f['title']}".strip() for f in r.get("nearest_fields") or ()]
        )
        # the analysis's message names the nearest fields already; only a bare answer gets them here
        typer.echo(
            r.get("message") or "未找到合适的合作对象" + (f" 相近技术领域: {nearest}" if nearest else "")
        )
        return
    kinds = _joined([_holder_type(t) for t in response.request.get("holder_types") or ()], "、")
    table(
        f"合作对象 (检索词: {_joined(searched)}; 候选类型: {kinds or '全部'}, 可用 --holder-types 改)",
        ["名次", "名称", "类型", "得分", "专利", "理由"],
        [
            (
                i,
                c["name"],
                _holder_type(c["holder_type"]),
                c["score"],
                _joined([p["pub_no"] for p in c["patents"]], " "),
                "; ".join(c["reasons"]),
            )
            for i, c in enumerate(r["candidates"], 1)
        ],
    )


def show_sleeping(response: NavigationResponse) -> None:
    r = response.result
    table(
        f"沉睡专利 {response_span(response, len(r['patents']))} (截至 {r['as_of']})",
        ["公开号", "名称", "权利人", "分级", "得分", "分类", "开放许可"],
        [
            (
                p["pub_no"],
                p["title"],
                _joined([h["name"] for h in p["holders"]], ";"),
                p["level"],
                p["score"],
                p["category"],
                "是" if p["open_licensed"] else "否",
            )
            for p in response.result["patents"]
        ],
    )


def export_supply_list(given: dict[str, Any], ctx: NavigationContext, path: Path) -> str:
    """``--export``: the whole screening (not one page) as the supply list."""
    filters = {k: v for k, v in given.items() if k not in ("offset", "limit")}
    request = SupplyListRequest.model_validate({**filters, "format": SupplyListRequest.format_of(path)})
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"供给清单 {request.export(ctx, path)} 件已写入 {path.resolve()}"


def show_high_value(response: NavigationResponse) -> None:
    r = response.result
    table(
        f"高价值发明专利 {r['high_value_total']} 件 (截至 {r['as_of']})",
        ["公开号", "名称", "符合条件", "依据"],
        [
            (
                a["pub_no"],
                a["title"],
                _joined([c["name_zh"] for c in a["criteria"] if c["met"]], "、"),
                "; ".join(c["evidence"] or "" for c in a["criteria"] if c["met"]),
            )
            for a in r["patents"]
        ],
    )
    table(
        "按权利人",
        ["权利人", "有效发明", "高价值", "占比"],
        [
            (s.get("name") or s["key"], s["eligible_count"], s["high_value_count"], s["share"])
            for s in r["by_holder"]
        ],
    )
    notes(response, r["caveats"])


def show_pool(response: NavigationResponse) -> None:
    r = response.result
    subject = r.get("chain_node_name") or r["chain_node"] or _joined(r["technology_keys"], ",")
    table(
        f"专利池候选 {subject}: {response_span(response, len(r['patents']))}, HHI {r['hhi']}",
        ["权利人", "专利", "可用", "有负担", "独有技术单元"],
        [
            (
                h["holder"]["name"],
                h["patents"],
                h["usable_patents"],
                h["encumbered_patents"],
                _joined(h["unique_units"], ","),
            )
            for h in r["holders"]
        ],
    )
    table(
        "创始成员 (贪心集合覆盖)",
        ["步骤", "权利人", "新增单元", "累计"],
        [
            (i, s["name"], _joined(s["new_units"], ","), s["cumulative_units"])
            for i, s in enumerate(r["founding_members"], 1)
        ],
    )
    notes(response, r["notes"])


def show_kpis(response: NavigationResponse) -> None:
    r = response.result
    table(
        "专利转化运用指标",
        ["地区", "年份", "指标", "件数", "金额", "增长"],
        [
            (
                row.get("region_name") or _place(row["region_prefix"]),
                row["year"] if row.get("complete", True) else f"{row['year']} (数据不完整)",
                v["metric_zh"],
                v["count"],
                v["amount_display"],  # 无金额记录 where events had none, never 0
                _percent(v["growth_count"]),
            )
            for row in r["rows"]
            for v in row["values"]
        ],
    )
    if r["checks"]:
        table(
            "目标对照",
            ["地区", "年份", "指标", "达标", "说明"],
            [
                (
                    _place(c["region_prefix"]),
                    c["year"],
                    c["target"].get("metric_zh") or c["target"]["metric"],
                    _VERDICT_ZH.get(c["met"], "无法判断"),
                    c["reason"],
                )
                for c in r["checks"]
            ],
        )
    notes(response)


def show_abnormal(response: NavigationResponse) -> None:
    r = response.result
    table(
        f"异常转让预警 {response_span(response, len(r['warnings']), '条')}"
        f" / 审查转让与许可 {r['events_examined']} 次"
        + (f", 涉及预警的占 {r['warned_share']:.0%}" if r.get("warned_share") is not None else ""),
        ["规则", "专利", "转出", "转入", "日期", "依据"],
        [
            (
                w["rule_zh"],
                " ".join(w["pub_nos"][:5]),
                _joined(w["from_holders"], ","),
                _joined(w["to_holders"], ","),
                _joined(w["dates"], ","),
                w["evidence"],
            )
            for w in r["warnings"]
        ],
    )


def show_chains(response: NavigationResponse) -> None:
    table(
        "图谱中的产业链",
        ["产业链", "名称", "节点数"],
        [(c["chain"], c["name"], c["nodes"]) for c in response.result],
    )


def show_chain(response: NavigationResponse) -> None:
    r = response.result
    table(
        f"{r['name'] or r['chain']} ({r['chain']}) 的节点",
        ["节点", "名称", "位置", "上级", "IPC"],
        [(n["key"], n["name"], n["position"], n["parent"], _joined(n["ipc_codes"])) for n in r["node_list"]],
    )


def show_stats(response: NavigationResponse) -> None:
    r = response.result
    rows = [("节点", k, v) for k, v in sorted(r["nodes"].items())]
    rows += [("关系", k, v) for k, v in sorted(r["relationships"].items())]
    table(f"patentnav stats ({r['store']})", ["类别", "名称", "数量"], rows)


add_query_command(app, "gaps", ChainGapRequest, show_gaps)
add_query_command(app, "collaborators", CollaboratorRequest, show_collaborators)
add_query_command(app, "sleeping", SleepingRequest, show_sleeping, export=export_supply_list)
add_query_command(app, "high-value", HighValueRequest, show_high_value)
add_query_command(app, "pool", PoolRequest, show_pool)
add_query_command(app, "kpis", KpiRequest, show_kpis)
add_query_command(app, "abnormal-transfers", AbnormalTransferRequest, show_abnormal)
add_query_command(app, "chains", ChainListRequest, show_chains)
add_query_command(app, "chain", ChainDetailRequest, show_chain)
