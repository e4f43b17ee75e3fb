"""Helpers for the multi-process tests: a private PostgreSQL schema (`PgSchema`,
harness_core's, re-exported here), a group of ``serve`` processes sharing it, and
ways to find and cut a process's database connections.

Several test runs share the ``test`` database, so everything here is scoped:
the schema is new per run (dropped afterwards), and backends are terminated
only when their client port belongs to a socket held by a process we started
(read from /proc), never by name alone.
"""

from __future__ import annotations

import html
import os
import threading
from pathlib import Path
from typing import Any

from e2e_harness import BotProcess
from fakes.slack import FakeSlack
from harness_core import PG_PORT, PgSchema, start_side_by_side

__all__ = ["Cluster", "Hold", "PgSchema", "group_pids", "harbour_article", "harbour_title",
           "job_pid", "postgres_client_ports"]

# --------------------------------------------------------------------------- database
# (the schema itself, PgSchema, is harness_core's: benchmarks/load.py uses it too)


def job_pid(row: dict[str, Any]) -> int:
    """The pid in a job's worker_id (``host:pid:nonce``, see bot.jobs.worker)."""
    worker_id = str(row.get("worker_id") or "")
    parts = worker_id.split(":")
    if len(parts) < 3 or not parts[-2].isdigit():
        raise AssertionError(f"unexpected worker_id {worker_id!r}")
    return int(parts[-2])


# --------------------------------------------------------------------------- /proc


def group_pids(pgid: int) -> list[int]:
    """Processes in a process group (a serve process: gunicorn arbiter and workers)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # exited meanwhile
        # the command name may contain spaces and parentheses: split after the last ')'
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid:
            out.append(int(entry.name))
    return out


def _socket_inodes(pid: int) -> set[str]:
    inodes: set[str] = set()
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return inodes
    for fd in fds:
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def postgres_client_ports(pgid: int) -> set[int]:
    """Local ports of the TCP connections to PostgreSQL held by a process group."""
    inodes: set[str] = set()
    for pid in group_pids(pgid):
        inodes |= _socket_inodes(pid)
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            local, remote, state, inode = cols[1], cols[2], cols[3], cols[9]
            if inode in inodes and int(remote.rsplit(":", 1)[1], 16) == PG_PORT and state == "01":
                ports.add(int(local.rsplit(":", 1)[1], 16))
    return ports


# --------------------------------------------------------------------------- processes


class Cluster:
    """``serve`` processes sharing one database. Tests ask for as many as they
    need (``ensure``); ones a test killed are replaced on the next ``ensure``."""

    def __init__(self, slack: FakeSlack, base_dir: Path, env: dict[str, str]) -> None:
        self.slack = slack
        self.base_dir = base_dir
        self.env = dict(env)
        self.procs: list[BotProcess] = []
        self.killed: list[BotProcess] = []
        self.terminated: list[BotProcess] = []
        self._n = 0

    @property
    def running(self) -> list[BotProcess]:
        return [p for p in self.procs if p.running]

    def ensure(self, n: int) -> list[BotProcess]:
        """At least ``n`` running processes (started side by side); returns them all."""
        missing = n - len(self.running)
        if missing > 0:
            fresh = []
            for _ in range(missing):
                self._n += 1
                fresh.append(BotProcess(self.slack, self.base_dir / f"p{self._n}", env=self.env))
            self.procs.extend(fresh)
            start_side_by_side(fresh)
        return self.running

    def owner(self, pid: int) -> BotProcess:
        """The serve process (arbiter) whose group holds ``pid``."""
        for p in self.procs:
            if p.proc is not None and pid in group_pids(p.proc.pid):
                return p
        raise AssertionError(f"pid {pid} belongs to none of the bot processes")

    def kill(self, proc: BotProcess) -> None:
        proc.kill()
        self.killed.append(proc)

    def unexpected_deaths(self) -> list[BotProcess]:
        return [p for p in self.procs if p.proc is not None and not p.running
                and p not in self.killed and p not in self.terminated]

    def stop_all(self) -> dict[BotProcess, int]:
        codes = {}
        for p in self.running:
            codes[p] = p.stop()
        return codes


# --------------------------------------------------------------------------- pages and holds


class Hold:
    """Holds the first matching request open until released (or ``limit`` s pass,
    so a forgotten hold never wedges a fake server)."""

    def __init__(self, limit: float = 45.0) -> None:
        self.arrived = threading.Event()
        self.released = threading.Event()
        self.limit = limit
        self.calls = 0
        self._lock = threading.Lock()

    def enter(self) -> bool:
        """Count a call; block it if it is the first. True if it was held."""
        with self._lock:
            self.calls += 1
            first = self.calls == 1
        if first:
            self.arrived.set()
            self.released.wait(self.limit)
        return first

    def wait_arrived(self, timeout: float, what: str) -> None:
        if not self.arrived.wait(timeout):
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


_BODY = (
    "The harbour authority published its weekly report on Monday, covering traffic, repairs "
    "and the state of the breakwater after the winter storms. Officials said the season had "
    "been busier than expected, with more cargo ships calling than in any year since records "
    "began.",
    "Repairs to the northern quay are now two weeks ahead of schedule. The contractor has "
    "replaced most of the damaged pilings, and engineers expect the berth to reopen to "
    "container ships before the end of the month.",
    "Fishermen welcomed the news but warned that the southern channel still silts up after "
    "every storm. They asked the authority to dredge it twice a year instead of once, a "
    "request the council will consider at its next meeting.",
    "The report also noted a sharp rise in visits by cruise ships. Local shops reported "
    "record sales on the days the ships were in port, although residents complained about "
    "crowded streets and buses.",
    "Next week the authority will present its plan for a new ferry terminal. The project "
    "would double passenger capacity and, according to the report, pay for itself within "
    "fifteen years.",
)


def harbour_title(i: int) -> str:
    return f"Harbour dispatch {i:02d}: busiest season on record"


def harbour_article(i: int) -> str:
    """A small, distinct news page: its title tells the replies apart."""
    title = html.escape(harbour_title(i))
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in _BODY)
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"<meta property=\"og:title\" content=\"{title}\"></head><body><main><article>"
            f"<h1>{title}</h1>\n{paras}\n</article></main></body></html>")
