"""The plain BM25 baseline of the collaborator dev set, recomputed in the bench's own run.

As specified with the dev set (``bm25_baseline.py`` there): title + abstract of every record
of the BDCI corpus, jieba's default accurate mode, whitespace/punctuation-only tokens dropped,
Latin lower-cased; Okapi BM25 k1 1.5, b 0.75, idf ln(1 + (N - df + 0.5) / (df + 0.5)), query
tokens counted as they occur; holders are assignees named like a university or institute,
scored by their best patent; a holder whose best score is 0 is not retrieved.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter, defaultdict
from pathlib import Path

import jieba

K1, B = 1.5, 0.75
ACADEMIC_NAME = re.compile("大学|学院|研究院|研究所|科学院|研究中心|实验室")
_WORDLIKE = re.compile(r"\w")


def _tokens(tokenizer: jieba.Tokenizer, text: str) -> list[str]:
    return [t.lower() for t in tokenizer.lcut(text) if t.strip() and _WORDLIKE.search(t) and t != "_"]


class Bm25Baseline:
    def __init__(self, corpus: Path) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()  # jieba's own dictionary, none of ours
        with corpus.open(encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        docs = [Counter(_tokens(self._jieba, r["title"] + "。" + r["abstract"])) for r in records]
        self._lengths = [sum(d.values()) for d in docs]
        self._avg = sum(self._lengths) / len(docs)
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(doc.keys())
        self._idf = {t: math.log(1 + (len(docs) - n + 0.5) / (n + 0.5)) for t, n in df.items()}
        self._postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, doc in enumerate(docs):
            for token, tf in doc.items():
                self._postings[token].append((i, tf))
        self._holder = [r["assignee"] if ACADEMIC_NAME.search(r["assignee"] or "") else None for r in records]

    def rank_holders(self, need: str) -> list[str]:
        scores: dict[int, float] = defaultdict(float)
        for token in _tokens(self._jieba, need):
            idf = self._idf.get(token)
            if idf is None:
                continue
            for i, tf in self._postings[token]:
                if self._holder[i] is not None:
                    norm = tf + K1 * (1 - B + B * self._lengths[i] / self._avg)
                    scores[i] += idf * tf * (K1 + 1) / norm
        best: dict[str, float] = {}
        for i, score in scores.items():
            name = self._holder[i]
            if name is not None and score > best.get(name, 0.0):
                best[name] = score
        return sorted(best, key=lambda h: (-best[h], h))
