"""Full-text search rules (全文检索): which query words are searched and when a patent holds one."""

from __future__ import annotations

from graph.models import SearchHit
from graph.navigation.search import query_words, rank_hits


def test_filler_and_generic_words_and_sub_words_are_not_searched() -> None:
    words = query_words(
        [["一种"], ["锂离子电池", "锂离子", "离子", "电池"], ["负极材料", "负极", "材料"], ["方法"]]
    )
    assert words.searched == ("锂离子电池", "负极材料")
    assert words.tokens["负极材料"] == ("负极",)  # 材料 is generic
    assert set(words.dropped) == {"一种", "方法"}
    assert set(words.all_tokens()) == {"锂离子电池", "锂离子", "离子", "电池", "负极材料", "负极"}


def test_a_word_is_found_by_itself_or_by_all_its_sub_words() -> None:
    words = query_words([["锂离子电池", "锂离子", "电池"], ["负极材料", "负极", "材料"]])
    assert words.found(["锂离子电池"]) == ("锂离子电池",)
    assert words.found(["锂离子", "电池", "负极"]) == ("锂离子电池", "负极材料")
    assert words.found(["电池"]) == ()  # one sub-word of two does not find the word


def test_ranking_prefers_more_words_then_tokens_then_title_then_newer() -> None:
    words = query_words([["电池"], ["负极"]])
    hits = [
        SearchHit("CN3", "负极", "2020-01-01", ("负极",)),
        SearchHit("CN2", "一种电池", "2019-01-01", ("电池", "负极")),
        SearchHit("CN1", "其他", "2021-01-01", ("电池", "负极")),
        SearchHit("CN4", "其他", None, ("电池", "负极")),
    ]
    assert [hit.pub_no for hit, _ in rank_hits(words, hits)] == ["CN2", "CN1", "CN4", "CN3"]
