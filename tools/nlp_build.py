"""Build the patent domain dictionary and tables (构建专利领域词典): ``python -m tools.nlp_build``.

Reads the Chinese IPC titles, the bdci patent corpus and, when present, the chain definitions'
node keywords (``data/chains/*.yaml``), and writes into ``data/nlp/``:

* ``patent_dict.txt`` - jieba user dictionary ``word freq tag``: repair words found by
  :mod:`nlp.discovery`, the hand-written seed terms and chain keywords. Frequencies are the
  larger of the corpus count scaled to jieba's dictionary size and twice what jieba needs to
  prefer the whole word over its default split (``suggest_freq`` logic), so 石墨烯 and
  锂离子电池 stay whole without swallowing their neighbours.
* ``tech_terms.txt`` - TECH gazetteer ``term<TAB>source``: the above plus term phrases and short
  IPC title fragments (手动中耕机, 拔草工具).
* ``idf.txt`` - ``word idf`` over the corpus segmented with the new dictionary (for keywords).

The output is deterministic (sorted), so a re-run with the same inputs gives the same files.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import jieba
import typer

from nlp.discovery import Candidate, discover_candidates, is_repair_word, is_term_phrase
from nlp.resources import (
    IDF_TABLE,
    PATENT_DICT,
    SEED_TERMS,
    TECH_TERMS,
    data_dir,
    read_lines,
    read_stop_words,
)

logger = logging.getLogger(__name__)

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
DEFAULT_IPC = SHARED / "ipc_2026_zh" / "ipc_2026_01_zh.tsv"
DEFAULT_CORPUS = SHARED / "patents_bdci2022" / "patents.jsonl"
DEFAULT_CHAINS = Path(__file__).resolve().parent.parent / "data" / "chains"

# A lone character that makes a verb phrase, not a word (连接/有, 转换/到, 可/移动, 工作/时).
_REPAIR_DENY = set("有到可出成时能来是作入上下中内外后前使将于为以在")
# Generic first words that make a phrase descriptive rather than a term (不同类型, 现有技术).
_PHRASE_DENY_FIRST = {"不同", "特殊", "解决", "现有", "相关", "提升", "提高", "使用", "应用", "形成", "得到"}
_IPC_FRAGMENT = re.compile(r"[；;，,、。：:]|或|和|与|及")
_IPC_BAD = re.compile(
    r"^[一二三四五六七八九十几多两每各某至仅只]|[的其此入以除用带对使在由者所该如是个些]|类似|专门|特殊|一般|其他|不"
)
_HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
_IPC_TERM = re.compile(r"^[\u4e00-\u9fff]{3,8}$")


def jieba_tags() -> dict[str, str]:
    """POS tag of each word in jieba's shipped dictionary (``dict.txt``)."""
    path = Path(jieba.__file__).resolve().parent / "dict.txt"
    tags = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


def read_corpus(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [f"{row['title']}。{row['abstract']}" for row in map(json.loads, handle)]


def read_ipc_titles(path: Path) -> list[str]:
    titles = []
    with path.open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3:
                # drop cross-references such as （用于播种…入A01C5/00）
                titles.append(re.sub(r"（[^）]*）|\([^)]*\)", "", parts[2]).replace(" ", ""))
    return titles


def read_chain_keywords(chains_dir: Path) -> set[str]:
    """Node names and keywords of the chain definitions, if another engineer has written them."""
    import yaml

    words: set[str] = set()
    for path in sorted(chains_dir.glob("*.yaml")) if chains_dir.is_dir() else []:
        words.update(_keywords_in(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return {w for w in words if w and len(w) <= 12 and not any(ch.isspace() for ch in w)}


def _keywords_in(node: object) -> Iterable[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("keywords", "name") and isinstance(value, list | tuple):
                yield from (str(v).strip() for v in value)
            elif key == "name" and isinstance(value, str):
                yield value.strip()
            else:
                yield from _keywords_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keywords_in(item)


def ipc_fragments(titles: Iterable[str]) -> set[str]:
    """Short noun phrases of IPC titles: 锹, 手动中耕机, 拔草工具 (one title has several)."""
    out = set()
    for title in titles:
        for frag in _IPC_FRAGMENT.split(title):
            if _IPC_TERM.match(frag) and not _IPC_BAD.search(frag):
                out.add(frag)
    return out


def whole_word_freq(word: str, tokenizer: jieba.Tokenizer, corpus_count: int, scale: float) -> int:
    """Frequency that makes jieba prefer ``word`` over its default split, with a margin of two."""
    prob = 1.0
    for piece in tokenizer.cut(word, HMM=False):
        prob *= tokenizer.FREQ.get(piece, 1) / tokenizer.total
    needed = int(prob * tokenizer.total * 2) + 1
    return max(needed, int(corpus_count * scale), tokenizer.FREQ.get(word, 0) or 0)


def build_resources(
    ipc_path: Path = DEFAULT_IPC,
    corpus_path: Path = DEFAULT_CORPUS,
    chains_dir: Path = DEFAULT_CHAINS,
    out_dir: Path | None = None,
) -> dict[str, int]:
    out = out_dir or data_dir()
    base = jieba.Tokenizer()
    base.initialize()
    tags = jieba_tags()
    stop_words = read_stop_words(out)
    corpus, titles = read_corpus(corpus_path), read_ipc_titles(ipc_path)
    segmented = [list(base.cut(text, HMM=False)) for text in corpus + titles]
    candidates = discover_candidates(segmented, tags.get, stop_words)
    repairs = [c for c in candidates if is_repair_word(c) and not _denied_repair(c)]
    phrases = [c for c in candidates if not is_repair_word(c) and _good_phrase(c, tags)]
    seeds = set(read_lines(out / SEED_TERMS))
    chain_words = read_chain_keywords(chains_dir)
    corpus_tokens = sum(len(t) for t in segmented)
    scale = base.total / max(corpus_tokens, 1)

    counts = {c.word: c.count for c in repairs}
    # chain keywords jieba already splits into words stay out of its dictionary (gazetteer only)
    chain_repairs = {w for w in chain_words if any(len(p) == 1 for p in base.cut(w, HMM=False))}
    dict_words = sorted(set(counts) | seeds | chain_repairs)
    dict_lines = [f"{w} {whole_word_freq(w, base, counts.get(w, 1), scale)} tech" for w in dict_words]
    (out / PATENT_DICT).write_text("\n".join(dict_lines) + "\n", encoding="utf-8")

    sources: dict[str, str] = {}
    for word in ipc_fragments(titles):
        pieces = list(base.cut(word, HMM=False))
        if word not in stop_words and pieces[-1] not in stop_words:
            sources[word] = "ipc"
    for cand in phrases:
        sources[cand.word] = "corpus_phrase"
    for word in counts:
        sources[word] = "corpus_word"
    for word in chain_words:
        sources[word] = "chain"
    for word in seeds:
        sources[word] = "seed"
    terms = sorted(w for w in sources if len(w) >= 2)
    (out / TECH_TERMS).write_text("".join(f"{w}\t{sources[w]}\n" for w in terms), encoding="utf-8")

    idf_count = write_idf(corpus, dict_lines, stop_words, out / IDF_TABLE)
    figures = {"dict_words": len(dict_lines), "tech_terms": len(terms), "idf_words": idf_count}
    logger.info("built NLP resources in %s: %s", out, figures)
    return figures


def _denied_repair(cand: Candidate) -> bool:
    return any(len(p) == 1 and p in _REPAIR_DENY for p in cand.parts)


def _good_phrase(cand: Candidate, tags: dict[str, str]) -> bool:
    return is_term_phrase(cand, tags.get) and cand.parts[0] not in _PHRASE_DENY_FIRST


def write_idf(corpus: list[str], dict_lines: list[str], stop_words: frozenset[str], path: Path) -> int:
    """IDF = ln(N / df) over the corpus segmented with the domain dictionary (words seen twice+)."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for line in dict_lines:
        word, freq, tag = line.split(" ")
        tokenizer.add_word(word, int(freq), tag)
    doc_freq: Counter[str] = Counter()
    for text in corpus:
        doc_freq.update({w for w in tokenizer.cut(text) if len(w) >= 2 and w not in stop_words})
    n_docs = len(corpus)
    rows = sorted((w, math.log(n_docs / df)) for w, df in doc_freq.items() if df >= 2 and w.strip())
    path.write_text("".join(f"{w} {idf:.4f}\n" for w, idf in rows), encoding="utf-8")
    return len(rows)


def main(
    ipc: Path = DEFAULT_IPC,
    corpus: Path = DEFAULT_CORPUS,
    chains: Path = DEFAULT_CHAINS,
    out: Path | None = None,
) -> None:
    """Rebuild data/nlp/patent_dict.txt, tech_terms.txt and idf.txt from the sources."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    jieba.setLogLevel(logging.WARNING)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    figures = build_resources(ipc, corpus, chains, out)
    logger.info("%s", figures)


if __name__ == "__main__":
    typer.run(main)
