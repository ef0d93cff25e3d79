"""Bad input is an error on every surface (错误输入处处报错): API 422, CLI exit 2, page message.

The cases of issue 12 (point 5) and issue 14 (dates ``0``): each used to answer 200 with zeros
somewhere. On each surface that takes the parameter, the answer names the parameter and the
valid forms, in the same words (the request layer's one message).
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli_app
from graph.stores.embedded.store import EmbeddedStore
from tests.api.conftest import api_settings
from tests.navigation_graphs import load_crafted_graph

NEED = "固态电解质"
REGION_FORMS = "应为国家统计局区划代码"
runner = CliRunner()

# (case, API method and path, parameters, CLI words, page method and path, page fields, words)
# a page of None: no page takes that parameter
CASES: list[tuple[str, str, str, dict[str, Any], list[str], tuple[str, str] | None, list[str]]] = [
    (
        "region-99",
        "get",
        "/api/sleeping",
        {"region": "99"},
        ["sleeping", "--region", "99"],
        ("get", "/ui/sleeping"),
        ["参数 region", "'99' 不在国家统计局区划代码表中", REGION_FORMS],
    ),
    (
        "region-abc",
        "get",
        "/api/gaps",
        {"chain": "tc", "region": "abc"},
        ["gaps", "--chain", "tc", "--region", "abc"],
        ("get", "/ui/gaps"),
        ["参数 region", "地区代码格式无效 'abc'", REGION_FORMS],
    ),
    (
        "region-injection",
        "get",
        "/api/kpis",
        {"region": "22' OR 1=1--"},
        ["kpis", "--region", "22' OR 1=1--"],
        ("get", "/ui/kpis"),
        ["参数 region", "地区代码格式无效", REGION_FORMS],
    ),
    (
        "benchmark-xyz",
        "get",
        "/api/gaps",
        {"chain": "tc", "region": "22", "benchmark": "xyz"},
        ["gaps", "--chain", "tc", "--region", "22", "--benchmark", "xyz"],
        ("get", "/ui/gaps"),
        ["参数 benchmark", "对标 'xyz' 无效", "应为 national (全国)"],
    ),
    (
        "year_from-minus-5",
        "get",
        "/api/kpis",
        {"year_from": "-5"},
        ["kpis", "--year-from", "-5"],
        ("get", "/ui/kpis"),
        ["参数 year_from", "年份须在 1985 到", "收到 -5"],
    ),
    (
        "chain_node-nosuch",
        "post",
        "/api/collaborators",
        {"need": NEED, "chain_node": "nev/nosuch"},
        ["collaborators", NEED, "--chain-node", "nev/nosuch"],
        ("post", "/ui/collaborators"),
        ["参数 chain_node", "产业链节点不存在 'nev/nosuch'", "可选: tc"],
    ),
    (
        "chain_node-pool",
        "get",
        "/api/pools",
        {"chain_node": "tc/nosuch"},
        ["pool", "--chain-node", "tc/nosuch"],
        None,
        ["参数 chain_node", "tc 的节点: tc/cells"],
    ),
    (
        "as_of-0001",
        "get",
        "/api/sleeping",
        {"as_of": "0001-01-01"},
        ["sleeping", "--as-of", "0001-01-01"],
        ("get", "/ui/sleeping"),
        ["参数 as_of", "日期须在 1985-04-01 到"],
    ),
    (
        "as_of-0",
        "get",
        "/api/sleeping",
        {"as_of": "0"},
        ["sleeping", "--as-of", "0"],
        ("get", "/ui/sleeping"),
        ["参数 as_of", "应为日期 YYYY-MM-DD, 收到 '0'"],
    ),
    (
        "date_to-0",
        "get",
        "/api/abnormal-transfers",
        {"date_to": "0"},
        ["abnormal-transfers", "--date-to", "0"],
        None,
        ["参数 date_to", "应为日期 YYYY-MM-DD, 收到 '0'"],
    ),
    (
        "level-D",
        "get",
        "/api/sleeping",
        {"level": "D"},
        ["sleeping", "--level", "D"],
        ("get", "/ui/sleeping"),
        ["参数 level", "应为 'A', 'B', 'C' 之一, 收到 'D'"],
    ),
]
IDS = [case[0] for case in CASES]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bad-input") / "graph.sqlite"
    load_crafted_graph(EmbeddedStore(path)).close()
    return path


@pytest.fixture(scope="module")
def api(db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = EmbeddedStore(db)
    with TestClient(create_app(api_settings(tmp_path_factory.mktemp("api")), store=store)) as client:
        yield client
    store.close()


def api_answer(api: TestClient, method: str, path: str, params: dict[str, Any]) -> Any:
    if method == "post":
        return api.post(path, json=params)
    return api.get(path, params=params)


@pytest.mark.parametrize(("case", "method", "path", "params", "cli", "page", "words"), CASES, ids=IDS)
def test_the_api_refuses_naming_the_parameter(
    api: TestClient,
    case: str,
    method: str,
    path: str,
    params: dict[str, Any],
    cli: list[str],
    page: Any,
    words: list[str],
) -> None:
    response = api_answer(api, method, path, params)
    assert response.status_code == 422, response.text
    for word in words:
        assert word in response.json()["detail"]


@pytest.mark.parametrize(("case", "method", "path", "params", "cli", "page", "words"), CASES, ids=IDS)
def test_the_cli_exits_2_with_the_same_words(
    api: TestClient,
    db: Path,
    case: str,
    method: str,
    path: str,
    params: dict[str, Any],
    cli: list[str],
    page: Any,
    words: list[str],
) -> None:
    result = runner.invoke(cli_app, ["query", *cli, "--store", "embedded", "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == api_answer(api, method, path, params).json()["detail"]


@pytest.mark.parametrize(
    ("case", "method", "path", "params", "cli", "page", "words"),
    [c for c in CASES if c[5]],
    ids=[c[0] for c in CASES if c[5]],
)
def test_the_page_shows_the_same_message(
    api: TestClient,
    case: str,
    method: str,
    path: str,
    params: dict[str, Any],
    cli: list[str],
    page: Any,
    words: list[str],
) -> None:
    page_method, page_path = page
    # a page's form is posted as a form, not as JSON
    get, post = page_method == "get", api.post
    shown = api.get(page_path, params=params) if get else post(page_path, data=params)
    assert shown.status_code == 422
    text = html.unescape(shown.text)
    assert 'id="error"' in text
    assert api_answer(api, method, path, params).json()["detail"] in text
    assert "共 0 件" not in text  # no empty result shown as if the question were valid
