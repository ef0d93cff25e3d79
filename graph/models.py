"""Plain record models shared by every layer.

Write side: ``*Record`` classes are what ingest produces and a store upserts, keyed on
stable natural keys (publication number, normalised holder key, IPC code, region code).
Read side: ``*Fact`` / ``*View`` classes are what a store answers, flattened so the
navigation analyses can be written once, on top of the ``GraphStore`` contract.

Dates are ISO strings (``YYYY-MM-DD``) so both stores compare and sort them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# views of the graph and of the store live in graph/views.py; callers find them here too
from graph.views import DataCutoff as DataCutoff
from graph.views import EdgeView as EdgeView
from graph.views import HolderName as HolderName
from graph.views import NodeView as NodeView
from graph.views import SearchHit as SearchHit
from graph.views import StoreStats as StoreStats
from graph.views import Subgraph as Subgraph


class HolderType(StrEnum):
    """专利权人类型."""

    UNIVERSITY = "university"  # 高校
    INSTITUTE = "institute"  # 科研院所
    SOE = "soe"  # 国有企业
    ENTERPRISE = "enterprise"  # 企业 (size unknown or large)
    SME = "sme"  # 中小企业
    INDIVIDUAL = "individual"  # 个人
    OTHER = "other"  # 机关、协会等


ACADEMIC_HOLDER_TYPES = frozenset({HolderType.UNIVERSITY, HolderType.INSTITUTE})


class Validity(StrEnum):
    """法律状态类别: in force, lapsed / rejected / withdrawn, or pending (审中, also unknown wording)."""

    VALID = "valid"  # 有效
    INVALID = "invalid"  # 失效
    PENDING = "pending"  # 审中


class PatentType(StrEnum):
    INVENTION = "invention"  # 发明
    UTILITY_MODEL = "utility_model"  # 实用新型
    DESIGN = "design"  # 外观设计


class LegalEventKind(StrEnum):
    TRANSFER = "transfer"  # 转让
    LICENCE = "licence"  # 许可
    PLEDGE = "pledge"  # 质押
    OPEN_LICENCE = "open_licence"  # 开放许可
    EQUITY = "equity"  # 作价入股
    INVALIDATION = "invalidation"  # 无效
    TERMINATION = "termination"  # 终止 / 失效


TRANSFORMATION_EVENT_KINDS = frozenset(
    {LegalEventKind.TRANSFER, LegalEventKind.LICENCE, LegalEventKind.EQUITY}
)


class ChainPosition(StrEnum):
    UPSTREAM = "upstream"  # 上游
    MIDSTREAM = "midstream"  # 中游
    DOWNSTREAM = "downstream"  # 下游


class RegionLevel(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"


class IndustryScheme(StrEnum):
    GBT4754 = "gbt4754"  # 国民经济行业分类 GB/T 4754-2017
    SEI = "sei"  # 战略性新兴产业分类 (2018) via the 2021 IPC concordance


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a node or relationship came from: source file, 1-based data row, ingest run."""

    source_file: str
    row: int
    run_id: str


# --------------------------------------------------------------------------- write side


@dataclass(frozen=True, slots=True)
class HolderRecord:
    key: str  # normalised holder key (see ingest.normalise.holders)
    name: str
    holder_type: HolderType
    type_reason: str
    aliases: tuple[str, ...] = ()
    is_sme: bool | None = None
    sme_reason: str | None = None
    region_code: str | None = None  # most specific NBS code known (12-digit county/city/province)
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class InventorRecord:
    key: str  # name + first holder key: inventors have no public identifier
    name: str
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class PatentRecord:
    pub_no: str  # 公开(公告)号, e.g. CN218751475U
    app_no: str | None  # 申请号, e.g. CN202223220665.2
    patent_type: PatentType
    title: str
    abstract: str = ""
    claims: str = ""
    app_date: str | None = None
    pub_date: str | None = None
    grant_date: str | None = None
    lapse_date: str | None = None  # 失效日期
    legal_status: str | None = None  # raw 法律状态 wording
    is_valid: bool | None = None  # 有效 / 失效 derived from the legal status
    ipc_main: str | None = None
    ipc_codes: tuple[str, ...] = ()
    applicants: tuple[str, ...] = ()  # holder keys, filing order
    holders: tuple[str, ...] = ()  # current right holders (当前权利人), holder keys
    inventors: tuple[str, ...] = ()  # inventor keys
    region_code: str | None = None  # first applicant's region
    claims_count: int | None = None
    citations_count: int | None = None  # 被引证 / 引证数
    family_size: int | None = None  # 简单同族数量
    overseas_family: bool | None = None  # a family member granted abroad (海外同族)
    award: str | None = None  # 国家科学技术奖 / 中国专利奖
    # 专利转移次数 / 许可次数 / 质押次数 as the export states them: numbers, never that many events
    transfer_count: int | None = None
    licence_count: int | None = None
    pledge_count: int | None = None
    tokens: str = ""  # space-joined segmented title + abstract (+claims), for candidate search
    keywords: tuple[str, ...] = ()
    synthetic_fields: tuple[str, ...] = ()  # fields filled in by the generator, not real data
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class LegalEventRecord:
    event_id: str  # stable hash of (pub_no, kind, date, parties)
    pub_no: str
    kind: LegalEventKind
    date: str | None
    from_holders: tuple[str, ...] = ()  # holder keys (assignor, licensor, pledgor)
    to_holders: tuple[str, ...] = ()  # holder keys (assignee, licensee, pledgee)
    amount: float | None = None  # 万元 where present
    exclusive: bool | None = None  # licences: 独占
    synthetic: bool = False
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class TechnologyRecord:
    key: str  # normalised technical term
    name: str


@dataclass(frozen=True, slots=True)
class PatentTechnologyLink:
    pub_no: str
    technology_key: str
    weight: float = 1.0
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class PatentChainLink:
    """A patent mapped onto an industry-chain node, with the evidence that put it there."""

    pub_no: str
    node_key: str
    confidence: float
    reason: str
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class IpcRecord:
    code: str  # normalised, no space: H01M10/052
    level: str  # section / class / subclass / group / subgroup
    title_zh: str
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class IndustryRecord:
    code: str  # "gbt4754:C3841" or "sei:1.1.2"
    scheme: IndustryScheme
    name: str
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class IpcIndustryLink:
    ipc_code: str
    industry_code: str
    source: str  # e.g. "sei_ipc_2021"


@dataclass(frozen=True, slots=True)
class RegionRecord:
    code: str  # NBS 12-digit code (province 2, city 4, county 6 significant digits)
    name: str
    level: RegionLevel
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class ChainNodeRecord:
    key: str  # "<chain>/<node id>", e.g. "nev/battery_cell"
    chain: str
    name: str  # Chinese node name
    position: ChainPosition
    parent: str | None = None
    ipc_codes: tuple[str, ...] = ()  # codes or prefixes (H01M10/05 covers its subgroups)
    keywords: tuple[str, ...] = ()
    supplies_to: tuple[str, ...] = ()  # downstream node keys (chain edges)


@dataclass(slots=True)
class PatentBatch:
    """Everything one ingest batch writes; a store upserts it in one go, idempotently."""

    holders: list[HolderRecord] = field(default_factory=list)
    inventors: list[InventorRecord] = field(default_factory=list)
    patents: list[PatentRecord] = field(default_factory=list)
    events: list[LegalEventRecord] = field(default_factory=list)
    technologies: list[TechnologyRecord] = field(default_factory=list)
    technology_links: list[PatentTechnologyLink] = field(default_factory=list)
    chain_links: list[PatentChainLink] = field(default_factory=list)


@dataclass(slots=True)
class ReferenceBatch:
    """Reference data: IPC scheme, industries, regions, chain definitions."""

    ipc: list[IpcRecord] = field(default_factory=list)
    industries: list[IndustryRecord] = field(default_factory=list)
    ipc_industry_links: list[IpcIndustryLink] = field(default_factory=list)
    regions: list[RegionRecord] = field(default_factory=list)
    chain_nodes: list[ChainNodeRecord] = field(default_factory=list)


# --------------------------------------------------------------------------- read side


@dataclass(frozen=True, slots=True)
class HolderRef:
    key: str
    name: str
    holder_type: HolderType
    is_sme: bool | None
    region_code: str | None


@dataclass(frozen=True, slots=True)
class EventFact:
    event_id: str
    pub_no: str
    kind: LegalEventKind
    date: str | None
    from_holders: tuple[HolderRef, ...]
    to_holders: tuple[HolderRef, ...]
    amount: float | None
    exclusive: bool | None


@dataclass(frozen=True, slots=True)
class PatentFact:
    """One patent with everything the analyses read, tuples sorted so both stores agree."""

    pub_no: str
    app_no: str | None
    patent_type: PatentType
    title: str
    abstract: str
    app_date: str | None
    grant_date: str | None
    lapse_date: str | None
    legal_status: str | None
    is_valid: bool | None
    ipc_codes: tuple[str, ...]
    holders: tuple[HolderRef, ...]  # current right holders, sorted by key
    region_code: str | None
    chain_nodes: tuple[tuple[str, float], ...]  # (node key, confidence), sorted by key
    sei_codes: tuple[str, ...]  # SEI industry codes reached through the patent's IPC codes
    technologies: tuple[str, ...]  # technology keys, sorted
    events: tuple[EventFact, ...]  # sorted by (date, event_id)
    claims_count: int | None
    citations_count: int | None
    family_size: int | None
    overseas_family: bool | None
    award: str | None
    transfer_count: int | None = None  # stated counts (graph.event_counts)
    licence_count: int | None = None
    pledge_count: int | None = None


@dataclass(frozen=True, slots=True)
class PatentFilter:
    """Conjunctive filter; an empty field means 'no constraint'.

    ``region_prefixes`` match the NBS code of the patent's region by prefix, so "22"
    selects Jilin province and "2201" Changchun. ``min_mapping_confidence`` also restricts the
    CHAIN_NODE facet's values.
    """

    region_prefixes: tuple[str, ...] = ()
    chain_node_keys: tuple[str, ...] = ()
    chain: str | None = None  # any node of this chain
    holder_types: tuple[HolderType, ...] = ()
    holder_keys: tuple[str, ...] = ()
    patent_types: tuple[PatentType, ...] = ()
    valid_only: bool = False
    app_year_from: int | None = None
    app_year_to: int | None = None
    pub_nos: tuple[str, ...] = ()
    technology_keys: tuple[str, ...] = ()
    validity: tuple[Validity, ...] = ()  # any of these legal-status classes
    min_mapping_confidence: float | None = None  # mapped (to the chain / nodes) at least this sure
    # a current holder located outside all of / within one of these prefixes (its own region, else
    # the patent's; with neither it is outside)
    holders_outside: tuple[str, ...] = ()
    holders_within: tuple[str, ...] = ()
    event_kinds: tuple[LegalEventKind, ...] = ()  # has a legal event of one of these kinds


class Facet(StrEnum):
    """Dimensions a store can group patents by (pushed down to Cypher / SQL)."""

    CHAIN_NODE = "chain_node"
    PROVINCE = "province"  # first 2 digits of the region code
    CITY = "city"  # first 4 digits
    APP_YEAR = "app_year"
    HOLDER_TYPE = "holder_type"
    PATENT_TYPE = "patent_type"
    HOLDER = "holder"  # current holders meeting every holder condition of the filter


@dataclass(frozen=True, slots=True)
class FacetCount:
    values: tuple[str | None, ...]  # one value per requested facet, in order
    count: int  # distinct patents


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A candidate patent for a set of query terms; ranking is done by the caller."""

    pub_no: str
    matched_terms: tuple[str, ...]  # sorted


@dataclass(frozen=True, slots=True)
class PatentText:
    """What the text index of collaborator discovery reads of one patent."""

    pub_no: str
    title: str
    abstract: str
    holder_types: tuple[HolderType, ...]  # of its applicants and current right holders, sorted, unique


@dataclass(frozen=True, slots=True)
class EventFilter:
    kinds: tuple[LegalEventKind, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    region_prefixes: tuple[str, ...] = ()  # region of the patent
    holder_keys: tuple[str, ...] = ()  # either party
    pub_nos: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HolderView:
    key: str
    name: str
    holder_type: HolderType
    type_reason: str
    aliases: tuple[str, ...]
    is_sme: bool | None
    sme_reason: str | None
    region_code: str | None
    patent_count: int
