"""Collaborator discovery on the crafted graph: the matching university patent ranks first."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from graph.errors import InvalidQueryError
from graph.models import HolderType
from graph.navigation import Availability, CollaboratorParams, discover_collaborators
from graph.navigation.collaborators import clean_terms
from graph.navigation.common import region_proximity
from graph.store import GraphStore
from tests.navigation_graphs import AS_OF, CHANGCHUN, crafted_embedded_store

NEED = ["硫化物", "固态电解质", "锂电池"]


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    graph_store = crafted_embedded_store()
    yield graph_store
    graph_store.close()


LOOSE = CollaboratorParams(min_coverage=0.0, min_evidence=0.0)  # the crafted graph is tiny and uniform


def test_matching_university_ranks_first(store: GraphStore) -> None:
    found = discover_collaborators(store, NEED, region=CHANGCHUN, as_of=AS_OF, params=LOOSE)
    assert found[0].holder_key == "scu"
    assert found[0].patents[0].pub_no == "CN2001A"
    assert found[0].patents[0].matched_terms == ("硫化物", "固态电解质", "锂电池")
    assert found[0].patents[0].coverage == max(p.coverage for c in found for p in c.patents)
    # only universities and institutes by default: the enterprise's matching patent is not offered
    assert all(c.holder_type in ("university", "institute") for c in found)
    assert "bj_ent" not in {c.holder_key for c in found}
    scores = [c.score for c in found]
    assert scores == sorted(scores, reverse=True)


def test_score_parts_are_named_and_only_re_rank(store: GraphStore) -> None:
    found = discover_collaborators(store, NEED, region=CHANGCHUN, as_of=AS_OF, params=LOOSE)
    parts = {p.name: p for p in found[0].score_parts}
    assert set(parts) == {"text_relevance", "availability", "transfer_record", "distance", "chain_fit"}
    assert parts["chain_fit"].weight == 0.0  # no chain node given
    assert parts["text_relevance"].value == found[0].relevance
    for c in found:
        assert c.score == pytest.approx(sum(p.contribution for p in c.score_parts), abs=1e-5)
        # the non-text parts add at most 10 % of the holder's relevance
        assert c.relevance <= c.score <= c.relevance * 1.1 + 1e-6
    # JLU is in the seeker's city and has transferred to SMEs three times
    jlu = next(c for c in found if c.holder_key == "jlu")
    jlu_parts = {p.name: p.value for p in jlu.score_parts}
    assert jlu_parts["distance"] == 1.0
    assert jlu_parts["transfer_record"] == 1.0
    assert "同城" in jlu.reasons


def test_reasons_name_terms_and_titles(store: GraphStore) -> None:
    top = discover_collaborators(store, NEED, region=CHANGCHUN, as_of=AS_OF, params=LOOSE)[0]
    assert "《硫化物相关专利CN2001A》" in top.reasons[0]
    assert any(r.startswith("匹配需求词: ") and "固态电解质" in r for r in top.reasons)
    assert (
        top.paths[0] == "[Need]-terms{硫化物,固态电解质,锂电池}->(Patent CN2001A)-HELD_BY->(Holder 四川大学)"
    )


def test_availability_filter_and_holder_types(store: GraphStore) -> None:
    open_only = discover_collaborators(
        store, ["电池包"], availability_filter=Availability.OPEN_LICENCE, as_of=AS_OF
    )
    assert [c.holder_key for c in open_only] == ["scu"]
    assert any(p.availability and "open_licence" in p.availability for p in open_only[0].patents)
    with_enterprises = discover_collaborators(
        store, ["快换"], holder_types=(HolderType.ENTERPRISE,), as_of=AS_OF
    )
    assert [c.holder_key for c in with_enterprises] == ["bj_ent"]
    assert discover_collaborators(store, ["快换"], as_of=AS_OF) == []  # no academic patent has it
    assert discover_collaborators(store, ["不存在的技术"], as_of=AS_OF) == []


def test_chain_node_fit_counts(store: GraphStore) -> None:
    found = discover_collaborators(store, ["锂电池"], chain_node="tc/cells", as_of=AS_OF, params=LOOSE)
    fits = {c.holder_key: {p.name: p.value for p in c.score_parts}["chain_fit"] for c in found}
    # ciac: CN1005A on cells (1.0), CN1007A on recycling (not adjacent to cells): mean 0.5
    assert fits["ciac"] == pytest.approx(0.5)


def test_same_province_only_and_top_k(store: GraphStore) -> None:
    params = replace(LOOSE, same_province_only=True)
    found = discover_collaborators(store, NEED, region=CHANGCHUN, params=params, as_of=AS_OF)
    assert {c.holder_key for c in found} == {"jlu", "ciac"}
    assert len(discover_collaborators(store, NEED, top_k=1, as_of=AS_OF, params=LOOSE)) == 1


def test_empty_terms_are_refused(store: GraphStore) -> None:
    assert clean_terms([" 锂电池 ", "", "锂电池"]) == ("锂电池",)
    with pytest.raises(InvalidQueryError):
        discover_collaborators(store, ["  "], as_of=AS_OF)


def test_region_proximity() -> None:
    assert region_proximity("220100000000", "220100000000") == 1.0
    assert region_proximity("220200000000", "220100000000") == 0.5
    assert region_proximity("510100000000", "220100000000") == 0.0
    assert region_proximity("220000000000", "220000000000") == 0.5  # province-level: no city
    assert region_proximity(None, "22") == 0.0
