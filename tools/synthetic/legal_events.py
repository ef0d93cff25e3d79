"""Synthetic legal events (法律事件): transfers, licences, open licences, pledges, equity, lapse.

Rates follow the plans' picture: most university patents sleep (no event); some move from a
university to a company (转让), are licensed (许可, incl. 开放许可 after the 2021 law) or put into
a company (作价入股); enterprises pledge patents for loans (质押, amounts in 万元). A few abnormal
patterns are planted on purpose: bulk transfers between the same parties on one day (the caller
passes a ``BulkDeal``), A->B->A round trips, and transfers shortly before a lapse.
The text follows ``ingest.normalise.events`` exactly (``<date> <wording> <role>:<party> ...``).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from tools.synthetic.numbering import iso, ordinal, ymd

OPEN_LICENCE_START = ordinal(2022, 1, 1)  # first open-licence declarations after the 2021 law
# (transfer, licence, open licence, pledge, equity) chance per granted patent, by holder kind.
_RATES = {
    "univ": (0.05, 0.015, 0.03, 0.002, 0.004),
    "inst": (0.05, 0.015, 0.03, 0.002, 0.004),
    "soe": (0.03, 0.01, 0.01, 0.006, 0.0),
    "ent": (0.05, 0.012, 0.004, 0.025, 0.0),
    "sme": (0.06, 0.01, 0.004, 0.045, 0.0),
    "indiv": (0.12, 0.02, 0.0, 0.004, 0.0),
    "foreign": (0.03, 0.005, 0.0, 0.0, 0.0),
    "other": (0.02, 0.01, 0.005, 0.0, 0.0),
}
_LICENCE_TYPES = ("普通许可", "普通许可", "普通许可", "独占许可", "独占许可", "排他许可")
ORIGINAL = "\0original"  # placeholder party: "back to the first holder" (round trip)


@dataclass(frozen=True, slots=True)
class BulkDeal:
    """One day on which a holder moves many patents to the same assignee (批量转让)."""

    day: int
    assignee: str
    share: float = 0.6  # chance that one of the holder's patents in force that day is in the deal


@dataclass(slots=True)
class Counterparts:
    """Name factories for the other side of an event, in or near the holder's city."""

    company: Callable[[], str]
    pledgee: Callable[[], str]


@dataclass(slots=True)
class EventPlan:
    events: list[tuple[int, str, str, str, str]] = field(default_factory=list)  # day, kind, from, to, extra
    holders: str = ""  # 当前权利人 after the events
    # The planted anomalies among ``events``: (day, kind, rule of graph.navigation.abnormal_rules),
    # the ground truth `patentnav bench abnormal` scores the warnings against.
    planted: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def counts(self) -> tuple[int, int, int]:
        if not self.events:
            return 0, 0, 0
        kinds = [e[1] for e in self.events]
        return kinds.count("transfer"), kinds.count("licence"), kinds.count("pledge")

    def dates(self, kind: str) -> str:
        if not self.events:
            return ""
        return ";".join(sorted({ymd(e[0]) for e in self.events if e[1] == kind}))


def plan_events(
    rng: random.Random,
    holder: str,
    holder_kind: str,
    grant_day: int | None,
    lapse_day: int | None,
    lapse_reason: str | None,
    data_day: int,
    others: Counterparts,
    bulk: BulkDeal | None = None,
) -> EventPlan:
    """Events of one patent; the from-party of each event is the holder at that date."""
    plan = EventPlan(holders=holder)
    if grant_day is None:
        return plan
    end = (lapse_day or data_day) - 1
    if end - grant_day < 60:
        return _finish(plan, holder, lapse_day, lapse_reason)
    transfer, licence, open_licence, pledge, equity = _RATES.get(holder_kind, _RATES["other"])
    raw: list[tuple[int, str, str, str]] = []  # day, kind, to, extra
    planted: dict[int, str] = {}  # index in ``raw`` -> the abnormal pattern it plants

    def some_day(start: int = grant_day + 30) -> int:
        return rng.randint(min(start, end), end)

    if bulk is not None and grant_day + 30 < bulk.day < end and rng.random() < bulk.share:
        planted[len(raw)] = "bulk_same_day"
        raw.append((bulk.day, "transfer", bulk.assignee, ""))
    elif rng.random() < transfer:
        first = some_day()
        raw.append((first, "transfer", others.company(), ""))
        if rng.random() < 0.06 and first + 400 < end:  # A -> B -> A round trip within a year
            planted[len(raw)] = "round_trip"
            raw.append((first + rng.randint(30, 360), "transfer", ORIGINAL, ""))
        elif rng.random() < 0.1 and first + 60 < end:
            raw.append((some_day(first + 60), "transfer", others.company(), ""))
    if lapse_reason == "unpaid" and rng.random() < 0.04 and lapse_day and lapse_day - 100 > grant_day:
        planted[len(raw)] = "transfer_before_lapse"
        raw.append((lapse_day - rng.randint(10, 90), "transfer", others.company(), ""))  # sold, then dropped
    if rng.random() < equity:
        day = some_day()
        company = others.company()
        raw.append((day, "equity", company, f"作价金额:{rng.choice((50, 100, 200, 300, 500, 800))}万元"))
        raw.append((day, "transfer", company, ""))
    if rng.random() < licence:
        raw.append((some_day(), "licence", others.company(), f"许可类型:{rng.choice(_LICENCE_TYPES)}"))
    if rng.random() < open_licence and end > OPEN_LICENCE_START + 30:
        day = some_day(max(grant_day + 30, OPEN_LICENCE_START))
        raw.append((day, "open_licence", "", f"许可使用费:{rng.choice((1, 2, 3, 5, 8, 10, 20))}万元"))
        if rng.random() < 0.3 and day + 30 < end:
            raw.append((some_day(day + 30), "licence", others.company(), "许可类型:开放许可"))
    if rng.random() < pledge:
        _add_pledges(rng, raw, others, some_day(), end)
    order = sorted(range(len(raw)), key=lambda i: (raw[i][0], raw[i][1] != "equity"))
    _resolve_parties(plan, holder, [raw[i] for i in order], [planted.get(i) for i in order])
    return _finish(plan, plan.holders, lapse_day, lapse_reason)


def _add_pledges(
    rng: random.Random, raw: list[tuple[int, str, str, str]], others: Counterparts, day: int, end: int
) -> None:
    for _ in range(1 + (rng.random() < 0.2)):
        amount = max(10, min(20000, round(rng.lognormvariate(5.7, 1.0))))  # median ~300 万元
        amount = round(amount, -1) if amount > 100 else amount
        raw.append((day, "pledge", others.pledgee(), f"质押金额:{amount}万元"))
        release = day + rng.randint(330, 1100)
        if release >= end:
            return
        raw.append((release, "pledge_release", "", ""))
        day = release + rng.randint(1, 120)
        if day >= end:
            return


def _resolve_parties(
    plan: EventPlan, original: str, raw: list[tuple[int, str, str, str]], planted: list[str | None]
) -> None:
    current = original
    pledgee = ""
    for (day, kind, to, extra), rule in zip(raw, planted, strict=True):
        if kind == "transfer":
            target = original if to == ORIGINAL else to
            if target == current:
                continue
            plan.events.append((day, kind, current, target, extra))
            if rule is not None:
                plan.planted.append((day, kind, rule))
            current = target
        elif kind == "pledge_release":
            plan.events.append((day, kind, current, pledgee, extra))
        else:
            pledgee = to if kind == "pledge" else pledgee
            plan.events.append((day, kind, current, to, extra))
    plan.holders = current


def _finish(plan: EventPlan, holder: str, lapse_day: int | None, lapse_reason: str | None) -> EventPlan:
    if lapse_day is not None and lapse_reason in ("unpaid", "expired"):
        plan.events.append(
            (lapse_day, "termination", holder, "", "未缴年费" if lapse_reason == "unpaid" else "期限届满")
        )
    return plan


_WORDING = {
    "transfer": ("专利权的转移", "转让人", "受让人"),
    "licence": ("专利实施许可合同备案的生效", "许可人", "被许可人"),
    "open_licence": ("专利开放许可声明", "许可人", ""),
    "pledge": ("专利权质押合同登记的生效", "出质人", "质权人"),
    "pledge_release": ("专利权质押合同登记的注销", "出质人", "质权人"),
    "equity": ("专利权作价入股", "出资人", "被投资企业"),
}


def format_events(plan: EventPlan) -> str:
    """The 法律事件 cell, events in date order, ``; `` between events."""
    if not plan.events:
        return ""
    parts = []
    for day, kind, source, target, extra in plan.events:
        if kind == "termination":
            parts.append(f"{iso(day)} 专利权的终止 {extra}")
            continue
        wording, from_role, to_role = _WORDING[kind]
        text = f"{iso(day)} {wording} {from_role}:{source}"
        if to_role:
            text += f" {to_role}:{target}"
        parts.append(f"{text} {extra}" if extra else text)
    return "; ".join(parts)
