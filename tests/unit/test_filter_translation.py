"""Every filter field and facet is translated by both stores (过滤条件翻译完整性).

A field added to ``PatentFilter`` / ``EventFilter`` or a member added to ``Facet`` that one store
does not translate would be ignored there silently; these tests read the dataclass fields and
the enum and compare them with each store's translation table. The property rows both stores
write must carry exactly the properties ``graph.schema`` lists.
"""

from __future__ import annotations

from dataclasses import fields

import pytest

from graph.demand_records import DemandRecord, DemandStatus
from graph.models import (
    ChainNodeRecord,
    ChainPosition,
    EventFilter,
    Facet,
    HolderRecord,
    HolderType,
    IndustryRecord,
    IndustryScheme,
    IpcRecord,
    LegalEventKind,
    LegalEventRecord,
    PatentFilter,
    PatentRecord,
    PatentType,
    RegionLevel,
    RegionRecord,
    Validity,
)
from graph.schema import Label, property_names
from graph.stores import properties
from graph.stores.embedded import filters as sql_filters
from graph.stores.neo4j import cypher
from graph.stores.neo4j import filters as cypher_filters


def _field_names(cls: type) -> set[str]:
    return {f.name for f in fields(cls)}


def test_every_patent_filter_field_is_translated_by_both_stores() -> None:
    assert set(sql_filters.PATENT_CONDITIONS) == _field_names(PatentFilter)
    assert set(cypher_filters.PATENT_PARAMS) == _field_names(PatentFilter)
    # ... and every Cypher parameter has its condition.
    assert {param for param, _ in cypher_filters.PATENT_PARAMS.values()} == set(
        cypher_filters.PATENT_CONDITIONS
    )


def test_every_event_filter_field_is_translated_by_both_stores() -> None:
    assert set(sql_filters.EVENT_CONDITIONS) == _field_names(EventFilter)
    assert set(cypher_filters.EVENT_PARAMS) == _field_names(EventFilter)
    assert {param for param, _ in cypher_filters.EVENT_PARAMS.values()} == set(
        cypher_filters.EVENT_CONDITIONS
    )


def test_every_facet_is_translated_by_both_stores() -> None:
    assert set(sql_filters.FACET_PARTS) == set(Facet)
    assert set(cypher._FACET_LISTS) == set(Facet)


_ALL_SET = PatentFilter(
    region_prefixes=("22",),
    chain_node_keys=("nev/battery_cell",),
    chain="nev",
    holder_types=(HolderType.UNIVERSITY,),
    holder_keys=("h1",),
    patent_types=(PatentType.INVENTION,),
    valid_only=True,
    app_year_from=2019,
    app_year_to=2023,
    pub_nos=("CN1A",),
    technology_keys=("t1",),
    validity=(Validity.PENDING,),
    min_mapping_confidence=0.9,
    holders_outside=("22",),
    holders_within=("51",),
    event_kinds=(LegalEventKind.OPEN_LICENCE,),
)


@pytest.mark.parametrize("name", sorted(_field_names(PatentFilter)))
def test_each_field_alone_constrains_in_both_stores(name: str) -> None:
    only = PatentFilter(**{name: getattr(_ALL_SET, name)})
    assert only != PatentFilter(), f"set {name} in _ALL_SET"
    assert sql_filters.patent_where(only)[0] != "1=1"
    assert cypher_filters.shape(cypher_filters.filter_params(only)) == {cypher_filters.PATENT_PARAMS[name][0]}


def test_a_year_of_zero_is_a_constraint_and_empty_lists_are_not() -> None:
    where, params = sql_filters.patent_where(PatentFilter(app_year_from=0, region_prefixes=()))
    assert where == "1=1 AND p.app_year >= ?" and params == [0]
    assert cypher_filters.shape(cypher_filters.filter_params(PatentFilter(app_year_from=0))) == {"year_from"}


_RECORDS = {
    Label.PATENT: lambda: properties.patent_properties(PatentRecord("CN1A", None, PatentType.INVENTION, "t")),
    Label.HOLDER: lambda: properties.holder_properties(HolderRecord("k", "n", HolderType.SME, "r"), ()),
    Label.IPC: lambda: properties.ipc_properties(IpcRecord("H01M10/052", "subgroup", "锂电池")),
    Label.INDUSTRY: lambda: properties.industry_properties(
        IndustryRecord("sei:5", IndustryScheme.SEI, "新能源汽车")
    ),
    Label.REGION: lambda: properties.region_properties(
        RegionRecord("220000000000", "吉林省", RegionLevel.PROVINCE)
    ),
    Label.CHAIN_NODE: lambda: properties.chain_node_properties(
        ChainNodeRecord("nev/x", "nev", "x", ChainPosition.UPSTREAM)
    ),
    Label.LEGAL_EVENT: lambda: properties.event_properties(
        LegalEventRecord("e1", "CN1A", LegalEventKind.TRANSFER, "2023-01-01")
    ),
    Label.DEMAND: lambda: properties.demand_properties(
        DemandRecord("DEM-1", "需求", "某公司", DemandStatus.OPEN, "2026-01-01T00:00:00Z")
    ),
}


@pytest.mark.parametrize("label", list(_RECORDS))
def test_property_rows_carry_exactly_the_schema_properties(label: Label) -> None:
    assert tuple(_RECORDS[label]()) == property_names(label)


def test_ipc_rows_carry_the_main_group_of_the_rule_book() -> None:
    row = properties.ipc_properties(IpcRecord("H01M10/052", "subgroup", "锂电池"))
    assert (row["main_group"], row["is_main_group"]) == ("H01M10", False)
    assert properties.ipc_code_properties("H01M10/00") == {"main_group": "H01M10", "is_main_group": True}
