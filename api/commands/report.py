"""`patentnav report`: the navigation report (专利导航分析报告) for a region and chains, as files.

Parameters, checks and content are ``api.requests.report.ReportRequest``'s, the same as
``GET /api/reports/navigation``; this only writes the files into ``--out`` and says where.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from api.requests.base import NavigationResponse
from api.requests.cli import add_query_command


def report_command(
    chain: Annotated[list[str], typer.Option("--chain", help="产业链 (可重复或逗号分隔, 最多 5 条), 如 nev")],
    region: Annotated[str, typer.Option("--region", help="本地区 NBS 代码或前缀, 如 22")],
    out: Annotated[Path, typer.Option("--out", help="输出目录 (写入 navigation-report.html/.pdf/.xlsx)")],
    benchmark: Annotated[str, typer.Option(help="对标: national, 一个地区代码, 或 51+37")] = "national",
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="分析基准日 YYYY-MM-DD (默认数据截止日)")
    ] = None,
    formats: Annotated[str, typer.Option("--format", help="html,pdf,xlsx 中的一个或多个")] = "html,pdf,xlsx",
    source: Annotated[str, typer.Option(help="数据来源说明, 如 'incoPat 导出, 2026-11'")] = "",
    store: Annotated[str | None, typer.Option("--store", help="embedded | neo4j")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="embedded store file")] = None,
) -> None:
    """专利导航分析报告: HTML, PDF and XLSX shaped like GB/T 39551's industry navigation report."""
    from pydantic import ValidationError

    from api.requests.base import NavigationContext
    from api.requests.errors import error_message, exit_code
    from api.requests.report import ReportRequest
    from graph.errors import PatentnavError
    from graph.factory import store_session
    from graph.settings import get_settings
    from viz.report.files import check_formats

    started = time.perf_counter()
    wanted = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    values = {"chain": chain, "region": region, "benchmark": benchmark, "source": source}
    if as_of:
        values["as_of"] = as_of
    try:
        check_formats(wanted)
        request = ReportRequest.model_validate(values)
        with store_session(store=store, db=db) as graph_store:
            paths = request.write(NavigationContext(graph_store, get_settings()), out, wanted)
    except (PatentnavError, ValidationError) as exc:
        typer.echo(error_message(exc), err=True)
        raise typer.Exit(exit_code(exc)) from exc
    for kind, path in paths.items():
        typer.echo(f"{kind}: {path}")
    typer.echo(f"报告生成用时 {time.perf_counter() - started:.1f} 秒", err=True)


def register(app: typer.Typer) -> None:
    """``patentnav report`` and ``patentnav operation-db`` on the root app."""
    from api.requests.operation_db import OperationDbRequest, export_operation_db_file

    app.command("report")(report_command)
    add_query_command(
        app, "operation-db", OperationDbRequest, show_operation_db, export=export_operation_db_file
    )


def show_operation_db(response: NavigationResponse) -> None:
    from api.commands.query import notes, table

    r = response.result
    total = response.page.total if response.page else len(r["patents"])
    table(
        f"高校院所高价值专利运营库 {total} 件 (截至 {r['as_of']})",
        ["公开号", "名称", "权利人", "分级", "得分", "高价值依据", "沉睡"],
        [
            [
                e["graded"]["pub_no"],
                e["graded"]["title"][:30],
                "；".join(h["name"] for h in e["graded"]["holders"]),
                e["graded"]["level"],
                e["graded"]["score"],
                "；".join(c.split(":")[0] for c in e["criteria"]),
                "是" if e["sleeping"] else "否",
            ]
            for e in r["patents"]
        ],
    )
    notes(response)
