"""The demand registry, holder lookup and full-text search over HTTP (需求库、权利人查询、全文检索).

The parameters, checks and answers are the request types of ``api.requests.demands`` and
``api.requests.lookups``: the JSON is byte for byte what the ``patentnav demand ...``,
``patentnav query holder`` and ``patentnav search`` commands print. Writes need the bearer token.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from api.deps import WriterDep
from api.requests.base import NavigationResponse
from api.requests.demands import (
    DemandAddRequest,
    DemandCloseRequest,
    DemandFields,
    DemandListRequest,
    DemandReportRequest,
    DemandShowRequest,
    DemandUpdateRequest,
)
from api.requests.http import ERROR_RESPONSES, ContextDep, add_query_route, json_response
from api.requests.lookups import HolderLookupRequest, SearchRequest

router = APIRouter(prefix="/api", tags=["demands 需求库与查询"])
WRITE_RESPONSES = {**ERROR_RESPONSES, 401: {"description": "认证失败"}, 403: {"description": "写入已关闭"}}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

add_query_route(router, "/holders", HolderLookupRequest, "权利人查询 (名称、别名或规范化名称)")
add_query_route(router, "/search", SearchRequest, "专利全文检索")
add_query_route(router, "/demands", DemandListRequest, "需求库列表")


@router.post("/demands", response_model=NavigationResponse, responses=WRITE_RESPONSES, status_code=201)
def add_demand(request: DemandAddRequest, ctx: ContextDep, _writer: WriterDep) -> Response:
    """登记技术需求, 立即匹配候选权利人与专利."""
    return Response(json_response(request.run(ctx)).body, status_code=201, media_type="application/json")


@router.get("/demands/{demand_id}", response_model=NavigationResponse, responses=ERROR_RESPONSES)
def show_demand(
    demand_id: str, ctx: ContextDep, since_run: str | None = None, since: date | None = None
) -> Response:
    """一条需求及其候选; since_run / since: 只列其后新发现的候选."""
    values = {"demand_id": demand_id, "since_run": since_run, "since": since}
    request = DemandShowRequest.model_validate({k: v for k, v in values.items() if v is not None})
    return json_response(request.run(ctx))


@router.patch("/demands/{demand_id}", response_model=NavigationResponse, responses=WRITE_RESPONSES)
def update_demand(demand_id: str, changes: DemandFields, ctx: ContextDep, _writer: WriterDep) -> Response:
    """修改需求 (只改给出的字段)."""
    given = changes.model_dump(include=changes.model_fields_set)
    return json_response(DemandUpdateRequest.model_validate({**given, "demand_id": demand_id}).run(ctx))


@router.post("/demands/{demand_id}/close", response_model=NavigationResponse, responses=WRITE_RESPONSES)
def close_demand(demand_id: str, ctx: ContextDep, _writer: WriterDep, reason: str | None = None) -> Response:
    """关闭需求 (保留候选, 不再随入库重新匹配)."""
    values = {"demand_id": demand_id, "reason": reason}
    request = DemandCloseRequest.model_validate({k: v for k, v in values.items() if v is not None})
    return json_response(request.run(ctx))


@router.get("/demands/{demand_id}/report", response_class=FileResponse, responses=ERROR_RESPONSES)
def demand_report(
    demand_id: str,
    ctx: ContextDep,
    since_run: Annotated[str | None, Query()] = None,
    since: Annotated[date | None, Query()] = None,
) -> FileResponse:
    """供需对接匹配报告 (XLSX)."""
    values = {"demand_id": demand_id, "since_run": since_run, "since": since}
    request = DemandReportRequest.model_validate({k: v for k, v in values.items() if v is not None})
    folder = Path(tempfile.mkdtemp(prefix="patentnav-demand-"))
    try:
        path = request.export(ctx, folder / "report.xlsx")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        path,
        media_type=XLSX,
        filename=f"供需对接匹配报告-{request.demand_id}.xlsx",
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
