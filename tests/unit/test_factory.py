"""graph.factory: embedded by default, explicit selection, clear error when Neo4j is unreachable."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import ConfigurationError, StoreUnavailableError
from graph.factory import open_store, resolve_store_kind, store_session
from graph.settings import Settings, StoreKind
from graph.stores.embedded.store import EmbeddedStore


def test_embedded_by_default_creates_parent_dirs(tmp_path: Path) -> None:
    db = tmp_path / "nested" / "dir" / "graph.sqlite"
    store = open_store(Settings(db_path=db, neo4j_uri=None))
    try:
        assert isinstance(store, EmbeddedStore) and store.name == "embedded"
        assert db.exists()
    finally:
        store.close()


def test_db_argument_overrides_settings(tmp_path: Path) -> None:
    with store_session(
        Settings(db_path=tmp_path / "a.sqlite"), store="embedded", db=tmp_path / "b.sqlite"
    ) as s:
        assert s.stats().nodes["Patent"] == 0
    assert (tmp_path / "b.sqlite").exists() and not (tmp_path / "a.sqlite").exists()


def test_explicit_embedded_wins_over_a_uri() -> None:
    settings = Settings(neo4j_uri="bolt://127.0.0.1:1")
    assert resolve_store_kind(settings, None) is StoreKind.NEO4J
    assert resolve_store_kind(settings, "Embedded") is StoreKind.EMBEDDED


def test_unknown_store_name_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PATENTNAV_STORE", raising=False)
    message = r"unknown store 'postgres' \(PATENTNAV_STORE / --store\); valid values: embedded, neo4j"
    with pytest.raises(ConfigurationError, match=message):
        open_store(Settings(), store="postgres")
    with pytest.raises(ConfigurationError, match=message), store_session(store="postgres"):
        pass


def test_unreachable_neo4j_raises_store_unavailable() -> None:
    settings = Settings(neo4j_uri="bolt://127.0.0.1:9", neo4j_password="x-real-Passw0rd")  # type: ignore[arg-type]
    with pytest.raises(StoreUnavailableError, match="unreachable"):
        open_store(settings, store="neo4j")


def test_neo4j_without_uri_raises_store_unavailable() -> None:
    with pytest.raises(StoreUnavailableError, match="PATENTNAV_NEO4J_URI"):
        open_store(Settings(neo4j_uri=None), store="neo4j")
