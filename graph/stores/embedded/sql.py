"""SQL text of the embedded store (嵌入式存储): one table per node label and per relationship type.

Tables and columns are derived from ``graph.schema`` (``LABELS``, ``RELATIONSHIPS``).
Relationship tables are named after ``RelType`` so ``stats()`` counts them one to one;
``LOCATED_IN`` and ``PART_OF`` connect several labels and carry the source label as a column.
Every statement is a constant with ``?`` placeholders; data never enters the text.
"""

# SQL text here is composed only from constant fragments and enum-derived table names;
# data always travels as ? parameters, so the string-building warning does not apply.
# ruff: noqa: S608

from __future__ import annotations

from graph.schema import LABELS, RELATIONSHIPS, Label, Prop, PropKind, RelType

# 1 -> 2: the patent's stated event counts (transfer_count, licence_count, pledge_count).
SCHEMA_VERSION = 2

_SQL_TYPES = {PropKind.BOOL: "INTEGER", PropKind.LIST: "TEXT"}
# The patent table keeps an integer rowid: the contentless FTS index addresses rows by it.
_ROWID_LABELS = frozenset({Label.PATENT})

NODE_TABLES: dict[Label, tuple[str, str, str]] = {
    # label: (table, key column, display-name column)
    label: (spec.table, spec.key, spec.name)
    for label, spec in LABELS.items()
}
REL_TABLES: dict[RelType, str] = {rel: "rel_" + rel.value.lower() for rel in RelType}


def _column(prop: Prop) -> str:
    return f"{prop.sql_column} {_SQL_TYPES.get(prop.kind, prop.kind.value)}" + (
        " NOT NULL" if prop.required else ""
    )


def _node_table(label: Label) -> str:
    spec = LABELS[label]
    key = (
        f"id INTEGER PRIMARY KEY, {spec.key} TEXT NOT NULL UNIQUE"
        if label in _ROWID_LABELS
        else f"{spec.key} TEXT PRIMARY KEY"
    )
    columns = ", ".join([key, *(_column(p) for p in spec.properties)])
    return f"CREATE TABLE IF NOT EXISTS {spec.table} ({columns});"


def _rel_table(rel: RelType) -> str:
    spec = RELATIONSHIPS[rel]
    ends = ["src_label TEXT NOT NULL"] if spec.labelled_source else []
    ends += ["src TEXT NOT NULL", "dst TEXT NOT NULL"]
    primary = "src_label, src, dst" if spec.labelled_source else "src, dst"
    columns = ", ".join([*ends, *(_column(p) for p in spec.properties), f"PRIMARY KEY ({primary})"])
    table = REL_TABLES[rel]
    return (
        f"CREATE TABLE IF NOT EXISTS {table} ({columns}) WITHOUT ROWID;\n"
        f"CREATE INDEX IF NOT EXISTS {table}_dst ON {table}(dst);"
    )


# Store-specific access paths besides the keys.
_INDEXES_AND_FTS = """
CREATE INDEX IF NOT EXISTS patent_region ON patent(region_code);
CREATE INDEX IF NOT EXISTS patent_year ON patent(app_year);
CREATE INDEX IF NOT EXISTS patent_app_date ON patent(app_date);
CREATE INDEX IF NOT EXISTS patent_pub_date ON patent(pub_date);
CREATE INDEX IF NOT EXISTS patent_grant_date ON patent(grant_date);
CREATE VIRTUAL TABLE IF NOT EXISTS patent_fts USING fts5(
    tok, content='', detail=none, tokenize="unicode61 remove_diacritics 0 tokenchars '_'");
CREATE INDEX IF NOT EXISTS ipc_main_group ON ipc(main_group, is_main_group);
CREATE INDEX IF NOT EXISTS chain_node_chain ON chain_node(chain);
CREATE INDEX IF NOT EXISTS holder_name ON holder(name);
CREATE INDEX IF NOT EXISTS demand_status ON demand(status, created);
CREATE INDEX IF NOT EXISTS legal_event_pub ON legal_event(pub_no);
CREATE INDEX IF NOT EXISTS legal_event_date ON legal_event(kind, date);
"""

# Indexes no write statement reads (rel_has_event's dst is: events are replaced by id). A first
# load into an empty store drops them and builds them once at the end (``first_load``): kept up
# batch by batch, their random inserts rewrote ~40x the final database size at 200k patents.
DEFERRED_INDEXES = (
    *(f"{table}_dst" for rel, table in REL_TABLES.items() if rel is not RelType.HAS_EVENT),
    "patent_region",
    "patent_year",
    "patent_app_date",
    "patent_pub_date",
    "patent_grant_date",
    "legal_event_date",
)

DDL = "\n".join(
    [
        "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);",
        *(_node_table(label) for label in Label),
        *(_rel_table(rel) for rel in RelType),
        _INDEXES_AND_FTS,
    ]
)

COUNT_NODES = {label: f"SELECT count(*) FROM {table}" for label, (table, _, _) in NODE_TABLES.items()}
COUNT_RELS = {rel: f"SELECT count(*) FROM {table}" for rel, table in REL_TABLES.items()}
NODE_EXISTS = {
    label: f"SELECT {key}, {name} FROM {table} WHERE {key} = ?"
    for label, (table, key, name) in NODE_TABLES.items()
}


def added_columns(table: str, present: set[str]) -> list[str]:
    """``ALTER TABLE`` statements adding the schema's nullable columns an older file lacks (the
    upgrade path: ``CREATE TABLE IF NOT EXISTS`` leaves an existing table as it was)."""
    label = next(label for label, (name, _, _) in NODE_TABLES.items() if name == table)
    return [
        f"ALTER TABLE {table} ADD COLUMN {_column(prop)}"
        for prop in LABELS[label].properties
        if prop.sql_column not in present and not prop.required
    ]
