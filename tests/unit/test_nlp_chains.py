"""Chain-node mapping by IPC prefix and keywords (专利-产业链节点映射)."""

from __future__ import annotations

import pytest

from graph.chain_evidence import HIGH_MAPPING_CONFIDENCE, MAPPING_CONFIDENCE
from graph.models import ChainNodeRecord, ChainPosition
from nlp.chains import ipc_technologies, map_chain_nodes

CELL = ChainNodeRecord(
    key="nev/battery_cell",
    chain="nev",
    name="动力电池电芯",
    position=ChainPosition.MIDSTREAM,
    ipc_codes=("H01M10/05",),
    keywords=("锂离子电池", "电芯"),
)
CATHODE = ChainNodeRecord(
    key="nev/cathode",
    chain="nev",
    name="正极材料",
    position=ChainPosition.UPSTREAM,
    ipc_codes=("H01M4/00",),
    keywords=("正极材料", "磷酸铁锂"),
)
FEED = ChainNodeRecord(
    key="corn/feed", chain="corn", name="秸秆饲料", position=ChainPosition.DOWNSTREAM, keywords=("秸秆饲料",)
)


def test_ipc_and_keyword_beats_either_alone() -> None:
    links = map_chain_nodes(
        "一种锂离子电池", "包括磷酸铁锂正极材料。", ["H01M 10/052", "H01M4/58"], [CELL, CATHODE, FEED]
    )
    assert [key for key, _, _ in links] == ["nev/battery_cell", "nev/cathode"]
    confidence = {key: conf for key, conf, _ in links}
    assert confidence["nev/battery_cell"] == 0.95
    assert "H01M10/052" in links[0][2]


def test_evidence_levels_and_the_threshold() -> None:
    # the classification alone is below the threshold; with a lower threshold it shows as ipc_only
    assert map_chain_nodes("一种装置", "无关文本", ["H01M10/0525"], [CELL]) == []
    (link,) = map_chain_nodes("一种装置", "无关文本", ["H01M10/0525"], [CELL], min_confidence=0.0)
    assert link[:2] == ("nev/battery_cell", MAPPING_CONFIDENCE["ipc_only"])
    (title,) = map_chain_nodes("秸秆饲料加工机", "", [], [FEED])
    assert title[:2] == ("corn/feed", MAPPING_CONFIDENCE["title_term"]) and "标题" in title[2]
    # one passing mention in the abstract does not map; two distinct terms do
    assert map_chain_nodes("一种加工设备", "可用于秸秆饲料", [], [FEED]) == []
    (two,) = map_chain_nodes("一种装置", "用于锂离子电池的电芯", [], [CELL])
    assert two[1] == MAPPING_CONFIDENCE["abstract_terms"]
    assert map_chain_nodes("一种轴承", "", ["F16C19/00"], [CELL, CATHODE, FEED]) == []


def test_generic_words_never_map_alone() -> None:
    api = ChainNodeRecord(
        "bio/api",
        "bio",
        "原料药",
        ChainPosition.UPSTREAM,
        ipc_codes=("C07D",),
        keywords=("原料药", "制备方法"),
    )
    assert map_chain_nodes("一种不锈钢的制备方法", "本发明公开了一种制备方法", [], [api]) == []
    # IPC with a generic word is still below the threshold (C07D is every heterocyclic compound)
    assert map_chain_nodes("一种吡啶化合物的制备方法", "", ["C07D213/00"], [api]) == []
    (with_ipc,) = map_chain_nodes("一种吡啶化合物的制备方法", "", ["C07D213/00"], [api], min_confidence=0)
    assert with_ipc[1] == MAPPING_CONFIDENCE["ipc_and_generic_term"]
    (specific,) = map_chain_nodes("一种原料药的制备方法", "", ["C07D213/00"], [api])
    assert specific[1] == MAPPING_CONFIDENCE["ipc_and_term"] >= HIGH_MAPPING_CONFIDENCE


def test_a_term_inside_a_longer_term_of_another_node_does_not_count() -> None:
    longer = ChainNodeRecord(
        "nev/cathode2", "nev", "正极", ChainPosition.UPSTREAM, keywords=("锂离子电池正极材料",)
    )
    links = map_chain_nodes("一种锂离子电池正极材料", "", [], [CELL, longer])
    assert [key for key, _, _ in links] == ["nev/cathode2"]  # 锂离子电池 sits inside the cathode term


def test_generic_words_hide_node_terms_inside_them() -> None:
    pe = ChainNodeRecord("pc/pe", "pc", "聚乙烯", ChainPosition.MIDSTREAM, keywords=("聚乙烯",))
    assert map_chain_nodes("一种聚乙烯醇薄膜", "", [], [pe]) == []  # 聚乙烯醇 is a generic blocker
    assert map_chain_nodes("一种聚乙烯管材", "", [], [pe])


def test_latin_terms_match_whole_words_only() -> None:
    bms = ChainNodeRecord("nev/bms", "nev", "BMS", ChainPosition.MIDSTREAM, keywords=("BMS",))
    assert map_chain_nodes("基于BMS的均衡电路", "", [], [bms])
    assert map_chain_nodes("一种BMSX芯片", "", [], [bms]) == []


def test_shipped_chains_never_map_boilerplate_alone() -> None:
    from graph.chains import load_chain_nodes

    assert map_chain_nodes(
        "一种不锈钢的制备方法", "本发明涉及一种制备方法及其应用。", [], load_chain_nodes()
    ) == [
        (
            "advanced_materials/special_alloys",
            MAPPING_CONFIDENCE["title_term"],
            "仅标题含一个专用关键词; 关键词 不锈钢（标题: 不锈钢）",
        )
    ]
    assert map_chain_nodes("一种数据处理方法", "服务器接收终端的数据", [], load_chain_nodes()) == []


def test_ipc_technologies_by_subclass() -> None:
    techs = ipc_technologies(["H01M10/052", "H01M4/58", "C01B32/184"], {"H01M": "化学能转电能的方法或装置"})
    assert techs == [("ipc:H01M", "化学能转电能的方法或装置", 1.0), ("ipc:C01B", "C01B", 0.6)]


# --------------------------------------------------------------------------- IPC over-match (issue 9)

_IMAGING = ChainNodeRecord(
    key="biomedicine/diagnostic_imaging", chain="biomedicine", name="诊断影像",
    position=ChainPosition.MIDSTREAM, ipc_codes=("A61B1",), keywords=("内窥镜",),
)  # fmt: skip
_MOTOR = ChainNodeRecord(
    key="nev/drive_motor",
    chain="nev",
    name="驱动电机",
    position=ChainPosition.MIDSTREAM,
    ipc_codes=("H02K1",),
    keywords=("驱动电机",),
)


def _ingest_links(codes: tuple[str, ...], nodes: list[ChainNodeRecord]) -> list[str]:
    """The node keys the ingest enrichment stage links with IPC evidence, for a patent whose title
    names every node's term (so a link exists either way; only its IPC evidence is in question)."""
    from graph.models import PatentRecord, PatentType
    from ingest.pipeline.components import NlpEnricher

    title = "一种用于内窥镜的驱动电机"
    patent = PatentRecord("CN100000001A", None, PatentType.INVENTION, title, ipc_codes=codes)
    enrichment = NlpEnricher(nodes, analyse=False).enrich([patent])
    return sorted(
        link.node_key
        for link in enrichment.chain_links
        if link.confidence == MAPPING_CONFIDENCE["ipc_and_term"]
    )


@pytest.mark.parametrize(
    ("codes", "linked"),
    [
        (("A61B1/00",), ["biomedicine/diagnostic_imaging"]),
        (("A61B1/04",), ["biomedicine/diagnostic_imaging"]),
        (("A61B17/00",), []),
        (("A61B17/34", "A61B1/313"), ["biomedicine/diagnostic_imaging"]),
        (("H02K1/27",), ["nev/drive_motor"]),
        (("H02K11/00",), []),
        (("H02K15/02", "H02K17/42"), []),
    ],
)
def test_main_group_pattern_does_not_cover_longer_group_numbers(
    codes: tuple[str, ...], linked: list[str]
) -> None:
    assert _ingest_links(codes, [_IMAGING, _MOTOR]) == linked


def test_shipped_chains_map_by_the_same_rule() -> None:
    from graph.chains import load_chain_nodes

    nodes = [n for n in load_chain_nodes() if n.key in {"biomedicine/diagnostic_imaging", "nev/drive_motor"}]
    assert {n.key for n in nodes} == {"biomedicine/diagnostic_imaging", "nev/drive_motor"}
    assert "biomedicine/diagnostic_imaging" not in _ingest_links(("A61B17/00",), nodes)
    assert "nev/drive_motor" not in _ingest_links(("H02K11/00",), nodes)
    assert _ingest_links(("A61B1/04", "H02K1/27"), nodes) == [
        "biomedicine/diagnostic_imaging",
        "nev/drive_motor",
    ]
