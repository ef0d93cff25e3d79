"""Seed data for the store contract suite.

Real titles, abstracts and applicants from the CCF BDCI 2022 patent set
(../shared/data/patents_bdci2022, see its PROVENANCE.txt); dates, regions, IPC codes,
chain nodes, holder types and legal events are crafted so every filter and facet has
something to find. Tokens are jieba segments of title + abstract plus a few crafted ones.
"""

from __future__ import annotations

import json
from functools import lru_cache

import jieba

from graph.models import (
    ChainNodeRecord,
    ChainPosition,
    HolderRecord,
    HolderType,
    IndustryRecord,
    IndustryScheme,
    InventorRecord,
    IpcIndustryLink,
    IpcRecord,
    LegalEventKind,
    LegalEventRecord,
    PatentBatch,
    PatentChainLink,
    PatentRecord,
    PatentTechnologyLink,
    PatentType,
    Provenance,
    ReferenceBatch,
    RegionLevel,
    RegionRecord,
    TechnologyRecord,
)
from tests.paths import BDCI_JSONL

PATENTS_JSONL = BDCI_JSONL
RUN = "seed-run"

REGIONS = [
    RegionRecord("220000000000", "吉林省", RegionLevel.PROVINCE),
    RegionRecord("220100000000", "长春市", RegionLevel.CITY, "220000000000"),
    RegionRecord("220102000000", "南关区", RegionLevel.COUNTY, "220100000000"),
    RegionRecord("220200000000", "吉林市", RegionLevel.CITY, "220000000000"),
    RegionRecord("510000000000", "四川省", RegionLevel.PROVINCE),
    RegionRecord("510100000000", "成都市", RegionLevel.CITY, "510000000000"),
    RegionRecord("410000000000", "河南省", RegionLevel.PROVINCE),
    RegionRecord("410100000000", "郑州市", RegionLevel.CITY, "410000000000"),
]
# Patent regions cycle through these; 330100000000 (杭州) is deliberately not in the reference.
PATENT_REGIONS = [
    "220102000000",
    "220100000000",
    "220200000000",
    "510100000000",
    "410100000000",
    None,
    "330100000000",
]

IPC = [
    IpcRecord("H01M", "subclass", "用于直接转变化学能为电能的方法或装置"),
    IpcRecord("H01M10/00", "group", "二次电池及其制造", "H01M"),
    IpcRecord("H01M10/05", "subgroup", "非水电解质蓄电池", "H01M10/00"),
    IpcRecord("H01M10/052", "subgroup", "锂蓄电池", "H01M10/05"),
    IpcRecord("H01M4/13", "subgroup", "非水电解质蓄电池的电极", "H01M"),
    IpcRecord("H04W", "subclass", "无线通信网络"),
    IpcRecord("H04W72/04", "subgroup", "无线资源分配", "H04W"),
    IpcRecord("G06F", "subclass", "电数字数据处理"),
    IpcRecord("G06F16/30", "subgroup", "非结构化文本数据的信息检索", "G06F"),
]
INDUSTRIES = [
    IndustryRecord("sei:1", IndustryScheme.SEI, "新一代信息技术产业"),
    IndustryRecord("sei:1.1", IndustryScheme.SEI, "下一代信息网络产业", "sei:1"),
    IndustryRecord("sei:1.2", IndustryScheme.SEI, "电子核心产业", "sei:1"),
    IndustryRecord("sei:6.1", IndustryScheme.SEI, "新能源汽车装置、配件制造"),
    IndustryRecord("gbt4754:C3841", IndustryScheme.GBT4754, "锂离子电池制造"),
]
IPC_INDUSTRY = [
    IpcIndustryLink("H04W72/04", "sei:1.1", "sei_ipc_2021"),  # exact match only
    IpcIndustryLink("G06F16/30", "sei:1.2", "sei_ipc_2021"),
    IpcIndustryLink("H01M10/00", "sei:6.1", "sei_ipc_2021"),  # main group: covers H01M10/052, /0525
    IpcIndustryLink("H01M10/05", "gbt4754:C3841", "crafted"),  # not SEI: never in sei_codes
    IpcIndustryLink("H04L5/00", "sei:1.1", "sei_ipc_2021"),  # IPC code absent from the reference
]
CHAIN_NODES = [
    ChainNodeRecord("nev/battery", "nev", "动力电池", ChainPosition.MIDSTREAM, ipc_codes=("H01M",)),
    ChainNodeRecord(
        "nev/materials",
        "nev",
        "电池材料",
        ChainPosition.UPSTREAM,
        ipc_codes=("H01M4/13",),
        keywords=("正极", "负极"),
        supplies_to=("nev/battery_cell",),
    ),
    ChainNodeRecord(
        "nev/battery_cell",
        "nev",
        "电芯",
        ChainPosition.MIDSTREAM,
        "nev/battery",
        ("H01M10/052",),
        ("锂电池",),
        ("nev/battery_pack",),
    ),
    ChainNodeRecord(
        "nev/battery_pack",
        "nev",
        "电池包与管理系统",
        ChainPosition.MIDSTREAM,
        "nev/battery",
        supplies_to=("nev/vehicle", "nev/missing_node"),
    ),
    ChainNodeRecord("nev/vehicle", "nev", "整车", ChainPosition.DOWNSTREAM),
    ChainNodeRecord("ict/network", "ict", "通信网络设备", ChainPosition.MIDSTREAM, ipc_codes=("H04W",)),
    ChainNodeRecord("ict/software", "ict", "软件与信息服务", ChainPosition.DOWNSTREAM, supplies_to=()),
]
TECHNOLOGIES = [
    TechnologyRecord("锂电池", "锂电池"),
    TechnologyRecord("5g", "5G"),
    TechnologyRecord("量子密钥", "量子密钥"),
]


def _holder_type(name: str, index: int) -> tuple[HolderType, bool | None]:
    if "大学" in name or "学院" in name:
        return HolderType.UNIVERSITY, None
    if "研究所" in name or "科学院" in name:
        return HolderType.INSTITUTE, None
    if "公司" in name or "株式会社" in name:
        return (HolderType.SME, True) if index % 2 else (HolderType.ENTERPRISE, False)
    return HolderType.OTHER, None


@lru_cache(maxsize=1)
def _source_rows() -> tuple[dict[str, str], ...]:
    rows = [json.loads(line) for line in PATENTS_JSONL.read_text(encoding="utf-8").splitlines()]
    picks: list[dict[str, str]] = []
    seen: set[str] = set()
    for want, count in (("电池", 10), ("通信", 8), ("大学", 8), ("研究所", 6)):
        field = "title" if want in ("电池", "通信") else "assignee"
        for row in rows:
            if len([p for p in picks if want in p[field]]) >= count:
                break
            if want in row[field] and row["id"] not in seen:
                seen.add(row["id"])
                picks.append(row)
    return tuple(picks)


def _topic(row: dict[str, str]) -> str:
    if "电池" in row["title"]:
        return "battery"
    if "通信" in row["title"]:
        return "ict"
    return "other"


_IPC_BY_TOPIC = {
    "battery": [("H01M10/052", "H01M4/13"), ("H01M10/0525",), ("H01M4/13",)],
    "ict": [("H04W72/04",), ("H04L5/00", "H04W72/04"), ("G06F16/30",)],
    "other": [("G06F16/30",), ("C12N15/82",), ()],
}


def _patent_type(i: int) -> PatentType:
    if i % 11 == 7:
        return PatentType.DESIGN
    return PatentType.UTILITY_MODEL if i % 5 == 3 else PatentType.INVENTION


def _tokens(row: dict[str, str], i: int) -> str:
    words = [w.strip() for w in jieba.lcut(row["title"] + "。" + row["abstract"]) if w.strip()]
    crafted = {0: ["锂电池", "LED"], 1: ["电池"], 2: ["led", "Li-ion"], 3: ["li", "ion"], 4: ["锂电池组"]}
    return " ".join(words + crafted.get(i, []))


def build_seed() -> tuple[ReferenceBatch, PatentBatch]:
    """The reference batch and one patent batch (deterministic)."""
    reference = ReferenceBatch(
        ipc=list(IPC),
        industries=list(INDUSTRIES),
        ipc_industry_links=list(IPC_INDUSTRY),
        regions=list(REGIONS),
        chain_nodes=list(CHAIN_NODES),
    )
    batch = PatentBatch(technologies=list(TECHNOLOGIES))
    holders: dict[str, HolderRecord] = {}
    for i, row in enumerate(_source_rows()):
        name = row["assignee"].split(";")[0].strip()
        holder_type, is_sme = _holder_type(name, len(holders))
        prov = Provenance("seed/patents.jsonl", i + 1, RUN)
        if name not in holders:
            holders[name] = HolderRecord(
                key=name,
                name=name,
                holder_type=holder_type,
                type_reason="seed: name rule",
                aliases=(name + "(原名)",) if len(holders) % 3 == 0 else (),
                is_sme=is_sme,
                sme_reason="seed" if is_sme else None,
                # every seventh holder has no region of its own: its patents' regions stand in
                region_code=None if len(holders) % 7 == 6 else PATENT_REGIONS[len(holders) % 5],
                provenance=prov,
            )
        topic = _topic(row)
        codes = _IPC_BY_TOPIC[topic][i % 3]
        ptype = _patent_type(i)
        year = 2012 + i % 12
        suffix = {PatentType.DESIGN: "S", PatentType.UTILITY_MODEL: "U"}.get(ptype, "A")
        pub_no = f"CN{100000000 + i * 7919}{suffix}"
        inventor = InventorRecord(f"发明人{i % 9}|{name}", f"发明人{i % 9}", prov)
        batch.inventors.append(inventor)
        batch.patents.append(
            PatentRecord(
                pub_no=pub_no,
                app_no=f"CN{year}1{i:07d}.X",
                patent_type=ptype,
                title=row["title"],
                abstract=row["abstract"],
                app_date=None if i == 5 else f"{year}-{1 + i % 12:02d}-{1 + i % 27:02d}",
                grant_date=f"{year + 2}-06-01" if ptype is not PatentType.DESIGN and i % 3 else None,
                is_valid=None if i == 9 else i % 4 != 0,
                legal_status="有效" if i % 4 else "失效",
                ipc_main=codes[0] if codes else None,
                ipc_codes=tuple(codes),
                applicants=(name,),
                holders=(name,) if i % 6 else (name, "不存在的权利人"),
                inventors=(inventor.key,),
                region_code=PATENT_REGIONS[i % len(PATENT_REGIONS)],
                claims_count=5 + i % 10,
                citations_count=i % 4,
                family_size=1 + i % 3,
                overseas_family=i % 7 == 0,
                award="中国专利优秀奖" if i == 11 else None,
                tokens=_tokens(row, i),
                keywords=(row["title"][:4],),
                provenance=prov,
            )
        )
        _links_for(batch, pub_no, topic, i, prov)
    batch.holders = list(holders.values())
    _events_for(batch)
    return reference, batch


def _links_for(batch: PatentBatch, pub_no: str, topic: str, i: int, prov: Provenance) -> None:
    if topic == "battery":
        batch.technology_links.append(PatentTechnologyLink(pub_no, "锂电池", 0.8, prov))
        batch.chain_links.append(PatentChainLink(pub_no, "nev/battery_cell", 0.9, "ipc:H01M10/052", prov))
        if i % 2:
            batch.chain_links.append(PatentChainLink(pub_no, "nev/materials", 0.6, "keyword:正极", prov))
    elif topic == "ict":
        batch.chain_links.append(PatentChainLink(pub_no, "ict/network", 0.75, "ipc:H04W", prov))
        if i % 3 == 0:
            batch.technology_links.append(PatentTechnologyLink(pub_no, "5g", 1.0, prov))
    elif i % 4 == 0:
        batch.chain_links.append(PatentChainLink(pub_no, "ict/software", 0.5, "keyword:信息", prov))
        batch.technology_links.append(PatentTechnologyLink(pub_no, "量子密钥", 0.4, prov))
    batch.chain_links.append(PatentChainLink(pub_no, "nev/not_defined", 0.3, "dangling", prov))


def _events_for(batch: PatentBatch) -> None:
    patents = batch.patents
    academic = [
        h.key for h in batch.holders if h.holder_type in (HolderType.UNIVERSITY, HolderType.INSTITUTE)
    ]
    smes = [h.key for h in batch.holders if h.holder_type is HolderType.SME]
    kinds = [
        (LegalEventKind.TRANSFER, "2019-05-01", None, None),
        (LegalEventKind.LICENCE, "2020-03-10", None, True),
        (LegalEventKind.PLEDGE, "2021-06-30", 500.0, None),
        (LegalEventKind.OPEN_LICENCE, "2022-01-15", None, False),
        (LegalEventKind.EQUITY, None, 120.5, None),
        (LegalEventKind.TERMINATION, "2023-02-28", None, None),
    ]
    for n, patent in enumerate(patents[::3]):
        kind, date, amount, exclusive = kinds[n % len(kinds)]
        from_key = patent.holders[0]
        to_key = smes[n % len(smes)] if n % 4 else academic[n % len(academic)]
        batch.events.append(
            LegalEventRecord(
                event_id=f"ev-{n:03d}",
                pub_no=patent.pub_no,
                kind=kind,
                date=date,
                from_holders=(from_key,),
                to_holders=(to_key, "不存在的受让人") if n == 2 else (to_key,),
                amount=amount,
                exclusive=exclusive,
                synthetic=True,
                provenance=Provenance("seed/events.csv", n + 1, RUN),
            )
        )
    batch.events.append(LegalEventRecord("ev-orphan", "CN000000000A", LegalEventKind.TRANSFER, "2020-01-01"))
