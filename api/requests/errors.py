"""Errors of a navigation request, mapped once to an HTTP status, a CLI exit code and Chinese text.

The API's exception handlers, the analyst pages and the ``patentnav query`` commands all call
``error_status``, ``error_message`` and ``exit_code``: the same bad input gives the same words
everywhere. Pydantic's own (English) messages are put into Chinese by error type, and no
message or error list repeats more than ``MAX_ECHO_CHARS`` of what the caller sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from graph.errors import (
    IngestStoreError,
    InvalidQueryError,
    NotFoundError,
    PatentnavError,
    StoreUnavailableError,
    TransientError,
)

MAX_ECHO_CHARS = 40
MAX_ERRORS_SHOWN = 10
MAX_REASON_CHARS = 300  # a message of ours quotes at most MAX_ECHO_CHARS of input; pydantic's are short
BODY_LOCATIONS = frozenset({"query", "body", "path", "form"})
_STATUS: tuple[tuple[type[Exception], int], ...] = (
    (ValidationError, 422),
    (InvalidQueryError, 422),
    (NotFoundError, 404),
    (StoreUnavailableError, 503),
    (TransientError, 503),  # retried below already, or worth a later retry by the client
    (IngestStoreError, 503),
    (PatentnavError, 400),
)
# exit 2 is what click gives a usage error: a bad parameter is one
_EXIT_BY_STATUS = {422: 2, 404: 1, 503: 3}


class ParameterError(InvalidQueryError):
    """One request parameter is invalid (参数无效); the message names it and the valid forms."""

    def __init__(self, parameter: str, reason: str) -> None:
        self.parameter = parameter
        self.reason = reason
        super().__init__(f"参数 {parameter}: {reason}")


def echo(value: object) -> str:
    """The caller's value in a message, cut so an error never repeats a huge input."""
    text = repr(value)
    return text if len(text) <= MAX_ECHO_CHARS else text[: MAX_ECHO_CHARS - 3] + "..."


def error_status(exc: Exception) -> int:
    return next((status for cls, status in _STATUS if isinstance(exc, cls)), 500)


def exit_code(exc: Exception) -> int:
    """An error may state its own exit code (an unknown holder name exits 2, like a bad parameter)."""
    own = getattr(exc, "exit_code", None)
    return own if isinstance(own, int) else _EXIT_BY_STATUS.get(error_status(exc), 1)


def error_message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return validation_message(exc.errors())
    return str(exc)


def validation_message(errors: Sequence[Mapping[str, Any]]) -> str:
    shown = errors[:MAX_ERRORS_SHOWN]
    parts = [f"参数 {where}: {_reason(e)}" if (where := _where(e)) else _reason(e) for e in shown]
    more = f"; 另有 {len(errors) - len(shown)} 处错误" if len(errors) > len(shown) else ""
    return "请求参数无效: " + "; ".join(parts) + more


def public_errors(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic's error list for a 422 body, without the inputs (they may be huge)."""
    return [
        {"loc": [_location(p) for p in e.get("loc", ())], "type": str(e.get("type")), "msg": _reason(e)}
        for e in errors[:MAX_ERRORS_SHOWN]
    ]


def _location(part: object) -> str | int:
    # a dict key in a loc is the caller's text: cut like any echo
    return part if isinstance(part, int) else str(part)[:MAX_ECHO_CHARS]


class ErrorItem(BaseModel):
    """One invalid parameter (参数错误): where, what kind, why (the input is never repeated)."""

    loc: list[str | int] = Field(description='位置, 如 ["query", "region", 0]')
    type: str = Field(description="错误类型 (pydantic 的错误代码)")
    msg: str = Field(description="中文说明")


class ErrorBody(BaseModel):
    """The one error shape of the API (错误响应): every 4xx and 503 answers with it."""

    detail: str = Field(description="中文说明: 哪个参数、为何无效、应为何种形式")
    error: str = Field(description="错误类别, 如 ParameterError、RequestValidationError、NotFoundError")
    errors: list[ErrorItem] | None = Field(
        default=None, description=f"参数校验的逐项错误 (422 时; 至多 {MAX_ERRORS_SHOWN} 项)"
    )


def _where(error: Mapping[str, Any]) -> str:
    loc = list(error.get("loc", ()))
    if loc and loc[0] in BODY_LOCATIONS:
        loc = loc[1:]
    # a list item's index adds nothing: the message quotes the value
    return ".".join(str(_location(p)) for p in loc if not isinstance(p, int))


def _reason(error: Mapping[str, Any]) -> str:
    return _full_reason(error)[:MAX_REASON_CHARS]


def _full_reason(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    template = _REASONS_ZH.get(kind)
    if template is None:
        return str(error.get("msg", ""))
    values = {k: str(v).replace(" or ", ", ") for k, v in ctx.items()}
    values["input"] = echo(error.get("input"))
    try:
        return template.format_map(values)
    except KeyError:  # a context pydantic did not give: its own words
        return str(error.get("msg", ""))


_REASONS_ZH = {
    "missing": "缺少必填参数",
    "extra_forbidden": "未知参数 (不接受此参数)",
    "int_parsing": "应为整数, 收到 {input}",
    "int_type": "应为整数, 收到 {input}",
    "int_from_float": "应为整数, 收到 {input}",
    "float_parsing": "应为数字, 收到 {input}",
    "float_type": "应为数字, 收到 {input}",
    "bool_parsing": "应为 true 或 false, 收到 {input}",
    "bool_type": "应为 true 或 false, 收到 {input}",
    "date_parsing": "应为日期 YYYY-MM-DD, 收到 {input}",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD, 收到 {input}",
    "date_type": "应为日期 YYYY-MM-DD, 收到 {input}",
    "enum": "应为 {expected} 之一, 收到 {input}",
    "literal_error": "应为 {expected} 之一, 收到 {input}",
    "too_long": "最多 {max_length} 个值",
    "too_short": "至少 {min_length} 个值",
    "string_too_long": "最多 {max_length} 个字符",
    "string_type": "应为文字, 收到 {input}",
    "list_type": "应为列表, 收到 {input}",
    "dict_type": "请求体应为 JSON 对象",
    "model_attributes_type": "请求体应为 JSON 对象",
    "json_invalid": "请求体不是有效的 JSON",
    "greater_than_equal": "应不小于 {ge}, 收到 {input}",
    "less_than_equal": "应不大于 {le}, 收到 {input}",
}
