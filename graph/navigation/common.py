"""Shared helpers for the navigation analyses (导航分析公共工具).

Dates in the graph are ISO strings; the analyses take an explicit ``as_of`` date ("today")
so results are deterministic. Results are dataclasses with ``to_dict()`` for JSON.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, is_dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from graph.codes.regions import city_of, province_of
from graph.codes.regions import in_region as in_region  # region rules live in the rule book
from graph.codes.regions import region_name as region_name
from graph.codes.regions import region_prefix as region_prefix
from graph.errors import NotFoundError
from graph.models import (
    ACADEMIC_HOLDER_TYPES,
    DataCutoff,
    EventFact,
    HolderRef,
    HolderType,
    LegalEventKind,
    PatentFact,
    PatentType,
)

if TYPE_CHECKING:
    from graph.store import GraphStore

# Statutory protection terms from the application date (Patent Law 2021, art. 42);
# designs filed before 2021-06-01 had 10 years, we use the current 15.
PROTECTION_YEARS: Mapping[PatentType, int] = {
    PatentType.INVENTION: 20,
    PatentType.UTILITY_MODEL: 10,
    PatentType.DESIGN: 15,
}

# Events that show a patent is being used or financed (转让、许可、质押、作价入股).
USE_EVENT_KINDS = frozenset(
    {LegalEventKind.TRANSFER, LegalEventKind.LICENCE, LegalEventKind.PLEDGE, LegalEventKind.EQUITY}
)


class ToDictMixin:
    """``to_dict()`` for result dataclasses: enums become values, tuples become lists."""

    def to_dict(self) -> dict[str, Any]:
        if not is_dataclass(self):
            raise TypeError(f"{type(self).__name__} is not a dataclass")
        plain = _plain(asdict(self))
        assert isinstance(plain, dict)
        return plain


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items) if isinstance(value, set | frozenset) else items
    if isinstance(value, float):
        return round(value, 6)
    return value


# --------------------------------------------------------------------------- dates


def parse_date(value: str | None) -> date | None:
    """An ISO ``YYYY-MM-DD`` string as a date; ``None`` for missing or malformed values."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def add_years(day: date, years: int) -> date:
    """Same calendar day ``years`` later (29 February falls back to 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clipped to the month's last day (31 Dec + 18 months -> 30 Jun)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def years_between(start: date, end: date) -> float:
    return (end - start).days / 365.25


def expiry_date(fact: PatentFact) -> date | None:
    """End of the statutory term counted from the application date (期限届满日)."""
    filed = parse_date(fact.app_date)
    if filed is None:
        return None
    return add_years(filed, PROTECTION_YEARS[fact.patent_type])


def events_until(fact: PatentFact, as_of: date) -> list[EventFact]:
    """The patent's events dated on or before ``as_of``; undated events are kept (they happened)."""
    kept = []
    for event in fact.events:
        day = parse_date(event.date)
        if day is None or day <= as_of:
            kept.append(event)
    return kept


# --------------------------------------------------------------------------- holders, regions


def is_academic(holder: HolderRef) -> bool:
    """高校院所: a university or research institute."""
    return holder.holder_type in ACADEMIC_HOLDER_TYPES


def is_sme(holder: HolderRef) -> bool:
    """中小企业: typed SME, or an enterprise flagged ``is_sme``."""
    return holder.holder_type is HolderType.SME or holder.is_sme is True


# --------------------------------------------------------------------------- concentration


def hhi(counts: Mapping[str, float]) -> float | None:
    """Herfindahl-Hirschman index on the 0-1 scale (x10,000 for the DOJ scale)."""
    total = sum(counts.values())
    if total <= 0:
        return None
    return sum((c / total) ** 2 for c in counts.values())


def concentration_ratio(counts: Mapping[str, float], top: int = 3) -> float | None:
    """CR-n: the share held by the ``top`` largest holders."""
    total = sum(counts.values())
    if total <= 0:
        return None
    return sum(sorted(counts.values(), reverse=True)[:top]) / total


def holder_shares(facts: Iterable[PatentFact]) -> dict[str, float]:
    """Fractional patent counts per holder: a co-held patent gives each of n holders 1/n."""
    counts: dict[str, float] = {}
    for fact in facts:
        if not fact.holders:
            continue
        part = 1.0 / len(fact.holders)
        for holder in fact.holders:
            counts[holder.key] = counts.get(holder.key, 0.0) + part
    return counts


def safe_ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def growth_rate(current: float, previous: float) -> float | None:
    """(current - previous) / previous; ``None`` when the base is zero."""
    return (current - previous) / previous if previous else None


def idf(document_frequency: int, total: int) -> float:
    """Smoothed inverse document frequency, always > 0: ln((N + 1) / (df + 1)) + 1."""
    return math.log((total + 1) / (document_frequency + 1)) + 1.0


def region_proximity(holder_code: str | None, seeker_code: str | None) -> float:
    """Distance as a score: same city 1.0 > same province 0.5 > elsewhere or unknown 0."""
    if not holder_code or not seeker_code:
        return 0.0
    holder_city, seeker_city = city_of(holder_code), city_of(seeker_code)
    if holder_city and holder_city == seeker_city:
        return 1.0
    return 0.5 if province_of(holder_code) == province_of(seeker_code) else 0.0


def analysis_date(
    store: GraphStore, given: date | None, cutoff: DataCutoff | None = None
) -> tuple[date, str]:
    """The analysis date and where it came from (基准日): the caller's, else the data cut-off
    (the latest application, publication or grant date in the store), never the wall clock,
    so a corpus that ends years ago is not read as if nothing had happened since."""
    if given is not None:
        return given, "调用方指定的基准日"
    cutoff = cutoff or store.data_cutoff()  # a caller that read it already passes it
    latest = parse_date(
        max(
            filter(None, (cutoff.latest_app_date, cutoff.latest_pub_date, cutoff.latest_grant_date)),
            default=None,
        )
    )
    if latest is None:
        raise NotFoundError("图谱中没有带日期的专利, 无法确定数据截止日, 请给出分析基准日 as_of")
    return latest, "数据截止日: 库中最新的申请日、公开日或授权公告日"
