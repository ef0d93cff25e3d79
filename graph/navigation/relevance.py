"""Relevance of patents to a need (需求-专利相关度): word coverage plus pseudo-relevance feedback.

Per searched word ``w`` and patent ``d``, ``s_w(d)`` is the idf-weighted share of the word's
character features found in ``d``, each feature counted through its BM25 tf part (so in
[0, 1]). A word weighs ``W_w``, the idf sum of its features the corpus knows, times how often
the need says it. Then

* ``coverage(d) = sum_w W_w * min(1, s_w(d)) ** p / sum_w W_w`` in [0, 1]: how much of the
  need the patent covers. Saturating per word (``p`` < 1) rewards a patent that meets several
  of the need's words over one that repeats one word; a word unknown to the corpus adds nothing.
* Pseudo-relevance feedback (RM3): the character pairs that weigh most in the best
  ``feedback_docs`` patents (by coverage, count / length * idf) form a second query ``F``, scored
  with BM25; it brings in the technical words the need does not use (废电池 -> 浸出、萃取).
* ``relevance(d) = max coverage * ((1 - lambda) * coverage(d) / max coverage + lambda * F(d) / max F)``:
  the ranking score, on the coverage scale. Feedback re-ranks; only coverage and evidence decide
  whether a patent is relevant at all (``min_coverage``, ``min_evidence`` in ``collaborators``).
* ``evidence(d) = sum_w W_w * min(1, s_w(d)) ** p / idf(1)``: the same matches in absolute terms,
  in units of the idf of a feature only one patent has. Coverage alone flatters a short need
  (one half-matched word of a three-word need is a third of it); evidence does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from graph.navigation.need_terms import term_features
from graph.navigation.text_index import TextIndex, pair_features

Floats = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class RelevanceParams:
    saturation_exponent: float = 0.5  # p
    unigram_weight: float = 0.5  # a shared character counts half a shared character pair
    feedback_weight: float = 0.2  # lambda; 0 switches feedback off
    feedback_docs: int = 20
    feedback_features: int = 20
    term_match_share: float = 0.5  # a word "matches" a patent holding this share of its features


@dataclass(frozen=True, slots=True)
class NeedScores:
    terms: tuple[str, ...]  # searched words the corpus knows, in need order
    term_weights: tuple[float, ...]  # W_w
    per_term: Floats  # (terms x patents) min(1, s_w)
    coverage: Floats
    evidence: Floats
    relevance: Floats
    feedback: dict[str, float]  # feedback feature -> weight (sums to 1)
    features: tuple[dict[str, float], ...] = ()  # per known term: feature -> weight x idf

    def matched_terms(self, text: str, share: float) -> tuple[str, ...]:
        """The need words a patent's (normalised) text holds as written: what a reason may claim.

        Scoring credits partial matches (character pairs, single characters); a reason that
        said 白酒 for a text holding only 鸡尾酒 would be untrue, so only whole words count here.
        ``share`` is kept for callers that weigh partial presence elsewhere.
        """
        return tuple(term for term in self.terms if term and term in text)


def score_need(
    index: TextIndex, terms: Sequence[str], params: RelevanceParams, counts: Sequence[int] = ()
) -> NeedScores:
    """Coverage and relevance of every indexed patent for the searched words.

    ``counts``: how often the need says each word (a word said twice weighs twice, as query
    term frequency does in BM25); default once each.
    """
    known: list[str] = []
    weights: list[float] = []
    rows: list[Floats] = []
    features: list[dict[str, float]] = []
    for i, term in enumerate(terms):
        share, weighted = _term_share(index, term, params.unigram_weight)
        weight = sum(weighted.values())
        if weight > 0:
            known.append(term)
            weights.append(weight * (counts[i] if counts else 1))
            rows.append(share)
            features.append(weighted)
    per_term = np.vstack(rows) if rows else np.zeros((0, index.size), dtype=np.float32)
    total = float(sum(weights))
    if not total:
        zeros = np.zeros(index.size, dtype=np.float32)
        return NeedScores((), (), per_term, zeros, zeros, zeros, {}, ())
    w = np.asarray(weights, dtype=np.float32)[:, None]
    coverage = ((w * per_term**params.saturation_exponent).sum(axis=0) / total).astype(np.float32)
    evidence = (coverage * (total / (index.idf(1) or 1.0))).astype(np.float32)
    relevance, feedback = _with_feedback(index, coverage, params)
    return NeedScores(
        tuple(known), tuple(weights), per_term, coverage, evidence, relevance, feedback, tuple(features)
    )


def _term_share(index: TextIndex, term: str, unigram_weight: float) -> tuple[Floats, dict[str, float]]:
    """``min(1, s_w)`` for every patent and the word's known features with weight x idf (sum: ``W_w``)."""
    share = np.zeros(index.size, dtype=np.float32)
    weighted: dict[str, float] = {}
    for feature, value in term_features(term, unigram_weight).items():
        postings = index.postings(feature)
        if postings is None:
            continue
        share[postings.docs] += value * postings.idf * postings.tfs
        weighted[feature] = value * postings.idf
    weight = sum(weighted.values())
    if weight:
        np.minimum(share / weight, 1.0, out=share)
    return share, weighted


def _with_feedback(
    index: TextIndex, coverage: Floats, params: RelevanceParams
) -> tuple[Floats, dict[str, float]]:
    best = float(coverage.max())
    if params.feedback_weight <= 0 or best <= 0:
        return coverage, {}
    feedback = feedback_model(index, coverage, params)
    scored = np.zeros(index.size, dtype=np.float32)
    for feature, value in feedback.items():
        postings = index.postings(feature)
        if postings is not None:
            scored[postings.docs] += value * postings.idf * postings.tfs
    top = float(scored.max())
    lam = params.feedback_weight
    mixed = (1 - lam) * coverage / best + (lam * scored / top if top > 0 else 0.0)
    return (best * mixed).astype(np.float32), feedback


def feedback_model(index: TextIndex, coverage: Floats, params: RelevanceParams) -> dict[str, float]:
    """RM3-style expansion: pair features weighted by the best patents' coverage."""
    count = min(params.feedback_docs, index.size)
    top = np.argpartition(-coverage, count - 1)[:count] if count else np.zeros(0, dtype=np.int64)
    weights: dict[str, float] = {}
    idf: dict[str, float] = {}
    for row in (int(r) for r in top if coverage[r] > 0):
        length = float(index.pair_len[row]) or 1.0
        for feature, tf in pair_features(index.texts[row]).items():
            if feature not in idf:
                idf[feature] = index.idf(index.document_frequency(feature))
            weights[feature] = weights.get(feature, 0.0) + float(coverage[row]) * tf / length * idf[feature]
    chosen = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[: params.feedback_features]
    total = sum(v for _, v in chosen)
    return {f: v / total for f, v in chosen} if total > 0 else {}
