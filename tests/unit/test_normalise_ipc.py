"""IPC codes (分类号): canonical form, lists, scheme lookups."""

import pytest

from ingest.normalise.ipc import IpcEntry, IpcScheme, ipc_level, normalise_ipc, split_ipc_codes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("H01M10/052", "H01M10/052"),
        ("H01M 10/052", "H01M10/052"),
        ("H01M  10/052", "H01M10/052"),
        ("Ｈ０１Ｍ１０／０５２", "H01M10/052"),
        ("h01m10/052", "H01M10/052"),
        ("H01M10/052(2010.01)", "H01M10/052"),
        ("H01M0010052000", "H01M10/052"),
        ("H01M0010000000", "H01M10/00"),
        ("H01M10", "H01M10/00"),
        ("G06F18/2321", "G06F18/2321"),
        ("H01M", "H01M"),
        ("H01", "H01"),
        ("H", "H"),
    ],
)
def test_ipc_forms(raw: str, expected: str) -> None:
    assert normalise_ipc(raw) == expected


@pytest.mark.parametrize("raw", ["X01M10/052", "H01M10/5", "H01M10/052/3", "12345", "H0M10/052"])
def test_ipc_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        normalise_ipc(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "H01M10/052;H01M4/13",
        "H01M10/052；H01M4/13",
        "H01M10/052, H01M4/13",
        "H01M10/052，H01M4/13",
        "H01M10/052、H01M4/13",
        "H01M10/052|H01M4/13",
        "H01M10/052\nH01M4/13",
        "H01M 10/052 H01M 4/13",
        "H01M10/052;H01M4/13;H01M10/052",
        ["H01M 10/052", "H01M4/13"],
    ],
)
def test_ipc_lists(raw: object) -> None:
    assert split_ipc_codes(raw) == ("H01M10/052", "H01M4/13")


def test_ipc_list_with_a_bad_code_fails() -> None:
    with pytest.raises(ValueError):
        split_ipc_codes("H01M10/052;not-a-code")


def test_levels() -> None:
    assert [ipc_level(c) for c in ("H", "H01", "H01M", "H01M10/00", "H01M10/052")] == [
        "section", "class", "subclass", "group", "subgroup",
    ]  # fmt: skip


def test_scheme_titles_fall_back_to_ancestors() -> None:
    scheme = IpcScheme(
        [IpcEntry("H01M", "subclass", "电池", "H01"), IpcEntry("H01M10/00", "group", "二次电池", "H01M")]
    )
    assert scheme.nearest_known("H01M10/052") == "H01M10/00"
    assert scheme.title("H01M10/052") == "二次电池"
    assert scheme.nearest_known("H01M99/00") == "H01M"
    assert scheme.nearest_known("A01B1/00") is None
