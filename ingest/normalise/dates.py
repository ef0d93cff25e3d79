"""Dates (日期) in every form exports use, normalised to ISO ``YYYY-MM-DD``.

Accepted: ``20210305``, ``2021-03-05``, ``2021/3/5``, ``2021.3.5``, ``2021年3月5日``,
``2021-03-05 00:00:00``, Excel serial day numbers (``44260``, ``44260.0`` as int, float or
string -> 2021-03-05), ``datetime``/``date`` objects from openpyxl. Empty cells and incoPat's
``0`` are "no date" (None). Anything else raises ``ValueError`` with the reason.
"""

from __future__ import annotations

import datetime as dt
import re

from ingest.normalise.text import clean_cell

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (includes its 1900 leap-year quirk)
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_YMD_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL_RE = re.compile(r"\d{1,5}(?:\.\d+)?")
_TIME_SUFFIX_RE = re.compile(r"[T\s]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_DATE_LIST_SPLIT_RE = re.compile(r"[;；,，、|\n]+")


def _iso(year: int, month: int, day: int, raw: object) -> str:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise ValueError(f"date {raw!r}: year {year} outside {_MIN_YEAR}-{_MAX_YEAR}")
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise ValueError(f"date {raw!r}: {exc}") from None


def _from_serial(serial: float, raw: object) -> str:
    if serial != int(serial) or not 1 <= serial <= 73050:  # 73050 = 2099-12-31
        raise ValueError(f"date {raw!r}: not a whole Excel day number in range")
    day = _EXCEL_EPOCH + dt.timedelta(days=int(serial))
    return _iso(day.year, day.month, day.day, raw)


def parse_date(value: object) -> str | None:
    """One date cell -> ``YYYY-MM-DD`` or None when empty; ValueError with the reason otherwise."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        raise ValueError(f"date {value!r}: a boolean is not a date")
    if isinstance(value, int | float):
        if value == 0:
            return None
        if 10_000_000 <= value <= 99_999_999 and value == int(value):  # 20210305 read as a number
            return parse_date(str(int(value)))
        return _from_serial(float(value), value)
    text = clean_cell(value)
    if text is None:
        return None
    text = _TIME_SUFFIX_RE.sub("", text).strip()
    if match := _YMD_RE.fullmatch(text):
        return _iso(int(match[1]), int(match[2]), int(match[3]), value)
    if match := _COMPACT_RE.fullmatch(text):
        return _iso(int(match[1]), int(match[2]), int(match[3]), value)
    if _SERIAL_RE.fullmatch(text):
        return _from_serial(float(text), value)
    raise ValueError(f"not a date: {value!r}")


def parse_date_list(value: object) -> tuple[str, ...]:
    """A cell holding several dates (转让日期 ``20210506;20220110``), sorted, without empties."""
    if value is None or isinstance(value, int | float | dt.date):
        single = parse_date(value)
        return (single,) if single else ()
    dates = {d for part in _DATE_LIST_SPLIT_RE.split(str(value)) if (d := parse_date(part))}
    return tuple(sorted(dates))
