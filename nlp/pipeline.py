"""Public API of the NLP layer (专利文本分析): ``load_pipeline() -> PatentNlp``.

``PatentNlp`` wraps the spaCy pipeline built from ``nlp/config.cfg`` and turns Docs into plain
values: words (``segment``), terms with char offsets (``terms``), per-patent analyses for ingest
(``analyse_patents``) and query terms for an SME's free-text need (``query_terms``). Documents
and queries go through the same tokenizer, stop words and term keys, so they meet in search.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import nlp.components  # registers the component factories
import nlp.tech_model  # noqa: F401
from nlp.resources import read_idf, read_stop_words
from nlp.tokenizer import PatentJiebaTokenizer, doc_words

logger = logging.getLogger(__name__)

CONFIG_PATH = Path(__file__).resolve().parent / "config.cfg"
OrgLinker = Callable[[str], str | None]
TECH_MODEL = "patentnav_tech_model"
_SEARCH_CACHE_SIZE = 200_000


@dataclass(frozen=True, slots=True)
class Term:
    """A technical term (TECH) or organisation (ORG) mention; offsets are characters."""

    start: int
    end: int
    text: str
    label: str
    key: str  # Technology key (normalised, synonyms applied) or holder key


@dataclass(frozen=True, slots=True)
class PatentAnalysis:
    tokens: list[str]  # search words: no stop words, punctuation or bare numbers
    technologies: list[tuple[str, str, float]]  # (key, name, weight)
    keywords: list[str]
    orgs: list[str]  # holder keys when a linker is set, else normalised names
    terms: list[Term] = field(default_factory=list)


def build_nlp(
    data_dir: str | None = None, tech_model: bool | None = None, model_mode: str | None = None
) -> Language:
    """The spaCy ``zh`` pipeline from ``config.cfg``, initialised (dictionary and TECH model loaded).

    ``tech_model`` / ``model_mode`` override the config's ``patentnav_tech_model`` settings
    (the bench and ``tools.nlp_train`` build the rules-only pipeline with ``tech_model=False``).
    """
    config = spacy.util.load_config(CONFIG_PATH)
    if data_dir:
        config["initialize"]["tokenizer"]["data_dir"] = data_dir
        for name in config["initialize"]["components"]:
            config["initialize"]["components"][name]["data_dir"] = data_dir
    if tech_model is not None:
        config["components"][TECH_MODEL]["enabled"] = tech_model
    if model_mode is not None:
        config["components"][TECH_MODEL]["mode"] = model_mode
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    nlp.initialize()
    return nlp


class PatentNlp:
    def __init__(self, nlp: Language, org_linker: OrgLinker | None = None, keyword_count: int = 8) -> None:
        self.nlp = nlp
        self.org_linker = org_linker
        self.keyword_count = keyword_count
        self.stop_words = read_stop_words()
        self.idf, self.default_idf = read_idf()
        self._search_words: dict[str, tuple[str, ...]] = {}  # word -> its search tokens

    @property
    def tokenizer(self) -> PatentJiebaTokenizer:
        tokenizer = self.nlp.tokenizer
        assert isinstance(tokenizer, PatentJiebaTokenizer)
        return tokenizer

    def segment(self, text: str) -> list[str]:
        """Words of ``text`` (分词), whitespace dropped; the lean path, no pipeline components."""
        return [w for w in self.tokenizer.words(text) if w.strip()]

    def terms(self, text: str) -> list[Term]:
        return self._terms(self.nlp(text))

    def _terms(self, doc: Doc) -> list[Term]:
        terms = []
        for ent in doc.ents:
            key = ent.kb_id_ or ent.text
            if ent.label_ == "ORG" and self.org_linker is not None:
                key = self.org_linker(ent.text) or key
            terms.append(Term(ent.start_char, ent.end_char, ent.text, ent.label_, key))
        return terms

    def search_tokens(self, doc: Doc) -> list[str]:
        """Content words plus their in-dictionary 2/3-character sub-words (as jieba's search mode)."""
        out: list[str] = []
        cache = self._search_words
        for word in doc_words(doc):
            found = cache.get(word)
            if found is None:
                found = cache[word] = self._search_words_of(word)
            out.extend(found)
        if len(cache) > _SEARCH_CACHE_SIZE:  # a word list, so bounded by the vocabulary anyway
            cache.clear()
        return out

    def _search_words_of(self, word: str) -> tuple[str, ...]:
        if word in self.stop_words or not _has_content(word):
            return ()
        if len(word) <= 2:
            return (word,)
        return (word, *(sub for sub in _subwords(word) if self.tokenizer.in_dictionary(sub)))

    def keywords(self, tokens: Sequence[str]) -> list[str]:
        """TF-IDF with the corpus IDF table (data/nlp/idf.txt) over the search tokens."""
        counts = Counter(t for t in tokens if len(t) >= 2)
        scored = sorted(counts, key=lambda w: (-counts[w] * self.idf.get(w, self.default_idf), w))
        return scored[: self.keyword_count]

    def analyse_doc(self, doc: Doc) -> PatentAnalysis:
        terms = self._terms(doc)
        tokens = self.search_tokens(doc)
        title_end = doc.user_data.get("title_end", 0) if doc.user_data else 0
        return PatentAnalysis(
            tokens=tokens,
            technologies=_technologies(terms, title_end),
            keywords=self.keywords(tokens),
            orgs=list(dict.fromkeys(t.key for t in terms if t.label == "ORG")),
            terms=terms,
        )

    def analyse_patents(
        self, texts: Iterable[tuple[str, str, str]], n_process: int = 1, batch_size: int = 64
    ) -> Iterator[PatentAnalysis]:
        """Analyse (title, abstract, claims) triples in order; ``n_process > 1`` forks workers."""
        if n_process <= 1:
            yield from self._analyse_chunk(list(texts), batch_size)
            return
        context = multiprocessing.get_context("fork")  # workers inherit the initialised pipeline
        global _WORKER
        _WORKER = self
        with context.Pool(n_process) as pool:
            for chunk in pool.imap(_worker_chunk, _chunks(texts, batch_size * 4)):
                yield from chunk

    def _analyse_chunk(self, texts: list[tuple[str, str, str]], batch_size: int) -> list[PatentAnalysis]:
        joined = ((_join(t), len(t[0])) for t in texts)
        results = []
        for doc, title_end in self.nlp.pipe(joined, as_tuples=True, batch_size=batch_size):
            doc.user_data["title_end"] = title_end
            results.append(self.analyse_doc(doc))
        return results

    def query_terms(self, need_text: str) -> list[str]:
        """An SME's need (需求) -> its content words in order (repeats kept: emphasis), then the
        technology keys it implies.

        Words, not sub-words: collaborator search matches the characters of each word, so a
        word is one unit of the need. Single characters that are not stop words stay (铜, 钢, 煤,
        盐): in everyday Chinese one character is often the thing itself. Technology keys
        follow: terms spanning several words (固态/电解质 -> 固态电解质) and synonyms
        (锂电池 -> 锂离子电池).
        """
        doc = self.nlp(need_text)
        words = [w for w in doc_words(doc) if self._is_query_word(w)]  # a repeated word stays repeated
        keys = [t.key for t in self._terms(doc) if t.label == "TECH"]
        return words + [k for k in dict.fromkeys(keys) if k not in words]

    def _is_query_word(self, word: str) -> bool:
        if word in self.stop_words or not any(ch.isalpha() for ch in word):
            return False
        return len(word) >= 2 or "\u4e00" <= word <= "\u9fff"


_WORKER: PatentNlp | None = None


def _worker_chunk(texts: list[tuple[str, str, str]]) -> list[PatentAnalysis]:
    assert _WORKER is not None
    return _WORKER._analyse_chunk(texts, 64)


def _chunks(texts: Iterable[tuple[str, str, str]], size: int) -> Iterator[list[tuple[str, str, str]]]:
    iterator = iter(texts)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _join(triple: tuple[str, str, str]) -> str:
    return "。".join(part for part in triple if part)


def _has_content(word: str) -> bool:
    return any(ch.isalpha() for ch in word) and not (len(word) == 1 and "\u4e00" <= word <= "\u9fff")


def _subwords(word: str) -> Iterator[str]:
    for n in (2, 3):
        if len(word) > n:
            for i in range(len(word) - n + 1):
                yield word[i : i + n]


def _technologies(terms: list[Term], title_end: int) -> list[tuple[str, str, float]]:
    """Technology weight: mentions (log-damped) plus a bonus when the term is in the title."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    in_title: set[str] = set()
    for term in terms:
        if term.label != "TECH":
            continue
        counts[term.key] += 1
        names.setdefault(term.key, term.text)
        if term.end <= title_end:
            in_title.add(term.key)
    weights = {
        k: min(1.0, 0.4 + 0.2 * math.log2(c) + (0.4 if k in in_title else 0.0)) for k, c in counts.items()
    }
    ranked = sorted(weights, key=lambda k: (-weights[k], k))
    return [(k, names[k], round(weights[k], 3)) for k in ranked]


@lru_cache(maxsize=1)
def load_pipeline() -> PatentNlp:
    """The process-wide pipeline, built and initialised once (cached)."""
    logger.info("building the patent NLP pipeline from %s", CONFIG_PATH)
    return PatentNlp(build_nlp())
