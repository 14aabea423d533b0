"""The README stays true: its first lines are the two commands, and it names every
command-line command and every dashboard page (as datasette's test_docs does)."""
from __future__ import annotations

import argparse
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


def test_ci_runs_the_readme_test_command():
    assert "scripts/test.sh" in (REPO / ".ci" / "run").read_text()


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
