"""Sleeping patents (沉睡专利): screening (初评), grading (分级) and classification (分类).

Definition (DOMAIN.md, Sichuan plan): a valid patent held by a university or research
institute (高校院所), granted at least ``min_years_since_grant`` years before ``as_of``, with
no transfer, licence, pledge or equity event up to ``as_of``. The graph records no
implementation (实施) facts, so "not implemented" is read from the legal events, and from the
export's 转让/许可/质押次数 where they state more events than are recorded (dates unknown).
An open-licence declaration (开放许可) does not end sleep: it is reported as a flag (with
its fee where recorded); a licence taken under it does, like any licence.

Grading (分级): each value indicator scores in [0, 1]; the grade score is the weighted mean over
the indicators whose input is known. A missing input (e.g. no claims count in the export) is
left out of the weighting and named in the reasons, never scored 0.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from graph.codes.ipc import ipc_subclass
from graph.event_counts import unrecorded_events
from graph.models import (
    ACADEMIC_HOLDER_TYPES,
    HolderRef,
    HolderType,
    LegalEventKind,
    PatentFact,
    PatentFilter,
)
from graph.navigation.common import (
    USE_EVENT_KINDS,
    ToDictMixin,
    add_years,
    events_until,
    expiry_date,
    is_academic,
    parse_date,
    years_between,
)
from graph.navigation.labels import EVENT_KIND_ZH, chain_node_labels, ipc_subclass_label
from graph.navigation.region_names import region_name
from graph.navigation.scoring import saturating
from graph.navigation.sei import BASIS_ZH, SeiConcordance, assess_sei, load_sei_concordance
from graph.store import GraphStore

logger = logging.getLogger(__name__)

INDICATOR_NAMES_ZH = {
    "claims": "权利要求数",
    "citations": "被引证次数",
    "family": "同族规模",
    "remaining_term": "剩余保护期",
    "ipc_breadth": "IPC 覆盖面",
    "sei": "战略性新兴产业",
}


@dataclass(frozen=True, slots=True)
class SleepingParams:
    """Screening and grading thresholds (all stated, all overridable)."""

    min_years_since_grant: int = 3  # 授权满三年
    # indicator -> weight; the grade score is the weighted mean of indicator scores in [0, 1]
    weights: dict[str, float] = field(
        default_factory=lambda: {
            "claims": 0.15,
            "citations": 0.20,
            "family": 0.15,
            "remaining_term": 0.20,
            "ipc_breadth": 0.10,
            "sei": 0.20,
        }
    )
    claims_full: int = 10  # 10 claims or more score 1
    citations_full: int = 5
    family_full: int = 5  # family members incl. the patent itself; an overseas member scores 1
    remaining_years_full: float = 10.0
    ipc_subclasses_full: int = 3
    level_a_min: float = 0.60  # A: score >= 0.60
    level_b_min: float = 0.35  # B: score >= 0.35, otherwise C
    # below this share of the weights known, the grade is marked as resting on thin evidence
    min_known_weight: float = 0.5


@dataclass(frozen=True, slots=True)
class SleepingPatentFilter:
    """Restrict the screening by region (NBS prefix), holder, chain or chain node."""

    region_prefixes: tuple[str, ...] = ()
    holder_keys: tuple[str, ...] = ()
    chain_node_keys: tuple[str, ...] = ()
    chain: str | None = None
    level: str | None = None  # "A" | "B" | "C"
    # university and/or institute (the screening only ever takes academic holders); () = both
    holder_types: tuple[HolderType, ...] = ()


@dataclass(frozen=True, slots=True)
class ValueIndicator(ToDictMixin):
    name: str
    name_zh: str
    raw: float | int | str | None
    score: float | None  # None: input missing, left out of the weighting
    weight: float  # the weight it carries in this patent's score (0 when missing)
    reason: str


@dataclass(frozen=True, slots=True)
class SleepingPatent(ToDictMixin):
    pub_no: str
    title: str
    patent_type: str
    holders: tuple[HolderRef, ...]
    region_code: str | None
    app_date: str | None
    grant_date: str | None
    years_since_grant: float
    remaining_years: float | None
    open_licensed: bool  # 已开放许可
    category: str  # 分类: primary chain node key, else IPC subclass
    chain_nodes: tuple[str, ...]
    indicators: tuple[ValueIndicator, ...]
    score: float
    level: str  # 分级 A / B / C
    reasons: tuple[str, ...]
    abstract: str = ""
    legal_status: str | None = None
    region_name: str | None = None  # 地区名称, e.g. 四川省成都市
    category_name: str | None = None  # 分类名称: 产业链·节点, or the IPC subclass
    chain_node_names: tuple[str, ...] = ()  # 产业链·节点 names, same order as chain_nodes
    open_licence_fee_wan: float | None = None  # 开放许可使用费 (万元) where declared
    known_weight: float = 1.0  # share of the indicator weights whose input is known


def sleeping_exclusion(fact: PatentFact, as_of: date, params: SleepingParams | None = None) -> str | None:
    """Why ``fact`` is not a sleeping patent on ``as_of`` (初评), or ``None`` if it is one."""
    params = params or SleepingParams()
    if fact.is_valid is not True:
        return "专利无效或状态未知"
    if not any(is_academic(h) for h in fact.holders):
        return "权利人非高校院所"
    granted = parse_date(fact.grant_date)
    if granted is None:
        return "无授权日"
    if add_years(granted, params.min_years_since_grant) > as_of:
        years = params.min_years_since_grant
        return f"授权未满{years}年"
    used = sorted(
        {e.kind for e in events_until(fact, as_of) if e.kind in USE_EVENT_KINDS}
        | {kind for kind in USE_EVENT_KINDS if unrecorded_events(fact, kind)}  # counted, undated
    )
    if used:
        return f"已有转化或质押事件 ({'、'.join(EVENT_KIND_ZH[kind] for kind in used)})"
    return None


def is_sleeping(fact: PatentFact, as_of: date, params: SleepingParams | None = None) -> bool:
    return sleeping_exclusion(fact, as_of, params) is None


def is_open_licensed(fact: PatentFact, as_of: date) -> bool:
    """An open-licence declaration (开放许可声明) recorded on or before ``as_of``."""
    return any(e.kind is LegalEventKind.OPEN_LICENCE for e in events_until(fact, as_of))


def screen_sleeping_patents(
    store: GraphStore,
    as_of: date,
    flt: SleepingPatentFilter | None = None,
    params: SleepingParams | None = None,
) -> list[SleepingPatent]:
    """Sleeping patents graded A/B/C, best first (level, score desc, pub_no)."""
    flt = flt or SleepingPatentFilter()
    params = params or SleepingParams()
    academic = set(flt.holder_types) & ACADEMIC_HOLDER_TYPES if flt.holder_types else ACADEMIC_HOLDER_TYPES
    if not academic:  # only universities and institutes hold sleeping patents
        return []
    query = PatentFilter(
        region_prefixes=flt.region_prefixes,
        holder_keys=flt.holder_keys,
        chain_node_keys=flt.chain_node_keys,
        chain=flt.chain,
        holder_types=tuple(sorted(academic)),
        valid_only=True,
    )
    concordance = load_sei_concordance()
    names = chain_node_labels(store)
    graded = [
        grade_sleeping_patent(fact, as_of, params, concordance, names)
        for fact in store.patent_facts(query)
        if is_sleeping(fact, as_of, params)
    ]
    if flt.level:
        graded = [p for p in graded if p.level == flt.level.upper()]
    graded.sort(key=lambda p: (p.level, -p.score, p.pub_no))
    logger.info("sleeping patents: %d (as of %s)", len(graded), as_of)
    return graded


def grade_sleeping_patent(
    fact: PatentFact,
    as_of: date,
    params: SleepingParams,
    concordance: SeiConcordance | None = None,
    node_names: dict[str, str] | None = None,
) -> SleepingPatent:
    """分级: value indicators -> weighted score over the known ones -> level A/B/C, with reasons."""
    granted = parse_date(fact.grant_date)
    expiry = expiry_date(fact)
    remaining = max(0.0, years_between(as_of, expiry)) if expiry else None
    indicators = _indicators(fact, remaining, params, concordance)
    total_weight = sum(params.weights.values()) or 1.0
    known = sum(i.weight for i in indicators)
    score = sum((i.score or 0.0) * i.weight for i in indicators) / known if known else 0.0
    level = "A" if score >= params.level_a_min else "B" if score >= params.level_b_min else "C"
    declared, fee = open_licence_terms(fact, as_of)
    reasons = [
        f"{level}级: 综合得分 {score:.2f} (A级 >= {params.level_a_min}, B级 >= {params.level_b_min}; "
        f"按已知指标加权, 已知权重占 {known / total_weight:.0%})"
    ]
    if known / total_weight < params.min_known_weight:
        reasons.append(f"依据不足: 已知指标权重不足 {params.min_known_weight:.0%}, 分级仅供参考")
    reasons += [i.reason for i in indicators if i.score is not None and i.score >= 0.5]
    missing = [i.name_zh for i in indicators if i.score is None]
    if missing:
        reasons.append("缺少数据, 未计入: " + "、".join(missing))
    if declared:
        reasons.append("已声明开放许可" + (f", 许可使用费 {fee:g} 万元" if fee is not None else ""))
    names = node_names or {}
    nodes = tuple(key for key, _ in fact.chain_nodes)
    category = _category(fact)
    return SleepingPatent(
        pub_no=fact.pub_no,
        title=fact.title,
        patent_type=fact.patent_type.value,
        holders=fact.holders,
        region_code=fact.region_code,
        app_date=fact.app_date,
        grant_date=fact.grant_date,
        years_since_grant=round(years_between(granted, as_of), 2) if granted else 0.0,
        remaining_years=round(remaining, 2) if remaining is not None else None,
        open_licensed=declared,
        category=category,
        chain_nodes=nodes,
        indicators=indicators,
        score=round(score, 4),
        level=level,
        reasons=tuple(reasons),
        abstract=fact.abstract,
        legal_status=fact.legal_status,
        region_name=region_name(fact.region_code),
        category_name=names.get(category) if fact.chain_nodes else ipc_subclass_label(category),
        chain_node_names=tuple(names.get(key, key) for key in nodes),
        open_licence_fee_wan=fee,
        known_weight=round(known / total_weight, 4),
    )


def open_licence_terms(fact: PatentFact, as_of: date) -> tuple[bool, float | None]:
    """(declared, fee in 万元 of the latest declaration) for open licences up to ``as_of``."""
    declared = [e for e in events_until(fact, as_of) if e.kind is LegalEventKind.OPEN_LICENCE]
    return bool(declared), declared[-1].amount if declared else None


_Row = tuple[str, float | int | str | None, float | None, str]


def _indicators(
    fact: PatentFact, remaining: float | None, params: SleepingParams, concordance: SeiConcordance | None
) -> tuple[ValueIndicator, ...]:
    subclasses = sorted({s for code in fact.ipc_codes if (s := ipc_subclass(code))})
    family: float | None = None
    if fact.overseas_family:
        family = 1.0
    elif fact.family_size is not None:
        family = saturating(fact.family_size, params.family_full)
    sei = assess_sei(fact, concordance) if fact.ipc_codes else None
    sei_raw = None if sei is None else "、".join(sei.category_labels()) or "否"
    rows: list[_Row] = [
        ("claims", fact.claims_count, _maybe(fact.claims_count, params.claims_full), " 项"),
        ("citations", fact.citations_count, _maybe(fact.citations_count, params.citations_full), " 次"),
        ("family", fact.family_size, family, " 件 (含海外同族)" if fact.overseas_family else " 件"),
        (
            "remaining_term",
            round(remaining, 2) if remaining is not None else None,
            _maybe(remaining, params.remaining_years_full),
            " 年",
        ),
        (
            "ipc_breadth",
            len(subclasses) or None,
            _maybe(len(subclasses) or None, params.ipc_subclasses_full),
            " 个IPC小类",
        ),
        (
            "sei",
            sei_raw,
            None if sei is None else float(sei.met),
            f" [{BASIS_ZH[sei.basis]}]" if sei is not None and sei.basis else "",
        ),
    ]
    return tuple(_indicator(name, raw, score, unit, params) for name, raw, score, unit in rows)


def _maybe(value: float | int | None, full: float) -> float | None:
    return None if value is None else saturating(value, full)


def _indicator(
    name: str, raw: float | int | str | None, score: float | None, unit: str, params: SleepingParams
) -> ValueIndicator:
    label = INDICATOR_NAMES_ZH[name]
    reason = f"{label}: 无数据 (不计入权重)" if score is None else f"{label}: {raw}{unit} (得分 {score:.2f})"
    return ValueIndicator(
        name=name,
        name_zh=label,
        raw=raw,
        score=None if score is None else round(score, 4),
        weight=0.0 if score is None else params.weights.get(name, 0.0),
        reason=reason,
    )


def _category(fact: PatentFact) -> str:
    if fact.chain_nodes:
        return sorted(fact.chain_nodes, key=lambda node: (-node[1], node[0]))[0][0]
    if fact.ipc_codes:
        return ipc_subclass(fact.ipc_codes[0]) or fact.ipc_codes[0]
    return "未分类"
