"""Shared fixtures. Each test gets a clean environment: no SLACK_* or
SUMMARYBOT_* variable leaks in from the developer's shell or another test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED_DATA = Path(os.environ.get("SUMMARYBOT_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith(("SLACK_", "SUMMARYBOT_")) or key in {"DATABASE_URL", "PORT"}:
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("SUMMARYBOT_ENV_FILE", os.devnull)


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"evaluation data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
