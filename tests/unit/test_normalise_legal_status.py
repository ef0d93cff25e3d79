"""Legal status (法律状态) -> (raw, is_valid)."""

import pytest

from ingest.normalise.legal_status import is_recognised_status, parse_legal_status


@pytest.mark.parametrize(
    ("raw", "is_valid"),
    [
        ("有权-审定授权", True),
        ("有权-部分无效", True),
        ("有效", True),
        ("授权", True),
        ("权利维持", True),
        ("专利权维持", True),
        ("无权-未缴年费", False),
        ("无权-期限届满", False),
        ("无权-视为撤回", False),
        ("无权-驳回", False),
        ("失效", False),
        ("未缴年费", False),
        ("期限届满", False),
        ("撤回", False),
        ("驳回", False),
        ("全部无效", False),
        ("权利终止", False),
        ("PCT有效期满", False),
        ("审中-实质审查", None),
        ("审中", None),
        ("实质审查", None),
        ("PCT有效期内", None),
        ("公开", None),
    ],
)
def test_statuses(raw: str, is_valid: bool | None) -> None:
    assert parse_legal_status(raw) == (raw, is_valid)
    assert is_recognised_status(raw)


def test_empty_and_unknown() -> None:
    assert parse_legal_status("") == (None, None)
    assert parse_legal_status(None) == (None, None)
    assert parse_legal_status("有待核实的奇怪状态x") == ("有待核实的奇怪状态x", None)
    assert not is_recognised_status("奇怪状态")
