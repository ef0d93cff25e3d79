"""Crafted graphs for the navigation tests: the right answers are known by construction.

One small industry chain ``tc`` (materials -> cells -> packs, recycling under packs) and
patents in Jilin (22), Sichuan (51) and Beijing (11). By construction:

* Jilin (8 patents, 7 on the chain) has none on ``tc/packs`` (1.7 expected at the national
  intensity, P(0) 19 %: 样本不足, not 缺失) and 1 on ``tc/recycling``
  (RTA (1/8)/(4/24) = 0.75, weak); materials and cells (RTA 2.0) are strong against the
  national benchmark (24 patents, 18 on the chain).
* Sichuan University's CN2001 is the only university patent on 硫化物 固态电解质.
* JLU's CN1002 is pledged (1,200 万元): not sleeping, high-value by pledge.
* SCU's CN3001/CN3002 (granted 2018, no events) are sleeping; CN3002 is open-licensed.
* The packs pool: SCU covers 3 technologies, THU adds 电池管理; 快换 sits only on an
  exclusively licensed patent.
* Events: 2022/2023 university -> SME deals for the KPI view, a round trip, a bulk day,
  a repeatedly transferred patent, a transfer just before lapse, an unrelated assignee.
"""

from __future__ import annotations

from datetime import date

from graph.models import (
    ChainNodeRecord,
    ChainPosition,
    HolderRecord,
    HolderType,
    IndustryRecord,
    IndustryScheme,
    IpcIndustryLink,
    IpcRecord,
    LegalEventKind,
    LegalEventRecord,
    PatentBatch,
    PatentChainLink,
    PatentRecord,
    PatentTechnologyLink,
    PatentType,
    ReferenceBatch,
    RegionLevel,
    RegionRecord,
    TechnologyRecord,
)
from graph.store import GraphStore

AS_OF = date(2024, 6, 30)
CHAIN = "tc"
CHANGCHUN = "220100000000"
CHENGDU = "510100000000"
BEIJING = "110108000000"
GUANGZHOU = "440100000000"

HOLDERS = [
    HolderRecord("jlu", "吉林大学", HolderType.UNIVERSITY, "name", region_code=CHANGCHUN),
    HolderRecord("ciac", "中国科学院长春应用化学研究所", HolderType.INSTITUTE, "name", region_code=CHANGCHUN),
    HolderRecord("scu", "四川大学", HolderType.UNIVERSITY, "name", region_code=CHENGDU),
    HolderRecord("thu", "清华大学", HolderType.UNIVERSITY, "name", region_code=BEIJING),
    HolderRecord(
        "cc_sme", "长春锂能科技有限公司", HolderType.SME, "name", is_sme=True, region_code=CHANGCHUN
    ),
    HolderRecord("cd_sme", "成都新能源有限公司", HolderType.SME, "name", is_sme=True, region_code=CHENGDU),
    HolderRecord("bj_ent", "北京动力集团有限公司", HolderType.ENTERPRISE, "name", region_code=BEIJING),
    HolderRecord("shell", "广州某贸易有限公司", HolderType.ENTERPRISE, "name", region_code=GUANGZHOU),
    HolderRecord("shell2", "广州另一贸易有限公司", HolderType.ENTERPRISE, "name", region_code=GUANGZHOU),
]

NODES = [
    ChainNodeRecord("tc/materials", CHAIN, "正极材料", ChainPosition.UPSTREAM, supplies_to=("tc/cells",)),
    ChainNodeRecord("tc/cells", CHAIN, "电芯", ChainPosition.MIDSTREAM, supplies_to=("tc/packs",)),
    ChainNodeRecord("tc/packs", CHAIN, "电池包", ChainPosition.DOWNSTREAM),
    ChainNodeRecord("tc/recycling", CHAIN, "电池回收", ChainPosition.DOWNSTREAM, parent="tc/packs"),
]


def _p(
    pub_no: str,
    holder: str,
    region: str,
    node: str | None,
    app_date: str,
    *,
    grant_date: str | None = None,
    tokens: str = "锂电池",
    techs: tuple[str, ...] = (),
    ipc: str = "H01M10/052",
    patent_type: PatentType = PatentType.INVENTION,
    valid: bool = True,
    lapse_date: str | None = None,
    **extra: object,
) -> tuple[PatentRecord, str | None, tuple[str, ...]]:
    record = PatentRecord(
        pub_no=pub_no,
        app_no=None,
        patent_type=patent_type,
        title=f"{tokens.split()[0]}相关专利{pub_no}",
        abstract=tokens.replace(" ", ""),
        app_date=app_date,
        grant_date=grant_date,
        lapse_date=lapse_date,
        is_valid=valid,
        ipc_main=ipc,
        ipc_codes=(ipc,),
        applicants=(holder,),
        holders=(holder,),
        region_code=region,
        tokens=tokens,
        **extra,  # type: ignore[arg-type]
    )
    return record, node, techs


PATENTS = [
    # Jilin: materials 2, cells 4, recycling 1, one patent outside the chain -> 8 in the region
    _p("CN1001A", "jlu", CHANGCHUN, "tc/materials", "2016-03-01", grant_date="2019-01-01", claims_count=12),
    _p("CN1002A", "jlu", CHANGCHUN, "tc/materials", "2012-05-01", grant_date="2015-06-01"),
    _p("CN1003A", "jlu", CHANGCHUN, "tc/cells", "2021-01-05", grant_date="2023-02-01"),
    _p("CN1004A", "jlu", CHANGCHUN, "tc/cells", "2020-02-01", grant_date="2021-01-01"),
    _p("CN1005A", "ciac", CHANGCHUN, "tc/cells", "2019-04-01", grant_date="2020-09-01"),
    _p(
        "CN1006U",
        "cc_sme",
        CHANGCHUN,
        "tc/cells",
        "2021-06-01",
        grant_date="2021-12-01",
        patent_type=PatentType.UTILITY_MODEL,
    ),
    _p("CN1007A", "ciac", CHANGCHUN, "tc/recycling", "2018-01-01", grant_date="2020-01-01", ipc="C22B7/00"),
    _p(
        "CN1008A",
        "jlu",
        CHANGCHUN,
        None,
        "2017-01-01",
        grant_date="2019-06-01",
        ipc="G06F16/00",
        tokens="数据库 检索",
    ),
    # Sichuan: packs 3 (two sleeping, one open-licensed), cells 1 (SME), recycling 2, solid electrolyte 1
    _p(
        "CN3001A",
        "scu",
        CHENGDU,
        "tc/packs",
        "2016-02-01",
        grant_date="2018-03-01",
        techs=("电池包", "热管理"),
        tokens="电池包 热管理",
        claims_count=15,
        citations_count=6,
        family_size=5,
        overseas_family=True,
        ipc="H01M50/20",
    ),
    _p(
        "CN3002A",
        "scu",
        CHENGDU,
        "tc/packs",
        "2017-02-01",
        grant_date="2018-06-01",
        techs=("液冷",),
        tokens="液冷 电池包",
        ipc="H01M10/613",
    ),
    _p("CN3003A", "cd_sme", CHENGDU, "tc/cells", "2020-01-01", grant_date="2021-05-01"),
    _p("CN3004A", "scu", CHENGDU, "tc/recycling", "2019-01-01", grant_date="2021-01-01", ipc="C22B7/00"),
    _p("CN3005A", "scu", CHENGDU, "tc/recycling", "2019-02-01", grant_date="2021-02-01", ipc="C22B7/00"),
    _p(
        "CN2001A",
        "scu",
        CHENGDU,
        "tc/cells",
        "2018-05-01",
        grant_date="2020-05-01",
        tokens="硫化物 固态电解质 锂电池",
        techs=("固态电解质",),
    ),
    # Beijing: packs 2 (THU, enterprise; plus an exclusively licensed one), materials 1, recycling 1
    _p(
        "CN5001A",
        "thu",
        BEIJING,
        "tc/packs",
        "2019-03-01",
        grant_date="2021-03-01",
        techs=("液冷", "电池管理"),
        tokens="液冷 电池管理",
    ),
    _p(
        "CN5002A",
        "bj_ent",
        BEIJING,
        "tc/packs",
        "2019-04-01",
        grant_date="2021-04-01",
        techs=("电池包",),
        tokens="电池包",
    ),
    _p(
        "CN5003A",
        "bj_ent",
        BEIJING,
        "tc/packs",
        "2019-05-01",
        grant_date="2021-05-01",
        techs=("快换",),
        tokens="快换 电池包",
    ),
    _p(
        "CN5004A", "thu", BEIJING, "tc/materials", "2018-03-01", grant_date="2020-03-01", tokens="锂电池 正极"
    ),
    _p("CN5005A", "thu", BEIJING, "tc/recycling", "2018-04-01", grant_date="2020-04-01", ipc="C22B7/00"),
    _p(
        "CN5006A",
        "bj_ent",
        BEIJING,
        None,
        "2015-01-01",
        grant_date="2017-01-01",
        tokens="硫化物 固态电解质",
        lapse_date="2022-06-15",
        valid=False,
    ),
    _p(
        "CN5007A",
        "bj_ent",
        BEIJING,
        None,
        "2015-02-01",
        grant_date="2017-02-01",
        ipc="G06F16/00",
        tokens="数据库",
    ),
    _p(
        "CN5008A",
        "thu",
        BEIJING,
        None,
        "2016-02-01",
        grant_date="2018-02-01",
        ipc="G06F16/00",
        tokens="数据库",
    ),
    _p(
        "CN5009A",
        "thu",
        BEIJING,
        None,
        "2016-03-01",
        grant_date="2018-03-01",
        ipc="G06F16/00",
        tokens="数据库",
    ),
    _p(
        "CN5010A",
        "thu",
        BEIJING,
        None,
        "2016-04-01",
        grant_date="2018-04-01",
        ipc="G06F16/00",
        tokens="数据库",
    ),
]


def _e(
    event_id: str,
    pub_no: str,
    kind: LegalEventKind,
    day: str,
    src: tuple[str, ...],
    dst: tuple[str, ...] = (),
    amount: float | None = None,
    exclusive: bool | None = None,
) -> LegalEventRecord:
    return LegalEventRecord(event_id, pub_no, kind, day, src, dst, amount, exclusive, synthetic=True)


T, L, P, E, OL = (
    LegalEventKind.TRANSFER,
    LegalEventKind.LICENCE,
    LegalEventKind.PLEDGE,
    LegalEventKind.EQUITY,
    LegalEventKind.OPEN_LICENCE,
)

EVENTS = [
    # KPI: Jilin 2022: 1 transfer (50) + 1 licence (20) university/institute -> SME
    _e("e01", "CN1004A", T, "2022-03-01", ("jlu",), ("cc_sme",), 50.0),
    _e("e02", "CN1005A", L, "2022-04-01", ("ciac",), ("cc_sme",), 20.0),
    # Jilin 2023: 2 transfers to the SME (one of them 40), 1 pledge 1,200, a transfer to shell2
    _e("e03", "CN1003A", T, "2023-05-01", ("jlu",), ("cc_sme",), 40.0),
    _e("e04", "CN1001A", E, "2023-06-01", ("jlu",), ("cc_sme",)),
    _e("e05", "CN1002A", P, "2023-07-01", ("jlu",), ("bank",), 1200.0),
    _e("e06", "CN1007A", T, "2023-08-01", ("ciac",), ("shell2",)),
    # Sichuan 2023: open licence by SCU; equity to the Chengdu SME
    _e("e07", "CN3002A", OL, "2023-01-15", ("scu",)),
    _e("e08", "CN3003A", E, "2023-02-01", ("scu",), ("cd_sme",), 100.0),
    # Beijing: round trip bj_ent -> shell -> bj_ent; exclusive licence on CN5003A
    _e("e09", "CN5002A", T, "2023-01-10", ("bj_ent",), ("shell",)),
    _e("e10", "CN5002A", T, "2023-03-01", ("shell",), ("bj_ent",)),
    _e("e11", "CN5003A", L, "2022-01-01", ("bj_ent",), ("cd_sme",), exclusive=True),
    # bulk: THU -> Chengdu SME, 4 patents on one day
    *(_e(f"e2{i}", f"CN500{i}A", T, "2023-09-09", ("thu",), ("cd_sme",)) for i in (7, 8, 9)),
    _e("e30", "CN5010A", T, "2023-09-09", ("thu",), ("cd_sme",)),
    # repeated: CN5004A transferred 3 times in 200 days
    _e("e31", "CN5004A", T, "2021-01-01", ("thu",), ("bj_ent",)),
    _e("e32", "CN5004A", T, "2021-03-01", ("bj_ent",), ("cd_sme",)),
    _e("e33", "CN5004A", T, "2021-07-01", ("cd_sme",), ("cc_sme",)),
    # transfer 45 days before lapse
    _e("e34", "CN5006A", T, "2022-05-01", ("bj_ent",), ("cd_sme",)),
]

SEI_CODE = "sei:1.1.1"


def reference_batch() -> ReferenceBatch:
    return ReferenceBatch(
        ipc=[
            IpcRecord("H01M50/20", "subgroup", "电池组外壳", parent="H01M50/00"),
            IpcRecord("H01M10/052", "subgroup", "锂蓄电池", parent="H01M10/00"),
        ],
        industries=[IndustryRecord(SEI_CODE, IndustryScheme.SEI, "新能源汽车电池")],
        ipc_industry_links=[IpcIndustryLink("H01M50/20", SEI_CODE, "sei_ipc_2021")],
        regions=[
            RegionRecord("220000000000", "吉林省", RegionLevel.PROVINCE),
            RegionRecord(CHANGCHUN, "长春市", RegionLevel.CITY, parent="220000000000"),
            RegionRecord("510000000000", "四川省", RegionLevel.PROVINCE),
            RegionRecord(CHENGDU, "成都市", RegionLevel.CITY, parent="510000000000"),
        ],
        chain_nodes=list(NODES),
    )


def patent_batch() -> PatentBatch:
    techs = sorted({t for _, _, ts in PATENTS for t in ts})
    holders = [*HOLDERS, HolderRecord("bank", "中国银行长春分行", HolderType.ENTERPRISE, "name")]
    return PatentBatch(
        holders=holders,
        patents=[p for p, _, _ in PATENTS],
        events=list(EVENTS),
        technologies=[TechnologyRecord(t, t) for t in techs],
        technology_links=[PatentTechnologyLink(p.pub_no, t) for p, _, ts in PATENTS for t in ts],
        chain_links=[PatentChainLink(p.pub_no, n, 0.9, "ipc") for p, n, _ in PATENTS if n],
    )


def load_crafted_graph(store: GraphStore) -> GraphStore:
    """Write the crafted graph into ``store`` (cleared first) and return it."""
    store.clear()
    store.ensure_schema()
    store.upsert_reference(reference_batch())
    store.upsert_patents(patent_batch())
    return store


def crafted_embedded_store() -> GraphStore:
    """A fresh in-memory embedded store holding the crafted graph."""
    from graph.stores.embedded.store import EmbeddedStore

    return load_crafted_graph(EmbeddedStore(":memory:"))
