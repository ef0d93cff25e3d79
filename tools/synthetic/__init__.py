"""Demo and scale corpora (演示语料与规模语料) in the incoPat-style export format.

- ``build_demo_corpus``: the 3,048 real BDCI 2022 patents (title, abstract, first applicant kept
  exactly) completed by the seeded generator -> ``data/demo/patents_demo.csv``.
- ``generate_corpus``: corpora of any size (10k ... 1M) from the same generator, streamed as CSV,
  JSONL or XLSX, deterministic for a seed.

Every row names the fields the generator filled in its trailing ``合成字段`` column.
"""

from tools.synthetic.demo import DEFAULT_SEED, DEMO_FILE, build_demo_corpus
from tools.synthetic.export import HEADER, SYNTHETIC_COLUMN, SYNTHETIC_FIELD_NAMES
from tools.synthetic.scale import generate_corpus

__all__ = [
    "DEFAULT_SEED",
    "DEMO_FILE",
    "HEADER",
    "SYNTHETIC_COLUMN",
    "SYNTHETIC_FIELD_NAMES",
    "build_demo_corpus",
    "generate_corpus",
]
