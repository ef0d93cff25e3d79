"""Holder lookup, full-text search and the demand registry of the Neo4j store (查询与需求库).

A mixin of ``Neo4jStore``: reads through its managed read transactions (``_read``), writes as
``UNWIND $rows`` steps in one managed write transaction (``_write_steps``). The statements are
in ``cypher_registry``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from graph.demand_records import DemandMatchRecord, DemandMatchView, DemandRecord, DemandStatus, MatchKind
from graph.models import HolderName, HolderRef, HolderView, PatentFilter, SearchHit, TermMatch
from graph.schema import Label
from graph.store import MAX_SEARCH_HITS
from graph.stores.common import demand_match_sort_key, holder_ref
from graph.stores.neo4j import cypher_registry as q
from graph.stores.neo4j.cypher import UPSERT_NODE
from graph.stores.properties import demand_links, demand_match_view, demand_properties, demand_record

Step = tuple[str, str, list[Any]]


class Neo4jRegistry:
    """Holder lookup, full-text search and demands over the store's driver."""

    _read: Callable[..., list[dict[str, Any]]]
    _write_steps: Callable[[list[Step]], None]
    get_holder: Callable[[str], HolderView | None]
    match_terms: Callable[..., list[TermMatch]]

    # -- holder lookup and search
    def holders_named(self, key: str, name: str) -> list[HolderView]:
        rows = self._read(q.HOLDERS_NAMED, key=key, name=name) or self._read(q.HOLDERS_ALIASED, name=name)
        return [view for row in rows if (view := self.get_holder(row["key"])) is not None]

    def holder_names(self) -> list[HolderName]:
        rows = self._read(q.HOLDER_NAMES)
        return [HolderName(r["key"], r["name"], tuple(sorted(r["aliases"] or ()))) for r in rows]

    def holder_refs(self, keys: Sequence[str]) -> list[HolderRef]:
        rows = self._read(q.HOLDER_REFS, keys=sorted(set(keys)))
        return [
            holder_ref(r["key"], r["name"], r["holder_type"], r.get("is_sme"), r.get("region_code"))
            for r in rows
        ]

    def search_patents(
        self, terms: Sequence[str], flt: PatentFilter, limit: int = MAX_SEARCH_HITS
    ) -> list[SearchHit]:
        matches = self.match_terms(terms, flt, limit=limit)
        rows = self._read(q.SEARCH_TITLES, pub_nos=[m.pub_no for m in matches])
        titles = {r["pub_no"]: (r["title"], r["app_date"]) for r in rows}
        return [SearchHit(m.pub_no, *titles[m.pub_no], m.matched_terms) for m in matches]

    # -- demands
    def upsert_demand(self, demand: DemandRecord) -> None:
        key = demand.demand_id
        steps: list[Step] = [
            (UPSERT_NODE[Label.DEMAND], "rows", [{"key": key, "props": demand_properties(demand)}]),
            (q.DELETE_DEMAND_LINKS, "rows", [{"key": key}]),
        ]
        for rel, targets in demand_links(demand).items():
            if targets:
                steps.append((q.MERGE_DEMAND_LINK[rel], "rows", [{"key": key, "target": t} for t in targets]))
        self._write_steps(steps)

    def get_demand(self, demand_id: str) -> DemandRecord | None:
        rows = self._read(q.GET_DEMAND, key=demand_id)
        return demand_record(rows[0]["d"]) if rows else None

    def demands(self, status: DemandStatus | None = None) -> list[DemandRecord]:
        rows = self._read(q.DEMANDS, status=None if status is None else status.value)
        return [demand_record(row["d"]) for row in rows]

    def record_demand_matches(
        self, demand_id: str, run_id: str, seen_at: str, matches: Sequence[DemandMatchRecord]
    ) -> None:
        steps: list[Step] = []
        for kind in MatchKind:
            rows = [
                {
                    "key": demand_id,
                    "target": m.target,
                    "score": m.score,
                    "rank": m.rank,
                    "holder_key": m.holder_key,
                    "run": run_id,
                    "seen": seen_at,
                }
                for m in matches
                if m.kind is kind
            ]
            if rows:
                steps.append((q.MERGE_CANDIDATE[kind], "rows", rows))
        steps.append((q.ADD_MATCH_RUN, "rows", [{"key": demand_id, "run": run_id}]))
        self._write_steps(steps)

    def demand_matches(self, demand_id: str) -> list[DemandMatchView]:
        views = [
            demand_match_view(row["r"], kind, row["target"], row["name"])
            for kind in MatchKind
            for row in self._read(q.DEMAND_MATCHES[kind], key=demand_id)
        ]
        return sorted(views, key=demand_match_sort_key)
