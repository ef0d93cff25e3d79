"""Query latency through the API (经 API 的查询延迟): ``patentnav bench query --via api``.

The questions ``bench.query`` draws, sent as HTTP requests to the real server (``patentnav
serve`` in a subprocess, on the cached embedded graph or on the bench's Neo4j), one client and
one connection, warm: one warm-up request per analysis, then the timed ones. A request's time
is until its whole body is read (the JSON an analyst's page or script receives), so the
figures include validation, the analysis, paging and serialisation. ``GET /api/stats`` is the
baseline. Any answer other than 200 stops the bench with the server's message.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench.burst import served_store
from bench.questions import AS_OF, BASELINE, KPI_YEARS, Ask, Latency, time_calls
from graph.settings import Settings

HttpQuestion = Callable[[httpx.Client], int]  # sends one request, returns the items answered
KPI_TARGET = "academic_to_sme:count:0.10"  # the in-process questions' target
TIMEOUT_S = 600.0


def http_questions(asks: list[Ask]) -> dict[str, list[HttpQuestion]]:
    """The drawn questions as requests, analysis by analysis (the names of ``bench.query``)."""
    day = AS_OF.isoformat()
    years = {"year_from": KPI_YEARS[0], "year_to": KPI_YEARS[1]}
    questions: dict[str, list[HttpQuestion]] = {}
    for a in asks:
        scope = {"region": a.scope[0]} if a.scope else {}
        need: dict[str, Any] = {"need": "、".join(a.terms), "as_of": day}
        need |= {k: v for k, v in (("region", a.seeker), ("chain_node", a.need_node)) if v}
        calls = {
            "chain_gaps": _get("/api/gaps", chain=a.chain, region=a.province, as_of=day),
            "collaborators": _post("/api/collaborators", need),
            "sleeping": _get(
                "/api/sleeping", **({"region": a.province} if a.by_region else {"chain": a.chain}), as_of=day
            ),
            "high_value": _get(
                "/api/high-value",
                **({"region": a.province} if a.by_region else {"chain_node": a.node}),
                as_of=day,
            ),
            "pool": _get("/api/pools", chain_node=a.node, as_of=day),
            "kpis": _get("/api/kpis", **scope, **years, target=KPI_TARGET),
            "abnormal_transfers": _get("/api/abnormal-transfers", **scope, as_of=day),
        }
        for name, call in calls.items():
            if name != "collaborators" or a.terms:  # no terms: a graph without technologies
                questions.setdefault(name, []).append(call)
    return questions


def _get(path: str, **params: Any) -> HttpQuestion:
    return lambda http: _items(http.get(path, params=params))


def _post(path: str, body: dict[str, Any]) -> HttpQuestion:
    return lambda http: _items(http.post(path, json=body))


def _items(response: httpx.Response) -> int:
    """How many items the answer holds: the page's total, else the collaborator candidates."""
    if response.status_code != 200:
        raise RuntimeError(f"{response.request.url}: {response.status_code} {response.text[:500]}")
    body = response.json()
    if body.get("page"):
        return int(body["page"]["total"])
    result = body["result"]
    return len(result["candidates"]) if "candidates" in result else 1


def measure_api(
    store_env: dict[str, str],
    store: str,
    size: int,
    questions: dict[str, list[HttpQuestion]],
    repeats: int,
    budget_s: float,
) -> list[Latency]:
    """Start the server on the store ``store_env`` names, then time the baseline and every analysis."""
    with (
        tempfile.TemporaryDirectory(prefix="bench-api-") as work,
        served_store(store_env, Path(work) / "server.log") as (base, _pid),
        httpx.Client(base_url=base, timeout=TIMEOUT_S) as http,
    ):
        label = f"{store} (API)"
        baseline = time_calls(http, label, size, BASELINE, [_get("/api/stats")], repeats, budget_s)
        figures = [baseline]
        for analysis, calls in questions.items():
            figures.append(time_calls(http, label, size, analysis, calls, repeats, budget_s))
    return [f.with_baseline(baseline.p50_ms) for f in figures]


def embedded_env(db: Path) -> dict[str, str]:
    return {"PATENTNAV_STORE": "embedded", "PATENTNAV_DB_PATH": str(db)}


def neo4j_env(settings: Settings) -> dict[str, str]:
    """The server's environment for the Neo4j the bench filled (password passed, never printed)."""
    password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
    return {
        "PATENTNAV_STORE": "neo4j",
        "PATENTNAV_NEO4J_URI": str(settings.neo4j_uri),
        "PATENTNAV_NEO4J_USER": settings.neo4j_user,
        "PATENTNAV_NEO4J_PASSWORD": password,
        "PATENTNAV_NEO4J_DATABASE": settings.neo4j_database,
    }
