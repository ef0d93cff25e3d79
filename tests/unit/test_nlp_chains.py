"""Chain-node mapping by IPC prefix and keywords (专利-产业链节点映射)."""

from __future__ import annotations

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
