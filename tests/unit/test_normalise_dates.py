"""Dates in every export form -> ISO (申请日, 公开日, 授权公告日 ...)."""

import datetime as dt

import pytest

from ingest.normalise.dates import parse_date, parse_date_list


@pytest.mark.parametrize(
    "raw",
    [
        "20210305",
        "2021-03-05",
        "2021/3/5",
        "2021.3.5",
        "2021年3月5日",
        "2021 年 3 月 5 日",
        "2021-03-05 00:00:00",
        "2021-03-05T10:20:30",
        "２０２１－０３－０５",
        "44260",
        "44260.0",
        44260,
        44260.0,
        20210305,
        dt.datetime(2021, 3, 5, 14, 0),
        dt.date(2021, 3, 5),
    ],
)
def test_date_forms(raw: object) -> None:
    assert parse_date(raw) == "2021-03-05"


@pytest.mark.parametrize("raw", [None, "", "  ", "0", 0, "-", "无", "NaN"])
def test_empty_dates(raw: object) -> None:
    assert parse_date(raw) is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("20210230", "day is out of range"),
        ("2021-13-01", "month must be in"),
        ("18000101", "outside"),
        ("yesterday", "not a date"),
        ("44260.5", "whole Excel day"),
        (True, "boolean"),
        ("2021-03", "not a date"),
    ],
)
def test_invalid_dates_say_why(raw: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_date(raw)


def test_date_list_sorted_and_deduplicated() -> None:
    assert parse_date_list("20220110;2021-05-06；20220110") == ("2021-05-06", "2022-01-10")
    assert parse_date_list("") == ()
    assert parse_date_list(44260) == ("2021-03-05",)
