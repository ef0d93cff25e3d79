"""Scale corpora (规模语料) of any size in the export format, seeded and streamed.

Texts come from the shipped demo corpus (real BDCI titles and abstracts; one abstract sentence
is sometimes swapped with a sentence of another patent of the same IPC subclass), so the NLP sees
real Chinese patent language. Holders are drawn from pools with a long-tailed (Zipf-like) share:
real MoE universities, institutes, SOE units, enterprises, SMEs and individuals with generated
names. Every field of a scale row is synthetic and listed in 合成字段. Memory stays flat: pools
are bounded, numbers are allocated per day band, rows are written as they are made.
"""

from __future__ import annotations

import bisect
import csv
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from graph.codes.ipc import SUBCLASS_LENGTH
from tools.synthetic.demo import DATA_DAY, DEMO_FILE
from tools.synthetic.draft import Applicant, CitedPool, PatentDraft, complete_draft, draft_row
from tools.synthetic.export import COLUMN_INDEX, SYNTHETIC_FIELD_NAMES, open_row_writer
from tools.synthetic.holders import ApplicantFactory, classify_kind
from tools.synthetic.names import company_name, institute_name, person_name, soe_name
from tools.synthetic.numbering import NumberAllocator, ordinal
from tools.synthetic.reference import REFERENCE_FILE, load_generator_reference

_FILING_YEARS = {
    y: w
    for y, w in zip(range(2009, 2025), (2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12, 12, 11, 10), strict=True)
}
# Holder kind mix by patent kind (share of filings).
_KIND_MIX = {
    "A": {
        "univ": 0.22,
        "inst": 0.06,
        "soe": 0.07,
        "ent": 0.25,
        "sme": 0.30,
        "indiv": 0.04,
        "foreign": 0.03,
        "real": 0.03,
    },
    "U": {"univ": 0.06, "inst": 0.02, "soe": 0.06, "ent": 0.22, "sme": 0.52, "indiv": 0.10, "real": 0.02},
}
_BATCH = 2000


@dataclass(frozen=True, slots=True)
class Template:
    title: str
    sentences: tuple[str, ...]
    kind: str
    ipc: tuple[str, ...]
    applicant: str
    claim: str


def load_templates(demo_file: Path = DEMO_FILE) -> list[Template]:
    """Real texts and their IPC from the shipped demo corpus."""
    with demo_file.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        at = COLUMN_INDEX
        return [
            Template(
                row[at["专利名称"]],
                tuple(s for s in re.split(r"(?<=[。；])", row[at["申请摘要"]]) if s),
                "U" if row[at["专利类型"]] == "实用新型" else "A",
                tuple(row[at["分类号"]].split(";")),
                row[at["申请人"]],
                row[at["主权项"]],
            )
            for row in reader
        ]


class HolderPools:
    """Bounded pools of applicants per kind (and IPC section), long-tailed, built lazily."""

    def __init__(self, factory: ApplicantFactory, size: int, seed: int) -> None:
        self.factory, self.seed = factory, seed
        self.sizes = {
            "inst": max(40, size // 300), "soe": max(30, size // 400), "ent": max(40, size // 400),
            "sme": max(100, size // 80), "indiv": max(200, size // 25), "foreign": 40,
        }  # fmt: skip
        universities = sorted(factory.reference.universities, key=lambda u: (u[2] != "本科", u[0]))
        random.Random(seed).shuffle(universities)
        universities.sort(key=lambda u: u[2] != "本科")  # undergraduate universities file most
        self.universities = universities
        self.sizes["univ"] = len(universities)
        self._cum = {
            k: list(accumulate(1.0 / (i + 5) ** 0.85 for i in range(n))) for k, n in self.sizes.items()
        }
        self._cache: dict[tuple[str, str, int], Applicant] = {}
        self.total = size

    def pick(self, rng: random.Random, kind: str, section: str) -> Applicant:
        cum = self._cum[kind]
        index = bisect.bisect_right(cum, rng.random() * cum[-1])
        key = (kind, section if kind in ("ent", "sme") else "", index)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._make(kind, section, index, cum)
        return found

    def _make(self, kind: str, section: str, index: int, cum: list[float]) -> Applicant:
        own = random.Random(f"{self.seed}|pool|{kind}|{section}|{index}")
        factory = self.factory
        city = factory.regions.city(own)
        province = factory.reference.provinces[city.province_code].name
        if kind == "univ":
            name, city_code, _ = self.universities[index]
            city = factory.reference.cities[city_code]
        elif kind == "inst":
            name = institute_name(own, province, city.short)
        elif kind == "soe":
            name, section = soe_name(own, province, city.short)
        elif kind == "indiv":
            name = person_name(own)
        elif kind == "foreign":
            name = f"{person_name(own)[1:]}{own.choice(('电子', '化学', '精密', '工业'))}株式会社"
        else:
            name = company_name(own, city.short, section, large=kind == "ent")
        place = factory.locator.locate(name) if kind == "foreign" else factory.locator.place_of(city)
        applicant, _ = factory.applicant(name, kind, place)
        expected = self.total * 0.2 * (cum[index] - (cum[index - 1] if index else 0.0)) / cum[-1]
        if kind in ("univ", "inst", "ent", "sme", "soe") and own.random() < 0.1 and expected > 5:
            applicant.bulk = factory.bulk_deal(applicant, section, min(0.6, 15 / expected))
        return applicant


def scale_rows(
    size: int, seed: int, demo_file: Path = DEMO_FILE, reference_file: Path = REFERENCE_FILE
) -> Iterator[list[str]]:
    """``size`` export rows, deterministic for ``seed``."""
    rng = random.Random(seed)
    factory = ApplicantFactory(load_generator_reference(reference_file), seed)
    templates = load_templates(demo_file)
    by_subclass: dict[str, list[Template]] = defaultdict(list)
    for template in templates:
        by_subclass[template.ipc[0][:SUBCLASS_LENGTH]].append(template)
    universities = {name for name, _, _ in factory.reference.universities}
    pools = HolderPools(factory, size, seed)
    real: dict[str, Applicant] = {}
    mixes = {k: (list(mix), list(accumulate(mix.values()))) for k, mix in _KIND_MIX.items()}
    years = sorted(_FILING_YEARS)
    year_cum = list(accumulate(_FILING_YEARS[y] for y in years))
    numbers, cited = NumberAllocator(), CitedPool()
    fields = set(SYNTHETIC_FIELD_NAMES)
    for seq in range(1, size + 1):
        template = templates[rng.randrange(len(templates))]
        kind = "U" if template.kind == "U" or rng.random() < 0.3 else "A"
        section = template.ipc[0][0]
        names, cum = mixes[kind]
        holder_kind = names[bisect.bisect_right(cum, rng.random() * cum[-1])]
        if holder_kind == "real":
            applicant = real.get(template.applicant) or _real_applicant(
                factory, template.applicant, universities, real
            )
        else:
            applicant = pools.pick(rng, holder_kind, section)
        year = years[bisect.bisect_right(year_cum, rng.random() * year_cum[-1])]
        latest = DATA_DAY - (560 if kind == "A" else 370)
        app_day = ordinal(year, 1, 1) + int(rng.random() * 365)
        if app_day > latest:  # not yet published at the cut-off: file it a year earlier
            app_day -= 365
        draft = PatentDraft(seq, kind, template.title, _abstract(rng, template, kind, by_subclass), applicant,
                            app_day, list(template.ipc), fields, template.claim)  # fmt: skip
        others = factory.counterparts(rng, applicant, section)
        complete_draft(draft, rng, numbers, others, DATA_DAY, cited)
        yield draft_row(draft)


def _abstract(
    rng: random.Random, template: Template, kind: str, by_subclass: dict[str, list[Template]]
) -> str:
    """The template's abstract; half the time one later sentence comes from a sibling patent."""
    sentences = list(template.sentences)
    if len(sentences) > 1 and rng.random() < 0.5:
        siblings = by_subclass[template.ipc[0][:SUBCLASS_LENGTH]]
        donor = siblings[rng.randrange(len(siblings))].sentences
        if len(donor) > 1:
            sentences[rng.randrange(1, len(sentences))] = donor[rng.randrange(1, len(donor))]
    text = "".join(sentences)
    if kind == "U" and template.kind == "A":
        text = text.replace("本发明", "本实用新型")
    return text


def _real_applicant(
    factory: ApplicantFactory, name: str, universities: set[str], cache: dict[str, Applicant]
) -> Applicant:
    place = factory.locator.locate(name)
    kind = classify_kind(name, universities, place is not None and place.city is None)
    cache[name] = factory.applicant(name, kind, place)[0]
    return cache[name]


def generate_corpus(
    out: Path,
    size: int,
    seed: int,
    fmt: str = "csv",
    encoding: str = "utf-8",
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write a scale corpus of ``size`` rows to ``out``; returns the number of rows written."""
    written = 0
    batch: list[list[str]] = []
    with open_row_writer(out, fmt, encoding) as sink:
        for row in scale_rows(size, seed):
            batch.append(row)
            if len(batch) >= _BATCH:
                sink.write_rows(batch)
                written += len(batch)
                if progress is not None:
                    progress(len(batch))
                batch = []
        sink.write_rows(batch)
        written += len(batch)
        if progress is not None and batch:
            progress(len(batch))
    return written
