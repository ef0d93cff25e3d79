"""Applicants for synthetic rows (申请人): kind, place, address, inventor team, agency.

Regions without evidence are drawn with weights towards the four plan provinces (吉林 22,
四川 51, 山东 37, 河南 41) and the big patent provinces (广东, 江苏, 北京, 浙江, 上海); inside a
province the capital is five times as likely as another city. A holder's team, agency and
address are seeded by its name, so the same holder looks the same in every row.
"""

from __future__ import annotations

import bisect
import random
import re
from itertools import accumulate

from tools.synthetic.draft import Applicant
from tools.synthetic.legal_events import BulkDeal, Counterparts
from tools.synthetic.names import agency_name, company_name, person_name, pledgee_name
from tools.synthetic.numbering import ordinal
from tools.synthetic.places import HolderLocator, Place, street_address
from tools.synthetic.reference import City, GeneratorReference

PROVINCE_WEIGHTS = {
    "44": 14, "32": 12, "33": 9, "11": 8, "37": 7, "31": 5, "51": 5, "41": 5, "34": 4, "42": 4,
    "35": 3, "43": 3, "22": 3, "61": 3, "12": 2, "21": 2, "50": 2, "13": 2, "36": 2,
}  # fmt: skip
_MINOR_PROVINCE_WEIGHT = 0.6
_SOE_MARKERS = re.compile(
    r"^(国家电网|国网|中国石油|中国石化|中石化|中石油|中国海洋石油|中车|中国中车|中铁|中国铁建|"
    r"中国电信|中国移动|中国联合网络|中国航天|中国航空|中国核|中核|中广核|中国建筑|中建|中交|"
    r"中冶|鞍钢|宝山钢铁|首钢|中国商用飞机|中国船舶|中船|中国兵器|中国电子科技|南方电网|中国南方电网)"
)
_PERSON_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_ORG_WORDS = re.compile(r"公司|集团|大学|学院|学校|研究|科学院|中心|医院|厂|局|站|所|协会|实验室")
_CITY_SHORT_DEFAULT = "北京"


def classify_kind(name: str, universities: set[str], foreign: bool) -> str:
    """Kind of a real applicant name: univ inst soe ent sme indiv foreign other."""
    if name in universities:
        return "univ"
    if foreign:
        return "foreign"
    if _SOE_MARKERS.search(name):
        return "soe"
    if re.search(r"医院|协会|学会|委员会|局$|政府", name):
        return "other"
    if re.search(r"公司|集团|企业|厂$|合作社", name):
        return "ent" if re.search(r"集团|股份有限公司|控股", name) else "sme"
    if re.search(r"大学|学院|学校", name):
        return "univ"
    if re.search(r"研究|科学院|实验室|中心$", name):
        return "inst"
    if _PERSON_RE.match(name) and not _ORG_WORDS.search(name):
        return "indiv"
    return "other"


class RegionSampler:
    """Seeded draw of a city, weighted by province then capital-vs-other."""

    def __init__(self, reference: GeneratorReference) -> None:
        self.reference = reference
        codes = sorted(reference.provinces)
        self._provinces = codes
        self._province_cum = list(accumulate(PROVINCE_WEIGHTS.get(c, _MINOR_PROVINCE_WEIGHT) for c in codes))
        self._cities: dict[str, tuple[list[City], list[float]]] = {}
        for code in codes:
            cities = sorted(reference.cities_of(code), key=lambda c: c.code)
            capital = reference.capitals.get(code)
            weights = list(accumulate(5.0 if c.code == capital else 1.0 for c in cities))
            self._cities[code] = (cities, weights)

    def city(self, rng: random.Random, province_code: str | None = None) -> City:
        if province_code is None:
            x = rng.random() * self._province_cum[-1]
            province_code = self._provinces[bisect.bisect_right(self._province_cum, x)]
        cities, cum = self._cities[province_code]
        return cities[bisect.bisect_right(cum, rng.random() * cum[-1])]


class ApplicantFactory:
    """Builds ``Applicant``s and the counterparts of their events, all seeded."""

    def __init__(self, reference: GeneratorReference, seed: int) -> None:
        self.reference = reference
        self.seed = seed
        self.locator = HolderLocator(reference)
        self.regions = RegionSampler(reference)

    def applicant(self, name: str, kind: str, place: Place | None) -> tuple[Applicant, bool]:
        """(applicant, whether its region was drawn at random rather than inferred from the name)."""
        own = random.Random(f"{self.seed}|holder|{name}")  # same holder -> same team, agency, address
        drawn = place is None
        if place is None:
            place = self.locator.place_of(self.regions.city(own))
        city = place.city
        if city is not None:
            address, city_short = street_address(own, city, self.reference), city.short
        else:
            address, city_short = place.foreign_address, _CITY_SHORT_DEFAULT
        team_size = {"univ": 10, "inst": 8, "indiv": 1}.get(kind, 6)
        team = [person_name(own) for _ in range(team_size)]
        agency_city = city_short if own.random() < 0.7 or city is None else _CITY_SHORT_DEFAULT
        agents = [person_name(own) for _ in range(own.randint(1, 3))]
        applicant = Applicant(
            name, kind, address, place.region_label, city_short, team, agency_name(own, agency_city), agents
        )
        return applicant, drawn

    def counterparts(self, rng: random.Random, applicant: Applicant, section: str) -> Counterparts:
        """Companies (transfer/licence partners: mostly local SMEs) and pledgees near the holder."""

        def company() -> str:
            city_short = applicant.city_short if rng.random() < 0.6 else self.regions.city(rng).short
            return company_name(rng, city_short, section)

        def pledgee() -> str:
            return pledgee_name(rng, applicant.city_short)

        return Counterparts(company, pledgee)

    def bulk_deal(self, applicant: Applicant, section: str, share: float) -> BulkDeal:
        """A seeded 批量转让 day and assignee for a holder."""
        own = random.Random(f"{self.seed}|bulk|{applicant.name}")
        day = own.randint(ordinal(2016, 1, 1), ordinal(2025, 3, 31))
        return BulkDeal(day, company_name(own, applicant.city_short, section), share)
