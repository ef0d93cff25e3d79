"""Interface documentation pages (接口文档) served with no request leaving the server.

FastAPI's own ``/docs`` and ``/redoc`` load Swagger UI and ReDoc from a CDN (and ReDoc fonts
from Google), so they are blank on an intranet. The ``fastapi-offline`` package ships the
swagger-ui and redoc bundles; we serve its files under ``/docs-assets`` and build the two pages
with FastAPI's HTML helpers pointing at them. Like every response, the pages carry the
Content-Security-Policy of ``api.security_headers`` that allows nothing but this server, so a
remote reference in a future bundle stays unfetched.
"""

from __future__ import annotations

import mimetypes
from functools import lru_cache
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, RedirectResponse, Response

DOCS_URL = "/docs"
REDOC_URL = "/redoc"
ASSETS_URL = "/docs-assets"
UI_HOME = "/ui/"
# validatorUrl none: Swagger UI would otherwise send the spec to an online validator.
SWAGGER_PARAMETERS = {"validatorUrl": None, "docExpansion": "list", "defaultModelsExpandDepth": 0}
ASSET_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png")
# ReDoc's sidebar footer hard-codes its logo on a CDN; we show our favicon instead.
REDOC_REMOTE_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"


def docs_assets_dir() -> Path:
    """The swagger-ui / redoc files shipped inside the fastapi-offline package."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


@lru_cache(maxsize=len(ASSET_FILES))
def docs_asset(name: str) -> tuple[bytes, str] | None:
    """One of the documentation assets by name (read once), with its media type."""
    if name not in ASSET_FILES:
        return None
    content = (docs_assets_dir() / name).read_bytes()
    if name == "redoc.standalone.js":
        content = content.replace(REDOC_REMOTE_LOGO, f"{ASSETS_URL}/favicon.png".encode())
    return content, mimetypes.guess_type(name)[0] or "application/octet-stream"


def install_offline_docs(app: FastAPI) -> None:
    """Serve ``/docs`` (Swagger UI) and ``/redoc`` from local assets; the app must have been
    built with ``docs_url=None, redoc_url=None``."""
    oauth2_redirect = f"{DOCS_URL}/oauth2-redirect"

    @app.get(ASSETS_URL + "/{name}", include_in_schema=False)
    def asset(name: str) -> Response:
        found = docs_asset(name)
        if found is None:
            raise HTTPException(404, "资源不存在 (no such documentation asset)")
        content, media = found
        return Response(content, media_type=media, headers={"Cache-Control": "max-age=86400"})

    @app.get(DOCS_URL, include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} · 接口文档",
            oauth2_redirect_url=f"{root}{oauth2_redirect}",
            swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            swagger_ui_parameters=SWAGGER_PARAMETERS,
        )

    @app.get(oauth2_redirect, include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get(REDOC_URL, include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} · 接口文档 (ReDoc)",
            redoc_js_url=f"{root}{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            with_google_fonts=False,
        )


def install_home_redirect(app: FastAPI) -> None:
    """``/`` is the analyst pages' home (``/ui/``), not a 404."""

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse(UI_HOME, status_code=307)
