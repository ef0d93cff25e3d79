"""`patentnav serve`: the API and the analyst pages; once listening it names the URLs to open."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from graph.settings import Settings, parse_store_kind

if TYPE_CHECKING:
    import socket

    import uvicorn
    from fastapi import FastAPI

# uvicorn's own startup logger, so the URLs appear with "Uvicorn running on ..."
logger = logging.getLogger("uvicorn.error")
ANY_ADDRESS = frozenset({"", "0.0.0.0", "::"})


def serve(
    host: Annotated[str, typer.Option(help="bind address")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    store: Annotated[str | None, typer.Option("--store", help="embedded | neo4j")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="embedded store file")] = None,
) -> None:
    """Serve the navigation API and the analyst pages (/ui/; OpenAPI docs at /docs)."""
    from api.app import create_app

    app = create_app(settings_for(store, db))
    announcing_server(app, host, port).run()


def service_urls(host: str, port: int) -> dict[str, str]:
    """The addresses to open in a browser; a wildcard bind is reached through 127.0.0.1."""
    shown = "127.0.0.1" if host in ANY_ADDRESS else f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    return {
        "分析页面 (UI)": f"{base}/ui/",
        "接口 (API)": f"{base}/api/stats",
        "接口文档 (docs)": f"{base}/docs  (ReDoc: {base}/redoc)",
        "健康检查 (health)": f"{base}/health",
    }


def announcing_server(app: FastAPI, host: str, port: int) -> uvicorn.Server:
    """uvicorn's server that, once the app has started and the socket listens, logs the URLs
    (and warns about an empty store)."""
    import uvicorn

    from api.requests.base import empty_store_warning

    class AnnouncingServer(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if self.started and not self.should_exit:
                for label, url in service_urls(host, port).items():
                    logger.info("%s: %s", label, url)
                if warning := empty_store_warning(app.state.store):
                    logger.warning(warning)

    return AnnouncingServer(uvicorn.Config(app, host=host, port=port))


def settings_for(store: str | None, db: Path | None) -> Settings:
    overrides: dict[str, object] = {}
    if store is not None:
        overrides["store"] = parse_store_kind(store)
    if db is not None:
        overrides["db_path"] = db
    return Settings(**overrides)  # type: ignore[arg-type]
