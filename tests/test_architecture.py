"""The house rules that keep the libraries free of the UI."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
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
