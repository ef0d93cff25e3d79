"""The event-pattern rules behind abnormal-transfer warnings (异常转让规则)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graph.models import EventFact, HolderRef
from graph.navigation.common import ToDictMixin, parse_date

RULES_ZH = {
    "bulk_same_day": "同一双方同日批量转让",
    "round_trip": "往返转让 (A→B→A)",
    "repeated_transfers": "同一专利短期内多次转让",
    "transfer_before_lapse": "失效前短期内转让",
    "unrelated_assignee": "受让方无相关技术活动",
}


@dataclass(frozen=True, slots=True)
class AbnormalTransferWarning(ToDictMixin):
    rule: str
    rule_zh: str
    pub_nos: tuple[str, ...]
    event_ids: tuple[str, ...]
    from_holders: tuple[str, ...]
    to_holders: tuple[str, ...]
    dates: tuple[str, ...]
    evidence: str


def _keys(holders: Sequence[HolderRef]) -> tuple[str, ...]:
    return tuple(sorted(h.key for h in holders))


def _days(later: str | None, earlier: str | None) -> int:
    a, b = parse_date(later), parse_date(earlier)
    assert a is not None and b is not None
    return (a - b).days


def _warning(rule: str, events: Sequence[EventFact], evidence: str) -> AbnormalTransferWarning:
    return AbnormalTransferWarning(
        rule=rule,
        rule_zh=RULES_ZH[rule],
        pub_nos=tuple(sorted({e.pub_no for e in events})),
        event_ids=tuple(e.event_id for e in events),
        from_holders=tuple(sorted({k for e in events for k in _keys(e.from_holders)})),
        to_holders=tuple(sorted({k for e in events for k in _keys(e.to_holders)})),
        dates=tuple(sorted({e.date or "" for e in events})),
        evidence=evidence,
    )


def bulk_transfers(events: Sequence[EventFact], min_patents: int) -> list[AbnormalTransferWarning]:
    """Same assignor(s), same assignee(s), same day, >= ``min_patents`` patents."""
    groups: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[EventFact]] = defaultdict(list)
    for e in events:
        groups[(e.date or "", _keys(e.from_holders), _keys(e.to_holders))].append(e)
    found = []
    for (day, _, _), group in sorted(groups.items()):
        patents = {e.pub_no for e in group}
        if len(patents) >= min_patents:
            found.append(
                _warning(
                    "bulk_same_day", group, f"{day} 同一双方转让 {len(patents)} 件专利 (>= {min_patents})"
                )
            )
    return found


def _by_patent(events: Sequence[EventFact]) -> dict[str, list[EventFact]]:
    grouped: dict[str, list[EventFact]] = defaultdict(list)
    for e in events:
        grouped[e.pub_no].append(e)
    for group in grouped.values():
        group.sort(key=lambda e: (e.date or "", e.event_id))
    return grouped


def round_trips(events: Sequence[EventFact], max_days: int) -> list[AbnormalTransferWarning]:
    """A patent goes A->B and comes back B->A within ``max_days`` (first return only)."""
    found = []
    for pub_no, group in sorted(_by_patent(events).items()):
        for i, out in enumerate(group):
            back = next(
                (
                    e
                    for e in group[i + 1 :]
                    if _keys(e.from_holders) == _keys(out.to_holders)
                    and _keys(e.to_holders) == _keys(out.from_holders)
                    and _days(e.date, out.date) <= max_days
                ),
                None,
            )
            if back is not None:
                days = _days(back.date, out.date)
                found.append(
                    _warning(
                        "round_trip", [out, back], f"{pub_no} 于 {days} 天内转回原权利人 (<= {max_days})"
                    )
                )
    return found


def repeated_transfers(
    events: Sequence[EventFact], min_transfers: int, window_days: int
) -> list[AbnormalTransferWarning]:
    """One patent transferred >= ``min_transfers`` times within ``window_days`` (largest run)."""
    found = []
    for pub_no, group in sorted(_by_patent(events).items()):
        best: list[EventFact] = []
        start = 0
        for end in range(len(group)):
            while _days(group[end].date, group[start].date) > window_days:
                start += 1
            if end - start + 1 > len(best):
                best = group[start : end + 1]
        if len(best) >= min_transfers:
            found.append(
                _warning(
                    "repeated_transfers",
                    best,
                    f"{pub_no} 在 {window_days} 天内转让 {len(best)} 次 (>= {min_transfers})",
                )
            )
    return found


def transfers_before_lapse(
    events: Sequence[EventFact], lapse_dates: Mapping[str, str | None], max_days: int
) -> list[AbnormalTransferWarning]:
    """A transfer at most ``max_days`` before the patent lapsed (失效)."""
    found = []
    for e in events:
        lapse = lapse_dates.get(e.pub_no)
        if parse_date(lapse) is None:
            continue
        days = _days(lapse, e.date)
        if 0 <= days <= max_days:
            found.append(
                _warning(
                    "transfer_before_lapse", [e], f"{e.pub_no} 转让后 {days} 天失效 ({lapse}, <= {max_days})"
                )
            )
    return found
