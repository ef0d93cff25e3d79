"""The closed vocabulary of the graph: node labels, relationship types, keys.

Labels and relationship types come only from these enums, never from data, so Cypher
stays constant and Chinese names stay properties.
"""

from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    PATENT = "Patent"
    HOLDER = "Holder"
    INVENTOR = "Inventor"
    TECHNOLOGY = "Technology"
    IPC = "IPC"
    INDUSTRY = "Industry"
    CHAIN_NODE = "ChainNode"
    REGION = "Region"
    LEGAL_EVENT = "LegalEvent"


class RelType(StrEnum):
    APPLIED_BY = "APPLIED_BY"  # (Patent)-[:APPLIED_BY {order}]->(Holder) 申请人
    HELD_BY = "HELD_BY"  # (Patent)-[:HELD_BY]->(Holder) 当前权利人
    INVENTED_BY = "INVENTED_BY"  # (Patent)-[:INVENTED_BY]->(Inventor)
    CLASSIFIED_AS = "CLASSIFIED_AS"  # (Patent)-[:CLASSIFIED_AS {main}]->(IPC)
    MENTIONS = "MENTIONS"  # (Patent)-[:MENTIONS {weight}]->(Technology)
    MAPPED_TO = "MAPPED_TO"  # (Patent)-[:MAPPED_TO {confidence, reason}]->(ChainNode)
    LOCATED_IN = "LOCATED_IN"  # (Holder|Patent)-[:LOCATED_IN]->(Region)
    IN_INDUSTRY = "IN_INDUSTRY"  # (IPC)-[:IN_INDUSTRY {source}]->(Industry)
    PART_OF = "PART_OF"  # child -> parent for IPC, Industry, Region, ChainNode
    SUPPLIES = "SUPPLIES"  # (ChainNode)-[:SUPPLIES]->(ChainNode) upstream -> downstream
    HAS_EVENT = "HAS_EVENT"  # (Patent)-[:HAS_EVENT]->(LegalEvent)
    FROM_PARTY = "FROM_PARTY"  # (LegalEvent)-[:FROM_PARTY]->(Holder) assignor / licensor / pledgor
    TO_PARTY = "TO_PARTY"  # (LegalEvent)-[:TO_PARTY]->(Holder) assignee / licensee / pledgee


# The unique key property of each label; ensure_schema creates one constraint per entry.
NODE_KEYS: dict[Label, str] = {
    Label.PATENT: "pub_no",
    Label.HOLDER: "key",
    Label.INVENTOR: "key",
    Label.TECHNOLOGY: "key",
    Label.IPC: "code",
    Label.INDUSTRY: "code",
    Label.CHAIN_NODE: "key",
    Label.REGION: "code",
    Label.LEGAL_EVENT: "event_id",
}
