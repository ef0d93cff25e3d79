"""Holder type (专利权人类型) and SME status (中小企业), each decision with its reason.

Rules, first match wins (reasons are stored in Chinese because analysts read them):

1. exact name in the MoE list of higher-education institutions 2025 -> university (高校);
2. Latin-script names: legal-form words -> enterprise, UNIV/COLLEGE -> university,
   INST/LAB/ACADEMY -> institute, 2-4 plain words -> individual;
3. prefix of a central SOE group (data/reference/holders/soe_groups.tsv, longest prefix) or 国有/国投
   in an enterprise name -> SOE (国有企业) -- not when the name is a sub-unit of a listed university;
4. enterprise words (公司/集团/企业/合伙/合作社/会社, or ending in 厂/店) -> enterprise, then SME
   status (会社: Japanese company, size unknown); a known large enterprise is recognised by its
   trade name also after the place it is registered in (广东美的制冷 -> 美的);
5. name starting with a listed university (四川大学华西医院, 清华大学深圳国际研究生院) -> university;
6. 中国科学院 / 中科院 inside the name -> institute (CAS institute);
7. public bodies and associations (医院/协会/学会/委员会/政府/...局/...厅) -> other (其他): hospitals
   that are not university sub-units are not 高校院所 in the plans' counting;
8. 科学院/研究院/研究所/研究中心/实验室/设计院/... at the end -> institute (科研院所); a name
   ending in 中心 only with a science word shortly before it (技术/工程/检测/分析/科学/生物 ...中心),
   other 中心 (信息中心, 促进中心, 服务中心) -> other;
9. 大学/学院/高等专科 not in the list (foreign, renamed, branch) -> university, weaker reason; a name
   ending in 学校/中学/小学/幼儿园 without them is no higher-education institution -> other;
10. 2-4 CJK characters (or a name with ·) and no organisation word -> individual (个人);
11. otherwise other, reason "no rule matched".

SME status for enterprises: an ``SmeRegistry`` (user CSV: name or 统一社会信用代码 -> 大/中/小/微)
decides when it knows the name; otherwise an explained estimate: a known large enterprise or a
group / joint-stock / holding / "(中国)" marker -> not SME, else ``sme.estimate_sme``: SME only
for a name that starts with an administrative division and has no bracketed place after the
trade name, otherwise size unknown. SOEs are never SMEs. The estimate is a stated guess, not a
fact: load a registry for real SME status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.models import HolderType
from graph.navigation.region_names import load_region_names
from ingest.normalise.holders import holder_key, normalise_holder_name
from ingest.normalise.sme import SmeRegistry, estimate_sme

_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_COMPANY_RE = re.compile(
    r"公司|集团|企业|合伙|合作社|商行|银行|事务所|经营部|门市部|工作室|.{3,}(厂|店)$|厂\("
)
_LATIN_COMPANY_RE = re.compile(
    r"\b(co|ltd|limited|inc|incorporated|corp|corporation|company|gmbh|ag|llc|plc|s\.?a|b\.?v|n\.?v"
    r"|kk|kabushiki|kaisha|aktiengesellschaft|se|spa|srl|oy|ab|holdings?|group|technologies|systems)\b",
    re.IGNORECASE,
)
_LATIN_UNIVERSITY_RE = re.compile(r"\b(univ|university|universit\w*|college|school)\b", re.IGNORECASE)
_LATIN_INSTITUTE_RE = re.compile(
    r"\b(inst|institute|institut\w*|laborator\w*|lab|academy|research|centre|center|cnrs|fraunhofer)\b",
    re.IGNORECASE,
)
_STATE_OWNED_RE = re.compile(r"国有(?!限)|^国投|国资")  # not 德国有限公司
_CAS_RE = re.compile(r"中国科学院|中科院")
_OTHER_RE = re.compile(
    r"(医院|卫生院|保健院|协会|学会|联合会|商会|委员会|政府|办公室|管理处|管理站|部队|海关|法院|检察院"
    r"|监狱|博物馆|图书馆|派出所|局|厅|处)$|医院|协会|学会|部队"
)
_INSTITUTE_RE = re.compile(
    r"(科学院|研究院|研究所|研究中心|实验室|设计院|勘察院|规划院|研究室|研究总院|研究会|工程院|中心|科研院所)$"
    r"|科学院|研究院|研究所|实验室"
)
# 中心 names a research body only with a science word before it; otherwise public service
# centres (信息中心, 促进中心, 服务中心, 测控中心) are meant, which are not 科研院所.
_SCIENCE_CENTRE_RE = re.compile(r"(研究|技术|研发|工程|检测|测试|分析|科学|科技|实验)[^()]{0,6}中心$")
_UNIVERSITY_RE = re.compile(r"大学|学院|高等专科|高等学校|高等职业")
# 学校 alone is not higher education: 中学/小学, 培训学校, 技工学校, 驾驶学校 ...
_SCHOOL_RE = re.compile(r"(学校|中学|小学|幼儿园)$")
_LARGE_RE = re.compile(r"集团|股份有限公司|控股|总公司|总厂|\(中国\)")  # (中国): multinational subsidiary
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯"
    "纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪"
    "简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎"
    "甄丛仲虞敖巩明佘池查麻苑迟邝鞠郁"
)
_COMPOUND_SURNAMES = [
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "令狐",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "端木",
    "轩辕",
    "独孤",
    "南宫",
    "西门",
    "呼延",
    "澹台",
    "公羊",
    "申屠",
    "太史",
    "万俟",
    "司空",
    "钟离",
    "宗政",
    "濮阳",
    "淳于",
    "单于",
    "闻人",
    "赫连",
    "拓跋",
]


@dataclass(frozen=True, slots=True)
class HolderClassification:
    holder_type: HolderType
    type_reason: str
    is_sme: bool | None = None
    sme_reason: str | None = None


def _longest_prefix(key: str, table: dict[str, str], min_len: int = 2) -> tuple[str, str] | None:
    for end in range(len(key), min_len - 1, -1):
        if (hit := table.get(key[:end])) is not None:
            return key[:end], hit
    return None


class HolderClassifier:
    """Classifies holder names with the bundled lists; results are cached per name."""

    def __init__(
        self,
        universities: dict[str, str],
        soe_prefixes: dict[str, str],
        large_prefixes: dict[str, str],
        sme_registry: SmeRegistry | None = None,
    ) -> None:
        # keys are holder keys (see holders.holder_key) so that brackets and spaces do not matter
        self._universities = universities
        self._soe = soe_prefixes
        self._large = large_prefixes
        self._sme = sme_registry
        self._cache: dict[str, HolderClassification] = {}

    def classify(self, name: str) -> HolderClassification:
        key = holder_key(name)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._classify(key, normalise_holder_name(name))
        return cached

    def _classify(self, key: str, display: str) -> HolderClassification:
        """``key`` for list lookups, ``display`` (spaces and · kept) for word and person rules."""
        if (listed := self._universities.get(key)) is not None:
            return HolderClassification(HolderType.UNIVERSITY, f"教育部全国高等学校名单(2025)收录: {listed}")
        if not _CJK_RE.search(key):
            return self._classify_latin(display)
        is_company = _COMPANY_RE.search(key) is not None
        univ_prefix = _longest_prefix(key, self._universities, min_len=4)
        soe = _longest_prefix(key, self._soe)
        if soe and (is_company or univ_prefix is None):
            return _soe(f"央企集团名称前缀「{soe[0]}」({soe[1]})")
        if is_company and (state := _STATE_OWNED_RE.search(key)):
            return _soe(f"企业名称含「{state.group()}」")
        if "会社" in key:  # 株式会社 / 有限会社: Japanese companies, size unknown to us
            return _enterprise(None, "日本企业 (会社), 规模未知")
        if is_company:
            return self._classify_enterprise(key)
        if univ_prefix:
            return HolderClassification(
                HolderType.UNIVERSITY, f"名单内高校「{univ_prefix[0]}」的下属单位 ({univ_prefix[1]})"
            )
        return _classify_by_pattern(key, display)

    def _classify_enterprise(self, key: str) -> HolderClassification:
        if large := _longest_prefix(key, self._large) or _longest_prefix(trade_name(key), self._large):
            return _enterprise(False, f"已知大型企业「{large[0]}」({large[1]}), 非中小企业")
        if self._sme is not None and (entry := self._sme.lookup(key)) is not None:
            is_sme = entry.size != "大"
            return _enterprise(is_sme, f"中小企业名录({self._sme.source}): 规模={entry.size}")
        note = "未在中小企业名录中" if self._sme is not None else "未加载中小企业名录"
        if marker := _LARGE_RE.search(key):
            return _enterprise(False, f"估计非中小企业: 名称含「{marker.group()}」({note})")
        estimate, reason = estimate_sme(key)
        return _enterprise(estimate, f"{reason} ({note})")

    def _classify_latin(self, key: str) -> HolderClassification:
        if _LATIN_UNIVERSITY_RE.search(key):
            return HolderClassification(HolderType.UNIVERSITY, "外文名称含 university/college")
        if _LATIN_COMPANY_RE.search(key):
            return _enterprise(None, "外文名称含公司组织形式词 (Co./Ltd./Inc./GmbH...), 规模未知")
        if _LATIN_INSTITUTE_RE.search(key):
            return HolderClassification(HolderType.INSTITUTE, "外文名称含 institute/laboratory/academy")
        if 2 <= len(key.split()) <= 4:
            return HolderClassification(HolderType.INDIVIDUAL, "外文人名: 2-4 个词且无机构用词")
        return HolderClassification(HolderType.OTHER, "外文名称未匹配任何规则")


def trade_name(key: str) -> str:
    """The name without the administrative divisions it starts with (行政区划 + 字号 + ...):
    广东美的制冷设备有限公司 -> 美的制冷设备有限公司, 佛山市顺德区美的... -> 美的..., so a listed
    large enterprise is known by its trade name wherever its subsidiary is registered."""
    names = load_region_names()
    rest = key
    for _ in range(3):  # province, city, county at most
        end = next(
            (n for n in range(min(len(rest) - 2, names.longest_prefix), 1, -1) if rest[:n] in names.prefixes),
            0,
        )
        if not end:
            break
        rest = rest[end:]
    return rest


def _soe(reason: str) -> HolderClassification:
    return HolderClassification(HolderType.SOE, reason, False, "国有企业, 不计为中小企业")


def _enterprise(is_sme: bool | None, reason: str) -> HolderClassification:
    holder_type = HolderType.SME if is_sme else HolderType.ENTERPRISE
    return HolderClassification(holder_type, f"名称含企业组织形式词; {reason}", is_sme, reason)


def _classify_by_pattern(key: str, display: str) -> HolderClassification:
    if _CAS_RE.search(key):
        return HolderClassification(HolderType.INSTITUTE, "中国科学院所属研究机构")
    if other := _OTHER_RE.search(key):
        return HolderClassification(HolderType.OTHER, f"机关/事业单位/社团用词「{other.group()}」")
    if inst := _INSTITUTE_RE.search(key):
        if inst.group() == "中心":
            if science := _SCIENCE_CENTRE_RE.search(key):
                return HolderClassification(
                    HolderType.INSTITUTE, f"名称以「{science.group()}」结尾, 视为科研机构 (也可能是事业单位)"
                )
            return HolderClassification(
                HolderType.OTHER,
                "名称以「中心」结尾而无科研用词, 视为事业单位或服务机构 (信息/促进/测控中心等)",
            )
        return HolderClassification(HolderType.INSTITUTE, f"科研机构用词「{inst.group()}」")
    if univ := _UNIVERSITY_RE.search(key):
        return HolderClassification(
            HolderType.UNIVERSITY, f"名称含「{univ.group()}」但不在教育部名单中 (境外/更名/分支机构?)"
        )
    if school := _SCHOOL_RE.search(key):
        return HolderClassification(
            HolderType.OTHER, f"名称以「{school.group()}」结尾, 非高等学校 (中小学、培训或技工学校等)"
        )
    if key.endswith("所") and len(key) >= 4:
        return HolderClassification(HolderType.INSTITUTE, "名称以「所」结尾, 视为研究所简称 (光机所/应化所)")
    return _classify_person(display)


def _classify_person(name: str) -> HolderClassification:
    cjk_only = all(_CJK_RE.match(ch) or ch == "·" for ch in name)
    if cjk_only and ("·" in name or 2 <= len(name) <= 4):
        compound = next((s for s in _COMPOUND_SURNAMES if name.startswith(s)), None)
        if compound and len(name) >= 3:
            return HolderClassification(HolderType.INDIVIDUAL, f"个人姓名: 复姓「{compound}」")
        if "·" in name:
            return HolderClassification(HolderType.INDIVIDUAL, "个人姓名: 含间隔号 · 的音译/少数民族姓名")
        if name[0] in _SURNAMES:
            return HolderClassification(
                HolderType.INDIVIDUAL, f"个人姓名: {len(name)} 个汉字, 姓「{name[0]}」"
            )
        return HolderClassification(
            HolderType.INDIVIDUAL, f"可能为个人: {len(name)} 个汉字且无机构用词, 但「{name[0]}」不是常见姓"
        )
    return HolderClassification(HolderType.OTHER, "未匹配任何规则")
