"""Place names for the analyst pages (地区名称), from the bundled NBS region codes.

The region reference data is read by ingest's loader (one reading of those files); viz gets
the rows and only formats them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from graph.settings import get_settings
from viz.names import RegionNames


@lru_cache(maxsize=4)
def _region_names(data_dir: Path) -> RegionNames:
    from ingest.reference import load_region_index, reference_dir

    return RegionNames(load_region_index(reference_dir(data_dir)).records())


def region_names(data_dir: Path | None = None) -> RegionNames:
    """Region names of ``data_dir`` (default: the settings' data directory), read once."""
    return _region_names((data_dir or get_settings().data_dir).resolve())
