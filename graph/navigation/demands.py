"""The SME technology-demand registry (中小企业技术需求库) and supply-demand matching (供需对接).

A demand is registered with the need in the SME's words and its query terms (segmented by the
caller, as for collaborator discovery). Matching is collaborator discovery itself
(``discover_collaborators``, the same rules and defaults: universities and institutes, patents
in force or pending), run with the demand's terms, region and chain node; its candidate holders
and their offered patents are recorded with the run that found them (``record_demand_matches``).
A demand is matched when it is registered (run ``REGISTRATION_RUN``) and again, while open,
after every ingest run (``rematch_open_demands``), so ``new_matches`` answers "what is new for
my demand since this date / that run" from the recorded first runs.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from graph.demand_records import (
    DEMAND_STATUS_ZH,
    DemandMatchRecord,
    DemandMatchView,
    DemandRecord,
    DemandStatus,
    MatchKind,
)
from graph.errors import InvalidQueryError, NotFoundError
from graph.navigation.collaborators import clean_terms, discover_collaborators
from graph.navigation.common import ToDictMixin
from graph.store import GraphStore

logger = logging.getLogger(__name__)

REGISTRATION_RUN = "registration"  # the matching made when a demand is registered
MATCH_TOP_K = 10  # candidate holders recorded per matching


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_demand_id(created: str) -> str:
    return f"DEM-{created[:10].replace('-', '')}-{secrets.token_hex(3)}"


@dataclass(frozen=True, slots=True)
class DemandView(ToDictMixin):
    """A demand with its recorded candidates (候选权利人与专利), best first."""

    demand_id: str
    need: str
    sme: str
    status: str
    status_zh: str
    created: str
    updated: str | None
    closed: str | None
    close_reason: str | None
    terms: tuple[str, ...]
    region_code: str | None
    chain_node: str | None
    contact: str | None
    match_runs: tuple[str, ...]
    holders: tuple[DemandMatchView, ...]
    patents: tuple[DemandMatchView, ...]
    since: str | None = None  # the matches are those new since this date or run


def require_demand(store: GraphStore, demand_id: str) -> DemandRecord:
    demand = store.get_demand(demand_id)
    if demand is None:
        raise NotFoundError(f"需求不存在: {demand_id[:40]} (no demand {demand_id[:40]})")
    return demand


def register_demand(store: GraphStore, demand: DemandRecord) -> DemandRecord:
    """Store a new demand and make its first matching (when the graph has patents)."""
    store.upsert_demand(demand)
    match_demand(store, demand, REGISTRATION_RUN, demand.created)
    return require_demand(store, demand.demand_id)


def update_demand(store: GraphStore, demand_id: str, changes: dict[str, object]) -> DemandRecord:
    """Change the given fields (need, terms, sme, region, chain node, contact); rematched if open."""
    demand = require_demand(store, demand_id)
    if demand.status is DemandStatus.CLOSED:
        raise InvalidQueryError(f"需求 {demand_id} 已关闭, 不能修改 (closed demands are kept as they were)")
    updated = replace(demand, **changes, updated=now_utc())  # type: ignore[arg-type]
    store.upsert_demand(updated)
    if {"terms", "region_code", "chain_node"} & changes.keys():
        match_demand(store, updated, f"update-{updated.updated}", updated.updated or now_utc())
    return require_demand(store, demand_id)


def close_demand(store: GraphStore, demand_id: str, reason: str | None) -> DemandRecord:
    demand = require_demand(store, demand_id)
    if demand.status is DemandStatus.CLOSED:
        return demand
    store.upsert_demand(replace(demand, status=DemandStatus.CLOSED, closed=now_utc(), close_reason=reason))
    return require_demand(store, demand_id)


def match_demand(store: GraphStore, demand: DemandRecord, run_id: str, seen_at: str) -> int:
    """One matching of one demand, recorded under ``run_id``; the number of candidates found."""
    if not clean_terms(demand.terms) or store.stats().nodes.get("Patent", 0) == 0:
        return 0
    candidates = discover_collaborators(
        store, demand.terms, region=demand.region_code, chain_node=demand.chain_node, top_k=MATCH_TOP_K
    )
    matches: list[DemandMatchRecord] = []
    patents: dict[str, DemandMatchRecord] = {}
    for rank, candidate in enumerate(candidates, 1):
        matches.append(DemandMatchRecord(MatchKind.HOLDER, candidate.holder_key, candidate.score, rank))
        for patent in candidate.patents:
            if patent.pub_no not in patents or patent.relevance > patents[patent.pub_no].score:
                patents[patent.pub_no] = DemandMatchRecord(
                    MatchKind.PATENT, patent.pub_no, patent.relevance, 0, candidate.holder_key
                )
    ordered = sorted(patents.values(), key=lambda m: (-m.score, m.target))
    matches += [replace(m, rank=rank) for rank, m in enumerate(ordered, 1)]
    store.record_demand_matches(demand.demand_id, run_id, seen_at, matches)
    return len(matches)


def rematch_open_demands(store: GraphStore, run_id: str) -> dict[str, int]:
    """After an ingest run: match every open demand again (demand id -> candidates found)."""
    found: dict[str, int] = {}
    seen_at = now_utc()
    for demand in store.demands(DemandStatus.OPEN):
        found[demand.demand_id] = match_demand(store, demand, run_id, seen_at)
    if found:
        logger.info("run %s: %d open demands matched again", run_id, len(found))
    return found


def new_matches(
    demand: DemandRecord,
    matches: list[DemandMatchView],
    since_run: str | None = None,
    since: date | None = None,
) -> list[DemandMatchView]:
    """Candidates first found after run ``since_run`` (one of the demand's match runs) or on
    or after the day ``since``; every candidate when neither is given."""
    kept = matches
    if since_run is not None:
        if since_run not in demand.match_runs:
            runs = "、".join(demand.match_runs) or "(尚未匹配)"
            raise InvalidQueryError(
                f"参数 since_run: 需求 {demand.demand_id} 未在该批次匹配过; 已匹配批次: {runs}"
            )
        later = set(demand.match_runs[demand.match_runs.index(since_run) + 1 :])
        kept = [m for m in kept if m.first_run in later]
    if since is not None:
        kept = [m for m in kept if m.first_seen[:10] >= since.isoformat()]
    return kept


def demand_view(
    store: GraphStore, demand: DemandRecord, since_run: str | None = None, since: date | None = None
) -> DemandView:
    matches = new_matches(demand, store.demand_matches(demand.demand_id), since_run, since)
    label = since_run if since_run is not None else since.isoformat() if since else None
    return DemandView(
        demand_id=demand.demand_id,
        need=demand.need,
        sme=demand.sme,
        status=demand.status.value,
        status_zh=DEMAND_STATUS_ZH[demand.status],
        created=demand.created,
        updated=demand.updated,
        closed=demand.closed,
        close_reason=demand.close_reason,
        terms=demand.terms,
        region_code=demand.region_code,
        chain_node=demand.chain_node,
        contact=demand.contact,
        match_runs=demand.match_runs,
        holders=tuple(m for m in matches if m.kind is MatchKind.HOLDER),
        patents=tuple(m for m in matches if m.kind is MatchKind.PATENT),
        since=label,
    )
