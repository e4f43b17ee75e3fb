"""The job process of ``summarybot serve``: a real child process that runs the jobs,
restarted when it dies and drained on stop."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from polling import wait_until

from bot.errors import UsageError
from bot.jobs.process import JobProcess
from bot.jobs.queue import Queue
from bot.settings import Settings
from bot.storage.store import Store


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": "test-signing-secret",
        # never reached: the jobs below are of a kind the service drops unrun
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "SUMMARYBOT_WORKER_THREADS": "1",
        "SUMMARYBOT_SHUTDOWN_TIMEOUT": "5",
        "SUMMARYBOT_LOG_LEVEL": "WARNING",
    }, dotenv=False)


@pytest.fixture
def queue(settings: Settings) -> Iterator[Queue]:
    store = Store.from_settings(settings)
    yield Queue(store)
    store.close()


def run_one(queue: Queue, key: str, wake: Callable[[], None]) -> int:
    """Enqueue a job and wait until some job process finished it; the pid that did."""
    assert queue.enqueue("noop", {}, dedupe_key=key)
    wake()
    row = wait_until(lambda: (r := queue.store.job_row(1 if key == "a" else 2)) and r["status"] == "done" and r,
                     60, f"job {key} to be done by the job process")
    return int(str(row["worker_id"]).split(":")[-2])


def test_job_process_runs_jobs_is_restarted_after_sigkill_and_drains_on_stop(
        settings: Settings, queue: Queue, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    read_fd, write_fd = os.pipe()
    jobs = JobProcess(settings, wake_fd=read_fd)
    try:
        jobs.start()
        first = run_one(queue, "a", lambda: os.write(write_fd, b"\x01"))
        assert first == jobs.pid and first != os.getpid()
        # its job threads run in parallel: BLAS gets one thread unless the operator says
        environ = Path(f"/proc/{first}/environ").read_bytes().split(b"\0")
        assert b"OPENBLAS_NUM_THREADS=1" in environ
        os.kill(first, signal.SIGKILL)
        wait_until(lambda: jobs.pid != first, 30, "the job process to be restarted")
        second = run_one(queue, "b", lambda: os.write(write_fd, b"\x01"))
        assert second == jobs.pid != first and jobs.restarts == 1
    finally:
        assert jobs.stop()
        os.close(read_fd)
        os.close(write_fd)
    assert jobs.exit_code == 0
    with pytest.raises(ProcessLookupError):
        os.kill(second, 0)


def test_job_process_validates_its_arguments(settings: Settings) -> None:
    with pytest.raises(UsageError):
        JobProcess(object())  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        JobProcess(settings, wake_fd=-1)
    assert JobProcess(settings).stop()  # never started: nothing to stop
