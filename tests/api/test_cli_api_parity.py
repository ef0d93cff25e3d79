"""Same parameters -> the same bytes from ``patentnav query X --json`` and ``/api/X``.

Both shells run against one embedded store file holding the crafted graph: the CLI through
Typer's CliRunner with ``--db``, the API through TestClient on a store opened on that file.
Bad input gives exit 2 on the CLI and 422 on the API, with the same Chinese message.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli_app
from graph.stores.embedded.store import EmbeddedStore
from tests.api.conftest import api_settings
from tests.navigation_graphs import load_crafted_graph

AS_OF = "2024-06-30"
NEED = "我们需要硫化物固态电解质技术, 用于锂电池"
runner = CliRunner()
Params = list[tuple[str, str]]

# (CLI command, API path, parameters as (name, value) pairs; a repeated name is a list)
CASES: list[tuple[str, str, Params]] = [
    ("gaps", "/api/gaps", [("chain", "tc"), ("region", "220000000000"), ("as_of", AS_OF)]),
    ("gaps", "/api/gaps", [("chain", "tc"), ("region", "2201"), ("benchmark", "51+11"), ("as_of", AS_OF)]),
    ("sleeping", "/api/sleeping", [("region", "51"), ("as_of", AS_OF)]),
    ("sleeping", "/api/sleeping", [("as_of", AS_OF), ("offset", "1"), ("limit", "1"), ("level", "b")]),
    ("high-value", "/api/high-value", [("as_of", AS_OF)]),
    ("high-value", "/api/high-value", [("as_of", AS_OF), ("only_high_value", "false"), ("region", "22,51")]),
    ("pool", "/api/pools", [("chain_node", "tc/packs"), ("as_of", AS_OF)]),
    ("pool", "/api/pools", [("technology", "液冷"), ("technology", "快换"), ("as_of", AS_OF)]),
    ("kpis", "/api/kpis", [("region", "510000000000"), ("year_from", "2019"), ("year_to", "2021")]),
    (
        "kpis",
        "/api/kpis",
        [("region", "22"), ("region", "national"), ("year_from", "2022"), ("year_to", "2023")],
    ),
    ("kpis", "/api/kpis", [("region", "22"), ("target", "academic_to_sme:count:0.1"), ("plan", "true")]),
    ("kpis", "/api/kpis", []),  # the default years
    ("abnormal-transfers", "/api/abnormal-transfers", [("as_of", AS_OF), ("bulk_min", "4")]),
    ("abnormal-transfers", "/api/abnormal-transfers", [("region", "44"), ("date_from", "2020-01-01")]),
    ("chains", "/api/chains", []),
    ("chain", "/api/chains/tc", [("chain", "tc")]),
    ("stats", "/api/stats", []),
]
BAD_INPUT: list[tuple[str, str, Params, str]] = [
    (
        "sleeping",
        "/api/sleeping",
        [("region", "99")],
        "参数 region: 地区代码 '99' 不在国家统计局区划代码表中",
    ),
    ("sleeping", "/api/sleeping", [("region", "abc")], "参数 region: 地区代码格式无效 'abc'"),
    ("high-value", "/api/high-value", [("region", "22' OR 1=1--")], "参数 region: 地区代码格式无效"),
    (
        "gaps",
        "/api/gaps",
        [("chain", "tc"), ("region", "22"), ("benchmark", "xyz")],
        "参数 benchmark: 对标 'xyz' 无效",
    ),
    ("kpis", "/api/kpis", [("year_from", "-5")], "参数 year_from: 年份须在 1985 到"),
    ("pool", "/api/pools", [("chain_node", "nev/nosuch")], "参数 chain_node: 产业链节点不存在 'nev/nosuch'"),
    ("pool", "/api/pools", [("chain_node", "tc/nosuch")], "tc 的节点: tc/cells, tc/materials"),
    ("sleeping", "/api/sleeping", [("as_of", "0001-01-01")], "参数 as_of: 日期须在 1985-04-01 到"),
    ("sleeping", "/api/sleeping", [("level", "D")], "参数 level: 应为 'A', 'B', 'C' 之一, 收到 'D'"),
    ("sleeping", "/api/sleeping", [("holder", "nobody")], "参数 holder: 权利人不存在 'nobody'"),
    ("gaps", "/api/gaps", [("chain", "nope"), ("region", "22")], "参数 chain: 产业链不存在 'nope'; 可选: tc"),
    ("gaps", "/api/gaps", [("chain", "tc")], "参数 region: 缺少必填参数"),
    ("high-value", "/api/high-value", [("limit", "5000")], "参数 limit: 每页条数 limit 须在 1 到 1000 之间"),
    (
        "abnormal-transfers",
        "/api/abnormal-transfers",
        [("date_from", "2024-01-02"), ("date_to", "2024-01-01")],
        "日期范围无效",
    ),
    ("kpis", "/api/kpis", [("target", "nonsense:count")], "参数 target: 目标 'nonsense:count' 无效"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parity") / "graph.sqlite"
    load_crafted_graph(EmbeddedStore(path)).close()
    return path


@pytest.fixture(scope="module")
def api(db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = EmbeddedStore(db)
    with TestClient(create_app(api_settings(tmp_path_factory.mktemp("api")), store=store)) as client:
        yield client
    store.close()


def cli_args(command: str, params: Params, db: Path) -> list[str]:
    args = ["query", command] if command != "stats" else ["stats"]
    for name, value in params:
        if name == "chain" and command == "chain":
            args.append(value)  # positional, a path segment in the API
        elif value in ("true", "false"):
            args.append(f"--{'' if value == 'true' else 'no-'}{name.replace('_', '-')}")
        else:
            args += [f"--{name.replace('_', '-')}", value]
    return [*args, "--store", "embedded", "--db", str(db), "--json"]


def api_get(api: TestClient, path: str, params: Params) -> object:
    return api.get(
        path, params=[p for p in params if not (path.startswith("/api/chains/") and p[0] == "chain")]
    )


@pytest.mark.parametrize(
    ("command", "path", "params"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_cli_and_api_answer_the_same_bytes(
    db: Path, api: TestClient, command: str, path: str, params: Params
) -> None:
    response = api_get(api, path, params)
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    result = runner.invoke(cli_app, cli_args(command, params, db))
    assert result.exit_code == 0, result.output
    assert result.stdout.encode("utf-8") == response.content + b"\n"  # type: ignore[attr-defined]


def test_collaborators_cli_and_api_answer_the_same_bytes(db: Path, api: TestClient) -> None:
    body = {"need": NEED, "region": "220100000000", "top_k": 3, "as_of": AS_OF}
    response = api.post("/api/collaborators", json=body)
    assert response.status_code == 200, response.text
    args = ["query", "collaborators", NEED, "--region", "220100000000", "--top-k", "3", "--as-of", AS_OF]
    result = runner.invoke(cli_app, [*args, "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    assert result.stdout.encode("utf-8") == response.content + b"\n"
    assert response.json()["result"]["candidates"][0]["holder_key"] == "scu"


def test_kpis_count_a_full_region_code_like_its_prefix(api: TestClient) -> None:
    """The CLI used to skip ``region_prefix``: 510000000000 gave zeros, 51 did not."""
    full = api.get("/api/kpis", params={"region": "510000000000", "year_from": 2022, "year_to": 2023}).json()
    short = api.get("/api/kpis", params={"region": "51", "year_from": 2022, "year_to": 2023}).json()
    assert full["result"] == short["result"]
    assert any(v["count"] for row in full["result"]["rows"] for v in row["values"])


@pytest.mark.parametrize(
    ("command", "path", "params", "message"), BAD_INPUT, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD_INPUT)]
)
def test_bad_input_is_refused_alike(
    db: Path, api: TestClient, command: str, path: str, params: Params, message: str
) -> None:
    response = api_get(api, path, params)
    assert response.status_code == 422, response.text  # type: ignore[attr-defined]
    detail = response.json()["detail"]  # type: ignore[attr-defined]
    assert message in detail
    result = runner.invoke(cli_app, cli_args(command, params, db))
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == detail


def test_huge_inputs_are_refused_cheaply_and_not_echoed(api: TestClient, db: Path) -> None:
    many = [("region", f"{11 + i % 20}") for i in range(3000)]
    response = api.get("/api/sleeping", params=many)
    assert response.status_code == 422
    assert "参数 region: 最多 50 个值, 收到 3000 个" in response.json()["detail"]
    assert len(response.content) < 1000
    commas = api.get("/api/sleeping", params={"region": ",".join(f"{i:04d}" for i in range(3000))})
    assert commas.status_code == 422  # counted before any value is parsed: one message
    assert len(commas.content) < 1000
    repeated = api.get("/api/sleeping", params={"region": ",".join(["22"] * 3000), "as_of": AS_OF})
    assert repeated.json()["request"]["region"] == ["22"]  # the same value twice is one value
    need = api.post("/api/collaborators", json={"need": "电" * 20_000})  # within the body limit
    assert need.status_code == 422
    assert "技术需求最多 2000 字" in need.json()["detail"]
    assert len(need.content) < 1000
    twice = api.get("/api/gaps", params=[("chain", "tc"), ("chain", "tc"), ("region", "22")])
    assert twice.status_code == 422
    assert "参数 chain: 只能给一次" in twice.json()["detail"]
    unknown = api.get("/api/sleeping", params={"lvl": "A"})
    assert unknown.status_code == 422
    assert "参数 lvl: 未知参数" in unknown.json()["detail"]
    result = runner.invoke(
        cli_app, ["query", "sleeping", *[a for _, v in many for a in ("--region", v)], "--db", str(db)]
    )
    assert result.exit_code == 2


def test_supply_list_export_is_the_same_file(db: Path, api: TestClient, tmp_path: Path) -> None:
    params = {"region": "51", "as_of": AS_OF, "format": "csv"}
    response = api.get("/api/sleeping/export", params=params)
    assert response.status_code == 200
    target = tmp_path / "供给清单.csv"
    args = ["query", "sleeping", "--region", "51", "--as-of", AS_OF, "--export", str(target)]
    result = runner.invoke(cli_app, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == response.content
    bad = api.get("/api/sleeping/export", params={"level": "D"})
    assert bad.status_code == 422
    assert "参数 level" in bad.json()["detail"]


def test_many_bad_values_give_a_short_answer(api: TestClient) -> None:
    fifty = ",".join(f"9{i:03d}" for i in range(50))  # within the bound, every one unknown
    response = api.get("/api/sleeping", params={"region": fifty})
    assert response.status_code == 422
    assert "另有 40 处错误" in response.json()["detail"]
    assert len(response.json()["errors"]) == 10
    types = api.post("/api/collaborators", json={"need": "锂电池", "holder_types": ["alien"] * 3000})
    assert types.status_code == 422  # 3,000 equal values are one value: one error
    assert len(types.content) < 1500
