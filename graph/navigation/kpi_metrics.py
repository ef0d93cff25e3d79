"""What each transformation KPI counts (指标口径): which events, between whom, in whose region.

One definition per metric, in Chinese, returned with every report:

* events: transfers (转让), licences (许可), equity contributions (作价入股), pledges (质押), open
  licences (开放许可), one per patent (a contract over 20 patents counts 20 patents) except
  pledges, which are counted as projects (质押项目: one per day, pledgor and pledgee), with the
  contract's amount counted once;
* parties: 高校院所 = university or research institute; 国有企业 = SOE; 中小企业 = a holder typed SME
  or flagged ``is_sme`` at ingest (an SME registry when given, else the stated conservative
  name rule of ``ingest.normalise.sme``);
* region: the receiving SME's region for "SMEs received", the giver's (转让方/许可方/出质人) for
  the others; a holder without an address is placed by the division its name starts with
  (``region_names.region_from_name``); a party that cannot be placed counts only nationally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from graph.models import EventFact, HolderRef, HolderType, LegalEventKind
from graph.navigation.common import is_academic, is_sme
from graph.navigation.region_names import region_from_name

T, L, E, P, OL = (
    LegalEventKind.TRANSFER,
    LegalEventKind.LICENCE,
    LegalEventKind.EQUITY,
    LegalEventKind.PLEDGE,
    LegalEventKind.OPEN_LICENCE,
)
TRANSFORMATION = frozenset({T, L, E})
HolderTest = Callable[[HolderRef], bool]


def is_soe(holder: HolderRef) -> bool:
    return holder.holder_type is HolderType.SOE


def is_academic_or_soe(holder: HolderRef) -> bool:
    return is_academic(holder) or is_soe(holder)


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    name_zh: str
    kinds: frozenset[LegalEventKind]
    giver: HolderTest | None  # None: anyone
    receiver: HolderTest | None
    region_side: str  # "from" (giver) or "to" (receiver)
    definition_zh: str
    projects: bool = False  # count contracts, not patents (pledges)

    def matches(self, event: EventFact) -> bool:
        if event.kind not in self.kinds:
            return False
        if self.giver is not None and not any(self.giver(h) for h in event.from_holders):
            return False
        return self.receiver is None or any(self.receiver(h) for h in event.to_holders)

    def regions(self, event: EventFact) -> set[str]:
        """Region codes of the parties whose region counts (those passing the side's test)."""
        side = event.to_holders if self.region_side == "to" else event.from_holders
        test = self.receiver if self.region_side == "to" else self.giver
        return {code for h in side if test is None or test(h) if (code := holder_region(h))}


def holder_region(holder: HolderRef) -> str | None:
    return holder.region_code or region_from_name(holder.name)


def _m(
    name: str,
    name_zh: str,
    kinds: Iterable[LegalEventKind],
    giver: HolderTest | None,
    receiver: HolderTest | None,
    side: str,
    definition: str,
    projects: bool = False,
) -> Metric:
    return Metric(name, name_zh, frozenset(kinds), giver, receiver, side, definition, projects)


_GIVER_REGION = "地区取转让方/许可方所在地"
METRIC_LIST: Sequence[Metric] = (
    _m("academic_to_sme", "高校院所向中小企业转让/许可/作价入股", TRANSFORMATION, is_academic, is_sme,
       "from", f"高校院所向中小企业转让、许可、作价入股的专利件数; {_GIVER_REGION}(高校院所)"),
    _m("academic_to_sme_transfers", "高校院所向中小企业转让", (T,), is_academic, is_sme, "from",
       f"高校院所向中小企业转让的专利件数; {_GIVER_REGION}"),
    _m("academic_to_sme_licences", "高校院所向中小企业许可", (L,), is_academic, is_sme, "from",
       f"高校院所向中小企业许可的专利件数; {_GIVER_REGION}"),
    _m("academic_to_sme_equity", "高校院所向中小企业作价入股", (E,), is_academic, is_sme, "from",
       f"高校院所以专利向中小企业作价入股的件数; {_GIVER_REGION}"),
    _m("academic_outgoing", "高校院所转让/许可/作价入股", TRANSFORMATION, is_academic, None, "from",
       f"高校院所转让、许可、作价入股的专利件数(受让方不限); {_GIVER_REGION}"),
    _m("sme_received", "中小企业受让/被许可/作价入股", TRANSFORMATION, None, is_sme, "to",
       "中小企业接受转让、许可、作价入股的专利件数(转让方不限); 地区取受让的中小企业所在地"),
    _m("sme_received_from_academic_soe", "中小企业接受高校、科研院所、国有企业转让/许可/作价入股",
       TRANSFORMATION, is_academic_or_soe, is_sme, "to",
       "中小企业接受高校、科研院所、国有企业转让、许可、作价入股的专利件数; 地区取受让的中小企业所在地"),
    _m("soe_to_sme", "国有企业向中小企业转让/许可/作价入股", TRANSFORMATION, is_soe, is_sme, "from",
       f"国有企业向中小企业转让、许可、作价入股(共享)的专利件数; {_GIVER_REGION}(国有企业)"),
    _m("transfers_and_licences", "转让与许可", (T, L), None, None, "from",
       f"专利转让与许可件数; {_GIVER_REGION}"),
    _m("pledges", "专利质押", (P,), None, None, "from",
       "专利质押项目数(同日、同一出质人与质权人为一个项目)与质押金额(每个项目计一次); 地区取出质人所在地",
       projects=True),
    _m("open_licences", "开放许可声明", (OL,), None, None, "from", "开放许可声明件数; 地区取许可方所在地"),
)  # fmt: skip
METRICS: dict[str, Metric] = {m.name: m for m in METRIC_LIST}


def units_of(metric: Metric, events: Sequence[EventFact]) -> list[tuple[int, float | None]]:
    """(count, amount) contributions: one per event, or one per pledge project (largest amount)."""
    if not metric.projects:
        return [(1, e.amount) for e in events]
    projects: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[float]] = {}
    for e in events:
        key = (
            e.date or "",
            tuple(sorted(h.key for h in e.from_holders)),
            tuple(sorted(h.key for h in e.to_holders)),
        )
        amounts = projects.setdefault(key, [])
        if e.amount is not None:
            amounts.append(e.amount)
    return [(1, max(amounts) if amounts else None) for amounts in projects.values()]
