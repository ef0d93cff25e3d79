"""Navigation analyses over HTTP (专利导航分析接口): parse, call ``graph.navigation``, shape.

The need text of collaborator discovery is turned into query terms here, in the API layer,
because navigation must not import nlp.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from api.deps import SettingsDep, StoreDep
from api.schemas import (
    MAX_KPI_YEARS,
    AbnormalTransferPage,
    AsOf,
    ChainDetail,
    ChainNodePublic,
    ChainSummary,
    CollaboratorList,
    CollaboratorQuery,
    HighValuePage,
    PageLimit,
    PageOffset,
    RegionQuery,
    SleepingPage,
)
from graph.errors import ChainDefinitionError, InvalidQueryError, NotFoundError
from graph.models import ChainNodeRecord, EventFilter, PatentFilter
from graph.navigation import (
    SleepingPatentFilter,
    detect_abnormal_transfers,
    discover_collaborators,
    export_supply_list,
    find_chain_gaps,
    find_high_value_patents,
    propose_patent_pool,
    screen_sleeping_patents,
    transformation_kpis,
)
from graph.navigation.common import region_prefix
from graph.settings import Settings
from graph.store import GraphStore

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["navigation 导航分析"])

QueryTerms = Callable[[str], list[str]]
SUPPLY_LIST_NAME = "专利技术供给清单"
EXPORT_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_POOL_TECHNOLOGIES = 50


def get_query_terms() -> QueryTerms:
    """The NLP pipeline's need -> terms function (built once per process, on first use)."""
    from nlp.pipeline import load_pipeline

    return load_pipeline().query_terms


QueryTermsDep = Annotated[QueryTerms, Depends(get_query_terms)]


def _prefixes(region: str | None) -> tuple[str, ...]:
    return (region_prefix(region),) if region else ()


def _today(as_of: date | None) -> date:
    return as_of or date.today()


# --------------------------------------------------------------------------- chains


def chain_summaries(store: GraphStore, settings: Settings) -> list[ChainSummary]:
    """Chains present in the graph, named from the shipped definitions when there is one."""
    by_chain: dict[str, list[ChainNodeRecord]] = {}
    for node in store.chain_nodes():
        by_chain.setdefault(node.chain, []).append(node)
    return [
        ChainSummary(chain=chain, name=_chain_meta(chain, settings)[0], nodes=len(nodes))
        for chain, nodes in sorted(by_chain.items())
    ]


def _chain_meta(chain: str, settings: Settings) -> tuple[str | None, str | None]:
    from graph.chains import get_chain

    try:
        definition = get_chain(chain, settings.data_dir / "chains")
    except NotFoundError:
        return None, None  # a chain loaded from elsewhere (tests, another deployment)
    except ChainDefinitionError as exc:
        logger.warning("chain definition %s is invalid: %s", chain, exc)
        return None, None
    return definition.name, definition.description


@router.get("/chains", response_model=list[ChainSummary])
def chains(store: StoreDep, settings: SettingsDep) -> list[ChainSummary]:
    """产业链列表: chains loaded in the graph."""
    return chain_summaries(store, settings)


@router.get("/chains/{chain}", response_model=ChainDetail)
def chain_detail(chain: str, store: StoreDep, settings: SettingsDep) -> ChainDetail:
    """产业链节点 (技术分解): the nodes of one chain as loaded in the graph."""
    nodes = store.chain_nodes(chain)
    if not nodes:
        raise NotFoundError(f"产业链不存在 (no chain {chain!r} in the graph)")
    name, description = _chain_meta(chain, settings)
    public = [
        ChainNodePublic(
            key=n.key,
            name=n.name,
            position=n.position.value,
            parent=n.parent,
            ipc_codes=list(n.ipc_codes),
            keywords=list(n.keywords),
            supplies_to=list(n.supplies_to),
        )
        for n in nodes
    ]
    return ChainDetail(chain=chain, name=name, nodes=len(nodes), description=description, node_list=public)


# --------------------------------------------------------------------------- gaps, collaborators


@router.get("/gaps")
def chain_gaps(
    store: StoreDep,
    chain: Annotated[str, Query(description="产业链, 如 nev")],
    region: Annotated[str, Query(description="本地区 NBS 代码或前缀, 如 22")],
    benchmark: Annotated[
        str, Query(description="对标: national, 一个地区前缀, 或 51+37 同类地区")
    ] = "national",
    as_of: AsOf = None,
) -> dict[str, Any]:
    """补链强链分析: per-node strong / weak / missing against the benchmark."""
    report = find_chain_gaps(store, chain, region_prefix(region), benchmark, as_of=as_of)
    return report.to_dict()


@router.post("/collaborators", response_model=CollaboratorList)
def collaborators(query: CollaboratorQuery, store: StoreDep, query_terms: QueryTermsDep) -> CollaboratorList:
    """合作对象发现: holders of relevant, available technology, ranked with reasons."""
    terms = query_terms(query.need)
    found = discover_collaborators(
        store,
        terms,
        region=query.region,
        chain_node=query.chain_node,
        holder_types=tuple(query.holder_types),
        availability_filter=query.availability,
        top_k=query.top_k,
        as_of=query.as_of,
    )
    return CollaboratorList(need=query.need, query_terms=terms, candidates=[c.to_dict() for c in found])


# --------------------------------------------------------------------------- sleeping patents


def sleeping_filter(
    region: RegionQuery = None,
    holder: Annotated[str | None, Query(description="权利人键")] = None,
    chain: Annotated[str | None, Query(description="产业链")] = None,
    chain_node: Annotated[str | None, Query(description="产业链节点")] = None,
    level: Annotated[Literal["A", "B", "C"] | None, Query(description="分级 A/B/C")] = None,
) -> SleepingPatentFilter:
    return SleepingPatentFilter(
        region_prefixes=_prefixes(region),
        holder_keys=(holder,) if holder else (),
        chain_node_keys=(chain_node,) if chain_node else (),
        chain=chain,
        level=level,
    )


SleepingFilterDep = Annotated[SleepingPatentFilter, Depends(sleeping_filter)]


@router.get("/sleeping", response_model=SleepingPage)
def sleeping(
    store: StoreDep,
    flt: SleepingFilterDep,
    as_of: AsOf = None,
    offset: PageOffset = 0,
    limit: PageLimit = 100,
) -> SleepingPage:
    """沉睡专利: screened, graded A/B/C, best first."""
    found = screen_sleeping_patents(store, _today(as_of), flt)
    items = [p.to_dict() for p in found[offset : offset + limit]]
    return SleepingPage(
        total=len(found), offset=offset, limit=limit, as_of=_today(as_of).isoformat(), items=items
    )


@router.get("/sleeping/export", response_class=FileResponse)
def sleeping_export(
    store: StoreDep,
    flt: SleepingFilterDep,
    format: Annotated[Literal["csv", "xlsx"], Query(description="csv 或 xlsx")] = "csv",
    as_of: AsOf = None,
) -> FileResponse:
    """专利技术供给清单 as a download (CSV with a BOM for Excel, or XLSX)."""
    found = screen_sleeping_patents(store, _today(as_of), flt)
    folder = Path(tempfile.mkdtemp(prefix="patentnav-supply-"))
    path = export_supply_list(found, folder / f"supply.{format}")
    return FileResponse(
        path,
        media_type=EXPORT_MEDIA[format],
        filename=f"{SUPPLY_LIST_NAME}.{format}",
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


# --------------------------------------------------------------------------- high value, pools


@router.get("/high-value", response_model=HighValuePage)
def high_value(
    store: StoreDep,
    region: RegionQuery = None,
    chain: str | None = None,
    chain_node: str | None = None,
    holder: str | None = None,
    only_high_value: Annotated[bool, Query(description="只列高价值专利")] = True,
    as_of: AsOf = None,
    offset: PageOffset = 0,
    limit: PageLimit = 100,
) -> HighValuePage:
    """高价值发明专利: the five criteria per patent and the shares per holder/region/node."""
    flt = PatentFilter(
        region_prefixes=_prefixes(region),
        chain=chain,
        chain_node_keys=(chain_node,) if chain_node else (),
        holder_keys=(holder,) if holder else (),
    )
    report = find_high_value_patents(store, _today(as_of), flt)
    rows = [a for a in report.patents if a.is_high_value or not only_high_value]
    return HighValuePage(
        total=len(rows),
        offset=offset,
        limit=limit,
        as_of=report.as_of,
        high_value_total=sum(1 for a in report.patents if a.is_high_value),
        patents=[a.to_dict() for a in rows[offset : offset + limit]],
        by_holder=[s.to_dict() for s in report.by_holder[:limit]],
        by_region=[s.to_dict() for s in report.by_region[:limit]],
        by_chain_node=[s.to_dict() for s in report.by_chain_node[:limit]],
        caveats=list(report.caveats),
    )


@router.get("/pools")
def pools(
    store: StoreDep,
    chain_node: Annotated[str | None, Query(description="产业链节点, 如 nev/battery_pack")] = None,
    technology: Annotated[list[str] | None, Query(description="技术词 (可重复)")] = None,
    as_of: AsOf = None,
) -> dict[str, Any]:
    """专利池构建: candidate patents, holders, overlap and a founding-member set."""
    technologies = tuple(technology or ())
    if len(technologies) > MAX_POOL_TECHNOLOGIES:
        raise InvalidQueryError(f"技术词最多 {MAX_POOL_TECHNOLOGIES} 个 (too many technology keys)")
    return propose_patent_pool(store, chain_node, technologies, as_of=as_of).to_dict()


# --------------------------------------------------------------------------- KPIs, abnormal transfers


@router.get("/kpis")
def kpis(
    store: StoreDep,
    region: Annotated[list[str] | None, Query(description="地区前缀 (可重复); 省略 = 全国")] = None,
    year_from: int | None = None,
    year_to: int | None = None,
    plan: Annotated[bool, Query(description="对照各省专项计划目标")] = False,
) -> dict[str, Any]:
    """转化运用指标: yearly counts and amounts per region, optionally against plan targets."""
    last = year_to or date.today().year - 1
    first = year_from or last - 2
    if first > last or last - first + 1 > MAX_KPI_YEARS:
        raise InvalidQueryError(
            f"年份范围须为 1 到 {MAX_KPI_YEARS} 年且起始不晚于结束 (year range {first}-{last} not allowed)"
        )
    prefixes = [region_prefix(r) for r in region] if region else [""]
    targets = plan_targets(prefixes) if plan else []
    return transformation_kpis(store, prefixes, range(first, last + 1), targets).to_dict()


def plan_targets(prefixes: list[str]) -> list[Any]:
    """The provincial plans' checkable targets for the 2-digit prefixes asked for."""
    from graph.navigation.kpi_targets import kpi_targets_from_plan
    from graph.plan_targets import plan_for_province

    targets: list[Any] = []
    for prefix in prefixes:
        if len(prefix) != 2:
            continue  # plans are provincial
        try:
            found, _skipped = kpi_targets_from_plan(plan_for_province(prefix))
        except NotFoundError:
            continue
        targets.extend(t for t in found if t.region_prefix == prefix)
    return targets


@router.get("/abnormal-transfers", response_model=AbnormalTransferPage)
def abnormal_transfers(
    store: StoreDep,
    region: RegionQuery = None,
    holder: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    as_of: AsOf = None,
    offset: PageOffset = 0,
    limit: PageLimit = 100,
) -> AbnormalTransferPage:
    """异常转让预警: rule-based warnings with their evidence (a prompt for review, not a verdict)."""
    flt = EventFilter(
        region_prefixes=_prefixes(region),
        holder_keys=(holder,) if holder else (),
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
    )
    report = detect_abnormal_transfers(store, flt, as_of=as_of)
    return AbnormalTransferPage(
        total=len(report.warnings),
        offset=offset,
        limit=limit,
        events_examined=report.events_examined,
        counts=report.counts,
        thresholds=report.thresholds,
        warnings=[w.to_dict() for w in report.warnings[offset : offset + limit]],
    )
