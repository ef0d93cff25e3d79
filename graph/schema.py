"""The graph's schema, described once (图模式): labels, relationships, their properties.

Labels and relationship types come only from these enums, never from data, so Cypher stays
constant and Chinese names stay properties. ``LABELS`` gives each label its key property, its
display-name property, its embedded-store table and the properties a node carries;
``RELATIONSHIPS`` gives each type its endpoints, its properties, and whether a patent upsert
replaces the patent's outgoing set of it. The SQL DDL and tables of the embedded store, the
Cypher constraints and write statements of the Neo4j store, and the property rows both stores
write (``graph.stores.common``) are derived from these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Label(StrEnum):
    PATENT = "Patent"
    HOLDER = "Holder"
    INVENTOR = "Inventor"
    TECHNOLOGY = "Technology"
    IPC = "IPC"
    INDUSTRY = "Industry"
    CHAIN_NODE = "ChainNode"
    REGION = "Region"
    LEGAL_EVENT = "LegalEvent"
    DEMAND = "Demand"  # 中小企业技术需求 (需求库)


class RelType(StrEnum):
    APPLIED_BY = "APPLIED_BY"  # (Patent)-[:APPLIED_BY {order}]->(Holder) 申请人
    HELD_BY = "HELD_BY"  # (Patent)-[:HELD_BY]->(Holder) 当前权利人
    INVENTED_BY = "INVENTED_BY"  # (Patent)-[:INVENTED_BY]->(Inventor)
    CLASSIFIED_AS = "CLASSIFIED_AS"  # (Patent)-[:CLASSIFIED_AS {main}]->(IPC)
    MENTIONS = "MENTIONS"  # (Patent)-[:MENTIONS {weight}]->(Technology)
    MAPPED_TO = "MAPPED_TO"  # (Patent)-[:MAPPED_TO {confidence, reason}]->(ChainNode)
    LOCATED_IN = "LOCATED_IN"  # (Holder|Patent)-[:LOCATED_IN]->(Region)
    IN_INDUSTRY = "IN_INDUSTRY"  # (IPC)-[:IN_INDUSTRY {source}]->(Industry)
    PART_OF = "PART_OF"  # child -> parent for IPC, Industry, Region, ChainNode
    SUPPLIES = "SUPPLIES"  # (ChainNode)-[:SUPPLIES]->(ChainNode) upstream -> downstream
    HAS_EVENT = "HAS_EVENT"  # (Patent)-[:HAS_EVENT]->(LegalEvent)
    FROM_PARTY = "FROM_PARTY"  # (LegalEvent)-[:FROM_PARTY]->(Holder) assignor / licensor / pledgor
    TO_PARTY = "TO_PARTY"  # (LegalEvent)-[:TO_PARTY]->(Holder) assignee / licensee / pledgee
    SEEKS = "SEEKS"  # (Demand)-[:SEEKS]->(Technology) technical terms the need mentions
    TARGETS = "TARGETS"  # (Demand)-[:TARGETS]->(ChainNode) the chain node of the need
    # (Demand)-[:CANDIDATE_PATENT|CANDIDATE_HOLDER {score, rank, first_run ...}]->(Patent|Holder) 候选
    CANDIDATE_PATENT = "CANDIDATE_PATENT"
    CANDIDATE_HOLDER = "CANDIDATE_HOLDER"


class PropKind(StrEnum):
    """How a property is stored: SQLite column type; lists are JSON text in SQLite."""

    TEXT = "TEXT"
    INT = "INTEGER"
    REAL = "REAL"
    BOOL = "BOOL"  # SQLite INTEGER 0/1, Neo4j boolean
    LIST = "LIST"  # SQLite JSON text, Neo4j list of strings


@dataclass(frozen=True, slots=True)
class Prop:
    name: str
    kind: PropKind = PropKind.TEXT
    required: bool = False  # NOT NULL
    column: str | None = None  # SQL column when the property name is an SQL keyword

    @property
    def sql_column(self) -> str:
        return self.column or self.name


def _p(spec: str) -> tuple[Prop, ...]:
    """``"title! app_year:int ..."``: a name, ``:kind`` (default text), ``!`` for required."""
    props = []
    for item in spec.split():
        required = item.endswith("!")
        name, _, kind = item.rstrip("!").partition(":")
        props.append(Prop(name, PropKind[kind.upper()] if kind else PropKind.TEXT, required))
    return tuple(props)


PROVENANCE = _p("source_file row:int run_id")  # where a node or link came from


@dataclass(frozen=True, slots=True)
class LabelSpec:
    key: str  # unique key property: MERGE key, uniqueness constraint, primary key
    name: str  # display-name property (subgraph views)
    table: str  # embedded-store table
    properties: tuple[Prop, ...]  # besides the key (provenance included where recorded)


LABELS: dict[Label, LabelSpec] = {
    Label.PATENT: LabelSpec(
        "pub_no",
        "title",
        "patent",
        _p(
            "app_no patent_type! title! abstract! claims! app_date app_year:int pub_date grant_date "
            "lapse_date legal_status is_valid:bool ipc_main region_code claims_count:int "
            "citations_count:int family_size:int overseas_family:bool award transfer_count:int "
            "licence_count:int pledge_count:int tokens! keywords:list! "
            "synthetic_fields:list!"
        )
        + PROVENANCE,
    ),
    Label.HOLDER: LabelSpec(
        "key",
        "name",
        "holder",
        _p("name! holder_type! type_reason! aliases:list! is_sme:bool sme_reason region_code") + PROVENANCE,
    ),
    Label.INVENTOR: LabelSpec("key", "name", "inventor", _p("name!")),
    Label.TECHNOLOGY: LabelSpec("key", "name", "technology", _p("name!")),
    # main_group / is_main_group are derived from the code (graph.codes.ipc) when it is written.
    Label.IPC: LabelSpec(
        "code", "title_zh", "ipc", _p("level! title_zh! parent main_group! is_main_group:bool!")
    ),
    Label.INDUSTRY: LabelSpec("code", "name", "industry", _p("scheme! name! parent")),
    Label.CHAIN_NODE: LabelSpec(
        "key",
        "name",
        "chain_node",
        _p("chain! name! position! parent ipc_codes:list! keywords:list! supplies_to:list!"),
    ),
    Label.REGION: LabelSpec("code", "name", "region", _p("name! level! parent")),
    Label.LEGAL_EVENT: LabelSpec(
        "event_id",
        "kind",
        "legal_event",
        _p("pub_no! kind! date amount:real exclusive:bool synthetic:bool!") + PROVENANCE,
    ),
    Label.DEMAND: LabelSpec(
        "demand_id",
        "need",
        "demand",
        _p(
            "need! sme! status! created! terms:list! sme_key region_code chain_node contact updated closed "
            "close_reason match_runs:list!"
        ),
    ),
}


@dataclass(frozen=True, slots=True)
class RelSpec:
    sources: tuple[Label, ...]  # several: the embedded table records the source label
    target: Label | None  # None: the source's own label (PART_OF)
    properties: tuple[Prop, ...] = ()  # provenance included where recorded
    replaced_by_patent_upsert: bool = False  # a patent upsert replaces the patent's outgoing set

    @property
    def labelled_source(self) -> bool:
        return len(self.sources) > 1


_PATENT = (Label.PATENT,)
# A demand's candidate: the latest matching's score and rank, the run that first and last found it.
_CANDIDATE = _p("score:real! rank:int! holder_key first_run! first_seen! last_run! last_seen!")
RELATIONSHIPS: dict[RelType, RelSpec] = {
    RelType.APPLIED_BY: RelSpec(
        _PATENT, Label.HOLDER, (Prop("order", PropKind.INT, True, "ord"), *PROVENANCE), True
    ),
    RelType.HELD_BY: RelSpec(_PATENT, Label.HOLDER, PROVENANCE, True),
    RelType.INVENTED_BY: RelSpec(_PATENT, Label.INVENTOR, PROVENANCE, True),
    RelType.CLASSIFIED_AS: RelSpec(_PATENT, Label.IPC, _p("main:bool!") + PROVENANCE, True),
    RelType.MENTIONS: RelSpec(_PATENT, Label.TECHNOLOGY, _p("weight:real!") + PROVENANCE, True),
    RelType.MAPPED_TO: RelSpec(_PATENT, Label.CHAIN_NODE, _p("confidence:real! reason!") + PROVENANCE, True),
    # A patent upsert replaces the patent's own LOCATED_IN link, not its holders' or demands'.
    RelType.LOCATED_IN: RelSpec((Label.PATENT, Label.HOLDER, Label.DEMAND), Label.REGION, PROVENANCE, True),
    RelType.IN_INDUSTRY: RelSpec((Label.IPC,), Label.INDUSTRY, _p("source!")),
    RelType.PART_OF: RelSpec((Label.IPC, Label.INDUSTRY, Label.REGION, Label.CHAIN_NODE), None),
    RelType.SUPPLIES: RelSpec((Label.CHAIN_NODE,), Label.CHAIN_NODE),
    RelType.HAS_EVENT: RelSpec(_PATENT, Label.LEGAL_EVENT, PROVENANCE),  # replaced per event, not per patent
    RelType.FROM_PARTY: RelSpec((Label.LEGAL_EVENT,), Label.HOLDER, PROVENANCE),
    RelType.TO_PARTY: RelSpec((Label.LEGAL_EVENT,), Label.HOLDER, PROVENANCE),
    # A demand upsert replaces its SEEKS / TARGETS / LOCATED_IN links (DEMAND_REPLACED_RELS).
    RelType.SEEKS: RelSpec((Label.DEMAND,), Label.TECHNOLOGY),
    RelType.TARGETS: RelSpec((Label.DEMAND,), Label.CHAIN_NODE),
    RelType.CANDIDATE_PATENT: RelSpec((Label.DEMAND,), Label.PATENT, _CANDIDATE),
    RelType.CANDIDATE_HOLDER: RelSpec((Label.DEMAND,), Label.HOLDER, _CANDIDATE),
}

# The unique key property of each label; ensure_schema creates one constraint per entry.
NODE_KEYS: dict[Label, str] = {label: spec.key for label, spec in LABELS.items()}
# Display name of a node in a subgraph, per label (both stores read the same property).
NAME_PROPERTY: dict[Label, str] = {label: spec.name for label, spec in LABELS.items()}
# The outgoing relationship sets a patent upsert replaces (no stale links after a corrected row).
PATENT_REPLACED_RELS: tuple[RelType, ...] = tuple(
    rel for rel, spec in RELATIONSHIPS.items() if spec.replaced_by_patent_upsert
)
# The links a demand upsert replaces (from what the need mentions), by target label.
DEMAND_REPLACED_RELS: dict[RelType, Label] = {
    RelType.SEEKS: Label.TECHNOLOGY,
    RelType.TARGETS: Label.CHAIN_NODE,
    RelType.LOCATED_IN: Label.REGION,
}
# Patent -> target links (one write statement each in the Neo4j store).
PATENT_LINKS: dict[RelType, Label] = {
    rel: spec.target for rel, spec in RELATIONSHIPS.items() if Label.PATENT in spec.sources and spec.target
}


def property_names(label: Label) -> tuple[str, ...]:
    return tuple(prop.name for prop in LABELS[label].properties)


def rel_property_names(rel: RelType) -> tuple[str, ...]:
    return tuple(prop.name for prop in RELATIONSHIPS[rel].properties)
