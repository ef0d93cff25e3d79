"""Upload and ingest a patent export (上传导入专利数据), guarded by the bearer token.

The multipart body is parsed as it arrives (python-multipart's streaming parser) and the
file part is written straight to a temporary file; the upload size limit
(``settings.max_upload_bytes``) is enforced while streaming, so a too-large upload is
refused with 413 without being held in memory or fully written to disk.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from collections import Counter
from pathlib import Path
from typing import IO, Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import JSONResponse
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool

from api.deps import SettingsDep, StoreDep, WriterDep
from api.requests.http import error_responses
from api.schemas import IngestFailure, IngestReceipt, QuarantineSummary
from graph.settings import Settings
from graph.store import GraphStore
from ingest.pipeline import IngestOptions, run_ingest
from ingest.quarantine import read_quarantine
from ingest.readers import SUFFIX_FORMATS
from ingest.reconcile import FileStatus, IngestReport

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["ingest 数据导入"])

UPLOAD_FIELD = "file"
UPLOAD_PATH = "/api/ingest"
ENVELOPE_ALLOWANCE = 64 * 1024  # multipart boundaries and part headers around the file
QUARANTINE_EXAMPLES = 20
_INGEST_LOCK = threading.Lock()  # one ingest at a time per process: checkpoints are per store

UPLOAD_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": [UPLOAD_FIELD],
                    "properties": {UPLOAD_FIELD: {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


class UploadSink:
    """Receives the parser's callbacks and writes the ``file`` part to ``folder``."""

    def __init__(self, folder: Path, limit: int) -> None:
        self.folder = folder
        self.limit = limit
        self.size = 0
        self.filename: str | None = None
        self.path: Path | None = None
        self._headers: dict[str, bytes] = {}
        self._field = b""
        self._value = b""
        self._handle: IO[bytes] | None = None

    def callbacks(self) -> dict[str, Any]:
        return {
            "on_part_begin": self._headers.clear,
            "on_header_field": lambda d, s, e: self._append("_field", d[s:e]),
            "on_header_value": lambda d, s, e: self._append("_value", d[s:e]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._data,
            "on_part_end": self.close,
        }

    def _append(self, name: str, data: bytes) -> None:
        setattr(self, name, getattr(self, name) + data)

    def _header_end(self) -> None:
        self._headers[self._field.decode("latin-1").lower()] = self._value
        self._field, self._value = b"", b""

    def _headers_finished(self) -> None:
        _kind, options = parse_options_header(self._headers.get("content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        raw_filename = options.get(b"filename")
        if name != UPLOAD_FIELD or raw_filename is None or self.path is not None:
            return
        filename = Path(raw_filename.decode("utf-8", "replace").replace("\\", "/")).name
        suffix = Path(filename).suffix.lower()
        if suffix not in SUFFIX_FORMATS:
            allowed = ", ".join(sorted(SUFFIX_FORMATS))
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                f"不支持的文件类型 {suffix or '(无扩展名)'}, 可用: {allowed} (unsupported file type)",
            )
        self.filename = filename
        self.path = self.folder / f"upload{suffix}"
        self._handle = self.path.open("wb")

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._handle is None:
            return  # a non-file field: ignored
        self.size += end - start
        if self.size > self.limit:
            raise _too_large(self.limit)
        self._handle.write(data[start:end])

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _too_large(limit: int) -> HTTPException:
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE,
        f"上传文件超过大小上限 {limit} 字节 (upload exceeds {limit} bytes)",
    )


async def receive_upload(request: Request, folder: Path, limit: int) -> UploadSink:
    """Stream the multipart body into ``folder``; 413 as soon as the file passes ``limit``."""
    kind, options = parse_options_header(request.headers.get("content-type"))
    if kind != b"multipart/form-data" or b"boundary" not in options:
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            "请以 multipart/form-data 上传文件, 字段名 file (send the export as multipart field 'file')",
        )
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + ENVELOPE_ALLOWANCE:
        raise _too_large(limit)  # refused before a byte is read
    sink = UploadSink(folder, limit)
    parser = MultipartParser(options[b"boundary"], sink.callbacks())  # type: ignore[arg-type]
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError as exc:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, f"上传内容格式错误 (malformed multipart: {exc})"
        ) from exc
    finally:
        sink.close()
    if sink.path is None:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, "未收到文件: 请用字段 file 上传 (no file part)"
        )
    return sink


def ingest_upload(
    path: Path, store: GraphStore, settings: Settings, dry_run: bool, nlp: bool
) -> IngestReport:
    options = IngestOptions(dry_run=dry_run, nlp=nlp)
    if dry_run:
        options.quarantine_path = path.with_suffix(".quarantine.jsonl")  # for the examples only
    with _INGEST_LOCK:
        return run_ingest([path], store, options, settings=settings)


def reconciliation_receipt(report: IngestReport, upload: Path, filename: str) -> IngestReceipt:
    """The run's counts and quarantine, with the temporary path replaced by the upload's name."""
    file_report = report.files[str(upload)]
    entries = read_quarantine(Path(report.quarantine)) if report.quarantine else []
    examples = [{k: e.get(k) for k in ("row", "field", "reason")} for e in entries[:QUARANTINE_EXAMPLES]]
    counts = file_report.counts
    return IngestReceipt(
        filename=filename,
        run_id=report.run_id,
        status=file_report.status.value,
        read=counts.read,
        loaded=counts.loaded,
        duplicates=counts.duplicates,
        rejected=counts.rejected,
        reconciled=report.reconciled,
        error=file_report.error.replace(str(upload), filename) if file_report.error else None,
        quarantine=QuarantineSummary(
            rows=len(entries) if entries else counts.rejected,
            by_field=dict(Counter(str(e.get("field")) for e in entries)),
            examples=examples,
            file=Path(report.quarantine).name if report.quarantine and not report.dry_run else None,
        ),
        elapsed_s=round(report.elapsed_s, 3),
    )


@router.post(
    UPLOAD_PATH.removeprefix(router.prefix),
    response_model=IngestReceipt,
    openapi_extra=UPLOAD_OPENAPI,
    summary="上传并导入专利数据",
    response_description="导入完成: 对账结果",
    description=(
        "以 multipart/form-data 上传一个 CSV / XLSX / JSONL 导出文件 (字段名 file), 校验、规范化、NLP 抽取后"
        "写入图谱, 返回对账结果 (读入 = 导入 + 重复 + 拒收)。需要 Authorization: Bearer 令牌; "
        "文件大小上限为 PATENTNAV_MAX_UPLOAD_BYTES。文件无法导入 (422) 或图存储写入失败 (503) 时, "
        "错误响应附带 report。"
    ),
    responses={
        **error_responses(400, 401, 403, 413, 415),
        **error_responses(422, 503, model=IngestFailure),
    },
)
async def ingest(
    request: Request,
    _writer: WriterDep,
    store: StoreDep,
    settings: SettingsDep,
    dry_run: Annotated[bool, Query(description="只校验不写入", examples=[True])] = False,
    nlp: Annotated[bool, Query(description="导入时做 NLP 技术词抽取")] = True,
) -> Any:
    # returns the reconciliation (对账) report
    with tempfile.TemporaryDirectory(prefix="patentnav-upload-") as folder:
        sink = await receive_upload(request, Path(folder), settings.max_upload_bytes)
        assert sink.path is not None and sink.filename is not None
        logger.info("upload %s: %d bytes", sink.filename, sink.size)
        report = await run_in_threadpool(ingest_upload, sink.path, store, settings, dry_run, nlp)
        receipt = reconciliation_receipt(report, sink.path, sink.filename)
    if report.stopped is not None:  # the store failed (after retrying transient errors)
        reason = report.stopped.replace(str(sink.path), sink.filename)
        detail = f"图存储写入失败, 导入已中止 (the store failed during the ingest): {reason}"
        payload = IngestFailure(detail=detail, error="IngestStoreError", report=receipt).model_dump(
            mode="json"
        )
        return JSONResponse(payload, status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
    if receipt.status == FileStatus.FAILED.value:
        detail = f"文件无法导入 (the file could not be ingested): {receipt.error}"
        payload = IngestFailure(detail=detail, error="IngestFileError", report=receipt).model_dump(
            mode="json"
        )
        return JSONResponse(payload, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
    return receipt
