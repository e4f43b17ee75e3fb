"""PostgreSQL across processes: exclusive claims, SIGKILL recovery, SIGTERM drain,
concurrent startup, and dropped connections. Real processes, real server; never skipped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from manual_clock import ManualClock
from polling import wait_until

from bot.jobs.queue import Job, Queue
from bot.jobs.worker import Worker
from bot.storage.database import normalize_url
from bot.storage.store import Store

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def schema() -> Iterator[str]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    yield name
    engine = sa.create_engine(normalize_url(PG_URL))
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    engine.dispose()


@pytest.fixture
def store(schema: str) -> Iterator[Store]:
    s = Store(PG_URL, schema=schema)
    yield s
    s.close()


@pytest.fixture
def clocked_store(schema: str, clock: ManualClock) -> Iterator[Store]:
    """``store`` with its time from ``clock`` (children use the system clock)."""
    s = Store(PG_URL, schema=schema, clock=clock)
    yield s
    s.close()


@pytest.fixture
def children() -> Iterator[list[subprocess.Popen[str]]]:
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for p in procs:
        if p.poll() is None:
            p.kill()
        p.wait(10)


def spawn(procs: list[subprocess.Popen[str]], code: str, *args: str) -> subprocess.Popen[str]:
    p = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    procs.append(p)
    return p


def expect_line(p: subprocess.Popen[str], prefix: str) -> str:
    """Block until the child prints a line starting with ``prefix`` (pytest-timeout guards)."""
    while True:
        line = p.stdout.readline()
        if not line:
            raise AssertionError(f"child exited (rc={p.wait()}) before printing {prefix!r}")
        if line.startswith(prefix):
            return line.strip()


def test_server_is_reachable(store: Store) -> None:
    # Fails loudly (no skip) when CI forgot to start PostgreSQL.
    store.ping()
    assert store.is_postgres
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT current_schema()")).scalar() == store.schema


HAMMER = """
    import sys
    from bot.jobs.queue import Queue
    from bot.storage.store import Store
    url, schema, name = sys.argv[1:4]
    print("READY", flush=True)
    sys.stdin.readline()
    queue = Queue(Store(url, schema=schema))  # both processes create the tables at once
    print("OPEN", flush=True)
    sys.stdin.readline()
    got = []
    while (job := queue.claim(name)) is not None:
        got.append(f"{job.payload['i']}:{job.attempts}")
        queue.complete(job, name)
    print("GOT", *got, flush=True)
"""


def go(procs: list[subprocess.Popen[str]]) -> None:
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()


def test_two_processes_start_together_and_claim_each_job_exactly_once(
    schema: str, children: list[subprocess.Popen[str]]
) -> None:
    n_jobs = 100
    procs = [spawn(children, HAMMER, PG_URL, schema, f"proc{n}") for n in range(2)]
    for p in procs:
        expect_line(p, "READY")
    go(procs)
    for p in procs:
        expect_line(p, "OPEN")
    store = Store(PG_URL, schema=schema)
    try:
        queue = Queue(store)
        for i in range(n_jobs):
            queue.enqueue("k", {"i": i}, dedupe_key=f"e{i}")
        go(procs)  # both claim at once
        shares = [expect_line(p, "GOT").split()[1:] for p in procs]
        for p in procs:
            assert p.wait(30) == 0
        claimed = Counter(int(item.split(":")[0]) for share in shares for item in share)
        assert sorted(claimed) == list(range(n_jobs))
        assert set(claimed.values()) == {1}
        assert all(item.endswith(":1") for share in shares for item in share)
        assert all(len(share) > 0 for share in shares), [len(s) for s in shares]
        assert queue.counts() == {"queued": 0, "running": 0, "done": n_jobs, "failed": 0}
    finally:
        store.close()


HANGING_WORKER = """
    import sys, threading
    from bot.jobs.queue import Queue
    from bot.storage.store import Store
    from bot.jobs.worker import Worker
    url, schema = sys.argv[1:3]
    queue = Queue(Store(url, schema=schema), lease_seconds=60)
    def handler(job):
        print("STARTED", job.id, flush=True)
        threading.Event().wait()
    Worker(queue, handler, threads=1, poll_interval=0.05).start()
    threading.Event().wait()
"""


def test_job_of_a_sigkilled_process_is_finished_by_another(
    clocked_store: Store, clock: ManualClock, schema: str, children: list[subprocess.Popen[str]]
) -> None:
    store = clocked_store
    queue = Queue(store, lease_seconds=60)
    queue.enqueue("summarize", {"url": "https://a"}, dedupe_key="e1")
    child = spawn(children, HANGING_WORKER, PG_URL, schema)
    job_id = int(expect_line(child, "STARTED").split()[1])
    child.send_signal(signal.SIGKILL)
    assert child.wait(10) == -signal.SIGKILL
    assert queue.counts()["running"] == 1  # nobody told the database

    seen: list[Job] = []
    survivor = Worker(queue, seen.append, threads=1, poll_interval=0.05)
    survivor.start()
    try:
        assert queue.claim("intruder") is None  # the dead worker's lease still holds
        # Its lease (taken on the child's system clock) runs out without a heartbeat.
        clock.advance_to(store.job_row(job_id)["lease_until"] + 1)
        wait_until(lambda: queue.counts()["done"] == 1, 15)
    finally:
        assert survivor.stop(timeout=5)
    assert [(j.id, j.attempts) for j in seen] == [(job_id, 2)]


DRAINING_WORKER = """
    import signal, sys, threading
    from bot.jobs.queue import Queue
    from bot.storage.store import Store
    from bot.jobs.worker import Worker
    url, schema = sys.argv[1:3]
    queue = Queue(Store(url, schema=schema))
    def handler(job):
        print("STARTED", job.id, flush=True)
        sys.stdin.readline()  # the test says when the job may finish
    worker = Worker(queue, handler, threads=1, poll_interval=0.05)
    term = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: term.set())
    worker.start()
    term.wait()
    print("TERM", flush=True)
    print("DRAINED", worker.stop(timeout=25), flush=True)
"""


def test_sigterm_drains_the_running_job_and_claims_no_more(
    store: Store, schema: str, children: list[subprocess.Popen[str]]
) -> None:
    queue = Queue(store)
    queue.enqueue("k", {}, dedupe_key="e1")
    child = spawn(children, DRAINING_WORKER, PG_URL, schema)
    expect_line(child, "STARTED")
    queue.enqueue("k", {}, dedupe_key="e2")
    child.send_signal(signal.SIGTERM)
    expect_line(child, "TERM")
    child.stdin.write("finish\n")
    child.stdin.flush()
    assert expect_line(child, "DRAINED") == "DRAINED True"
    assert child.wait(30) == 0
    assert queue.counts() == {"queued": 1, "running": 0, "done": 1, "failed": 0}


def test_dropped_connections_lose_nothing_and_post_once(store: Store) -> None:
    n_jobs = 40
    queue = Queue(store, lease_seconds=1, backoff_seconds=0.05)
    posts: list[int] = []
    runs: Counter[int] = Counter()
    lock = threading.Lock()

    def handler(job: Job) -> None:
        # What the Slack side does: post at most once per (job, step).
        with lock:
            runs[job.id] += 1
        if store.reply_for(job.id, "post") is None:
            with lock:
                posts.append(job.id)
            store.record_reply(job.id, "post", f"{job.id}.0001")

    admin = sa.create_engine(
        normalize_url(PG_URL), connect_args={"application_name": "summarybot-test-admin"}
    )
    killed = 0

    def terminate() -> int:
        with admin.begin() as conn:
            return int(
                conn.execute(
                    sa.text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        " WHERE application_name = :app"
                    ),
                    {"app": store.application_name},
                ).scalar()
            )

    def finished_or_terminate() -> bool:
        nonlocal killed
        if queue.counts()["done"] == n_jobs:
            return True
        killed += terminate()
        return False

    worker = Worker(queue, handler, threads=4, poll_interval=0.05)
    worker.start()
    try:
        for i in range(n_jobs):
            queue.enqueue("k", {"i": i}, dedupe_key=f"e{i}")
            if i % 10 == 5:
                killed += terminate()
        # wait_until's polling interval paces the terminations.
        wait_until(finished_or_terminate, 60, "every job done", interval=0.05)
    finally:
        worker.stop(timeout=5)
        admin.dispose()
    assert killed > 0
    assert queue.counts() == {"queued": 0, "running": 0, "done": n_jobs, "failed": 0}
    assert sorted(posts) == sorted(set(posts))  # never twice
    assert len(posts) == n_jobs
    assert len(runs) == n_jobs
