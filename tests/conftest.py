"""Shared pytest configuration: the Neo4j session fixture (`neo4j_connection`)."""

pytest_plugins = ["tests.neo4j_fixture"]
