"""NormaliseContext: the reference lookups the row mapper needs, loaded once per ingest run."""

from __future__ import annotations

import logging
from pathlib import Path

from graph.settings import get_settings
from ingest.normalise.holder_types import HolderClassification, HolderClassifier
from ingest.normalise.ipc import IpcScheme
from ingest.normalise.regions import Region, RegionIndex, RegionMatch
from ingest.normalise.sme import SmeRegistry
from ingest.reference import (
    load_ipc_scheme,
    load_prefix_table,
    load_region_index,
    load_universities,
    reference_dir,
)

log = logging.getLogger(__name__)


class NormaliseContext:
    """IPC titles, regions, universities, SOE groups and the optional SME registry, with caches.

    Build it once (``NormaliseContext.load()``, about a second) and share it across rows; the
    caches make repeated holders and addresses cost one dict lookup.
    """

    def __init__(
        self,
        ipc: IpcScheme,
        regions: RegionIndex,
        classifier: HolderClassifier,
        max_event_count: int | None = None,
    ) -> None:
        # 转让/许可/质押次数 above this are refused (PATENTNAV_INGEST_MAX_EVENT_COUNT)
        self.max_event_count = max_event_count or get_settings().ingest_max_event_count
        self.ipc = ipc
        self.regions = regions
        self.classifier = classifier
        self._addresses: dict[str, RegionMatch | None] = {}
        self._province_codes: dict[str, Region | None] = {}

    @classmethod
    def load(cls, data_dir: Path | None = None, sme_registry: Path | None = None) -> NormaliseContext:
        """Load from data/reference (or ``data_dir``, the data root or its reference folder)."""
        ref = reference_dir(data_dir)
        registry = SmeRegistry.load(sme_registry) if sme_registry is not None else None
        classifier = HolderClassifier(
            universities=load_universities(ref),
            soe_prefixes=load_prefix_table(ref / "holders" / "soe_groups.tsv"),
            large_prefixes=load_prefix_table(ref / "holders" / "large_enterprises.tsv"),
            sme_registry=registry,
        )
        ctx = cls(load_ipc_scheme(ref), load_region_index(ref), classifier)
        log.info("normalise context from %s: %d IPC codes, %d regions, SME registry: %s",
                 ref, len(ctx.ipc), len(ctx.regions), registry.source if registry else "none")  # fmt: skip
        return ctx

    def classify_holder(self, name: str) -> HolderClassification:
        return self.classifier.classify(name)

    def resolve_address(self, address: str) -> RegionMatch | None:
        if address not in self._addresses:
            self._addresses[address] = self.regions.resolve_address(address)
        return self._addresses[address]

    def resolve_province_code(self, value: str) -> Region | None:
        if value not in self._province_codes:
            self._province_codes[value] = self.regions.resolve_province_code(value)
        return self._province_codes[value]
