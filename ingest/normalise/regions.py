"""Regions (行政区划): 国省代码 and applicant addresses -> NBS codes, 12 digits.

Codes follow graph.models.RegionRecord: the NBS 统计用区划代码 padded to 12 digits, so a province
has 2 significant digits (``220000000000`` 吉林省), a city 4 (``220100000000`` 长春市) and a county
6 (``220104000000`` 长春市朝阳区).

``resolve_province_code`` reads 国省代码 cells: ``吉林;22``, ``22``, ``河南(41)``, ``吉林省``, ``吉林``.
``resolve_address`` parses an address by longest-prefix matching: an optional postcode and 中国,
then province (full or short name), city (full or short: 长春市/长春, 延边朝鲜族自治州/延边), county
(full name: 朝阳区). Each level is searched inside the level above when that was found, so 朝阳区
after 长春市 is 220104, not Beijing's 110105; a county name that is ambiguous without context is
not guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from graph.codes.regions import (
    PSEUDO_CITIES,
    Region,
    display_region_name,
    pad_region_code,
    short_region_name,
    significant_region_code,
)
from graph.models import RegionLevel, RegionRecord
from ingest.normalise.text import to_halfwidth

__all__ = ["Region", "RegionIndex", "RegionMatch", "short_name"]

short_name = short_region_name  # the rule lives in graph.codes.regions
_LEADING_NOISE_RE = re.compile(r"^[\s\d,;:()-]*(中华人民共和国|中国)?")


@dataclass(frozen=True, slots=True)
class RegionMatch:
    province: Region | None
    city: Region | None
    county: Region | None

    @property
    def most_specific(self) -> Region | None:
        return self.county or self.city or self.province

    @property
    def code(self) -> str | None:
        region = self.most_specific
        return region.code12 if region else None


class RegionIndex:
    """Province / city / county names and codes, with name lookups for address parsing."""

    def __init__(self, regions: list[Region]) -> None:
        self._by_code = {r.code: r for r in regions}
        self._children: dict[str | None, list[Region]] = defaultdict(list)
        self._names: dict[tuple[str | None, RegionLevel], dict[str, list[Region]]] = defaultdict(dict)
        self._all_names: dict[RegionLevel, dict[str, list[Region]]] = defaultdict(dict)
        for region in regions:
            self._children[region.parent].append(region)
            for name in {region.name, short_name(region.name, region.level)}:
                if name and name not in PSEUDO_CITIES:
                    self._names[(region.parent, region.level)].setdefault(name, []).append(region)
                    self._all_names[region.level].setdefault(name, []).append(region)
        self._province_counties: dict[str, dict[str, list[Region]]] = {}
        self._max_len = max((len(r.name) for r in regions), default=0)

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code: str) -> Region | None:
        """A region by its NBS code: 2/4/6 significant digits or the padded 12-digit form."""
        return self._by_code.get(significant_region_code(code))

    def records(self) -> list[RegionRecord]:
        return [
            RegionRecord(
                r.code12, self.display_name(r), r.level, pad_region_code(r.parent) if r.parent else None
            )
            for r in self._by_code.values()
        ]

    def display_name(self, region: Region) -> str:
        """Pseudo-cities of municipalities (市辖区/县) get their province's name in front."""
        return display_region_name(region, self._by_code.get(region.parent) if region.parent else None)

    def resolve_province_code(self, value: str) -> Region | None:
        """国省代码 cell -> the province (or county, for a 6-digit code); None if unknown."""
        text = to_halfwidth(value)
        digits = re.search(r"\d{6}|\d{2}", text)
        if digits and (region := self.get(digits.group())):
            return region
        name = re.sub(r"[\d\s;,()]+", "", text)
        hits = self._all_names[RegionLevel.PROVINCE].get(name)
        return hits[0] if hits else None

    def resolve_address(self, address: str) -> RegionMatch | None:
        """Longest-prefix parse of an address; None when not even a province or city is found."""
        text = _LEADING_NOISE_RE.sub("", to_halfwidth(address).replace(" ", ""))
        province, pos = self._match(text, 0, (None, RegionLevel.PROVINCE), RegionLevel.PROVINCE)
        city, city_end = self._match(text, 0, (None, RegionLevel.CITY), RegionLevel.CITY)
        if city is not None and city_end > pos:  # 吉林市船营区: the city 吉林市, not the province 吉林
            province, pos = None, city_end
        else:
            scope = (province.code if province else None, RegionLevel.CITY)
            city, pos = self._match(text, pos, scope, RegionLevel.CITY)
        if province is None and city is not None:
            province = self._by_code.get(city.parent or "")
        county, _ = self._match_county(text, pos, province, city)
        if county is not None and city is None:
            city = self._by_code.get(county.parent or "")
            if province is None and city is not None:
                province = self._by_code.get(city.parent or "")
        if province is None:
            return None
        return RegionMatch(province, city, county)

    def _match(
        self, text: str, pos: int, scope: tuple[str | None, RegionLevel], level: RegionLevel
    ) -> tuple[Region | None, int]:
        names = self._names[scope] if scope[0] is not None else self._all_names[level]
        return _longest(text, pos, names, self._max_len)

    def _match_county(
        self, text: str, pos: int, province: Region | None, city: Region | None
    ) -> tuple[Region | None, int]:
        if city is not None:
            return self._match(text, pos, (city.code, RegionLevel.COUNTY), RegionLevel.COUNTY)
        if province is None:
            return self._match(text, pos, (None, RegionLevel.COUNTY), RegionLevel.COUNTY)
        # Province known, city not written (or a municipality): counties of any city of the province.
        candidates = self._province_counties.get(province.code)
        if candidates is None:
            candidates = self._province_counties[province.code] = {}
            for child in self._children[province.code]:
                for name, hits in self._names[(child.code, RegionLevel.COUNTY)].items():
                    candidates.setdefault(name, []).extend(hits)
        return _longest(text, pos, candidates, self._max_len)


def _longest(text: str, pos: int, names: dict[str, list[Region]], max_len: int) -> tuple[Region | None, int]:
    """Longest unambiguous name at ``pos``. A short form followed by 区/县/旗 is part of another
    name (朝阳区 is not 朝阳市), and 州 after a short prefecture name is consumed (延边州)."""
    for end in range(min(len(text), pos + max_len), pos + 1, -1):
        hits = names.get(text[pos:end])
        if not hits or len(hits) != 1:
            continue
        region, following = hits[0], text[end : end + 1]
        if text[pos:end] != region.name:
            if following and following in "区县旗":
                continue
            if following == "州" and region.name.endswith("自治州"):
                end += 1
        return region, end
    return None, pos
