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
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from api.deps import WriterDep
from api.requests.demands import (
    DemandAddRequest,
    DemandCloseRequest,
    DemandFields,
    DemandListRequest,
    DemandReportRequest,
    DemandShowRequest,
    DemandUpdateRequest,
)
from api.requests.http import (
    ERROR_RESPONSES,
    READ_ERRORS,
    ContextDep,
    add_query_route,
    error_responses,
    json_response,
)
from api.requests.lookups import HolderLookupRequest, SearchRequest
from api.requests.results import response_model

router = APIRouter(prefix="/api", tags=["demands 需求库与查询"])
WRITE_RESPONSES = error_responses(400, 401, 403, *READ_ERRORS)
DemandIdPath = Annotated[str, PathParam(description="需求编号", examples=["DEM-20261203-a1b2c3"])]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _given(**values: object) -> dict[str, object]:
    """The parameters the caller gave: an absent one keeps the request type's default."""
    return {k: v for k, v in values.items() if v is not None}


def _window(name: str) -> Any:
    """``offset`` / ``limit`` as the request type states them (bounds checked there, in Chinese)."""
    field = DemandShowRequest.model_fields[name]
    bounds = DemandShowRequest.model_json_schema()["properties"][name]
    documented = {k: bounds[k] for k in ("minimum", "maximum") if k in bounds}
    return Query(description=field.description, json_schema_extra={**documented, "default": field.default})


add_query_route(router, "/holders", HolderLookupRequest)
add_query_route(router, "/search", SearchRequest)
add_query_route(router, "/demands", DemandListRequest)


@router.post(
    "/demands",
    response_model=response_model(DemandAddRequest),
    responses=WRITE_RESPONSES,
    status_code=201,
    summary=DemandAddRequest.openapi_summary,
)
def add_demand(request: DemandAddRequest, ctx: ContextDep, _writer: WriterDep) -> Response:
    """登记技术需求, 立即匹配候选权利人与专利."""
    return Response(json_response(request.run(ctx)).body, status_code=201, media_type="application/json")


@router.get(
    "/demands/{demand_id}",
    response_model=response_model(DemandShowRequest),
    responses=ERROR_RESPONSES,
    summary=DemandShowRequest.openapi_summary,
)
def show_demand(
    demand_id: DemandIdPath,
    ctx: ContextDep,
    since_run: str | None = None,
    since: date | None = None,
    offset: Annotated[int | None, _window("offset")] = None,
    limit: Annotated[int | None, _window("limit")] = None,
) -> Response:
    """一条需求及其候选; since_run / since: 只列其后新发现的候选; offset / limit: 截取候选列表."""
    given = _given(demand_id=demand_id, since_run=since_run, since=since, offset=offset, limit=limit)
    return json_response(DemandShowRequest.model_validate(given).run(ctx))


@router.patch(
    "/demands/{demand_id}",
    response_model=response_model(DemandUpdateRequest),
    responses=WRITE_RESPONSES,
    summary=DemandUpdateRequest.openapi_summary,
)
def update_demand(
    demand_id: DemandIdPath, changes: DemandFields, ctx: ContextDep, _writer: WriterDep
) -> Response:
    """修改需求 (只改给出的字段)."""
    given = changes.model_dump(include=changes.model_fields_set)
    return json_response(DemandUpdateRequest.model_validate({**given, "demand_id": demand_id}).run(ctx))


@router.post(
    "/demands/{demand_id}/close",
    response_model=response_model(DemandCloseRequest),
    responses=WRITE_RESPONSES,
    summary=DemandCloseRequest.openapi_summary,
)
def close_demand(
    demand_id: DemandIdPath, ctx: ContextDep, _writer: WriterDep, reason: str | None = None
) -> Response:
    """关闭需求 (保留候选, 不再随入库重新匹配)."""
    request = DemandCloseRequest.model_validate(_given(demand_id=demand_id, reason=reason))
    return json_response(request.run(ctx))


@router.get(
    "/demands/{demand_id}/report",
    response_class=FileResponse,
    responses=ERROR_RESPONSES,
    summary=DemandReportRequest.openapi_summary,
)
def demand_report(
    demand_id: DemandIdPath,
    ctx: ContextDep,
    since_run: Annotated[str | None, Query()] = None,
    since: Annotated[date | None, Query()] = None,
) -> FileResponse:
    """供需对接匹配报告 (XLSX)."""
    request = DemandReportRequest.model_validate(
        _given(demand_id=demand_id, since_run=since_run, since=since)
    )
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
