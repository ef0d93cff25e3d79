"""SME registry (中小企业名录): a user CSV mapping enterprise names or credit codes to a size class.

Columns (header variants accepted): ``name``/``企业名称``/``名称``, ``credit_code``/``统一社会信用代码``,
``size``/``规模``/``企业规模`` with values 大/中/小/微 (or 大型/中型/小型/微型, large/medium/small/micro).
A row needs a size and a name or a credit code. Names match on the holder key, so full-width
brackets and spaces do not matter.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ingest.normalise.holders import holder_key
from ingest.normalise.text import clean_cell

_NAME_HEADERS = ("name", "企业名称", "名称", "单位名称")
_CODE_HEADERS = ("credit_code", "统一社会信用代码", "信用代码")
_SIZE_HEADERS = ("size", "规模", "企业规模", "规模类型")
_SIZES = {
    "大": "大", "大型": "大", "large": "大",
    "中": "中", "中型": "中", "medium": "中",
    "小": "小", "小型": "小", "small": "小",
    "微": "微", "微型": "微", "micro": "微",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class SmeEntry:
    size: str  # 大 / 中 / 小 / 微
    name: str | None
    credit_code: str | None


class SmeRegistry:
    """Size classes of enterprises, looked up by holder key or 统一社会信用代码."""

    def __init__(self, entries: list[SmeEntry], source: str = "user registry") -> None:
        self.source = source
        self._by_key = {holder_key(e.name): e for e in entries if e.name}
        self._by_code = {e.credit_code.upper(): e for e in entries if e.credit_code}

    def __len__(self) -> int:
        return len(self._by_key) + len(self._by_code)

    def lookup(self, name_or_code: str) -> SmeEntry | None:
        return self._by_code.get(name_or_code.strip().upper()) or self._by_key.get(holder_key(name_or_code))

    @classmethod
    def load(cls, path: Path) -> SmeRegistry:
        """Read the CSV (UTF-8 with or without BOM); ValueError names the file and the bad row."""
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            headers = {h.strip().lower(): h for h in reader.fieldnames or ()}
            name_h, code_h, size_h = (next((headers[h] for h in hs if h in headers), None)
                                      for hs in (_NAME_HEADERS, _CODE_HEADERS, _SIZE_HEADERS))  # fmt: skip
            if size_h is None or (name_h is None and code_h is None):
                raise ValueError(f"{path}: SME registry needs a size column and a name or credit-code column")
            entries = [_entry(row, name_h, code_h, size_h, path, n) for n, row in enumerate(reader, start=2)]
        return cls(entries, source=path.name)


def _entry(
    row: dict[str, str], name_h: str | None, code_h: str | None, size_h: str, path: Path, line: int
) -> SmeEntry:
    raw_size = clean_cell(row.get(size_h)) or ""
    size = _SIZES.get(raw_size.lower())
    name = clean_cell(row.get(name_h)) if name_h else None
    code = clean_cell(row.get(code_h)) if code_h else None
    if size is None or not (name or code):
        raise ValueError(f"{path}:{line}: SME registry row needs a size (大/中/小/微) and a name or code")
    return SmeEntry(size, name, code)
