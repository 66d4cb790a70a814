"""The declared layer order holds: every import in consortium/ (function-local ones included) runs downwards,
and no two packages or files import each other, directly or round a longer loop."""
import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "consortium"

# Layers, low to high. A module may import modules of its own layer or of a lower one.
FOUNDATIONS, VOCAB, PURE, MODELS, SERVICES, ORCHESTRATION = range(6)
LAYER_NAMES = ["foundations", "vocabulary", "pure cores", "models", "services", "orchestration"]

FOUNDATION_MODULES = {"config", "crypto", "datacache", "logs", "extensions", "errors", "timeutil", "common", "access", "web", "params", "queue"}
# classifications: the GB/T 4754 industries and 2022 occupations the project ships, read without Flask.
PURE_PACKAGES = {"tables", "matcher", "figures", "classifications"}
# Feature packages, low to high: a package imports only packages to its left.
FEATURE_ORDER = ["members", "auth", "audit", "people", "jobs", "supervision", "matching", "training", "teachers", "supply",
                 "records", "stats", "book",
                 "imports", "home", "api", "demo"]
ORCHESTRATION_NAMES = {"views", "cli", "tasks", "forms", "navigation"}
ORCHESTRATION_PACKAGES = {"api", "demo", "imports"}
# The app factory, the model registry and the worker assemble everything: they sit above every package.
ASSEMBLY = {"consortium", "models", "worker", "worker_cli"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def load_modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE_DIR.rglob("*.py")}


def imports_of(name: str, path: Path, modules: dict) -> set[str]:
    """Every consortium module `name` imports, wherever the import statement sits."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[:len(here) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "consortium":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in modules else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "consortium")
    found.discard(name)
    return {m for m in found if m in modules}


def unit_of(module: str) -> str:
    """The package a module belongs to; a module at the top of consortium/ is a unit of its own."""
    parts = module.split(".")
    if len(parts) == 1:
        return "consortium"
    return parts[1]


def layer_of(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:  # consortium/__init__.py: the app factory
        return ORCHESTRATION
    top, leaf = parts[1], parts[-1]
    if len(parts) == 2 and top in FOUNDATION_MODULES:
        return FOUNDATIONS
    if top == "vocab":
        return VOCAB
    if top in PURE_PACKAGES:
        return PURE
    if top in ASSEMBLY:
        return ORCHESTRATION
    if leaf == "models":
        return MODELS
    if top in ORCHESTRATION_PACKAGES or top == "worker" or leaf in ORCHESTRATION_NAMES or leaf.startswith("views"):
        return ORCHESTRATION
    return SERVICES


def package_rank(unit: str):
    """Foundations, the vocabulary and the pure cores sit below every feature package."""
    if unit in FEATURE_ORDER:
        return FEATURE_ORDER.index(unit)
    if unit in ASSEMBLY:
        return len(FEATURE_ORDER)
    return None


@pytest.fixture(scope="module")
def graph():
    modules = load_modules()
    return modules, {name: imports_of(name, path, modules) for name, path in modules.items()}


def test_every_package_has_a_declared_place(graph):
    modules, _ = graph
    units = {unit_of(m) for m in modules} - {"consortium"}
    known = set(FEATURE_ORDER) | FOUNDATION_MODULES | PURE_PACKAGES | ASSEMBLY | {"vocab"}
    assert units <= known, f"declare these packages in the layer order: {sorted(units - known)}"


def test_no_import_runs_up_the_layers(graph):
    _, edges = graph
    upward = sorted(f"{a} ({LAYER_NAMES[layer_of(a)]}) imports {b} ({LAYER_NAMES[layer_of(b)]})"
                    for a, targets in edges.items() for b in targets if layer_of(b) > layer_of(a))
    assert not upward, "\n".join(upward)


def test_feature_packages_import_only_lower_packages(graph):
    _, edges = graph
    wrong = []
    for a, targets in edges.items():
        ua, ra = unit_of(a), package_rank(unit_of(a))
        for b in targets:
            ub, rb = unit_of(b), package_rank(unit_of(b))
            if ua == ub or rb is None:
                continue
            if ra is None or rb > ra:
                wrong.append(f"{a} imports {b}: {ub} sits above {ua}")
    assert not wrong, "\n".join(sorted(wrong))


def _cycles(nodes, edges):
    """Strongly connected components with more than one node (Tarjan, iterative)."""
    index, low, on_stack, stack, result, counter = {}, {}, set(), [], [], [0]
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    result.append(sorted(component))
    return result


def test_no_cycle_between_files(graph):
    modules, edges = graph
    cycles = _cycles(sorted(modules), edges)
    assert not cycles, "\n".join(" ⇄ ".join(c) for c in cycles)


def test_no_cycle_between_packages(graph):
    _, edges = graph
    units = defaultdict(set)
    for a, targets in edges.items():
        for b in targets:
            if unit_of(a) != unit_of(b):
                units[unit_of(a)].add(unit_of(b))
    cycles = _cycles(sorted(units), units)
    assert not cycles, "\n".join(" ⇄ ".join(c) for c in cycles)


def test_the_checker_sees_function_local_imports(tmp_path):
    """The reader finds an import inside a function body, so a hidden upward import cannot slip through."""
    source = tmp_path / "probe.py"
    source.write_text("def f():\n    from consortium.jobs import models\n", encoding="utf-8")
    modules = {"consortium.jobs.models": source, "probe": source}
    assert imports_of("probe", source, modules) == {"consortium.jobs.models"}


def test_the_checker_finds_a_cycle():
    assert _cycles(["a", "b", "c"], {"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c"]]
