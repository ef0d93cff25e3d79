"""Neo4jStore: the official driver, constant Cypher with parameters, UNWIND MERGE batches."""
