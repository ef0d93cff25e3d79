"""Response models of the ingest API (上传入库响应模型), named by role.

The navigation analyses' requests and responses are the request layer's (``api.requests``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from api.requests.errors import ErrorBody


class QuarantineSummary(BaseModel):
    """Rejected rows (拒收行) by field, with the first few for a quick look."""

    rows: int
    by_field: dict[str, int]
    examples: list[dict[str, Any]]
    file: str | None


class IngestReceipt(BaseModel):
    """Reconciliation of one upload (对账): read = loaded + duplicates + rejected."""

    filename: str
    run_id: str
    status: str
    read: int
    loaded: int
    duplicates: int
    rejected: int
    reconciled: bool
    error: str | None
    quarantine: QuarantineSummary
    elapsed_s: float


class IngestFailure(ErrorBody):
    """导入失败 (文件无法导入 422, 或图存储写入失败 503): 错误说明与已完成部分的对账。"""

    report: IngestReceipt = Field(description="本次上传的对账结果")
