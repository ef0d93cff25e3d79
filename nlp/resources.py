"""Where the NLP resources live and how they are read (资源文件).

Everything is under ``data/nlp/`` in the repository (see its PROVENANCE.txt). Hand-written inputs:
``boilerplate.txt``, ``seed_terms.txt``, ``synonyms.tsv``. Built by ``python -m tools.nlp_build``:
``patent_dict.txt`` (jieba user dictionary), ``tech_terms.txt`` (TECH gazetteer), ``idf.txt``.
Nothing is read at import time; readers are called from ``initialize()`` / ``load_pipeline()``.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from graph.errors import ConfigurationError

PATENT_DICT = "patent_dict.txt"
TECH_TERMS = "tech_terms.txt"
IDF_TABLE = "idf.txt"
BOILERPLATE = "boilerplate.txt"
SEED_TERMS = "seed_terms.txt"
SYNONYMS = "synonyms.tsv"
NER_MODEL = "tech_ner"


def data_dir() -> Path:
    """``data/nlp`` of the repository, or ``PATENTNAV_NLP_DATA`` when set (tests, deployments)."""
    override = os.environ.get("PATENTNAV_NLP_DATA")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "data" / "nlp"


def resource_path(name: str, base: Path | None = None) -> Path:
    path = (base or data_dir()) / name
    if not path.exists():
        raise ConfigurationError(f"NLP resource missing: {path} (run `python -m tools.nlp_build`)")
    return path


def read_lines(path: Path) -> Iterator[str]:
    """Non-empty lines without comments."""
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.strip()
            if line and not line.startswith("#"):
                yield line


def normalise_text(text: str) -> str:
    """Full width -> half width (NFKC), Latin lower-cased, inner spaces removed: the key form."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def read_synonyms(base: Path | None = None) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in read_lines(resource_path(SYNONYMS, base)):
        variant, _, canonical = line.partition("\t")
        if canonical:
            table[normalise_text(variant)] = normalise_text(canonical)
    return table


def read_stop_words(base: Path | None = None) -> frozenset[str]:
    """Patent boilerplate (hand-written) plus spaCy's Chinese stop-word list."""
    from spacy.lang.zh.stop_words import STOP_WORDS

    return frozenset(read_lines(resource_path(BOILERPLATE, base))) | frozenset(STOP_WORDS)


def read_tech_terms(base: Path | None = None) -> frozenset[str]:
    return frozenset(line.split("\t", 1)[0] for line in read_lines(resource_path(TECH_TERMS, base)))


def read_idf(base: Path | None = None) -> tuple[dict[str, float], float]:
    """IDF per word and the IDF given to unseen words (the median, as jieba.analyse does)."""
    table: dict[str, float] = {}
    for line in read_lines(resource_path(IDF_TABLE, base)):
        word, _, value = line.rpartition(" ")
        table[word] = float(value)
    values = sorted(table.values())
    return table, (values[len(values) // 2] if values else 10.0)
