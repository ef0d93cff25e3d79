"""Where the tests find the workplace's reference data: ``../shared`` next to the checkout.

Relative to the repository, never an absolute path of one machine: CI clones elsewhere.
"""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"
SCHEMA_FIXTURE = SHARED_DATA / "patentsemantix_schema_fixture" / "patents_10.csv"
BDCI_JSONL = SHARED_DATA / "patents_bdci2022" / "patents.jsonl"
