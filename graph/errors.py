"""Our own exception classes; `api/` maps them to HTTP status codes."""


class PatentnavError(Exception):
    """Base class for every error this project raises on purpose."""


class ConfigurationError(PatentnavError):
    """Settings are missing, contradictory or unsafe (e.g. a placeholder password outside development)."""


class StoreUnavailableError(PatentnavError):
    """The configured graph store cannot be reached (HTTP 503: a client may try later).

    Not a ``TransientError``: the Neo4j driver has retried already when this is raised.
    """


class NotFoundError(PatentnavError):
    """A key (publication number, holder key, chain) does not exist in the graph."""


class InvalidQueryError(PatentnavError):
    """A navigation query is malformed or exceeds the request-cost limits."""


class Neo4jProvisioningError(PatentnavError):
    """The project's own Neo4j server could not be assembled or did not become ready."""


class TransientError(PatentnavError):
    """Repeating the same operation may succeed (可重试): callers decide retries by this type alone.

    Raise it only where nothing below has retried already, so a failure is never retried twice.
    """


class TerminalError(PatentnavError):
    """Repeating will fail the same way until the input, the data or the setup is fixed (不可重试)."""


class SourceFileError(TerminalError):
    """A patent export cannot be read (corrupt, truncated, undecodable); the message names the file."""


class ChainDefinitionError(PatentnavError):
    """A chain definition file (产业链定义) is malformed or inconsistent; the message names the file."""


class MissingColumnError(TerminalError):
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


class IngestIntegrityError(TerminalError):
    """The store did not confirm every patent of a batch it was asked to write."""


class TransientStoreError(TransientError):
    """A store call failed for a passing reason (a lock held by another writer, a leader switch).

    Writes are idempotent upserts, so the ingest repeats the call a bounded number of times. The
    Neo4j driver's managed transactions already retry transient errors (for up to 30 s), so what
    the Neo4j store lets through after them is terminal, not this.
    """


class IngestStoreError(TerminalError):
    """The store failed during an ingest and retrying will not help (or the retries ran out);
    the message names the file and the rows of the batch. The run stops."""
