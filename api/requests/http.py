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
    ParameterError,
    error_message,
    error_status,
    public_errors,
    validation_message,
)
from api.requests.fields import MAX_LIST_VALUES
from graph.errors import PatentnavError

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": "不存在 (如产业链)"},
    422: {"description": "参数无效: detail 用中文说明哪个参数、应为何种形式"},
}


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
            if count > 1 and key not in lists:
                raise ParameterError(key, f"只能给一次, 收到 {count} 次")
            if count > MAX_LIST_VALUES:
                raise ParameterError(key, f"最多 {MAX_LIST_VALUES} 个值, 收到 {count} 个")

    return Depends(check)


def add_query_route(
    router: APIRouter, path: str, request_type: type[NavigationRequest], summary: str
) -> None:
    """``GET path`` answering ``request_type`` from the query string."""

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
        summary=summary,
        description=request_type.__doc__,
        response_model=NavigationResponse,
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

    app.add_exception_handler(PatentnavError, handle)
    app.add_exception_handler(ValidationError, handle)
    app.add_exception_handler(RequestValidationError, handle_invalid_request)


def error_body(exc: Exception) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": error_message(exc), "error": type(exc).__name__}
    if isinstance(exc, ValidationError):
        body["errors"] = public_errors(exc.errors())
    return body
