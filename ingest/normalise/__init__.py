"""Row-value normalisers (字段规范化): small pure functions from raw export cells to canonical values.

Each normaliser raises ``ValueError`` with a reason for a value it cannot read; ``ingest.mapping``
turns that into a ``RowRejected`` naming the canonical field.
"""
