"""Reference data of the corpus generator (生成器参考数据): regions, postcodes, universities.

``build_generator_reference`` reads the public sources in ``../shared/data`` once (NBS 2023
division codes, MoE university list 2025) and ``save_generator_reference`` writes the compact
JSON shipped as ``data/demo/generator_reference.json``; the generator itself only loads that file,
so the product does not need ``../shared`` at run time.
"""

from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "demo"
REFERENCE_FILE = DATA_DIR / "generator_reference.json"

MUNICIPALITIES = ("11", "12", "31", "50")
_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")
# Postcode prefixes of the provinces (邮政编码前两位) and of well-known cities; other cities get
# a plausible number inside their province's range (marked synthetic with the address).
_PROVINCE_POSTCODE = {
    "11": "10",
    "12": "30",
    "13": "05",
    "14": "03",
    "15": "01",
    "21": "11",
    "22": "13",
    "23": "15",
    "31": "20",
    "32": "21",
    "33": "31",
    "34": "23",
    "35": "35",
    "36": "33",
    "37": "25",
    "41": "45",
    "42": "43",
    "43": "41",
    "44": "51",
    "45": "53",
    "46": "57",
    "50": "40",
    "51": "61",
    "52": "55",
    "53": "65",
    "54": "85",
    "61": "71",
    "62": "73",
    "63": "81",
    "64": "75",
    "65": "83",
}
_CITY_POSTCODE = {
    "北京市": "100000",
    "天津市": "300000",
    "上海市": "200000",
    "重庆市": "400000",
    "石家庄市": "050000",
    "太原市": "030000",
    "呼和浩特市": "010000",
    "沈阳市": "110000",
    "大连市": "116000",
    "长春市": "130000",
    "吉林市": "132000",
    "延边朝鲜族自治州": "133000",
    "哈尔滨市": "150000",
    "南京市": "210000",
    "无锡市": "214000",
    "常州市": "213000",
    "苏州市": "215000",
    "南通市": "226000",
    "杭州市": "310000",
    "宁波市": "315000",
    "温州市": "325000",
    "合肥市": "230000",
    "福州市": "350000",
    "厦门市": "361000",
    "南昌市": "330000",
    "济南市": "250000",
    "青岛市": "266000",
    "淄博市": "255000",
    "烟台市": "264000",
    "潍坊市": "261000",
    "郑州市": "450000",
    "洛阳市": "471000",
    "新乡市": "453000",
    "武汉市": "430000",
    "长沙市": "410000",
    "广州市": "510000",
    "深圳市": "518000",
    "珠海市": "519000",
    "佛山市": "528000",
    "东莞市": "523000",
    "南宁市": "530000",
    "海口市": "570000",
    "成都市": "610000",
    "绵阳市": "621000",
    "贵阳市": "550000",
    "昆明市": "650000",
    "拉萨市": "850000",
    "西安市": "710000",
    "兰州市": "730000",
    "西宁市": "810000",
    "银川市": "750000",
    "乌鲁木齐市": "830000",
}


@dataclass(frozen=True, slots=True)
class City:
    code: str  # 4-digit NBS city code (municipalities: the province's 01 city)
    name: str  # 长春市
    province_code: str
    postcode: str
    districts: tuple[str, ...]

    @property
    def short(self) -> str:
        """长春市 -> 长春, 延边朝鲜族自治州 -> 延边."""
        for suffix in ("朝鲜族自治州", "自治州", "地区", "盟", "市"):
            if self.name.endswith(suffix) and len(self.name) > len(suffix) + 1:
                return self.name[: -len(suffix)]
        return self.name


@dataclass(frozen=True, slots=True)
class Province:
    code: str  # 2-digit NBS code, e.g. 22
    name: str  # 吉林省
    short: str  # 吉林

    @property
    def label(self) -> str:
        """国省代码 as in the export: 吉林(22)."""
        return f"{self.short}({self.code})"


@dataclass(frozen=True, slots=True)
class GeneratorReference:
    provinces: dict[str, Province]
    cities: dict[str, City]
    universities: tuple[tuple[str, str, str], ...]  # (name, city code, 本科/专科)
    capitals: dict[str, str] = field(default_factory=dict)  # province code -> capital city code

    def cities_of(self, province_code: str) -> list[City]:
        return [c for c in self.cities.values() if c.province_code == province_code]


def _province_short(name: str) -> str:
    for suffix in _PROVINCE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build_generator_reference(shared_data: Path) -> dict[str, object]:
    """Compact JSON-ready reference from ``../shared/data`` (admin divisions, MoE universities)."""
    divisions = shared_data / "admin_divisions"
    provinces = {r["code"]: r["name"] for r in _read_csv(divisions / "provinces.csv")}
    cities: dict[str, dict[str, object]] = {}
    for row in _read_csv(divisions / "cities.csv"):
        pcode = row["provinceCode"]
        if pcode in MUNICIPALITIES:
            code, name = f"{pcode}01", provinces[pcode]  # 市辖区 / 县 -> the municipality itself
        else:
            code, name = row["code"], row["name"]
        prefix = _PROVINCE_POSTCODE[pcode]
        postcode = _CITY_POSTCODE.get(name) or f"{prefix}{int(code[2:]) % 10}{int(code[2:]) // 10 % 10}00"
        cities.setdefault(code, {"name": name, "province": pcode, "postcode": postcode, "districts": []})
    for row in _read_csv(divisions / "areas.csv"):
        pcode = row["provinceCode"]
        city_code = f"{pcode}01" if pcode in MUNICIPALITIES else row["cityCode"]
        if row["name"] not in ("市辖区", "县") and city_code in cities:
            districts = cities[city_code]["districts"]
            assert isinstance(districts, list)
            districts.append(row["name"])
    hei = json.loads((shared_data / "moe_universities_2025" / "moe_regular_hei_2025.json").read_text("utf-8"))
    universities = []
    for item in hei:
        city_code = str(item["code"])[2:6]
        if city_code[:2] in MUNICIPALITIES:
            city_code = f"{city_code[:2]}01"
        if city_code in cities:
            universities.append([item["name"], city_code, item["level"]])
    return {
        "provenance": "NBS 2023 division codes via github.com/modood/Administrative-divisions-of-China "
        "(WTFPL); MoE 全国高等学校名单 2025 via github.com/lzy201314/Universities; postcodes: "
        "province prefixes and major cities' public codes, other cities approximate.",
        "provinces": [[code, name] for code, name in sorted(provinces.items())],
        "cities": [[code, *cities[code].values()] for code in sorted(cities)],
        "universities": universities,
    }


def save_generator_reference(reference: dict[str, object], path: Path = REFERENCE_FILE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(reference, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


# Provincial capitals (省会): weighted up when a city is drawn inside a province.
_CAPITALS = (
    "石家庄市",
    "太原市",
    "呼和浩特市",
    "沈阳市",
    "长春市",
    "哈尔滨市",
    "南京市",
    "杭州市",
    "合肥市",
    "福州市",
    "南昌市",
    "济南市",
    "郑州市",
    "武汉市",
    "长沙市",
    "广州市",
    "南宁市",
    "海口市",
    "成都市",
    "贵阳市",
    "昆明市",
    "拉萨市",
    "西安市",
    "兰州市",
    "西宁市",
    "银川市",
    "乌鲁木齐市",
)


def load_generator_reference(path: Path = REFERENCE_FILE) -> GeneratorReference:
    """Load the shipped reference JSON into typed lookups."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    provinces = {code: Province(code, name, _province_short(name)) for code, name in raw["provinces"]}
    cities = {
        code: City(code, name, pcode, postcode, tuple(districts))
        for code, name, pcode, postcode, districts in raw["cities"]
    }
    capitals = {c.province_code: c.code for c in cities.values() if c.name in _CAPITALS}
    capitals.update({p: f"{p}01" for p in MUNICIPALITIES})
    universities = tuple((name, city, level) for name, city, level in raw["universities"])
    logger.debug("generator reference: %d cities, %d universities", len(cities), len(universities))
    return GeneratorReference(provinces, cities, universities, capitals)
