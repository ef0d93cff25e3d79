"""EmbeddedStore: one SQLite file (WAL, FTS5), zero setup."""
