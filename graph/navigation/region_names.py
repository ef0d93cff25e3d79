"""Region names (地区名称) for NBS codes, and the region a holder's name begins with.

Read from the shipped NBS 2023 division lists (``data/reference/regions``). Two rules:

* ``region_name("220102000000")`` -> "吉林省长春市南关区": province, city and county names, the
  municipalities' pseudo-cities (市辖区/县/省直辖县级行政区划) left out.
* ``region_from_name("长春远润信息技术有限公司")`` -> "2201": a Chinese enterprise name starts with
  the administrative division it is registered in (行政区划 + 字号 + 行业 + 组织形式), so an
  assignee recorded without an address is placed by that prefix: province or city names, full or
  short (吉林省/吉林, 长春市/长春), county names in full (南关区) and, for counties and county-level
  cities, short (博兴县/博兴, 海宁市/海宁). A province's name wins over a
  lower level of the same name (海南); otherwise a prefix shared by regions of different provinces
  places nothing, and one shared within a province places the province.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.codes.regions import region_name as codes_region_name
from graph.errors import ConfigurationError

_PSEUDO_CITIES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_ETHNIC = (
    "蒙古|藏|回|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|景颇"
    "|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|维吾尔|鄂温克|德昂|保安|裕固"
)
_COUNTY_SHORT_OK = ("县", "市", "旗")  # 海宁市 -> 海宁, 博兴县 -> 博兴; districts keep full names
_SUFFIXES = "自治区|自治州|自治县|自治旗|特别行政区|省|市|地区|盟|县|旗"
_SHORT = re.compile(rf"^(.{{2,}}?)(?:(?:{_ETHNIC})族?)*(?:{_SUFFIXES})$")


@dataclass(frozen=True, slots=True)
class RegionNames:
    names: dict[str, str]  # significant code (2/4/6 digits) -> name
    prefixes: dict[str, str]  # name or short name at the start of a holder name -> code prefix
    longest_prefix: int

    def from_name(self, holder_name: str) -> str | None:
        """Code prefix of the division the name starts with (longest name first), or None."""
        for end in range(min(len(holder_name), self.longest_prefix), 1, -1):
            if (code := self.prefixes.get(holder_name[:end])) is not None:
                return code or None  # "" marks a prefix shared across provinces
        return None


def short_name(name: str) -> str | None:
    """吉林省 -> 吉林, 延边朝鲜族自治州 -> 延边, 广西壮族自治区 -> 广西; None if nothing to strip."""
    found = _SHORT.match(name)
    return found.group(1) if found and found.group(1) != name else None


def default_regions_dir() -> Path:
    from graph.settings import get_settings

    return get_settings().data_dir / "reference" / "regions"


@lru_cache(maxsize=2)
def load_region_names(folder: Path | None = None) -> RegionNames:
    folder = folder or default_regions_dir()
    names: dict[str, str] = {}
    claims: dict[str, set[str]] = {}

    def claim(label: str | None, code: str) -> None:
        if label and len(label) >= 2 and label not in _PSEUDO_CITIES:
            claims.setdefault(label, set()).add(code)

    try:
        for file in ("provinces.csv", "cities.csv", "areas.csv"):
            with (folder / file).open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    code, name = row["code"].strip(), row["name"].strip()
                    names[code] = name
                    claim(name, code)
                    if len(code) < 6 or name.endswith(_COUNTY_SHORT_OK):
                        claim(short_name(name), code)
    except (OSError, KeyError) as exc:
        raise ConfigurationError(f"region lists in {folder} are unreadable: {exc}") from exc
    prefixes = {label: _common_prefix(codes) for label, codes in claims.items()}
    return RegionNames(names, prefixes, max(map(len, prefixes), default=0))


def _common_prefix(codes: set[str]) -> str:
    """The one code, a province over lower levels of the same name (海南), the province two regions
    share, or "" when they lie in different provinces."""
    if len(codes) == 1:
        return next(iter(codes))
    if len(provinces_named := [code for code in codes if len(code) == 2]) == 1:
        return provinces_named[0]
    provinces = {code[:2] for code in codes}
    return provinces.pop() if len(provinces) == 1 else ""


def region_name(code: str | None) -> str | None:
    return codes_region_name(code)  # the rule book's one definition


def region_from_name(holder_name: str) -> str | None:
    return load_region_names().from_name(holder_name)
