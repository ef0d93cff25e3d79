"""Chain-node mapping by IPC prefix and keywords (专利-产业链节点映射)."""

from __future__ import annotations

import pytest

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


def test_ipc_only_and_keyword_only() -> None:
    assert map_chain_nodes("一种装置", "无关文本", ["H01M10/0525"], [CELL]) == [
        ("nev/battery_cell", 0.7, "IPC H01M10/0525")
    ]
    (link,) = map_chain_nodes("秸秆饲料加工机", "", [], [FEED])
    assert link[0] == "corn/feed" and 0.4 < link[1] <= 0.85 and "标题" in link[2]
    assert map_chain_nodes("一种轴承", "", ["F16C19/00"], [CELL, CATHODE, FEED]) == []


def test_ipc_technologies_by_subclass() -> None:
    techs = ipc_technologies(["H01M10/052", "H01M4/58", "C01B32/184"], {"H01M": "化学能转电能的方法或装置"})
    assert techs == [("ipc:H01M", "化学能转电能的方法或装置", 1.0), ("ipc:C01B", "C01B", 0.6)]


# --------------------------------------------------------------------------- IPC over-match (issue 9)

_IMAGING = ChainNodeRecord(
    key="biomedicine/diagnostic_imaging", chain="biomedicine", name="诊断影像",
    position=ChainPosition.MIDSTREAM, ipc_codes=("A61B1",),
)  # fmt: skip
_MOTOR = ChainNodeRecord(
    key="nev/drive_motor",
    chain="nev",
    name="驱动电机",
    position=ChainPosition.MIDSTREAM,
    ipc_codes=("H02K1",),
)


def _ingest_links(codes: tuple[str, ...], nodes: list[ChainNodeRecord]) -> list[str]:
    """The node keys the ingest enrichment stage links a keyword-free patent with these codes to."""
    from graph.models import PatentRecord, PatentType
    from ingest.pipeline.components import NlpEnricher

    patent = PatentRecord("CN100000001A", None, PatentType.INVENTION, "一种装置", ipc_codes=codes)
    enrichment = NlpEnricher(nodes, analyse=False).enrich([patent])
    return sorted(link.node_key for link in enrichment.chain_links)


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
