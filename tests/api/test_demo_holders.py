"""Holder lookup answers for every holder of the demo corpus (权利人查询覆盖演示语料的全部权利人).

The demo export is ingested (embedded store, no NLP: holders come from the row mapping), then
every applicant and current-holder spelling of every row, as written in the export, is looked
up by name; a seeded sample gets the whole answer through the request layer.
"""

from __future__ import annotations

import csv
import dataclasses
import random
from collections.abc import Iterator

import pytest

from api.requests.base import NavigationContext
from api.requests.lookups import HolderLookupRequest
from graph.models import ReferenceBatch
from graph.navigation.holders import resolve_holder
from graph.settings import Settings
from graph.store import GraphStore
from graph.stores.embedded.store import EmbeddedStore
from ingest.normalise.holders import holder_key, split_names
from ingest.pipeline import IngestOptions, default_components, run_ingest
from tests.paths import REPO

DEMO = REPO / "data" / "demo" / "patents_demo.csv"


def demo_spellings() -> dict[str, set[str]]:
    """Raw spelling -> the publication numbers naming it as applicant or current holder."""
    found: dict[str, set[str]] = {}
    with DEMO.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for column in ("申请人", "当前权利人"):
                for name in split_names(row[column]):
                    found.setdefault(name, set()).add(row["公开号"])
    return found


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    from graph.chains import load_chain_nodes

    folder = tmp_path_factory.mktemp("demo")
    store = EmbeddedStore(folder / "demo.sqlite")
    components = dataclasses.replace(
        default_components(with_nlp=False),
        reference=lambda: ReferenceBatch(chain_nodes=load_chain_nodes()),
        reference_version=None,
    )
    settings = Settings(db_path=folder / "demo.sqlite")
    report = run_ingest([DEMO], store, IngestOptions(nlp=False), settings=settings, components=components)
    assert report.ok and report.totals.loaded == 3048
    yield store
    store.close()


def test_every_demo_spelling_resolves_to_a_holder_of_its_patents(demo_store: GraphStore) -> None:
    spellings = demo_spellings()
    assert len(spellings) > 2000
    for name in spellings:
        view, _, _ = resolve_holder(demo_store, name, holder_key(name))
        assert view.key == holder_key(name) and view.patent_count >= 1, name
    # ... and every holder of the graph (event parties too: assignors, assignees, pledgees) by its
    # name and every recorded spelling
    holders = demo_store.holder_names()
    assert len(holders) >= len({holder_key(n) for n in spellings})
    for holder in holders:
        for name in (holder.name, *holder.aliases):
            assert resolve_holder(demo_store, name, holder_key(name))[0].key == holder.key, name


def test_sampled_demo_holders_get_the_whole_answer(demo_store: GraphStore) -> None:
    names = sorted(demo_spellings())
    ctx = NavigationContext(demo_store, Settings())
    for name in random.Random(7).sample(names, 40):
        result = HolderLookupRequest(name=name).run(ctx).result
        assert result["key"] == holder_key(name)
        assert result["type"] in {
            "university",
            "institute",
            "soe",
            "enterprise",
            "sme",
            "individual",
            "other",
        }
        assert result["type_reason"] and result["region"].keys() == {"code", "name"}
        counts = result["portfolio"]
        assert counts["applied_or_held"] >= counts["patents"] >= counts["valid"]
        assert counts["patents"] >= counts["sleeping"] and counts["inventions"] >= counts["high_value"]
