"""Bundled reference data (参考数据) in data/reference/: loaders and the ReferenceBatch.

Files (provenance and licences in data/reference/PROVENANCE.md):

* ipc/ipc_2026_01_zh.tsv.gz          IPC 2026.01 Chinese titles: code, level, title_zh, parent_code
* regions/{provinces,cities,areas}.csv  NBS 2023 统计用区划代码 (2/4/6 digits)
* industries/gbt4754_2017.tsv        GB/T 4754-2017 国民经济行业分类
* sei/sei.jsonl, sei/ipc-sei.jsonl.gz  战略性新兴产业分类 rules and the 2021 SEI<->IPC concordance
* universities/moe_*_hei_2025.json   MoE 全国高等学校名单 2025
* holders/soe_groups.tsv, holders/large_enterprises.tsv  hand-compiled name prefixes

Every loader accepts a plain or a ``.gz`` file. Nothing is read at import time.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from graph.chains import load_chain_nodes
from graph.codes.regions import load_regions
from graph.models import (
    ChainNodeRecord,
    IndustryRecord,
    IndustryScheme,
    IpcIndustryLink,
    IpcRecord,
    ReferenceBatch,
)
from ingest.normalise.holders import holder_key
from ingest.normalise.ipc import IpcEntry, IpcScheme, normalise_ipc
from ingest.normalise.regions import RegionIndex

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
_LEVELS = {"main_group": "group"}  # the source's word for IPC main groups; models say "group"
# The nine top-level SEI industries (战略性新兴产业分类 2018, 国家统计局令第23号); the data has 1.1-9.2.
SEI_INDUSTRIES = {
    "1": "新一代信息技术产业", "2": "高端装备制造产业", "3": "新材料产业", "4": "生物产业",
    "5": "新能源汽车产业", "6": "新能源产业", "7": "节能环保产业", "8": "数字创意产业", "9": "相关服务业",
}  # fmt: skip


def reference_dir(data_dir: Path | None = None) -> Path:
    """data/reference of the repository, or the given directory (or its ``reference`` child)."""
    if data_dir is None:
        return REPO_ROOT / "data" / "reference"
    return data_dir / "reference" if (data_dir / "reference").is_dir() else data_dir


def open_text(path: Path) -> IO[str]:
    """Open ``path`` or ``path.gz`` as UTF-8 text."""
    if path.exists():
        return (
            gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")
        )
    gz = path.with_name(path.name + ".gz")
    if gz.exists():
        return io.TextIOWrapper(gzip.open(gz, "rb"), encoding="utf-8")
    raise FileNotFoundError(f"reference file missing: {path} (or {gz.name})")


def _tsv_rows(path: Path) -> Iterator[dict[str, str]]:
    with open_text(path) as handle:
        yield from csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")


def load_ipc_scheme(ref: Path) -> IpcScheme:
    """IPC codes as in the source (a few malformed codes are kept verbatim: they are the scheme's keys)."""
    entries = [
        IpcEntry(
            row["code"], _LEVELS.get(row["level"], row["level"]), row["title_zh"], row["parent_code"] or None
        )
        for row in _tsv_rows(ref / "ipc" / "ipc_2026_01_zh.tsv")
    ]
    return IpcScheme(entries)


def load_region_index(ref: Path) -> RegionIndex:
    return RegionIndex(load_regions(ref / "regions"))


def load_universities(ref: Path) -> dict[str, str]:
    """Holder key -> short description, from the MoE lists (regular and adult HEIs)."""
    universities: dict[str, str] = {}
    for name, kind in (("moe_regular_hei_2025.json", "普通高校"), ("moe_adult_hei_2025.json", "成人高校")):
        with open_text(ref / "universities" / name) as handle:
            for item in json.load(handle):
                level = f"{item['level']}, " if item.get("level") else ""
                desc = f"{kind}, {level}主管部门 {item.get('department', '')}, 代码 {item.get('code', '')}"
                universities.setdefault(holder_key(item["name"]), desc)
    return universities


def load_prefix_table(path: Path) -> dict[str, str]:
    """A two-column TSV (name prefix, note) with ``#`` comments -> {holder key of prefix: note}."""
    table: dict[str, str] = {}
    with open_text(path) as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                prefix, _, note = line.rstrip("\n").partition("\t")
                table[holder_key(prefix)] = note.strip()
    return table


def load_industries(ref: Path) -> list[IndustryRecord]:
    """GB/T 4754-2017 (门类/大类/中类/小类) and SEI (industry / category / rule) as IndustryRecords."""
    records: list[IndustryRecord] = []
    divisions: dict[str, str] = {}
    for row in _tsv_rows(ref / "industries" / "gbt4754_2017.tsv"):
        section, code = row["section"], row["code"]
        own = f"gbt4754:{section}" if code == section else f"gbt4754:{section}{code}"
        parent_code = {"1": None, "2": section, "3": row["division"], "4": row["group"]}[row["level"]]
        parent = None if parent_code is None else (
            f"gbt4754:{section}" if parent_code == section else f"gbt4754:{section}{parent_code}"
        )  # fmt: skip
        divisions[own] = f"gbt4754:{section}{row['division']}"
        records.append(IndustryRecord(own, IndustryScheme.GBT4754, row["name"].strip(), parent))
    # A 中类 with one 小类 of the same name (019 其他农业) has no row of its own: use the 大类.
    known = {r.code for r in records}
    records = [
        r
        if r.parent is None or r.parent in known
        else IndustryRecord(r.code, r.scheme, r.name, divisions[r.code])
        for r in records
    ]
    records.extend(IndustryRecord(f"sei:{c}", IndustryScheme.SEI, n) for c, n in SEI_INDUSTRIES.items())
    categories: dict[str, str] = {}
    for rule in _sei_rules(ref):
        cat = rule["seiCode"]
        if cat not in categories:
            categories[cat] = rule["seiName"]
            records.append(
                IndustryRecord(f"sei:{cat}", IndustryScheme.SEI, rule["seiName"], f"sei:{cat.split('.')[0]}")
            )
        name = rule["keywords"] or f"{rule['seiName']} (IPC 参照规则 {rule['id']})"
        records.append(IndustryRecord(f"sei:{cat}/r{rule['id']}", IndustryScheme.SEI, name, f"sei:{cat}"))
    return records


def _sei_rules(ref: Path) -> list[dict[str, str]]:
    with open_text(ref / "sei" / "sei.jsonl") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_ipc_industry_links(ref: Path) -> list[IpcIndustryLink]:
    """SEI<->IPC concordance 2021 -> IPC code to SEI category (sei:1.1), one link per pair.

    Links go to the category, not the rule: the rules' product keywords are an extra condition the
    data cannot check, so membership by IPC alone is an upper bound (see PROVENANCE.md).
    """
    category = {int(rule["id"]): rule["seiCode"] for rule in _sei_rules(ref)}
    pairs: dict[tuple[str, str], None] = {}
    with open_text(ref / "sei" / "ipc-sei.jsonl") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                pairs[(normalise_ipc(row["ipcCode"]), f"sei:{category[int(row['seiId'])]}")] = None
    return [IpcIndustryLink(ipc, industry, "sei_ipc_2021") for ipc, industry in pairs]


def load_reference_batch(data_dir: Path | None = None) -> ReferenceBatch:
    """IPC, regions, industries, IPC->SEI links and (when graph.chains provides them) chain nodes."""
    ref = reference_dir(data_dir)
    ipc = [IpcRecord(e.code, e.level, e.title_zh, e.parent) for e in load_ipc_scheme(ref).entries()]
    batch = ReferenceBatch(
        ipc=ipc,
        industries=load_industries(ref),
        ipc_industry_links=load_ipc_industry_links(ref),
        regions=load_region_index(ref).records(),
    )
    batch.chain_nodes = _chain_nodes(data_dir)
    log.info("reference batch: %d IPC, %d industries, %d IPC->industry links, %d regions, %d chain nodes",
             len(batch.ipc), len(batch.industries), len(batch.ipc_industry_links), len(batch.regions),
             len(batch.chain_nodes))  # fmt: skip
    return batch


def _chain_nodes(data_dir: Path | None) -> list[ChainNodeRecord]:
    """Chain nodes of the shipped chain definitions (graph.chains, data/chains/*.yaml)."""
    if data_dir is None:
        return load_chain_nodes()
    root = data_dir if (data_dir / "reference").is_dir() else data_dir.parent
    chains = root / "chains"
    return load_chain_nodes(chains) if chains.is_dir() else []
