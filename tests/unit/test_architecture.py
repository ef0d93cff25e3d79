"""The architecture's dependency rules, read from the import statements (架构分层检查).

graph <- nlp <- ingest; viz draws what it is given (graph's models only); api is outermost.
Benchmarks (``bench/``) and tooling (``tools/``) may use the product; no product module imports
them, except the CLI's thin ``patentnav bench`` / ``corpus`` / ``nlp eval`` command shells.
Every import counts, including the ones deferred into a function body.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

from tests.paths import REPO

PACKAGES = ("graph", "nlp", "ingest", "viz", "api", "bench", "tools")
PRODUCT = ("graph", "nlp", "ingest", "viz", "api")
# What each top-level package may import of ours (itself always allowed).
ALLOWED: dict[str, frozenset[str]] = {
    "graph": frozenset(),
    "nlp": frozenset({"graph"}),
    "ingest": frozenset({"graph", "nlp"}),
    "viz": frozenset({"graph"}),
    "api": frozenset({"graph", "nlp", "ingest", "viz"}),
    "bench": frozenset({"graph", "nlp", "ingest", "viz", "api", "tools"}),
    "tools": frozenset({"graph", "nlp", "ingest"}),
}
# The CLI command shells that front tooling (thin: they import and call it).
TOOLING_SHELLS = frozenset({"api.commands.bench", "api.commands.corpus", "api.commands.nlp"})
# graph.navigation is written on the store contract alone: never a backend, never nlp.
NAVIGATION_FORBIDDEN = ("graph.stores", "graph.neo4j_server", "nlp")
MAX_MODULE_LINES = 400
# Modules still being split (issue 9); an entry must go as soon as its module is under the limit.
OVERSIZE_BEING_SPLIT: frozenset[str] = frozenset()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            found[_module_name(path)] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Our modules that ``path`` imports (absolute imports; ``from a import b`` counts a and a.b)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name in MODULES}


EDGES = {name: _imports(path) - {name} for name, path in MODULES.items()}


def test_the_scan_sees_the_product() -> None:
    # Guards against a scan that silently finds nothing (and so passes everything).
    assert len(MODULES) > 100
    assert "graph.navigation.chain_gaps" in MODULES
    assert "graph.models" in EDGES["graph.navigation.chain_gaps"] or EDGES["graph.navigation.chain_gaps"]


@pytest.mark.parametrize("package", PACKAGES)
def test_layer_rules(package: str) -> None:
    violations = []
    for module, targets in EDGES.items():
        if module.split(".")[0] != package:
            continue
        for target in targets:
            layer = target.split(".")[0]
            if layer == package or layer in ALLOWED[package]:
                continue
            if module in TOOLING_SHELLS and layer in {"bench", "tools"}:
                continue
            violations.append(f"{module} -> {target}")
    assert not violations, "imports against the dependency direction:\n" + "\n".join(sorted(violations))


def test_navigation_uses_only_the_store_contract() -> None:
    violations = [
        f"{module} -> {target}"
        for module, targets in EDGES.items()
        if module.startswith("graph.navigation")
        for target in targets
        if target.startswith(NAVIGATION_FORBIDDEN)
    ]
    assert not violations, "\n".join(violations)


def test_no_store_imports_the_other_backend_or_process_control() -> None:
    violations = [
        f"{module} -> {target}"
        for module, targets in EDGES.items()
        for own, other in (
            ("graph.stores.embedded", "graph.stores.neo4j"),
            ("graph.stores.neo4j", "graph.stores.embedded"),
        )
        if module.startswith(own)
        for target in targets
        if target.startswith((other, "graph.neo4j_server"))
    ]
    assert not violations, "\n".join(violations)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _without_package_reexports(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """A package's ``__init__`` re-exporting its own submodules is not a cycle between modules."""
    trimmed: dict[str, set[str]] = defaultdict(set)
    for module, targets in edges.items():
        is_package = MODULES[module].name == "__init__.py"
        trimmed[module] = {t for t in targets if not (is_package and t.startswith(module + "."))}
    return trimmed


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles() -> None:
    cycles = _cycles(_without_package_reexports(EDGES))
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_no_product_module_is_tooling() -> None:
    tooling_words = ("bench", "synthetic", "train", "evaluate", "generator")
    offenders = [
        module
        for module in MODULES
        if module.split(".")[0] in PRODUCT
        and module not in TOOLING_SHELLS
        and any(word in part for part in module.split(".")[1:] for word in tooling_words)
    ]
    assert not offenders, offenders


@pytest.mark.parametrize("package", PRODUCT)
def test_modules_stay_small(package: str) -> None:
    too_long = {
        module: n
        for module, path in MODULES.items()
        if module.split(".")[0] == package
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    stale = {m for m in OVERSIZE_BEING_SPLIT if m.startswith(package + ".") and m not in too_long}
    assert not stale, f"split already: remove from OVERSIZE_BEING_SPLIT: {stale}"
    unexpected = {m: n for m, n in too_long.items() if m not in OVERSIZE_BEING_SPLIT}
    assert not unexpected, f"modules over {MAX_MODULE_LINES} lines: {unexpected}"


def test_every_import_of_ours_names_a_module_that_exists() -> None:
    # mypy ignores missing imports (third-party stubs), so a deferred import of a module that
    # moved would only fail when that code path runs; this finds it from the source.
    missing = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            missing.extend(
                f"{module}: {name}"
                for name in names
                if name.split(".")[0] in PACKAGES and name not in MODULES
            )
    assert not missing, "imports of modules that do not exist:\n" + "\n".join(sorted(missing))
