"""Where an applicant sits (申请人所在地) and what its address looks like (申请人地址).

``HolderLocator.locate`` infers a city from a real applicant name: a university's MoE location,
a well-known firm's seat, a place name at the start of the name (长春xx有限公司 -> 长春, 义乌市 ->
金华), in brackets (腾讯科技(深圳)有限公司) or inside an institute/SOE name (中国科学院大连...).
Foreign applicants get a country. Unknown applicants get ``None`` and a seeded region.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from tools.synthetic.reference import MUNICIPALITIES, City, GeneratorReference

# Seats of large applicants whose names carry no place (facts, public company registers).
_KNOWN_SEATS = {
    "华为": "4403",
    "比亚迪": "4403",
    "中兴通讯": "4403",
    "京东方": "1101",
    "国家电网": "1101",
    "维沃移动": "4419",
    "新华三": "3301",
    "歌尔": "3707",
    "海信": "3702",
    "美的": "4406",
    "联想": "1101",
    "小米": "1101",
    "阿里巴巴": "3301",
    "百度": "1101",
    "TCL": "4413",
    "中国石油": "1101",
    "中国石化": "1101",
    "中国移动": "1101",
    "平安": "4403",
    "创新先进": "3301",
    "支付宝": "3301",
    "网易": "3301",
    "字节跳动": "1101",
    "蔚来": "3401",
    "奇瑞": "3402",
}
# (name marker, country code, country name, address)
_FOREIGN = (
    ("三星", "KR", "韩国", "韩国京畿道水原市"),
    ("LG", "KR", "韩国", "韩国首尔特别市"),
    ("乐金", "KR", "韩国", "韩国首尔特别市"),
    ("现代", "KR", "韩国", "韩国首尔特别市"),
    ("株式会社", "JP", "日本", "日本国东京都"),
    ("国立大学法人", "JP", "日本", "日本国"),
    ("索尼", "JP", "日本", "日本国东京都"),
    ("松下", "JP", "日本", "日本国大阪府"),
    ("高通", "US", "美国", "美国加利福尼亚州"),
    ("苹果公司", "US", "美国", "美国加利福尼亚州"),
    ("英特尔", "US", "美国", "美国加利福尼亚州"),
    ("美国", "US", "美国", "美国"),
    ("博世", "DE", "德国", "德国斯图加特"),
    ("西门子", "DE", "德国", "德国慕尼黑"),
    ("德国", "DE", "德国", "德国"),
    ("巴斯夫", "DE", "德国", "德国路德维希港"),
    ("诺基亚", "FI", "芬兰", "芬兰埃斯波"),
    ("爱立信", "SE", "瑞典", "瑞典斯德哥尔摩"),
    ("斯凯孚", "SE", "瑞典", "瑞典哥德堡"),
    ("飞利浦", "NL", "荷兰", "荷兰埃因霍温"),
    ("私人有限公司", "SG", "新加坡", "新加坡"),
    ("私人公司", "SG", "新加坡", "新加坡"),
    ("加拿大", "CA", "加拿大", "加拿大"),
    ("法国", "FR", "法国", "法国"),
    ("英国", "GB", "英国", "英国"),
)
_BRACKET_RE = re.compile(r"[(（]([^)）]{2,8})[)）]")
_LATIN_RE = re.compile(r"^[A-Za-z]")
_ROAD_WORDS = (
    "人民",
    "建设",
    "解放",
    "中山",
    "胜利",
    "和平",
    "科技",
    "学府",
    "高新",
    "创新",
    "文化",
    "工业",
    "长江",
    "黄河",
    "新华",
    "东风",
    "光明",
    "迎宾",
    "世纪",
    "开发",
    "经开",
    "振兴",
    "滨河",
    "锦绣",
)
_ROAD_SUFFIXES = ("路", "大道", "街", "东路", "西路", "南路", "北路", "大街")


@dataclass(frozen=True, slots=True)
class Place:
    """A located applicant: a Chinese city, or a foreign country (city is None then)."""

    region_label: str  # 国省代码: 吉林(22) / 日本(JP)
    city: City | None
    foreign_address: str = ""


class HolderLocator:
    """Infers applicant cities from names; built once per corpus from the reference data."""

    def __init__(self, reference: GeneratorReference) -> None:
        self.reference = reference
        self.universities = {_plain(name): city for name, city, _ in reference.universities}
        self._cities_by_short: dict[str, City] = {}
        for city in sorted(reference.cities.values(), key=lambda c: c.code):
            self._cities_by_short.setdefault(city.short, city)
        counties: dict[str, list[City]] = {}
        for city in reference.cities.values():
            for district in city.districts:
                short = re.sub(r"(市|县|区)$", "", district)
                if len(short) >= 2 and district[-1] in "市县":
                    counties.setdefault(short, []).append(city)
        self._counties = {
            k: v[0] for k, v in counties.items() if len(v) == 1 and k not in self._cities_by_short
        }
        self._provinces = sorted(reference.provinces.values(), key=lambda p: -len(p.short))

    def locate(self, name: str) -> Place | None:
        plain = _plain(name)
        city_code = self.universities.get(plain) or next(
            (code for word, code in _KNOWN_SEATS.items() if word in plain), None
        )
        if city_code is not None:
            return self.place_of(self.reference.cities[city_code])
        for marker, code, country, address in _FOREIGN:
            if marker in plain:
                return Place(f"{country}({code})", None, address)
        if _LATIN_RE.match(plain) and not re.search(r"[\u4e00-\u9fff]{2}有限公司$", plain):
            return None
        city = self._city_in(plain)
        return self.place_of(city) if city else None

    def place_of(self, city: City) -> Place:
        return Place(self.reference.provinces[city.province_code].label, city)

    def _city_in(self, plain: str) -> City | None:
        for province in self._provinces:
            for prefix in (self.reference.provinces[province.code].name, province.short):
                if plain.startswith(prefix):
                    return self._city_at(plain[len(prefix) :]) or self._capital(province.code)
        found = self._city_at(plain)
        if found:
            return found
        for match in _BRACKET_RE.finditer(plain):
            found = self._city_at(match.group(1))
            if found:
                return found
            for province in self._provinces:
                if match.group(1).startswith(province.short):
                    return self._capital(province.code)
        for short, city in self._cities_by_short.items():  # 中国科学院大连化学物理研究所
            if len(short) >= 2 and short in plain and re.search("研究|分公司|供电|中国科学院", plain):
                return city
        for province in self._provinces:  # OPPO广东移动通信有限公司, 国网辽宁省电力...
            if province.short in plain and len(province.short) >= 2:
                return self._capital(province.code)
        return None

    def _city_at(self, text: str) -> City | None:
        for size in (4, 3, 2):
            head = text[:size]
            if head in self._cities_by_short:
                return self._cities_by_short[head]
            if head in self._counties:
                return self._counties[head]
        return None

    def _capital(self, province_code: str) -> City | None:
        code = self.reference.capitals.get(province_code)
        return self.reference.cities.get(code) if code else None


def _plain(name: str) -> str:
    return name.replace("（", "(").replace("）", ")").strip()


def street_address(rng: random.Random, city: City, reference: GeneratorReference) -> str:
    """``130000吉林省长春市朝阳区人民大街1234号``: postcode, province, city, district, road."""
    province = reference.provinces[city.province_code].name
    head = province if city.province_code in MUNICIPALITIES else f"{province}{city.name}"
    district = rng.choice(city.districts) if city.districts else ""
    road = f"{rng.choice(_ROAD_WORDS)}{rng.choice(_ROAD_SUFFIXES)}{rng.randint(1, 1999)}号"
    return f"{city.postcode}{head}{district}{road}"
