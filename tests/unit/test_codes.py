"""The rule book for codes (编码规则): IPC coverage and levels, region codes and names, patent numbers."""

from __future__ import annotations

import pytest

from graph.codes.ipc import (
    covering_hits,
    ipc_ancestors,
    ipc_covers,
    ipc_level,
    ipc_subclass,
    main_group,
    main_group_code,
)
from graph.codes.patent_numbers import cn_check_digit, patent_type_from_app_no
from graph.codes.regions import (
    city_of,
    in_region,
    pad_region_code,
    province_of,
    region_names,
    region_prefix,
    significant_region_code,
)
from graph.models import PatentType


@pytest.mark.parametrize(
    ("pattern", "code", "covered"),
    [
        ("H01M", "H01M10/0525", True),
        ("H01", "H01M10/0525", True),
        ("H", "H01M10/0525", True),
        ("H01M4", "H01M4/131", True),
        ("H01M4", "H01M40/00", False),
        ("H01M4/00", "H01M4/58", True),  # a main group written with /00 is the whole main group
        ("H01M4/00", "H01M40/00", False),
        ("H01M10/05", "H01M10/0525", True),
        ("H01M10/05", "H01M10/05", True),
        ("H01M10/0525", "H01M10/052", False),
        ("A61B1", "A61B1/00", True),
        ("A61B1", "A61B1/04", True),
        ("A61B1", "A61B17/00", False),
        ("A61B1", "A61B1", True),
        ("H02K1", "H02K1/27", True),
        ("H02K1", "H02K11/00", False),
        ("H02K1", "H02K17/42", False),
        ("D03D15/00", "D03D15/283", True),
        ("D03D15/00", "D03D150/00", False),
        ("H01M4", "H01M", False),  # a coarser code is not inside a main group
    ],
)
def test_ipc_covers(pattern: str, code: str, covered: bool) -> None:
    assert ipc_covers(pattern, code) is covered


def test_covering_hits_are_the_covered_codes_sorted() -> None:
    codes = ["H02K11/00", "H02K1/27", "A61B17/00", "A61B1/04", "H02K1/27"]
    assert covering_hits(["H02K1", "A61B1"], codes) == ["A61B1/04", "H02K1/27"]


def test_main_group_and_levels() -> None:
    assert main_group("H01M10/052") == "H01M10"
    assert main_group("H01M") == "H01M"
    assert main_group_code("H01M10/052") == "H01M10/00"
    assert main_group_code("H01M10/00") == "H01M10/00"
    assert main_group_code("H01M") is None
    assert ipc_subclass("H01M10/052") == "H01M" and ipc_subclass("H01") is None
    assert ipc_level("H01M10/00") == "group" and ipc_level("H01M10/052") == "subgroup"
    assert ipc_ancestors("H01M10/052") == ["H01M10/052", "H01M10/00", "H01M", "H01", "H"]
    assert ipc_ancestors("H01M") == ["H01M", "H01", "H"]


@pytest.mark.parametrize(
    ("code", "prefix"),
    [
        ("220000000000", "22"),
        ("220100000000", "2201"),
        ("220104000000", "220104"),
        ("220104001000", "220104001"),
        ("2201", "2201"),
        (" 51 ", "51"),
    ],
)
def test_region_prefix(code: str, prefix: str) -> None:
    assert region_prefix(code) == prefix


@pytest.mark.parametrize(
    ("code", "significant"),
    [("220000000000", "22"), ("220100", "2201"), ("220104", "220104"), ("2200", "22"), ("22", "22")],
)
def test_significant_region_code(code: str, significant: str) -> None:
    assert significant_region_code(code) == significant


def test_region_prefixes_of_a_code() -> None:
    assert pad_region_code("2201") == "220100000000"
    assert province_of("220104000000") == "22" and city_of("220104000000") == "2201"
    assert city_of("220000000000") is None and province_of(None) is None
    assert in_region("220104000000", ["51", "2201"]) and not in_region("510100000000", ["22"])
    assert not in_region(None, ["22"])


def test_region_names_from_the_reference_data() -> None:
    names = region_names()
    assert names["220000000000"] == "吉林省"
    assert names["220100000000"] == "长春市"
    assert names["220104000000"] == "朝阳区"
    assert names["110100000000"] == "北京市市辖区"  # a municipality's pseudo-city carries its name
    assert len(names) > 3000


def test_application_number_rules() -> None:
    assert cn_check_digit("202223220665") == "2"
    assert patent_type_from_app_no("CN202223220665.2") is PatentType.UTILITY_MODEL
    assert patent_type_from_app_no("CN202110000001.X") is PatentType.INVENTION
    assert patent_type_from_app_no("CN98100001.2") is None
