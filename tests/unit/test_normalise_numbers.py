"""Publication / application numbers and patent types (公开号, 申请号, 专利类型)."""

import pytest

from graph.models import PatentType
from ingest.normalise.numbers import (
    cn_check_digit,
    kind_code,
    normalise_app_no,
    normalise_pub_no,
    patent_type_from_app_no,
    patent_type_from_kind,
    patent_type_from_text,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CN218751475U", "CN218751475U"),
        ("CN 218751475 U", "CN218751475U"),
        ("cn218751475u", "CN218751475U"),
        ("ＣＮ２１８７５１４７５Ｕ", "CN218751475U"),
        ("218751475U", "CN218751475U"),
        ("CN115883397A", "CN115883397A"),
        ("US11234567B2", "US11234567B2"),
        (" CN-115883397-B ", "CN115883397B"),
    ],
)
def test_pub_no_forms(raw: str, expected: str) -> None:
    assert normalise_pub_no(raw) == expected


@pytest.mark.parametrize("raw", ["", "CN", "查看CN218751475U", "CN21875UU", "12-ab"])
def test_pub_no_rejects_garbage(raw: str) -> None:
    with pytest.raises(ValueError, match="publication number"):
        normalise_pub_no(raw)


def test_kind_code() -> None:
    assert kind_code("CN218751475U") == "U"
    assert kind_code("US11234567B2") == "B2"
    assert kind_code("CN218751475") is None


@pytest.mark.parametrize(
    "raw",
    [
        "CN202223220665.2",
        "CN2022232206652",
        "202223220665.2",
        "ZL202223220665.2",
        "ZL 2022 2 3220665.2",
        "cn202223220665.2",
        "CN202223220665",  # no check digit: computed
    ],
)
def test_app_no_forms(raw: str) -> None:
    assert normalise_app_no(raw) == "CN202223220665.2"


def test_app_no_check_digit_x_and_old_format() -> None:
    assert normalise_app_no("CN202121635235.X") == "CN202121635235.X"
    assert normalise_app_no("CN202121635235x") == "CN202121635235.X"
    assert cn_check_digit("202223220665") == "2"
    old = "97123456"
    assert normalise_app_no(old) == f"CN{old}.{cn_check_digit(old)}"


def test_app_no_wrong_check_digit_is_an_error() -> None:
    with pytest.raises(ValueError, match="check digit 3 should be 2"):
        normalise_app_no("CN202223220665.3")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发明申请", PatentType.INVENTION),
        ("发明公开", PatentType.INVENTION),
        ("发明授权", PatentType.INVENTION),
        ("发明", PatentType.INVENTION),
        ("发明公开;发明授权", PatentType.INVENTION),
        ("实用新型", PatentType.UTILITY_MODEL),
        ("外观设计", PatentType.DESIGN),
        ("invention", PatentType.INVENTION),
    ],
)
def test_patent_type_from_text(text: str, expected: PatentType) -> None:
    assert patent_type_from_text(text) is expected


@pytest.mark.parametrize("text", ["商标", "发明;实用新型"])
def test_patent_type_from_text_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        patent_type_from_text(text)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("A", PatentType.INVENTION),
        ("B", PatentType.INVENTION),
        ("C", PatentType.INVENTION),
        ("U", PatentType.UTILITY_MODEL),
        ("Y", PatentType.UTILITY_MODEL),
        ("S", PatentType.DESIGN),
        ("Z", None),
        (None, None),
    ],
)
def test_patent_type_from_kind(kind: str | None, expected: PatentType | None) -> None:
    assert patent_type_from_kind(kind) is expected


def test_patent_type_from_app_no_type_digit() -> None:
    assert patent_type_from_app_no("CN202223220665.2") is PatentType.UTILITY_MODEL
    assert patent_type_from_app_no("CN202211740332.4") is PatentType.INVENTION
    assert patent_type_from_app_no("CN97123456.7") is None
