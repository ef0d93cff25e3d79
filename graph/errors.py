"""Our own exception classes; `api/` maps them to HTTP status codes."""


class PatentnavError(Exception):
    """Base class for every error this project raises on purpose."""


class ConfigurationError(PatentnavError):
    """Settings are missing, contradictory or unsafe (e.g. a placeholder password outside development)."""


class StoreUnavailableError(PatentnavError):
    """The configured graph store cannot be reached. Retryable."""


class NotFoundError(PatentnavError):
    """A key (publication number, holder key, chain) does not exist in the graph."""


class InvalidQueryError(PatentnavError):
    """A navigation query is malformed or exceeds the request-cost limits."""


class Neo4jProvisioningError(PatentnavError):
    """The project's own Neo4j server could not be assembled or did not become ready."""


class SourceFileError(PatentnavError):
    """A patent export cannot be read (corrupt, truncated, undecodable); the message names the file."""


class ChainDefinitionError(PatentnavError):
    """A chain definition file (产业链定义) is malformed or inconsistent; the message names the file."""


class MissingColumnError(PatentnavError):
    """An export lacks a required column (缺少必需列): names the file and the header variants accepted."""

    def __init__(self, source: str, missing: dict[str, tuple[str, ...]]) -> None:
        self.source = source
        self.missing = missing
        parts = [f"{field} (accepted headers: {', '.join(aliases)})" for field, aliases in missing.items()]
        super().__init__(f"{source}: missing required column(s): " + "; ".join(parts))


class RowRejected(PatentnavError):
    """One export row cannot be mapped (拒收行); the pipeline quarantines it with this reason.

    ``field`` is the canonical field name (see ingest.columns), ``raw`` the offending value.
    """

    def __init__(self, field: str, reason: str, raw: object = None) -> None:
        self.field = field
        self.reason = reason
        self.raw = raw
        super().__init__(f"{field}: {reason} (raw value: {raw!r})")


class IngestIntegrityError(PatentnavError):
    """The store did not confirm every patent of a batch it was asked to write."""
