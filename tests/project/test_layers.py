"""The direction of the code: no import cycle, nothing imports upwards, tests import helpers only.

Every import counts, at module level or inside a function (a late import hides a cycle, it does
not end it); only imports under ``if TYPE_CHECKING:`` are left out, since they never run.
The data's path reads in the layers below: words every layer uses, files read to sheets, the
instrument, who answered, sheets read to checked answers, storage, the features built on
storage (coding, rounds, access), the importer that writes answers and votes in one
transaction, the demo, the command lines; then the statistics with the presentation layer, the
exports, the commands, and the dashboard on top.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("surveys", "analysis", "dashboard")

#: Lowest first. A module's layer is its longest matching prefix; it may import its own layer
#: and those below. A module no prefix matches fails the test: place it here.
LAYERS: tuple[tuple[str, ...], ...] = (
    # Words every layer uses, the limits and text policy everything read is held to, and the
    # packages' names imported on first use.
    ("surveys.model", "surveys.errors", "surveys.messages", "surveys.wavedata", "surveys.limits",
     "surveys.plaintext", "surveys.lazy"),
    # Files to sheets: what the instrument's loader reads XLSForms with, as the answers' reader does.
    ("surveys.reading.filesafety", "surveys.reading.formulas", "surveys.reading.encodings",
     "surveys.reading.workbook", "surveys.reading.csvfile", "surveys.reading.extents"),
    ("surveys.instrument",),
    ("surveys.respondents",),
    ("surveys.reading",),
    ("surveys.storage",),
    ("surveys.coding", "surveys.rounds", "surveys.access"),
    ("surveys.storage.importer",),
    ("surveys.demo", "surveys.demo_comments", "surveys.rounds.demo"),
    ("surveys.cli", "surveys.coding.cli", "surveys.rounds.cli", "surveys.access.cli", "surveys.__main__",
     "surveys"),
    # The statistics and the one voice that words them: a command's JSON withholds small counts
    # by the presentation layer's disclosure rule where the numbers are made, so they are one layer.
    ("analysis",),
    ("analysis.exports",),
    ("analysis.cli", "analysis.__main__", "analysis.text.cli", "analysis.deliberation.cli", "analysis.exports.cli"),
    ("dashboard",),
    ("streamlit_app",),
)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(tree: ast.AST):
    """Every import statement that can run (those under ``if TYPE_CHECKING:`` cannot)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If) and _type_checking(node):
            yield from (n for child in node.orelse for n in _imports(ast.Module([child], [])))
        else:
            yield from _imports(node)


def import_graph(root: Path, packages=PACKAGES, extra=("streamlit_app.py",)) -> dict[str, set[str]]:
    """Module -> the project modules it imports (a package's ``__init__`` that imports anything
    counts as imported with any of its modules, as Python runs it first)."""
    files = [p for pkg in packages for p in (root / pkg).rglob("*.py")] + [root / e for e in extra
                                                                          if (root / e).exists()]
    modules = {module_name(p, root): p for p in files}
    #: Packages whose __init__ imports something (a docstring-only package runs nothing).
    busy = {name for name, p in modules.items() if p.name == "__init__.py"
            and any(True for _ in _imports(ast.parse(p.read_text(encoding="utf-8"))))}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        found: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[:len(base) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in modules else source for a in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if not target:
                    continue
                found.add(target)
                parent = target.rpartition(".")[0]
                while parent:  # importing a.b.c runs a and a.b first: it matters when they import
                    if parent in modules and not name.startswith(parent + ".") and parent in busy:
                        found.add(parent)
                    parent = parent.rpartition(".")[0]
        found.discard(name)
        graph[name] = found
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each as a closed path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layer_of(module: str, layers=LAYERS) -> int | None:
    best, rank = -1, None
    for number, prefixes in enumerate(layers):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), number
    return rank


def upward_imports(graph: dict[str, set[str]], layers=LAYERS) -> list[str]:
    problems = []
    for module, targets in sorted(graph.items()):
        own = layer_of(module, layers)
        if own is None:
            problems.append(f"{module} is in no layer: place it in LAYERS")
            continue
        for target in sorted(targets):
            theirs = layer_of(target, layers)
            if theirs is not None and theirs > own:
                problems.append(f"{module} (layer {own}) imports {target} (layer {theirs})")
    return problems


GRAPH = import_graph(REPO)


def test_the_graph_sees_the_project():
    assert len(GRAPH) > 100 and "surveys.storage.importer" in GRAPH["surveys.cli"]
    assert "surveys.reading.workbook" in GRAPH["surveys.reading.layouts"]


def test_no_import_cycle_anywhere():
    assert cycles(GRAPH) == []


def test_nothing_imports_upwards():
    assert upward_imports(GRAPH) == []


def test_reading_never_imports_storage():
    reading = {m: t for m, t in GRAPH.items() if m.startswith("surveys.reading")}
    assert reading and not [(m, sorted(t)) for m, t in reading.items()
                            if any(x.startswith("surveys.storage") for x in t)]


def test_libraries_never_import_the_dashboard():
    assert not [(m, sorted(t)) for m, t in GRAPH.items() if m.split(".")[0] in ("surveys", "analysis")
                and any(x.split(".")[0] == "dashboard" for x in t)]


# --- the checks fail when they should --------------------------------------------------------

def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_cycle_is_found_even_through_a_late_import(tmp_path):
    root = _package(tmp_path, {
        "surveys/__init__.py": "", "surveys/model.py": "def f():\n    from surveys import store\n",
        "surveys/store.py": "from .model import f\n",
        "surveys/typed.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from surveys import store\n",
    })
    graph = import_graph(root, packages=("surveys",))
    assert cycles(graph) == [["surveys.model", "surveys.store"]]
    assert graph["surveys.typed"] == set()


def test_an_upward_import_and_an_unplaced_module_are_reported(tmp_path):
    root = _package(tmp_path, {
        "surveys/__init__.py": "", "surveys/reading/__init__.py": "",
        "surveys/storage/__init__.py": "from . import store\n",
        "surveys/reading/workbook.py": "import surveys.storage.store\n", "surveys/storage/store.py": "",
        "surveys/stray.py": "",
    })
    layers = (("surveys.reading",), ("surveys.storage",), ("surveys",))
    problems = upward_imports(import_graph(root, packages=("surveys",)), layers)
    assert "surveys.reading.workbook (layer 0) imports surveys.storage.store (layer 1)" in problems
    assert "surveys.reading.workbook (layer 0) imports surveys.storage (layer 1)" in problems
    layers = (("surveys.reading",), ("surveys.storage",))
    assert "surveys is in no layer: place it in LAYERS" in upward_imports(
        import_graph(root, packages=("surveys",)), layers)


# --- tests import helpers, never each other -----------------------------------------------------

TEST_FILES = sorted((REPO / "tests").rglob("*.py"))


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_test_module_imports_another(path: Path):
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        assert not [n for n in names if n.split(".")[-1].startswith("test_") or n.split(".")[0] == "tests"], \
            f"{path.relative_to(REPO)}:{node.lineno} imports a test module: shared helpers go to tests/support"


def test_test_helpers_live_in_support():
    helpers = [p for p in (REPO / "tests").rglob("*.py")
               if not p.name.startswith("test_") and p.name != "conftest.py" and "support" not in p.parts]
    assert helpers == []
