"""Sleeping patents (沉睡专利): screening (初评), grading (分级) and classification (分类).

Definition (DOMAIN.md, Sichuan plan): a valid patent held by a university or research
institute (高校院所), granted at least ``min_years_since_grant`` years before ``as_of``, with
no transfer, licence, pledge or equity event up to ``as_of``. The graph records no
implementation (实施) facts, so "not implemented" is read from the legal events only.
An open-licence declaration (开放许可) does not end sleep: it is reported as a flag.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from graph.models import ACADEMIC_HOLDER_TYPES, HolderRef, LegalEventKind, PatentFact, PatentFilter
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
from graph.navigation.scoring import saturating
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


@dataclass(frozen=True, slots=True)
class SleepingPatentFilter:
    """Restrict the screening by region (NBS prefix), holder, chain or chain node."""

    region_prefixes: tuple[str, ...] = ()
    holder_keys: tuple[str, ...] = ()
    chain_node_keys: tuple[str, ...] = ()
    chain: str | None = None
    level: str | None = None  # "A" | "B" | "C"


@dataclass(frozen=True, slots=True)
class ValueIndicator(ToDictMixin):
    name: str
    name_zh: str
    raw: float | int | str | None
    score: float
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
    category: str  # 分类: primary chain node, else IPC subclass
    chain_nodes: tuple[str, ...]
    indicators: tuple[ValueIndicator, ...]
    score: float
    level: str  # 分级 A / B / C
    reasons: tuple[str, ...]


def sleeping_exclusion(fact: PatentFact, as_of: date, params: SleepingParams | None = None) -> str | None:
    """Why ``fact`` is not a sleeping patent on ``as_of`` (初评), or ``None`` if it is one."""
    params = params or SleepingParams()
    if fact.is_valid is not True:
        return "专利无效或状态未知 (not valid)"
    if not any(is_academic(h) for h in fact.holders):
        return "权利人非高校院所 (not held by a university or institute)"
    granted = parse_date(fact.grant_date)
    if granted is None:
        return "无授权日 (no grant date)"
    if add_years(granted, params.min_years_since_grant) > as_of:
        years = params.min_years_since_grant
        return f"授权未满{years}年 (granted less than {years} years ago)"
    used = sorted({e.kind.value for e in events_until(fact, as_of) if e.kind in USE_EVENT_KINDS})
    if used:
        return f"已有转化或质押事件 (has {', '.join(used)} events)"
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
    query = PatentFilter(
        region_prefixes=flt.region_prefixes,
        holder_keys=flt.holder_keys,
        chain_node_keys=flt.chain_node_keys,
        chain=flt.chain,
        holder_types=tuple(sorted(ACADEMIC_HOLDER_TYPES)),
        valid_only=True,
    )
    graded = [
        grade_sleeping_patent(fact, as_of, params)
        for fact in store.patent_facts(query)
        if is_sleeping(fact, as_of, params)
    ]
    if flt.level:
        graded = [p for p in graded if p.level == flt.level.upper()]
    graded.sort(key=lambda p: (p.level, -p.score, p.pub_no))
    logger.info("sleeping patents: %d (as of %s)", len(graded), as_of)
    return graded


def grade_sleeping_patent(fact: PatentFact, as_of: date, params: SleepingParams) -> SleepingPatent:
    """分级: value indicators -> weighted score -> level A/B/C, with the reasons."""
    granted = parse_date(fact.grant_date)
    expiry = expiry_date(fact)
    remaining = max(0.0, years_between(as_of, expiry)) if expiry else None
    indicators = _indicators(fact, remaining, params)
    total_weight = sum(params.weights.values()) or 1.0
    score = sum(i.score * params.weights.get(i.name, 0.0) for i in indicators) / total_weight
    level = "A" if score >= params.level_a_min else "B" if score >= params.level_b_min else "C"
    open_licensed = is_open_licensed(fact, as_of)
    reasons = [f"{level}级: 综合得分 {score:.2f} (A>={params.level_a_min}, B>={params.level_b_min})"]
    reasons += [i.reason for i in indicators if i.score >= 0.5]
    if open_licensed:
        reasons.append("已声明开放许可 (open licence declared)")
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
        open_licensed=open_licensed,
        category=_category(fact),
        chain_nodes=tuple(key for key, _ in fact.chain_nodes),
        indicators=indicators,
        score=round(score, 4),
        level=level,
        reasons=tuple(reasons),
    )


def _indicators(
    fact: PatentFact, remaining: float | None, params: SleepingParams
) -> tuple[ValueIndicator, ...]:
    subclasses = sorted({code[:4] for code in fact.ipc_codes if len(code) >= 4})
    family_score = 1.0 if fact.overseas_family else saturating(fact.family_size or 0, params.family_full)
    rows: list[tuple[str, float | int | str | None, float, str]] = [
        ("claims", fact.claims_count, saturating(fact.claims_count or 0, params.claims_full), ""),
        (
            "citations",
            fact.citations_count,
            saturating(fact.citations_count or 0, params.citations_full),
            "",
        ),
        ("family", fact.family_size, family_score, " (含海外同族)" if fact.overseas_family else ""),
        (
            "remaining_term",
            round(remaining, 2) if remaining is not None else None,
            saturating(remaining or 0.0, params.remaining_years_full),
            " 年",
        ),
        ("ipc_breadth", len(subclasses), saturating(len(subclasses), params.ipc_subclasses_full), ""),
        ("sei", ",".join(fact.sei_codes) or None, 1.0 if fact.sei_codes else 0.0, ""),
    ]
    return tuple(
        ValueIndicator(
            name=name,
            name_zh=INDICATOR_NAMES_ZH[name],
            raw=raw,
            score=round(score, 4),
            reason=f"{INDICATOR_NAMES_ZH[name]}: {'未知' if raw is None else raw}{unit} (score {score:.2f})",
        )
        for name, raw, score, unit in rows
    )


def _category(fact: PatentFact) -> str:
    if fact.chain_nodes:
        return sorted(fact.chain_nodes, key=lambda node: (-node[1], node[0]))[0][0]
    if fact.ipc_codes:
        return fact.ipc_codes[0][:4]
    return "未分类"
