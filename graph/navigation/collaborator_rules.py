"""The rules of collaborator discovery (合作对象发现规则) and the answer when nobody fits.

``CollaboratorParams`` holds every threshold and weight; ``definitions`` writes those of one
run down in Chinese, so an analyst can quote them; ``nearest_fields`` names the IPC subclasses
of the patents closest to a need that no patent covers well enough (最接近的技术领域).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from graph.errors import NotFoundError
from graph.models import PatentFilter
from graph.navigation.common import ToDictMixin
from graph.navigation.need_terms import NeedTerms
from graph.navigation.relevance import NeedScores, RelevanceParams
from graph.navigation.sleeping import SleepingParams
from graph.navigation.text_index import TextIndex
from graph.schema import Label
from graph.store import GraphStore


class Availability(StrEnum):
    ANY = "any"  # every matched holder
    AVAILABLE = "available"  # holders with a sleeping or open-licensed offered patent
    OPEN_LICENCE = "open_licence"  # holders with an open-licensed offered patent


@dataclass(frozen=True, slots=True)
class CollaboratorParams:
    relevance: RelevanceParams = field(default_factory=RelevanceParams)
    min_coverage: float = 0.1  # a patent covering less of the need is not relevant ...
    min_evidence: float = 0.5  # ... nor one with less matched evidence (relevance.py) ...
    min_matched_words: int = 0  # ... nor one holding fewer of the need's words (0: no such rule)
    breadth_bonus: float = 0.1  # share of the 2nd and 3rd relevant patent added to the best
    secondary_share: float = 0.1  # the non-text parts raise a score by at most this share
    secondary_weights: dict[str, float] = field(
        default_factory=lambda: {
            "availability": 0.4,
            "transfer_record": 0.2,
            "distance": 0.2,
            "chain_fit": 0.2,
        }
    )
    max_candidates: int = 300  # relevant patents examined, best first
    transfer_saturation: int = 3  # 3 transfers/licences/equity deals to SMEs score 1
    patents_per_holder: int = 5
    paths_per_holder: int = 3
    same_province_only: bool = False
    sleeping: SleepingParams = field(default_factory=SleepingParams)


NO_MATCH = "未找到合适的合作对象"
NEAREST_PATENTS = 20  # the closest patents whose IPC subclasses name the nearest fields
NEAREST_FIELDS = 5


@dataclass(frozen=True, slots=True)
class NearestField(ToDictMixin):
    ipc_subclass: str
    title: str  # IPC Chinese title, "" when the store has no IPC reference for it
    patents: int  # of the closest patents, how many are classified there


def definitions(params: CollaboratorParams, include_lapsed: bool) -> dict[str, str]:
    rel = params.relevance
    secondary = "、".join(f"{k} {v:g}" for k, v in params.secondary_weights.items())
    return {
        "relevance": (
            "相关度: 需求词按字及相邻两字与专利题名摘要匹配 (BM25), 每个需求词的命中程度封顶后按 IDF 加权求和"
            f" (饱和指数 {rel.saturation_exponent:g}); 再以最相关的 {rel.feedback_docs} 件专利中最重要的"
            f" {rel.feedback_features} 个词做伪相关反馈, 权重 {rel.feedback_weight:g}"
        ),
        "min_relevance": (
            f"最低相关度: 专利对需求词的加权覆盖率低于 {params.min_coverage:.0%}, 或匹配证据 (按 IDF 计,"
            f" 以只出现在一件专利中的字词为 1) 低于 {params.min_evidence:g}, 或含有的需求词少于"
            f" {params.min_matched_words} 个的, 不算相关专利"
        ),
        "generic_words": (
            "套话和泛化词 (我们、想、需要、问题、技术、方法、系统、提高、效率、利用等) 不参与匹配,"
            " 只由它们组成的需求没有候选"
        ),
        "holder_aggregation": (
            f"权利人相关度 = 最相关专利的相关度 + {params.breadth_bonus:g} x 第二、三件相关专利的相关度"
        ),
        "ranking": (
            "相关度决定排名; 可获得性、向中小企业转化记录、地理距离、产业链契合度合计至多提高得分"
            f" {params.secondary_share:.0%} ({secondary}), 只在相关度相近的权利人之间调整顺序;"
            " 用作筛选条件时直接排除不符合者"
        ),
        "validity": (
            "包括失效、驳回、撤回的专利 (仅供对照)"
            if include_lapsed
            else "只提供有效专利和审中申请 (标注“审中”); 失效、驳回、撤回的专利不提供"
        )
        + "; 失效专利的开放许可或沉睡状态不算可获得",
    }


def no_match_message(need: NeedTerms, fields: tuple[NearestField, ...] | None) -> str:
    """Why nobody is offered: nothing to search (``fields`` None), or nothing relevant enough."""
    if fields is None:
        dropped = "、".join(need.dropped) or "无"
        return (
            f"{NO_MATCH}: 需求中没有可检索的技术词 (只有套话或泛化词: {dropped}), 请描述具体的技术问题或产品"
        )
    message = f"{NO_MATCH}: 没有专利达到最低相关度 (见 definitions.min_relevance)"
    if fields:
        message += "; 最接近的技术领域: " + "、".join(f"{f.ipc_subclass} {f.title}".strip() for f in fields)
    return message


def nearest_fields(store: GraphStore, index: TextIndex, scores: NeedScores) -> tuple[NearestField, ...]:
    """IPC subclasses of the patents that cover the need best, however little (any holder)."""
    count = min(NEAREST_PATENTS, index.size)
    if not count or float(scores.coverage.max()) <= 0:
        return ()
    top = np.argsort(-scores.coverage, kind="stable")[:count]
    pub_nos = tuple(sorted(index.pub_nos[int(r)] for r in top if scores.coverage[r] > 0))
    subclasses: Counter[str] = Counter()
    for fact in store.patent_facts(PatentFilter(pub_nos=pub_nos)):
        subclasses.update({code[:4] for code in fact.ipc_codes if len(code) >= 4})
    ranked = sorted(subclasses.items(), key=lambda kv: (-kv[1], kv[0]))[:NEAREST_FIELDS]
    return tuple(NearestField(code, _ipc_title(store, code), n) for code, n in ranked)


def _ipc_title(store: GraphStore, code: str) -> str:
    try:
        found = store.neighbourhood(Label.IPC.value, code, depth=0, limit=1)
    except NotFoundError:
        return ""
    return found.nodes[0].name if found.nodes else ""
