"""Abnormal-transfer warnings (异常转让预警): transfers not aimed at implementation.

Rule-based, each warning with its evidence; thresholds in ``AbnormalTransferParams``.
The rules flag patterns worth a human look (e.g. 套取补贴), not proven misconduct.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from graph.models import EventFact, EventFilter, LegalEventKind, PatentFilter
from graph.navigation.abnormal_rules import (
    RULES_ZH,
    AbnormalTransferWarning,
    bulk_transfers,
    repeated_transfers,
    round_trips,
    transfers_before_lapse,
)
from graph.navigation.common import ToDictMixin, parse_date
from graph.store import GraphStore

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AbnormalTransferParams:
    bulk_min_patents: int = 10  # same parties, same day, at least this many patents
    round_trip_days: int = 365  # A->B then B->A within this many days
    repeat_min_transfers: int = 3  # one patent transferred at least this many times ...
    repeat_window_days: int = 365  # ... within this many days
    pre_lapse_days: int = 90  # transfer at most this many days before the patent lapsed
    check_unrelated_assignees: bool = True
    max_assignees_checked: int = 500  # cost bound on the patents read for this rule
    kinds: tuple[LegalEventKind, ...] = field(default=(LegalEventKind.TRANSFER,))


@dataclass(frozen=True, slots=True)
class AbnormalTransferReport(ToDictMixin):
    events_examined: int
    warnings: tuple[AbnormalTransferWarning, ...]
    counts: dict[str, int]  # warnings per rule
    thresholds: dict[str, int]


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
    lapse = {
        f.pub_no: f.lapse_date
        for f in store.patent_facts(PatentFilter(pub_nos=tuple(sorted({e.pub_no for e in events}))))
    }
    warnings = [
        *bulk_transfers(events, params.bulk_min_patents),
        *round_trips(events, params.round_trip_days),
        *repeated_transfers(events, params.repeat_min_transfers, params.repeat_window_days),
        *transfers_before_lapse(events, lapse, params.pre_lapse_days),
    ]
    if params.check_unrelated_assignees:
        warnings.extend(unrelated_assignees(store, events, params.max_assignees_checked))
    order = list(RULES_ZH)
    warnings.sort(key=lambda w: (order.index(w.rule), w.dates[0] if w.dates else "", w.pub_nos, w.event_ids))
    counts = {rule: sum(1 for w in warnings if w.rule == rule) for rule in RULES_ZH}
    logger.info("abnormal transfers: %d events, %d warnings", len(events), len(warnings))
    return AbnormalTransferReport(
        events_examined=len(events),
        warnings=tuple(warnings),
        counts=counts,
        thresholds={
            "bulk_min_patents": params.bulk_min_patents,
            "round_trip_days": params.round_trip_days,
            "repeat_min_transfers": params.repeat_min_transfers,
            "repeat_window_days": params.repeat_window_days,
            "pre_lapse_days": params.pre_lapse_days,
        },
    )


def unrelated_assignees(
    store: GraphStore, events: list[EventFact], max_checked: int
) -> list[AbnormalTransferWarning]:
    """Assignees with no patent in the same IPC subclass (besides what they received) and
    no legal event other than the transfers they received (无相关技术活动的受让方).

    Three store reads in all, whatever the number of assignees (at most ``max_checked``).
    """
    received: dict[str, list[EventFact]] = defaultdict(list)
    for event in events:
        for holder in event.to_holders:
            received[holder.key].append(event)
    keys = tuple(sorted(received)[:max_checked])
    if not keys:
        return []
    received_pub_nos = tuple(sorted({e.pub_no for k in keys for e in received[k]}))
    subclasses = {
        f.pub_no: {c[:4] for c in f.ipc_codes}
        for f in store.patent_facts(PatentFilter(pub_nos=received_pub_nos))
    }
    own: dict[str, set[str]] = defaultdict(set)  # holder -> subclasses of patents it did not receive
    wanted = set(keys)
    for fact in store.patent_facts(PatentFilter(holder_keys=keys)):
        for holder in fact.holders:
            if holder.key in wanted and all(e.pub_no != fact.pub_no for e in received[holder.key]):
                own[holder.key].update(c[:4] for c in fact.ipc_codes)
    active: set[str] = set()  # holders with an event other than the transfers they received
    for event in store.events(EventFilter(holder_keys=keys)):
        for holder in (*event.from_holders, *event.to_holders):
            if holder.key in wanted and all(e.event_id != event.event_id for e in received[holder.key]):
                active.add(holder.key)
    return [
        warning
        for key in keys
        if key not in active
        for warning in _unrelated_warning(key, received[key], subclasses, own[key])
    ]


def _unrelated_warning(
    key: str, got: list[EventFact], subclasses: dict[str, set[str]], own: set[str]
) -> list[AbnormalTransferWarning]:
    unrelated = sorted({e.pub_no for e in got if not subclasses.get(e.pub_no, set()) & own})
    if not unrelated:
        return []
    name = next(h.name for h in got[0].to_holders if h.key == key)
    hits = [e for e in got if e.pub_no in unrelated]
    return [
        AbnormalTransferWarning(
            rule="unrelated_assignee",
            rule_zh=RULES_ZH["unrelated_assignee"],
            pub_nos=tuple(unrelated),
            event_ids=tuple(sorted(e.event_id for e in hits)),
            from_holders=tuple(sorted({h.key for e in hits for h in e.from_holders})),
            to_holders=(key,),
            dates=tuple(sorted({e.date or "" for e in hits})),
            evidence=(
                f"受让方 {name} 在相同IPC小类无其他专利、无其他法律事件 "
                "(assignee has no patents in the subclasses and no other events)"
            ),
        )
    ]
