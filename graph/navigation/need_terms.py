"""Need terms (需求检索词): which words of an SME's need are searched, and as which features.

The caller (API/CLI) segments the need with the NLP pipeline (``PatentNlp.query_terms``);
navigation never imports nlp. Here the words are cleaned once for every caller:

* filler of demand-form language (口语套话: pronouns, request and modal verbs, evaluatives,
  "问题", "办法") is dropped;
* generic words (泛化词: 技术, 方法, 系统, 提高, 效率, 利用 ...) are dropped too, so they never
  match on their own; a need made only of them has nothing to search;
* a term naming the asker's own business (轴承厂, 配件公司) is searched as its trade (轴承): the
  organisation word at its end says who asks, not what is needed;
* a term that is other searched words written together (固态电解质 = 固态 + 电解质) gives way
  to them, and a word contained in another searched word is dropped (its characters are
  searched anyway): each unit of the need counts once.

Each searched word becomes character features, so problem words meet technical words where
they share characters (电池壳/电池, 轴承座/轴承, 防水漆/防水涂料): the word's character bigrams at weight 1
and its characters at ``unigram_weight``; a one-character word is its character; a Latin or
digit run (SNP, PM2.5, 5G) is one feature.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from graph.navigation.common import ToDictMixin


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Written from general Chinese usage of demand forms, not from any evaluation need.
FILLER_WORDS = _words(
    """
    我 我们 咱们 本厂 我厂 我司 我公司 贵方 他们 你们 大家 自己 这些 那些 这种 那种 这个
    那个 这样 那样 一些 很多 许多 不少 大量 一直 总是 经常 常常 老是 往往 每天 每次 有时
    有点 比较 非常 特别 十分 太 很 更 最 还 也 都 就 又 才 再 已经 正在 目前 现在
    以前 最近 今年 去年 时候 然后 而且 但是 可是 所以 因为 想 想要 想找 想把 想让 想用
    想在 希望 期望 需要 需求 要求 打算 准备 计划 寻求 寻找 找 找到 求 请 请问 能 能够
    可以 可 会 应该 得 要 让 使 把 被 给 帮 帮助 帮忙 提供 解决 办法 手段 思路 途径
    问题 难题 麻烦 困难 合作 团队 单位 机构 高校 专家 厂家 企业 公司 客户 小厂 工厂 好 好用 简单
    方便 便宜 实惠 靠谱 省事 省心 快 慢 多 少 贵 太贵 不好 不行 不够 不了 不住 不到
    不用 没有 没法 无法 怎么 怎样 如何 什么 哪里 哪家 哪些 为什么 一下 一点 一种 一款
    一套 一台 一批 一个 整套 有没有 是否 能否 之类 等等 相关 用 做 搞 弄 卖 买 拿 扔
    带 来 去 看 说 听说 知道 觉得 认为 里 上 下 中 内 外 时 后 前 旁 边 大 小 高
    低 多 少 新 老 长 短 强 弱
    """
)
GENERIC_WORDS = _words(
    """
    技术 方法 方式 系统 装置 设备 产品 工艺 方案 材料 结构 效率 效果 质量 性能 水平 能力
    成本 提高 提升 降低 减少 增加 改善 改进 优化 利用 应用 使用 实现 处理 生产 制备 开发
    研发 研究 工作 过程 作用 功能 专利 稳定 稳定性 可靠 可靠性 一致性 控制
    """
)
# who is asking, at the end of a term (轴承厂 -> 轴承); the trade before it must be 2+ characters
# (电厂, 钢厂 stay whole)
ORGANISATION_SUFFIXES = ("工厂", "厂家", "公司", "企业", "集团", "车间", "作坊", "厂", "店")
_UNSEARCHED = FILLER_WORDS | GENERIC_WORDS
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_PIECES = re.compile(f"[{_HAN}]+|[a-z0-9]+(?:\\.[0-9]+)?")


@dataclass(frozen=True, slots=True)
class NeedTerms(ToDictMixin):
    searched: tuple[str, ...]  # in the caller's order
    dropped: tuple[str, ...]  # filler, generic and contained words, with nothing searched for them
    counts: tuple[int, ...] = ()  # how often the need says each searched word (emphasis weighs)

    def count(self, term: str) -> int:
        return self.counts[self.searched.index(term)] if self.counts else 1


def normalise_text(text: str) -> str:
    """NFKC (full width -> half width) and lower case, as documents are indexed."""
    return unicodedata.normalize("NFKC", text).lower()


def is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u4dbf" or "\u4e00" <= ch <= "\u9fff"


def parse_need_terms(query_terms: Sequence[str]) -> NeedTerms:
    """The words to search for, filler and generic words out (see the module docstring)."""
    seen: dict[str, int] = {}
    dropped: dict[str, None] = {}
    for raw in query_terms:
        term = trade_of(normalise_text(raw.strip()))
        if not term or not _PIECES.search(term):
            continue
        if _only_unsearched_words(term):
            dropped.setdefault(term, None)
        else:
            seen[term] = seen.get(term, 0) + 1
    words = seen.keys() | dropped.keys()
    parts = [t for t in seen if not _joins(t, words - {t})]  # 固态电解质 = 固态 + 电解质
    kept = [t for t in parts if not any(t != other and t in other for other in parts)]
    counts = {t: seen[t] for t in kept}
    for term in parts:  # a contained word said again stresses the word that holds it
        if term not in counts:
            counts[next(other for other in kept if term in other)] += seen[term]
    dropped.update((t, None) for t in seen if t not in kept)
    return NeedTerms(tuple(kept), tuple(dropped), tuple(counts[t] for t in kept))


def trade_of(term: str) -> str:
    """The term without an organisation word at its end (轴承厂 -> 轴承), if 2+ characters remain."""
    for suffix in ORGANISATION_SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 2:
            return term[: -len(suffix)]
    return term


def _joins(term: str, others: set[str] | frozenset[str]) -> bool:
    """Whether ``term`` is two or more of the other words written together."""
    ends = {0}
    for end in range(1, len(term) + 1):
        if any(term[start:end] in others for start in ends.copy() if start < end and end - start < len(term)):
            ends.add(end)
    return len(term) in ends


def is_generic(term: str) -> bool:
    """Filler or generic (or a run of them): never searched, never shown as a matched word."""
    return _only_unsearched_words(normalise_text(term))


def _only_unsearched_words(term: str) -> bool:
    """Whether the term is a filler or generic word, or a run of them (利用效率, 提高效率)."""
    ends = {0}
    for end in range(1, len(term) + 1):
        if any(start in ends and term[start:end] in _UNSEARCHED for start in range(max(0, end - 4), end)):
            ends.add(end)
    return len(term) in ends


def text_pieces(text: str) -> Iterator[str]:
    """Runs of Han characters and Latin/digit runs of already normalised text."""
    return (m.group() for m in _PIECES.finditer(text))


def term_features(term: str, unigram_weight: float) -> dict[str, float]:
    """Feature -> weight of one searched word (bigrams 1, its characters ``unigram_weight``)."""
    features: dict[str, float] = {}
    for piece in text_pieces(normalise_text(term)):
        if not is_han(piece[0]) or len(piece) == 1:
            features[piece] = features.get(piece, 0.0) + 1.0
        else:
            for i in range(len(piece) - 1):
                features[piece[i : i + 2]] = features.get(piece[i : i + 2], 0.0) + 1.0
            for ch in piece:
                features[ch] = features.get(ch, 0.0) + unigram_weight
    return features
