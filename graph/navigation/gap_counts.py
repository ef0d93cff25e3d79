"""What the chain-gap analysis counts (产业链环节计数) and the warnings the counts call for.

Every figure comes from the store's ``facet_counts``, so both stores give the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.models import Facet, PatentFilter, PatentType
from graph.navigation.common import safe_ratio
from graph.navigation.gap_status import GrowthWindow
from graph.store import GraphStore


@dataclass(slots=True)
class GapCounts:
    """Everything counted by the store (``facet_counts``), keyed by node."""

    region_total: int
    region_chain_total: int
    bench_total: int
    bench_chain_total: int
    region_nodes: dict[str, int]
    region_valid_inventions: dict[str, int]
    bench_nodes: dict[str, int]
    recent: dict[str, int]
    previous: dict[str, int]

    @classmethod
    def load(
        cls,
        store: GraphStore,
        chain: str,
        region: tuple[str, ...],
        bench: tuple[str, ...],
        window: GrowthWindow,
    ) -> GapCounts:
        def total(flt: PatentFilter) -> int:
            return sum(c.count for c in store.facet_counts([Facet.PATENT_TYPE], flt))

        def by_node(flt: PatentFilter) -> dict[str, int]:
            return {
                str(c.values[0]): c.count for c in store.facet_counts([Facet.CHAIN_NODE], flt) if c.values[0]
            }

        recent: dict[str, int] = {}
        previous: dict[str, int] = {}
        year_flt = PatentFilter(
            chain=chain,
            region_prefixes=region,
            app_year_from=window.previous_from,
            app_year_to=window.recent_to,
        )
        for c in store.facet_counts([Facet.CHAIN_NODE, Facet.APP_YEAR], year_flt):
            node, year = c.values
            if node is None or year is None:
                continue
            target = recent if int(year) >= window.recent_from else previous
            target[node] = target.get(node, 0) + c.count
        return cls(
            region_total=total(PatentFilter(region_prefixes=region)),
            region_chain_total=total(PatentFilter(chain=chain, region_prefixes=region)),
            bench_total=total(PatentFilter(region_prefixes=bench)),
            bench_chain_total=total(PatentFilter(chain=chain, region_prefixes=bench)),
            region_nodes=by_node(PatentFilter(chain=chain, region_prefixes=region)),
            region_valid_inventions=by_node(
                PatentFilter(
                    chain=chain, region_prefixes=region, patent_types=(PatentType.INVENTION,), valid_only=True
                )
            ),
            bench_nodes=by_node(PatentFilter(chain=chain, region_prefixes=bench)),
            recent=recent,
            previous=previous,
        )


def comparison_warnings(
    region_prefix: str, bench: tuple[str, ...], counts: GapCounts, self_share_limit: float, min_local: int
) -> list[str]:
    """Comparisons an analyst should not put into a report without a second look."""
    found = []
    if any(p.startswith(region_prefix) for p in bench):
        found.append("对标地区在本地区之内, 对比没有意义")
    inside = not bench or any(region_prefix.startswith(p) for p in bench)
    self_share = safe_ratio(counts.region_total, counts.bench_total) if inside else None
    if self_share is not None and self_share >= self_share_limit:
        found.append(
            f"本地区占对标全部专利的 {self_share:.0%}: 对标几乎就是本地区自身 (如单一省份的导出数据), "
            "RTA 趋近 1, 请改用更大范围或同类地区对标"
        )
    if counts.region_chain_total < min_local:
        found.append(f"本地区该产业链专利仅 {counts.region_chain_total} 件, 各环节多为样本不足, 结论仅供参考")
    return found
