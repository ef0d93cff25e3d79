"""Legal events (法律事件): the documented text form, JSON lists, count/date columns."""

import pytest

from graph.models import LegalEventKind
from ingest.normalise.event_columns import EventColumns, events_from_columns
from ingest.normalise.events import event_id, parse_amount_wan, parse_event_list, parse_event_text

DOCSTRING_EXAMPLE = (
    "2021-05-06 专利权的转移 转让人:甲大学 受让人:乙公司;\n"
    "2022-01-10 专利实施许可合同备案的生效 许可人:甲大学 被许可人:丙公司 许可类型:独占许可;\n"
    "2022-03-01 专利权质押合同登记的生效 出质人:乙公司 质权人:丁银行 质押金额:500万元;\n"
    "2023-01-01 专利开放许可声明 许可人:乙公司 许可使用费:5万元;\n"
    "2023-06-01 专利权作价入股 出资人:甲大学 被投资企业:戊公司 作价金额:300万元;\n"
    "2024-02-01 专利权无效宣告 宣告专利权全部无效;\n"
    "2024-05-01 专利权的终止 未缴年费"
)


def test_documented_example_parses_to_every_kind() -> None:
    events, warnings = parse_event_text(DOCSTRING_EXAMPLE)
    assert warnings == []
    kinds = [e.kind for e in events]
    assert kinds == [
        LegalEventKind.TRANSFER, LegalEventKind.LICENCE, LegalEventKind.PLEDGE, LegalEventKind.OPEN_LICENCE,
        LegalEventKind.EQUITY, LegalEventKind.INVALIDATION, LegalEventKind.TERMINATION,
    ]  # fmt: skip
    transfer, licence, pledge, open_licence, equity, _, _ = events
    assert (transfer.date, transfer.from_names, transfer.to_names) == ("2021-05-06", ("甲大学",), ("乙公司",))
    assert (licence.from_names, licence.to_names, licence.exclusive) == (("甲大学",), ("丙公司",), True)
    assert (pledge.from_names, pledge.to_names, pledge.amount) == (("乙公司",), ("丁银行",), 500.0)
    assert (open_licence.from_names, open_licence.amount) == (("乙公司",), 5.0)
    assert (equity.to_names, equity.amount) == (("戊公司",), 300.0)


def test_full_width_separators_several_parties_and_date_forms() -> None:
    text = (
        "2021年5月6日 专利申请权、专利权的转移 转让人：甲大学、乙研究院 受让人：丙公司；"
        "20220110 专利实施许可合同备案的生效 许可人:丙公司 被许可人:丁公司 许可类型:普通许可"
    )
    events, _ = parse_event_text(text)
    assert events[0].from_names == ("甲大学", "乙研究院")
    assert events[0].date == "2021-05-06"
    assert (events[1].date, events[1].exclusive) == ("2022-01-10", False)


def test_cnipa_wording_with_change_roles_and_inner_date() -> None:
    text = "专利权的转移 登记生效日:2021-05-06 变更前权利人:甲大学 变更后权利人:乙公司"
    (event,), _ = parse_event_text(text)
    assert (event.kind, event.date, event.from_names, event.to_names) == (
        LegalEventKind.TRANSFER, "2021-05-06", ("甲大学",), ("乙公司",),
    )  # fmt: skip


def test_procedural_and_cancellation_events_are_ignored_unknown_ones_warn() -> None:
    text = (
        "2022-06-17 授权;2021-12-01 实质审查的生效;2023-01-01 专利权质押合同登记的注销 出质人:乙公司;"
        "2023-02-02 专利实施许可合同备案的变更;2023-03-03 外星人来访"
    )
    events, warnings = parse_event_text(text)
    assert events == []
    assert len(warnings) == 1 and "外星人来访" in warnings[0]


def test_a_bad_date_in_an_event_is_an_error() -> None:
    with pytest.raises(ValueError):
        parse_event_text("2021-02-30 专利权的转移 转让人:甲 受让人:乙")


def test_json_event_list() -> None:
    events = parse_event_list(
        [
            {"kind": "transfer", "date": "2021-05-06", "from": ["甲大学"], "to": "乙公司"},
            {"kind": "质押", "date": 44260, "from": "乙公司", "to": "丁银行", "amount": "1.2亿元"},
            {"kind": "许可", "date": "2022-01-10", "exclusive": True},
        ]
    )
    assert [e.kind for e in events] == [
        LegalEventKind.TRANSFER,
        LegalEventKind.PLEDGE,
        LegalEventKind.LICENCE,
    ]
    assert events[1].date == "2021-03-05" and events[1].amount == 12000.0
    assert events[2].exclusive is True
    text_events, _ = parse_event_text('[{"kind": "开放许可", "date": "2023-01-01", "from": "乙公司"}]')
    assert text_events[0].kind is LegalEventKind.OPEN_LICENCE
    with pytest.raises(ValueError):
        parse_event_list([{"date": "2021-01-01"}])


@pytest.mark.parametrize(
    ("raw", "wan"),
    [
        ("500万元", 500.0),
        ("500", 500.0),
        ("5000000元", 500.0),
        ("1.2亿元", 12000.0),
        ("1,000万元", 1000.0),
        (80, 80.0),
    ],
)
def test_amounts_in_wan_yuan(raw: object, wan: float) -> None:
    assert parse_amount_wan(raw) == wan


def test_events_from_columns() -> None:
    columns = EventColumns(
        transfer_dates=("2021-05-06",), transfer_count=2, licence_dates=("2022-01-10",), pledge_count=1
    )
    events = events_from_columns(columns, applicants=("甲大学",), holders=("乙公司",))
    transfers = [e for e in events if e.kind is LegalEventKind.TRANSFER]
    assert [e.date for e in transfers] == ["2021-05-06", None]
    assert transfers[-1].from_names == ("甲大学",) and transfers[-1].to_names == ("乙公司",)
    assert transfers[0].from_names == ()
    licence = next(e for e in events if e.kind is LegalEventKind.LICENCE)
    assert licence.from_names == ("乙公司",) and licence.date == "2022-01-10"
    assert not any(e.kind is LegalEventKind.PLEDGE for e in events)  # undated: a number on the patent


def test_no_transfer_parties_when_holders_did_not_change() -> None:
    events = events_from_columns(EventColumns(transfer_count=1), applicants=("甲",), holders=("甲",))
    assert events == []  # no date, no known party: the count on the patent says it all
    dated = events_from_columns(
        EventColumns(transfer_dates=("2021-05-06",)), applicants=("甲",), holders=("甲",)
    )
    assert dated[0].from_names == () and dated[0].to_names == ()


def test_event_id_is_stable_and_distinguishing() -> None:
    a = event_id("CN1U", LegalEventKind.TRANSFER, "2021-05-06", ("甲", "乙"))
    assert a == event_id("CN1U", LegalEventKind.TRANSFER, "2021-05-06", ("乙", "甲"))
    assert a != event_id("CN1U", LegalEventKind.TRANSFER, "2021-05-07", ("甲", "乙"))
    assert a != event_id("CN1U", LegalEventKind.LICENCE, "2021-05-06", ("甲", "乙"))
    assert len(a) == 20
