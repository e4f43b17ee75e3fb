"""The parts of the end-to-end harness that need no pytest, shared by the e2e
tests (through e2e_harness.py and multiproc_support.py) and by
benchmarks/load.py:

- `BotProcessBase`: one real ``python -m bot serve`` (or ``socket``) in its own
  process group, with its environment, data dir, port and log; started, waited
  for (``GET /healthz``, or the Socket Mode hello), stopped with SIGTERM,
  SIGKILLed. Failures go through `fail` (a `HarnessError` here; the e2e
  subclass makes them test failures).
- `PgSchema`: a private schema in the shared PostgreSQL test database, which
  the bot reaches through ``search_path`` in DATABASE_URL; dropped afterwards.
- The Events API payloads of people's messages and of the bot's own messages
  echoed back, and `person_posts`, which puts a person's message in the fake
  Slack.

Importing this module needs ``tests/`` on sys.path (for ``fakes``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import httpx
import sqlalchemy as sa
from fakes.slack import (
    APP_ID,
    BOT_ID,
    BOT_USER_ID,
    TEAM_ID,
    USER_ID,
    FakeSlack,
    Message,
    bot_environment,
    free_port,
    new_event_id,
    slack_markup,
)
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 90.0  # 2 shared cores; imports of trafilatura & co take a while
STOP_TIMEOUT = 30.0

PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
PG_PORT = 5432
BOT_APPLICATION_NAME = "summarybot"  # what bot.storage.store sets on connections without a schema option


class HarnessError(RuntimeError):
    """A bot process misbehaved: did not start, died, or did not stop in time."""


# --------------------------------------------------------------------------- processes


class BotProcessBase:
    """One real bot process (``python -m bot serve|socket``), in its own process group.

    ``start()`` launches it and waits until it is ready; ``launch()`` and
    ``wait_ready()`` do the two halves, so that several can start side by side
    (`start_side_by_side`).
    Subclasses choose the environment (`environment`), the timeouts, and what a
    failure is (`fail`)."""

    startup_timeout = STARTUP_TIMEOUT
    stop_timeout = STOP_TIMEOUT

    def __init__(self, slack: FakeSlack, data_dir: Path, *, mode: str = "serve",
                 port: int | None = None, env: dict[str, str] | None = None) -> None:
        if mode not in {"serve", "socket"}:
            raise ValueError(f"mode must be serve or socket, not {mode!r}")
        self.slack = slack
        self.mode = mode
        self.data_dir = data_dir
        self.port = port or free_port()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.env = self.environment(env or {})
        self.log_path = data_dir / f"bot-{mode}-{self.port}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.exit_code: int | None = None
        self._hellos = 0

    def environment(self, extra: dict[str, str]) -> dict[str, str]:
        """The process's environment: the fake Slack's, then ``extra``."""
        return bot_environment(self.slack, self.data_dir, self.port, **extra)

    def fail(self, message: str) -> NoReturn:
        raise HarnessError(message)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def launch(self) -> BotProcessBase:
        """Start the process (its log appended to ``log_path``); does not wait."""
        self._hellos = self.slack.socket.hellos
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", self.mode], cwd=ROOT, env=self.env,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def wait_ready(self) -> None:
        """Until ``GET /healthz`` answers 200 (serve) or the Socket Mode hello (socket)."""
        if self.mode == "serve":
            def healthy() -> bool:
                try:
                    return self.healthz().status_code == 200
                except httpx.HTTPError:
                    return False

            self._wait_until(healthy, "GET /healthz 200")
        else:
            self._wait_until(lambda: self.slack.socket.hellos > self._hellos
                             and self.slack.socket.connections, "the Socket Mode hello")

    def start(self) -> BotProcessBase:
        self.launch()
        self.wait_ready()
        return self

    def _wait_until(self, check: Callable[[], Any], what: str) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if check():
                return
            assert self.proc is not None
            try:
                # doubles as the pause between checks and as a crash detector
                code = self.proc.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass
            else:
                self.fail(f"bot {self.mode} exited with {code} before {what}\n{self.logs()}")
            if time.monotonic() > deadline:
                self.kill()
                self.fail(f"bot {self.mode} did not reach {what} in "
                          f"{self.startup_timeout:.0f}s\n{self.logs()}")

    def healthz(self) -> httpx.Response:
        return httpx.get(self.url + "/healthz", timeout=5)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float | None = None, *, check: bool = True) -> int:
        """SIGTERM; the process must exit within ``timeout`` seconds (``stop_timeout``
        by default), else it is SIGKILLed and, with ``check``, that is a failure."""
        if self.proc is None:
            raise RuntimeError("not started")
        timeout = self.stop_timeout if timeout is None else timeout
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.exit_code = self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                self.exit_code = self.proc.returncode
                if check:
                    self.fail(f"bot {self.mode} did not exit within {timeout:.0f}s of SIGTERM\n"
                              f"{self.logs()}")
        else:
            self.exit_code = self.proc.returncode
        return self.exit_code

    def kill(self) -> None:
        """SIGKILL the whole process group (a serve process: arbiter, workers, job process)."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def log_lines(self) -> list[str] | None:
        """The log's lines, None if there is no log (yet)."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return None

    def logs(self, tail: int = 200) -> str:
        lines = self.log_lines()
        if lines is None:
            return "(no log)"
        return f"--- bot log ({self.log_path}) ---\n" + "\n".join(lines[-tail:])


def start_side_by_side(procs: Sequence[BotProcessBase]) -> None:
    """Launch every process, then wait until each is ready: they start in parallel."""
    for proc in procs:
        proc.launch()
    for proc in procs:
        proc.wait_ready()


# --------------------------------------------------------------------------- database


def _psycopg_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class PgSchema:
    """A fresh schema in the shared test database; the bot reaches it through
    ``search_path`` set in DATABASE_URL, exactly as an operator would."""

    def __init__(self, url: str = PG_URL, *, prefix: str = "mp") -> None:
        self.name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self.url = url
        # NullPool: no admin connection lingers to be mistaken for, or block, anything.
        self.engine = sa.create_engine(
            _psycopg_url(url), poolclass=NullPool,
            connect_args={"application_name": "summarybot-test-multiproc", "connect_timeout": 10})
        with self.engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{self.name}"'))

    @property
    def database_url(self) -> str:
        sep = "&" if "?" in self.url else "?"
        return f"{self.url}{sep}options=-csearch_path%3D{self.name}"

    def drop(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.text("SET LOCAL lock_timeout = '20s'"))
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE'))
        self.engine.dispose()

    def job(self, dedupe_key: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.text(f'SELECT * FROM "{self.name}".jobs WHERE dedupe_key = :k'),
                               {"k": dedupe_key}).first()
        return None if row is None else dict(row._mapping)

    def jobs(self, dedupe_keys: Iterable[str]) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.text(f'SELECT * FROM "{self.name}".jobs WHERE dedupe_key = ANY(:k)'),
                {"k": list(dedupe_keys)}).all()
        return [dict(r._mapping) for r in rows]

    def terminate(self, client_ports: Iterable[int]) -> int:
        """Terminate the bot backends whose client is one of ``client_ports`` on
        127.0.0.1; returns how many were terminated."""
        ports = sorted(set(client_ports))
        if not ports:
            return 0
        with self.engine.connect() as conn:
            return int(conn.execute(sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND application_name = :app AND client_addr = '127.0.0.1'"
                " AND client_port = ANY(:ports)"),
                {"app": BOT_APPLICATION_NAME, "ports": ports}).scalar_one())


# --------------------------------------------------------------------------- Slack's events


def person_posts(slack: FakeSlack, channel: str, text: str, *, user: str = USER_ID,
                 team: str = TEAM_ID, thread_ts: str | None = None,
                 files: list[dict[str, Any]] | None = None) -> tuple[str, str]:
    """A person posts ``text`` (typed as in the Slack client) in ``channel``: the
    message is stored in the fake Slack, nothing is delivered. Returns its ts and
    its Slack markup."""
    markup = slack_markup(text)
    ts = slack.next_ts()
    slack.add_message(Message(channel, ts, text=markup, user=user, team=team,
                              thread_ts=thread_ts, files=files,
                              subtype="file_share" if files else None, via="event"))
    return ts, markup


def message_fields(channel: str, ts: str, text: str, *, user: str = USER_ID,
                   team: str = TEAM_ID, thread_ts: str | None = None) -> dict[str, Any]:
    """What the ``message`` and ``app_mention`` events of a person's message share
    (``text`` in Slack markup)."""
    fields: dict[str, Any] = {
        "user": user, "text": text, "ts": ts, "team": team, "channel": channel,
        "event_ts": ts, "client_msg_id": new_event_id().lower(),
        "blocks": [{"type": "rich_text", "block_id": "b1", "elements": [
            {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}],
    }
    if thread_ts:
        fields["thread_ts"] = thread_ts
        fields["parent_user_id"] = user
    return fields


def bot_echo_event(channel: str, ts: str, text: str, *, channel_type: str = "channel",
                   team: str = TEAM_ID, blocks: list[dict[str, Any]] | None = None,
                   thread_ts: str | None = None) -> dict[str, Any]:
    """The ``message`` event of the bot's own post, which Slack sends the app too."""
    event: dict[str, Any] = {
        "type": "message", "text": text, "user": BOT_USER_ID, "bot_id": BOT_ID,
        "app_id": APP_ID, "team": team, "ts": ts, "event_ts": ts,
        "channel": channel, "channel_type": channel_type,
        "bot_profile": {"id": BOT_ID, "app_id": APP_ID, "name": "summarybot",
                        "team_id": team, "deleted": False},
    }
    if blocks is not None:
        event["blocks"] = blocks
    if thread_ts:
        event["thread_ts"] = thread_ts
        event["parent_user_id"] = USER_ID
    return event
