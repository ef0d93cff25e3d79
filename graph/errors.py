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
