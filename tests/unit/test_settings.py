"""Settings: store resolution, env prefix, refusal of placeholder secrets outside development."""

from __future__ import annotations

import pytest

from graph.errors import ConfigurationError
from graph.settings import Environment, Settings, StoreKind


def test_embedded_is_the_default_without_a_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PATENTNAV_NEO4J_URI", raising=False)
    monkeypatch.delenv("PATENTNAV_STORE", raising=False)
    assert Settings().resolved_store is StoreKind.EMBEDDED


def test_a_neo4j_uri_selects_neo4j(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATENTNAV_NEO4J_URI", "bolt://127.0.0.1:7687")
    monkeypatch.delenv("PATENTNAV_STORE", raising=False)
    assert Settings().resolved_store is StoreKind.NEO4J


def test_explicit_store_wins_over_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATENTNAV_NEO4J_URI", "bolt://127.0.0.1:7687")
    monkeypatch.setenv("PATENTNAV_STORE", "embedded")
    assert Settings().resolved_store is StoreKind.EMBEDDED


def test_password_is_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATENTNAV_NEO4J_PASSWORD", "a-Real-passw0rd")
    settings = Settings()
    assert settings.neo4j_password is not None
    assert "a-Real-passw0rd" not in repr(settings)


@pytest.mark.parametrize("password", ["neo4j", "password", "123456", "", "short"])
def test_placeholder_password_refused_outside_development(password: str) -> None:
    with pytest.raises(ConfigurationError, match="PATENTNAV_NEO4J_PASSWORD"):
        Settings(
            environment=Environment.TEST,
            neo4j_uri="bolt://127.0.0.1:7687",
            neo4j_password=password,  # type: ignore[arg-type]
        )


def test_placeholder_password_tolerated_in_development() -> None:
    settings = Settings(
        environment=Environment.DEVELOPMENT, neo4j_uri="bolt://x:7687", neo4j_password="neo4j"
    )  # type: ignore[arg-type]
    assert settings.resolved_store is StoreKind.NEO4J


def test_production_requires_an_api_token() -> None:
    with pytest.raises(ConfigurationError, match="PATENTNAV_API_TOKEN"):
        Settings(environment=Environment.PRODUCTION)


def test_real_password_accepted_in_production() -> None:
    settings = Settings(
        environment=Environment.PRODUCTION,
        neo4j_uri="bolt://db:7687",
        neo4j_password="x8Vq-2mLp-Zr7w",  # type: ignore[arg-type]
        api_token="tok-0123456789abcdef",  # type: ignore[arg-type]
    )
    assert settings.resolved_store is StoreKind.NEO4J


@pytest.mark.parametrize("blank", ["", "   "])
def test_blank_api_token_closes_writes(blank: str) -> None:
    # An empty PATENTNAV_API_TOKEN must not become an empty bearer token that anyone matches.
    assert Settings(api_token=blank).api_token is None  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="PATENTNAV_API_TOKEN"):
        Settings(environment=Environment.PRODUCTION, api_token=blank)  # type: ignore[arg-type]


def test_short_api_token_refused() -> None:
    with pytest.raises(ConfigurationError, match="shorter than 16"):
        Settings(api_token="abc")  # type: ignore[arg-type]


def test_a_bad_store_kind_names_the_setting_and_the_valid_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATENTNAV_STORE", "xyz")
    with pytest.raises(
        ConfigurationError, match=r"'xyz' \(PATENTNAV_STORE / --store\); valid values: embedded, neo4j"
    ):
        Settings()


def test_store_kind_is_case_insensitive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATENTNAV_STORE", " Neo4j ")
    assert Settings().resolved_store is StoreKind.NEO4J
