"""The parameter types of the navigation requests (请求参数): parsing, bounds, Chinese messages.

Each type is an ``Annotated`` pydantic type, so a request model states a parameter in one
line and the CLI, the API and the pages parse it the same way. Checks that need the graph
(does this chain exist?) are in ``NavigationContext``; everything here is pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from api.requests.errors import echo

MAX_LIST_VALUES = 50  # regions, holders, chain nodes, technologies or targets in one request
MAX_NEED_CHARS = 2000
MAX_TOP_K = 50
# every list in an answer is paged or cut: the top-level list by offset/limit with ``page`` in the
# envelope, a nested list to ``limit`` with its uncut length in ``<name>_total``
MAX_PAGE_LIMIT = 1000
DEFAULT_PAGE_LIMIT = 100
MAX_PAGE_OFFSET = 10**9
NESTED_TOTAL_SUFFIX = "_total"
MAX_KPI_YEARS = 30
MAX_WINDOW_DAYS = 3650
FIRST_DATE = date(1985, 4, 1)  # 中国专利法施行日: no patent data is older
REGION_FORMS = (
    "应为国家统计局区划代码: 2 位省级 (如 22)、4 位地市级 (如 2201)、6 位县级 (如 220104) "
    "或 12 位代码 (如 220100000000)"
)
_CHAIN_ID = re.compile(r"^[a-z0-9_]{1,64}$")
_CHAIN_NODE = re.compile(r"^[a-z0-9_]{1,64}/[a-z0-9_]{1,64}$")
_SIGNIFICANT_DIGITS = {"province": 2, "city": 4, "county": 6}


def last_date() -> date:
    """Latest date a request may name: the end of next year (no events lie further ahead)."""
    return date(date.today().year + 1, 12, 31)


@dataclass(frozen=True)
class Documented:
    """JSON-schema keywords stating a rule that a validator of ours enforces (OpenAPI shows it,
    a client or fuzzer can rely on it); the validator stays the one place the rule is checked."""

    keywords: tuple[tuple[str, Any], ...]

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        value = handler(schema)
        target = handler.resolve_ref_schema(value)
        target.update({k: list(v) if isinstance(v, tuple) else v for k, v in self.keywords})
        return value


def documented(**keywords: Any) -> Documented:
    return Documented(tuple(keywords.items()))


@dataclass(frozen=True)
class within:
    """A bound checked after parsing so the message is Chinese (pydantic's own is English),
    stated in the schema as minimum/maximum."""

    low: int
    high: int
    what: str

    def check(self, value: int) -> int:
        if not self.low <= value <= self.high:
            raise ValueError(f"{self.what}须在 {self.low} 到 {self.high} 之间, 收到 {value}")
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return documented(minimum=self.low, maximum=self.high).__get_pydantic_json_schema__(schema, handler)


def listed(value: Any) -> list[Any]:
    """Repeated and comma-separated values alike (``region=22&region=51`` = ``region=22,51``),
    counted before any is parsed, so 3,000 values cost one message, not 3,000. The bound is on
    the values given (the schema's maxItems) and, after splitting at commas, on distinct values."""
    items = value if isinstance(value, list | tuple) else [value]
    if len(items) > MAX_LIST_VALUES:
        raise ValueError(f"最多 {MAX_LIST_VALUES} 个值, 收到 {len(items)} 个")
    parts: dict[Any, None] = {}
    for item in items:
        for part in item.split(",") if isinstance(item, str) else [item]:
            if not isinstance(part, str) or part.strip():
                parts.setdefault(part.strip() if isinstance(part, str) else part, None)
    if len(parts) > MAX_LIST_VALUES:
        raise ValueError(f"最多 {MAX_LIST_VALUES} 个值, 收到 {len(parts)} 个")
    return list(parts)


LISTED = documented(maxItems=MAX_LIST_VALUES)  # the bound ``listed`` enforces


# --------------------------------------------------------------------------- regions


@lru_cache(maxsize=1)
def known_region_prefixes() -> frozenset[str]:
    """The NBS codes of data/reference/regions as prefixes (2, 4 or 6 significant digits)."""
    from ingest.reference import load_region_index, reference_dir

    records = load_region_index(reference_dir()).records()
    return frozenset(r.code[: _SIGNIFICANT_DIGITS[r.level.value]] for r in records)


def parse_region(value: str) -> str:
    """A region code or prefix, checked against the reference codes -> its prefix ("22")."""
    from graph.navigation.common import region_prefix

    prefix = region_prefix(value)
    if not (prefix.isdigit() and len(prefix) in (2, 4, 6)):
        raise ValueError(f"地区代码格式无效 {echo(value)}; {REGION_FORMS}")
    if prefix not in known_region_prefixes():
        raise ValueError(f"地区代码 {echo(value)} 不在国家统计局区划代码表中; {REGION_FORMS}")
    return prefix


def parse_kpi_region(value: str) -> str:
    """A region prefix, or ``national`` / ``全国`` ("" : every region)."""
    return "" if value.strip() in ("national", "全国") else parse_region(value)


def parse_benchmark(value: str) -> str:
    """``national``, one region, or peers joined by ``+`` (``51+37``), each part a region."""
    text = value.strip()
    if text in ("national", "全国", ""):
        return "national"
    parts = [p for p in text.split("+") if p.strip()]
    if len(parts) > MAX_LIST_VALUES:
        raise ValueError(f"对标地区最多 {MAX_LIST_VALUES} 个")
    prefixes: dict[str, None] = {}
    for part in parts:
        try:
            prefixes.setdefault(parse_region(part), None)
        except ValueError as exc:
            raise ValueError(
                f"对标 {echo(value)} 无效 ({echo(part.strip())} 不是地区代码): 应为 national (全国)、"
                "一个地区代码 (如 51) 或用 + 连接的同类地区 (如 51+37)"
            ) from exc
    return "+".join(prefixes)


RegionCode = Annotated[str, AfterValidator(parse_region)]
RegionCodes = Annotated[list[RegionCode], BeforeValidator(listed), LISTED]
KpiRegions = Annotated[
    list[Annotated[str, AfterValidator(parse_kpi_region)]], BeforeValidator(listed), LISTED
]
Benchmark = Annotated[str, AfterValidator(parse_benchmark)]


# --------------------------------------------------------------------------- chains, holders, terms


def parse_chain_id(value: str) -> str:
    text = value.strip().lower()
    if not _CHAIN_ID.match(text):
        raise ValueError(f"产业链标识无效 {echo(value)}: 应为小写字母、数字或下划线, 如 nev")
    return text


def parse_chain_node(value: str) -> str:
    text = value.strip().lower()
    if not _CHAIN_NODE.match(text):
        raise ValueError(f"产业链节点无效 {echo(value)}: 应写作 产业链/节点, 如 nev/battery_cell")
    return text


def need_text(value: str) -> str:
    # the length counted is what was sent, so the schema's maxLength is exactly the rule
    if len(value) > MAX_NEED_CHARS:
        raise ValueError(f"技术需求最多 {MAX_NEED_CHARS} 字, 当前 {len(value)} 字")
    text = value.strip()
    if not text:
        raise ValueError("技术需求不能为空 (须含非空白文字)")
    return text


ChainId = Annotated[str, AfterValidator(parse_chain_id)]
ChainNodeKey = Annotated[str, AfterValidator(parse_chain_node)]
ChainNodeKeys = Annotated[list[ChainNodeKey], BeforeValidator(listed), LISTED]
# no minLength on the items: ``listed`` drops blank values (``holder=`` is no filter, as the
# pages send it), so the schema must not promise that an empty value is refused
HolderKeys = Annotated[
    list[Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]],
    BeforeValidator(listed),
    LISTED,
]
TermList = Annotated[
    list[Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]],
    BeforeValidator(listed),
    LISTED,
]
NeedText = Annotated[str, AfterValidator(need_text), documented(minLength=1, maxLength=MAX_NEED_CHARS)]
Level = Annotated[
    Literal["A", "B", "C"],
    BeforeValidator(lambda v: v.strip().upper() if isinstance(v, str) else v),
    documented(enum=("A", "B", "C", "a", "b", "c")),  # either case is accepted
]


# --------------------------------------------------------------------------- dates, years, sizes


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_day(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` text is a date (pydantic would also read ``0`` or a Unix time)."""
    if isinstance(value, str) and not _ISO_DAY.match(value.strip()):
        raise ValueError(f"应为日期 YYYY-MM-DD, 收到 {echo(value)}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"应为日期 YYYY-MM-DD, 收到 {echo(value)}")
    return value.strip() if isinstance(value, str) else value


def check_date(value: date | None) -> date | None:
    if value is not None and not FIRST_DATE <= value <= last_date():
        raise ValueError(f"日期须在 {FIRST_DATE} 到 {last_date()} 之间, 收到 {value}")
    return value


def check_year(value: int | None) -> int | None:
    if value is not None and not FIRST_DATE.year <= value <= last_date().year:
        raise ValueError(f"年份须在 {FIRST_DATE.year} 到 {last_date().year} 之间, 收到 {value}")
    return value


Day = Annotated[date | None, BeforeValidator(iso_day), AfterValidator(check_date)]
Year = Annotated[
    int | None,
    AfterValidator(check_year),
    documented(minimum=FIRST_DATE.year, maximum=last_date().year),
]
TopK = Annotated[int, within(1, MAX_TOP_K, "返回数量 top_k ")]
PageLimit = Annotated[int, within(1, MAX_PAGE_LIMIT, "每页条数 limit ")]
PageOffset = Annotated[int, within(0, MAX_PAGE_OFFSET, "偏移量 offset ")]
WindowDays = Annotated[int, within(1, MAX_WINDOW_DAYS, "天数")]
BulkMinimum = Annotated[int, within(2, 100_000, "批量阈值 bulk_min ")]
