"""Holder types (专利权人类型) and SME status, each with its stored reason."""

from pathlib import Path

import pytest

from graph.models import HolderType
from ingest.normalise.holder_types import HolderClassifier
from ingest.normalise.sme import SmeRegistry
from ingest.reference import load_prefix_table, load_universities, reference_dir

REF = reference_dir()


@pytest.fixture(scope="module")
def lists() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    return (
        load_universities(REF),
        load_prefix_table(REF / "holders" / "soe_groups.tsv"),
        load_prefix_table(REF / "holders" / "large_enterprises.tsv"),
    )


@pytest.fixture(scope="module")
def classifier(lists: tuple[dict[str, str], dict[str, str], dict[str, str]]) -> HolderClassifier:
    return HolderClassifier(*lists)


@pytest.mark.parametrize(
    ("name", "expected", "reason_part"),
    [
        ("清华大学", HolderType.UNIVERSITY, "教育部全国高等学校名单"),
        ("吉林大学", HolderType.UNIVERSITY, "教育部全国高等学校名单"),
        ("中国矿业大学（北京）", HolderType.UNIVERSITY, "教育部全国高等学校名单"),
        ("中国石油大学(华东)", HolderType.UNIVERSITY, "教育部全国高等学校名单"),
        ("四川大学华西医院", HolderType.UNIVERSITY, "下属单位"),
        ("清华大学深圳国际研究生院", HolderType.UNIVERSITY, "下属单位"),
        ("哈佛大学", HolderType.UNIVERSITY, "不在教育部名单"),
        ("Tsinghua University", HolderType.UNIVERSITY, "university"),
        ("中科大数据研究院", HolderType.INSTITUTE, "研究院"),
        ("中国科学院长春光学精密机械与物理研究所", HolderType.INSTITUTE, "中国科学院"),
        ("中科院长春应用化学研究所", HolderType.INSTITUTE, "中国科学院"),
        ("吉林省农业科学院", HolderType.INSTITUTE, "科学院"),
        ("国家纳米科学中心", HolderType.INSTITUTE, "中心"),
        ("之江实验室", HolderType.INSTITUTE, "实验室"),
        ("长春光机所", HolderType.INSTITUTE, "所"),
        ("国家电网有限公司", HolderType.SOE, "国家电网"),
        ("国网吉林省电力有限公司电力科学研究院", HolderType.SOE, "国网"),
        ("中国石油化工股份有限公司", HolderType.SOE, "中国石油化工"),
        ("中国第一汽车股份有限公司", HolderType.SOE, "中国第一汽车"),
        ("中车长春轨道客车股份有限公司", HolderType.SOE, "中车"),
        ("中国电子科技集团公司第十四研究所", HolderType.SOE, "中国电子科技"),
        ("中国商用飞机有限责任公司", HolderType.SOE, "中国商用飞机"),
        ("中国移动通信集团吉林有限公司", HolderType.SOE, "中国移动"),
        ("吉林省国有资本运营有限责任公司", HolderType.SOE, "国有"),
        ("长春某某科技有限公司", HolderType.SME, "估计为中小企业"),
        ("吉林某某集团有限公司", HolderType.ENTERPRISE, "集团"),
        ("华为技术有限公司", HolderType.ENTERPRISE, "已知大型企业"),
        ("SAMSUNG ELECTRONICS CO., LTD.", HolderType.ENTERPRISE, "规模未知"),
        ("三菱电机株式会社", HolderType.ENTERPRISE, "会社"),
        ("泰雷兹数字安全德国有限公司", HolderType.ENTERPRISE, "规模未知"),  # 德国有限 is not 国有
        ("中芯国际集成电路制造(上海)有限公司", HolderType.ENTERPRISE, "规模未知"),  # no division first
        ("百时美施贵宝公司", HolderType.ENTERPRISE, "规模未知"),
        ("北京某某科技(深圳)有限公司", HolderType.ENTERPRISE, "括注地名"),
        ("南关区某某商贸有限公司", HolderType.SME, "估计为中小企业"),
        ("西门子(中国)有限公司", HolderType.ENTERPRISE, "(中国)"),
        ("张三", HolderType.INDIVIDUAL, "姓「张」"),
        ("王元卓", HolderType.INDIVIDUAL, "姓「王」"),
        ("欧阳娜娜", HolderType.INDIVIDUAL, "复姓「欧阳」"),
        ("买买提·艾力", HolderType.INDIVIDUAL, "间隔号"),
        ("John Smith", HolderType.INDIVIDUAL, "外文人名"),
        ("某某市人民医院", HolderType.OTHER, "医院"),
        ("中国汽车工业协会", HolderType.OTHER, "协会"),
        ("国家知识产权局", HolderType.OTHER, "局"),
    ],
)
def test_holder_types(
    classifier: HolderClassifier, name: str, expected: HolderType, reason_part: str
) -> None:
    verdict = classifier.classify(name)
    assert verdict.holder_type is expected, verdict.type_reason
    assert reason_part in verdict.type_reason


def test_sme_reason_is_always_set_for_enterprises(classifier: HolderClassifier) -> None:
    for name in ("长春某某科技有限公司", "吉林某某集团有限公司", "华为技术有限公司", "国家电网有限公司"):
        verdict = classifier.classify(name)
        assert verdict.sme_reason, name
        assert verdict.is_sme is (verdict.holder_type is HolderType.SME)
    assert classifier.classify("清华大学").is_sme is None


def test_sme_registry_decides_over_the_estimate(
    tmp_path: Path, lists: tuple[dict[str, str], dict[str, str], dict[str, str]]
) -> None:
    path = tmp_path / "sme.csv"
    path.write_text(
        "企业名称,统一社会信用代码,规模\n长春某某科技有限公司,91220101MA0000000X,大\n吉林某某集团有限公司,,小型\n",
        encoding="utf-8-sig",
    )
    registry = SmeRegistry.load(path)
    assert registry.lookup("91220101MA0000000X").size == "大"  # type: ignore[union-attr]
    classifier = HolderClassifier(*lists, sme_registry=registry)
    big = classifier.classify("长春某某科技有限公司")
    assert (big.holder_type, big.is_sme) == (HolderType.ENTERPRISE, False)
    assert "sme.csv" in (big.sme_reason or "")
    small = classifier.classify("吉林某某集团有限公司")
    assert (small.holder_type, small.is_sme) == (HolderType.SME, True)
    other = classifier.classify("延边某某农业有限公司")
    assert other.is_sme is True and "未在中小企业名录中" in (other.sme_reason or "")


def test_sme_registry_rejects_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("企业名称,规模\n长春某某科技有限公司,巨型\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.csv:2"):
        SmeRegistry.load(path)
