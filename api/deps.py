"""FastAPI dependencies: the one store built at start-up, settings, write authentication."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from graph.settings import Settings
from graph.store import GraphStore

_bearer = HTTPBearer(auto_error=False)


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def require_writer(
    settings: Annotated[Settings, Depends(get_app_settings)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Every writing endpoint needs ``Authorization: Bearer $PATENTNAV_API_TOKEN``.

    With no token configured, writes are refused rather than left open.
    """
    if settings.api_token is None:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "写入已关闭: 未配置 PATENTNAV_API_TOKEN (writes disabled)"
        )
    expected = settings.api_token.get_secret_value().encode()
    given = credentials.credentials.encode() if credentials else b""
    if not secrets.compare_digest(given, expected):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "认证失败 (a valid bearer token is required)",
            headers={"WWW-Authenticate": "Bearer"},
        )


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
WriterDep = Annotated[None, Depends(require_writer)]
