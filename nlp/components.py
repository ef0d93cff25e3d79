"""spaCy pipeline components (Doc -> Doc) for technical terms and organisations (技术术语 / 机构).

Candidates from every component go into ``doc.user_data["patentnav.candidates"]`` as
``(start_token, end_token, label)`` (overlaps allowed; plain tuples, not a SpanGroup, because
building Span objects for every candidate cost more than matching them); the
``patentnav_term_resolver`` keeps the longest non-overlapping ones as ``doc.ents`` with labels
TECH / ORG and the normalised key in ``kb_id_``.

* ``patentnav_tech_gazetteer``: token runs whose text is in the TECH gazetteer (dictionary).
* ``patentnav_tech_patterns``: noun phrases ending in a technical head noun (…装置, …材料, …电池)
  and chemical names (碳酸锂, 氢氧化铝, 聚乙烯) by a morpheme regex.
* ``patentnav_orgs``: organisation names by suffix (…大学, …研究院, …有限公司).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.resources import normalise_text, read_stop_words, read_synonyms, read_tech_terms
from nlp.tokenizer import doc_text, doc_words

CANDIDATES = "patentnav.candidates"
Candidate = tuple[int, int, str]  # (start token, end token, label)
# Head nouns (中心词) that end a technical noun phrase.
_HEADS = "装置 系统 方法 材料 电池 设备 器件 组件 模块 机构 电路 结构 工艺 组合物 复合材料 传感器 芯片 "
_HEADS += "机器人 发动机 电机 算法 网络 平台 薄膜 纤维 涂层 催化剂 合金 树脂 疫苗 抗体 肥料 饲料 "
_HEADS += "拮抗剂 抑制剂 受体 蛋白 酶 因子 激素 抗原 单抗 转录本 引物 探针"
HEAD_NOUNS = tuple(_HEADS.split())
_WORDLIKE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9\-]+$")
# Chemical morphemes (化学名称语素): elements, counts, functional groups.
_ELEMENT = (
    "氢氦锂铍硼碳氮氧氟氖钠镁铝硅磷硫氯氩钾钙钛钒铬锰铁钴镍铜锌镓锗砷硒溴锶锆钼银镉锡锑碘钡铂金汞铅铋铈镧钨"
)
_CHEM_BODY = _ELEMENT + "化酸盐碱基亚过次偏聚甲乙丙丁戊己庚辛壬癸烷烯炔醇醛酮酯醚胺酰酚苯"
_CHEM_BODY += "萘吡啶唑嗪酐腈羧羟巯硝磺氨环异二三四五六正仲叔"
_CHEM_HEAD = _ELEMENT + "酸盐碱醇醛酮酯醚胺酚苯烷烯炔酐腈物"
_CHEMICAL = re.compile(f"[{_CHEM_BODY}]{{1,10}}[{_CHEM_HEAD}]")
# Acronyms and gene/protein symbols (LED, CPU, VEGF, SNAP91, IL-2): upper case, 3+ characters.
_ACRONYM = re.compile(
    r"(?<![A-Za-z0-9Ａ-Ｚａ-ｚ０-９])[A-ZＡ-Ｚ][A-Z0-9Ａ-Ｚ０-９]{2,9}(?:-[A-Z0-9]+)?(?![A-Za-z0-9Ａ-Ｚａ-ｚ０-９])"
)
_CHEM_NEEDS = re.compile(f"[{_ELEMENT}烷烯炔醇醛酮酯醚胺酚苯酸]")
# Organisation names: a run of name characters ending in an organisation suffix.
_ORG_SUFFIX = (
    "大学|学院|研究院|研究所|研究中心|实验室|科学院|有限责任公司|股份有限公司|有限公司|公司|集团|医院|中心"
)
_ORG_CHARS = r"[\u4e00-\u9fffA-Za-z0-9（）()]"
_ORG_STOP = set("的和与及或由在对为是了将向从被把等其该所本一种用于包括")
_ORG = re.compile(f"{_ORG_CHARS}{{2,30}}?(?:{_ORG_SUFFIX})")


def candidates(doc: Doc) -> list[Candidate]:
    """The candidate list of ``doc`` (created on first use)."""
    found = doc.user_data.get(CANDIDATES)
    if not isinstance(found, list):
        found = doc.user_data[CANDIDATES] = []
    return found


def longest_first(spans: Iterable[Candidate]) -> list[Candidate]:
    """``spacy.util.filter_spans`` on tuples: the (first) longest of overlapping spans wins."""
    kept: list[Candidate] = []
    seen: set[int] = set()
    for span in sorted(spans, key=lambda s: (s[1] - s[0], -s[0]), reverse=True):
        if span[0] not in seen and span[1] - 1 not in seen:
            kept.append(span)
            seen.update(range(span[0], span[1]))
    return sorted(kept, key=lambda s: s[0])


def _char_spans(doc: Doc, matches: Iterable[tuple[int, int]], label: str) -> list[Candidate]:
    spans = []
    for start, end in matches:
        span = doc.char_span(start, end, alignment_mode="expand")
        # accept a token-aligned span that grew by at most one character on each side
        if span is not None and span.end_char - span.start_char <= end - start + 2:
            spans.append((span.start, span.end, label))
    return spans


class TechGazetteer:
    """Longest token run (up to ``max_tokens``) whose concatenated text is a known term.

    Matching on concatenated token text (with a prefix set to stop early) needs no
    pre-tokenised patterns, so the gazetteer works whatever the segmentation of a phrase is.
    """

    def __init__(self, max_tokens: int) -> None:
        self.max_tokens = max_tokens
        self.terms: frozenset[str] = frozenset()
        self.prefixes: frozenset[str] = frozenset()

    def initialize(self, get_examples: Any = None, *, nlp: Any = None, data_dir: str | None = None) -> None:
        base = Path(data_dir) if data_dir else None
        synonyms = read_synonyms(base)  # variants (石墨稀) are found, then keyed to their canonical term
        self.terms = read_tech_terms(base) | set(synonyms) | set(synonyms.values())
        self.prefixes = frozenset(t[:k] for t in self.terms for k in range(1, len(t) + 1))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        words = doc_words(doc)
        for i in range(len(words)):
            text, best = "", 0
            for j in range(i, min(i + self.max_tokens, len(words))):
                text += words[j]
                if text not in self.prefixes:
                    break
                if text in self.terms:
                    best = j + 1
            if best:
                spans.append((i, best, "TECH"))
        candidates(doc).extend(spans)
        return doc


class TechPatterns:
    """Noun phrases ending in a technical head noun (…装置/…材料/…电池), and chemical names.

    The phrase pattern is "1..max_modifiers content words + a word ending in a head noun";
    written as a loop over the words because spaCy's Matcher with a REGEX predicate cost as much
    as segmentation itself.
    """

    def __init__(self, max_modifiers: int) -> None:
        self.max_modifiers = max_modifiers
        self.stop_words: frozenset[str] = frozenset()

    def initialize(self, get_examples: Any = None, *, nlp: Any = None, data_dir: str | None = None) -> None:
        self.stop_words = read_stop_words(Path(data_dir) if data_dir else None)

    def _is_modifier(self, word: str) -> bool:
        return len(word) >= 2 and word not in self.stop_words and _WORDLIKE.match(word) is not None

    def __call__(self, doc: Doc) -> Doc:
        words = doc_words(doc)
        spans: list[Candidate] = []
        for end, word in enumerate(words):
            if not word.endswith(HEAD_NOUNS) or word in self.stop_words:
                continue
            start = end
            while start > 0 and end - start < self.max_modifiers and self._is_modifier(words[start - 1]):
                start -= 1
            if start < end:
                spans.append((start, end + 1, "TECH"))
        text = doc_text(doc)
        chemicals = ((m.start(), m.end()) for m in _CHEMICAL.finditer(text) if _CHEM_NEEDS.search(m.group()))
        acronyms = ((m.start(), m.end()) for m in _ACRONYM.finditer(text))
        candidates(doc).extend(
            spans + _char_spans(doc, chemicals, "TECH") + _char_spans(doc, acronyms, "TECH")
        )
        return doc


class OrgMentions:
    """Organisation names (机构名称) by suffix; the name starts after the last stop character."""

    def __call__(self, doc: Doc) -> Doc:
        found = []
        text = doc_text(doc)
        for match in _ORG.finditer(text):
            start = match.start()
            for k in range(match.end() - 1, match.start() - 1, -1):
                if text[k] in _ORG_STOP:
                    start = k + 1
                    break
            if match.end() - start >= 4:
                found.append((start, match.end()))
        candidates(doc).extend(_char_spans(doc, found, "ORG"))
        return doc


class TermResolver:
    """Longest non-overlapping candidates become ``doc.ents``; ``kb_id_`` is the normalised key."""

    def __init__(self) -> None:
        self.synonyms: dict[str, str] = {}
        self.stop_words: frozenset[str] = frozenset()

    def initialize(self, get_examples: Any = None, *, nlp: Any = None, data_dir: str | None = None) -> None:
        base = Path(data_dir) if data_dir else None
        self.synonyms = read_synonyms(base)
        self.stop_words = read_stop_words(base)

    def __call__(self, doc: Doc) -> Doc:
        found = candidates(doc)
        found += [(e.start, e.end, "TECH") for e in doc.ents if e.label_ == "TECH"]  # a plain ner, if any
        # an organisation name wins over a TECH phrase that swallowed it (清华大学研制锂离子电池)
        orgs = longest_first(c for c in found if c[2] == "ORG")
        taken = {i for start, end, _ in orgs for i in range(start, end)}
        tech = [c for c in found if c[2] == "TECH" and taken.isdisjoint(range(c[0], c[1]))]
        words = doc_words(doc)
        ents = []
        for start, end, label in longest_first(orgs + tech):
            span = self._trim(doc, words, start, end) if label == "TECH" else Span(doc, start, end)
            if span is not None:
                key = normalise_text(span.text)
                ents.append(Span(doc, span.start, span.end, label=label, kb_id=self.synonyms.get(key, key)))
        doc.ents = ents
        return doc

    def _trim(self, doc: Doc, words: list[str], start: int, end: int) -> Span | None:
        """Drop leading/trailing boilerplate tokens (一种/所述 …); a lone stop word is no term."""
        while start < end and (words[start] in self.stop_words or doc[start].is_punct):
            start += 1
        if words[end - 1] in self.stop_words:
            return None  # 制备方法 -> 制备: a phrase whose head is boilerplate names no technology
        if end <= start:
            return None
        span = Span(doc, start, end)
        return span if len(span.text) >= 2 else None


@Language.factory("patentnav_tech_gazetteer", default_config={"max_tokens": 6})
def make_tech_gazetteer(nlp: Language, name: str, max_tokens: int) -> TechGazetteer:
    return TechGazetteer(max_tokens)


@Language.factory("patentnav_tech_patterns", default_config={"max_modifiers": 4})
def make_tech_patterns(nlp: Language, name: str, max_modifiers: int) -> TechPatterns:
    return TechPatterns(max_modifiers)


@Language.factory("patentnav_orgs")
def make_org_mentions(nlp: Language, name: str) -> OrgMentions:
    return OrgMentions()


@Language.factory("patentnav_term_resolver")
def make_term_resolver(nlp: Language, name: str) -> TermResolver:
    return TermResolver()


OrgLinker = Callable[[str], str | None]
