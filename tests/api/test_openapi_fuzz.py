"""The API against its own OpenAPI document (schemathesis): no 5xx, no schema violation.

The real app over the crafted graph (embedded store, in memory), called in-process. A bounded
number of cases per operation keeps this under a minute. Checked: no server error, every
status and body is the documented one (responses and the one error schema), content types and
headers, and schema-invalid input is refused. Not checked: that every schema-valid request
is accepted, since some rules need the graph or a reference table (does this chain or region
code exist?); each is stated in the parameter's description instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks
from schemathesis.core.failures import FailureGroup

from api.app import create_app
from graph.store import GraphStore
from tests.api.conftest import api_settings
from tests.navigation_graphs import crafted_embedded_store

CASES_PER_OPERATION = 15  # about 40 s for the whole API on a loaded 2-core machine
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
    checks.negative_data_rejection,
]


@pytest.fixture(scope="module")
def fuzz_store() -> Iterator[GraphStore]:
    store = crafted_embedded_store()
    yield store
    store.close()


@pytest.fixture(scope="module")
def api_schema(fuzz_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    # the ingest route writes: dry runs only would still parse uploads; it is fuzzed without a token
    app = create_app(api_settings(folder, api_token=None), store=fuzz_store)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def run_cases(strategy: Any, label: str, failures: list[str]) -> None:
    """Up to CASES_PER_OPERATION cases of ``strategy``; the first failure is recorded."""

    @given(strategy)
    @settings(
        max_examples=CASES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
    )
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        pass  # nothing to make invalid (an operation without parameters, negative mode)
    except (FailureGroup, AssertionError) as exc:
        failures.append(f"{label}: {str(exc)[:1500]}")


@pytest.mark.timeout(300)
def test_api_matches_its_openapi_document(api_schema: Any) -> None:
    failures: list[str] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15  # every route of the JSON API is documented
    for operation in operations:
        for examples in api_schema.get_strategies_from_examples(operation):
            run_cases(examples, f"{operation.label} (example)", failures)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            run_cases(
                operation.as_strategy(generation_mode=mode), f"{operation.label} ({mode.value})", failures
            )
    assert not failures, "\n\n".join(failures)
