"""The abnormal-transfer bench scores warnings against planted units, and can miss one."""

from __future__ import annotations

from bench.abnormal import score
from graph.navigation.abnormal_rules import AbnormalTransferWarning
from graph.navigation.abnormal_transfers import AbnormalTransferReport


def _warning(rule: str, pubs: tuple[str, ...], day: str) -> AbnormalTransferWarning:
    return AbnormalTransferWarning(rule, rule, pubs, ("e",), (), (), (day,), "")


def _report(*warnings: AbnormalTransferWarning) -> AbnormalTransferReport:
    return AbnormalTransferReport(
        events_examined=10,
        warnings=warnings,
        counts={},
        thresholds={},
        events_by_kind={"transfer": 8, "licence": 2},
        warned_events=len(warnings),
    )


def test_a_unit_is_found_only_by_a_warning_of_its_rule_on_its_date() -> None:
    units = [
        ("bulk_same_day", ("CN1A", "CN2A"), "2020-01-01"),
        ("round_trip", ("CN3A",), "2021-05-05"),
        ("transfer_before_lapse", ("CN4A",), "2022-02-02"),
    ]
    report = _report(
        _warning("bulk_same_day", ("CN2A", "CN9A"), "2020-01-01"),  # one patent of the deal is enough
        _warning("transfer_before_lapse", ("CN3A",), "2021-05-05"),  # right patent, wrong rule
        _warning("transfer_before_lapse", ("CN4A",), "2022-02-03"),  # right rule, wrong date
        _warning("round_trip", ("CN8A",), "2019-01-01"),  # nothing planted there
    )
    result = score(report, units)
    assert result.planted == {"bulk_same_day": 1, "round_trip": 1, "transfer_before_lapse": 1}
    assert result.found == {"bulk_same_day": 1}
    assert [u[0] for u in result.missed] == ["round_trip", "transfer_before_lapse"]
    assert result.warnings == 4 and result.warnings_on_planted == 2
    assert (result.transfers, result.licences) == (8, 2)
