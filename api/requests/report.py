"""The navigation report request (专利导航分析报告): one region, one to five chains, a format.

Shared by ``patentnav report`` and ``GET /api/reports/navigation``: the same parameters and
checks, the same content (``graph.navigation.report``), the same files (``viz.report``). The
retrieval's 查准率/查全率 are measured here on the shipped labelled set
(``nlp.mapping_accuracy``, the evaluation ``patentnav bench chain-mapping`` prints), once per
process.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BeforeValidator, Field

from api.requests.base import NavigationContext, NavigationRequest, NavigationResponse
from api.requests.fields import Benchmark, ChainId, Day, RegionCode, listed

if TYPE_CHECKING:
    from graph.navigation.report import MappingFigures, NavigationReport

logger = logging.getLogger(__name__)

REPORT_FORMATS = ("html", "pdf", "xlsx")
MAX_CHAINS = 5
# one PDF at a time per process: each print starts a Chromium (about 300 MB, 2-5 s)
_PDF_SLOTS = threading.BoundedSemaphore(1)
PDF_WAIT_SECONDS = 120


def _chains(value: object) -> list[str]:
    chains = listed(value)
    if len(chains) > MAX_CHAINS:
        raise ValueError(f"一份报告最多 {MAX_CHAINS} 条产业链, 收到 {len(chains)} 条")
    return chains


@lru_cache(maxsize=1)
def mapping_figures() -> MappingFigures | None:
    """The chain mapping's measured accuracy on the held-out labelled patents (None without
    the labelled set, e.g. a deployment that ships no demo corpus)."""
    from graph.navigation.report import Accuracy, MappingFigures
    from nlp.mapping_accuracy import Score, demo_path, gold_path, shipped_mapping_accuracy

    if not (gold_path().is_file() and demo_path().is_file()):
        logger.warning("chain-mapping labelled set missing: the report states no 查准率/查全率")
        return None
    measured = shipped_mapping_accuracy(split="test")

    def accuracy(score: Score) -> Accuracy:
        return Accuracy(score.gold, score.predicted, score.true_positive, score.precision, score.recall)

    return MappingFigures(
        items=measured.items,
        split=measured.split,
        min_confidence=measured.min_confidence,
        overall=accuracy(measured.overall),
        nodes=accuracy(measured.nodes),
        by_chain={k: accuracy(v) for k, v in measured.by_chain.items()},
        by_node={k: accuracy(v) for k, v in measured.by_node.items()},
        source=(
            "测定方法: 示例语料中人工标注的专利 (data/chains/eval, 标注者为开发会话而非专利分析师), "
            "取未用于调整规则的测试部分, 与 patentnav bench chain-mapping 同一计算"
        ),
    )


class ReportRequest(NavigationRequest):
    """专利导航分析报告: a region on one or more chains, as HTML, PDF or XLSX (or JSON content)."""

    analysis = "navigation_report"
    openapi_summary = "专利导航分析报告"
    openapi_description = (
        "一个地区在一至五条产业链上的专利导航分析报告 (GB/T 39551 产业类): 封面、摘要、数据范围与检索策略 "
        "(含查准率/查全率)、产业链分解、各环节专利态势、区域定位、薄弱环节与外地持有者、沉睡专利供给、"
        "方法与阈值; format 选 html、pdf、xlsx 或 json (报告内容)。"
    )
    region: RegionCode = Field(description="本地区 NBS 代码或前缀, 如 22", examples=["22"])
    chain: Annotated[list[ChainId], BeforeValidator(_chains)] = Field(
        description=f"产业链 (可重复或逗号分隔, 最多 {MAX_CHAINS} 条), 如 nev", examples=[["nev"]]
    )
    benchmark: Benchmark = Field("national", description="对标: national, 一个地区代码, 或 51+37 同类地区")
    as_of: Day = Field(None, description="分析基准日 YYYY-MM-DD (默认数据截止日)")
    source: str = Field("", max_length=200, description="数据来源说明, 印在报告的数据范围一节")

    def assemble(self, ctx: NavigationContext) -> NavigationReport:
        from graph.navigation.report import assemble_navigation_report

        if not self.chain:
            from api.requests.errors import ParameterError

            raise ParameterError("chain", "请至少指定一条产业链, 如 nev")
        for chain in self.chain:
            ctx.require_chain(chain)
        return assemble_navigation_report(
            ctx.store,
            self.region,
            self.chain,
            self.benchmark,
            self.as_of,
            mapping=mapping_figures(),
            source=self.source,
        )

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        return self.respond(self.assemble(ctx).to_dict())

    def write(
        self, ctx: NavigationContext, folder: Path, formats: tuple[str, ...] = REPORT_FORMATS
    ) -> dict[str, Path]:
        """Write the report in ``formats`` into ``folder``; the paths by format."""
        from viz.report.files import write_report

        started = time.perf_counter()
        report = self.assemble(ctx)
        assembled = time.perf_counter()
        if "pdf" in formats and not _PDF_SLOTS.acquire(timeout=PDF_WAIT_SECONDS):
            from graph.errors import TransientError

            raise TransientError("报告 PDF 排队超时, 请稍后再试 (another PDF is being printed)")
        try:
            paths = write_report(report, folder, formats, ctx.settings.chromium, date.today().isoformat())
        finally:
            if "pdf" in formats:
                _PDF_SLOTS.release()
        logger.info(
            "navigation report %s %s: assembled in %.2f s, written in %.2f s",
            self.region,
            ",".join(self.chain),
            assembled - started,
            time.perf_counter() - assembled,
        )
        return paths


class ReportDownload(ReportRequest):
    """专利导航分析报告 as a download: HTML, PDF, XLSX, or the JSON content."""

    format: Literal["html", "pdf", "xlsx", "json"] = Field("html", description="html | pdf | xlsx | json")
