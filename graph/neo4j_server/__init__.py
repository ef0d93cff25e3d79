"""The project's own Neo4j Community server: assembly from Maven Central and process control.

Operations tooling for tests, benchmarks and development; no store imports it.
"""
