"""Worker: runs jobs on threads, maps handler outcomes, keeps leases, drains. SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from manual_clock import ManualClock
from polling import wait_until

from bot.errors import EmptyDocument, UsageError
from bot.jobs.queue import Job, Queue, RetryableError
from bot.jobs.worker import Worker
from bot.storage.store import Store


@pytest.fixture
def workers() -> Iterator[list[Worker]]:
    """Workers started by a test; stopped at the end even when the test fails."""
    started: list[Worker] = []
    yield started
    for w in started:
        w.stop(timeout=0)


class Recorder:
    """A handler that records calls and can be told to block or raise."""

    def __init__(self, outcome: Callable[[Job], None] | None = None) -> None:
        self.calls: Counter[int] = Counter()
        self.attempts: list[int] = []
        self.lock = threading.Lock()
        self.outcome = outcome

    def __call__(self, job: Job) -> None:
        with self.lock:
            self.calls[job.id] += 1
            self.attempts.append(job.attempts)
        if self.outcome is not None:
            self.outcome(job)


def start(
    workers: list[Worker], queue: Queue, handler: Callable[[Job], None], **kw: object
) -> Worker:
    w = Worker(queue, handler, **{"poll_interval": 0.05, **kw})  # type: ignore[arg-type]
    workers.append(w)
    w.start()
    return w


def test_worker_arguments_are_validated(store: Store) -> None:
    queue = Queue(store)
    with pytest.raises(UsageError):
        Worker(queue, print, threads=0)
    with pytest.raises(UsageError):
        Worker(queue, print, poll_interval=0)
    with pytest.raises(UsageError):
        Worker(queue, "not callable")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        Worker(store, print)  # type: ignore[arg-type]


def test_runs_every_job_once(store: Store, workers: list[Worker]) -> None:
    queue = Queue(store)
    handler = Recorder()
    w = start(workers, queue, handler, threads=3)
    for i in range(20):
        queue.enqueue("k", {"i": i}, dedupe_key=f"e{i}")
    wait_until(lambda: queue.counts()["done"] == 20)
    assert len(handler.calls) == 20
    assert set(handler.calls.values()) == {1}
    assert w.stop(timeout=5)


def test_wake_polls_at_once(store: Store, workers: list[Worker]) -> None:
    queue = Queue(store)
    handler = Recorder()
    w = start(workers, queue, handler, poll_interval=60)
    queue.enqueue("k", {}, dedupe_key="e1")
    w.wake()
    wait_until(lambda: queue.counts()["done"] == 1, timeout=10)  # far below the 60 s poll


def test_reported_user_error_completes_without_retry(store: Store, workers: list[Worker]) -> None:
    def raise_user_error(job: Job) -> None:
        raise EmptyDocument("Nothing to summarize on that page.")

    queue = Queue(store, backoff_seconds=0)
    handler = Recorder(raise_user_error)
    start(workers, queue, handler)
    queue.enqueue("k", {}, dedupe_key="e1")
    wait_until(lambda: queue.counts()["done"] == 1)
    assert handler.attempts == [1]


def test_retryable_error_runs_again(store: Store, workers: list[Worker]) -> None:
    def flaky(job: Job) -> None:
        if job.attempts == 1:
            raise RetryableError("Slack is having trouble.")

    queue = Queue(store, backoff_seconds=0.05)
    handler = Recorder(flaky)
    start(workers, queue, handler)
    queue.enqueue("k", {}, dedupe_key="e1")
    wait_until(lambda: queue.counts()["done"] == 1)
    assert handler.attempts == [1, 2]


def test_bug_is_retried_up_to_max_attempts(
    store: Store, workers: list[Worker], caplog: pytest.LogCaptureFixture
) -> None:
    def bug(job: Job) -> None:
        raise KeyError("oops")

    queue = Queue(store, max_attempts=3, backoff_seconds=0.01)
    handler = Recorder(bug)
    start(workers, queue, handler)
    queue.enqueue("k", {}, dedupe_key="e1")
    wait_until(lambda: queue.counts()["failed"] == 1)
    assert handler.attempts == [1, 2, 3]
    row = store.job_row(next(iter(handler.calls)))
    assert row["last_error"] == "KeyError: 'oops'"
    assert "Traceback" in caplog.text  # a bug is logged with its traceback


def test_threads_bound_concurrency(store: Store, workers: list[Worker]) -> None:
    release = threading.Event()
    queue = Queue(store)
    handler = Recorder(lambda job: release.wait(10))
    w = start(workers, queue, handler, threads=3)
    for i in range(5):
        queue.enqueue("k", {}, dedupe_key=f"e{i}")
    wait_until(lambda: w.running == 3)
    counts = queue.counts()
    assert counts["running"] == 3 and counts["queued"] == 2
    release.set()
    wait_until(lambda: queue.counts()["done"] == 5)


def test_heartbeat_keeps_long_jobs_leased(
    clocked_store: Store, clock: ManualClock, workers: list[Worker]
) -> None:
    release = threading.Event()
    # The worker heartbeats every lease_seconds / 3 of real time; the lease runs on the clock.
    queue = Queue(clocked_store, lease_seconds=0.3)
    handler = Recorder(lambda job: release.wait(10))
    start(workers, queue, handler)
    queue.enqueue("k", {}, dedupe_key="e1")
    job_id = wait_until(lambda: next(iter(handler.calls), None))

    def renewed_since_now() -> bool:
        return clocked_store.job_row(job_id)["lease_until"] >= clock.now() + queue.lease_seconds

    for _ in range(8):  # 1.6 s of the clock: over five leases long
        clock.advance(0.2)  # less than a lease: only a missed heartbeat would lose it
        wait_until(renewed_since_now, what="a heartbeat")
        assert queue.claim("intruder") is None
    release.set()
    wait_until(lambda: queue.counts()["done"] == 1)
    assert handler.attempts == [1]


def test_stop_drains_running_jobs_and_claims_no_more(store: Store, workers: list[Worker]) -> None:
    release = threading.Event()
    queue = Queue(store)
    handler = Recorder(lambda job: release.wait(10))
    w = start(workers, queue, handler, threads=1)
    queue.enqueue("k", {}, dedupe_key="e1")
    wait_until(lambda: w.running == 1)
    result: list[bool] = []
    stopper = threading.Thread(target=lambda: result.append(w.stop(timeout=10)))
    stopper.start()
    queue.enqueue("k", {}, dedupe_key="e2")
    w.wake()
    release.set()
    stopper.join()
    assert result == [True]
    assert queue.counts() == {"queued": 1, "running": 0, "done": 1, "failed": 0}
    assert len(handler.calls) == 1


def test_stop_timeout_gives_unfinished_work_back(store: Store, workers: list[Worker]) -> None:
    release = threading.Event()
    queue = Queue(store)
    handler = Recorder(lambda job: release.wait(10))
    w = start(workers, queue, handler)
    queue.enqueue("k", {}, dedupe_key="e1")
    wait_until(lambda: w.running == 1)
    assert w.stop(timeout=0.2) is False
    assert queue.counts()["queued"] == 1
    job = queue.claim("next-process")
    assert job is not None and job.attempts == 1  # the interrupted run is not counted
    release.set()
    queue.complete(job, "next-process")
    assert queue.counts()["done"] == 1


def test_start_twice_is_refused(store: Store, workers: list[Worker]) -> None:
    w = start(workers, Queue(store), Recorder())
    assert w.alive
    with pytest.raises(UsageError):
        w.start()
    assert w.stop(timeout=1)
    assert not w.alive
    assert w.stop(timeout=1)  # idempotent
