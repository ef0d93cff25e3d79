"""Holder lookup, full-text search and the demand registry of the embedded store (查询与需求库).

A mixin of ``EmbeddedStore``: it uses the store's locked ``_rows`` and ``_transaction``. Demand
rows are written from ``graph.schema.LABELS`` like every other node; a demand's SEEKS / TARGETS /
LOCATED_IN links are replaced on each upsert, its candidate links only ever upserted.
"""

# SQL text here is composed only from constant fragments and enum-derived table names;
# data always travels as ? parameters, so the string-building warning does not apply.
# ruff: noqa: S608

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from graph.demand_records import DemandMatchRecord, DemandMatchView, DemandRecord, DemandStatus, MatchKind
from graph.models import HolderName, HolderRef, HolderView, PatentFilter, SearchHit, TermMatch
from graph.schema import DEMAND_REPLACED_RELS, LABELS, NODE_KEYS, RELATIONSHIPS, Label, PropKind, RelType
from graph.store import MAX_SEARCH_HITS
from graph.stores.common import demand_match_sort_key, holder_ref
from graph.stores.embedded.hydrate import HOLDER_COLUMNS
from graph.stores.embedded.sql import NODE_TABLES, REL_TABLES
from graph.stores.embedded.writes import _UPSERT, _row
from graph.stores.properties import demand_links, demand_match_view, demand_properties, demand_record

_DEMAND_PROPS = LABELS[Label.DEMAND].properties
_DEMAND_COLUMNS = ", ".join([NODE_KEYS[Label.DEMAND], *(p.sql_column for p in _DEMAND_PROPS)])
_LIST_COLUMNS = {p.name for p in _DEMAND_PROPS if p.kind is PropKind.LIST}


def _delete_link(rel: RelType) -> str:
    if RELATIONSHIPS[rel].labelled_source:
        return f"DELETE FROM {REL_TABLES[rel]} WHERE src_label = '{Label.DEMAND.value}' AND src = ?"
    return f"DELETE FROM {REL_TABLES[rel]} WHERE src = ?"


def _insert_link(rel: RelType, target: Label) -> str:
    table, key, _ = NODE_TABLES[target]
    if RELATIONSHIPS[rel].labelled_source:
        head = f"INSERT OR IGNORE INTO {REL_TABLES[rel]}(src_label, src, dst) SELECT 'Demand', ?, ?"
    else:
        head = f"INSERT OR IGNORE INTO {REL_TABLES[rel]}(src, dst) SELECT ?, ?"
    return head + f" WHERE EXISTS (SELECT 1 FROM {table} WHERE {key} = ?)"


_LINKS = {rel: (_delete_link(rel), _insert_link(rel, target)) for rel, target in DEMAND_REPLACED_RELS.items()}
_CANDIDATE_TABLES = {MatchKind.PATENT: RelType.CANDIDATE_PATENT, MatchKind.HOLDER: RelType.CANDIDATE_HOLDER}
_CANDIDATE_TARGETS = {MatchKind.PATENT: Label.PATENT, MatchKind.HOLDER: Label.HOLDER}


def _upsert_candidate(kind: MatchKind) -> str:
    table, key, _ = NODE_TABLES[_CANDIDATE_TARGETS[kind]]
    return (
        f"INSERT INTO {REL_TABLES[_CANDIDATE_TABLES[kind]]}"
        "(src, dst, score, rank, holder_key, first_run, first_seen, last_run, last_seen) "
        f"SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM {table} WHERE {key} = ?) "
        "ON CONFLICT(src, dst) DO UPDATE SET score=excluded.score, rank=excluded.rank, "
        "holder_key=excluded.holder_key, last_run=excluded.last_run, last_seen=excluded.last_seen"
    )


def _select_candidates(kind: MatchKind) -> str:
    table, key, name = NODE_TABLES[_CANDIDATE_TARGETS[kind]]
    return (
        f"SELECT c.dst, t.{name}, c.score, c.rank, c.holder_key, c.first_run, c.first_seen, c.last_run, "
        f"c.last_seen FROM {REL_TABLES[_CANDIDATE_TABLES[kind]]} c JOIN {table} t ON t.{key} = c.dst "
        "WHERE c.src = ?"
    )


_UPSERT_CANDIDATE = {kind: _upsert_candidate(kind) for kind in MatchKind}
_SELECT_CANDIDATES = {kind: _select_candidates(kind) for kind in MatchKind}
_CANDIDATE_FIELDS = ("score", "rank", "holder_key", "first_run", "first_seen", "last_run", "last_seen")


class EmbeddedRegistry:
    """Holder lookup, full-text search and demands over the store's SQLite connection."""

    _rows: Callable[..., list[Any]]
    _transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]
    get_holder: Callable[[str], HolderView | None]
    match_terms: Callable[..., list[TermMatch]]

    # -- holder lookup and search
    def holders_named(self, key: str, name: str) -> list[HolderView]:
        rows = self._rows(
            "SELECT key FROM holder WHERE key = ? UNION SELECT key FROM holder WHERE name = ? ORDER BY 1",
            (key, name),
        ) or self._rows(  # aliases are not indexed: read only when key and name found nothing
            "SELECT key FROM holder WHERE EXISTS (SELECT 1 FROM json_each(holder.aliases) WHERE value = ?) "
            "ORDER BY key",
            (name,),
        )
        return [view for (k,) in rows if (view := self.get_holder(k)) is not None]

    def holder_names(self) -> list[HolderName]:
        rows = self._rows("SELECT key, name, aliases FROM holder ORDER BY key")
        return [HolderName(k, n, tuple(sorted(json.loads(a)))) for k, n, a in rows]

    def holder_refs(self, keys: Sequence[str]) -> list[HolderRef]:
        rows = self._rows(
            "SELECT " + HOLDER_COLUMNS + " FROM holder h WHERE h.key IN (SELECT value FROM json_each(?)) "
            "ORDER BY h.key",
            (json.dumps(sorted(set(keys)), ensure_ascii=False),),
        )
        return [holder_ref(*row) for row in rows]

    def search_patents(
        self, terms: Sequence[str], flt: PatentFilter, limit: int = MAX_SEARCH_HITS
    ) -> list[SearchHit]:
        matches = self.match_terms(terms, flt, limit=limit)
        titles = {
            pub_no: (title, app_date)
            for pub_no, title, app_date in self._rows(
                "SELECT pub_no, title, app_date FROM patent WHERE pub_no IN (SELECT value FROM json_each(?))",
                (json.dumps([m.pub_no for m in matches]),),
            )
        }
        return [SearchHit(m.pub_no, *titles[m.pub_no], m.matched_terms) for m in matches]

    # -- demands
    def upsert_demand(self, demand: DemandRecord) -> None:
        key = demand.demand_id
        with self._transaction() as conn:
            conn.execute(_UPSERT[Label.DEMAND], _row(Label.DEMAND, key, demand_properties(demand)))
            for rel, targets in demand_links(demand).items():
                delete, insert = _LINKS[rel]
                conn.execute(delete, (key,))
                conn.executemany(insert, [(key, target, target) for target in targets])

    def get_demand(self, demand_id: str) -> DemandRecord | None:
        found = self._demand_rows("WHERE demand_id = ?", (demand_id,))
        return found[0] if found else None

    def demands(self, status: DemandStatus | None = None) -> list[DemandRecord]:
        value = None if status is None else status.value
        return self._demand_rows("WHERE ? IS NULL OR status = ? ORDER BY created, demand_id", (value, value))

    def _demand_rows(self, where: str, params: Sequence[object]) -> list[DemandRecord]:
        names = _DEMAND_COLUMNS.split(", ")
        records = []
        for row in self._rows(f"SELECT {_DEMAND_COLUMNS} FROM demand " + where, params):
            props = dict(zip(names, row, strict=True))
            props.update((name, json.loads(props[name])) for name in _LIST_COLUMNS)
            records.append(demand_record(props))
        return records

    def record_demand_matches(
        self, demand_id: str, run_id: str, seen_at: str, matches: Sequence[DemandMatchRecord]
    ) -> None:
        with self._transaction() as conn:
            found = conn.execute("SELECT match_runs FROM demand WHERE demand_id = ?", (demand_id,)).fetchone()
            if found is None:
                return
            for kind in MatchKind:
                conn.executemany(
                    _UPSERT_CANDIDATE[kind],
                    [
                        (demand_id, m.target, m.score, m.rank, m.holder_key, *(run_id, seen_at) * 2, m.target)
                        for m in matches
                        if m.kind is kind
                    ],
                )
            runs = json.loads(found[0])
            if run_id not in runs:
                conn.execute(
                    "UPDATE demand SET match_runs = ? WHERE demand_id = ?",
                    (json.dumps([*runs, run_id], ensure_ascii=False), demand_id),
                )

    def demand_matches(self, demand_id: str) -> list[DemandMatchView]:
        views = []
        for kind in MatchKind:
            for target, name, *values in self._rows(_SELECT_CANDIDATES[kind], (demand_id,)):
                props = dict(zip(_CANDIDATE_FIELDS, values, strict=True))
                views.append(demand_match_view(props, kind, target, name))
        return sorted(views, key=demand_match_sort_key)
