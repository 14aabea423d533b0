"""The commands the README starts with, and CI's entry point, run as they are written there:
each is an executable file of the checkout (a lost mode bit makes `.ci/run` fail before any test)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    """The commands of the README's first code block (``scripts/run.sh``, ``scripts/test.sh``)."""
    block = re.search(r"```sh\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)
    assert block, "the README starts with a shell block of the newcomer's commands"
    return [line.split()[0] for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_starts_with_the_dashboard_and_the_test_commands():
    assert readme_commands() == ["scripts/run.sh", "scripts/test.sh"]


@pytest.mark.parametrize("path", ["scripts/run.sh", "scripts/test.sh", "scripts/setup.sh", ".ci/run"])
def test_entry_points_are_executable(path):
    file = REPO / path
    assert file.is_file(), path
    assert os.access(file, os.X_OK), f"{path} is not executable: git update-index --chmod=+x {path}"
    assert file.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n"), path


def test_ci_runs_the_readmes_test_command():
    assert "exec scripts/test.sh" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
