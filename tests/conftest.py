"""Shared fixtures. Each test gets a clean environment: no SLACK_* or
SUMMARYBOT_* variable leaks in from the developer's shell or another test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fakes.articles import ArticleServer
from fakes.slack import FakeSlack, is_bot_setting
from manual_clock import ManualClock
from slack_harness import Bot

from bot.storage.clock import Clock
from bot.storage.store import Store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED_DATA = Path(os.environ.get("SUMMARYBOT_SHARED_DATA", ROOT.parent / "shared" / "data"))
# read once, before clean_environ empties SUMMARYBOT_* for each test
REQUIRE_SHARED_DATA = os.environ.get("SUMMARYBOT_REQUIRE_SHARED_DATA") == "1"


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if is_bot_setting(key):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("SUMMARYBOT_ENV_FILE", os.devnull)


@pytest.fixture
def shared_data() -> Path:
    """The evaluation sets. A clone on its own skips the tests that need them; CI (which has
    them) sets SUMMARYBOT_REQUIRE_SHARED_DATA=1, so there they fail instead of skipping."""
    if not SHARED_DATA.is_dir():
        message = (f"evaluation data not found at {SHARED_DATA} "
                   "(set SUMMARYBOT_SHARED_DATA to its folder)")
        if REQUIRE_SHARED_DATA:
            pytest.fail(message)
        pytest.skip(message)
    return SHARED_DATA


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


# Tests that need PostgreSQL run in CI, never skipped: .ci/run starts the server.
PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def pg_url() -> str:
    return PG_URL


@pytest.fixture(scope="module")
def pg_store() -> Iterator[Store]:
    """One fresh schema per test module (several users share the server); emptied per test."""
    s = Store(PG_URL, schema=f"t_{uuid.uuid4().hex[:12]}")
    try:
        yield s
    finally:
        s.close()
        with s.engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{s.schema}" CASCADE'))
        s.engine.dispose()


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_store(request, tmp_path)


@pytest.fixture
def clock() -> ManualClock:
    """Time that moves only when the test advances it (see ``clocked_store``)."""
    return ManualClock()


@pytest.fixture(params=BACKENDS)
def clocked_store(
    request: pytest.FixtureRequest, tmp_path: Path, clock: ManualClock
) -> Iterator[Store]:
    """Like ``store``, with its time (and its Queue's) from ``clock``: lease and
    backoff tests advance the clock instead of sleeping until time runs out."""
    yield from open_store(request, tmp_path, clock)


def open_store(
    request: pytest.FixtureRequest, tmp_path: Path, clock: Clock | None = None
) -> Iterator[Store]:
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'bot.db'}", clock=clock)
        yield s
        s.close()
        return
    shared = request.getfixturevalue("pg_store")
    # The module's schema, seen through a store with this test's clock.
    s = shared if clock is None else Store(PG_URL, schema=shared.schema, clock=clock)
    with s.engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE articles, jobs, job_replies RESTART IDENTITY"))
    yield s
    if s is not shared:
        s.close()


# The in-process bot (slack_harness) against the fake Slack and a fake article server.
@pytest.fixture(scope="module")
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture(scope="module")
def web() -> Iterator[ArticleServer]:
    with ArticleServer() as server:
        yield server


@pytest.fixture
def bot(slack: FakeSlack, tmp_path: Path) -> Iterator[Bot]:
    b = Bot(slack, tmp_path)
    yield b
    b.close()
