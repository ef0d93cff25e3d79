"""Navigation analyses over HTTP (专利导航分析接口), generated from the request types.

Each analysis's parameters, checks and answer are its request type in ``api.requests``; the
routes here only say where it is served. The JSON is byte for byte what
``patentnav query X --json`` prints.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from api.requests import (
    AbnormalTransferRequest,
    ChainDetailRequest,
    ChainGapRequest,
    ChainListRequest,
    CollaboratorRequest,
    HighValueRequest,
    KpiRequest,
    NavigationResponse,
    PoolRequest,
    SleepingRequest,
    StatsRequest,
    SupplyListRequest,
)
from api.requests.http import ERROR_RESPONSES, ContextDep, add_query_route, json_response, query_bounds

router = APIRouter(prefix="/api", tags=["navigation 导航分析"])

SUPPLY_LIST_NAME = "专利技术供给清单"
EXPORT_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

add_query_route(router, "/stats", StatsRequest, "节点与关系统计")
add_query_route(router, "/chains", ChainListRequest, "产业链列表")
add_query_route(router, "/gaps", ChainGapRequest, "补链强链分析")
add_query_route(router, "/sleeping", SleepingRequest, "沉睡专利")
add_query_route(router, "/high-value", HighValueRequest, "高价值发明专利")
add_query_route(router, "/pools", PoolRequest, "专利池构建")
add_query_route(router, "/kpis", KpiRequest, "转化运用指标")
add_query_route(router, "/abnormal-transfers", AbnormalTransferRequest, "异常转让预警")


@router.get("/chains/{chain}", response_model=NavigationResponse, responses=ERROR_RESPONSES)
def chain_detail(chain: str, ctx: ContextDep) -> Response:
    """产业链节点 (技术分解): the nodes of one chain as loaded in the graph."""
    return json_response(ChainDetailRequest(chain=chain).answer(ctx))


@router.post("/collaborators", response_model=NavigationResponse, responses=ERROR_RESPONSES)
def collaborators(request: CollaboratorRequest, ctx: ContextDep) -> Response:
    """合作对象发现: holders of relevant, available technology, ranked with reasons."""
    return json_response(request.answer(ctx))


@router.get(
    "/sleeping/export",
    response_class=FileResponse,
    responses=ERROR_RESPONSES,
    dependencies=[query_bounds(SupplyListRequest)],
)
def sleeping_export(request: Annotated[SupplyListRequest, Query()], ctx: ContextDep) -> FileResponse:
    """专利技术供给清单 as a download (CSV with a BOM for Excel, or XLSX)."""
    folder = Path(tempfile.mkdtemp(prefix="patentnav-supply-"))
    path = folder / f"supply.{request.format}"
    try:
        request.export(ctx, path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        path,
        media_type=EXPORT_MEDIA[request.format],
        filename=f"{SUPPLY_LIST_NAME}.{request.format}",
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
