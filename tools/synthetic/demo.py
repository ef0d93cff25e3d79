"""The bundled demo corpus (演示语料): 3,048 real BDCI 2022 patents completed by the generator.

Kept exactly from the source: title (专利名称), abstract (申请摘要), first applicant (申请人).
Everything else is generated, consistently, and named in 合成字段 row by row. The build reads
``../shared/data`` (BDCI records, IPC 2026 table, regions, MoE universities); with the default
seed the output is byte-identical on every rebuild.
"""

from __future__ import annotations

import json
import logging
import random
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from tools.synthetic.draft import Applicant, CitedPool, PatentDraft, complete_draft, draft_row
from tools.synthetic.export import SYNTHETIC_FIELD_NAMES, open_row_writer
from tools.synthetic.holders import ApplicantFactory, classify_kind
from tools.synthetic.ipc_assign import IpcCatalogue, assign_ipc
from tools.synthetic.numbering import NumberAllocator, ordinal
from tools.synthetic.reference import (
    DATA_DIR,
    REFERENCE_FILE,
    GeneratorReference,
    build_generator_reference,
    load_generator_reference,
    save_generator_reference,
)

logger = logging.getLogger(__name__)

DEFAULT_SEED = 20220901
DEMO_FILE = DATA_DIR / "patents_demo.csv"
DATA_DAY = ordinal(2025, 6, 30)  # data cut-off (数据截止日) of the synthetic parts
REAL_FIELDS = frozenset({"title", "abstract", "applicants"})
# Filing years of the demo rows (BDCI 2022 patents were filed before 2022), weights.
_FILING_YEARS = {2012: 3, 2013: 4, 2014: 5, 2015: 6, 2016: 8, 2017: 10, 2018: 11, 2019: 12, 2020: 12, 2021: 9}


def read_bdci_records(shared_data: Path) -> list[dict[str, object]]:
    path = shared_data / "patents_bdci2022" / "patents.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def filing_day(rng: random.Random, years: dict[int, int]) -> int:
    year = rng.choices(sorted(years), weights=[years[y] for y in sorted(years)])[0]
    return ordinal(year, 1, 1) + rng.randrange(365)


def build_demo_corpus(
    shared_data: Path,
    out: Path = DEMO_FILE,
    seed: int = DEFAULT_SEED,
    reference_out: Path = REFERENCE_FILE,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Rebuild the demo corpus (and the generator's reference JSON) from ``shared_data``."""
    save_generator_reference(build_generator_reference(shared_data), reference_out)
    reference = load_generator_reference(reference_out)
    records = read_bdci_records(shared_data)
    catalogue = IpcCatalogue.from_tsv(shared_data / "ipc_2026_zh" / "ipc_2026_01_zh.tsv")
    with open_row_writer(out, "csv", "utf-8") as sink:
        count = 0
        for row in demo_rows(records, reference, catalogue, seed):
            sink.write_rows([row])
            count += 1
            if progress is not None:
                progress(1)
    logger.info("demo corpus: %d rows -> %s", count, out)
    return count


def demo_rows(
    records: list[dict[str, object]], reference: GeneratorReference, catalogue: IpcCatalogue, seed: int
) -> Iterator[list[str]]:
    """Export rows for the BDCI records, in file order."""
    return (draft_row(draft) for draft in demo_drafts(records, reference, catalogue, seed))


def demo_drafts(
    records: list[dict[str, object]], reference: GeneratorReference, catalogue: IpcCatalogue, seed: int
) -> Iterator[PatentDraft]:
    """The completed drafts behind the rows (with the planted anomalies), in file order."""
    rng = random.Random(seed)
    ipc_rng = random.Random(seed + 1)
    factory = ApplicantFactory(reference, seed)
    universities = {name for name, _, _ in reference.universities}
    per_holder = Counter(str(r["assignee"]) for r in records)
    applicants: dict[str, Applicant] = {}
    numbers, cited = NumberAllocator(), CitedPool()
    synthetic_fields = set(SYNTHETIC_FIELD_NAMES) - REAL_FIELDS
    for seq, record in enumerate(records, start=1):
        title, abstract, name = str(record["title"]), str(record["abstract"]), str(record["assignee"])
        ipc = assign_ipc(catalogue, title, abstract, int(str(record["label_id"])), ipc_rng)
        applicant = applicants.get(name)
        if applicant is None:
            place = factory.locator.locate(name)
            foreign = place is not None and place.city is None
            kind = classify_kind(name, universities, foreign)
            applicant, _ = factory.applicant(name, kind, place)
            if per_holder[name] >= 3 and random.Random(f"{seed}|bulk?|{name}").random() < 0.25:
                applicant.bulk = factory.bulk_deal(applicant, ipc[0][0], 0.6)
            applicants[name] = applicant
        kind_code = "U" if "实用新型" in abstract else "A"
        draft = PatentDraft(seq, kind_code, title, abstract, applicant, filing_day(rng, _FILING_YEARS), ipc,
                            set(synthetic_fields))  # fmt: skip
        others = factory.counterparts(rng, applicant, ipc[0][0])
        complete_draft(draft, rng, numbers, others, DATA_DAY, cited)
        yield draft
