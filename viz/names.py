"""Display names for the analyst pages (显示名称): Chinese for the closed vocabularies, place
names for NBS region codes, and a light clean-up of analysis texts for a Chinese reader.

Region names come from the reference data that api hands over as ``RegionRecord`` rows (viz
reads no files of ingest); chain and node names come from the results and chain definitions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from graph.codes.regions import region_name
from graph.models import RegionLevel, RegionRecord

# graph.schema's closed enums, in Chinese
LABELS_ZH = {
    "Patent": "专利",
    "Holder": "权利人",
    "Inventor": "发明人",
    "Technology": "技术",
    "IPC": "IPC 分类",
    "Industry": "产业",
    "ChainNode": "产业链环节",
    "Region": "地区",
    "LegalEvent": "法律事件",
    "Demand": "技术需求",
}
REL_TYPES_ZH = {
    "APPLIED_BY": "申请人",
    "HELD_BY": "权利人",
    "INVENTED_BY": "发明人",
    "CLASSIFIED_AS": "分类",
    "MENTIONS": "涉及技术",
    "MAPPED_TO": "属于环节",
    "LOCATED_IN": "位于",
    "IN_INDUSTRY": "所属产业",
    "PART_OF": "隶属",
    "SUPPLIES": "供给",
    "HAS_EVENT": "法律事件",
    "FROM_PARTY": "出让方",
    "TO_PARTY": "受让方",
    "SEEKS": "需求技术",
    "TARGETS": "需求环节",
    "CANDIDATE_PATENT": "候选专利",
    "CANDIDATE_HOLDER": "候选权利人",
}
POSITIONS_ZH = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}
HOLDER_TYPES_ZH = {
    "university": "高校",
    "institute": "科研院所",
    "soe": "国有企业",
    "enterprise": "企业",
    "sme": "中小企业",
    "individual": "个人",
    "other": "其他",
}
# the collaborator search's availability filter
AVAILABILITY_FILTER_ZH = {"any": "不限", "available": "可获得 (沉睡或开放许可)", "open_licence": "开放许可"}
# how one patent can be obtained (gap_sources.availability: parts joined by "+")
AVAILABILITY_PART_ZH = {"sleeping": "沉睡", "open_licence": "开放许可", "open_licensed": "开放许可"}
EVENT_KINDS_ZH = {
    "transfer": "转让",
    "licence": "许可",
    "pledge": "质押",
    "open_licence": "开放许可",
    "equity": "作价入股",
    "invalidation": "无效",
    "termination": "终止",
}
PATENT_TYPES_ZH = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}
LEGAL_STATUS_ZH = {"valid": "有效", "pending": "审中", "invalid": "失效", "lapsed": "失效", "expired": "届满"}
LEVELS_ZH = {"A": "A 级 (优先推介)", "B": "B 级 (择优推介)", "C": "C 级 (暂缓)"}
MEASURES_ZH = {"count": "件数", "amount": "金额 (万元)"}

NATIONAL = "national"
_LIST_SEPARATOR = re.compile(r"[+,，、]")
_PSEUDO_CITY = re.compile(r"(市辖区|县|直辖县级行政区划)$")
# A parenthesised English gloss (a word, no Chinese): "(no or too few patents)", not "(A>=0.6)"
_ENGLISH_GLOSS = re.compile(r"\s*[(（](?=[^()（）]*[A-Za-z]{3})[^()（）\u4e00-\u9fff]*[)）]")
_WORDS_ZH = (
    (re.compile(r"\bscore\b"), "得分"),
    (re.compile(r"\bn/a\b"), "无法计算"),
    (re.compile(r"\s+vs\s+"), ", 对比"),
)


def zh_text(text: object) -> str:
    """An analysis reason or note for a Chinese reader: English glosses in brackets dropped
    (unless nothing else is left), a few leftover words (score, n/a, vs) in Chinese."""
    value = "" if text is None else str(text)
    cleaned = value
    for pattern, word in _WORDS_ZH:
        cleaned = pattern.sub(word, cleaned)
    cleaned = _ENGLISH_GLOSS.sub("", cleaned).strip()
    return cleaned if re.search(r"[\u4e00-\u9fff\d]", cleaned) else value


def availability_zh(value: object) -> str:
    """ "sleeping+open_licence" -> "沉睡、开放许可"; None -> ""."""
    if not value:
        return ""
    return "、".join(AVAILABILITY_PART_ZH.get(part, part) for part in str(value).split("+"))


_PATH_WORDS = {**LABELS_ZH, **REL_TYPES_ZH, "Need": "需求", "terms": "检索词"}
_PATH_TOKEN = re.compile(r"\b(" + "|".join(sorted(_PATH_WORDS, key=len, reverse=True)) + r")\b")


def zh_path(path: object) -> str:
    """A graph path written with the schema's English labels and types, in Chinese."""
    return _PATH_TOKEN.sub(lambda m: _PATH_WORDS[m.group(1)], str(path))


@dataclass(frozen=True, slots=True)
class RegionOption:
    value: str  # what the form sends: a prefix ("22", "2201") or a 12-digit code
    name: str


class RegionNames:
    """NBS region codes and prefixes -> place names (吉林省长春市朝阳区)."""

    def __init__(self, records: Iterable[RegionRecord]) -> None:
        self._records = {r.code: r for r in records}

    def __len__(self) -> int:
        return len(self._records)

    def _record(self, code: str) -> RegionRecord | None:
        digits = code.strip()
        if not digits.isdigit() or len(digits) > 12:
            return None
        return self._records.get(digits.ljust(12, "0"))

    def name(self, code: object) -> str:
        """Full place name for a code or prefix; "" / national -> 全国; unknown -> the code."""
        text = "" if code is None else str(code).strip()
        if text in ("", NATIONAL):
            return "全国"
        if _LIST_SEPARATOR.search(text):  # a peer group "51+37" or a list "22,37"
            return "、".join(self.name(part) for part in _LIST_SEPARATOR.split(text) if part.strip())
        if self._record(text) is None:
            return text
        return region_name(text) or text  # the rule book's one joining rule

    def options(self, *, padded: bool = False) -> list[RegionOption]:
        """Provinces and cities for a form's list of suggestions, by code."""
        found: list[RegionOption] = []
        for record in sorted(self._records.values(), key=lambda r: r.code):
            if record.level not in (RegionLevel.PROVINCE, RegionLevel.CITY):
                continue
            if record.level is RegionLevel.CITY and _PSEUDO_CITY.search(record.name):
                continue
            width = 2 if record.level is RegionLevel.PROVINCE else 4
            value = record.code if padded else record.code[:width]
            found.append(RegionOption(value, self.name(record.code)))
        return found


EMPTY_REGIONS = RegionNames(())
