"""IPC codes for patents that have none (IPC分类号合成), at demo-build time.

The BDCI records carry a topic label (0-35) but no IPC. Each label maps to a handful of IPC
subclasses chosen by reading the titles of that label; title keywords add subclasses. Inside
those subclasses the group whose Chinese title shares most character bigrams with the patent
title becomes the main code (主分类号); the next best groups become further codes (分类号).
Every code comes from the CNIPA IPC 2026.01 table, so it exists.
"""

from __future__ import annotations

import csv
import math
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from graph.codes.ipc import SUBCLASS_LENGTH, main_group

# label_id -> (subclass, prior weight); decided from the titles of each label.
LABEL_SUBCLASSES: dict[int, tuple[tuple[str, int], ...]] = {
    0: (("H04W", 4), ("H04L", 4), ("H04B", 3), ("H01Q", 1), ("H04M", 1)),
    1: (("C12N", 3), ("A01H", 2), ("A01G", 2), ("C12Q", 2), ("A01N", 1), ("C05G", 1), ("A23K", 1)),
    2: (
        ("F16H", 2),
        ("H02K", 2),
        ("B65G", 2),
        ("F04D", 1),
        ("B23K", 1),
        ("B21D", 1),
        ("F16K", 1),
        ("B60R", 1),
        ("A47G", 1),
        ("A47K", 1),
        ("B65D", 1),
        ("F16B", 1),
        ("A41D", 1),
    ),
    3: (("G06F", 5), ("H04L", 3), ("G06N", 1)),
    4: (("G06F", 4), ("H04L", 3), ("G06Q", 1)),
    5: (("C08L", 3), ("C08K", 2), ("C09D", 2), ("C08J", 1), ("B29C", 1), ("C08F", 1)),
    6: (("G06N", 3), ("G06V", 2), ("G06F", 2), ("G05D", 1), ("G08G", 1), ("B60W", 1)),
    7: (("B01D", 3), ("C02F", 3), ("F24F", 1), ("G01N", 1), ("B09B", 1)),
    8: (("A61B", 3), ("A61K", 2), ("A61G", 2), ("C12Q", 1), ("G01N", 1), ("A61F", 1)),
    9: (("G06T", 4), ("G09G", 2), ("H04N", 2), ("G06F", 1)),
    10: (("H10D", 3), ("H10B", 1), ("H01M", 1), ("H03K", 1), ("G09G", 1), ("H05K", 1), ("H02M", 1)),
    11: (("G05B", 3), ("B65G", 2), ("G01M", 2), ("B23K", 1), ("B23P", 1)),
    12: (("H04N", 3), ("G02B", 2), ("G03B", 1), ("B33Y", 1)),
    13: (("B01J", 3), ("C22C", 2), ("H01M", 2), ("C25D", 1), ("B22F", 1), ("C25B", 1)),
    14: (("B09B", 2), ("C04B", 2), ("B29B", 1), ("C10G", 1), ("B01J", 1), ("E04F", 1)),
    15: (("H02J", 4), ("H02M", 2), ("H02G", 2), ("G01R", 2), ("H02H", 1)),
    16: (("H02S", 3), ("H10F", 2), ("F24S", 2), ("H10K", 1)),
    17: (("H01M", 4), ("B60L", 2), ("H02J", 1), ("H01R", 1), ("B62D", 1)),
    18: (("C04B", 4), ("C03C", 2), ("B28B", 1), ("C01B", 1), ("E04C", 1)),
    19: (("F03D", 4), ("H02J", 1), ("G01M", 1), ("H02G", 1)),
    20: (("A61K", 4), ("A61P", 3), ("C07D", 2), ("C07K", 2), ("C12N", 1)),
    21: (("C01B", 3), ("B82Y", 1), ("H01B", 1), ("C22C", 1), ("H01F", 1), ("C09D", 1)),
    22: (("G01N", 5), ("G01M", 1), ("G01B", 1)),
    23: (("C22C", 3), ("C21D", 2), ("C21C", 1), ("B21B", 1), ("B21D", 1)),
    24: (("B61D", 2), ("B61L", 2), ("B61F", 1), ("E01B", 1), ("E21D", 1)),
    25: (("D01F", 4), ("D01D", 1), ("D04H", 1), ("C03C", 1), ("B01D", 1)),
    26: (("G01S", 4), ("G01C", 3), ("G05D", 1)),
    27: (("G01N", 2), ("G01V", 2), ("G01M", 2), ("G01B", 1)),
    28: (("F27B", 2), ("F23G", 1), ("F22B", 1), ("F25D", 1), ("B03B", 1), ("E21B", 1)),
    29: (("B60L", 5), ("H02J", 3)),
    30: (("A23L", 3), ("C12P", 2), ("C12N", 2), ("C11B", 1), ("C08B", 1)),
    31: (("G21C", 3), ("G21D", 2), ("G21F", 1)),
    32: (("G06Q", 5), ("G07D", 1), ("G07F", 1)),
    33: (("B63B", 3), ("E21B", 2), ("F03B", 1), ("B63C", 1), ("G01V", 1)),
    34: (("B64C", 2), ("B64D", 2), ("B64G", 2), ("G05D", 1)),
    35: (("G06Q", 6), ("G06F", 2), ("G09F", 1)),
}
# Title keywords that add a subclass whatever the label (weight 3).
KEYWORD_SUBCLASSES: tuple[tuple[str, str], ...] = (
    ("无人机", "B64U"),
    ("电池", "H01M"),
    ("光伏", "H02S"),
    ("充电", "B60L"),
    ("风电", "F03D"),
    ("风力", "F03D"),
    ("图像", "G06T"),
    ("深度学习", "G06N"),
    ("神经网络", "G06N"),
    ("区块链", "H04L"),
    ("基站", "H04W"),
    ("天线", "H01Q"),
    ("混凝土", "C04B"),
    ("催化剂", "B01J"),
    ("污水", "C02F"),
    ("废水", "C02F"),
    ("中药", "A61K"),
    ("抗体", "C07K"),
    ("疫苗", "A61K"),
    ("芯片", "H10D"),
    ("显示面板", "H10K"),
    ("传感器", "G01D"),
    ("机器人", "B25J"),
    ("车辆", "B60W"),
    ("电机", "H02K"),
    ("轴承", "F16C"),
    ("阀", "F16K"),
    ("泵", "F04B"),
    ("锅炉", "F22B"),
)
_COMMON_GRAM = 300
_ELSEWHERE_MIN = 18.0  # about two rare shared bigrams
_NOISE_CHARS = set("的或和其与及等用于入在为以对中之一种该所述")
_REFERENCE_RE = re.compile(r"（[^）]*）|\([^)]*\)|[A-H]\d{2}[A-Z]\d+/\d+")


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fff]", " ", _REFERENCE_RE.sub(" ", text))
    return {
        text[i : i + 2]
        for i in range(len(text) - 1)
        if " " not in text[i : i + 2] and not (_NOISE_CHARS & set(text[i : i + 2]))
    }


@dataclass(slots=True)
class IpcCatalogue:
    """The IPC table as an inverted bigram index (main groups and subgroups) plus main groups."""

    codes: set[str]
    groups: dict[str, list[str]]  # subclass -> main groups (fallback)
    everywhere: dict[str, list[str]]  # bigram -> codes in any subclass

    def idf(self, gram: str) -> float:
        return math.log((1 + len(self.codes)) / (1 + len(self.everywhere.get(gram, ()))))

    @classmethod
    def from_tsv(cls, path: Path) -> IpcCatalogue:
        codes: set[str] = set()
        groups: dict[str, list[str]] = defaultdict(list)
        everywhere: dict[str, list[str]] = defaultdict(list)
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                code, level = row["code"], row["level"]
                codes.add(code)
                if level not in ("main_group", "subgroup"):
                    continue
                if level == "main_group":
                    groups[code[:SUBCLASS_LENGTH]].append(code)
                for gram in sorted(_bigrams(row["title_zh"])):
                    everywhere[gram].append(code)
        return cls(codes, groups, everywhere)


def candidate_subclasses(title: str, label_id: int) -> dict[str, int]:
    """Subclass -> prior weight for a title and its topic label."""
    weights = dict(LABEL_SUBCLASSES.get(label_id, (("G06F", 1),)))
    for word, subclass in KEYWORD_SUBCLASSES:
        if word in title:
            weights[subclass] = max(weights.get(subclass, 0), 3)
    return weights


def assign_ipc(
    catalogue: IpcCatalogue, title: str, abstract: str, label_id: int, rng: random.Random
) -> list[str]:
    """Main IPC code first, then 0-4 further codes from other main groups, all existing codes.

    Shared bigrams count by rarity (idf over the IPC titles), so 花盆 weighs more than 系统.
    """
    priors = {s: w for s, w in candidate_subclasses(title, label_id).items() if s in catalogue.groups}
    title_grams = _bigrams(title)
    text_grams = _bigrams(abstract[:120]) - title_grams
    scores: dict[str, float] = {}
    for gram in sorted(title_grams | text_grams):
        codes = catalogue.everywhere.get(gram, ())
        if len(codes) > _COMMON_GRAM:  # 装置, 系统...: little evidence, much work
            continue
        factor = catalogue.idf(gram) * (1.0 if gram in title_grams else 0.3)
        for code in codes:
            scores[code] = scores.get(code, 0.0) + factor
    for code in list(scores):
        prior = priors.get(code[:SUBCLASS_LENGTH])
        if prior is not None:
            scores[code] += 3.0 * prior
        elif scores[code] < _ELSEWHERE_MIN:  # outside the label's subclasses: strong evidence only
            del scores[code]
    ranked = sorted(scores, key=lambda c: (-scores[c], rng.random()))
    wanted = 1 + rng.choice((0, 1, 1, 2, 2, 3, 4))
    chosen: list[str] = []
    for code in ranked:
        if len(chosen) >= wanted or (chosen and scores[code] < 0.5 * scores[chosen[0]]):
            break
        if all(main_group(code) != main_group(c) for c in chosen):
            chosen.append(code)
    if not chosen:
        subclass = rng.choices(sorted(priors), weights=[priors[s] for s in sorted(priors)])[0]
        chosen.append(rng.choice(catalogue.groups[subclass]))
    return chosen
