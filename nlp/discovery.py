"""New-word and term discovery (新词发现 / 术语抽取) over jieba-segmented patent text.

Works on token n-grams of plain jieba's segmentation, so every candidate starts and ends on a
word boundary jieba already agrees with. Two kinds of candidate come out:

* *repair words* (修复词): two or three tokens, at least one a single character, that jieba splits
  but that recur as one unit across patents (石墨/烯, 输出/端, 时间/戳). They go into jieba's
  dictionary so segmentation keeps them whole.
* *term phrases* (术语短语): two to four content tokens ending in a noun (显示/面板, 驱动/机构).
  They go into the TECH gazetteer only: gold segmentation standards split such compounds, so
  jieba keeps segmenting them into words.

A candidate is kept when it occurs often, in several documents, its parts stick together
(cohesion: the weakest split still has a high pointwise mutual information) and it is free at
both ends (boundary entropy: many different tokens appear left and right of it). Thresholds
were set by reading the output on the bdci corpus and the IPC titles.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

# jieba POS tags of words that never start or end a term (particles, pronouns, numerals, ...).
_FUNCTION_TAGS = frozenset({"uj", "ul", "uz", "ug", "uv", "ud", "u", "p", "c", "d", "r", "m", "q", "y", "e"})
_FUNCTION_TAGS |= {"o", "zg", "f", "t", "rr", "rz", "mq", "ad", "k", "h"}
_NOUN_TAGS = ("n", "x", "eng", "j", "l", "i", "b", "s")


@dataclass(frozen=True, slots=True)
class Candidate:
    word: str
    parts: tuple[str, ...]
    count: int
    doc_freq: int
    cohesion: float
    boundary_entropy: float


def _entropy(counter: Counter[str]) -> float:
    total = sum(counter.values())
    return -sum(c / total * math.log(c / total) for c in counter.values())


def _is_content(token: str, tag: str | None) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in token) and (tag or "x") not in _FUNCTION_TAGS


def discover_candidates(
    documents: Iterable[Sequence[str]],
    tag_of: Callable[[str], str | None],
    stop_words: frozenset[str],
    *,
    max_tokens: int = 4,
    min_count: int = 6,
    min_doc_freq: int = 4,
    min_cohesion: float = 2.0,
    min_entropy: float = 1.0,
) -> list[Candidate]:
    """Token n-grams (2..max_tokens) of content words that recur across documents."""
    docs = [list(doc) for doc in documents]
    unigrams: Counter[str] = Counter()
    grams: Counter[tuple[str, ...]] = Counter()
    doc_freq: Counter[tuple[str, ...]] = Counter()
    for tokens in docs:
        unigrams.update(tokens)
        seen: set[tuple[str, ...]] = set()
        for i in range(len(tokens)):
            for n in range(2, max_tokens + 1):
                gram = tuple(tokens[i : i + n])
                if len(gram) < n or not _is_content(gram[-1], tag_of(gram[-1])):
                    continue
                if gram[-1] in stop_words or not _is_content(gram[0], tag_of(gram[0])):
                    continue
                if any(t in stop_words or not _is_content(t, tag_of(t)) for t in gram):
                    break
                grams[gram] += 1
                seen.add(gram)
        doc_freq.update(seen)
    total = sum(unigrams.values())
    kept = {
        g: _cohesion(g, grams, unigrams, total)
        for g, c in grams.items()
        if c >= min_count and doc_freq[g] >= min_doc_freq and len("".join(g)) <= 10
    }
    kept = {g: v for g, v in kept.items() if v >= min_cohesion}
    left: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    right: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for tokens in docs:
        padded = ["^", *tokens, "$"]
        for i in range(1, len(padded) - 1):
            for n in range(2, max_tokens + 1):
                gram = tuple(padded[i : i + n])
                if gram in kept and i + n < len(padded):
                    left[gram][padded[i - 1]] += 1
                    right[gram][padded[i + n]] += 1
    result = []
    for gram, coh in kept.items():
        ent = min(_entropy(left[gram]), _entropy(right[gram]))
        if ent >= min_entropy:
            word = "".join(gram)
            result.append(Candidate(word, gram, grams[gram], doc_freq[gram], round(coh, 3), round(ent, 3)))
    result.sort(key=lambda c: (-c.count, c.word))
    return result


def _cohesion(
    gram: tuple[str, ...], grams: Counter[tuple[str, ...]], unigrams: Counter[str], total: int
) -> float:
    """Minimum PMI over the binary splits of a token n-gram."""

    def count(part: tuple[str, ...]) -> int:
        return unigrams[part[0]] if len(part) == 1 else grams[part]

    log_p = math.log(grams[gram] / total)
    return min(
        log_p - math.log(max(count(gram[:k]), 1) / total) - math.log(max(count(gram[k:]), 1) / total)
        for k in range(1, len(gram))
    )


def is_repair_word(candidate: Candidate) -> bool:
    """Jieba splits it into pieces one of which is a lone character: a word jieba does not know."""
    return len(candidate.parts) <= 3 and any(len(p) == 1 for p in candidate.parts)


def is_term_phrase(candidate: Candidate, tag_of: Callable[[str], str | None]) -> bool:
    """Ends in a noun (or a word jieba has no tag for): a technical noun phrase."""
    return (tag_of(candidate.parts[-1]) or "x").startswith(_NOUN_TAGS)
