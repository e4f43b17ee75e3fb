"""Fixtures of the end-to-end suite (the harness itself is e2e_harness.py).

`slack` (session FakeSlack), `web` (session ArticleServer), `bot` (session
``serve`` process), `convo` (a Conversation on that process), `new_channel`
(fresh channel ids so tests never see each other's articles), `bot_factory`
(extra processes, stopped with SIGTERM at the test's end).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from e2e_harness import BotProcess, Conversation
from fakes.articles import ArticleServer
from fakes.slack import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, FakeSlack

# --------------------------------------------------------------------------- fixtures

_channel_ids = itertools.count(1)


@pytest.fixture
def new_channel() -> Callable[..., str]:
    """Fresh channel ids: ``new_channel()`` public, ``new_channel("G")`` private,
    ``new_channel("D")`` a DM."""

    def make(prefix: str = "C") -> str:
        if prefix not in {"C", "G", "D"}:
            raise ValueError("prefix is C, G or D")
        return f"{prefix}E2E{os.getpid() % 1000:03d}{next(_channel_ids):04d}"

    return make


@pytest.fixture(scope="session")
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture(scope="session")
def web() -> Iterator[ArticleServer]:
    with ArticleServer() as server:
        yield server


@pytest.fixture(scope="session")
def bot(slack: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    proc = BotProcess(slack, tmp_path_factory.mktemp("bot-serve")).start()
    yield proc
    code = proc.stop()
    assert code == 0, f"bot exited with {code} on SIGTERM\n{proc.logs()}"
    log = proc.log_path.read_text(encoding="utf-8", errors="replace")
    for secret in (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET):
        assert secret not in log, "a secret appears in the bot's log"


@pytest.fixture
def convo(slack: FakeSlack, bot: BotProcess, request: pytest.FixtureRequest
          ) -> Iterator[Conversation]:
    conv = Conversation(slack, bot)
    yield conv
    conv.close()
    if not bot.running:
        pytest.fail(f"the bot process died during the test\n{bot.logs()}")
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        print(bot.logs(120))


@pytest.fixture
def bot_factory(slack: FakeSlack, tmp_path: Path) -> Iterator[Callable[..., BotProcess]]:
    """Extra bot processes for one test; stopped (SIGTERM, ≤ 30 s) at its end."""
    started: list[BotProcess] = []

    def make(*, mode: str = "serve", data_dir: Path | None = None,
             env: dict[str, str] | None = None, start: bool = True) -> BotProcess:
        proc = BotProcess(slack, data_dir or tmp_path / "data", mode=mode, env=env)
        started.append(proc)
        return proc.start() if start else proc

    yield make
    for proc in started:
        if proc.running:
            proc.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)
