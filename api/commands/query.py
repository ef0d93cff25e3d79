"""`patentnav query ...`: the navigation analyses from the command line (导航分析).

Thin shell: parse options, open the store, call ``graph.navigation``, print JSON (``--json``)
or a rich table. Heavy imports stay inside the commands so ``--help`` is fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from graph.store import GraphStore

app = typer.Typer(no_args_is_help=True)

StoreOption = Annotated[str | None, typer.Option("--store", help="embedded | neo4j")]
DbOption = Annotated[Path | None, typer.Option("--db", help="embedded store file")]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="analysis date YYYY-MM-DD (default today)")]
RegionOption = Annotated[
    str | None, typer.Option("--region", help="NBS region code or prefix, e.g. 22 or 2201")
]


@contextmanager
def _store(store: str | None, db: Path | None) -> Iterator[GraphStore]:
    from graph.factory import store_session

    with store_session(store=store, db=db) as graph_store:
        yield graph_store


def _as_of(value: str | None) -> date:
    return date.fromisoformat(value) if value else date.today()


def _csv(value: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (value or "").split(",") if p.strip())


def _region(value: str | None) -> tuple[str, ...]:
    from graph.navigation.common import region_prefix

    return (region_prefix(value),) if value else ()


def _emit(payload: Any) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _table(title: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*("" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v) for v in row))
    Console().print(table)


@app.command("collaborators")
def collaborators_command(
    need: Annotated[str, typer.Argument(help="the need in free text (技术需求)")],
    region: Annotated[str | None, typer.Option("--region", help="the seeker's NBS region code")] = None,
    chain_node: Annotated[str | None, typer.Option("--chain-node", help="e.g. nev/battery_cell")] = None,
    top: Annotated[int, typer.Option("--top", help="how many holders")] = 10,
    holder_types: Annotated[str, typer.Option(help="comma-separated holder types")] = "university,institute",
    availability: Annotated[str, typer.Option(help="any | available | open_licence")] = "any",
    as_of: AsOfOption = None,
    store: StoreOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Universities/institutes with relevant, available patents for a need (合作对象发现)."""
    from graph.models import HolderType
    from graph.navigation import Availability, discover_collaborators
    from nlp.pipeline import load_pipeline

    terms = load_pipeline().query_terms(need)
    with _store(store, db) as graph_store:
        found = discover_collaborators(
            graph_store,
            terms,
            region=region,
            chain_node=chain_node,
            holder_types=tuple(HolderType(t) for t in _csv(holder_types)),
            availability_filter=Availability(availability),
            top_k=top,
            as_of=_as_of(as_of),
        )
    rows = [
        {
            "holder_key": c.holder_key,
            "name": c.name,
            "type": c.holder_type,
            "region_code": c.region_code,
            "score": c.score,
            "score_parts": {p.name: {"value": p.value, "weight": p.weight} for p in c.score_parts},
            "patents": [p.pub_no for p in c.patents],
            "matched_terms": list(c.matched_terms),
            "reasons": list(c.reasons),
            "paths": list(c.paths),
        }
        for c in found
    ]
    if as_json:
        _emit(rows)
        return
    _table(
        f"合作对象 (terms: {', '.join(terms)})",
        ["rank", "name", "type", "score", "patents", "reasons"],
        [
            (i, c.name, c.holder_type, c.score, " ".join(p.pub_no for p in c.patents), "; ".join(c.reasons))
            for i, c in enumerate(found, 1)
        ],
    )


@app.command("gaps")
def gaps_command(
    chain: Annotated[str, typer.Option("--chain", help="chain id, e.g. nev")],
    region: Annotated[str, typer.Option("--region", help="NBS region code or prefix")],
    benchmark: Annotated[
        str | None, typer.Option("--benchmark", help="national (default), a prefix, or peers 51+37")
    ] = None,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Per chain node: region's patents, share, RTA, growth, concentration, status (产业链补链分析)."""
    from graph.navigation import find_chain_gaps

    with _store(store, db) as graph_store:
        day = date.fromisoformat(as_of) if as_of else None  # None: the data cut-off, not today
        report = find_chain_gaps(graph_store, chain, _region(region)[0], benchmark, as_of=day)
    if as_json:
        _emit(report.to_dict())
        return
    _table(
        f"{chain} @ {report.region_prefix} vs {report.benchmark} ({report.as_of})",
        ["node", "name", "patents", "share", "bench share", "RTA", "growth", "HHI", "status", "sources"],
        [
            (
                n.node_key,
                n.name,
                n.patents,
                n.share,
                n.benchmark_share,
                n.rta,
                n.growth,
                n.hhi,
                n.status_zh if n.action is None else f"{n.status_zh}·{n.action}",
                ", ".join(h.holder.name for h in n.external_holders[:3]),
            )
            for n in report.nodes
        ],
    )


@app.command("sleeping")
def sleeping_command(
    region: RegionOption = None,
    holder: Annotated[str | None, typer.Option("--holder", help="holder key(s), comma-separated")] = None,
    chain: Annotated[str | None, typer.Option("--chain", help="chain id")] = None,
    chain_node: Annotated[
        str | None, typer.Option("--chain-node", help="node key(s), comma-separated")
    ] = None,
    level: Annotated[str | None, typer.Option("--level", help="A | B | C")] = None,
    export: Annotated[Path | None, typer.Option("--export", help="supply list to .csv or .xlsx")] = None,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Sleeping patents graded A/B/C; optional supply list export (沉睡专利与供给清单)."""
    from graph.navigation import SleepingPatentFilter, export_supply_list, screen_sleeping_patents

    flt = SleepingPatentFilter(_region(region), _csv(holder), _csv(chain_node), chain, level)
    with _store(store, db) as graph_store:
        found = screen_sleeping_patents(graph_store, _as_of(as_of), flt)
    if export is not None:
        export_supply_list(found, export)
        typer.echo(f"供给清单 {len(found)} 件 -> {export}", err=True)
    if as_json:
        _emit([p.to_dict() for p in found])
        return
    _table(
        f"沉睡专利 {len(found)} 件",
        ["pub_no", "title", "holders", "level", "score", "category", "open licence"],
        [
            (
                p.pub_no,
                p.title,
                ";".join(h.name for h in p.holders),
                p.level,
                p.score,
                p.category,
                p.open_licensed,
            )
            for p in found
        ],
    )


@app.command("high-value")
def high_value_command(
    region: RegionOption = None,
    holder: Annotated[str | None, typer.Option("--holder", help="holder key(s), comma-separated")] = None,
    chain: Annotated[str | None, typer.Option("--chain", help="chain id")] = None,
    chain_node: Annotated[
        str | None, typer.Option("--chain-node", help="node key(s), comma-separated")
    ] = None,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The five high-value criteria per patent and the shares per holder/region/node (高价值发明专利)."""
    from graph.models import PatentFilter
    from graph.navigation import find_high_value_patents

    flt = PatentFilter(
        region_prefixes=_region(region),
        holder_keys=_csv(holder),
        chain=chain,
        chain_node_keys=_csv(chain_node),
    )
    with _store(store, db) as graph_store:
        report = find_high_value_patents(graph_store, _as_of(as_of), flt)
    if as_json:
        _emit(report.to_dict())
        return
    high = [a for a in report.patents if a.is_high_value]
    _table(
        f"高价值发明专利 {len(high)} / {len(report.patents)} 有效发明",
        ["pub_no", "title", "criteria", "evidence"],
        [
            (
                a.pub_no,
                a.title,
                ",".join(a.met_criteria),
                "; ".join(c.evidence or "" for c in a.criteria if c.met),
            )
            for a in high
        ],
    )
    _table(
        "按权利人 (by holder)",
        ["holder", "valid inventions", "high-value", "share"],
        [(s.key, s.eligible_count, s.high_value_count, s.share) for s in report.by_holder],
    )
    for caveat in report.caveats:
        typer.echo(f"注: {caveat}", err=True)


@app.command("pool")
def pool_command(
    chain_node: Annotated[str | None, typer.Option("--chain-node", help="node key")] = None,
    tech: Annotated[str | None, typer.Option("--tech", help="technology keys, comma-separated")] = None,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Patent-pool candidates, complementarity, encumbrances and founding members (专利池)."""
    from graph.navigation import propose_patent_pool

    with _store(store, db) as graph_store:
        pool = propose_patent_pool(graph_store, chain_node, _csv(tech), as_of=_as_of(as_of))
    if as_json:
        _emit(pool.to_dict())
        return
    _table(
        f"专利池候选 {chain_node or ','.join(pool.technology_keys)}: {len(pool.patents)} 件, HHI {pool.hhi}",
        ["holder", "patents", "usable", "encumbered", "unique units"],
        [
            (h.holder.name, h.patents, h.usable_patents, h.encumbered_patents, ",".join(h.unique_units))
            for h in pool.holders
        ],
    )
    _table(
        "创始成员 (greedy set cover)",
        ["step", "holder", "new units", "cumulative"],
        [
            (i, s.name, ",".join(s.new_units), s.cumulative_units)
            for i, s in enumerate(pool.founding_members, 1)
        ],
    )


def _years(value: str) -> list[int]:
    if "-" in value:
        first, last = (int(p) for p in value.split("-", 1))
        return list(range(first, last + 1))
    return [int(p) for p in _csv(value)]


def _targets(specs: list[str]) -> list[Any]:
    """``metric:measure:growth[:minimum]``, e.g. ``academic_to_sme:count:0.2``."""
    from graph.navigation import KpiTarget

    targets = []
    for spec in specs:
        parts = spec.split(":")
        growth = float(parts[2]) if len(parts) > 2 and parts[2] else None
        minimum = float(parts[3]) if len(parts) > 3 and parts[3] else None
        targets.append(
            KpiTarget(parts[0], parts[1] if len(parts) > 1 else "count", growth, minimum, None, "cli")
        )
    return targets


def _plan_targets(prefixes: list[str]) -> list[Any]:
    """The provincial plan targets (data/plans/targets.yaml) of the provinces analysed."""
    from graph.errors import NotFoundError
    from graph.navigation.kpi_targets import kpi_targets_from_plan
    from graph.plan_targets import plan_for_province

    targets: list[Any] = []
    for prefix in prefixes:
        if len(prefix) != 2:
            continue  # plans are provincial
        try:
            found, skipped = kpi_targets_from_plan(plan_for_province(prefix))
        except NotFoundError:
            typer.echo(f"无 {prefix} 省的计划目标 (no plan targets)", err=True)
            continue
        targets.extend(t for t in found if t.region_prefix == prefix)
        for item in skipped:
            typer.echo(f"未核对 {item.target_id}: {item.reason}", err=True)
    return targets


@app.command("kpis")
def kpis_command(
    regions: Annotated[str, typer.Option("--region", help="prefixes, comma-separated ('' = national)")] = "",
    years: Annotated[str, typer.Option("--years", help="2021-2023 or 2021,2022")] = "2021-2023",
    target: Annotated[
        list[str] | None, typer.Option("--target", help="metric:measure:growth[:minimum], repeatable")
    ] = None,
    plan: Annotated[bool, typer.Option("--plan", help="check each province's plan targets")] = False,
    store: StoreOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Transformation KPIs per region and year against plan targets (转化运用指标)."""
    from graph.navigation import transformation_kpis

    prefixes = [r for r in regions.split(",")] if regions else [""]
    targets = _targets(target or []) + (_plan_targets(prefixes) if plan else [])
    with _store(store, db) as graph_store:
        report = transformation_kpis(graph_store, prefixes, _years(years), targets)
    if as_json:
        _emit(report.to_dict())
        return
    _table(
        "专利转化运用指标",
        ["region", "year", "metric", "count", "amount(万元)", "growth"],
        [
            (r.region_prefix or "全国", r.year, v.metric_zh, v.count, v.amount, v.growth_count)
            for r in report.rows
            for v in r.values
        ],
    )
    if report.checks:
        _table(
            "目标对照",
            ["region", "year", "metric", "met", "reason"],
            [(c.region_prefix, c.year, c.target.metric, c.met, c.reason) for c in report.checks],
        )


@app.command("abnormal-transfers")
def abnormal_transfers_command(
    region: RegionOption = None,
    date_from: Annotated[str | None, typer.Option("--from", help="first date YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="last date YYYY-MM-DD")] = None,
    bulk_min: Annotated[int, typer.Option(help="bulk: patents on one day between the same parties")] = 10,
    round_trip_days: Annotated[int, typer.Option(help="round trip A->B->A within days")] = 365,
    pre_lapse_days: Annotated[int, typer.Option(help="transfer within days before lapse")] = 90,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rule-based abnormal transfer warnings with evidence (异常转让预警)."""
    from graph.models import EventFilter
    from graph.navigation import AbnormalTransferParams, detect_abnormal_transfers

    params = AbnormalTransferParams(
        bulk_min_patents=bulk_min, round_trip_days=round_trip_days, pre_lapse_days=pre_lapse_days
    )
    flt = EventFilter(date_from=date_from, date_to=date_to, region_prefixes=_region(region))
    with _store(store, db) as graph_store:
        report = detect_abnormal_transfers(graph_store, flt, params, as_of=_as_of(as_of))
    if as_json:
        _emit(report.to_dict())
        return
    _table(
        f"异常转让预警 {len(report.warnings)} 条 / {report.events_examined} 次转让",
        ["rule", "patents", "from", "to", "dates", "evidence"],
        [
            (
                w.rule_zh,
                " ".join(w.pub_nos[:5]),
                ",".join(w.from_holders),
                ",".join(w.to_holders),
                ",".join(w.dates),
                w.evidence,
            )
            for w in report.warnings
        ],
    )
