"""Legal events (法律事件): transfers, licences, pledges, open licences, equity, invalidation, lapse.

Text form of the 法律事件 column (CNIPA wording; the synthetic corpus generator writes exactly this):

    <date> <event wording> <role>:<party>[、<party>] ... <key>:<value> ...

* events are separated by ``;`` ``；`` or newlines; a piece that does not start with a date
  continues the previous event (so a value may itself contain ``;``);
* the date is any form ``dates.parse_date`` reads (``2021-05-06``, ``20210506``, ``2021年5月6日``);
  without a leading date, the first date inside the event is used (``登记生效日:2021-05-06``);
* keys are 2-10 characters followed by ``:`` or ``：`` and preceded by a space; a value runs to the
  next key; several parties are separated by ``、`` ``,`` or ``;``.

Example (one cell)::

    2021-05-06 专利权的转移 转让人:甲大学 受让人:乙公司;
    2022-01-10 专利实施许可合同备案的生效 许可人:甲大学 被许可人:丙公司 许可类型:独占许可;
    2022-03-01 专利权质押合同登记的生效 出质人:乙公司 质权人:丁银行 质押金额:500万元;
    2023-01-01 专利开放许可声明 许可人:乙公司 许可使用费:5万元;
    2023-06-01 专利权作价入股 出资人:甲大学 被投资企业:戊公司 作价金额:300万元;
    2024-02-01 专利权无效宣告 宣告专利权全部无效;
    2024-05-01 专利权的终止 未缴年费

Wording -> kind (first match): 注销/解除/撤销 -> ignored (a cancellation is not a new event);
开放许可 -> open_licence; 作价入股/作价出资 -> equity; 质押 -> pledge; 许可 -> licence;
转移/转让 -> transfer; 无效 -> invalidation; 终止/未缴年费/届满/放弃 -> termination; procedural
wording (实质审查/授权/公布/变更/撤回/驳回/恢复/著录) -> ignored; anything else -> a warning.
Roles: from = 转让人 让与人 原权利人 变更前权利人 许可人 出质人 出资人 专利权人;
to = 受让人 新权利人 变更后权利人 被许可人 质权人 被投资企业 入股企业.
Amounts (万元): 质押金额 作价金额 金额 合同金额 许可使用费 许可费 交易金额, e.g. ``500万元``,
``5000000元``, ``1.2亿元``; a bare number is taken as 万元. 许可类型/许可种类 containing 独占 ->
exclusive, other licence types -> not exclusive.

A JSON list of objects is read too: ``[{"kind": "转让" | "transfer", "date": ..., "from": [...],
"to": [...], "amount": 500, "exclusive": true}]``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from graph.models import LegalEventKind
from ingest.normalise.dates import parse_date
from ingest.normalise.holders import split_names
from ingest.normalise.text import to_halfwidth

_DATE_TEXT = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{8}"
_LEADING_DATE_RE = re.compile(rf"^\s*({_DATE_TEXT})")
_ANY_DATE_RE = re.compile(rf"(?<!\d)({_DATE_TEXT})(?!\d)")
_KEY_RE = re.compile(r"(?:(?<=\s)|^)([^\s:;,]{2,10}):")
_SPLIT_RE = re.compile(r"[;\n]+")
_AMOUNT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(亿|万)?\s*元?")

_KIND_RULES: tuple[tuple[re.Pattern[str], LegalEventKind | None], ...] = (
    (re.compile(r"注销|解除|撤销|备案的变更|登记的变更"), None),
    (re.compile(r"开放许可|open_licence"), LegalEventKind.OPEN_LICENCE),
    (re.compile(r"作价入股|作价出资|equity"), LegalEventKind.EQUITY),
    (re.compile(r"质押|pledge"), LegalEventKind.PLEDGE),
    (re.compile(r"许可|licen[cs]e"), LegalEventKind.LICENCE),
    (re.compile(r"转移|转让|transfer"), LegalEventKind.TRANSFER),
    (re.compile(r"无效|invalidation"), LegalEventKind.INVALIDATION),
    (re.compile(r"终止|未缴年费|届满|放弃|termination"), LegalEventKind.TERMINATION),
    (re.compile(r"实质审查|授权|公布|公开|变更|撤回|驳回|恢复|更正|著录|视为"), None),
)
FROM_ROLES = frozenset(
    ["转让人", "让与人", "原权利人", "变更前权利人", "许可人", "出质人", "出资人", "专利权人", "from"]
)
TO_ROLES = frozenset(
    ["受让人", "新权利人", "变更后权利人", "被许可人", "质权人", "被投资企业", "入股企业", "to"]
)
AMOUNT_KEYS = frozenset(
    ["质押金额", "作价金额", "金额", "合同金额", "许可使用费", "许可费", "交易金额", "amount"]
)
LICENCE_TYPE_KEYS = frozenset(["许可类型", "许可种类", "exclusive"])


class UnknownEventWording(ValueError):
    """A 法律事件 wording no rule knows; the mapper records it as a warning, not a rejection."""


@dataclass(frozen=True, slots=True)
class ParsedEvent:
    kind: LegalEventKind
    date: str | None
    from_names: tuple[str, ...] = ()
    to_names: tuple[str, ...] = ()
    amount: float | None = None  # 万元
    exclusive: bool | None = None
    wording: str = ""


def event_kind(wording: str) -> LegalEventKind | None:
    """Kind of a wording, None for a recognised procedural/cancellation event; raises if unknown."""
    for pattern, kind in _KIND_RULES:
        if pattern.search(wording):
            return kind
    raise UnknownEventWording(f"unknown legal event wording {wording!r}")


def parse_amount_wan(value: object) -> float | None:
    """``500万元`` / ``5000000元`` / ``1.2亿元`` / ``500`` -> 万元; ValueError if no number."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    match = _AMOUNT_RE.search(to_halfwidth(str(value)).replace(",", ""))
    if match is None:
        raise ValueError(f"not an amount: {value!r}")
    number, unit = float(match[1]), match[2]
    explicit_yuan = unit is None and "元" in match.group(0)
    return number * 10_000 if unit == "亿" else number / 10_000 if explicit_yuan else number


def _exclusive(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value)
    return "独占" in text or text.lower() in {"true", "1", "exclusive"}


def parse_event_text(text: str) -> tuple[list[ParsedEvent], list[str]]:
    """The 法律事件 cell -> (events of the kinds we model, warnings about unknown wordings)."""
    text = to_halfwidth(text).strip()
    if text.startswith("["):
        return parse_event_list(json.loads(text)), []
    pieces: list[str] = []
    for piece in _SPLIT_RE.split(text):
        if not piece.strip():
            continue
        if pieces and not _LEADING_DATE_RE.match(piece):
            pieces[-1] += ";" + piece
        else:
            pieces.append(piece.strip())
    events: list[ParsedEvent] = []
    warnings: list[str] = []
    for piece in pieces:
        try:
            event = _parse_piece(piece)
        except UnknownEventWording as exc:
            warnings.append(str(exc))
            continue
        if event is not None:
            events.append(event)
    return events, warnings


def _parse_piece(piece: str) -> ParsedEvent | None:
    date_match = _LEADING_DATE_RE.match(piece) or _ANY_DATE_RE.search(piece)
    rest = piece[date_match.end() :] if date_match and date_match.start() == 0 else piece
    keys = list(_KEY_RE.finditer(rest))
    wording = (rest[: keys[0].start()] if keys else rest).strip()
    kind = event_kind(wording or rest)
    if kind is None:
        return None
    fields: dict[str, str] = {}
    for i, key in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(rest)
        fields[key.group(1)] = rest[key.end() : end].strip(" ;,")
    return _build(kind, date_match.group(1) if date_match else None, fields, wording)


def _build(
    kind: LegalEventKind, date_text: object, fields: Mapping[str, object], wording: str
) -> ParsedEvent:
    from_names: list[str] = []
    to_names: list[str] = []
    amount = exclusive = None
    for key, value in fields.items():
        if key in FROM_ROLES:
            from_names.extend(split_names(value))
        elif key in TO_ROLES:
            to_names.extend(split_names(value))
        elif key in AMOUNT_KEYS:
            amount = parse_amount_wan(value)
        elif key in LICENCE_TYPE_KEYS:
            exclusive = _exclusive(value)
    return ParsedEvent(
        kind, parse_date(date_text), tuple(from_names), tuple(to_names), amount, exclusive, wording
    )


def parse_event_list(items: object) -> list[ParsedEvent]:
    """A JSON list of event objects (see module docstring); ValueError on a malformed item."""
    if not isinstance(items, list):
        raise ValueError("legal events JSON must be a list of objects")
    events: list[ParsedEvent] = []
    for item in items:
        if not isinstance(item, dict) or not item.get("kind"):
            raise ValueError(f"legal event needs an object with a kind: {item!r}")
        wording = str(item["kind"])
        kind = event_kind(wording)
        if kind is None:
            continue
        fields = {k: v for k, v in item.items() if k not in {"kind", "date"} and v is not None}
        events.append(_build(kind, item.get("date"), fields, wording))
    return events


def event_id(
    pub_no: str, kind: LegalEventKind, date: str | None, parties: tuple[str, ...], extra: str = ""
) -> str:
    """Stable id: hash of publication number, kind, date and party keys (sorted).

    ``extra`` separates events that would otherwise collide (undated events from a count column).
    """
    raw = "|".join((pub_no, kind.value, date or "", ",".join(sorted(parties)), extra))
    return hashlib.sha1(raw.encode("utf-8"), usedforsecurity=False).hexdigest()[:20]
