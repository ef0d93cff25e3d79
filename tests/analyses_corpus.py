"""A small hand-built corpus whose answers were counted by hand (手工核对的已知答案).

Jilin (22, Changchun) and Henan (41, Zhengzhou), as of 2024-06-30. By construction:

* Sleeping: JLU's KA101 (granted 2019) was licensed to a Changchun SME in 2023, so it is not
  sleeping; KA102 (no events, no claims count or family data) and KA103 (open licence declared,
  fee 5 万元) are; KA104 was granted in 2022 (under 3 years).
* High value (SEI): ZZU's KA201 (F16C19/06, "滚动轴承") meets rule 49's product keyword; KA202
  (same code, "滑动轴承") does not; KA203 (G06F8/00) meets category 1.3 on IPC alone.
* KPIs for Jilin, counted in the receiving SME's region (the Changchun SME has no address: its
  name places it): SMEs received 1 (2020), 3 (2022: JLU transfer, SOE licence, a trader's
  transfer), 2 (2023: JLU licence, ZZU transfer); from 高校/院所/国企 only 1, 2, 2; JLU's sale
  to Huawei is no SME receipt. The Changchun SME's pledge of two patents on one day is one
  project of 300 万元. ZZU's 2023 transfer counts for Henan as the giver's region.
* Abnormal: a Beijing firm moves 3 of its 4 patents to one Shanghai company on one day (bulk);
  KA305 is transferred 22 days and KA306 licensed 45 days before lapsing for unpaid fees;
  KA307 is transferred 45 days before its term ends (no warning); the SMEs' ordinary first
  purchases raise none.
"""

from __future__ import annotations

from datetime import date

from graph.models import (
    HolderRecord,
    HolderType,
    IndustryRecord,
    IndustryScheme,
    IpcIndustryLink,
    IpcRecord,
    LegalEventKind,
    LegalEventRecord,
    PatentBatch,
    PatentRecord,
    PatentType,
    ReferenceBatch,
)
from graph.store import GraphStore

AS_OF = date(2024, 6, 30)
CHANGCHUN, ZHENGZHOU, BEIJING, SHENZHEN = "220100000000", "410100000000", "110108000000", "440300000000"

HOLDERS = [
    HolderRecord("jlu", "吉林大学", HolderType.UNIVERSITY, "list", region_code=CHANGCHUN),
    HolderRecord("zzu", "郑州大学", HolderType.UNIVERSITY, "list", region_code=ZHENGZHOU),
    HolderRecord(
        "faw", "中国第一汽车股份有限公司", HolderType.SOE, "soe", is_sme=False, region_code=CHANGCHUN
    ),
    HolderRecord("cc_sme", "长春远达科技有限公司", HolderType.SME, "name", is_sme=True),  # no address
    HolderRecord(
        "zz_sme", "郑州恒达机械有限公司", HolderType.SME, "name", is_sme=True, region_code=ZHENGZHOU
    ),
    HolderRecord(
        "cc_trader", "长春某某贸易有限公司", HolderType.SME, "name", is_sme=True, region_code=CHANGCHUN
    ),
    HolderRecord(
        "huawei", "华为技术有限公司", HolderType.ENTERPRISE, "large", is_sme=False, region_code=SHENZHEN
    ),
    HolderRecord("bj_firm", "北京云帆电子有限公司", HolderType.SME, "name", is_sme=True, region_code=BEIJING),
    HolderRecord("sh_buyer", "上海某某科技有限公司", HolderType.SME, "name", is_sme=True),
    HolderRecord("gz_buyer", "广州某某贸易有限公司", HolderType.SME, "name", is_sme=True),
    HolderRecord("bank", "中国银行", HolderType.ENTERPRISE, "name", is_sme=False),
]


def _p(
    pub_no: str,
    holder: str,
    region: str,
    grant: str | None,
    *,
    title: str = "一种专利",
    ipc: str = "F16H1/00",
    app: str = "2017-01-01",
    **extra: object,
) -> PatentRecord:
    return PatentRecord(
        pub_no=pub_no,
        app_no=None,
        patent_type=extra.pop("patent_type", PatentType.INVENTION),  # type: ignore[arg-type]
        title=title,
        abstract=title + "，本发明涉及" + title,
        app_date=app,
        grant_date=grant,
        is_valid=extra.pop("is_valid", True),  # type: ignore[arg-type]
        ipc_main=ipc,
        ipc_codes=(ipc,),
        applicants=(holder,),
        holders=(holder,),
        region_code=region,
        tokens=title,
        **extra,  # type: ignore[arg-type]
    )


PATENTS = [
    _p("KA101", "jlu", CHANGCHUN, "2019-01-10", claims_count=8, citations_count=2, family_size=1),
    _p("KA102", "jlu", CHANGCHUN, "2019-02-10", citations_count=4),
    _p("KA103", "jlu", CHANGCHUN, "2019-03-10", claims_count=12, citations_count=1, family_size=2),
    _p("KA104", "jlu", CHANGCHUN, "2022-01-01"),
    _p("KA105", "jlu", CHANGCHUN, "2019-05-01"),
    _p("KA106", "jlu", CHANGCHUN, "2019-06-01"),
    _p("KA107", "faw", CHANGCHUN, "2019-07-01"),
    _p("KA108", "cc_trader", CHANGCHUN, "2019-08-01"),
    _p("KA109", "jlu", CHANGCHUN, "2019-09-01"),
    _p("KA110", "zzu", ZHENGZHOU, "2019-10-01"),
    _p("KA201", "zzu", ZHENGZHOU, "2020-01-01", title="一种滚动轴承保持架", ipc="F16C19/06"),
    _p("KA202", "zzu", ZHENGZHOU, "2020-02-01", title="一种滑动轴承", ipc="F16C19/06"),
    _p("KA203", "zzu", ZHENGZHOU, "2020-03-01", title="一种软件部署方法", ipc="G06F8/00"),
    *(_p(f"KA30{i}", "bj_firm", BEIJING, "2019-04-01") for i in (1, 2, 3, 4)),
    _p(
        "KA305",
        "zz_sme",
        ZHENGZHOU,
        "2019-06-01",
        app="2016-06-01",
        lapse_date="2022-06-01",
        legal_status="无权-未缴年费",
        is_valid=False,
    ),
    _p(
        "KA306",
        "zzu",
        ZHENGZHOU,
        "2019-09-15",
        app="2016-09-15",
        lapse_date="2022-09-15",
        legal_status="无权-未缴年费",
        is_valid=False,
    ),
    _p(
        "KA307",
        "zz_sme",
        ZHENGZHOU,
        "2013-10-01",
        app="2013-04-01",
        lapse_date="2023-04-01",
        legal_status="无权-期限届满",
        is_valid=False,
        patent_type=PatentType.UTILITY_MODEL,
    ),
    # the data run to the as-of date (a withdrawn Beijing application published then, no events),
    # so the years 2021-2023 of the KPIs are complete
    _p(
        "KA401",
        "bank",
        BEIJING,
        None,
        app="2023-01-10",
        pub_date="2024-06-28",
        is_valid=False,
        legal_status="撤回",
    ),
]

T, L, P, OL = (
    LegalEventKind.TRANSFER,
    LegalEventKind.LICENCE,
    LegalEventKind.PLEDGE,
    LegalEventKind.OPEN_LICENCE,
)


def _e(
    event_id: str,
    pub_no: str,
    kind: LegalEventKind,
    day: str,
    src: str,
    dst: str = "",
    amount: float | None = None,
) -> LegalEventRecord:
    return LegalEventRecord(
        event_id, pub_no, kind, day, (src,), (dst,) if dst else (), amount, synthetic=True
    )


EVENTS = [
    _e("k01", "KA101", L, "2023-03-01", "jlu", "cc_sme"),  # a licensed patent is not sleeping
    _e("k02", "KA103", OL, "2022-06-01", "jlu", amount=5.0),
    _e("k03", "KA105", T, "2020-04-01", "jlu", "cc_sme"),
    _e("k04", "KA106", T, "2022-03-01", "jlu", "cc_sme"),
    _e("k05", "KA107", L, "2022-04-01", "faw", "cc_sme"),
    _e("k06", "KA108", T, "2022-05-01", "cc_trader", "cc_sme"),
    _e("k07", "KA109", T, "2022-06-01", "jlu", "huawei"),
    _e("k08", "KA110", T, "2023-02-01", "zzu", "cc_sme"),
    _e("k09", "KA106", P, "2023-05-05", "cc_sme", "bank", 300.0),  # one contract over two patents
    _e("k10", "KA107", P, "2023-05-05", "cc_sme", "bank", 300.0),
    *(_e(f"k2{i}", f"KA30{i}", T, "2023-09-09", "bj_firm", "sh_buyer") for i in (1, 2, 3)),
    _e("k31", "KA305", T, "2022-05-10", "zz_sme", "gz_buyer"),
    _e("k32", "KA306", L, "2022-08-01", "zzu", "zz_sme"),
    _e("k33", "KA307", T, "2023-02-15", "zz_sme", "gz_buyer"),
]


def reference_batch() -> ReferenceBatch:
    return ReferenceBatch(
        ipc=[
            IpcRecord("F16C19/00", "group", "滚动轴承", parent="F16C"),
            IpcRecord("F16C19/06", "subgroup", "滚珠轴承", parent="F16C19/00"),
            IpcRecord("G06F8/00", "group", "软件工程", parent="G06F"),
        ],
        industries=[
            IndustryRecord("sei:2.1", IndustryScheme.SEI, "智能制造装备产业"),
            IndustryRecord("sei:1.3", IndustryScheme.SEI, "新兴软件和新型信息技术服务"),
        ],
        ipc_industry_links=[
            IpcIndustryLink("F16C19/00", "sei:2.1", "sei_ipc_2021"),
            IpcIndustryLink("G06F8/00", "sei:1.3", "sei_ipc_2021"),
        ],
    )


def load_known_answers(store: GraphStore) -> GraphStore:
    store.clear()
    store.ensure_schema()
    store.upsert_reference(reference_batch())
    store.upsert_patents(PatentBatch(holders=list(HOLDERS), patents=list(PATENTS), events=list(EVENTS)))
    return store
