"""Navigation analyses (专利导航分析), written once on top of the ``GraphStore`` contract.

Each analysis takes a store, its parameters (a dataclass with stated defaults) and an
``as_of`` date where "today" matters, and returns result dataclasses with ``to_dict()``.
"""

from graph.navigation.abnormal_transfers import (
    AbnormalTransferParams,
    AbnormalTransferReport,
    detect_abnormal_transfers,
)
from graph.navigation.chain_gaps import ChainGapParams, ChainGapReport, NodeGap, find_chain_gaps
from graph.navigation.collaborators import (
    Availability,
    CollaboratorAnswer,
    CollaboratorCandidate,
    CollaboratorParams,
    discover_collaborators,
    find_collaborators,
)
from graph.navigation.high_value import (
    HighValueAssessment,
    HighValueParams,
    HighValueReport,
    assess_high_value,
    find_high_value_patents,
)
from graph.navigation.kpis import KpiReport, KpiTarget, transformation_kpis
from graph.navigation.pools import PoolParams, PoolProposal, propose_patent_pool
from graph.navigation.sleeping import (
    SleepingParams,
    SleepingPatent,
    SleepingPatentFilter,
    is_sleeping,
    screen_sleeping_patents,
    sleeping_exclusion,
)
from graph.navigation.supply_list import export_supply_list

__all__ = [
    "AbnormalTransferParams",
    "AbnormalTransferReport",
    "Availability",
    "ChainGapParams",
    "ChainGapReport",
    "CollaboratorAnswer",
    "CollaboratorCandidate",
    "CollaboratorParams",
    "HighValueAssessment",
    "HighValueParams",
    "HighValueReport",
    "KpiReport",
    "KpiTarget",
    "NodeGap",
    "PoolParams",
    "PoolProposal",
    "SleepingParams",
    "SleepingPatent",
    "SleepingPatentFilter",
    "assess_high_value",
    "detect_abnormal_transfers",
    "discover_collaborators",
    "export_supply_list",
    "find_chain_gaps",
    "find_collaborators",
    "find_high_value_patents",
    "is_sleeping",
    "propose_patent_pool",
    "screen_sleeping_patents",
    "sleeping_exclusion",
    "transformation_kpis",
]
