"""Abnormal-transfer bench (异常转让预警评测): the warnings against the anomalies the generator planted.

The demo corpus's legal events are synthetic (``tools/synthetic/legal_events.py``), and the
generator knows which events it planted as anomalies: same-day bulk deals, A->B->A round trips
and transfers shortly before an unpaid lapse. Rebuilding the corpus (byte-identical with the
default seed) yields that ground truth; the product's warnings on the ingested demo graph are
scored against it.

A planted unit is what one warning should cover: a bulk deal is the holder's transfers to one
assignee on one day, counted only when it moved at least ``bulk_min_patents`` patents (one
patent on its own is no batch); a round trip or a transfer before lapse is one patent. Found
means a warning of that rule names the unit's patent on the planted date. Warnings on no planted
event are not necessarily wrong: a generated ordinary transfer can fall shortly before an unpaid
lapse by chance, which is the very pattern the rule describes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.collaborators import SHARED_DATA, dev_graph
from bench.graphs import CACHE_DIR
from bench.query import AS_OF
from graph.navigation.abnormal_rules import RULES_ZH
from graph.navigation.abnormal_transfers import (
    AbnormalTransferParams,
    AbnormalTransferReport,
    detect_abnormal_transfers,
)
from graph.stores.embedded.store import EmbeddedStore

Unit = tuple[str, tuple[str, ...], str]  # rule, patents, date


@dataclass(frozen=True, slots=True)
class AbnormalScore:
    planted: dict[str, int]  # rule -> planted units
    found: dict[str, int]  # rule -> planted units a warning of that rule covers
    warnings: int
    warnings_on_planted: int
    transfers: int
    licences: int
    warned_events: int
    missed: tuple[Unit, ...]


def planted_units(shared_data: Path, min_bulk: int) -> list[Unit]:
    """The generator's planted anomalies in the demo corpus, one unit per expected warning."""
    from tools.synthetic.demo import DEFAULT_SEED, demo_drafts, read_bdci_records
    from tools.synthetic.ipc_assign import IpcCatalogue
    from tools.synthetic.numbering import iso
    from tools.synthetic.reference import load_generator_reference

    catalogue = IpcCatalogue.from_tsv(shared_data / "ipc_2026_zh" / "ipc_2026_01_zh.tsv")
    drafts = demo_drafts(read_bdci_records(shared_data), load_generator_reference(), catalogue, DEFAULT_SEED)
    units: list[Unit] = []
    deals: dict[tuple[str, str], list[str]] = defaultdict(list)
    for draft in drafts:
        assert draft.events is not None
        for day, _kind, rule in draft.events.planted:
            if rule == "bulk_same_day":
                deals[(draft.applicant.name, iso(day))].append(draft.pub_no)
            else:
                units.append((rule, (draft.pub_no,), iso(day)))
    units.extend(
        ("bulk_same_day", tuple(sorted(pubs)), day)
        for (_, day), pubs in deals.items()
        if len(pubs) >= min_bulk
    )
    return sorted(units)


def score(report: AbnormalTransferReport, units: list[Unit]) -> AbnormalScore:
    covered: dict[tuple[str, str, str], bool] = {}
    for w in report.warnings:
        for pub in w.pub_nos:
            for day in w.dates:
                covered[(w.rule, pub, day)] = True
    found: dict[str, int] = defaultdict(int)
    missed = []
    for rule, pubs, day in units:
        if any((rule, pub, day) in covered for pub in pubs):
            found[rule] += 1
        else:
            missed.append((rule, pubs, day))
    planted_events = {(pub, day) for _, pubs, day in units for pub in pubs}
    on_planted = sum(
        1
        for w in report.warnings
        if any((pub, day) in planted_events for pub in w.pub_nos for day in w.dates)
    )
    planted: dict[str, int] = defaultdict(int)
    for rule, _, _ in units:
        planted[rule] += 1
    return AbnormalScore(
        planted=dict(planted),
        found=dict(found),
        warnings=len(report.warnings),
        warnings_on_planted=on_planted,
        transfers=report.events_by_kind.get("transfer", 0),
        licences=report.events_by_kind.get("licence", 0),
        warned_events=report.warned_events,
        missed=tuple(missed),
    )


def run_abnormal_bench(
    pre_lapse_days: int | None, console: Console, cache_dir: Path = CACHE_DIR
) -> AbnormalScore:
    defaults = AbnormalTransferParams()
    params = defaults if pre_lapse_days is None else AbnormalTransferParams(pre_lapse_days=pre_lapse_days)
    store = EmbeddedStore(dev_graph(cache_dir, console))
    try:
        report = detect_abnormal_transfers(store, params=params, as_of=AS_OF)
    finally:
        store.close()
    result = score(report, planted_units(SHARED_DATA, params.bulk_min_patents))
    console.print(render(result, params))
    return result


def render(result: AbnormalScore, params: AbnormalTransferParams) -> Table:
    table = Table(title=f"异常转让预警 vs 生成器植入的异常 (演示语料, 失效前窗口 {params.pre_lapse_days} 天)")
    for column in ("rule", "规则", "planted", "found", "recall"):
        table.add_column(column, justify="right" if column in {"planted", "found", "recall"} else "left")
    for rule, planted in sorted(result.planted.items()):
        found = result.found.get(rule, 0)
        table.add_row(rule, RULES_ZH[rule], str(planted), str(found), f"{found / planted:.2f}")
    examined = result.transfers + result.licences
    table.caption = (
        f"warnings {result.warnings} ({result.warnings_on_planted} on planted events); "
        f"transfers {result.transfers}, licences {result.licences}; "
        f"warnings / transfers {result.warnings / max(result.transfers, 1):.1%}, "
        f"warnings / transfers+licences {result.warnings / max(examined, 1):.1%}, "
        f"events under a warning {result.warned_events / max(examined, 1):.1%}"
    )
    return table
