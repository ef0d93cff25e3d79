"""The FastAPI side of the request layer: routes generated from request types, the error handlers.

A GET route takes its request type as a query-parameter model (so OpenAPI lists every
parameter with its description), refuses a parameter given more often than its type allows,
runs the request and answers with ``render_json`` — the bytes ``patentnav query X --json`` prints.
"""

from __future__ import annotations

import inspect
from collections import Counter
from typing import Annotated, Any, get_origin

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.params import Depends as DependsMarker
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from api.deps import SettingsDep, StoreDep
from api.requests.base import (
    NavigationContext,
    NavigationRequest,
    NavigationResponse,
    QueryTerms,
    render_json,
)
from api.requests.base import pipeline_query_terms as _pipeline_query_terms
from api.requests.errors import (
    MAX_ECHO_CHARS,
    ErrorBody,
    ParameterError,
    error_message,
    error_status,
    public_errors,
    validation_message,
)
from api.requests.fields import MAX_LIST_VALUES
from api.requests.results import response_model
from graph.errors import PatentnavError

# What each error status means here, with an example body (OpenAPI); every one is an ErrorBody.
ERROR_MEANINGS: dict[int, tuple[str, str, str]] = {
    400: (
        "请求体无法解析 (如不是 UTF-8 编码的 JSON, 或上传内容不是有效的 multipart)",
        "请求体无法解析",
        "HTTPException",
    ),
    401: ("认证失败: 需要有效的 Bearer 令牌", "认证失败 (a valid bearer token is required)", "HTTPException"),
    403: (
        "写入已关闭: 服务未配置 PATENTNAV_API_TOKEN",
        "写入已关闭: 未配置 PATENTNAV_API_TOKEN",
        "HTTPException",
    ),
    404: (
        "不存在: 所查的专利、权利人、产业链或节点不在图谱中",
        "产业链不存在 (no chain 'xyz' in the graph)",
        "NotFoundError",
    ),
    413: (
        "请求体超过大小上限 (见 README 「API errors and limits」)",
        "请求体超过大小上限 65536 字节",
        "HTTPException",
    ),
    415: ("请求体类型不受支持", "请以 multipart/form-data 上传文件, 字段名 file", "HTTPException"),
    422: (
        "参数无效: detail 用中文说明哪个参数、为何无效、应为何种形式; errors 逐项列出 (不重复大段输入)",
        "参数 region: 地区代码 '99' 不在国家统计局区划代码表中; 应为国家统计局区划代码: 2 位省级 (如 22)...",
        "ParameterError",
    ),
    503: (
        "图存储暂不可用 (如 Neo4j 未运行), 稍后重试",
        "图存储不可用 (Neo4j unavailable)",
        "StoreUnavailableError",
    ),
}
READ_ERRORS = (404, 413, 422, 503)
ANSWER_DESCRIPTION = "成功: 导航分析响应 (analysis、request、result、page、notes)"


def error_responses(*statuses: int, model: type[ErrorBody] = ErrorBody) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of the given error statuses, all with the one error schema."""
    documented: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        meaning, detail, kind = ERROR_MEANINGS[status]
        example = {"detail": detail, "error": kind}
        documented[status] = {
            "model": model,
            "description": meaning,
            "content": {"application/json": {"example": example}},
        }
    return documented


ERROR_RESPONSES = error_responses(*READ_ERRORS)
BODY_ERRORS = error_responses(400, *READ_ERRORS)  # operations that read a JSON body


def get_query_terms() -> QueryTerms:
    """The need -> query terms function (a dependency, so a test may replace it)."""
    return _pipeline_query_terms


QueryTermsDep = Annotated[QueryTerms, Depends(get_query_terms)]


def get_context(store: StoreDep, settings: SettingsDep, query_terms: QueryTermsDep) -> NavigationContext:
    return NavigationContext(store, settings, query_terms)


ContextDep = Annotated[NavigationContext, Depends(get_context)]


def json_response(response: NavigationResponse) -> Response:
    return Response(render_json(response), media_type="application/json")


def list_fields(request_type: type[NavigationRequest]) -> frozenset[str]:
    return frozenset(n for n, f in request_type.model_fields.items() if get_origin(f.annotation) is list)


def query_bounds(request_type: type[NavigationRequest]) -> DependsMarker:
    """Refuse a single-valued parameter given twice and a list given more than its bound,
    before the values are parsed (``region`` x 3,000 costs one count)."""
    lists = list_fields(request_type)

    def check(request: Request) -> None:
        for key, count in Counter(k for k, _ in request.query_params.multi_items()).items():
            name = key[:MAX_ECHO_CHARS]
            if count > 1 and key not in lists:
                raise ParameterError(name, f"只能给一次, 收到 {count} 次")
            if count > MAX_LIST_VALUES:
                raise ParameterError(name, f"最多 {MAX_LIST_VALUES} 个值, 收到 {count} 个")

    return Depends(check)


def add_query_route(router: APIRouter, path: str, request_type: type[NavigationRequest]) -> None:
    """``GET path`` answering ``request_type`` from the query string, documented from the type."""

    def endpoint(params: NavigationRequest, ctx: NavigationContext) -> Response:
        return json_response(params.answer(ctx))

    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(
                "params", inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[request_type, Query()]
            ),
            inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=ContextDep),
        ]
    )
    router.add_api_route(
        path,
        endpoint,
        methods=["GET"],
        name=request_type.analysis,
        summary=request_type.openapi_summary,
        description=request_type.openapi_description,
        response_model=response_model(request_type),
        response_description=ANSWER_DESCRIPTION,
        responses=ERROR_RESPONSES,
        dependencies=[query_bounds(request_type)],
    )


def install_error_handlers(app: FastAPI) -> None:
    """Our errors and invalid requests -> the status and Chinese message of ``errors``."""

    async def handle(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(error_body(exc), status_code=error_status(exc))

    async def handle_invalid_request(request: Request, exc: Exception) -> JSONResponse:
        errors = exc.errors() if isinstance(exc, RequestValidationError) else []
        body = {"detail": validation_message(errors), "error": "RequestValidationError"}
        return JSONResponse({**body, "errors": public_errors(errors)}, status_code=422)

    async def handle_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code < 400:  # not an error (e.g. 304): no body
            return Response(status_code=exc.status_code, headers=exc.headers)
        body = {"detail": http_detail(exc, request), "error": "HTTPException"}
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    app.add_exception_handler(PatentnavError, handle)
    app.add_exception_handler(ValidationError, handle)
    app.add_exception_handler(RequestValidationError, handle_invalid_request)
    app.add_exception_handler(HTTPException, handle_http)


# Starlette's own English details, in Chinese (ours are Chinese already)
_HTTP_DETAILS_ZH = {
    "Not Found": "接口不存在 (not found): 可用接口见 /docs",
    "Method Not Allowed": "不支持此请求方法 (method not allowed)",
    "There was an error parsing the body": "请求体无法解析: 应为 UTF-8 编码的 JSON (cannot parse the body)",
}


def http_detail(exc: HTTPException, request: Request) -> str:
    if exc.status_code == 413 and exc.detail == "Content Too Large":
        limit = request.scope.get("starlette.max_body_size")
        return f"请求体超过大小上限 {limit} 字节 (request body too large)"
    return _HTTP_DETAILS_ZH.get(str(exc.detail), str(exc.detail))[:500]


def error_body(exc: Exception) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": error_message(exc), "error": type(exc).__name__}
    if isinstance(exc, ValidationError):
        body["errors"] = public_errors(exc.errors())
    return body
