"""The contract suite's ``store`` fixture (both implementations), for the report's parity test."""

from tests.contract.conftest import neo4j_driver, store

__all__ = ["neo4j_driver", "store"]
