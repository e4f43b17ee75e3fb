"""Queue semantics: dedupe, exclusive claims, leases, retries. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from manual_clock import ManualClock

from bot.errors import SummarybotError, UsageError
from bot.jobs.queue import Job, Queue, RetryableError
from bot.storage.store import Store


def test_retryable_error_is_a_summarybot_error() -> None:
    assert issubclass(RetryableError, SummarybotError)


def test_enqueue_dedupes_on_key(store: Store) -> None:
    queue = Queue(store)
    assert queue.enqueue("summarize", {"url": "https://a"}, dedupe_key="Ev1", team_id="T1")
    assert not queue.enqueue("summarize", {"url": "https://a"}, dedupe_key="Ev1", team_id="T1")
    assert not queue.enqueue("other", {}, dedupe_key="Ev1")
    assert queue.enqueue("summarize", {}, dedupe_key="Ev2")
    assert queue.counts() == {"queued": 2, "running": 0, "done": 0, "failed": 0}


def test_enqueue_validates_arguments(store: Store) -> None:
    queue = Queue(store)
    with pytest.raises(UsageError, match="JSON"):
        queue.enqueue("k", {"x": object()}, dedupe_key="a")
    with pytest.raises(UsageError):
        queue.enqueue("k", {}, dedupe_key="")
    with pytest.raises(UsageError):
        queue.enqueue("", {}, dedupe_key="a")
    with pytest.raises(UsageError):
        queue.enqueue("k", ["not", "a", "dict"], dedupe_key="a")  # type: ignore[arg-type]
    assert sum(queue.counts().values()) == 0


def test_queue_arguments_are_validated(store: Store) -> None:
    with pytest.raises(UsageError):
        Queue(store, lease_seconds=0)
    with pytest.raises(UsageError):
        Queue(store, max_attempts=0)
    with pytest.raises(UsageError):
        Queue("sqlite://")  # type: ignore[arg-type]


def test_claim_then_complete(store: Store) -> None:
    queue = Queue(store)
    queue.enqueue("summarize", {"url": "https://a", "n": [1, 2]}, dedupe_key="e1", team_id="T1")
    job = queue.claim("w1")
    assert job == Job(
        id=job.id,
        kind="summarize",
        team_id="T1",
        payload={"url": "https://a", "n": [1, 2]},
        attempts=1,
        dedupe_key="e1",
    )
    assert queue.claim("w2") is None
    assert queue.counts()["running"] == 1
    queue.complete(job, "w1")
    assert queue.counts() == {"queued": 0, "running": 0, "done": 1, "failed": 0}
    assert queue.claim("w2") is None


def test_jobs_are_claimed_in_order(store: Store) -> None:
    queue = Queue(store)
    for i in range(3):
        queue.enqueue("k", {"i": i}, dedupe_key=f"e{i}")
    got = [queue.claim("w").payload["i"] for _ in range(3)]
    assert got == [0, 1, 2]


def test_kinds_a_person_waits_on_are_claimed_before_older_long_work(store: Store) -> None:
    queue = Queue(store, first=("ask", "action"))
    queue.enqueue("summarize", {"i": 0}, dedupe_key="s0")
    queue.enqueue("summarize", {"i": 1}, dedupe_key="s1")
    queue.enqueue("ask", {"i": 2}, dedupe_key="a2")
    queue.enqueue("action", {"i": 3}, dedupe_key="c3")
    got = [queue.claim("w").payload["i"] for _ in range(4)]
    assert got == [2, 3, 0, 1]
    assert queue.claim("w") is None
    with pytest.raises(UsageError):
        Queue(store, first=["ask"])  # type: ignore[arg-type]


def test_claim_is_exclusive_across_threads(store: Store) -> None:
    queue = Queue(store)
    n_jobs = 60
    for i in range(n_jobs):
        queue.enqueue("k", {"i": i}, dedupe_key=f"e{i}")
    claimed: list[int] = []
    lock = threading.Lock()

    def hammer(worker_id: str) -> None:
        while (job := queue.claim(worker_id)) is not None:
            with lock:
                claimed.append(job.payload["i"])
            queue.complete(job, worker_id)

    threads = [threading.Thread(target=hammer, args=(f"w{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(claimed) == list(range(n_jobs))
    assert queue.counts()["done"] == n_jobs


def test_expired_lease_is_taken_over_and_fenced(
    clocked_store: Store, clock: ManualClock
) -> None:
    queue = Queue(clocked_store, lease_seconds=60)
    queue.enqueue("k", {}, dedupe_key="e1")
    crashed = queue.claim("w1")
    assert crashed is not None and crashed.attempts == 1
    assert queue.claim("w2") is None  # still leased
    clock.advance(59)
    assert queue.claim("w2") is None  # still leased
    clock.advance(2)  # w1 died: nothing renewed its lease
    job = queue.claim("w2")
    assert job is not None and job.id == crashed.id and job.attempts == 2
    # The old owner is fenced out: its late writes change nothing.
    assert not queue.heartbeat(crashed, "w1")
    queue.complete(crashed, "w1")
    queue.fail(crashed, "w1", "late", retry=False)
    assert queue.counts()["running"] == 1
    assert queue.heartbeat(job, "w2")
    queue.complete(job, "w2")
    assert queue.counts()["done"] == 1


def test_heartbeat_keeps_the_lease(clocked_store: Store, clock: ManualClock) -> None:
    queue = Queue(clocked_store, lease_seconds=60)
    queue.enqueue("k", {}, dedupe_key="e1")
    job = queue.claim("w1")
    for _ in range(5):  # 200 s: well past the first lease
        assert queue.heartbeat(job, "w1")
        clock.advance(40)  # 40 s after the heartbeat: still leased
        assert queue.claim("w2") is None
    queue.complete(job, "w1")
    assert queue.counts()["done"] == 1


def test_fail_with_retry_backs_off(clocked_store: Store, clock: ManualClock) -> None:
    queue = Queue(clocked_store, backoff_seconds=2.0)
    queue.enqueue("k", {}, dedupe_key="e1")
    job = queue.claim("w1")
    queue.fail(job, "w1", "Slack said 503", retry=True)
    row = clocked_store.job_row(job.id)
    assert row["status"] == "queued"
    assert row["last_error"] == "Slack said 503"
    assert clock.now() + 2.0 <= row["available_at"] <= clock.now() + 2.5  # jitter: up to 25 %
    assert queue.claim("w1") is None  # not due yet


def test_retried_job_comes_back_with_more_attempts(
    clocked_store: Store, clock: ManualClock
) -> None:
    queue = Queue(clocked_store, backoff_seconds=2.0)
    queue.enqueue("k", {}, dedupe_key="e1")
    job = queue.claim("w1")
    queue.fail(job, "w1", "temporary", retry=True)
    clock.advance(1.9)
    assert queue.claim("w1") is None  # backing off
    clock.advance(0.7)  # past the longest jittered backoff (2.5 s)
    again = queue.claim("w1")
    assert again is not None and again.id == job.id and again.attempts == 2


def test_gives_up_after_max_attempts(store: Store) -> None:
    queue = Queue(store, max_attempts=3, backoff_seconds=0)
    queue.enqueue("k", {}, dedupe_key="e1")
    for attempt in (1, 2, 3):
        job = queue.claim("w1")
        assert job is not None and job.attempts == attempt
        queue.fail(job, "w1", f"boom {attempt}", retry=True)
    assert queue.claim("w1") is None
    assert queue.counts() == {"queued": 0, "running": 0, "done": 0, "failed": 1}
    assert store.job_row(job.id)["last_error"] == "boom 3"


def test_fail_without_retry_is_final(store: Store) -> None:
    queue = Queue(store, backoff_seconds=0)
    queue.enqueue("k", {}, dedupe_key="e1")
    queue.fail(queue.claim("w1"), "w1", "bad input", retry=False)
    assert queue.claim("w1") is None
    assert queue.counts()["failed"] == 1


def test_worker_that_keeps_dying_is_given_up(clocked_store: Store, clock: ManualClock) -> None:
    queue = Queue(clocked_store, lease_seconds=60, max_attempts=2)
    queue.enqueue("k", {}, dedupe_key="e1")
    first = queue.claim("w1")
    clock.advance(61)  # w1 died
    second = queue.claim("w2")
    assert second is not None and second.attempts == 2
    clock.advance(61)  # w2 dies too; the job is not handed out a third time.
    assert queue.claim("w3") is None
    assert queue.counts() == {"queued": 0, "running": 0, "done": 0, "failed": 1}
    assert "too many times" in clocked_store.job_row(first.id)["last_error"]


def test_release_returns_the_job_without_counting(store: Store) -> None:
    queue = Queue(store)
    queue.enqueue("k", {}, dedupe_key="e1")
    job = queue.claim("w1")
    queue.release(job, "w1")
    assert queue.counts()["queued"] == 1
    again = queue.claim("w2")
    assert again.id == job.id and again.attempts == 1


def test_purge_deletes_old_finished_jobs_and_their_keys(
    clocked_store: Store, clock: ManualClock
) -> None:
    store = clocked_store
    queue = Queue(store)
    queue.enqueue("k", {}, dedupe_key="done")
    queue.enqueue("k", {}, dedupe_key="waiting")
    job = queue.claim("w1")
    queue.complete(job, "w1")
    store.record_reply(job.id, "summary", "1.1")
    clock.advance(3599)
    assert queue.purge(timedelta(hours=1)) == 0  # too recent
    clock.advance(2)
    assert queue.purge(timedelta(hours=1)) == 1
    assert queue.counts() == {"queued": 1, "running": 0, "done": 0, "failed": 0}
    assert store.reply_for(job.id, "summary") is None
    assert queue.enqueue("k", {}, dedupe_key="done")  # the key is free again
    assert not queue.enqueue("k", {}, dedupe_key="waiting")


def test_backoff_grows_and_is_capped(store: Store) -> None:
    queue = Queue(store, backoff_seconds=1, max_backoff_seconds=10)
    assert 1 <= queue.backoff(1) <= 1.25
    assert 4 <= queue.backoff(3) <= 5
    assert 10 <= queue.backoff(50) <= 12.5
