"""The navigation request layer (导航请求层), shared by the Typer CLI, the FastAPI routes and the pages.

One request type per analysis parses and bounds its parameters (``fields``), checks what needs
the graph (``NavigationContext``), calls ``graph.navigation`` and answers with one
``NavigationResponse`` (the result's ``to_dict()``, wrapped the same way everywhere). The shells
are generated from the request type: ``http.add_query_route`` for the API, ``cli.add_query_command``
for ``patentnav query``; errors map to an HTTP status and an exit code once (``errors``).

To add a parameter to an analysis, add one field to its request type (a type from ``fields``,
a default, a Chinese ``description``) and pass it on in ``run``: ``/api/X?name=...`` and
``patentnav query X --name ...`` both have it, with the same parsing and messages.

To add an analysis (or a lookup answered in the envelope), write a request type with
``analysis``, ``openapi_summary`` and ``openapi_description`` (Chinese), ``result_type`` (the
result dataclass, or a model in ``results``) and ``run``; register it with
``http.add_query_route(router, "/path", TheRequest)`` and ``cli.add_query_command``. Its
OpenAPI operation, typed response (``results.response_model``) and documented errors (the one
``ErrorBody``) follow; ``tests/api/test_openapi_fuzz.py`` then fuzzes it with the rest.
"""

from api.requests.base import (
    NavigationContext,
    NavigationRequest,
    NavigationResponse,
    PagedRequest,
    render_json,
    resolve_as_of,
)
from api.requests.chains import ChainDetailRequest, ChainGapRequest, ChainListRequest, StatsRequest
from api.requests.errors import ErrorBody, ParameterError, error_message, error_status, exit_code
from api.requests.events import AbnormalTransferRequest, KpiRequest
from api.requests.patents import (
    CollaboratorRequest,
    HighValueRequest,
    PoolRequest,
    SleepingRequest,
    SupplyListRequest,
)

__all__ = [
    "AbnormalTransferRequest",
    "ChainDetailRequest",
    "ChainGapRequest",
    "ChainListRequest",
    "CollaboratorRequest",
    "ErrorBody",
    "HighValueRequest",
    "KpiRequest",
    "NavigationContext",
    "NavigationRequest",
    "NavigationResponse",
    "PagedRequest",
    "ParameterError",
    "PoolRequest",
    "SleepingRequest",
    "StatsRequest",
    "SupplyListRequest",
    "error_message",
    "error_status",
    "exit_code",
    "render_json",
    "resolve_as_of",
]
