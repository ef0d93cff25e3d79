"""Applicant cells (申请人): splitting, display names and stable holder keys."""

import pytest

from ingest.normalise.holders import holder_key, inventor_key, normalise_holder_name, split_names


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("清华大学;北京大学", ["清华大学", "北京大学"]),
        ("清华大学；北京大学", ["清华大学", "北京大学"]),
        ("清华大学,北京大学", ["清华大学", "北京大学"]),
        ("清华大学，北京大学", ["清华大学", "北京大学"]),
        ("清华大学、北京大学", ["清华大学", "北京大学"]),
        ("清华大学\n北京大学", ["清华大学", "北京大学"]),
        ("清华大学 | 北京大学", ["清华大学", "北京大学"]),
        ("清华大学;;北京大学;", ["清华大学", "北京大学"]),
        (["清华大学", "北京大学;张三"], ["清华大学", "北京大学", "张三"]),
        ("张三、李四", ["张三", "李四"]),
    ],
)
def test_split_names(raw: object, expected: list[str]) -> None:
    assert split_names(raw) == expected


def test_no_split_inside_brackets_or_latin_legal_forms() -> None:
    assert split_names("某某（水、电）工程研究所、清华大学") == ["某某（水、电）工程研究所", "清华大学"]
    assert split_names("Samsung Electronics Co., Ltd., LG Corp") == [
        "Samsung Electronics Co., Ltd.",
        "LG Corp",
    ]


def test_split_keeps_raw_spelling_for_aliases() -> None:
    assert split_names("中国矿业大学（北京）；张三") == ["中国矿业大学（北京）", "张三"]


@pytest.mark.parametrize(
    ("raw", "display"),
    [
        ("中国矿业大学（北京）", "中国矿业大学(北京)"),
        ("中国矿业大学 （北京）", "中国矿业大学(北京)"),
        (" 华为技术 有限公司 ", "华为技术有限公司"),
        ("ＡＢＣ科技有限公司", "ABC科技有限公司"),
        ("Samsung  Electronics Co., Ltd.", "Samsung Electronics Co., Ltd."),
    ],
)
def test_display_names(raw: str, display: str) -> None:
    assert normalise_holder_name(raw) == display


def test_keys_are_stable_across_spellings_but_keep_legal_forms() -> None:
    assert holder_key("中国矿业大学（北京）") == holder_key("中国矿业大学 (北京)") == "中国矿业大学(北京)"
    assert holder_key("SAMSUNG ELECTRONICS CO.,LTD") == holder_key("Samsung Electronics Co., Ltd.")
    assert holder_key("长春某某有限公司") != holder_key("长春某某股份有限公司")
    assert holder_key("长春某某有限公司") != holder_key("长春某某有限责任公司")


def test_inventor_key_includes_first_holder() -> None:
    assert inventor_key("王 元卓", "中科大数据研究院") == "王元卓@中科大数据研究院"
    assert inventor_key("王元卓", None) == "王元卓@"
