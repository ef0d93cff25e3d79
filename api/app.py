"""The FastAPI navigation service: lifespan builds one store; routes are thin shells."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import routes_graph
from api.body_limit import BodyLimitMiddleware, LimitFor
from api.docs_pages import install_home_redirect, install_offline_docs
from api.requests.http import install_error_handlers
from api.security_headers import SecurityHeadersMiddleware
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
    app.add_middleware(BodyLimitMiddleware, limit_for=_body_limits(resolved))
    app.add_middleware(SecurityHeadersMiddleware)  # added last: outermost, so on every answer
    install_offline_docs(app)
    install_home_redirect(app)
    install_error_handlers(app)
    app.include_router(routes_graph.router)
    _include_area_routers(app, resolved)
    return app


def _include_area_routers(app: FastAPI, settings: Settings) -> None:
    from api import routes_demands, routes_ingest, routes_navigation, routes_report, routes_viz

    app.include_router(routes_navigation.router)
    app.include_router(routes_demands.router)
    app.include_router(routes_ingest.router)
    app.include_router(routes_viz.router)
    app.include_router(routes_report.router)


def _body_limits(settings: Settings) -> LimitFor:
    """The upload route takes an export file; every other body is a small JSON request."""
    from api.routes_ingest import ENVELOPE_ALLOWANCE, UPLOAD_PATH

    upload = settings.max_upload_bytes + ENVELOPE_ALLOWANCE

    def limit_for(path: str) -> int:
        return upload if path == UPLOAD_PATH else settings.max_body_bytes

    return limit_for
