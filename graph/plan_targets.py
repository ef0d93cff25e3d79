"""The provincial plans' KPI targets as data (专利转化专项计划 省级实施方案 目标值).

``data/plans/targets.yaml`` holds, per province (NBS code 22 吉林, 51 四川, 37 山东, 41 河南), the
plan period and each target: indicator, value, unit, comparator and the verbatim sentence of the
plan it comes from. The KPI view compares measured indicators against these.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from graph.codes.regions import province_of
from graph.errors import ConfigurationError, NotFoundError
from graph.models import HolderType

logger = logging.getLogger(__name__)


class PlanIndicator(StrEnum):
    """What a target measures; growth indicators are compound annual growth from the plan's
    ``baseline_year`` (年均增幅)."""

    TRANSFERS_TO_SME_GROWTH = "transfers_to_sme_growth"  # 中小企业受让/被许可/作价入股 年均增幅
    ACADEMIC_TRANSFERS_GROWTH = "academic_transfers_growth"  # 高校院所转让许可 年均增幅
    ACADEMIC_TO_SME_GROWTH = "academic_to_sme_growth"  # 高校院所向中小企业转化 年均增幅
    ACADEMIC_TO_SME_ANNUAL_COUNT = "academic_to_sme_annual_count"  # 高校院所向中小企业转化 年均件数
    SME_RECEIVED_TOTAL = "sme_received_total"  # 中小企业受让专利 累计件数
    ACADEMIC_TRANSFERS_TOTAL = "academic_transfers_total"  # 高校院所转让许可 累计件数
    LICENCE_TRANSFER_GROWTH = "licence_transfer_growth"  # 专利许可转让数量 年均增幅
    SOE_SHARED_PATENTS_ANNUAL = "soe_shared_patents_annual"  # 国有企业共享成熟专利 年均件数
    PLEDGE_AMOUNT_GROWTH = "pledge_amount_growth"  # 质押融资金额 年均增幅
    PLEDGE_COUNT_GROWTH = "pledge_count_growth"  # 质押项目数 年均增幅
    PLEDGE_AMOUNT_TOTAL = "pledge_amount_total"  # 质押融资金额 累计
    PLEDGE_COUNT_TOTAL = "pledge_count_total"  # 质押项目 累计
    PLEDGE_AMOUNT_ANNUAL = "pledge_amount_annual"  # 某年质押融资金额
    SLEEPING_PATENT_DATABASE_SIZE = "sleeping_patent_database_size"  # 沉睡专利数据库 入库件数
    ACADEMIC_HIGH_VALUE_DATABASE_SIZE = "academic_high_value_database_size"  # 高校院所高价值专利运营库
    SUPPLY_LIST_RELEASES_ANNUAL = "supply_list_releases_annual"  # 专利技术供给清单 发布次数
    PATENT_POOLS_TOTAL = "patent_pools_total"  # 专利池 个数
    NAVIGATION_PROJECTS_ANNUAL = "navigation_projects_annual"  # 产业专利导航项目 每年个数
    BENEFICIARY_SME_GROWTH = "beneficiary_sme_growth"  # 政策惠及中小企业 年均增幅
    BENEFICIARY_SME_GROWTH_VS_AVERAGE = "beneficiary_sme_growth_vs_average"  # 高于平均水平的百分点
    SME_PATENT_PRODUCT_FILINGS_ANNUAL = "sme_patent_product_filings_annual"  # 专利产品备案 每年件数
    SME_PATENT_PRODUCT_FILINGS_GROWTH = "sme_patent_product_filings_growth"  # 专利产品备案 年均增幅


class TargetUnit(StrEnum):
    PERCENT_PER_YEAR = "percent_per_year"  # 年均增幅 %
    PERCENTAGE_POINTS = "percentage_points"  # 个百分点
    PATENTS = "patents"  # 件
    PATENTS_PER_YEAR = "patents_per_year"  # 件/年
    ITEMS = "items"  # 个 / 件 (项目、专利池)
    ITEMS_PER_YEAR = "items_per_year"
    TIMES_PER_YEAR = "times_per_year"  # 次/年
    CNY_100M = "cny_100m"  # 亿元


class Comparator(StrEnum):
    AT_LEAST = "at_least"  # 以上 / 达到 / 不少于
    MORE_THAN = "more_than"  # 超过


class Measure(StrEnum):
    """The quantities one sentence sets a target for (数量、成交金额、实际到账金额 ...)."""

    PATENT_COUNT = "patent_count"
    CONTRACT_VALUE = "contract_value"  # 成交金额 / 合同成交额
    PAID_VALUE = "paid_value"  # 实际到账金额
    ENTERPRISE_COUNT = "enterprise_count"
    REVENUE = "revenue"
    EMPLOYMENT = "employment"


class DataBasis(StrEnum):
    LEGAL_EVENTS = "legal_events"  # transfer / licence / pledge events and holder types
    PATENTS = "patents"  # the patent graph itself (e.g. sleeping patents)
    EXTERNAL = "external"  # not in patent data


class PlanTarget(BaseModel):
    """One KPI target with the plan sentence it comes from (原文)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^\d{2}/[a-z0-9_]+$")
    indicator: PlanIndicator
    value: float = Field(gt=0)
    unit: TargetUnit
    comparator: Comparator
    measures: tuple[Measure, ...] = ()
    year: int | None = None  # a target for one year (2023年达到 ...), else the whole period
    data_basis: DataBasis
    quote: str = Field(min_length=4)
    # who gives, where the plan names it (山东: 接受相关主体（高校、科研院所、国有企业）转让); () = anyone
    givers: tuple[HolderType, ...] = ()


class ProvincialPlan(BaseModel):
    """One province's action plan (省级实施方案) and its targets."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    province_code: str = Field(pattern=r"^\d{2}$")
    province: str
    title: str
    document_no: str | None = None
    seed_file: str  # the plan text this file quotes (../shared/seeds/<seed_file>)
    period_start: int
    period_end: int
    baseline_year: int  # our reading: the year before the period
    targets: tuple[PlanTarget, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _targets_belong_to_province(self) -> ProvincialPlan:
        for target in self.targets:
            if not target.id.startswith(self.province_code + "/"):
                raise ValueError(f"target {target.id} is not prefixed with {self.province_code}/")
            if target.year is not None and not self.period_start <= target.year <= self.period_end:
                raise ValueError(f"target {target.id}: year {target.year} outside the plan period")
        return self


class PlanTargetsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    plans: tuple[ProvincialPlan, ...]

    @model_validator(mode="after")
    def _unique_ids(self) -> PlanTargetsFile:
        codes = [plan.province_code for plan in self.plans]
        ids = [target.id for plan in self.plans for target in plan.targets]
        for label, values in (("province_code", codes), ("target id", ids)):
            duplicates = sorted({v for v in values if values.count(v) > 1})
            if duplicates:
                raise ValueError(f"duplicate {label}: {', '.join(duplicates)}")
        return self


def default_targets_path() -> Path:
    from graph.settings import get_settings

    return get_settings().data_dir / "plans" / "targets.yaml"


def load_plan_targets(path: Path | None = None) -> list[ProvincialPlan]:
    """All provincial plans with their targets, sorted by province code."""
    source = path or default_targets_path()
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        parsed = PlanTargetsFile.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigurationError(f"plan targets file {source} is unreadable or invalid: {exc}") from exc
    return sorted(parsed.plans, key=lambda plan: plan.province_code)


def plan_for_province(province_code: str, path: Path | None = None) -> ProvincialPlan:
    """The plan of one province by its 2-digit NBS code (e.g. "22" 吉林)."""
    for plan in load_plan_targets(path):
        if plan.province_code == province_of(province_code):
            return plan
    raise NotFoundError(f"no plan targets for province {province_code!r} (无该省目标)")


def targets_by_indicator(indicator: PlanIndicator, path: Path | None = None) -> list[tuple[str, PlanTarget]]:
    """(province code, target) for one indicator across the plans, for side-by-side comparison."""
    return [
        (plan.province_code, target)
        for plan in load_plan_targets(path)
        for target in plan.targets
        if target.indicator is indicator
    ]
