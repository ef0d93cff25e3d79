"""The contract suite's Neo4j driver fixture, for the store-parametrised load test here."""

from tests.contract.conftest import neo4j_driver

__all__ = ["neo4j_driver"]
