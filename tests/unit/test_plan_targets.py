"""The provincial plans' KPI targets: the file loads, ids are unique, quotes are verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph.errors import ConfigurationError, NotFoundError
from graph.plan_targets import (
    DataBasis,
    PlanIndicator,
    TargetUnit,
    load_plan_targets,
    plan_for_province,
    targets_by_indicator,
)

REPO = Path(__file__).resolve().parents[2]
TARGETS = REPO / "data" / "plans" / "targets.yaml"
SEEDS = REPO.parent / "shared" / "seeds"


def test_four_provinces_load_typed() -> None:
    plans = load_plan_targets(TARGETS)
    assert [plan.province_code for plan in plans] == ["22", "37", "41", "51"]
    for plan in plans:
        assert (plan.period_start, plan.period_end) == (2021, 2023)
        assert plan.baseline_year == 2020
        assert all(
            isinstance(t.indicator, PlanIndicator) and isinstance(t.unit, TargetUnit) for t in plan.targets
        )


def test_target_ids_are_unique() -> None:
    ids = [target.id for plan in load_plan_targets(TARGETS) for target in plan.targets]
    assert len(ids) == len(set(ids)) >= 30


@pytest.mark.parametrize("plan", load_plan_targets(TARGETS), ids=lambda p: p.province_code)
def test_quotes_occur_verbatim_in_the_seed_file(plan) -> None:
    text = (SEEDS / plan.seed_file).read_text(encoding="utf-8")
    assert plan.province[:2] in text
    missing = [target.id for target in plan.targets if target.quote not in text]
    assert missing == []


@pytest.mark.parametrize(
    ("province", "indicator", "value", "unit"),
    [
        ("22", PlanIndicator.TRANSFERS_TO_SME_GROWTH, 10, TargetUnit.PERCENT_PER_YEAR),
        ("22", PlanIndicator.PLEDGE_COUNT_GROWTH, 15, TargetUnit.PERCENT_PER_YEAR),
        ("51", PlanIndicator.ACADEMIC_TO_SME_ANNUAL_COUNT, 300, TargetUnit.PATENTS_PER_YEAR),
        ("51", PlanIndicator.SLEEPING_PATENT_DATABASE_SIZE, 10000, TargetUnit.PATENTS),
        ("51", PlanIndicator.LICENCE_TRANSFER_GROWTH, 25, TargetUnit.PERCENT_PER_YEAR),
        ("37", PlanIndicator.PLEDGE_AMOUNT_ANNUAL, 200, TargetUnit.CNY_100M),
        ("41", PlanIndicator.SME_RECEIVED_TOTAL, 2000, TargetUnit.PATENTS),
        ("41", PlanIndicator.PLEDGE_AMOUNT_TOTAL, 130, TargetUnit.CNY_100M),
    ],
)
def test_key_values_match_the_plans(
    province: str, indicator: PlanIndicator, value: float, unit: TargetUnit
) -> None:
    targets = [t for t in plan_for_province(province, TARGETS).targets if t.indicator is indicator]
    assert [(t.value, t.unit) for t in targets] == [(value, unit)]
    assert str(int(value)) in targets[0].quote.replace("万件", "0000件")


def test_event_based_targets_are_marked_measurable() -> None:
    growth = targets_by_indicator(PlanIndicator.TRANSFERS_TO_SME_GROWTH, TARGETS)
    assert sorted(code for code, _ in growth) == ["22", "37", "41", "51"]
    assert all(target.data_basis is DataBasis.LEGAL_EVENTS for _, target in growth)


def test_unknown_province_raises() -> None:
    with pytest.raises(NotFoundError):
        plan_for_province("11", TARGETS)


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    data = yaml.safe_load(TARGETS.read_text(encoding="utf-8"))
    data["plans"][0]["targets"].append(dict(data["plans"][0]["targets"][0]))
    bad = tmp_path / "targets.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="duplicate target id"):
        load_plan_targets(bad)


def test_target_prefixed_with_another_province_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load(TARGETS.read_text(encoding="utf-8"))
    data["plans"][0]["targets"][0]["id"] = "99/transfers_to_sme_growth"
    bad = tmp_path / "targets.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="not prefixed"):
        load_plan_targets(bad)
