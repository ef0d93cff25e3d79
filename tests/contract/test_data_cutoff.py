"""Contract: the data cut-off (数据截止日) is the latest stored date of each kind, on both stores."""

from __future__ import annotations

import dataclasses

from graph.models import DataCutoff, PatentBatch, ReferenceBatch
from graph.store import GraphStore

Seed = tuple[ReferenceBatch, PatentBatch]


def test_empty_store_has_no_cutoff(store: GraphStore) -> None:
    assert store.data_cutoff() == DataCutoff(None, None, None)


def test_cutoff_is_the_latest_date_of_each_kind(seeded: GraphStore, seed: Seed) -> None:
    patents = seed[1].patents
    expected = DataCutoff(
        max(p.app_date for p in patents if p.app_date),
        None,  # the seed carries no publication dates
        max(p.grant_date for p in patents if p.grant_date),
    )
    assert seeded.data_cutoff() == expected
    # one patent published later than anything else moves only the publication date
    late = dataclasses.replace(patents[1], pub_date="2030-01-15")
    seeded.upsert_patents(PatentBatch(patents=[late]))
    assert seeded.data_cutoff() == dataclasses.replace(expected, latest_pub_date="2030-01-15")
