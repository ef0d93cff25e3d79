"""A hand-built corpus for the chain-gap known answers (产业链补链延链 已知答案).

Chain ``kc`` (an invented alloy chain) and 110 patents: Jilin (22) 20, Sichuan (51) and
Beijing (11) the other 90. By construction, against the national benchmark:

=============  =====  =====  ============================================================
node           Jilin  all    expected
=============  =====  =====  ============================================================
kc/tooling     1      7      insufficient evidence (1 < 5), action null
kc/ore         6      46     weak: RTA (6/20)/(46/110) = 0.717 < 0.8 -> 强链
kc/alloy       8      12     strong: RTA (8/20)/(12/110) = 3.67, CI above 1 -> 固链
kc/coating     0      6      none expected enough (below), child of the strong alloy node -> 延链
kc/parts       0      10     none expected enough (below), supplied by the strong alloy node -> 延链
kc/recycle     0      20     missing, its only neighbour (parts) is not strong -> 补链
kc/sensor      0      0      no benchmark activity, action null
=============  =====  =====  ============================================================

Dates: the latest publication is 2023-03-01, so with an 18-month lag the last complete filing
year is 2020 (2020-12-31 + 18 months = 2022-06-30); the latest grant (2024-05-01) is the data
cut-off. Jilin's alloy patents: 5 filed 2016-2020, 2 filed 2011-2015, 1 filed in 2022 (an
incomplete year, not counted) -> growth (5 - 2) / 2 = 1.5.

External holders of kc/parts: ``big`` has 4 valid patents mapped at 0.65 (keyword evidence only),
``mid`` 3 valid at 0.95 (an enterprise: not sleeping), ``uni`` 2 valid at 0.95, sleeping; one
lapsed patent of ``gone``. Relevance ranks uni, mid; big is not listed, its patents sit on the node
by keyword evidence only (a count-first ranking gives big, mid, uni).

Expected Jilin patents at the national intensity (20 x node / 110): coating 1.09, parts 1.82 --
below the default minimum of 3 (P(0) > 5 %), so their zeros are 样本不足, yet 延链 next to the strong
alloy node; recycle 3.64 (P(0) = 2.6 %), so its zero is 缺失.
"""

from __future__ import annotations

from datetime import date

from graph.models import (
    ChainNodeRecord,
    ChainPosition,
    HolderRecord,
    HolderType,
    PatentBatch,
    PatentChainLink,
    PatentRecord,
    PatentType,
    ReferenceBatch,
)
from graph.store import GraphStore

CHAIN = "kc"
CUTOFF = date(2024, 5, 1)
LATEST_PUB = "2023-03-01"
CHANGCHUN, CHENGDU, BEIJING = "220100000000", "510100000000", "110108000000"

NODES = [
    ChainNodeRecord("kc/tooling", CHAIN, "模具", ChainPosition.UPSTREAM, supplies_to=("kc/parts",)),
    ChainNodeRecord("kc/ore", CHAIN, "矿料", ChainPosition.UPSTREAM, supplies_to=("kc/alloy",)),
    ChainNodeRecord("kc/alloy", CHAIN, "合金", ChainPosition.MIDSTREAM, supplies_to=("kc/parts",)),
    ChainNodeRecord("kc/coating", CHAIN, "涂层", ChainPosition.MIDSTREAM, parent="kc/alloy"),
    ChainNodeRecord("kc/parts", CHAIN, "零件", ChainPosition.DOWNSTREAM),
    ChainNodeRecord("kc/recycle", CHAIN, "回收", ChainPosition.DOWNSTREAM, parent="kc/parts"),
    ChainNodeRecord("kc/sensor", CHAIN, "传感", ChainPosition.DOWNSTREAM, parent="kc/parts"),
]

HOLDERS = [
    HolderRecord("jl_co", "长春合金有限公司", HolderType.ENTERPRISE, "name", region_code=CHANGCHUN),
    HolderRecord("sc_co", "成都矿业有限公司", HolderType.ENTERPRISE, "name", region_code=CHENGDU),
    HolderRecord("big", "北京大件有限公司", HolderType.ENTERPRISE, "name", region_code=BEIJING),
    HolderRecord("mid", "北京中件有限公司", HolderType.ENTERPRISE, "name", region_code=BEIJING),
    HolderRecord("uni", "西南合金大学", HolderType.UNIVERSITY, "name", region_code=CHENGDU),
    HolderRecord("gone", "北京失效有限公司", HolderType.ENTERPRISE, "name", region_code=BEIJING),
]

_REGION_HOLDER = {CHANGCHUN: "jl_co", CHENGDU: "sc_co", BEIJING: "big"}


class _Corpus:
    def __init__(self) -> None:
        self.patents: list[PatentRecord] = []
        self.links: list[PatentChainLink] = []

    def add(
        self,
        region: str,
        node: str | None,
        n: int = 1,
        *,
        year: int = 2018,
        holder: str | None = None,
        confidence: float = 0.95,
        valid: bool = True,
        pub_date: str | None = None,
    ) -> None:
        for _ in range(n):
            pub_no = f"CN{700000 + len(self.patents)}A"
            key = holder or _REGION_HOLDER[region]
            self.patents.append(
                PatentRecord(
                    pub_no=pub_no,
                    app_no=None,
                    patent_type=PatentType.INVENTION,
                    title=f"合金相关专利{pub_no}",
                    app_date=f"{year}-03-01",
                    pub_date=pub_date or f"{min(year + 1, 2022)}-09-01",
                    grant_date=f"{year + 2}-06-01" if year < 2022 else "2024-05-01",
                    is_valid=valid,
                    applicants=(key,),
                    holders=(key,),
                    region_code=region,
                )
            )
            if node:
                self.links.append(PatentChainLink(pub_no, node, confidence, "known answer"))


def _corpus() -> _Corpus:
    c = _Corpus()
    # Jilin: 20 patents
    c.add(CHANGCHUN, "kc/tooling")
    c.add(CHANGCHUN, "kc/ore", 6)
    c.add(CHANGCHUN, "kc/alloy", 5, year=2017)
    c.add(CHANGCHUN, "kc/alloy", 2, year=2013)
    c.add(CHANGCHUN, "kc/alloy", 1, year=2022)
    c.add(CHANGCHUN, None, 5)
    # elsewhere: 90 patents
    c.add(CHENGDU, "kc/tooling", 6)
    c.add(CHENGDU, "kc/ore", 40)
    c.add(CHENGDU, "kc/alloy", 4)
    c.add(CHENGDU, "kc/coating", 6)
    c.add(BEIJING, "kc/parts", 4, holder="big", confidence=0.65)
    c.add(BEIJING, "kc/parts", 3, holder="mid", year=2020)
    c.add(CHENGDU, "kc/parts", 2, holder="uni", year=2016)
    c.add(BEIJING, "kc/parts", 1, holder="gone", valid=False)
    c.add(BEIJING, "kc/recycle", 20)
    c.add(CHENGDU, None, 3)
    c.add(BEIJING, None, 1, pub_date=LATEST_PUB)
    return c


def load_gap_corpus(store: GraphStore) -> GraphStore:
    """Write the corpus into ``store`` (cleared first) and return it."""
    corpus = _corpus()
    store.clear()
    store.ensure_schema()
    store.upsert_reference(ReferenceBatch(chain_nodes=list(NODES)))
    store.upsert_patents(PatentBatch(holders=list(HOLDERS), patents=corpus.patents, chain_links=corpus.links))
    return store


def gap_corpus_embedded_store() -> GraphStore:
    from graph.stores.embedded.store import EmbeddedStore

    return load_gap_corpus(EmbeddedStore(":memory:"))
