"""The README stays true: its first lines are the two commands, and it names every
command-line command and every dashboard page (as datasette's test_docs does)."""
from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def commands(parser: argparse.ArgumentParser, prefix: str) -> list[str]:
    """Every leaf command of an argparse parser, as 'prefix sub [subsub]'."""
    found = []
    for action in parser._actions:  # argparse offers no public walk of sub-commands
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.extend(commands(sub, f"{prefix} {name}") or [f"{prefix} {name}"])
    return found


def all_commands() -> list[str]:
    from analysis.cli import build_parser as analysis_parser
    from surveys.cli import build_parser as surveys_parser

    return commands(surveys_parser(), "python -m surveys") + commands(analysis_parser(), "python -m analysis")


def test_readme_starts_with_the_two_commands():
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block and README.index(block.group(0)) < README.index("\n\n", README.index("# Trialogue") + 12) + 5
    lines = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert lines == ["scripts/run.sh", "scripts/test.sh"]
    for script in lines:
        assert (REPO / script).is_file()


@pytest.mark.parametrize("path", ["scripts/run.sh", "scripts/test.sh", "scripts/setup.sh", ".ci/run"])
def test_the_commands_run_as_written(path):
    """Each is an executable file of the checkout: a lost mode bit makes `.ci/run` fail before any test."""
    assert os.access(REPO / path, os.X_OK), f"{path} is not executable: git update-index --chmod=+x {path}"
    assert (REPO / path).read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n"), path


def test_ci_runs_the_readme_test_command():
    assert "exec scripts/test.sh" in (REPO / ".ci" / "run").read_text()


@pytest.mark.parametrize("command", all_commands())
def test_every_command_is_in_the_readme(command):
    assert f"`{command}" in README, f"README does not document `{command}`"


def test_commands_found():
    assert len(all_commands()) >= 12


def test_every_dashboard_page_is_in_the_readme():
    pages = sorted((REPO / "dashboard" / "pages").glob("*.py"))
    titles = {"overview": "Overview", "question": "Q1 … Q6", "compare": "Compare",
              "common_ground": "Common ground and dividing lines", "upload": "Upload",
              "export": "Export", "template": "Template", "people": "Accounts and settings",
              "audit": "Audit log", "deliberation": "Deliberation results", "voting": "Vote",
              "moderation": "Moderation", "comments": "Comments", "coding": "Coding"}
    for page in pages:
        if page.stem == "__init__":
            continue
        assert page.stem in titles, f"new page {page.name}: add it to the README's page table and here"
        assert f"| {titles[page.stem]} |" in README, f"README's page table lacks {titles[page.stem]}"


# --- docs/ARCHITECTURE.md names every module, and only modules that exist -----------------------

ARCHITECTURE = REPO / "docs" / "ARCHITECTURE.md"
#: A module or package folder as the architecture document writes it: its path in backticks.
MODULE_PATH = re.compile(r"`((?:surveys|analysis|dashboard)/(?:[\w/]*\w(?:\.py|/))?|streamlit_app\.py)`")


def project_modules() -> set[str]:
    """Every Python module of the product (packages by their folder; a migration by the folder
    of its versions)."""
    found = {"streamlit_app.py"}
    for package in ("surveys", "analysis", "dashboard"):
        for path in (REPO / package).rglob("*.py"):
            relative = path.relative_to(REPO).as_posix()
            if "/migrations/versions/" in relative:
                found.add(relative.rsplit("/", 1)[0] + "/")
            elif path.name == "__init__.py":
                found.add(relative[:-len("__init__.py")])
            else:
                found.add(relative)
    return found


def named_modules(text: str) -> set[str]:
    return set(MODULE_PATH.findall(text))


def test_architecture_names_every_module():
    missing = sorted(project_modules() - named_modules(ARCHITECTURE.read_text(encoding="utf-8")))
    assert missing == [], f"docs/ARCHITECTURE.md does not name {missing}"


def test_architecture_names_no_module_that_does_not_exist():
    stale = sorted(path for path in named_modules(ARCHITECTURE.read_text(encoding="utf-8"))
                   if not (REPO / path).exists())
    assert stale == [], f"docs/ARCHITECTURE.md names {stale}, which do not exist"


def test_the_module_check_reads_paths_as_written():
    text = "`surveys/reading/workbook.py` reads; `surveys/storage/` stores; `workbook.py` alone is no path"
    assert named_modules(text) == {"surveys/reading/workbook.py", "surveys/storage/"}
    assert "surveys/storage/migrations/versions/" in project_modules()
    assert "surveys/reading/" in project_modules() and "streamlit_app.py" in project_modules()
