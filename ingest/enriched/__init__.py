"""Enriched batches (富化批次): the NLP stage run apart from the load, on one machine or a cluster.

``patentnav enrich`` (``distributed.enrich_files``) reads and partitions exports and has Dask
workers map and enrich each partition into a directory (``format``: JSONL.gz partitions and a
manifest); ``patentnav ingest --enriched DIR`` (``load.run_enriched_ingest``) loads it into
either store through the plain runner's dedupe, load, checkpoint and quarantine.
"""
