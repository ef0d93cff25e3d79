"""Region codes (统计用区划代码, NBS) and region names from ``data/reference/regions``.

The graph stores codes padded to 12 digits: a province has 2 significant digits (``220000000000``
吉林省), a city 4 (``220100000000`` 长春市), a county 6 (``220104000000`` 长春市朝阳区). A region is
selected by prefix: ``22`` is Jilin, ``2201`` Changchun. The reference data keeps the significant
digits (provinces.csv 2, cities.csv 4, areas.csv 6).
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.models import RegionLevel

CODE_LENGTH = 12
PROVINCE_DIGITS = 2
CITY_DIGITS = 4
COUNTY_DIGITS = 6
_PREFIX_WIDTHS = (PROVINCE_DIGITS, CITY_DIGITS, COUNTY_DIGITS, 9, CODE_LENGTH)  # 9: 乡镇, 12: 村
# City-level placeholders of municipalities and province-administered counties in the NBS lists.
PSEUDO_CITIES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

_ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西"
    "|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克"
    "|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺"
)
_AUTONOMOUS_RE = re.compile(rf"^(.{{2,5}}?)(?:(?:{_ETHNIC})族?)+自治(?:州|县|旗)$")
_PROVINCE_SUFFIX_RE = re.compile(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$")
_CITY_SUFFIX_RE = re.compile(r"(市|地区|盟)$")


# --------------------------------------------------------------------------- codes


def pad_region_code(code: str) -> str:
    """Significant digits -> the 12-digit graph code (``2201`` -> ``220100000000``)."""
    return code.ljust(CODE_LENGTH, "0")


def _significant(code: str, widths: Iterable[int]) -> str:
    """The code cut to the narrowest width that keeps every non-zero digit."""
    significant = len(code.rstrip("0"))
    width = next((w for w in widths if significant <= w), len(code))
    return code[:width]


def significant_region_code(code: str) -> str:
    """A province/city/county code as in the reference data: ``220100000000`` / ``220100`` -> ``2201``."""
    head = code.strip()[:COUNTY_DIGITS]
    if len(head) in (CITY_DIGITS, COUNTY_DIGITS) and head.isdigit():
        return _significant(head, (w for w in _PREFIX_WIDTHS if w <= len(head)))
    return head


def region_prefix(code: str) -> str:
    """A user's region given as a full NBS code ("220100000000") or a prefix ("2201") -> prefix."""
    stripped = code.strip()
    if len(stripped) == CODE_LENGTH and stripped.isdigit():
        return _significant(stripped, _PREFIX_WIDTHS)
    return stripped


def in_region(code: str | None, prefixes: Iterable[str]) -> bool:
    """Whether a stored region code lies in any of the regions given as prefixes."""
    return bool(code) and any(code.startswith(p) for p in prefixes)  # type: ignore[union-attr]


def province_of(code: str | None) -> str | None:
    """The 2-digit province prefix of a code."""
    return code[:PROVINCE_DIGITS] if code and len(code) >= PROVINCE_DIGITS else None


def city_of(code: str | None) -> str | None:
    """The 4-digit city prefix, or ``None`` for a province-level code (city digits ``00``)."""
    if not code or len(code) < CITY_DIGITS or code[PROVINCE_DIGITS:CITY_DIGITS] == "00":
        return None
    return code[:CITY_DIGITS]


# --------------------------------------------------------------------------- names


@dataclass(frozen=True, slots=True)
class Region:
    """One NBS region of the reference data (significant-digit codes)."""

    code: str  # 2, 4 or 6 significant digits
    name: str
    level: RegionLevel
    parent: str | None  # significant-digit code of the parent

    @property
    def code12(self) -> str:
        return pad_region_code(self.code)


def short_region_name(name: str, level: RegionLevel) -> str | None:
    """吉林省 -> 吉林, 长春市 -> 长春, 延边朝鲜族自治州 -> 延边; None when no safe short form."""
    if match := _AUTONOMOUS_RE.match(name):
        return match.group(1)
    if level is RegionLevel.COUNTY:
        return None  # 朝阳 / 通州 short forms are too ambiguous
    suffix = _PROVINCE_SUFFIX_RE if level is RegionLevel.PROVINCE else _CITY_SUFFIX_RE
    short = suffix.sub("", name)
    return short if short != name and len(short) >= 2 else None


def display_region_name(region: Region, parent: Region | None) -> str:
    """Pseudo-cities of municipalities (市辖区/县) get their province's name in front."""
    if region.name in PSEUDO_CITIES and parent is not None:
        return parent.name + region.name
    return region.name


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    gz = path.with_name(path.name + ".gz")
    if not path.exists() and gz.exists():
        with gzip.open(gz, "rt", encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)
        return
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def load_regions(regions_dir: Path) -> list[Region]:
    """Provinces, cities and counties of ``provinces.csv``, ``cities.csv``, ``areas.csv`` (or ``.gz``)."""
    regions: list[Region] = []
    specs = (
        ("provinces.csv", RegionLevel.PROVINCE, None),
        ("cities.csv", RegionLevel.CITY, "provinceCode"),
        ("areas.csv", RegionLevel.COUNTY, "cityCode"),
    )
    for name, level, parent_col in specs:
        for row in _csv_rows(regions_dir / name):
            if level is RegionLevel.COUNTY and row["code"].endswith("00"):
                continue  # 东莞/中山/儋州 have no counties: the source repeats the city as 441900
            parent = row[parent_col] if parent_col else None
            regions.append(Region(row["code"], row["name"].strip(), level, parent))
    return regions


@lru_cache(maxsize=4)
def region_names(regions_dir: Path | None = None) -> dict[str, str]:
    """12-digit code -> Chinese display name of every region (default ``data/reference/regions``)."""
    if regions_dir is None:
        from graph.settings import get_settings

        regions_dir = get_settings().data_dir / "reference" / "regions"
    regions = load_regions(regions_dir)
    by_code = {region.code: region for region in regions}
    return {r.code12: display_region_name(r, by_code.get(r.parent) if r.parent else None) for r in regions}


@lru_cache(maxsize=4)
def _regions_by_code(regions_dir: Path | None = None) -> dict[str, Region]:
    if regions_dir is None:
        from graph.settings import get_settings

        regions_dir = get_settings().data_dir / "reference" / "regions"
    return {region.code: region for region in load_regions(regions_dir)}


def region_name(code: str | None, regions_dir: Path | None = None) -> str | None:
    """An NBS code (12 digits or a 2/4/6-digit prefix) as a place name, province first:
    220102000000 -> 吉林省长春市南关区; 11 -> 北京市. ``None`` for a missing, foreign or unknown code.

    Pseudo-cities (市辖区, 县, 省直辖县级行政区划) are left out of the joined name."""
    digits = (code or "").strip()
    if len(digits) < 2 or not digits.isdigit():
        return None
    by_code = _regions_by_code(regions_dir)
    significant = significant_region_code(digits)
    parts = []
    for width in (2, 4, 6):
        if len(significant) < width:
            break
        region = by_code.get(significant[:width])
        if region is None:
            break
        if region.name not in PSEUDO_CITIES:
            parts.append(region.name)
    return "".join(parts) or None
