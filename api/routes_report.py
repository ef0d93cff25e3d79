"""The navigation report over HTTP (专利导航分析报告): the download and the page that asks for it.

``GET /api/reports/navigation`` answers ``ReportRequest`` (``api.requests.report``) as HTML,
PDF, XLSX or the JSON content; ``/ui/report`` is a form that picks the region and chains and
links to those downloads. Cost is bounded by the request type (at most 5 chains) and by one PDF
print at a time per process.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.background import BackgroundTask

from api.region_names import region_names
from api.requests.chains import chain_summaries
from api.requests.http import ERROR_RESPONSES, ContextDep, add_query_route, json_response, query_bounds
from api.requests.operation_db import OperationDbExport, OperationDbRequest
from api.requests.report import MAX_CHAINS, ReportDownload
from graph.codes.regions import region_name
from graph.navigation.labels import chain_names

router = APIRouter(tags=["report 导航报告"])

REPORT_MEDIA = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
OPERATION_DB_NAME = "高校院所高价值专利运营库"

add_query_route(router, "/api/operation-db", OperationDbRequest)


def _download(
    path: Path, folder: Path, name: str, media: str, disposition: str = "attachment"
) -> FileResponse:
    return FileResponse(
        path,
        media_type=media,
        headers={"Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(name)}"},
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


@router.get(
    "/api/operation-db/export",
    summary="高校院所高价值专利运营库导出",
    description="与运营库相同的筛选条件, 全部结果导出为 XLSX 或 CSV (含 BOM, 便于 Excel)。",
    response_class=FileResponse,
    responses=ERROR_RESPONSES,
    dependencies=[query_bounds(OperationDbExport)],
)
def operation_db_export(request: Annotated[OperationDbExport, Query()], ctx: ContextDep) -> FileResponse:
    """高校院所高价值专利运营库 as a download (XLSX, or CSV with a BOM for Excel)."""
    folder = Path(tempfile.mkdtemp(prefix="patentnav-opdb-"))
    path = folder / f"operation-db.{request.format}"
    try:
        request.export(ctx, path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return _download(path, folder, f"{OPERATION_DB_NAME}.{request.format}", REPORT_MEDIA[request.format])


@router.get(
    "/api/reports/navigation",
    summary=ReportDownload.openapi_summary,
    description=ReportDownload.openapi_description,
    responses={**ERROR_RESPONSES, 200: {"description": "报告文件 (HTML/PDF/XLSX) 或 JSON 内容"}},
    dependencies=[query_bounds(ReportDownload)],
)
def navigation_report(request: Annotated[ReportDownload, Query()], ctx: ContextDep) -> Response:
    """专利导航分析报告: a region on one to five chains (GB/T 39551 industry navigation)."""
    format = request.format
    if format == "json":
        return json_response(request.run(ctx))
    folder = Path(tempfile.mkdtemp(prefix="patentnav-report-"))
    try:
        path = request.write(ctx, folder, (format,))[format]
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    chains = chain_names()
    place = region_name(request.region) or request.region
    name = f"专利导航分析报告-{place}-{'-'.join(chains.get(c, c) for c in request.chain)}.{format}"
    return _download(path, folder, name, REPORT_MEDIA[format], "inline" if format == "html" else "attachment")


@router.get("/ui/report/open", include_in_schema=False)
def report_open(request: Request) -> RedirectResponse:
    """The form's submission: blank fields dropped (left to their defaults), then the download."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if v.strip()]
    return RedirectResponse(f"/api/reports/navigation?{urlencode(kept)}", status_code=303)


@router.get("/ui/report", response_class=HTMLResponse, include_in_schema=False)
def report_page(
    ctx: ContextDep, region: str = "", chain: Annotated[list[str] | None, Query()] = None
) -> HTMLResponse:
    from viz.report.page import render_report_form

    form: dict[str, Any] = {"region": region, "chain": chain or []}
    return HTMLResponse(render_report_form(form, chain_summaries(ctx), region_names(), MAX_CHAINS))
