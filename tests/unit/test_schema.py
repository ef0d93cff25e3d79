"""The closed vocabulary and the constant statements built from it (no data in query text)."""

from __future__ import annotations

import sqlite3

import pytest

from graph.models import Facet
from graph.schema import LABELS, NODE_KEYS, PATENT_REPLACED_RELS, RELATIONSHIPS, Label, RelType
from graph.stores.common import encode_fts_token, normalise_terms
from graph.stores.embedded import sql
from graph.stores.neo4j import cypher
from graph.stores.neo4j.store import lucene_phrase


def test_every_label_has_a_key_a_constraint_and_a_table() -> None:
    assert set(NODE_KEYS) == set(Label)
    assert len(cypher.CONSTRAINTS) == len(Label)
    for label, key in NODE_KEYS.items():
        assert any(f"(n:{label.value})" in c and f"n.{key} IS UNIQUE" in c for c in cypher.CONSTRAINTS)
    assert set(sql.NODE_TABLES) == set(Label)


def test_every_relationship_type_is_counted_by_both_stores() -> None:
    assert set(sql.REL_TABLES) == set(RelType)
    for rel in RelType:
        assert f"[r:{rel.value}]" in cypher.STATS
    for rel, table in sql.REL_TABLES.items():
        assert f"CREATE TABLE IF NOT EXISTS {table} " in sql.DDL, rel


def test_sql_tables_follow_the_schema_descriptor() -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript(sql.DDL)

    def columns(table: str) -> dict[str, bool]:  # column -> NOT NULL
        return {row[1]: bool(row[3]) for row in conn.execute(f"PRAGMA table_info({table})")}

    for spec in LABELS.values():
        table = columns(spec.table)
        assert {p.sql_column: p.required for p in spec.properties}.items() <= table.items(), spec.table
        assert spec.key in table and spec.name in table
    for rel, rel_spec in RELATIONSHIPS.items():
        table = columns(sql.REL_TABLES[rel])
        assert {p.sql_column: p.required for p in rel_spec.properties}.items() <= table.items(), rel
        assert ("src_label" in table) is rel_spec.labelled_source


def test_a_patent_upsert_replaces_the_same_link_sets_in_both_stores() -> None:
    from graph.stores.embedded.writes import _PATENT_OWNED_RELS

    cypher_types = cypher.DELETE_PATENT_LINKS.split("[r:", 1)[1].split("]", 1)[0].split("|")
    sql_tables = {statement.split()[2] for statement in _PATENT_OWNED_RELS}
    assert set(cypher_types) == {rel.value for rel in PATENT_REPLACED_RELS}
    assert sql_tables == {sql.REL_TABLES[rel] for rel in PATENT_REPLACED_RELS}
    assert RelType.HAS_EVENT not in PATENT_REPLACED_RELS  # events replace their own links


def test_fulltext_index_uses_the_whitespace_analyzer() -> None:
    fulltext = [q for q in cypher.INDEXES if "FULLTEXT" in q]
    assert len(fulltext) == 1 and "'whitespace'" in fulltext[0] and "search_tokens" in fulltext[0]


def test_facet_queries_are_built_from_enums_only() -> None:
    query = cypher.facet_counts_query((Facet.CHAIN_NODE, Facet.PROVINCE))
    assert "$chain" in query and "v0, v1" in query
    assert cypher.facet_counts_query((Facet.CHAIN_NODE, Facet.PROVINCE)) is query  # cached constant


def test_fts_encoding_keeps_one_token_per_token() -> None:
    assert encode_fts_token("锂电池") == "锂电池"
    assert encode_fts_token("li-ion") == "li_2d_ion"
    assert encode_fts_token("a_b") == "a_5f_b"  # the escape character itself is escaped
    assert " " not in encode_fts_token("x y")


def test_lucene_phrase_escapes_quotes_and_backslashes() -> None:
    assert lucene_phrase('a"b\\c') == '"a\\"b\\\\c"'
    assert lucene_phrase("AND") == '"AND"'


def test_terms_are_lowered_and_terms_with_spaces_dropped() -> None:
    assert normalise_terms(["LED", "led", " Li-ion ", "两个 词", ""]) == {
        "led": ["LED", "led"],
        "li-ion": [" Li-ion "],
    }


def test_filter_shapes_enter_by_the_most_selective_field_and_keep_the_others() -> None:
    from graph.stores.neo4j.filters import match_events, match_patents, shape

    assert match_patents(frozenset()) == "MATCH (p:Patent)"
    both = match_patents(shape({"regions": ["22"], "chain": "nev", "pub_nos": [], "valid_only": False}))
    assert both.startswith("UNWIND $regions AS pref MATCH (p:Patent) WHERE p.region_code STARTS WITH pref")
    assert "c.chain = $chain" in both and "any(pref IN $regions" not in both  # entry is not re-checked
    listed = match_patents(frozenset({"pub_nos", "holder_keys"}))
    assert listed.startswith("UNWIND $pub_nos") and "h.key IN $holder_keys" in listed
    assert match_events(frozenset({"kinds"})) == "MATCH (e:LegalEvent) WHERE e.kind IN $kinds"
    with pytest.raises(ValueError, match="not a filter parameter"):
        match_patents(frozenset({"region"}))
