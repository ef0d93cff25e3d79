"""API test fixtures: the app over an in-memory embedded store holding the crafted graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from graph.settings import Settings
from graph.store import GraphStore
from tests.navigation_graphs import crafted_embedded_store

TOKEN = "api-test-token-0123456789"


def api_settings(tmp: Path, **overrides: object) -> Settings:
    """Settings whose files (db, checkpoints, quarantine) live under ``tmp``."""
    values: dict[str, object] = {"db_path": tmp / "patentnav.sqlite", "api_token": SecretStr(TOKEN)}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def crafted_store() -> Iterator[GraphStore]:
    store = crafted_embedded_store()
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(crafted_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(api_settings(tmp_path_factory.mktemp("api")), store=crafted_store)
    with TestClient(app) as test_client:
        yield test_client
