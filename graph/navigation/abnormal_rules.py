"""The event-pattern rules behind abnormal-transfer warnings (异常转让规则).

Each rule reads dated transfer (转让) and licence (许可) events and returns warnings with their
evidence in Chinese. Which kinds a rule examines is part of its definition (``RULE_KINDS``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from graph.models import EventFact, HolderRef, LegalEventKind, PatentFact
from graph.navigation.common import ToDictMixin, expiry_date, parse_date

T, L = LegalEventKind.TRANSFER, LegalEventKind.LICENCE
KIND_ZH = {T: "转让", L: "许可"}

RULES_ZH = {
    "bulk_same_day": "同一双方同日批量转让/许可",
    "round_trip": "往返转让 (A→B→A)",
    "repeated_transfers": "同一专利短期内多次转让",
    "transfer_before_lapse": "转让/许可后短期内失效",
    "unrelated_assignee": "受让方无自有技术活动却短期内受让多件不相关专利",
}
RULE_KINDS: dict[str, tuple[LegalEventKind, ...]] = {
    "bulk_same_day": (T, L),
    "round_trip": (T,),
    "repeated_transfers": (T,),
    "transfer_before_lapse": (T, L),
    "unrelated_assignee": (T,),
}
EXPIRY_MARGIN_DAYS = 31  # a lapse this close to the statutory end of term is the term ending


@dataclass(frozen=True, slots=True)
class AbnormalTransferWarning(ToDictMixin):
    rule: str
    rule_zh: str
    pub_nos: tuple[str, ...]
    event_ids: tuple[str, ...]
    from_holders: tuple[str, ...]  # holder keys
    to_holders: tuple[str, ...]
    dates: tuple[str, ...]
    evidence: str
    kinds: tuple[str, ...] = ()  # transfer / licence
    from_names: tuple[str, ...] = ()
    to_names: tuple[str, ...] = ()


def _keys(holders: Sequence[HolderRef]) -> tuple[str, ...]:
    return tuple(sorted(h.key for h in holders))


def names(holders: Sequence[HolderRef]) -> str:
    return "、".join(sorted({h.name for h in holders})) or "未记录"


def _days(later: str | None, earlier: str | None) -> int:
    a, b = parse_date(later), parse_date(earlier)
    assert a is not None and b is not None
    return (a - b).days


def warning(rule: str, events: Sequence[EventFact], evidence: str) -> AbnormalTransferWarning:
    sources = {h.key: h.name for e in events for h in e.from_holders}
    targets = {h.key: h.name for e in events for h in e.to_holders}
    return AbnormalTransferWarning(
        rule=rule,
        rule_zh=RULES_ZH[rule],
        pub_nos=tuple(sorted({e.pub_no for e in events})),
        event_ids=tuple(e.event_id for e in events),
        from_holders=tuple(sorted(sources)),
        to_holders=tuple(sorted(targets)),
        dates=tuple(sorted({e.date or "" for e in events})),
        evidence=evidence,
        kinds=tuple(sorted({e.kind.value for e in events})),
        from_names=tuple(sources[k] for k in sorted(sources)),
        to_names=tuple(targets[k] for k in sorted(targets)),
    )


def of_kinds(events: Sequence[EventFact], rule: str) -> list[EventFact]:
    return [e for e in events if e.kind in RULE_KINDS[rule]]


def same_day_groups(events: Sequence[EventFact]) -> list[list[EventFact]]:
    """Events of one kind between the same parties on the same day, date order."""
    groups: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], list[EventFact]] = defaultdict(list)
    for e in of_kinds(events, "bulk_same_day"):
        groups[(e.date or "", e.kind.value, _keys(e.from_holders), _keys(e.to_holders))].append(e)
    return [group for _, group in sorted(groups.items())]


def bulk_evidence(
    group: Sequence[EventFact], portfolio: int, min_patents: int, share: float, large: int
) -> str:
    first = group[0]
    moved = len({e.pub_no for e in group})
    return (
        f"{first.date} {names(first.from_holders)} 向 {names(first.to_holders)} 同日{KIND_ZH[first.kind]} "
        f"{moved} 件专利, 占其当日在库有效专利 {portfolio} 件的 {moved / portfolio:.0%} "
        f"(阈值: >= {min_patents} 件且 >= {share:.0%}, 或 >= {large} 件)"
    )


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
    for pub_no, group in sorted(_by_patent(of_kinds(events, "round_trip")).items()):
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
                evidence = (
                    f"{pub_no} 由 {names(out.from_holders)} 转让给 {names(out.to_holders)} 后 {days} 天内"
                    f"转回原权利人 (阈值 <= {max_days} 天)"
                )
                found.append(warning("round_trip", [out, back], evidence))
    return found


def repeated_transfers(
    events: Sequence[EventFact], min_transfers: int, window_days: int
) -> list[AbnormalTransferWarning]:
    """One patent transferred >= ``min_transfers`` times within ``window_days`` (largest run)."""
    found = []
    for pub_no, group in sorted(_by_patent(of_kinds(events, "repeated_transfers")).items()):
        best: list[EventFact] = []
        start = 0
        for end in range(len(group)):
            while _days(group[end].date, group[start].date) > window_days:
                start += 1
            if end - start + 1 > len(best):
                best = group[start : end + 1]
        if len(best) >= min_transfers:
            evidence = f"{pub_no} 在 {window_days} 天内转让 {len(best)} 次 (阈值 >= {min_transfers} 次)"
            found.append(warning("repeated_transfers", best, evidence))
    return found


def lapse_reason(fact: PatentFact) -> str | None:
    """Why the patent lapsed: 期限届满 (term ended), else the status text, else 原因未知."""
    lapsed = parse_date(fact.lapse_date)
    if lapsed is None:
        return None
    status = fact.legal_status or ""
    expiry = expiry_date(fact)
    if "期限届满" in status or (expiry is not None and abs((expiry - lapsed).days) <= EXPIRY_MARGIN_DAYS):
        return "期限届满"
    for reason in ("未缴年费", "放弃", "无效"):
        if reason in status:
            return reason
    return "原因未知"


def transfers_before_lapse(
    events: Sequence[EventFact], facts: Mapping[str, PatentFact], max_days: int
) -> list[AbnormalTransferWarning]:
    """Transfers or licences at most ``max_days`` before the patent lapsed (one warning per
    patent), unless the lapse is the end of the statutory term (期限届满): the new holder or
    the licensor let the patent drop at once."""
    found = []
    for pub_no, group in sorted(_by_patent(of_kinds(events, "transfer_before_lapse")).items()):
        fact = facts.get(pub_no)
        reason = lapse_reason(fact) if fact is not None else None
        if fact is None or reason is None or reason == "期限届满":
            continue
        hits = [e for e in group if 0 <= _days(fact.lapse_date, e.date) <= max_days]
        if not hits:
            continue
        steps = "; ".join(
            f"{e.date} {names(e.from_holders)} {KIND_ZH[e.kind]}给 {names(e.to_holders)} "
            f"(失效前 {_days(fact.lapse_date, e.date)} 天)"
            for e in hits
        )
        evidence = (
            f"{pub_no} 于 {fact.lapse_date} 失效 ({reason}): {steps}; 阈值 <= {max_days} 天, 期限届满不计"
        )
        found.append(warning("transfer_before_lapse", hits, evidence))
    return found


def in_force_on(fact: PatentFact, day: date) -> bool:
    granted, lapsed = parse_date(fact.grant_date), parse_date(fact.lapse_date)
    return granted is not None and granted <= day and (lapsed is None or lapsed > day)
