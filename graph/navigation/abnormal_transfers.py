"""Abnormal-transfer warnings (异常转让预警): transfers and licences not aimed at implementation.

The plans ask to watch 明显不以技术创新和转化运用为目的的专利转让、许可 (Jilin: transfers and
licences; all four: 套取补贴). Rule-based, each warning with its evidence; every threshold is in
``AbnormalTransferParams`` and returned with the report, with the rules' definitions in Chinese.
Calibrated so that warnings stay rare: a first patent bought by an SME (the plans' own target
group) is no warning by itself; a same-day batch needs to be a large part of the assignor's
portfolio; a lapse at the end of the statutory term is no "lapse after transfer". The rules
flag patterns worth a human look, not proven misconduct.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from graph.codes.ipc import ipc_subclass
from graph.models import EventFact, EventFilter, LegalEventKind, PatentFact, PatentFilter
from graph.navigation.abnormal_rules import (
    KIND_ZH,
    RULE_KINDS,
    RULES_ZH,
    AbnormalTransferWarning,
    bulk_evidence,
    in_force_on,
    names,
    of_kinds,
    repeated_transfers,
    round_trips,
    same_day_groups,
    transfers_before_lapse,
    warning,
)
from graph.navigation.common import ToDictMixin, parse_date, safe_ratio
from graph.store import GraphStore

logger = logging.getLogger(__name__)

DEFINITIONS_ZH = {
    "bulk_same_day": "同一转让(许可)方与同一受让(被许可)方同日转让(许可)至少 {bulk_min_patents} 件, "
    "且占转让方当日在库有效专利的 {bulk_min_portfolio_share_pct}% 以上 (或不少于 {bulk_large_patents} 件)",
    "round_trip": "专利由 A 转让给 B 后 {round_trip_days} 天内又转回 A",
    "repeated_transfers": "同一专利 {repeat_window_days} 天内转让至少 {repeat_min_transfers} 次",
    "transfer_before_lapse": "转让或许可后 {pre_lapse_days} 天内专利即失效 (未缴年费、放弃等; 期限届满不计)",
    "unrelated_assignee": "受让方在库既无自有专利也无其他法律事件, 却在 {unrelated_window_days} 天内从至少 "
    "{unrelated_min_assignors} 个转让方受让至少 {unrelated_min_patents} 件、分属至少 2 个 IPC 小类的专利",
}


@dataclass(frozen=True, slots=True)
class AbnormalTransferParams:
    bulk_min_patents: int = 2  # same parties, same day, at least this many patents ...
    bulk_min_portfolio_share_pct: int = 40  # ... making up at least this share of the assignor's
    bulk_large_patents: int = 10  # portfolio in force that day, or at least this many whatever the share
    round_trip_days: int = 365  # A->B then B->A within this many days
    repeat_min_transfers: int = 3  # one patent transferred at least this many times ...
    repeat_window_days: int = 365  # ... within this many days
    # A transfer or licence at most this many days (one quarter) before the patent lapsed: a buyer
    # or licensor dropping the patent at the next annuity. `patentnav bench abnormal` scores it.
    pre_lapse_days: int = 90
    check_unrelated_assignees: bool = True
    unrelated_min_patents: int = 3  # an assignee without own activity receiving this many patents ...
    unrelated_min_assignors: int = 2  # ... from this many assignors ...
    unrelated_window_days: int = 365  # ... within this many days
    max_assignees_checked: int = 500  # cost bound on the assignees whose own activity is read
    kinds: tuple[LegalEventKind, ...] = field(default=(LegalEventKind.TRANSFER, LegalEventKind.LICENCE))

    def thresholds(self) -> dict[str, int]:
        return {
            name: int(getattr(self, name))
            for name in self.__dataclass_fields__
            if name not in ("kinds", "check_unrelated_assignees", "max_assignees_checked")
        }


@dataclass(frozen=True, slots=True)
class AbnormalTransferReport(ToDictMixin):
    events_examined: int  # dated transfers and licences in scope
    warnings: tuple[AbnormalTransferWarning, ...]
    counts: dict[str, int]  # warnings per rule
    thresholds: dict[str, int]
    events_by_kind: dict[str, int] = field(default_factory=dict)
    warned_events: int = 0  # distinct events behind at least one warning
    warned_share: float | None = None  # warned_events / events_examined
    definitions: dict[str, str] = field(default_factory=dict)  # rule -> its definition, in Chinese


def detect_abnormal_transfers(
    store: GraphStore,
    flt: EventFilter | None = None,
    params: AbnormalTransferParams | None = None,
    as_of: date | None = None,
) -> AbnormalTransferReport:
    """Warnings ordered by rule, first date, first patent."""
    params = params or AbnormalTransferParams()
    base = flt or EventFilter()
    query = EventFilter(
        kinds=params.kinds,
        date_from=base.date_from,
        date_to=base.date_to or (as_of.isoformat() if as_of else None),
        region_prefixes=base.region_prefixes,
        holder_keys=base.holder_keys,
        pub_nos=base.pub_nos,
    )
    events = [e for e in store.events(query) if parse_date(e.date) is not None]
    facts = {
        f.pub_no: f
        for f in store.patent_facts(PatentFilter(pub_nos=tuple(sorted({e.pub_no for e in events}))))
    }
    warnings = [
        *bulk_deals(store, events, facts, params),
        *round_trips(events, params.round_trip_days),
        *repeated_transfers(events, params.repeat_min_transfers, params.repeat_window_days),
        *transfers_before_lapse(events, facts, params.pre_lapse_days),
    ]
    if params.check_unrelated_assignees:
        warnings.extend(unrelated_assignees(store, events, facts, params))
    order = list(RULES_ZH)
    warnings.sort(key=lambda w: (order.index(w.rule), w.dates[0] if w.dates else "", w.pub_nos, w.event_ids))
    warned = len({event_id for w in warnings for event_id in w.event_ids})
    thresholds = params.thresholds()
    logger.info("abnormal transfers: %d events, %d warnings", len(events), len(warnings))
    return AbnormalTransferReport(
        events_examined=len(events),
        warnings=tuple(warnings),
        counts={rule: sum(1 for w in warnings if w.rule == rule) for rule in RULES_ZH},
        thresholds=thresholds,
        events_by_kind={k.value: sum(1 for e in events if e.kind is k) for k in params.kinds},
        warned_events=warned,
        warned_share=safe_ratio(warned, len(events)),
        definitions={
            rule: text.format(**thresholds) + " [" + "/".join(KIND_ZH[k] for k in RULE_KINDS[rule]) + "]"
            for rule, text in DEFINITIONS_ZH.items()
        },
    )


def bulk_deals(
    store: GraphStore, events: list[EventFact], facts: dict[str, PatentFact], params: AbnormalTransferParams
) -> list[AbnormalTransferWarning]:
    """Same-day batches between the same parties that are a large part of the assignor's portfolio."""
    groups = [g for g in same_day_groups(events) if len({e.pub_no for e in g}) >= params.bulk_min_patents]
    if not groups:
        return []
    assignors = tuple(sorted({h.key for g in groups for h in g[0].from_holders}))
    held = list(store.patent_facts(PatentFilter(holder_keys=assignors))) if assignors else []
    held_by, given_by = _by_holder(held, events)
    found = []
    for group in groups:
        moved = {e.pub_no for e in group}
        portfolio = len(moved | _portfolio(group[0], held_by, given_by, facts))
        share_ok = len(moved) * 100 >= params.bulk_min_portfolio_share_pct * portfolio
        if share_ok or len(moved) >= params.bulk_large_patents:
            evidence = bulk_evidence(
                group,
                portfolio,
                params.bulk_min_patents,
                params.bulk_min_portfolio_share_pct / 100,
                params.bulk_large_patents,
            )
            found.append(warning("bulk_same_day", group, evidence))
    return found


def _by_holder(
    held: list[PatentFact], events: list[EventFact]
) -> tuple[dict[str, list[PatentFact]], dict[str, list[EventFact]]]:
    """Patents by current holder, transfers by assignor: each group then reads its own assignor's
    (a scan of every patent and event per group took a minute on a national million)."""
    held_by: dict[str, list[PatentFact]] = defaultdict(list)
    for fact in held:
        for holder in fact.holders:
            held_by[holder.key].append(fact)
    given_by: dict[str, list[EventFact]] = defaultdict(list)
    for event in events:
        if event.kind is LegalEventKind.TRANSFER:
            for holder in event.from_holders:
                given_by[holder.key].append(event)
    return held_by, given_by


def _portfolio(
    first: EventFact,
    held_by: dict[str, list[PatentFact]],
    given_by: dict[str, list[EventFact]],
    facts: dict[str, PatentFact],
) -> set[str]:
    """The assignor's patents in force on the day: those it still holds, and those it gave away later."""
    day = parse_date(first.date)
    assert day is not None
    keys = sorted({h.key for h in first.from_holders})
    still = {f.pub_no for k in keys for f in held_by.get(k, ()) if in_force_on(f, day)}
    later = {
        e.pub_no
        for k in keys
        for e in given_by.get(k, ())
        if (e.date or "") > (first.date or "")
        and (fact := facts.get(e.pub_no)) is not None
        and in_force_on(fact, day)
    }
    return still | later


def unrelated_assignees(
    store: GraphStore, events: list[EventFact], facts: dict[str, PatentFact], params: AbnormalTransferParams
) -> list[AbnormalTransferWarning]:
    """Assignees with no patent and no legal event of their own that collect several unrelated
    patents from several assignors within a window (a shell accumulating patents, 套取补贴).

    Three store reads in all, whatever the number of assignees (at most ``max_assignees_checked``).
    """
    runs = _accumulating(of_kinds(events, "unrelated_assignee"), facts, params)
    keys = tuple(sorted(runs)[: params.max_assignees_checked])
    if not keys:
        return []
    received = {k: {e.pub_no for e in runs[k]} for k in keys}
    received_ids = {k: {e.event_id for e in runs[k]} for k in keys}
    active: set[str] = set()  # own patents, or events other than the transfers received
    for fact in store.patent_facts(PatentFilter(holder_keys=keys)):
        active.update(h.key for h in fact.holders if h.key in received and fact.pub_no not in received[h.key])
    for event in store.events(EventFilter(holder_keys=keys)):
        for holder in (*event.from_holders, *event.to_holders):
            if holder.key in received_ids and event.event_id not in received_ids[holder.key]:
                active.add(holder.key)
    return [_unrelated_warning(key, runs[key], facts, params) for key in keys if key not in active]


def _accumulating(
    events: Sequence[EventFact], facts: dict[str, PatentFact], params: AbnormalTransferParams
) -> dict[str, list[EventFact]]:
    """Assignee -> the largest window of received transfers meeting the count, assignor and
    subclass conditions."""
    received: dict[str, list[EventFact]] = defaultdict(list)
    for event in sorted(events, key=lambda e: (e.date or "", e.event_id)):
        for holder in event.to_holders:
            received[holder.key].append(event)
    found = {}
    for key, got in received.items():
        start = 0
        for end in range(len(got)):
            while _days_between(got[start], got[end]) > params.unrelated_window_days:
                start += 1
            window = got[start : end + 1]
            assignors = {h.key for e in window for h in e.from_holders}
            subclasses = {s for e in window for c in _codes(facts, e.pub_no) if (s := ipc_subclass(c))}
            if (
                len({e.pub_no for e in window}) >= params.unrelated_min_patents
                and len(assignors) >= params.unrelated_min_assignors
                and len(subclasses) >= 2
            ):
                found[key] = window
                break
    return found


def _days_between(earlier: EventFact, later: EventFact) -> int:
    a, b = parse_date(earlier.date), parse_date(later.date)
    assert a is not None and b is not None
    return (b - a).days


def _codes(facts: dict[str, PatentFact], pub_no: str) -> tuple[str, ...]:
    fact = facts.get(pub_no)
    return fact.ipc_codes if fact is not None else ()


def _unrelated_warning(
    key: str, got: list[EventFact], facts: dict[str, PatentFact], params: AbnormalTransferParams
) -> AbnormalTransferWarning:
    name = next(h.name for h in got[0].to_holders if h.key == key)
    subclasses = sorted({s for e in got for c in _codes(facts, e.pub_no) if (s := ipc_subclass(c))})
    assignors = {h.key: h for e in got for h in e.from_holders}
    evidence = (
        f"受让方 {name} 在库无自有专利和其他法律事件, {got[0].date} 至 {got[-1].date} 从 {len(assignors)} 个"
        f"转让方 ({names(list(assignors.values()))}) 受让 {len({e.pub_no for e in got})} 件专利, "
        f"分属 {len(subclasses)} 个 IPC 小类 ({', '.join(subclasses)}); "
        f"阈值: {params.unrelated_window_days} 天内 >= {params.unrelated_min_patents} 件、"
        f">= {params.unrelated_min_assignors} 个转让方"
    )
    return warning("unrelated_assignee", got, evidence)
