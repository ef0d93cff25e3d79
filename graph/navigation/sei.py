"""Strategic-emerging-industry membership (战略性新兴产业归属) with the concordance's keyword conditions.

CNIPA's 《战略性新兴产业分类与国际专利分类参照关系表(2021)》 pairs IPC codes with rules; many
rules also name products or activities (e.g. 工业机器人、特殊作业机器人...) that a patent must
concern, an extra condition the shipped data cannot tie to individual codes. We read it
conservatively: where a rule names products, the patent's title or abstract must mention one
of them (``keyword``); where a rule names none, the IPC code alone decides (``ipc_only``), and
the result says so. Exclusions (不包含...) in a rule's text rule the patent out of that rule;
words too general to show anything (设备, 智能 ...) are dropped from the conditions
(``data/reference/sei/generic_terms.txt``).

The store says which SEI categories a patent reaches through its IPC codes (exact code or its
main group ``/00``, by the rule book ``graph.codes.ipc``); this module decides which of those hold.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.codes.ipc import main_group_code
from graph.errors import ConfigurationError
from graph.models import PatentFact
from graph.navigation.common import ToDictMixin

KEYWORD = "keyword"  # IPC code in the concordance and a product keyword of the rule in the text
IPC_ONLY = "ipc_only"  # IPC code in the concordance; the rule names no product (or is unknown here)
UNKNOWN_RULE_ZH = "(所附参照表无该类别的规则)"
BASIS_ZH = {KEYWORD: "IPC + 产品关键词", IPC_ONLY: "仅依据 IPC (该规则无产品关键词)"}
KEYWORD_RULE_ZH = (
    "战略性新兴产业归属: 专利 IPC 分类号(或其大组)在《战略性新兴产业分类与国际专利分类参照关系表(2021)》中; "
    "若该参照规则列有产品/活动关键词, 题名或摘要须出现其中之一, 且不含规则排除的内容; "
    "规则无关键词时仅依据 IPC, 结果中注明"
)

_CLAUSE_SPLIT = re.compile(r"[；;。\n]")
_ITEM_SPLIT = re.compile(r"[、，,/]|等(?!离子|静压|温|通道|轴|效|级)")
_EXCLUSION = re.compile(r"^(不包含|不包括|不含|除)(.*)$")
# activity and class words around a product name (制造、服务 ...), stripped to reach the product
_TRAILING = re.compile(
    r"(的|工程和技术研究和试验发展|技术研究和试验发展|研究和试验发展|相关关键词|关键词|技术推广|推广服务"
    r"|工程技术|制造业|制造|生产|服务|加工|修理|维修|研发|开发|设计|施工|建设|销售|经营|运营|活动|工程|技术"
    r"|及其元器件|及配套设备|配套设备|专用设备|成套设备|设备|装备|产品|制品|器件|配件|零部件|系统|材料)$"
)
_LEADING = re.compile(r"^(以|其他|其它|新型|新一代|高端|先进|各类|各种|用于|相关)")


@dataclass(frozen=True, slots=True)
class SeiRule:
    """One row group of the concordance: a category and the products it names (may be none)."""

    rule_id: int
    category: str  # "sei:5.2"
    category_name: str
    keywords: tuple[str, ...]  # product terms a patent's text must mention; () = IPC alone
    exclusions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SeiMatch(ToDictMixin):
    category: str
    category_name: str
    ipc_code: str  # the concordance code that matched (the patent's code or its main group)
    rule_id: int | None  # None: the store links the category but the shipped rules do not know it
    basis: str  # keyword | ipc_only
    keyword: str | None


@dataclass(frozen=True, slots=True)
class SeiAssessment(ToDictMixin):
    met: bool
    basis: str | None  # keyword when any rule holds by keyword, else ipc_only; None if not met
    matches: tuple[SeiMatch, ...]
    keyword_missing: tuple[str, ...]  # categories reached by IPC whose keyword condition failed

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(sorted({m.category for m in self.matches}))

    def category_labels(self) -> tuple[str, ...]:
        """Labels such as "2.3 卫星及应用产业" per category met (no ``sei:`` key prefix)."""
        names = {m.category: m.category_name for m in self.matches}
        return tuple(f"{code.removeprefix('sei:')} {name}" for code, name in sorted(names.items()))

    def evidence(self) -> str | None:
        if not self.met:
            if self.keyword_missing:
                missing = ", ".join(code.removeprefix("sei:") for code in self.keyword_missing)
                return f"IPC 属于战略性新兴产业类别 {missing}, 但题名/摘要未出现该规则的产品关键词"
            return None
        shown = [
            f"{m.category.removeprefix('sei:')} {m.category_name}: IPC {m.ipc_code}"
            + (f" + 关键词「{m.keyword}」" if m.keyword else " (仅依据 IPC)")
            for m in _one_per_category(self.matches)
        ]
        return "; ".join(shown)


def _one_per_category(matches: tuple[SeiMatch, ...]) -> Iterator[SeiMatch]:
    seen: set[str] = set()
    for match in sorted(matches, key=lambda m: (m.category, m.basis != KEYWORD, m.ipc_code)):
        if match.category not in seen:
            seen.add(match.category)
            yield match


@dataclass(frozen=True, slots=True)
class SeiConcordance:
    rules: dict[int, SeiRule]
    rules_by_code: dict[str, tuple[int, ...]]

    def rules_for(self, ipc_code: str) -> list[tuple[str, SeiRule]]:
        """(concordance code, rule) for the code itself and its main group ``/00``."""
        found: list[tuple[str, SeiRule]] = []
        for code in dict.fromkeys((ipc_code, main_group_code(ipc_code) or ipc_code)):
            found.extend((code, self.rules[r]) for r in self.rules_by_code.get(code, ()))
        return found


def product_terms(
    text: str | None, generic: frozenset[str] = frozenset()
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A rule's product text -> (terms to find, exclusion terms), ``generic`` words dropped."""
    include: set[str] = set()
    exclude: set[str] = set()
    for clause in _CLAUSE_SPLIT.split(text or ""):
        clause = clause.strip()
        target = include
        if excluded := _EXCLUSION.match(clause):
            target, clause = exclude, excluded.group(2)
        for item in _ITEM_SPLIT.split(clause):
            term = _strip(item.strip(" （）()"))
            if len(term) >= 2 and term not in generic:
                target.add(term)
    return tuple(sorted(include)), tuple(sorted(exclude))


def _strip(term: str) -> str:
    for _ in range(4):
        shorter = _LEADING.sub("", _TRAILING.sub("", term))
        if shorter == term:
            break
        term = shorter
    return term


def assess_sei(fact: PatentFact, concordance: SeiConcordance | None = None) -> SeiAssessment:
    """Which of the patent's IPC-reached SEI categories hold under the rules' keyword conditions."""
    concordance = concordance or load_sei_concordance()
    text = (fact.title + " " + fact.abstract).lower()
    reached = set(fact.sei_codes)
    matches: list[SeiMatch] = []
    known: set[str] = set()
    for ipc_code in fact.ipc_codes:
        for code, rule in concordance.rules_for(ipc_code):
            if rule.category not in reached:
                continue
            known.add(rule.category)
            if match := _rule_match(rule, code, text):
                matches.append(match)
    for category in sorted(reached - known):  # linked in the store, no rule shipped for it
        codes = ",".join(fact.ipc_codes)
        matches.append(SeiMatch(category, UNKNOWN_RULE_ZH, codes, None, IPC_ONLY, None))
    held = {m.category for m in matches}
    basis = None if not matches else KEYWORD if any(m.basis == KEYWORD for m in matches) else IPC_ONLY
    return SeiAssessment(
        met=bool(matches),
        basis=basis,
        matches=tuple(sorted(set(matches), key=lambda m: (m.category, m.ipc_code, m.rule_id or 0))),
        keyword_missing=tuple(sorted(known - held)),
    )


def _rule_match(rule: SeiRule, code: str, text: str) -> SeiMatch | None:
    if any(term.lower() in text for term in rule.exclusions):
        return None
    if not rule.keywords:
        return SeiMatch(rule.category, rule.category_name, code, rule.rule_id, IPC_ONLY, None)
    hit = next((term for term in rule.keywords if term.lower() in text), None)
    if hit is None:
        return None
    return SeiMatch(rule.category, rule.category_name, code, rule.rule_id, KEYWORD, hit)


def default_sei_dir() -> Path:
    from graph.settings import get_settings

    return get_settings().data_dir / "reference" / "sei"


@lru_cache(maxsize=2)
def load_sei_concordance(folder: Path | None = None) -> SeiConcordance:
    """The shipped rules (sei.jsonl) and IPC rows (ipc-sei.jsonl[.gz]), read once per process."""
    folder = folder or default_sei_dir()
    try:
        generic = frozenset(
            line.strip()
            for line in (folder / "generic_terms.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        )
        rules = {rule.rule_id: rule for rule in _read_rules(folder / "sei.jsonl", generic)}
        by_code: dict[str, list[int]] = defaultdict(list)
        for row in _jsonl(_existing(folder, "ipc-sei.jsonl")):
            by_code[str(row["ipcCode"]).replace(" ", "")].append(int(row["seiId"]))
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigurationError(f"SEI concordance in {folder} is unreadable: {exc}") from exc
    return SeiConcordance(rules, {code: tuple(ids) for code, ids in by_code.items()})


def _read_rules(path: Path, generic: frozenset[str]) -> Iterator[SeiRule]:
    for row in _jsonl(path):
        include, exclude = product_terms(row.get("keywords"), generic)
        yield SeiRule(int(row["id"]), f"sei:{row['seiCode']}", str(row["seiName"]), include, exclude)


def _existing(folder: Path, name: str) -> Path:
    plain = folder / name
    return plain if plain.exists() else folder / f"{name}.gz"


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    for line in raw.decode("utf-8").splitlines():
        if line.strip():
            yield json.loads(line)
