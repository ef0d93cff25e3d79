"""The cells of one export row by canonical field (单元格), read through the file's ``ColumnMap``.

Empty cells, whitespace and the exports' "no value" words (``EMPTY_SENTINELS``) read as None.
A present value that a parser refuses raises ``RowRejected`` naming the field, so the row is
quarantined with the reason rather than loaded with a gap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TypeVar

from graph.errors import RowRejected
from ingest.columns import ColumnMap
from ingest.normalise.holders import split_names
from ingest.normalise.text import EMPTY_SENTINELS, clean_cell, clean_text

T = TypeVar("T")
_TRUE = frozenset({"是", "有", "true", "yes", "y", "1"})
_FALSE = frozenset({"否", "无", "false", "no", "n", "0"})


class RowCells:
    """Cells of one row by canonical field, with the rejection helpers and the row's warnings."""

    def __init__(self, raw: Mapping[str, object], columns: ColumnMap) -> None:
        self.raw, self.columns = raw, columns
        self.warnings: list[str] = []

    def raw_value(self, name: str) -> object:
        """The cell as read (None when the file has no such column)."""
        return self.columns.value(self.raw, name)

    def obj(self, name: str) -> object:
        value = self.columns.value(self.raw, name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            stripped = value.strip()
            return value if stripped and stripped.lower() not in EMPTY_SENTINELS else None
        if isinstance(value, list | tuple | dict):
            return value or None
        return value if clean_cell(value) is not None else None

    def text(self, name: str) -> str | None:
        return clean_cell(self.columns.value(self.raw, name))

    def free_text(self, name: str) -> str | None:
        return clean_text(self.columns.value(self.raw, name))

    def parse(self, name: str, parser: Callable[[object], T], zero_is_value: bool = False) -> T | None:
        """Parsed cell or None when empty; ``zero_is_value`` keeps a literal 0 (counts)."""
        value = self.obj(name)
        if zero_is_value and value is None and str(self.columns.value(self.raw, name)).strip() == "0":
            value = "0"
        if value is None:
            return None
        try:
            return parser(value)
        except ValueError as exc:
            raise RowRejected(name, str(exc), value) from None

    def names(self, name: str) -> tuple[str, ...]:
        """A list-of-names cell (申请人, 发明人) split into names."""
        return split_cell_names(self.obj(name))


@lru_cache(maxsize=16384)
def _cached_names(value: str) -> tuple[str, ...]:
    return tuple(split_names(value))


def split_cell_names(value: object) -> tuple[str, ...]:
    """split_names with a cache for strings (the same applicant cells recur across rows)."""
    return _cached_names(value) if isinstance(value, str) else tuple(split_names(value))


def parse_count(value: object) -> int:
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"not a count: {value!r}") from None
    if number < 0 or number != int(number):
        raise ValueError(f"not a whole non-negative count: {value!r}")
    return int(number)


def parse_flag(value: object) -> bool:
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"not a yes/no value: {value!r}")
