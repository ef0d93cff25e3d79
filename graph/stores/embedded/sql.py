"""SQL text of the embedded store (嵌入式存储): one table per node label and per relationship type.

Relationship tables are named after ``RelType`` so ``stats()`` counts them one to one;
``LOCATED_IN`` and ``PART_OF`` connect several labels and carry the source label as a column.
Every statement is a constant with ``?`` placeholders; data never enters the text.
"""

# SQL text here is composed only from constant fragments and enum-derived table names;
# data always travels as ? parameters, so the string-building warning does not apply.
# ruff: noqa: S608

from __future__ import annotations

from graph.schema import Label, RelType

SCHEMA_VERSION = 1

DDL = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS patent (
    id INTEGER PRIMARY KEY, pub_no TEXT NOT NULL UNIQUE, app_no TEXT, patent_type TEXT NOT NULL,
    title TEXT NOT NULL, abstract TEXT NOT NULL, claims TEXT NOT NULL, app_date TEXT, app_year INTEGER,
    pub_date TEXT, grant_date TEXT, lapse_date TEXT, legal_status TEXT, is_valid INTEGER, ipc_main TEXT,
    region_code TEXT, claims_count INTEGER, citations_count INTEGER, family_size INTEGER,
    overseas_family INTEGER, award TEXT, tokens TEXT NOT NULL, keywords TEXT NOT NULL,
    synthetic_fields TEXT NOT NULL, source_file TEXT, row INTEGER, run_id TEXT);
CREATE INDEX IF NOT EXISTS patent_region ON patent(region_code);
CREATE INDEX IF NOT EXISTS patent_year ON patent(app_year);
CREATE VIRTUAL TABLE IF NOT EXISTS patent_fts USING fts5(
    tok, content='', detail=none, tokenize="unicode61 remove_diacritics 0 tokenchars '_'");
CREATE TABLE IF NOT EXISTS holder (
    key TEXT PRIMARY KEY, name TEXT NOT NULL, holder_type TEXT NOT NULL, type_reason TEXT NOT NULL,
    aliases TEXT NOT NULL, is_sme INTEGER, sme_reason TEXT, region_code TEXT,
    source_file TEXT, row INTEGER, run_id TEXT);
CREATE TABLE IF NOT EXISTS inventor (key TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS technology (key TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ipc (
    code TEXT PRIMARY KEY, level TEXT NOT NULL, title_zh TEXT NOT NULL, parent TEXT,
    main_group TEXT NOT NULL, is_main_group INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS ipc_main_group ON ipc(main_group, is_main_group);
CREATE TABLE IF NOT EXISTS industry (code TEXT PRIMARY KEY, scheme TEXT NOT NULL, name TEXT NOT NULL,
    parent TEXT);
CREATE TABLE IF NOT EXISTS region (code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL,
    parent TEXT);
CREATE TABLE IF NOT EXISTS chain_node (
    key TEXT PRIMARY KEY, chain TEXT NOT NULL, name TEXT NOT NULL, position TEXT NOT NULL, parent TEXT,
    ipc_codes TEXT NOT NULL, keywords TEXT NOT NULL, supplies_to TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chain_node_chain ON chain_node(chain);
CREATE TABLE IF NOT EXISTS legal_event (
    event_id TEXT PRIMARY KEY, pub_no TEXT NOT NULL, kind TEXT NOT NULL, date TEXT, amount REAL,
    exclusive INTEGER, synthetic INTEGER NOT NULL, source_file TEXT, row INTEGER, run_id TEXT);
CREATE INDEX IF NOT EXISTS legal_event_pub ON legal_event(pub_no);
CREATE INDEX IF NOT EXISTS legal_event_date ON legal_event(kind, date);

CREATE TABLE IF NOT EXISTS rel_applied_by (src TEXT NOT NULL, dst TEXT NOT NULL, ord INTEGER NOT NULL,
    source_file TEXT, row INTEGER, run_id TEXT, PRIMARY KEY (src, dst)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rel_held_by (src TEXT NOT NULL, dst TEXT NOT NULL,
    source_file TEXT, row INTEGER, run_id TEXT, PRIMARY KEY (src, dst)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rel_invented_by (src TEXT NOT NULL, dst TEXT NOT NULL,
    source_file TEXT, row INTEGER, run_id TEXT, PRIMARY KEY (src, dst)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rel_classified_as (src TEXT NOT NULL, dst TEXT NOT NULL, main INTEGER NOT NULL,
    source_file TEXT, row INTEGER, run_id TEXT, PRIMARY KEY (src, dst)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rel_mentions (src TEXT NOT NULL, dst TEXT NOT NULL, weight REAL NOT NULL,
    source_file TEXT, row INTEGER, run_id TEXT, PRIMARY KEY (src, dst)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rel_mapped_to (src TEXT NOT NULL, dst TEXT NOT NULL, confidence REAL NOT NULL,
    reason TEXT NOT NULL, source_file TEXT, row INTEGER, run_id TEXT, PRIMARY KEY (src, dst)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rel_located_in (src_label TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL,
    source_file TEXT, row INTEGER, run_id TEXT, PRIMARY KEY (src_label, src, dst)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rel_in_industry (src TEXT NOT NULL, dst TEXT NOT NULL, source TEXT NOT NULL,
    PRIMARY KEY (src, dst)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rel_part_of (src_label TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL,
    PRIMARY KEY (src_label, src, dst)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rel_supplies (src TEXT NOT NULL, dst TEXT NOT NULL,
    PRIMARY KEY (src, dst)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rel_has_event (src TEXT NOT NULL, dst TEXT NOT NULL,
    source_file TEXT, row INTEGER, run_id TEXT, PRIMARY KEY (src, dst)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rel_from_party (src TEXT NOT NULL, dst TEXT NOT NULL,
    source_file TEXT, row INTEGER, run_id TEXT, PRIMARY KEY (src, dst)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rel_to_party (src TEXT NOT NULL, dst TEXT NOT NULL,
    source_file TEXT, row INTEGER, run_id TEXT, PRIMARY KEY (src, dst)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rel_applied_by_dst ON rel_applied_by(dst);
CREATE INDEX IF NOT EXISTS rel_held_by_dst ON rel_held_by(dst);
CREATE INDEX IF NOT EXISTS rel_invented_by_dst ON rel_invented_by(dst);
CREATE INDEX IF NOT EXISTS rel_classified_as_dst ON rel_classified_as(dst);
CREATE INDEX IF NOT EXISTS rel_mentions_dst ON rel_mentions(dst);
CREATE INDEX IF NOT EXISTS rel_mapped_to_dst ON rel_mapped_to(dst);
CREATE INDEX IF NOT EXISTS rel_located_in_dst ON rel_located_in(dst);
CREATE INDEX IF NOT EXISTS rel_in_industry_dst ON rel_in_industry(dst);
CREATE INDEX IF NOT EXISTS rel_part_of_dst ON rel_part_of(dst);
CREATE INDEX IF NOT EXISTS rel_supplies_dst ON rel_supplies(dst);
CREATE INDEX IF NOT EXISTS rel_has_event_dst ON rel_has_event(dst);
CREATE INDEX IF NOT EXISTS rel_from_party_dst ON rel_from_party(dst);
CREATE INDEX IF NOT EXISTS rel_to_party_dst ON rel_to_party(dst);
"""

# Node tables and their key column, per label (stats and neighbourhood use them).
NODE_TABLES: dict[Label, tuple[str, str, str]] = {
    # label: (table, key column, display-name column)
    Label.PATENT: ("patent", "pub_no", "title"),
    Label.HOLDER: ("holder", "key", "name"),
    Label.INVENTOR: ("inventor", "key", "name"),
    Label.TECHNOLOGY: ("technology", "key", "name"),
    Label.IPC: ("ipc", "code", "title_zh"),
    Label.INDUSTRY: ("industry", "code", "name"),
    Label.CHAIN_NODE: ("chain_node", "key", "name"),
    Label.REGION: ("region", "code", "name"),
    Label.LEGAL_EVENT: ("legal_event", "event_id", "kind"),
}
REL_TABLES: dict[RelType, str] = {rel: "rel_" + rel.value.lower() for rel in RelType}

# (rel type, source label or None when the table has src_label, target label)
REL_ENDPOINTS: dict[RelType, tuple[Label | None, Label]] = {
    RelType.APPLIED_BY: (Label.PATENT, Label.HOLDER),
    RelType.HELD_BY: (Label.PATENT, Label.HOLDER),
    RelType.INVENTED_BY: (Label.PATENT, Label.INVENTOR),
    RelType.CLASSIFIED_AS: (Label.PATENT, Label.IPC),
    RelType.MENTIONS: (Label.PATENT, Label.TECHNOLOGY),
    RelType.MAPPED_TO: (Label.PATENT, Label.CHAIN_NODE),
    RelType.LOCATED_IN: (None, Label.REGION),
    RelType.IN_INDUSTRY: (Label.IPC, Label.INDUSTRY),
    RelType.PART_OF: (None, Label.IPC),  # target label equals src_label
    RelType.SUPPLIES: (Label.CHAIN_NODE, Label.CHAIN_NODE),
    RelType.HAS_EVENT: (Label.PATENT, Label.LEGAL_EVENT),
    RelType.FROM_PARTY: (Label.LEGAL_EVENT, Label.HOLDER),
    RelType.TO_PARTY: (Label.LEGAL_EVENT, Label.HOLDER),
}

COUNT_NODES = {label: f"SELECT count(*) FROM {table}" for label, (table, _, _) in NODE_TABLES.items()}
COUNT_RELS = {rel: f"SELECT count(*) FROM {table}" for rel, table in REL_TABLES.items()}
NODE_EXISTS = {
    label: f"SELECT {key}, {name} FROM {table} WHERE {key} = ?"
    for label, (table, key, name) in NODE_TABLES.items()
}
