"""Synthetic names (合成名称): inventors, companies, institutes, SOE units, banks, agencies.

Patterns follow real registrations (<city><2-char trade name><industry>有限公司, 中国科学院<city>
...研究所, 国网<province>电力有限公司<city>供电公司, <bank>股份有限公司<city>分行); the names
themselves are generated and do not point at real entities on purpose.
"""

from __future__ import annotations

import bisect
import random
from itertools import accumulate

# Frequent surnames with rough weights (公安部 2020 百家姓 ranking, top of the list heavier).
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武"
)
_SURNAME_CUM = list(accumulate(max(1.0, 8.0 - i * 0.12) for i in range(len(_SURNAMES))))
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红兰飞鹏宇浩凯晨昊然博文轩睿"
    "哲欣怡思雨嘉宁建国志强海波春梅立新永俊峰晓东子涵雪琳斌辉亮鑫颖佳慧"
)
_TRADE = (
    "华鑫宏瑞博达恒信诚泰盛源通力聚兴创天正远航德睿智联安康普明光伟凯嘉昌隆丰润金辉腾"
    "飞海峰云星宇晨阳朗卓越维拓"
)
# Industry words by IPC section, so a company's name fits its patents.
INDUSTRY_BY_SECTION = {
    "A": ("生物科技", "农业科技", "医疗器械", "药业", "食品", "日用品"),
    "B": ("机械", "智能装备", "精密制造", "包装科技", "汽车零部件", "环保设备"),
    "C": ("新材料", "化工", "生物工程", "冶金科技", "材料科技", "制药"),
    "D": ("纺织", "纤维科技", "新材料", "服饰"),
    "E": ("建筑科技", "建材", "工程技术", "矿业科技"),
    "F": ("能源科技", "动力科技", "热能设备", "机械"),
    "G": ("科技", "信息技术", "智能科技", "仪器", "软件", "数据科技"),
    "H": ("电子", "光电科技", "通信技术", "电气", "新能源", "半导体"),
}
_INSTITUTE_FIELDS = (
    "农业",
    "机械",
    "化工",
    "材料",
    "电子",
    "生物技术",
    "能源",
    "环境",
    "计量",
    "冶金",
    "林业",
)
_SOE_PATTERNS = (
    ("H", "国网{province}电力有限公司{city}供电公司"),
    ("H", "国网{province}电力有限公司电力科学研究院"),
    ("C", "中国石油化工股份有限公司{city}分公司"),
    ("C", "中国石油天然气股份有限公司{city}石化分公司"),
    ("B", "中车{city}机车车辆有限公司"),
    ("E", "中铁{city}建设工程有限公司"),
    ("H", "中国移动通信集团{province}有限公司"),
    ("G", "中国电信股份有限公司{city}分公司"),
    ("C", "{city}国投{industry}有限公司"),
)
_BANKS = (
    "中国工商银行",
    "中国建设银行",
    "中国银行",
    "中国农业银行",
    "交通银行",
    "招商银行",
    "兴业银行",
    "中信银行",
    "中国光大银行",
    "中国邮政储蓄银行",
)


def person_name(rng: random.Random) -> str:
    random_ = rng.random
    surname = _SURNAMES[bisect.bisect_right(_SURNAME_CUM, random_() * _SURNAME_CUM[-1])]
    given = _GIVEN[int(random_() * len(_GIVEN))]
    if random_() < 0.75:
        given += _GIVEN[int(random_() * len(_GIVEN))]
    return surname + given


def company_name(rng: random.Random, city_short: str, section: str, large: bool = False) -> str:
    """<city><2 chars><industry>有限公司 (股份有限公司 for larger firms)."""
    trade = rng.choice(_TRADE) + rng.choice(_TRADE)
    while trade[0] == trade[1]:
        trade = trade[0] + rng.choice(_TRADE)
    industry = rng.choice(INDUSTRY_BY_SECTION.get(section, INDUSTRY_BY_SECTION["G"]))
    return f"{city_short}{trade}{industry}{'股份' if large else ''}有限公司"


def institute_name(rng: random.Random, province: str, city_short: str) -> str:
    field = rng.choice(_INSTITUTE_FIELDS)
    pattern = rng.randrange(4)
    if pattern == 0:
        return f"{province}{field}科学研究院"
    if pattern == 1:
        return f"中国科学院{city_short}{field}研究所"
    if pattern == 2:
        return f"{city_short}市{field}研究所"
    return f"{province}{field}研究院有限公司"


def soe_name(rng: random.Random, province: str, city_short: str) -> tuple[str, str]:
    """(name, IPC section it mostly files in) for a unit of a state-owned group."""
    section, pattern = rng.choice(_SOE_PATTERNS)
    industry = rng.choice(INDUSTRY_BY_SECTION[section])
    return pattern.format(province=province, city=city_short, industry=industry), section


def pledgee_name(rng: random.Random, city_short: str) -> str:
    """A bank branch (most pledges) or a local financing-guarantee company."""
    if rng.random() < 0.8:
        return f"{rng.choice(_BANKS)}股份有限公司{city_short}分行"
    return f"{city_short}{rng.choice(('科技', '中小企业', '创新'))}融资担保有限公司"


def agency_name(rng: random.Random, city_short: str) -> str:
    trade = rng.choice(_TRADE) + rng.choice(_TRADE)
    if rng.random() < 0.5:
        return f"{city_short}{trade}专利代理事务所（普通合伙）"
    return f"{city_short}{trade}知识产权代理有限公司"
