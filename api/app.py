"""The FastAPI navigation service: lifespan builds one store; routes are thin shells."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from api import routes_graph
from api.docs_pages import install_home_redirect, install_offline_docs
from graph.errors import InvalidQueryError, NotFoundError, PatentnavError, StoreUnavailableError
from graph.settings import Settings, get_settings
from graph.store import GraphStore


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the app. A store passed in (tests) is used as is and not closed by the app."""
    resolved = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from graph.factory import open_store

        app.state.settings = resolved
        owned = store is None
        app.state.store = store if store is not None else open_store(resolved)
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="patentnav 专利导航知识图谱服务",
        version="0.1.0",
        description="产业链补链强链延链分析、合作对象发现、沉睡专利、高价值专利、专利池、转化指标、异常转让预警",
        lifespan=lifespan,
        docs_url=None,  # served from local assets by install_offline_docs
        redoc_url=None,
    )
    install_offline_docs(app)
    install_home_redirect(app)
    _install_error_handlers(app)
    app.include_router(routes_graph.router)
    _include_area_routers(app)
    return app


def _include_area_routers(app: FastAPI) -> None:
    from api import routes_ingest, routes_navigation, routes_viz

    app.include_router(routes_navigation.router)
    app.include_router(routes_ingest.router)
    app.include_router(routes_viz.router)


def _install_error_handlers(app: FastAPI) -> None:
    status_by_error: list[tuple[type[PatentnavError], int]] = [
        (NotFoundError, 404),
        (InvalidQueryError, 422),
        (StoreUnavailableError, 503),
    ]

    async def handle(request: Request, exc: Exception) -> JSONResponse:
        code = next((c for cls, c in status_by_error if isinstance(exc, cls)), 400)
        return JSONResponse(status_code=code, content={"detail": str(exc), "error": type(exc).__name__})

    async def handle_validation(request: Request, exc: Exception) -> JSONResponse:
        errors = exc.errors() if isinstance(exc, RequestValidationError) else []
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err.get('loc', ())[1:]) or '请求'}: {err.get('msg', '')}"
            for err in errors
        )
        return JSONResponse(
            status_code=422,
            content={"detail": f"请求参数无效 — {problems}", "errors": jsonable_errors(errors)},
        )

    app.add_exception_handler(PatentnavError, handle)
    app.add_exception_handler(RequestValidationError, handle_validation)


def jsonable_errors(errors: object) -> object:
    """Pydantic's error list, made JSON-safe (its ``ctx`` may hold exception objects)."""
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(errors, custom_encoder={Exception: str})
