"""Patent NLP (专利文本处理): jieba + spaCy with the project's patent domain dictionary.

Public API (small and stable; heavy imports happen on first use, not at package import):

* ``load_pipeline() -> PatentNlp`` - cached; ``segment``, ``terms``, ``analyse_patents``, ``query_terms``
* ``map_chain_nodes(title, abstract, ipc_codes, nodes)`` -> [(node_key, confidence, reason)]
* ``ipc_technologies(ipc_codes, ipc_titles)`` -> [(key, name, weight)]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nlp.chains import ipc_technologies, map_chain_nodes

if TYPE_CHECKING:
    from nlp.pipeline import PatentAnalysis, PatentNlp, Term

__all__ = ["PatentAnalysis", "PatentNlp", "Term", "ipc_technologies", "load_pipeline", "map_chain_nodes"]


def __getattr__(name: str) -> Any:
    # spaCy is imported only when the pipeline is asked for (keeps `import nlp` light)
    if name in {"load_pipeline", "PatentNlp", "PatentAnalysis", "Term"}:
        from nlp import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
