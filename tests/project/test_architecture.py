"""The house rules that keep the libraries free of the UI."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LIBRARY_FILES = sorted(p for pkg in ("surveys", "analysis") for p in (REPO / pkg).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_library_files_found():
    assert len(LIBRARY_FILES) >= 5, LIBRARY_FILES


@pytest.mark.parametrize("path", LIBRARY_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_libraries_do_not_import_the_ui(path: Path):
    forbidden = imported_modules(path) & {"streamlit", "dashboard"}
    assert not forbidden, f"{path.relative_to(REPO)} imports {sorted(forbidden)}"


@pytest.mark.parametrize("path", LIBRARY_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_libraries_do_not_need_reference_data_at_run_time(path: Path):
    assert "shared/" not in path.read_text(encoding="utf-8"), f"{path.relative_to(REPO)} names ../shared"


# --- one voice: only the presentation layer says what a result means -------------------------

LAYER = REPO / "analysis" / "present"
#: Modules that draw or write results and must leave their meaning to analysis.present.
SURFACES = sorted([*(REPO / "dashboard").rglob("*.py"), REPO / "streamlit_app.py",
                   *(REPO / "analysis" / "exports").rglob("*.py")])
#: The statistics, without files, databases or the presentation layer.
STATISTICS = sorted(p for p in (REPO / "analysis").glob("*.py")
                    if p.name not in ("cli.py", "selection.py", "__main__.py"))
#: Fields whose values decide a verdict (q, p, the pair) — compared with a threshold only in the layer.
VERDICT_FIELDS = frozenset({"qvalue", "summary_qvalue", "pvalue", "pvalue_adjusted", "ALPHA", "DIFFER_Q"})
#: Fields of the summary a dashboard module must not read itself: it hands the Summary to the layer.
RESULT_FIELDS = VERDICT_FIELDS | {"divergence", "pairwise", "effect_size", "effect_size_magnitude", "agree_share",
                                  "distinctive", "group_consensus", "test_reason"}
#: How a q- or p-value reads in a sentence; only the layer's numbers module writes one.
FORMATTED_PROBABILITY = re.compile(r"\b[pq] ?[=<] ?\{|\b[pq] = %|adjusted p|[pq]-value below")


def _names(node: ast.AST) -> set[str]:
    return {n.attr if isinstance(n, ast.Attribute) else n.id
            for n in ast.walk(node) if isinstance(n, (ast.Attribute, ast.Name))}


def _tree(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_surfaces_found():
    assert len(SURFACES) >= 15 and any(p.name == "question.py" for p in SURFACES)


@pytest.mark.parametrize("path", SURFACES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_surface_compares_a_p_or_q_value_with_a_threshold(path: Path):
    """A verdict ("groups differ", a mark, a named pair) is a comparison of q or p with 0.05:
    outside analysis.present no module makes one."""
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            assert not (_names(node) & VERDICT_FIELDS), f"{path.relative_to(REPO)}:{node.lineno} decides a verdict"
            assert not any(isinstance(o, ast.Constant) and o.value == 0.05 for o in operands), \
                f"{path.relative_to(REPO)}:{node.lineno} compares with 0.05"


@pytest.mark.parametrize("path", SURFACES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_surface_writes_a_p_or_q_value(path: Path):
    """Sentences and numbers come from the layer; a surface has no "q = {…}" of its own."""
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and FORMATTED_PROBABILITY.search(node.value):
            pytest.fail(f"{path.relative_to(REPO)}:{node.lineno} formats a probability: {node.value[:60]!r}")
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            assert not re.search(r"\b[pq] ?[=<] ?$", text), f"{path.relative_to(REPO)}:{node.lineno}"


DASHBOARD = sorted([*(REPO / "dashboard").rglob("*.py"), REPO / "streamlit_app.py"])


@pytest.mark.parametrize("path", DASHBOARD, ids=lambda p: str(p.relative_to(REPO)))
def test_dashboard_reads_results_only_through_the_layer(path: Path):
    """Pages read the selection, call analysis.present, draw: they touch no statistic of the
    summary, read no JSON with .get, and import no statistics module."""
    tree = _tree(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            assert node.attr not in RESULT_FIELDS, f"{path.relative_to(REPO)}:{node.lineno} reads .{node.attr}"
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert node.value not in RESULT_FIELDS, f"{path.relative_to(REPO)}:{node.lineno} reads {node.value!r}"
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
            allowed = node.module in ("analysis", "analysis.summary") or node.module.startswith(
                ("analysis.present", "analysis.exports"))
            assert allowed, f"{path.relative_to(REPO)} imports {node.module}"


@pytest.mark.parametrize("path", STATISTICS, ids=lambda p: str(p.relative_to(REPO)))
def test_statistics_modules_do_no_io_and_present_nothing(path: Path):
    forbidden = {"os", "io", "pathlib", "json", "subprocess", "sqlalchemy", "babel", "altair", "openpyxl", "docx"}
    tree = _tree(path)
    imported = imported_modules(path)
    assert not imported & forbidden, f"{path.relative_to(REPO)} imports {sorted(imported & forbidden)}"
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and (node.module.startswith(("analysis.present",
                                                                                        "analysis.exports"))
                                                                  or node.module in ("present", "exports")):
            pytest.fail(f"{path.relative_to(REPO)} imports the presentation layer")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("open", "print"):
            pytest.fail(f"{path.relative_to(REPO)}:{node.lineno} calls {node.func.id}()")


#: Dictionaries keyed by language that are data, not wording: Babel locales, languages' own names.
LANGUAGE_TABLES = frozenset({"LOCALES", "LANGUAGE_NAMES", "_SENTENCE_GAP", "HTML_LANGUAGES", "DOCUMENT_LANGUAGES",
                             "_SCRIPT_OF_LANGUAGE"})


def test_one_catalogue_for_all_software_text():
    """No report wording in Python dictionaries any more: every language lives in the catalogues."""
    assert not (REPO / "analysis" / "exports" / "wording").exists()
    assert not (REPO / "dashboard" / "locales").exists()
    for path in [*LAYER.rglob("*.py"), *SURFACES]:
        tree = _tree(path)
        allowed = {id(node.value) for node in ast.walk(tree) if isinstance(node, (ast.Assign, ast.AnnAssign))
                   and _names(node.targets[0] if isinstance(node, ast.Assign) else node.target) & LANGUAGE_TABLES}
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict) and node.keys and id(node) not in allowed:
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                assert not (keys >= {"en", "zh"}), f"{path.relative_to(REPO)}:{node.lineno} holds inline translations"


def test_one_palette_and_one_font_search():
    """Colours are named in palette.py only, fonts are looked for in fonts.py only."""
    colour = re.compile(r"^#[0-9A-Fa-f]{6}$")
    for path in [*(REPO / "analysis").rglob("*.py"), *DASHBOARD]:
        text = path.read_text(encoding="utf-8")
        if path.name != "fonts.py":
            assert "fc-list" not in text and "Noto Sans" not in text, f"{path.relative_to(REPO)} looks for fonts"
        if path.name != "palette.py":
            for node in ast.walk(_tree(path)):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and colour.match(node.value):
                    pytest.fail(f"{path.relative_to(REPO)}:{node.lineno} names a colour {node.value}")
