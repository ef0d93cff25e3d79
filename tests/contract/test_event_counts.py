"""Event counts are numbers on the patent (issue 14): both stores keep 专利转移次数 / 许可次数 /
质押次数 as properties, make no node for them, and the analyses read what a count states beyond
the recorded events; an embedded file of schema 1 is upgraded in place."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date
from pathlib import Path

from graph.event_counts import unrecorded_events
from graph.models import LegalEventKind, PatentBatch, PatentFilter, ReferenceBatch
from graph.navigation.sleeping import sleeping_exclusion
from graph.store import GraphStore
from graph.stores.embedded.sql import SCHEMA_VERSION
from graph.stores.embedded.store import EmbeddedStore

Seed = tuple[ReferenceBatch, PatentBatch]


def _with_counts(seed: Seed, **counts: int | None) -> tuple[PatentBatch, str]:
    _, batch = seed
    patent = dataclasses.replace(batch.patents[0], **counts)
    return dataclasses.replace(batch, patents=[patent, *batch.patents[1:]]), patent.pub_no


def test_counts_are_properties_of_the_patent_not_nodes(seeded: GraphStore, seed: Seed) -> None:
    events_before = seeded.stats().nodes["LegalEvent"]
    batch, pub_no = _with_counts(seed, transfer_count=2, licence_count=1_000_000, pledge_count=0)
    seeded.upsert_patents(batch)
    fact = seeded.get_patent(pub_no)
    assert fact is not None
    assert (fact.transfer_count, fact.licence_count, fact.pledge_count) == (2, 1_000_000, 0)
    assert seeded.stats().nodes["LegalEvent"] == events_before  # a count makes no node
    recorded = sum(1 for e in fact.events if e.kind is LegalEventKind.LICENCE)
    assert unrecorded_events(fact, LegalEventKind.LICENCE) == 1_000_000 - recorded
    assert unrecorded_events(fact, LegalEventKind.PLEDGE) == 0
    cleared, _ = _with_counts(seed, transfer_count=None, licence_count=None, pledge_count=None)
    seeded.upsert_patents(cleared)  # a corrected row replaces the counts
    again = seeded.get_patent(pub_no)
    assert again is not None and (again.transfer_count, again.licence_count) == (None, None)


def test_a_count_beyond_the_recorded_events_ends_sleep(seeded: GraphStore, seed: Seed) -> None:
    as_of = date(2100, 1, 1)
    candidates = [f for f in seeded.patent_facts(PatentFilter()) if sleeping_exclusion(f, as_of) is None]
    assert candidates, "the seed has sleeping patents"
    sleeper = candidates[0]
    _, batch = seed
    patent = next(p for p in batch.patents if p.pub_no == sleeper.pub_no)
    seeded.upsert_patents(dataclasses.replace(batch, patents=[dataclasses.replace(patent, licence_count=1)]))
    fact = seeded.get_patent(sleeper.pub_no)
    assert fact is not None
    assert sleeping_exclusion(fact, as_of) == "已有转化或质押事件 (许可)"


def test_a_schema_1_file_is_upgraded_in_place(tmp_path: Path, seed: Seed) -> None:
    path = tmp_path / "old.sqlite"
    store = EmbeddedStore(path)
    reference, batch = seed
    store.upsert_reference(reference)
    store.upsert_patents(batch)
    store.close()
    with sqlite3.connect(path) as conn:  # what a file written before the counts looks like
        for column in ("transfer_count", "licence_count", "pledge_count"):
            conn.execute(f"ALTER TABLE patent DROP COLUMN {column}")
        conn.execute("UPDATE meta SET value = '1' WHERE name = 'schema_version'")
    reopened = EmbeddedStore(path)
    before = reopened.get_patent(batch.patents[0].pub_no)
    assert before is not None and before.licence_count is None
    with sqlite3.connect(path) as conn:
        (version,) = conn.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
    assert int(version) == SCHEMA_VERSION == 2
    updated, pub_no = _with_counts(seed, licence_count=3)
    reopened.upsert_patents(updated)
    after = reopened.get_patent(pub_no)
    assert after is not None and after.licence_count == 3
    reopened.close()
