"""Patent graph stores: the embedded SQLite twin and Neo4j, both behind ``graph.store.GraphStore``."""
