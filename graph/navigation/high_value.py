"""High-value invention patents (高价值发明专利), CNIPA's five criteria reported separately.

A valid invention patent is high-value when it meets at least one criterion:
(1) strategic emerging industry (战略性新兴产业) through the 2021 SEI<->IPC concordance;
(2) a family member granted abroad (海外同族); (3) maintained more than 10 years since filing
(维持年限超过10年); (4) a high pledge-financing amount (质押融资); (5) a National S&T Award or
China Patent Award (国家科学技术奖/中国专利奖). Each criterion carries its own evidence.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from graph.models import HolderType, LegalEventKind, PatentFact, PatentFilter, PatentType
from graph.navigation.common import (
    ToDictMixin,
    add_years,
    events_until,
    parse_date,
    region_name,
    safe_ratio,
)
from graph.navigation.labels import chain_node_labels
from graph.navigation.sei import (
    IPC_ONLY,
    KEYWORD_RULE_ZH,
    SeiConcordance,
    assess_sei,
    load_sei_concordance,
)
from graph.store import GraphStore

logger = logging.getLogger(__name__)

CRITERIA_ZH = {
    "sei": "属于战略性新兴产业",
    "overseas_family": "有海外同族专利权",
    "maintained_10y": "维持年限超过10年",
    "pledge_financing": "实现较高质押融资金额",
    "award": "获得国家科学技术奖或中国专利奖",
}

SEI_CAVEAT = (
    KEYWORD_RULE_ZH + "。关键词按字面在题名/摘要中查找, 可能漏检同义表述; 仅依据 IPC 的归属是上限估计"
)
PLEDGE_CAVEAT = "质押金额阈值为本系统假设，非官方数值; 一份质押合同常涵盖多件专利, 故取单次记录的最高金额"


# 高校院所高价值专利运营库 (Shandong plan): holders of these types only
ACADEMIC_HOLDER_FILTER: tuple[HolderType, ...] = (HolderType.UNIVERSITY, HolderType.INSTITUTE)


@dataclass(frozen=True, slots=True)
class HighValueParams:
    pledge_amount_threshold_wan: float = 1000.0  # 万元; criterion 4 counts max pledge amount >= this
    maintained_years: int = 10  # criterion 3: valid and filed more than this many years before as_of
    region_digits: int = 2  # group regions by province (2) or city (4)
    # holder-type filter (e.g. ACADEMIC_HOLDER_FILTER); () keeps every holder, unless the
    # PatentFilter given to find_high_value_patents sets its own holder_types
    holder_types: tuple[HolderType, ...] = ()
    # False: criterion 1 by IPC alone (the concordance's upper bound), for comparison only
    sei_keyword_condition: bool = True


@dataclass(frozen=True, slots=True)
class CriterionResult(ToDictMixin):
    code: str
    name_zh: str
    met: bool | None  # None: the export carries no data for it (无数据), which is not "not met"
    evidence: str | None
    basis: str | None = None  # criterion 1 only: keyword | ipc_only


@dataclass(frozen=True, slots=True)
class HighValueAssessment(ToDictMixin):
    pub_no: str
    title: str
    holders: tuple[str, ...]  # holder keys
    region_code: str | None
    chain_nodes: tuple[str, ...]
    is_high_value: bool
    criteria: tuple[CriterionResult, ...]
    met_criteria: tuple[str, ...]
    sei_ipc_only: bool = False  # criterion 1 met on IPC alone (no product keyword condition)


@dataclass(frozen=True, slots=True)
class HighValueShare(ToDictMixin):
    dimension: str  # holder / region / chain_node
    key: str
    eligible_count: int  # valid invention patents
    high_value_count: int
    share: float | None
    criterion_counts: dict[str, int]
    name: str | None = None  # the holder's, region's or chain node's name


@dataclass(frozen=True, slots=True)
class HighValueSummary(ToDictMixin):
    """Totals an analyst quotes: how many valid inventions, how many high-value, on which basis."""

    eligible_count: int  # valid invention patents assessed
    high_value_count: int
    share: float | None
    criterion_counts: dict[str, int]  # patents meeting each criterion
    sei_keyword_count: int  # criterion 1 by IPC + product keyword
    sei_ipc_only_count: int  # criterion 1 by IPC alone
    high_value_by_sei_only: int  # high-value through criterion 1 and no other criterion
    holder_types: tuple[str, ...]  # the holder-type filter applied, () = all holders
    criterion_no_data: dict[str, int] = field(default_factory=dict)  # patents the export says nothing on


@dataclass(frozen=True, slots=True)
class HighValueReport(ToDictMixin):
    as_of: str
    patents: tuple[HighValueAssessment, ...]  # eligible patents, high-value first
    by_holder: tuple[HighValueShare, ...]
    by_region: tuple[HighValueShare, ...]
    by_chain_node: tuple[HighValueShare, ...]
    caveats: tuple[str, ...] = field(default=(SEI_CAVEAT, PLEDGE_CAVEAT))
    summary: HighValueSummary | None = None
    thresholds: dict[str, float | int | bool] = field(default_factory=dict)


def assess_high_value(
    fact: PatentFact,
    as_of: date,
    params: HighValueParams | None = None,
    concordance: SeiConcordance | None = None,
) -> HighValueAssessment:
    """The five criteria for one patent; only a valid invention patent can be high-value."""
    params = params or HighValueParams()
    sei = _sei(fact, params, concordance)
    criteria = (
        sei,
        _overseas(fact),
        _maintained(fact, as_of, params),
        _pledge(fact, as_of, params),
        _award(fact),
    )
    eligible = fact.patent_type is PatentType.INVENTION and fact.is_valid is True
    met = tuple(c.code for c in criteria if c.met)
    return HighValueAssessment(
        pub_no=fact.pub_no,
        title=fact.title,
        holders=tuple(h.key for h in fact.holders),
        region_code=fact.region_code,
        chain_nodes=tuple(key for key, _ in fact.chain_nodes),
        is_high_value=eligible and bool(met),
        criteria=criteria,
        met_criteria=met,
        sei_ipc_only=bool(sei.met) and sei.basis == IPC_ONLY,
    )


def find_high_value_patents(
    store: GraphStore,
    as_of: date,
    flt: PatentFilter | None = None,
    params: HighValueParams | None = None,
) -> HighValueReport:
    """Assess every valid invention patent under ``flt`` and the high-value shares per group."""
    params = params or HighValueParams()
    query = replace(flt or PatentFilter(), patent_types=(PatentType.INVENTION,), valid_only=True)
    if params.holder_types and not query.holder_types:
        query = replace(query, holder_types=params.holder_types)
    concordance = load_sei_concordance() if params.sei_keyword_condition else None
    assessments: list[HighValueAssessment] = []
    holder_names: dict[str, str] = {}  # the shares name holders, not their keys
    for fact in store.patent_facts(query):
        assessments.append(assess_high_value(fact, as_of, params, concordance))
        holder_names.update((h.key, h.name) for h in fact.holders)
    assessments.sort(key=lambda a: (not a.is_high_value, -len(a.met_criteria), a.pub_no))
    region_key = params.region_digits
    logger.info("high-value: %d of %d", sum(a.is_high_value for a in assessments), len(assessments))
    return HighValueReport(
        as_of=as_of.isoformat(),
        patents=tuple(assessments),
        by_holder=_shares("holder", assessments, lambda a: a.holders, holder_names.get),
        by_region=_shares(
            "region",
            assessments,
            lambda a: (a.region_code[:region_key],) if a.region_code else (),
            region_name,
        ),
        by_chain_node=_shares(
            "chain_node", assessments, lambda a: a.chain_nodes, chain_node_labels(store).get
        ),
        summary=_summary(assessments, query.holder_types),
        thresholds={
            "pledge_amount_threshold_wan": params.pledge_amount_threshold_wan,
            "maintained_years": params.maintained_years,
            "sei_keyword_condition": params.sei_keyword_condition,
        },
    )


def _summary(
    assessments: list[HighValueAssessment], holder_types: tuple[HolderType, ...]
) -> HighValueSummary:
    high = [a for a in assessments if a.is_high_value]
    sei_met = [a for a in assessments if "sei" in a.met_criteria]
    return HighValueSummary(
        eligible_count=len(assessments),
        high_value_count=len(high),
        share=safe_ratio(len(high), len(assessments)),
        criterion_counts={code: sum(code in a.met_criteria for a in assessments) for code in CRITERIA_ZH},
        sei_keyword_count=sum(not a.sei_ipc_only for a in sei_met),
        sei_ipc_only_count=sum(a.sei_ipc_only for a in sei_met),
        high_value_by_sei_only=sum(a.met_criteria == ("sei",) for a in high),
        holder_types=tuple(t.value for t in holder_types),
        criterion_no_data={
            code: sum(1 for a in assessments for c in a.criteria if c.code == code and c.met is None)
            for code in CRITERIA_ZH
        },
    )


def _shares(
    dimension: str,
    assessments: list[HighValueAssessment],
    keys_of: Callable[[HighValueAssessment], Iterable[str]],
    name_of: Callable[[str], str | None],
) -> tuple[HighValueShare, ...]:
    eligible: dict[str, int] = defaultdict(int)
    high: dict[str, int] = defaultdict(int)
    per_criterion: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CRITERIA_ZH, 0))
    for a in assessments:
        for key in keys_of(a):
            eligible[key] += 1
            high[key] += int(a.is_high_value)
            for code in a.met_criteria:
                per_criterion[key][code] += 1
    rows = [
        HighValueShare(
            dimension=dimension,
            key=key,
            eligible_count=count,
            high_value_count=high[key],
            share=safe_ratio(high[key], count),
            criterion_counts=per_criterion[key],
            name=name_of(key),
        )
        for key, count in eligible.items()
    ]
    rows.sort(key=lambda r: (-r.high_value_count, -(r.share or 0.0), r.key))
    return tuple(rows)


def _sei(fact: PatentFact, params: HighValueParams, concordance: SeiConcordance | None) -> CriterionResult:
    if not params.sei_keyword_condition:  # the concordance's upper bound: IPC alone
        evidence = "SEI " + ", ".join(fact.sei_codes) + " (仅依据 IPC)" if fact.sei_codes else None
        return CriterionResult("sei", CRITERIA_ZH["sei"], bool(fact.sei_codes), evidence, IPC_ONLY)
    found = assess_sei(fact, concordance)
    return CriterionResult("sei", CRITERIA_ZH["sei"], found.met, found.evidence(), found.basis)


def _overseas(fact: PatentFact) -> CriterionResult:
    name = CRITERIA_ZH["overseas_family"]
    if fact.overseas_family is None:  # no family column or cell: unknown, not "no family abroad"
        return CriterionResult("overseas_family", name, None, "导出无同族数据, 无法判断")
    size = f", 同族 {fact.family_size} 件" if fact.family_size else ""
    evidence = f"有海外同族{size}" if fact.overseas_family else f"同族中无海外授权{size}"
    return CriterionResult("overseas_family", name, fact.overseas_family, evidence)


def _award(fact: PatentFact) -> CriterionResult:
    """Exports seldom record awards; an empty cell is no evidence of no award."""
    if fact.award:
        return CriterionResult("award", CRITERIA_ZH["award"], True, fact.award)
    return CriterionResult("award", CRITERIA_ZH["award"], None, "导出未记录获奖信息, 无法判断")


def _maintained(fact: PatentFact, as_of: date, params: HighValueParams) -> CriterionResult:
    filed = parse_date(fact.app_date)
    met = bool(
        fact.is_valid is True and filed is not None and add_years(filed, params.maintained_years) < as_of
    )
    evidence = f"申请日 {fact.app_date}, 截至 {as_of.isoformat()} 仍有效" if met else None
    return CriterionResult("maintained_10y", CRITERIA_ZH["maintained_10y"], met, evidence)


def _pledge(fact: PatentFact, as_of: date, params: HighValueParams) -> CriterionResult:
    amounts = [
        (e.amount, e.date)
        for e in events_until(fact, as_of)
        if e.kind is LegalEventKind.PLEDGE and e.amount is not None
    ]
    best = max(amounts, key=lambda pair: pair[0], default=None)
    met = best is not None and best[0] >= params.pledge_amount_threshold_wan
    evidence = (
        f"质押金额 {best[0]:g} 万元 ({best[1]}), 阈值 {params.pledge_amount_threshold_wan:g} 万元"
        if best is not None
        else None
    )
    return CriterionResult("pledge_financing", CRITERIA_ZH["pledge_financing"], met, evidence)


__all__ = [
    "ACADEMIC_HOLDER_FILTER",
    "CriterionResult",
    "HighValueAssessment",
    "HighValueParams",
    "HighValueReport",
    "HighValueShare",
    "HighValueSummary",
    "assess_high_value",
    "find_high_value_patents",
]
