"""Chinese labels for published results (发布用中文名称): types, chain nodes, IPC subclasses.

Internal keys (``invention``, ``nev/battery_cell``) stay in JSON field values; tables meant for
publication (supply lists, reports) use these labels instead.
"""

from __future__ import annotations

import gzip
import logging
import re
from functools import lru_cache
from pathlib import Path

from graph.codes.ipc import ipc_subclass
from graph.models import HolderType, LegalEventKind, PatentType
from graph.store import GraphStore

logger = logging.getLogger(__name__)

PATENT_TYPE_ZH = {
    PatentType.INVENTION.value: "发明",
    PatentType.UTILITY_MODEL.value: "实用新型",
    PatentType.DESIGN.value: "外观设计",
}
HOLDER_TYPE_ZH = {
    HolderType.UNIVERSITY.value: "高校",
    HolderType.INSTITUTE.value: "科研院所",
    HolderType.SOE.value: "国有企业",
    HolderType.ENTERPRISE.value: "企业",
    HolderType.SME.value: "中小企业",
    HolderType.INDIVIDUAL.value: "个人",
    HolderType.OTHER.value: "其他",
}
EVENT_KIND_ZH = {
    LegalEventKind.TRANSFER: "转让",
    LegalEventKind.LICENCE: "许可",
    LegalEventKind.PLEDGE: "质押",
    LegalEventKind.EQUITY: "作价入股",
    LegalEventKind.OPEN_LICENCE: "开放许可",
    LegalEventKind.INVALIDATION: "无效",
    LegalEventKind.TERMINATION: "终止",
}
_REFERENCE_NOTE = re.compile(r"[（(][^（）()]*[）)]")  # "（...入A01C5/00）" cross-references


def chain_node_labels(store: GraphStore) -> dict[str, str]:
    """Node key -> "产业链名·节点名", the chain's name from its shipped definition where there is one."""
    chains = chain_names()
    return {
        node.key: f"{chains[node.chain]}·{node.name}" if node.chain in chains else node.name
        for node in store.chain_nodes()
    }


def chain_names(folder: Path | None = None) -> dict[str, str]:
    """Chain id -> Chinese name from ``data/chains/*.yaml``, re-read only when a file changes."""
    from graph.chains import default_chains_dir

    root = folder or default_chains_dir()
    files = tuple(sorted((p, p.stat().st_mtime_ns) for p in root.glob("*.yaml"))) if root.is_dir() else ()
    return dict(_chain_names(files))


@lru_cache(maxsize=4)
def _chain_names(files: tuple[tuple[Path, int], ...]) -> tuple[tuple[str, str], ...]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # only id and name are read: no line numbers
    found = []
    for path, _ in files:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        except (OSError, yaml.YAMLError) as exc:  # a broken chain file must not stop a supply list
            logger.warning("chain name unavailable from %s: %s", path, exc)
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str) and isinstance(data.get("name"), str):
            found.append((data["id"], data["name"]))
    return tuple(found)


def ipc_subclass_label(code: str) -> str:
    """ "H01M 用于直接转变化学能为电能的方法或装置" (title without its cross-references), or the code."""
    subclass = ipc_subclass(code) or code
    title = _subclass_titles().get(subclass)
    return f"{subclass} {title}" if title else code


@lru_cache(maxsize=1)
def _subclass_titles(path: Path | None = None) -> dict[str, str]:
    from graph.settings import get_settings

    source = path or get_settings().data_dir / "reference" / "ipc" / "ipc_2026_01_zh.tsv.gz"
    titles: dict[str, str] = {}
    try:
        with gzip.open(source, "rt", encoding="utf-8") as handle:
            for line in handle:
                code, level, title, *_ = (*line.rstrip("\n").split("\t"), "", "", "")
                if level == "subclass":
                    titles[code] = _REFERENCE_NOTE.sub("", title).replace(" ", "").strip("；;")
    except OSError as exc:
        logger.warning("IPC titles unavailable (%s): subclasses shown by code", exc)
    return titles
