"""graph: the patent navigation knowledge graph (专利导航知识图谱).

Plain record models, the `GraphStore` contract, its two implementations (Neo4j and
embedded SQLite) and the navigation analyses written once on top of the contract.
"""
