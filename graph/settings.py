"""One settings object for the whole product (env prefix ``PATENTNAV_``).

No credentials live in code. Outside ``development`` a placeholder or default Neo4j
password is refused, so a deployment cannot silently run with ``neo4j/neo4j``.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.errors import ConfigurationError

PLACEHOLDER_PASSWORDS = frozenset(
    {"", "neo4j", "password", "changeme", "change-me", "123456", "secret", "test"}
)
MIN_TOKEN_CHARS = 16  # e.g. `python -c "import secrets; print(secrets.token_urlsafe())"`
REPO_ROOT = Path(__file__).resolve().parent.parent
# The one default graph file: the CLI, `patentnav serve` and `make demo` all read and write it.
# Anchored at the checkout (like data/ and .cache/), so the working directory does not matter.
DEFAULT_DB_PATH = REPO_ROOT / "var" / "patentnav.sqlite"


class StoreKind(StrEnum):
    EMBEDDED = "embedded"
    NEO4J = "neo4j"


def parse_store_kind(value: object) -> StoreKind:
    """``PATENTNAV_STORE`` / ``--store`` / ``store=`` -> StoreKind; one error for a bad value."""
    if isinstance(value, StoreKind):
        return value
    try:
        return StoreKind(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(kind.value for kind in StoreKind)
        raise ConfigurationError(
            f"unknown store {value!r} (PATENTNAV_STORE / --store); valid values: {choices} (存储类型无效)"
        ) from None


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PATENTNAV_", extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    store: StoreKind | None = None  # None: neo4j when a URI is set, else embedded
    db_path: Path = DEFAULT_DB_PATH
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str = "neo4j"
    data_dir: Path = REPO_ROOT / "data"
    cache_dir: Path = REPO_ROOT / ".cache"  # the one cache root: Neo4j assembly, bench graphs, corpora
    neo4j_home: Path | None = None  # default: <cache_dir>/neo4j
    # how long the Neo4j driver connects and retries a transaction whose server went away before
    # the store answers "unavailable" (503): the driver's own 30 s + 30 s kept a request a minute
    neo4j_connect_timeout_s: float = Field(default=5.0, gt=0)
    neo4j_retry_s: float = Field(default=5.0, ge=0)
    api_token: SecretStr | None = None  # bearer token required by every writing endpoint
    max_upload_bytes: int = 50 * 1024 * 1024
    # any other request body (JSON): a need of 2,000 characters is ~6 KB; refused while streaming
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    batch_size: int = 1000
    # a first load into an empty embedded store writes this many patents per transaction: bytes
    # written at 200k patents 40x -> 5x the final database size (with indexes built at the end)
    ingest_first_load_rows: int = Field(default=20000, ge=1)
    # ingest limits (导入限制): one hostile file or cell must not stop a run or exhaust memory
    ingest_header_search_rows: int = 50  # preamble rows (title, search strategy) tolerated above the header
    ingest_max_cell_chars: int = 64 * 1024 * 1024  # a longer CSV cell quarantines its row
    ingest_max_record_lines: int = 1000  # physical lines one quoted CSV record may span
    nlp_max_text_chars: int = 100_000  # title+abstract+claims cut to this for NLP (full text is kept)
    ingest_max_event_count: int = (
        1000  # a 转让/许可/质押次数 above this is implausible: its row is quarantined
    )
    # a store call of an ingest that fails transiently or finds the store down is retried: this many
    # calls in all, waits doubling from 1 s (plus jitter), each at most this long
    ingest_retry_attempts: int = Field(default=6, ge=1)
    ingest_retry_max_wait_s: float = Field(default=30.0, gt=0)
    xlsx_max_uncompressed_bytes: int = 512 * 1024 * 1024  # a workbook inflating beyond this is refused
    xlsx_max_ratio: float = 100.0  # nor may one large part inflate more than this (zip bomb)
    chromium: Path = Path("/usr/bin/chromium")  # headless, prints the navigation report to PDF

    @field_validator("api_token", mode="after")
    @classmethod
    def _blank_token_is_no_token(cls, token: SecretStr | None) -> SecretStr | None:
        # PATENTNAV_API_TOKEN='' must close writes, not open them to an empty bearer token.
        if token is None or not token.get_secret_value().strip():
            return None
        return token

    @field_validator("store", mode="before")
    @classmethod
    def _known_store(cls, value: object) -> StoreKind | None:
        return None if value is None or value == "" else parse_store_kind(value)

    @model_validator(mode="after")
    def _refuse_unsafe_secrets(self) -> Settings:
        if self.api_token is not None and len(self.api_token.get_secret_value()) < MIN_TOKEN_CHARS:
            raise ConfigurationError(
                f"PATENTNAV_API_TOKEN is shorter than {MIN_TOKEN_CHARS} characters "
                f"(environment={self.environment.value})"
            )
        if self.environment is Environment.DEVELOPMENT:
            return self
        if self.resolved_store is StoreKind.NEO4J:
            pw = self.neo4j_password.get_secret_value() if self.neo4j_password else ""
            if pw.lower() in PLACEHOLDER_PASSWORDS or len(pw) < 8:
                raise ConfigurationError(
                    "PATENTNAV_NEO4J_PASSWORD is missing or a placeholder; set a real password "
                    f"(environment={self.environment.value})"
                )
        if self.environment is Environment.PRODUCTION and self.api_token is None:
            raise ConfigurationError("PATENTNAV_API_TOKEN must be set in production (it guards writes)")
        return self

    @property
    def neo4j_root(self) -> Path:
        """Where the project's Neo4j is assembled (``PATENTNAV_NEO4J_HOME`` or under the cache root)."""
        return self.neo4j_home or self.cache_dir / "neo4j"

    @property
    def resolved_store(self) -> StoreKind:
        if self.store is not None:
            return self.store
        return StoreKind.NEO4J if self.neo4j_uri else StoreKind.EMBEDDED


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use (never at import)."""
    return Settings()
