"""Guard rails of the package's structure (docs/architecture.md), read from the source with ``ast``.

Every import counts, the ones inside functions and under ``if TYPE_CHECKING:`` too: a lazy import
still ties two modules together, it only moves the cost. Four rules:

- no import cycle between modules;
- no import of another module's private (``_x``) name, by ``from m import _x`` or ``m._x``;
- no module of ``topology/`` over 400 lines;
- the layers below: data flows load → model → graph → rules → report → formats/diagrams, with
  the planner beside the rules (it may run them, they never call it); a module imports only
  from its own layer or an earlier one.
"""

from __future__ import annotations

import ast
import fnmatch
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "topology"
MAX_LINES = 400

#: The layers in the order data flows through them; a module may import from its own layer or an
#: earlier one. Patterns are fnmatch patterns over dotted module names; every module must match one.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("topology._gc", "topology.sanitize", "topology.vocab", "topology.vocab.*",
              "topology.errors", "topology.limits",
              "topology.dates", "topology.jsonfmt", "topology.positions", "topology.arguments",
              "topology.findings", "topology.version")),
    ("load", ("topology.loader", "topology.yaml_reader", "topology.yaml_values", "topology.yaml_scalars",
              "topology.problems")),
    ("model", ("topology.model", "topology.document", "topology.links", "topology.parameters",
               "topology.ruleset_sources", "topology.ruleset", "topology.suppressions")),
    ("graph", ("topology.graph", "topology.index", "topology.adjacency")),
    ("rules", ("topology.rules", "topology.rules.*")),
    ("report", ("topology.engine", "topology.incremental", "topology.splice")),
    ("columnar", ("topology.columnar", "topology.columnar.*")),
    ("planner", ("topology.planner", "topology.planner.*")),
    ("output", ("topology.formats", "topology.formats.*", "topology.diagrams", "topology.diagrams.*",
                "topology.catalogue", "topology.provenance", "topology.schema", "topology.outputs")),
    ("interface", ("topology", "topology.__main__", "topology.cli", "topology.cli_*")),
]


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the module imported from (a module of the package)
    name: str | None  # the name taken from it (``from target import name``), else None
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def find_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = find_modules()


def package_of(module: str) -> str:
    """The package relative imports of ``module`` start from."""
    return module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]


def imports_of(module: str) -> list[Import]:
    """Every import of a module of the package in ``module``, wherever it stands in the file."""
    out: list[Import] = []
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [Import(module, a.name, None, node.lineno) for a in node.names if a.name in MODULES]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_of(module).split(".")
                base = base[: len(base) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            for alias in node.names:
                sub = f"{origin}.{alias.name}"
                if sub in MODULES:  # `from . import engine`: the module itself
                    out.append(Import(module, sub, None, node.lineno))
                elif origin in MODULES:
                    out.append(Import(module, origin, alias.name, node.lineno))
    return [i for i in out if i.target != module]


IMPORTS = {m: imports_of(m) for m in MODULES}


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def layer_of(module: str) -> int | None:
    for index, (_, patterns) in enumerate(LAYERS):
        if any(fnmatch.fnmatchcase(module, p) for p in patterns):
            return index
    return None


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path that returns to its start) per strongly connected component of size > 1."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan; the package is small enough for recursion
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_path_through(graph, c) for c in components]


def _path_through(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """A shortest cycle from the component's first module back to it (breadth first)."""
    start, members = component[0], set(component)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph.get(v, set()) & members):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start] if v != start else [start, start]
                if w not in previous:
                    previous[w] = v
                    nxt.append(w)
        frontier = nxt
    return component  # pragma: no cover - a component always holds a cycle


def graph_of(imports: dict[str, list[Import]]) -> dict[str, set[str]]:
    return {m: {i.target for i in found} for m, found in imports.items()}


def private_imports(imports: dict[str, list[Import]]) -> list[str]:
    """``from m import _x`` of another module, or a private module imported from outside its package."""
    bad = []
    for module, found in imports.items():
        for i in found:
            if i.name is not None and is_private(i.name):
                bad.append(f"{module}:{i.line} imports {i.name} from {i.target}")
            owner = i.target.rpartition(".")[0]
            if is_private(i.target.rpartition(".")[2]) and not (module == owner or module.startswith(owner + ".")):
                bad.append(f"{module}:{i.line} imports the private module {i.target}")
    return bad


def private_attributes(module: str, tree: ast.Module, imports: list[Import]) -> list[str]:
    """``m._x`` where ``m`` names another module of the package (``from . import cli as m``)."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    aliases[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                for i in imports:
                    if i.line == node.lineno and i.name is None and i.target.rpartition(".")[2] == alias.name:
                        aliases[alias.asname or alias.name] = i.target
    return [f"{module}:{node.lineno} reads {node.value.id}.{node.attr} of {aliases[node.value.id]}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and is_private(node.attr)
            and aliases.get(node.value.id, module) != module]


def layer_violations(imports: dict[str, list[Import]]) -> list[str]:
    bad = []
    for module, found in imports.items():
        mine = layer_of(module)
        for i in found:
            theirs = layer_of(i.target)
            if mine is not None and theirs is not None and theirs > mine:
                bad.append(f"{module} ({LAYERS[mine][0]}) imports {i.target} ({LAYERS[theirs][0]}) at line {i.line}")
    return sorted(set(bad))


# -- the checks' own checks: each finds what it should in a small made-up case ------------------
def test_the_cycle_finder_finds_a_cycle_and_nothing_else():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set(), "c": {"b"}}) == []


def test_the_import_reader_sees_relative_and_lazy_imports():
    found = {(i.target, i.name) for i in IMPORTS["topology.cli"]}
    assert ("topology.cli_commands", None) in found  # `from . import cli_commands`, inside main()
    assert ("topology.cli_support", "EXIT_ERROR") in found
    assert any(i.target == "topology.errors" for i in IMPORTS["topology.rules.registry"])


def test_the_private_and_layer_checks_catch_a_made_up_offender():
    engine, rules = "topology.engine", "topology.rules.registry"
    made_up = {rules: [Import(rules, engine, "_helper", 3), Import(rules, "topology._gc", None, 4)],
               "topology.planner.x": [Import("topology.planner.x", "topology._gc", None, 5)]}
    assert private_imports(made_up) == [f"{rules}:3 imports _helper from {engine}"]  # _gc: same package
    assert layer_violations(made_up) == [f"{rules} (rules) imports {engine} (report) at line 3"]
    tree = ast.parse("from .. import engine as e\ne._cache.clear()\n")
    reads = private_attributes(rules, tree, [Import(rules, engine, None, 1)])
    assert reads == [f"{rules}:2 reads e._cache of {engine}"]


def test_every_module_has_a_layer():
    unplaced = [m for m in MODULES if layer_of(m) is None]
    assert not unplaced, f"place these modules in LAYERS (and docs/architecture.md): {unplaced}"


# -- the rules ----------------------------------------------------------------------------------
def test_no_import_cycles():
    found = cycles(graph_of(IMPORTS))
    assert not found, "import cycles: " + "; ".join(" → ".join(c) for c in found)


def test_no_module_imports_another_modules_private_names():
    bad = private_imports(IMPORTS)
    for module, path in MODULES.items():
        bad += private_attributes(module, ast.parse(path.read_text(encoding="utf-8")), IMPORTS[module])
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_size(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines (at most {MAX_LINES}): split it by job"


def test_no_module_imports_a_later_layer():
    bad = layer_violations(IMPORTS)
    assert not bad, "\n".join(bad)


def test_the_architecture_page_names_every_module():
    """docs/architecture.md lists the same layers: a module missing there is missing from the map."""
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = []
    for module in MODULES:
        parts = module.split(".")[1:]
        if parts:
            shown = f"`{parts[0]}/`" if len(parts) > 1 or MODULES[module].name == "__init__.py" else f"`{parts[0]}`"
            if shown not in page:
                missing.append(module)
    assert not missing, f"docs/architecture.md does not place {missing}"


#: The classes of later layers `arguments` (base) may name by string, for isinstance checks at the
#: library's edge without importing pydantic or NetworkX early (docs/architecture.md).
FORWARD_CLASSES = {"topology.loader", "topology.model", "topology.ruleset", "topology.engine",
                   "topology.suppressions", "topology.planner.plan"}


def test_arguments_reaches_forward_only_to_the_documented_classes():
    tree = ast.parse(MODULES["topology.arguments"].read_text(encoding="utf-8"))
    named = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
             and node.value in MODULES and node.value != "topology.arguments"}
    later = {m for m in named if layer_of(m) > layer_of("topology.arguments")}
    assert later, "the check reads nothing: arguments names no module any more?"
    assert later <= FORWARD_CLASSES, f"arguments names later modules beyond the documented ones: {later - FORWARD_CLASSES}"
