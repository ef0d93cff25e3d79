"""Evidence levels of the patent -> chain-node mapping (专利-产业链环节映射置信度), defined once.

``nlp.chains`` assigns these confidences; the analyses count only mappings at or above
``MAPPING_MIN_CONFIDENCE`` (lower ones are never stored) and state the rule in their results;
``graph.chains`` refuses nodes whose keywords are all generic and that have no IPC code.

A node term is one of the node's ``keywords``. Generic terms (``data/chains/generic_terms.txt``:
drafting phrases such as 制备方法, and broad words such as 发酵, 处理器) never map a patent on their
own, and a generic term hides any node term inside it (聚乙烯醇 contains no 聚乙烯 evidence).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

# Confidence per evidence pattern, best first. "term" = a specific (non-generic) node term.
MAPPING_CONFIDENCE: Mapping[str, float] = MappingProxyType(
    {
        "ipc_and_term": 0.95,  # an IPC code under the node and a node term in title or abstract
        "title_term_and_more": 0.85,  # a node term in the title and another distinct one anywhere
        "title_term": 0.75,  # one node term, in the title
        "abstract_terms": 0.65,  # two distinct node terms, in the abstract only
        "ipc_and_generic_term": 0.55,  # an IPC code under the node and only generic terms
        "ipc_only": 0.5,  # the classification alone (many node codes are shared across industries)
        "abstract_term": 0.45,  # one node term, in the abstract only (often a passing mention)
    }
)
MAPPING_MIN_CONFIDENCE = 0.6  # stored and counted from here
HIGH_MAPPING_CONFIDENCE = 0.9  # "mapped with high confidence" (IPC and a specific term together)

EVIDENCE_ZH: Mapping[str, str] = MappingProxyType(
    {
        "ipc_and_term": "IPC 与专用关键词同时命中",
        "title_term_and_more": "标题含专用关键词且另有一个不同关键词",
        "title_term": "仅标题含一个专用关键词",
        "abstract_terms": "摘要含两个不同专用关键词",
        "ipc_and_generic_term": "IPC 与通用词",
        "ipc_only": "仅 IPC",
        "abstract_term": "仅摘要含一个关键词",
    }
)
MAPPING_RULE_ZH = (
    "专利-环节映射置信度: "
    + "; ".join(f"{EVIDENCE_ZH[kind]} {value}" for kind, value in MAPPING_CONFIDENCE.items())
    + "; 只有通用词 (制备方法、发酵、处理器等) 不映射。"
    + f"置信度 >= {MAPPING_MIN_CONFIDENCE} 的映射才写入图谱并计入分析, "
    + f">= {HIGH_MAPPING_CONFIDENCE} 为高置信度"
)


def default_generic_terms_path() -> Path:
    from graph.settings import get_settings

    return get_settings().data_dir / "chains" / "generic_terms.txt"


@lru_cache(maxsize=4)
def load_generic_terms(path: Path | None = None) -> frozenset[str]:
    """The generic terms, one per line ('#' starts a comment), as written (callers normalise)."""
    file = path or default_generic_terms_path()
    terms = set()
    for line in file.read_text(encoding="utf-8").splitlines():
        term = line.split("#", 1)[0].strip()
        if term:
            terms.add(term)
    return frozenset(terms)
