"""The import architecture of ecskit, checked from the source (``ast``; no ecskit module is imported here).

What it enforces, and why (DESIGN.md sections 2 and 9: data flows down, nothing imports upward; the fake is
core / engine / api):

1. **No import cycle anywhere in ecskit.** Every import statement counts: module level, under
   ``if TYPE_CHECKING:``, and inside functions. A cycle held together by a lazy or type-only import is still a
   cycle: the two modules cannot be understood, tested or moved apart, and the first eager import added later turns
   it into an ImportError. A failure names the shortest cycle of each strongly connected group, ``a -> b -> a``.
2. **The fake's own layers** (:data:`FAKE_FORBIDDEN`): ``core`` imports nothing of ``engine``, ``api``,
   ``registry``, ``backend``, ``boto``; ``engine`` nothing of ``api``, ``registry`` (it does not need it: it never
   calls a handler), ``backend``, ``boto``; ``registry`` and ``api`` nothing of ``backend`` or ``boto``. A handler
   module (``api/<service>/<module>``) imports, of the fake, only ``core``, ``engine``, ``registry`` and its own
   service's ``render`` (handlers never call handlers); ``render`` only ``core`` and ``engine`` (so no handler
   module). Inside the fake, nothing imports the fake's own ``__init__``, which re-exports the backend.
3. **Every ``@handles(...)`` function lives under** ``ecskit/backends/fake/api/`` (and ``handles`` is used nowhere
   else).
4. **The layers of DESIGN.md section 2**: ``models`` imports nothing of ecskit but itself; a table of what each other
   package must not import (:data:`FORBIDDEN`); and who may import a backend at all (:data:`BACKEND_IMPORTERS`).

The "must not import" rules hold directly and through any chain of other modules (``validation -> diff ->
backends`` is as upward as ``validation -> backends``); a failure names the shortest chain and the file and line
of the import where it leaves the layer. :data:`EXCUSED` is the place for a reasoned exception (empty today).

The graph (one rule, applied the same way everywhere):

* a node is a module: ``ecskit/x/y.py`` is ``ecskit.x.y``, ``ecskit/x/__init__.py`` is ``ecskit.x``;
* ``import ecskit.x.y`` (and ``import ecskit.x.y as z``) adds one edge, to ``ecskit.x.y``;
* ``from P import n`` (relative ``P`` resolved against the importing module's package) adds an edge to ``P.n`` when
  ``P.n`` is a module of ecskit (a submodule import), otherwise to ``P`` (an attribute of the module or package
  ``__init__`` ``P``); ``from P import *`` adds an edge to ``P``;
* no edge is added for the parent packages Python also executes on the way (``import ecskit.x.y`` runs
  ``ecskit/__init__.py`` and ``ecskit/x/__init__.py`` first). Counting those would make every submodule that a
  package ``__init__`` re-exports "cycle" with its own package, which is how packages work, not a design fault. An
  explicit import of a package (``from ecskit.x import name``, where ``name`` is not a submodule) *is* an edge to
  its ``__init__``, so a submodule that imports its own package's ``__init__`` while that ``__init__`` re-exports
  it is reported as the cycle it is;
* imports of anything outside ecskit add no edge.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "ecskit"
FAKE = "ecskit.backends.fake"

Graph = Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class Import:
    """One edge of the graph: ``source`` imports ``target`` at ``line`` of ``source``'s file."""

    source: str
    target: str
    line: int


@dataclass(frozen=True)
class Module:
    """One parsed module of ecskit."""

    name: str
    path: Path
    is_package: bool
    tree: ast.Module

    @property
    def package(self) -> str:
        """The package a relative import of this module is resolved against."""
        return self.name if self.is_package else self.name.rpartition(".")[0]

    @property
    def where(self) -> str:
        return str(self.path.relative_to(ROOT))


def module_name(path: Path) -> tuple[str, bool]:
    """``ecskit/x/y.py`` -> ``("ecskit.x.y", False)``; ``ecskit/x/__init__.py`` -> ``("ecskit.x", True)``."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


@cache
def modules() -> dict[str, Module]:
    """Every module of ecskit, parsed (never imported)."""
    found: dict[str, Module] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name, is_package = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found[name] = Module(name, path, is_package, tree)
    return found


def resolve_from(module: Module, node: ast.ImportFrom) -> str:
    """The absolute module named by ``from <node.module> import ...`` in ``module`` (relative levels resolved)."""
    if node.level == 0:
        return node.module or ""
    base = module.package.split(".")
    if node.level - 1 > len(base) - 1:
        raise AssertionError(f"{module.where}:{node.lineno}: relative import goes above the top-level package")
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(module: Module, known: Iterable[str]) -> Iterator[Import]:
    """Every import of an ecskit module by ``module``, wherever the statement is (module level, functions,
    ``if TYPE_CHECKING:``, ``try:``...), as edges by the rule in this module's docstring."""
    known = set(known)

    def inside(name: str) -> bool:
        return name == "ecskit" or name.startswith("ecskit.")

    def nearest(name: str) -> str:
        # `import ecskit.x.y` names a module; keep the longest prefix that is one (defensive: never a parent edge
        # when the full name exists).
        while name not in known and "." in name:
            name = name.rpartition(".")[0]
        return name

    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if inside(alias.name):
                    yield Import(module.name, nearest(alias.name), node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = resolve_from(module, node)
            if not inside(base):
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                target = submodule if alias.name != "*" and submodule in known else nearest(base)
                yield Import(module.name, target, node.lineno)


@cache
def edges() -> tuple[Import, ...]:
    """Every import edge between ecskit modules, self-imports included, in file order."""
    found = modules()
    return tuple(edge for module in found.values() for edge in imports_of(module, found))


def graph_of(pairs: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Adjacency sets from ``(source, target)`` pairs; every node mentioned is a key."""
    adjacency: dict[str, set[str]] = {}
    for source, target in pairs:
        adjacency.setdefault(source, set()).add(target)
        adjacency.setdefault(target, set())
    return {node: frozenset(targets) for node, targets in adjacency.items()}


def strongly_connected(graph: Graph) -> list[list[str]]:
    """The strongly connected components of ``graph`` (Tarjan's algorithm, iterative: no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph.get(successor, ())))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component: list[str] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    return components


def shortest_cycle(graph: Graph, within: Iterable[str]) -> list[str] | None:
    """The shortest cycle among the nodes ``within`` (a strongly connected component), as ``[a, b, ..., a]``, or
    None when there is none (a single node that does not import itself). Ties go to the alphabetically first."""
    members = set(within)
    best: list[str] | None = None
    for start in sorted(members):
        if start in graph.get(start, ()):
            return [start, start]
        # Breadth-first from start; the first edge back to start closes the shortest cycle through it.
        parent: dict[str, str] = {}
        queue = deque([start])
        seen = {start}
        closing: str | None = None
        while queue and closing is None:
            node = queue.popleft()
            for successor in sorted(graph.get(node, ())):
                if successor == start:
                    closing = node
                    break
                if successor in members and successor not in seen:
                    seen.add(successor)
                    parent[successor] = node
                    queue.append(successor)
        if closing is None:
            continue
        path = [closing]
        while path[-1] != start:
            path.append(parent[path[-1]])
        cycle = [*reversed(path), start]
        if best is None or len(cycle) < len(best):
            best = cycle
    return best


def cycles(graph: Graph) -> list[list[str]]:
    """One shortest cycle per strongly connected component that has one, sorted."""
    found = (shortest_cycle(graph, component) for component in strongly_connected(graph))
    return sorted(cycle for cycle in found if cycle is not None)


def in_package(module: str, package: str) -> bool:
    """``module`` is ``package`` or a module under it."""
    return module == package or module.startswith(package + ".")


def first_line(source: str, target: str) -> str:
    """``file:line`` of the first import of ``target`` by ``source``."""
    line = min(edge.line for edge in edges() if edge.source == source and edge.target == target)
    return f"{modules()[source].where}:{line}"


def path_to(graph: Graph, start: str, wanted: Iterable[str]) -> list[str] | None:
    """The shortest import chain from ``start`` to a module under one of the packages ``wanted`` (``[start, ...,
    found]``), or None. Only ``start`` is exempt from the test: a chain is reported at its first forbidden module."""
    targets = tuple(wanted)
    parent: dict[str, str] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        node = queue.popleft()
        for successor in sorted(graph.get(node, ())):
            if successor in seen:
                continue
            seen.add(successor)
            parent[successor] = node
            if any(in_package(successor, package) for package in targets):
                chain = [successor]
                while chain[-1] != start:
                    chain.append(parent[chain[-1]])
                return chain[::-1]
            queue.append(successor)
    return None


def describe(chain: list[str], package: str) -> str:
    """``a -> b -> c (ecskit/a.py:3)``: the chain from its last module in ``package`` (where it leaves the layer,
    so that one bad import is reported once, not once per module that reaches it), and where that import is."""
    start = max(i for i, name in enumerate(chain) if in_package(name, package))
    chain = chain[start:]
    return f"{' -> '.join(chain)}  ({first_line(chain[0], chain[1])})"


# ---------------------------------------------------------------------------------------------------------------------
# The rules, as data

#: Imports excused from every check below, each with its reason. Keep it empty: an entry is a design debt, and the
#: test fails when one no longer exists, so that a fixed debt is also struck from this list.
EXCUSED: dict[tuple[str, str], str] = {}

#: ``models/`` "imports nothing of ecskit but itself" (DESIGN.md section 2): checked as its own rule.
SELF_CONTAINED = ("ecskit.models",)

#: The backends themselves (not the protocol in backends/base.py and backends/verbs.py, which whoever takes a
#: Backend needs): "nothing imports a backend except client.py, the plugin and the CLI" (DESIGN.md section 2).
BACKEND_PACKAGES = (FAKE, "ecskit.backends.boto3")

_ABOVE_BACKENDS = ("ecskit.client", "ecskit.cli", "ecskit.__main__", "ecskit.testing", "ecskit.pytest_plugin")
_BACKENDS = ("ecskit.backends",)

#: DESIGN.md section 2, "data flows down; nothing imports upward", as what each package must not import, directly
#: or through any other module. The layers, bottom up: models; codec ("imports models"); validation, iam,
#: placement and lifecycle, the offline ECR lifecycle evaluator (peers: they "import models (not backends)" and may
#: use the codec and each other); builders ("return models"); backends ("import all of those"); client, CLI, testing
#: and the pytest plugin (the only importers of a backend). Modules section 2 does not place (diff, preflight,
#: deploy, operations, errors, _text) are held only to the backend rule below and to the absence of cycles.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "ecskit.codec": (
        "ecskit.validation",
        "ecskit.iam",
        "ecskit.placement",
        "ecskit.builders",
        *_BACKENDS,
        *_ABOVE_BACKENDS,
    ),
    "ecskit.validation": ("ecskit.builders", *_BACKENDS, *_ABOVE_BACKENDS),
    # images: pure, at the level of the codec; its push speaks the Backend protocol (backends/base.py), never a
    # backend itself (the fake's ECR imports it to read manifests)
    "ecskit.images": (
        "ecskit.validation",
        "ecskit.iam",
        "ecskit.placement",
        "ecskit.builders",
        *BACKEND_PACKAGES,
        *_ABOVE_BACKENDS,
    ),
    "ecskit.iam": ("ecskit.builders", *_BACKENDS, *_ABOVE_BACKENDS),
    "ecskit.placement": ("ecskit.builders", *_BACKENDS, *_ABOVE_BACKENDS),
    "ecskit.lifecycle": ("ecskit.builders", *_BACKENDS, *_ABOVE_BACKENDS),
    "ecskit.builders": (*_BACKENDS, *_ABOVE_BACKENDS),
    "ecskit.backends": _ABOVE_BACKENDS,
}

#: The modules outside a backend's own package that may import it, each with its reason.
BACKEND_IMPORTERS: dict[str, str] = {
    "ecskit.client": "Client() with no backend makes a FakeBackend (DESIGN.md section 2: client.py may import one)",
    "ecskit.cli": "DESIGN.md section 2 names the CLI among a backend's importers (it runs commands on one)",
    "ecskit.testing": "fake_aws(): boto3 clients made inside talk to one FakeBackend (DESIGN.md section 2)",
    "ecskit.pytest_plugin": "fixtures over FakeBackend (DESIGN.md section 2)",
}

#: The fake's layers (DESIGN.md section 9): what each part of ecskit/backends/fake must not import, directly or
#: through any other module (names relative to the fake). The engine does not need the registry: it never calls a
#: handler, and checking that keeps it so.
FAKE_FORBIDDEN: dict[str, tuple[str, ...]] = {
    "core": ("engine", "api", "registry", "backend", "boto"),
    "engine": ("api", "registry", "backend", "boto"),
    "registry": ("api", "backend", "boto"),
    "api": ("backend", "boto"),
}


def fake_part(module: str) -> str | None:
    """``ecskit.backends.fake.core.env`` -> ``core.env``; the fake's own ``__init__`` -> ``""``; None outside it."""
    if module == FAKE:
        return ""
    return module[len(FAKE) + 1 :] if module.startswith(FAKE + ".") else None


def handler_allows(source: str, target: str) -> bool:
    """A handler module ``api/<service>/<module>`` may import, of the fake, only ``core.*``, ``engine.*``,
    ``registry`` and its own service's ``render``; ``render`` only ``core.*`` and ``engine.*`` (it renders records:
    it needs no handler and registers nothing)."""
    here, there = fake_part(source), fake_part(target)
    assert here is not None
    if there is None:
        return True
    parts = here.split(".")
    allowed = in_package(there, "core") or in_package(there, "engine")
    if parts[-1] == "render":
        return allowed
    return allowed or there == "registry" or there == f"api.{parts[1]}.render"


def handler_modules() -> list[str]:
    """Every ``api/<service>/<module>`` of the fake (service packages' ``__init__`` excluded), ``render`` included."""
    return sorted(
        name
        for name, module in modules().items()
        if not module.is_package and len((fake_part(name) or "").split(".")) == 3 and in_package(name, f"{FAKE}.api")
    )


@cache
def checked_graph() -> dict[str, frozenset[str]]:
    """The import graph, less the excused edges."""
    return graph_of((edge.source, edge.target) for edge in edges() if (edge.source, edge.target) not in EXCUSED)


def fail_with(problems: Iterable[str], what: str) -> None:
    found = sorted(set(problems))
    if found:
        pytest.fail(f"{what} ({len(found)}):\n  " + "\n  ".join(found), pytrace=False)


# ---------------------------------------------------------------------------------------------------------------------
# The checks


def test_the_source_is_all_there() -> None:
    """The checks below are not vacuous: every layer they name has modules, and the graph has edges."""
    names = modules()
    for package in (*SELF_CONTAINED, *FORBIDDEN, *BACKEND_PACKAGES, *(f"{FAKE}.{p}" for p in FAKE_FORBIDDEN)):
        assert any(in_package(name, package) for name in names), f"no module under {package}: update the rules"
    assert handler_modules(), "no handler module under ecskit/backends/fake/api/<service>/"
    assert len(edges()) > len(names)


def test_no_import_cycle() -> None:
    """No cycle in the import graph of ecskit, every import counted (see the module docstring)."""
    found = cycles(checked_graph())
    fail_with(
        (f"{' -> '.join(cycle)}  ({'; '.join(map(first_line, cycle, cycle[1:]))})" for cycle in found),
        "import cycles: break each by moving what both need down a layer, or by depending on a protocol",
    )


def test_models_import_nothing_of_ecskit_but_models() -> None:
    graph = checked_graph()
    problems = []
    for package in SELF_CONTAINED:
        for source in (name for name in modules() if in_package(name, package)):
            for target in graph.get(source, ()):
                if not in_package(target, package):
                    problems.append(f"{source} imports {target}  ({first_line(source, target)})")
    fail_with(problems, "models import only models (DESIGN.md section 2)")


def test_layers_of_design_section_2() -> None:
    graph = checked_graph()
    problems = []
    for package, forbidden in FORBIDDEN.items():
        for source in (name for name in modules() if in_package(name, package)):
            chain = path_to(graph, source, forbidden)
            if chain is not None:
                problems.append(describe(chain, package))
    fail_with(problems, "imports upward across the layers of DESIGN.md section 2")


def test_only_the_client_cli_testing_and_plugin_import_a_backend() -> None:
    problems = []
    for source, targets in checked_graph().items():
        for target in targets:
            backend = next((b for b in BACKEND_PACKAGES if in_package(target, b)), None)
            if backend is not None and not in_package(source, backend) and source not in BACKEND_IMPORTERS:
                problems.append(f"{source} imports {target}  ({first_line(source, target)})")
    fail_with(problems, "modules importing a backend (only " + ", ".join(sorted(BACKEND_IMPORTERS)) + " may)")


def test_backend_importers_are_real_modules_or_named_in_design() -> None:
    """An allowance for a module that exists is only an allowance; the names must at least be spelled right."""
    assert set(BACKEND_IMPORTERS) <= set(modules()) | {"ecskit.testing", "ecskit.pytest_plugin"}


def test_fake_layers() -> None:
    graph = checked_graph()
    problems = []
    for source in sorted(name for name in modules() if fake_part(name)):
        part = fake_part(source) or ""
        layer = part.split(".")[0]
        if layer in FAKE_FORBIDDEN:
            chain = path_to(graph, source, (f"{FAKE}.{p}" for p in FAKE_FORBIDDEN[layer]))
            if chain is not None:
                problems.append(describe(chain, f"{FAKE}.{layer}"))
        # The fake's own __init__ re-exports FakeBackend: inside the fake, import a name from where it is defined.
        if FAKE in graph.get(source, ()):
            problems.append(f"{source} imports the package {FAKE}  ({first_line(source, FAKE)})")
    fail_with(problems, "imports across the fake's layers (DESIGN.md section 9: core <- engine <- api)")


def test_handlers_import_no_other_handler() -> None:
    graph = checked_graph()
    problems = [
        f"{source} imports {target}  ({first_line(source, target)})"
        for source in handler_modules()
        for target in sorted(graph.get(source, ()))
        if not handler_allows(source, target)
    ]
    fail_with(problems, "handler modules importing, of the fake, more than core, engine, registry and their render")


REGISTRY = f"{FAKE}.registry"


def dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for an attribute chain on a name, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def uses_of_handles(module: Module) -> list[tuple[int, str]]:
    """Every use of the registry's ``handles`` in ``module`` as ``(line, what)``: ``what`` names the function it
    decorates, or is ``"handles(...) called"`` for a use that is not a decorator."""
    names: set[str] = {f"{REGISTRY}.handles"}
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom):
            base = resolve_from(module, node)
            for alias in node.names:
                if base == REGISTRY and alias.name == "handles":
                    names.add(alias.asname or alias.name)
                elif f"{base}.{alias.name}" == REGISTRY:
                    names.add(f"{alias.asname or alias.name}.handles")
        elif isinstance(node, ast.Import):
            names.update(f"{alias.asname}.handles" for alias in node.names if alias.name == REGISTRY and alias.asname)
    found: list[tuple[int, str]] = []
    decorating: set[int] = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if dotted(target) in names:
                    decorating.add(id(target))
                    found.append((node.lineno, node.name))
    found.extend(
        (node.lineno, "handles(...) called")
        for node in ast.walk(module.tree)
        if isinstance(node, ast.Name | ast.Attribute)
        and isinstance(node.ctx, ast.Load)
        and id(node) not in decorating
        and dotted(node) in names
    )
    return found


def test_handlers_live_under_api() -> None:
    problems = []
    registered = 0
    for name, module in modules().items():
        if name == REGISTRY:
            continue
        for line, what in uses_of_handles(module):
            if in_package(name, f"{FAKE}.api"):
                registered += what != "handles(...) called"
            else:
                problems.append(f"{what}  ({module.where}:{line})")
    fail_with(problems, f"handlers registered outside {FAKE}.api")
    assert registered > 0, "no @handles function found under the fake's api: has the decorator been renamed?"


def test_excused_imports_still_exist() -> None:
    """An excused import that is gone is a debt paid: strike it from EXCUSED."""
    present = {(edge.source, edge.target) for edge in edges()}
    assert set(EXCUSED) <= present, sorted(set(EXCUSED) - present)


# ---------------------------------------------------------------------------------------------------------------------
# The checker, checked


def test_cycle_finder_on_synthetic_graphs() -> None:
    acyclic = graph_of([("a", "b"), ("b", "c"), ("a", "c"), ("d", "a")])
    assert cycles(acyclic) == []
    # Two cycles through a: a->b->c->d->a (4) and a->e->a (2); and one separate loop f->f.
    cyclic = graph_of([("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("a", "e"), ("e", "a"), ("f", "f"), ("x", "a")])
    assert sorted(strongly_connected(cyclic)) == [["a", "b", "c", "d", "e"], ["f"], ["x"]]
    assert cycles(cyclic) == [["a", "e", "a"], ["f", "f"]]
    assert shortest_cycle(cyclic, ["b", "c", "d"]) is None  # no cycle stays inside {b, c, d}
    assert path_to(cyclic, "x", ["d"]) == ["x", "a", "b", "c", "d"]


def test_edges_of_synthetic_modules() -> None:
    """The graph rule of the module docstring, on a made-up package ``ecskit.p`` (never written to disk)."""
    source = """
from typing import TYPE_CHECKING
import ecskit.p.a
from . import b
from .b import attribute
from ecskit.p import c, NAME
from .. import errors
if TYPE_CHECKING:
    from ecskit.p.d import Thing
def later() -> None:
    import ecskit.q
    import os
"""
    known = ["ecskit", "ecskit.errors", "ecskit.p", "ecskit.p.a", "ecskit.p.b", "ecskit.p.c", "ecskit.p.d", "ecskit.q"]
    module = Module("ecskit.p.m", PACKAGE / "p" / "m.py", False, ast.parse(source))
    assert [edge.target for edge in imports_of(module, known)] == [
        "ecskit.p.a",
        "ecskit.p.b",
        "ecskit.p.b",
        "ecskit.p.c",
        "ecskit.p",
        "ecskit.errors",
        "ecskit.p.d",
        "ecskit.q",
    ]
    package = Module("ecskit.p", PACKAGE / "p" / "__init__.py", True, ast.parse("from . import a\nfrom .a import x"))
    assert [edge.target for edge in imports_of(package, known)] == ["ecskit.p.a", "ecskit.p.a"]
