"""Navigation analyses over HTTP (专利导航分析接口), generated from the request types.

Each analysis's parameters, checks and answer are its request type in ``api.requests``; the
routes here only say where it is served. The JSON is byte for byte what
``patentnav query X --json`` prints.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Path, Query
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
    PoolRequest,
    SleepingRequest,
    StatsRequest,
    SupplyListRequest,
)
from api.requests.http import (
    ANSWER_DESCRIPTION,
    BODY_ERRORS,
    ERROR_RESPONSES,
    ContextDep,
    add_query_route,
    json_response,
    query_bounds,
)
from api.requests.results import response_model

router = APIRouter(prefix="/api", tags=["navigation 导航分析"])

SUPPLY_LIST_NAME = "专利技术供给清单"
EXPORT_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

add_query_route(router, "/stats", StatsRequest)
add_query_route(router, "/chains", ChainListRequest)
add_query_route(router, "/gaps", ChainGapRequest)
add_query_route(router, "/sleeping", SleepingRequest)
add_query_route(router, "/high-value", HighValueRequest)
add_query_route(router, "/pools", PoolRequest)
add_query_route(router, "/kpis", KpiRequest)
add_query_route(router, "/abnormal-transfers", AbnormalTransferRequest)


@router.get(
    "/chains/{chain}",
    summary=ChainDetailRequest.openapi_summary,
    description=ChainDetailRequest.openapi_description,
    response_model=response_model(ChainDetailRequest),
    response_description=ANSWER_DESCRIPTION,
    responses=ERROR_RESPONSES,
)
def chain_detail(
    chain: Annotated[str, Path(description="产业链标识, 如 nev", examples=["nev"])], ctx: ContextDep
) -> Response:
    return json_response(ChainDetailRequest(chain=chain).answer(ctx))


@router.post(
    "/collaborators",
    summary=CollaboratorRequest.openapi_summary,
    description=CollaboratorRequest.openapi_description,
    response_model=response_model(CollaboratorRequest),
    response_description=ANSWER_DESCRIPTION,
    responses=BODY_ERRORS,
)
def collaborators(request: CollaboratorRequest, ctx: ContextDep) -> Response:
    return json_response(request.answer(ctx))


@router.get(
    "/sleeping/export",
    summary=SupplyListRequest.openapi_summary,
    description=SupplyListRequest.openapi_description,
    response_class=FileResponse,
    responses={
        200: {
            "description": "供给清单文件 (CSV 或 XLSX)",
            "content": {
                media: {"schema": {"type": "string", "format": "binary"}} for media in EXPORT_MEDIA.values()
            },
        },
        **ERROR_RESPONSES,
    },
    dependencies=[query_bounds(SupplyListRequest)],
)
def sleeping_export(request: Annotated[SupplyListRequest, Query()], ctx: ContextDep) -> FileResponse:
    folder = FilePath(tempfile.mkdtemp(prefix="patentnav-supply-"))
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
