"""Synthetic dates and numbers (日期与申请号/公开号) in CNIPA's shapes.

- dates are proleptic ordinals (``date.toordinal()``) while generating; ``ymd`` renders ``20221202``.
- publication dates fall on CNIPA's gazette days, Tuesday and Friday (公告日: 周二、周五).
- application numbers ``CN`` + year + type digit (1 invention, 2 utility model, 3 design) + 7-digit
  serial + ``.`` + the CNIPA check digit (weights 2..9,2..5, mod 11, 10 = X).
- publication numbers ``CN`` + 9 digits + kind (A invention publication, B grant, U, S). The 9 digits
  grow with the publication date along anchors read off real numbers (e.g. CN115883397A on
  2023-03-31, CN218751475U on 2023-03-28); every gazette day owns a band of numbers and rows take
  distinct slots in it, so numbers are unique by construction.
"""

from __future__ import annotations

import bisect
from datetime import date
from functools import lru_cache

from graph.codes.patent_numbers import APP_TYPE_DIGITS, KIND_TYPES, cn_check_digit
from graph.errors import PatentnavError


class NumberSpaceExhaustedError(PatentnavError):
    """More rows on one gazette/filing day than the number band of that day holds."""


# (first day of year, first 9-digit publication number of that year), by kind; approximate.
_PUB_ANCHORS: dict[str, tuple[tuple[int, int], ...]] = {
    "A": (
        (2008, 101100000),
        (2010, 101600000),
        (2012, 102300000),
        (2014, 103500000),
        (2016, 105200000),
        (2018, 107500000),
        (2020, 110600000),
        (2021, 112200000),
        (2022, 113900000),
        (2023, 115600000),
        (2024, 117300000),
        (2025, 119200000),
        (2027, 123000000),
    ),
    "U": (
        (2008, 201000000),
        (2010, 201400000),
        (2012, 202300000),
        (2014, 203300000),
        (2016, 204900000),
        (2018, 207000000),
        (2020, 210100000),
        (2021, 212400000),
        (2022, 215300000),
        (2023, 218400000),
        (2024, 220500000),
        (2025, 222200000),
        (2027, 226000000),
    ),
    "S": (
        (2008, 300700000),
        (2010, 301100000),
        (2012, 301900000),
        (2014, 302700000),
        (2016, 303500000),
        (2018, 304400000),
        (2020, 305500000),
        (2022, 307000000),
        (2024, 308500000),
        (2027, 310500000),
    ),
}
# Yearly application volumes (申请量) used to place a filing day inside the 7-digit serial range.
_APP_YEAR_VOLUME = {"A": 1_600_000, "U": 3_300_000, "S": 900_000}
# The application number's type digit of each kind (the first digit the rule book gives its type).
_APP_TYPE_DIGIT = {
    kind: next(digit for digit, patent_type in APP_TYPE_DIGITS.items() if patent_type is KIND_TYPES[kind])
    for kind in ("A", "U", "S")
}
# Spacing between our rows inside a day's band, so sampled numbers do not look consecutive.
_PUB_STRIDE = 7
_APP_STRIDE = 3


@lru_cache(maxsize=65536)
def ymd(ordinal: int) -> str:
    """Ordinal -> ``YYYYMMDD`` as in the export's date columns."""
    return date.fromordinal(ordinal).strftime("%Y%m%d")


@lru_cache(maxsize=65536)
def iso(ordinal: int) -> str:
    """Ordinal -> ``YYYY-MM-DD`` as in the 法律事件 text."""
    return date.fromordinal(ordinal).isoformat()


def ordinal(year: int, month: int = 1, day: int = 1) -> int:
    return date(year, month, day).toordinal()


_TO_GAZETTE = (1, 0, 2, 1, 0, 3, 2)  # days from Monday..Sunday to the next Tuesday or Friday


def next_gazette_day(day: int) -> int:
    """The first Tuesday or Friday on or after ``day`` (CNIPA gazette days)."""
    return day + _TO_GAZETTE[(day - 1) % 7]  # ordinal 1 (0001-01-01) is a Monday


@lru_cache(maxsize=262144)
def add_months(day: int, months: int) -> int:
    """Same day-of-month ``months`` later (clamped to the month's end): annuity anniversaries."""
    d = date.fromordinal(day)
    month0 = d.month - 1 + months
    year, month = d.year + month0 // 12, month0 % 12 + 1
    for dom in (d.day, 30, 29, 28):
        try:
            return date(year, month, dom).toordinal()
        except ValueError:
            continue
    raise AssertionError("unreachable")


@lru_cache(maxsize=32768)
def _anchor_value(kind: str, day: int) -> float:
    """Piecewise-linear 9-digit number base for a publication day."""
    anchors = _PUB_ANCHORS[kind]
    days = [ordinal(year) for year, _ in anchors]
    i = max(1, min(bisect.bisect_right(days, day), len(days) - 1))
    (d0, v0), (d1, v1) = (days[i - 1], anchors[i - 1][1]), (days[i], anchors[i][1])
    return v0 + (v1 - v0) * (day - d0) / (d1 - d0)


@lru_cache(maxsize=65536)
def _day_of_year(day: int) -> tuple[int, int]:
    d = date.fromordinal(day)
    return d.year, d.timetuple().tm_yday - 1


class NumberAllocator:
    """Hands out unique application and publication numbers, day band by day band.

    Memory grows with the number of distinct days (a few thousand), not with the corpus size.
    """

    def __init__(self) -> None:
        self._pub_used: dict[tuple[str, int], int] = {}
        self._app_used: dict[tuple[str, int], int] = {}

    def publication_number(self, kind: str, pub_day: int) -> str:
        """``CN`` + 9 digits + kind for a gazette day; kind ``A``, ``U`` or ``S``."""
        start = int(_anchor_value(kind, pub_day))
        width = int(_anchor_value(kind, pub_day + 3)) - start  # next gazette day is >= 3 days later
        slot = self._take(self._pub_used, (kind, pub_day), width, _PUB_STRIDE)
        return f"CN{start + slot:09d}{kind}"

    def application_number(self, kind: str, app_day: int) -> str:
        """``CN`` + year + type digit + 7-digit serial + ``.`` + check digit."""
        year, day_of_year = _day_of_year(app_day)
        volume = _APP_YEAR_VOLUME[kind]
        start = volume * day_of_year // 366
        slot = self._take(self._app_used, (kind, app_day), volume // 366, _APP_STRIDE)
        body = f"{year}{_APP_TYPE_DIGIT[kind]}{start + slot:07d}"
        return f"CN{body}.{cn_check_digit(body)}"

    @staticmethod
    def _take(used: dict[tuple[str, int], int], key: tuple[str, int], width: int, stride: int) -> int:
        count = used.get(key, 0)
        used[key] = count + 1
        slot = count * stride + (key[1] * 3 + count) % stride
        if slot >= width:
            raise NumberSpaceExhaustedError(
                f"more than {width // stride} {key[0]} numbers on day {iso(key[1])}"
            )
        return slot
