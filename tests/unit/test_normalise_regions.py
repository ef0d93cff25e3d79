"""Regions (行政区划): 国省代码 cells and addresses -> 12-digit NBS codes."""

import pytest

from graph.models import RegionLevel
from ingest.normalise.regions import RegionIndex, short_name
from ingest.reference import load_region_index, reference_dir


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return load_region_index(reference_dir())


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("450000河南省郑州市郑东新区中道东路6号创意岛大厦8层", "410100000000"),
        ("吉林省长春市朝阳区前进大街2699号", "220104000000"),
        ("长春市朝阳区人民大街", "220104000000"),
        ("吉林长春朝阳区", "220104000000"),
        ("北京市朝阳区酒仙桥路", "110105000000"),
        ("北京市海淀区中关村", "110108000000"),
        ("辽宁省朝阳市朝阳县", "211321000000"),
        ("吉林市船营区", "220204000000"),
        ("吉林省吉林市船营区", "220204000000"),
        ("中国吉林省延边朝鲜族自治州延吉市", "222401000000"),
        ("延边州延吉市", "222401000000"),
        ("上海市浦东新区", "310115000000"),
        ("新疆维吾尔自治区乌鲁木齐市", "650100000000"),
        ("广西南宁市", "450100000000"),
        ("四川省成都市高新区", "510100000000"),
        ("吉林省", "220000000000"),
    ],
)
def test_addresses(regions: RegionIndex, address: str, code: str) -> None:
    match = regions.resolve_address(address)
    assert match is not None and match.code == code


@pytest.mark.parametrize("address", ["朝阳区某路", "美国加利福尼亚州", "", "某某路1号"])
def test_ambiguous_or_foreign_addresses_are_not_guessed(regions: RegionIndex, address: str) -> None:
    assert regions.resolve_address(address) is None


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("吉林;22", "220000000000"),
        ("22", "220000000000"),
        ("河南(41)", "410000000000"),
        ("河南（41）", "410000000000"),
        ("吉林省", "220000000000"),
        ("吉林", "220000000000"),
        ("220104", "220104000000"),
    ],
)
def test_province_codes(regions: RegionIndex, cell: str, code: str) -> None:
    region = regions.resolve_province_code(cell)
    assert region is not None and region.code12 == code


def test_unknown_province_code(regions: RegionIndex) -> None:
    assert regions.resolve_province_code("99") is None
    assert regions.resolve_province_code("火星") is None


def test_records_have_12_digit_codes_and_parents(regions: RegionIndex) -> None:
    records = {r.code: r for r in regions.records()}
    assert len(records) == 31 + 342 + 2978 - 3  # 东莞, 中山, 儋州 repeat their city
    chaoyang = records["220104000000"]
    assert (chaoyang.name, chaoyang.level, chaoyang.parent) == ("朝阳区", RegionLevel.COUNTY, "220100000000")
    assert records["220100000000"].parent == "220000000000"
    assert records["220000000000"].parent is None
    assert records["110100000000"].name == "北京市市辖区"
    assert all(len(code) == 12 for code in records)


@pytest.mark.parametrize(
    ("name", "level", "short"),
    [
        ("吉林省", RegionLevel.PROVINCE, "吉林"),
        ("广西壮族自治区", RegionLevel.PROVINCE, "广西"),
        ("长春市", RegionLevel.CITY, "长春"),
        ("延边朝鲜族自治州", RegionLevel.CITY, "延边"),
        ("黔东南苗族侗族自治州", RegionLevel.CITY, "黔东南"),
        ("朝阳区", RegionLevel.COUNTY, None),
        ("长白朝鲜族自治县", RegionLevel.COUNTY, "长白"),
    ],
)
def test_short_names(name: str, level: RegionLevel, short: str | None) -> None:
    assert short_name(name, level) == short
