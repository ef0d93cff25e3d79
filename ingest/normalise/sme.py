"""SME registry (中小企业名录): a user CSV mapping enterprise names or credit codes to a size class.

Columns (header variants accepted): ``name``/``企业名称``/``名称``, ``credit_code``/``统一社会信用代码``,
``size``/``规模``/``企业规模`` with values 大/中/小/微 (or 大型/中型/小型/微型, large/medium/small/micro).
A row needs a size and a name or a credit code. Names match on the holder key, so full-width
brackets and spaces do not matter.

Without a registry entry, ``estimate_sme`` gives a stated, conservative estimate (see there).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from graph.navigation.region_names import region_from_name
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


# a place in brackets after the trade name: 腾讯科技(深圳)有限公司, 中芯国际集成电路制造(上海)有限公司
_BRACKETED_PLACE = re.compile(r"\(([^()]{2,12})\)")


def estimate_sme(key: str) -> tuple[bool | None, str]:
    """A conservative size estimate for an enterprise not in the registry (name rules only).

    SME (True) only when the name has the form of a locally registered company: it starts with
    a Chinese administrative division (吉林省…, 长春…, 南关区…), and carries no bracketed place after
    the trade name (the usual form of large groups' subsidiaries). Otherwise the size is unknown
    (None): nationally registered names without a division (中芯国际…, 百时美施贵宝…), foreign
    companies. The caller has already ruled out known large firms and 集团/股份/控股 names.
    """
    place = region_from_name(key)
    if place is None:
        return None, "规模未知: 名称不以行政区划开头 (可能为全国性或境外企业), 不估计为中小企业"
    bracketed = next(
        (m.group(1) for m in _BRACKETED_PLACE.finditer(key) if region_from_name(m.group(1))), None
    )
    if bracketed is not None:
        return None, f"规模未知: 字号后括注地名「({bracketed})」, 多为集团子公司, 不估计为中小企业"
    return True, "估计为中小企业: 名称以行政区划开头、无集团/股份/控股标志、非央企"


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
