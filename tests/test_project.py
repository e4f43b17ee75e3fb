"""The project's promises about itself: CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(?:sh|bash|console)?\n(.*?)\n```", quick, flags=re.S)


def test_ci_runs_the_readme_test_command():
    test_command = readme_commands()[1].strip()
    assert "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text()
    assert test_command in ci, "the README's test command must appear verbatim in .ci/run"


def test_quick_start_runs_the_bundled_example():
    first = readme_commands()[0]
    assert "pip install" in first and "summarybot" in first
    example = re.search(r"summarybot \w+ (\S+)", first)
    assert example and (ROOT / example.group(1)).is_file()


def test_every_dependency_is_explained_in_the_readme():
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    readme = (ROOT / "README.md").read_text().lower()
    for dep in deps:
        name = re.split(r"[<>=\[ ]", dep, maxsplit=1)[0].lower()
        assert f"`{name}`" in readme, f"{name} is missing from the README's dependency table"


def test_the_deployment_lock_pins_every_dependency_with_hashes():
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    lock = (ROOT / "config" / "requirements.lock").read_text()
    pinned = {
        re.sub(r"[-_.]+", "-", m.group(1)).lower(): m.group(2)
        for m in re.finditer(r"(?m)^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+) \\$", lock)
    }
    for dep in deps:
        name = re.sub(r"[-_.]+", "-", re.split(r"[<>=\[ ]", dep, maxsplit=1)[0]).lower()
        assert name in pinned, f"{name} is not pinned in config/requirements.lock"
    # pip's --require-hashes refuses a requirement without one
    entries = re.split(r"(?m)^(?=[A-Za-z0-9])", lock.split("\n", 6)[-1])
    for entry in filter(str.strip, entries):
        assert "--hash=sha256:" in entry, f"no hash for {entry.splitlines()[0]}"
