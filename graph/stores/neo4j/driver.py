"""The Neo4j driver of the store (驱动): notifications and timeouts from the settings."""

from __future__ import annotations

import neo4j

from graph.settings import Settings


def open_driver(uri: str, auth: tuple[str, str], settings: Settings | None = None) -> neo4j.Driver:
    """The store's driver: optional properties (claims_count, award, ...) are absent on graphs
    whose sources lack them, so "property key does not exist" notifications are turned off.
    Timeouts from ``settings`` (the defaults without); an ingest retries on top (its own policy)."""
    timing = settings or Settings.model_construct()
    return neo4j.GraphDatabase.driver(
        uri,
        auth=auth,
        connection_timeout=timing.neo4j_connect_timeout_s,
        connection_acquisition_timeout=timing.neo4j_connect_timeout_s + timing.neo4j_retry_s,
        max_transaction_retry_time=timing.neo4j_retry_s,
        notifications_disabled_classifications=[neo4j.NotificationDisabledClassification.UNRECOGNIZED],
    )


__all__ = ["open_driver"]
