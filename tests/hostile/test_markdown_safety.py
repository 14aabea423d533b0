"""A scan of the dashboard's source: every text given to a Streamlit element that renders
Markdown (bodies, captions, alerts, headings, widget labels and help, tab names, progress
texts) is the catalogue's own text, a number, or passed through
:func:`analysis.present.markdown.md_escape`. A page that starts showing a name, a header or a
value without escaping it fails here, before any browser fetches anything.

A bare variable is accepted where its line says why it is safe (``# md-safe: …``)."""
from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(REPO / "dashboard").rglob("*.py"), REPO / "streamlit_app.py"])
#: Streamlit calls whose first argument (and ``label``/``help``/``text``/``body``) is Markdown.
MARKDOWN_CALLS = {
    "markdown", "caption", "write", "info", "success", "error", "warning", "title", "header", "subheader",
    "toast", "metric", "tabs", "expander", "progress", "page_link", "spinner", "button", "download_button",
    "checkbox", "toggle", "radio", "selectbox", "multiselect", "text_input", "file_uploader", "popover",
    "status", "number_input", "text_area", "slider", "date_input",
}
MARKDOWN_KEYWORDS = {"label", "help", "text", "body"}
#: Functions that return the catalogue's own words only.
SOFTWARE_TEXT = {"_", "N_", "ngettext", "common_ground_caption", "dividing_lines_caption", "heatmap_caption",
                 "metric_label", "_counts", "str", "role_name", "audience_note"}
#: Names and attributes that hold numbers, dates or hashes, never workbook text.
NUMBERS = {"n", "done", "total", "id", "version", "respondents", "count", "limit", "size", "rank", "errors",
           "warnings", "date", "time", "share", "reference", "ref", "wait", "seconds"}


def _safe(node: ast.AST, lines: list[str]) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(_safe(part.value if isinstance(part, ast.FormattedValue) else part, lines) for part in node.values)
    if isinstance(node, ast.BinOp):
        return _safe(node.left, lines) and _safe(node.right, lines)
    if isinstance(node, ast.IfExp):
        return _safe(node.body, lines) and _safe(node.orelse, lines)
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(_safe(e, lines) for e in node.elts)
    if isinstance(node, ast.ListComp):
        return _safe(node.elt, lines)
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name == "md_escape" or name in ("len", "int", "round", "isoformat", "strftime"):
            return True
        if name == "format" and isinstance(func, ast.Attribute):
            return _safe(func.value, lines) and all(_safe(k.value, lines) for k in node.keywords) and all(
                _safe(a, lines) for a in node.args)
        if name in ("gettext", "pgettext") and all(isinstance(a, ast.Constant) for a in node.args):
            return True
        if name == "code_label" and node.args and isinstance(node.args[0], ast.Constant) \
                and node.args[0].value == "group":
            return True  # the fixed respondent groups
        if name in SOFTWARE_TEXT and (all(isinstance(a, ast.Constant) for a in node.args[:1])
                                      or name not in ("_", "N_")):
            return True
        return _marked(node, lines)
    if isinstance(node, ast.Name):  # a number, or a module's constant (UPPER_CASE)
        return node.id in NUMBERS or node.id.isupper() or _marked(node, lines)
    if isinstance(node, ast.Attribute):
        return node.attr in NUMBERS or _marked(node, lines)
    if isinstance(node, ast.Subscript):
        return _safe(node.value, lines)
    return _marked(node, lines)


def _marked(node: ast.AST, lines: list[str]) -> bool:
    return any("# md-safe" in lines[n - 1] for n in range(node.lineno, (node.end_lineno or node.lineno) + 1))


def unescaped() -> list[str]:
    found = []
    for path in SOURCES:
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in MARKDOWN_CALLS):
                continue
            first = [] if node.func.attr == "page_link" else list(node.args[:1])  # page_link's first is a page
            texts = first + [k.value for k in node.keywords if k.arg in MARKDOWN_KEYWORDS]
            if node.func.attr == "radio":  # radio options are Markdown too, through format_func
                texts += [k.value.body for k in node.keywords if k.arg == "format_func"
                          and isinstance(k.value, ast.Lambda)]
            for text in texts:
                if not (_safe(text, lines) or _marked(node, lines)):
                    found.append(f"{path.relative_to(REPO)}:{text.lineno}: {ast.unparse(text)[:100]}")
    return found


def test_every_markdown_text_of_the_dashboard_is_escaped_or_the_software_s_own():
    assert unescaped() == []


def test_the_scan_finds_an_unescaped_name(tmp_path, monkeypatch):
    page = tmp_path / "page.py"
    page.write_text('import streamlit as st\nst.caption(_("Wave {wave}").format(wave=sel.wave))\n'
                    'st.caption(_("Wave {wave}").format(wave=md_escape(sel.wave)))\n'
                    'st.multiselect(variable_title(column, lang), [])\n', encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "SOURCES", [page])
    monkeypatch.setattr(__import__(__name__), "REPO", tmp_path)
    assert unescaped() == ["page.py:2: _('Wave {wave}').format(wave=sel.wave)", "page.py:4: variable_title(column, lang)"]
