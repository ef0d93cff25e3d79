"""`patentnav demand ...` (需求库) and `patentnav search` (全文检索), and `query holder`'s table.

Each command is generated from its request type (``api.requests.demands`` / ``lookups``): the
same parameters, checks and JSON (``--json``) as the API routes. Writes from the CLI are local
(whoever can open the store); the API's need the bearer token.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from api.commands.query import table
from api.requests import NavigationContext, NavigationResponse
from api.requests.base import page_span, response_span
from api.requests.cli import add_query_command
from api.requests.demands import (
    DemandAddRequest,
    DemandCloseRequest,
    DemandListRequest,
    DemandReportRequest,
    DemandShowRequest,
    DemandUpdateRequest,
)

app = typer.Typer(no_args_is_help=True)
PORTFOLIO_FIELDS = (
    "patents",
    "applied_or_held",
    "valid",
    "inventions",
    "sleeping",
    "high_value",
    "transfers_out",
    "transfers_in",
)


def _place(code: str | None) -> str:
    from graph.codes.regions import region_name

    return region_name(code) or (code or "")


def show_demand(response: NavigationResponse) -> None:
    d = response.result
    since = f" · {d['since']} 之后新发现" if d.get("since") else ""
    typer.echo(f"{d['demand_id']} [{d['status_zh']}] {d['sme']} ({_place(d['region_code'])}){since}")
    typer.echo(f"需求: {d['need']}")
    offset = response.request.get("offset", 0)
    table(
        f"候选权利人 {page_span(d['holders_total'], offset, len(d['holders']), '个')}",
        ["名次", "名称", "得分", "首次发现批次"],
        [(h["rank"], h["name"], h["score"], h["first_run"]) for h in d["holders"]],
    )
    table(
        f"候选专利 {page_span(d['patents_total'], offset, len(d['patents']))}",
        ["名次", "公开号", "名称", "相关度", "首次发现批次"],
        [(p["rank"], p["target"], p["name"], p["score"], p["first_run"]) for p in d["patents"]],
    )


def show_demands(response: NavigationResponse) -> None:
    table(
        f"需求库 {response_span(response, len(response.result), '条')}",
        ["编号", "状态", "需求方", "地区", "需求", "候选权利人", "候选专利", "登记时间"],
        [
            (
                d["demand_id"],
                d["status_zh"],
                d["sme"],
                _place(d["region_code"]),
                d["need"][:30],
                d["candidate_holders"],
                d["candidate_patents"],
                d["created"],
            )
            for d in response.result
        ],
    )


def export_report(given: dict[str, Any], ctx: NavigationContext, path: Path) -> str:
    """``--export``: the demand's matching report as XLSX."""
    request = DemandReportRequest.model_validate(given)
    return f"供需对接匹配报告已写入 {Path(request.export(ctx, path)).resolve()}"


def show_holder(response: NavigationResponse) -> None:
    h = response.result
    p = h["portfolio"]
    typer.echo(f"{h['name']} ({h['key']}) · {h['type_zh']} · {h['region']['name'] or '地区未知'}")
    typer.echo(f"类型依据: {h['type_reason']}")
    if h["aliases"]:
        typer.echo(f"别名: {'、'.join(h['aliases'])}")
    table(
        f"专利组合 (截至 {p['as_of']})",
        ["持有", "申请或持有", "有效", "发明", "沉睡", "高价值", "转出", "转入"],
        [[p[k] for k in PORTFOLIO_FIELDS]],
    )


def show_search(response: NavigationResponse) -> None:
    r = response.result
    searched = "、".join(r["terms"]["searched"]) or "(无检索词)"
    table(
        f"检索 {searched}: {response_span(response, len(r['patents']))}",
        ["公开号", "名称", "申请日", "法律状态", "权利人", "命中词"],
        [
            (
                p["pub_no"],
                p["title"],
                p["app_date"],
                p["validity_zh"],
                "；".join(h["name"] for h in p["holders"]),
                "、".join(p["matched_words"]),
            )
            for p in r["patents"]
        ],
    )


add_query_command(app, "add", DemandAddRequest, show_demand)
add_query_command(app, "list", DemandListRequest, show_demands)
add_query_command(app, "show", DemandShowRequest, show_demand, export=export_report)
add_query_command(app, "update", DemandUpdateRequest, show_demand)
add_query_command(app, "close", DemandCloseRequest, show_demand)


def register(root: typer.Typer, query_app: typer.Typer) -> None:
    """``patentnav demand ...``, ``patentnav search`` and ``patentnav query holder``."""
    from api.requests.lookups import HolderLookupRequest, SearchRequest

    root.add_typer(app, name="demand", help="SME technology-demand registry (中小企业技术需求库).")
    add_query_command(root, "search", SearchRequest, show_search)
    add_query_command(query_app, "holder", HolderLookupRequest, show_holder)
