"""Character n-gram text index (字符检索索引) over every patent's title and abstract.

Collaborator discovery scores patents with BM25 statistics of character features: single Han
characters (their own field: length = characters), Han character pairs and Latin/digit runs
(the pair field: length = pairs + runs). The postings live in numpy arrays, so one need is
scored against 100k patents in milliseconds.

The index is built from ``GraphStore.patent_texts`` (the same rows from both stores, so both
give the same answers) on the first query and kept per store while the store's patent count
stays the same (an ingest that adds patents rebuilds it; ``drop_text_index`` forces it).
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.models import HolderType, PatentFilter, PatentText
from graph.navigation.need_terms import normalise_text, text_pieces
from graph.store import GraphStore

logger = logging.getLogger(__name__)

K1, B = 1.5, 0.75  # Okapi BM25, as the baseline it is compared with
_LATIN = 1 << 42  # key space: characters < 2**21 <= pairs < 2**42 <= Latin/digit runs
_KEY_BITS = 43
_CHUNK = 20_000  # patents per vectorised extraction step
_HOLDER_BITS = {t: 1 << i for i, t in enumerate(HolderType)}

Floats = npt.NDArray[np.float32]
Array = npt.NDArray[Any]


def feature_key(feature: str) -> int:
    """The integer key of a feature: a character, a character pair or a Latin/digit run."""
    if len(feature) == 1 and not feature.isascii():
        return ord(feature)
    if len(feature) == 2 and not feature.isascii():
        return (ord(feature[0]) << 21) | ord(feature[1])
    return _LATIN | zlib.crc32(feature.encode("utf-8"))


def is_unigram(feature: str) -> bool:
    return len(feature) == 1 and not feature.isascii()


@dataclass(frozen=True, slots=True)
class Postings:
    docs: Array  # int32 document numbers
    tfs: npt.NDArray[np.float32]
    idf: float


class TextIndex:
    """Postings of character features; documents are numbered in ``pub_no`` order."""

    def __init__(self, rows: Iterable[PatentText]) -> None:
        pub_nos: list[str] = []
        titles: list[str] = []
        texts: list[str] = []
        masks: list[int] = []
        for row in rows:
            pub_nos.append(row.pub_no)
            titles.append(row.title)
            texts.append(normalise_text(row.title + "。" + row.abstract))
            masks.append(sum(_HOLDER_BITS[t] for t in set(row.holder_types)))
        self.pub_nos, self.titles, self.texts = pub_nos, titles, texts
        self.row_of = {p: i for i, p in enumerate(pub_nos)}
        self.size = len(pub_nos)
        self.holder_mask = np.asarray(masks, dtype=np.int64)
        keys, docs, tfs, self.uni_len, self.pair_len = _postings(texts)
        order = np.argsort(keys, kind="stable")  # docs stay ascending within a key
        keys, self._docs, self._tfs = keys[order], docs[order], tfs[order]
        self._keys, starts = np.unique(keys, return_index=True)
        self._starts = np.append(starts, len(keys)).astype(np.int64)
        self._avg_uni = float(self.uni_len.mean()) if self.size else 1.0
        self._avg_pair = float(self.pair_len.mean()) if self.size else 1.0

    def document_frequency(self, feature: str) -> int:
        found = self._slot(feature_key(feature))
        return 0 if found is None else int(self._starts[found + 1] - self._starts[found])

    def idf(self, df: int) -> float:
        """BM25 idf, 0 for a feature no patent has."""
        return float(np.log1p((self.size - df + 0.5) / (df + 0.5))) if df else 0.0

    def postings(self, feature: str) -> Postings | None:
        """Documents with the feature and their BM25 tf part in [0, 1), or None if absent."""
        slot = self._slot(feature_key(feature))
        if slot is None:
            return None
        start, end = int(self._starts[slot]), int(self._starts[slot + 1])
        docs = self._docs[start:end]
        tf = self._tfs[start:end]
        lengths, avg = (
            (self.uni_len, self._avg_uni) if is_unigram(feature) else (self.pair_len, self._avg_pair)
        )
        norm = tf / (tf + K1 * (1 - B + B * lengths[docs] / avg))
        return Postings(docs, norm.astype(np.float32), self.idf(end - start))

    def holder_type_mask(self, types: Sequence[HolderType]) -> npt.NDArray[np.bool_]:
        wanted = sum(_HOLDER_BITS[t] for t in set(types))
        return (self.holder_mask & wanted) != 0

    def _slot(self, key: int) -> int | None:
        i = int(np.searchsorted(self._keys, key))
        return i if i < len(self._keys) and int(self._keys[i]) == key else None


def pair_features(text: str) -> dict[str, int]:
    """Pair-field features of normalised text with their counts (for pseudo-relevance feedback)."""
    counts: dict[str, int] = {}
    for piece in text_pieces(text):
        if piece.isascii():
            counts[piece] = counts.get(piece, 0) + 1
            continue
        for i in range(len(piece) - 1):
            counts[piece[i : i + 2]] = counts.get(piece[i : i + 2], 0) + 1
    return counts


def _postings(texts: list[str]) -> tuple[Array, Array, Array, Array, Array]:
    """(keys, docs, tfs, unigram lengths, pair lengths), extracted chunk by chunk."""
    parts = [_chunk(texts[i : i + _CHUNK], i) for i in range(0, len(texts), _CHUNK)] or [_chunk([], 0)]
    keys, docs, tfs, uni, pair = (np.concatenate([p[j] for p in parts]) for j in range(5))
    return keys, docs, tfs, uni, pair


def _chunk(texts: list[str], base: int) -> tuple[Array, ...]:
    if not texts:
        return (np.zeros(0, np.int64), np.zeros(0, np.int32), *(np.zeros(0, np.float32) for _ in range(3)))
    joined = "\x00".join(texts) + "\x00"  # a separator is not Han, so no pair crosses patents
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    sizes = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), sizes)
    han = ((cps >= 0x3400) & (cps <= 0x4DBF)) | ((cps >= 0x4E00) & (cps <= 0x9FFF))
    pair = han[:-1] & han[1:]
    latin_keys: list[int] = []
    latin_docs: list[int] = []
    for i, text in enumerate(texts):
        for piece in text_pieces(text):
            if piece.isascii():
                latin_keys.append(feature_key(piece))
                latin_docs.append(i)
    keys = np.concatenate(
        [cps[han], (cps[:-1][pair] << 21) | cps[1:][pair], np.asarray(latin_keys, np.int64)]
    )
    docs = np.concatenate([doc[han], doc[:-1][pair], np.asarray(latin_docs, np.int64)])
    unique, counts = np.unique((docs << _KEY_BITS) | keys, return_counts=True)
    n = len(texts)
    uni_len = np.bincount(doc[han], minlength=n)
    pair_len = np.bincount(doc[:-1][pair], minlength=n) + np.bincount(
        np.asarray(latin_docs, np.int64), minlength=n
    )
    return (
        unique & ((1 << _KEY_BITS) - 1),
        ((unique >> _KEY_BITS) + base).astype(np.int32),
        np.minimum(counts, 65535).astype(np.float32),
        uni_len.astype(np.float32),
        pair_len.astype(np.float32),
    )


# --------------------------------------------------------------------------- per-store cache

_CACHE: weakref.WeakKeyDictionary[GraphStore, tuple[int, TextIndex]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def text_index(store: GraphStore) -> TextIndex:
    """The store's text index, built on first use and again when its patent count changed."""
    count = store.term_document_frequencies(())["*"]
    with _LOCK:
        cached = _CACHE.get(store)
        if cached is not None and cached[0] == count:
            return cached[1]
        started = time.perf_counter()
        index = TextIndex(store.patent_texts(PatentFilter()))
        _CACHE[store] = (count, index)
    logger.info("text index of %d patents built in %.1fs", index.size, time.perf_counter() - started)
    return index


def drop_text_index(store: GraphStore) -> None:
    """Forget the store's index (after an update that kept the patent count)."""
    with _LOCK:
        _CACHE.pop(store, None)
