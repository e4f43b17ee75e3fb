"""The background job runner: claims jobs from the Queue and runs a handler on threads.

One dispatcher thread claims a job only when a handler thread is free, so an
idle process costs one cheap indexed query per poll interval (and on
PostgreSQL a LISTEN wakes it as soon as a job is enqueued anywhere). A
heartbeat thread keeps the leases of running jobs alive; ``stop`` drains.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable

from bot.errors import StoreError, SummarybotError, UsageError
from bot.jobs.queue import Job, Queue, RetryableError

log = logging.getLogger(__name__)

# How long the dispatcher backs off when the database is unreachable (doubles up to the cap).
_STORE_RETRY_MIN, _STORE_RETRY_MAX = 0.2, 5.0


class Worker:
    def __init__(
        self,
        queue: Queue,
        handler: Callable[[Job], None],
        *,
        threads: int = 4,
        poll_interval: float = 0.5,
        worker_id: str | None = None,
    ) -> None:
        if not isinstance(queue, Queue):
            raise UsageError("Worker needs a Queue.")
        if not callable(handler):
            raise UsageError("handler must be callable.")
        if not isinstance(threads, int) or threads < 1:
            raise UsageError("threads must be a whole number of at least 1.")
        if not poll_interval > 0:
            raise UsageError("poll_interval must be positive.")
        if worker_id is not None and (not isinstance(worker_id, str) or not worker_id):
            raise UsageError("worker_id must be a non-empty string.")
        self.queue = queue
        self.handler = handler
        self.threads = threads
        self.poll_interval = float(poll_interval)
        # Unique per process start, so a restarted process never mistakes the
        # leases of its previous life for its own.
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._slots = threading.Semaphore(threads)
        self._wake = threading.Event()
        self._stopping = threading.Event()  # no more claims
        self._closed = threading.Event()  # heartbeats and listening end
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._running: dict[int, Job] = {}
        self._service_threads: list[threading.Thread] = []
        self._started = False
        self._stopped = False
        self._drained = True

    # ---------------------------------------------------------------- public

    def start(self) -> None:
        if self._started:
            raise UsageError("The worker was already started.")
        self._started = True
        targets: list[tuple[str, Callable[[], None]]] = [
            ("dispatch", self._dispatch),
            ("heartbeat", self._heartbeat),
        ]
        if self.queue.store.is_postgres:
            targets.append(("listen", self._listen))
        for name, target in targets:
            thread = threading.Thread(target=target, name=f"worker-{name}", daemon=True)
            thread.start()
            self._service_threads.append(thread)

    def stop(self, timeout: float = 25.0) -> bool:
        """Stop claiming, let running jobs finish for up to ``timeout`` seconds and
        give the rest back to the queue. True when everything finished."""
        if self._stopped or not self._started:
            return self._drained
        self._stopped = True
        deadline = time.monotonic() + max(0.0, timeout)
        self._stopping.set()
        self._wake.set()
        self._service_threads[0].join(max(0.0, deadline - time.monotonic()))
        with self._changed:
            while self._running:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._changed.wait(remaining)
            leftover = list(self._running.values())
        for job in leftover:
            log.warning("job %s: still running at shutdown, giving it back", job.id)
            try:
                self.queue.release(job, self.worker_id)
            except StoreError as err:
                # The lease runs out and another worker takes the job over.
                log.warning("job %s: could not be given back: %s", job.id, err)
        self._closed.set()
        for thread in self._service_threads[1:]:
            thread.join(2.0)
        self._drained = not leftover
        return self._drained

    def wake(self) -> None:
        """Poll now (called after an in-process enqueue)."""
        self._wake.set()

    @property
    def alive(self) -> bool:
        """True while started, not stopped and claiming (for /healthz)."""
        return (
            self._started
            and not self._stopping.is_set()
            and bool(self._service_threads)
            and self._service_threads[0].is_alive()
        )

    @property
    def running(self) -> int:
        """Jobs being handled right now."""
        with self._lock:
            return len(self._running)

    # ---------------------------------------------------------------- threads

    def _dispatch(self) -> None:
        retry_delay = _STORE_RETRY_MIN
        while not self._stopping.is_set():
            if not self._slots.acquire(timeout=self.poll_interval):
                continue
            handed_off = False
            try:
                if self._stopping.is_set():
                    break
                self._wake.clear()
                try:
                    job = self.queue.claim(self.worker_id)
                except StoreError as err:
                    log.warning("cannot claim jobs (retrying in %.1fs): %s", retry_delay, err)
                    self._stopping.wait(retry_delay)
                    retry_delay = min(_STORE_RETRY_MAX, retry_delay * 2)
                    continue
                except Exception:
                    # A bug here must not silently end all background work.
                    log.exception("job dispatcher error (retrying in %.1fs)", retry_delay)
                    self._stopping.wait(retry_delay)
                    retry_delay = min(_STORE_RETRY_MAX, retry_delay * 2)
                    continue
                retry_delay = _STORE_RETRY_MIN
                if job is None:
                    self._wake.wait(self.poll_interval)
                    continue
                if self._stopping.is_set():
                    self._release_quietly(job)
                    break
                with self._lock:
                    self._running[job.id] = job
                threading.Thread(
                    target=self._run, args=(job,), name=f"job-{job.id}", daemon=True
                ).start()
                handed_off = True
            finally:
                if not handed_off:
                    self._slots.release()

    def _run(self, job: Job) -> None:
        try:
            self._handle(job)
        finally:
            with self._changed:
                self._running.pop(job.id, None)
                self._changed.notify_all()
            self._slots.release()

    def _handle(self, job: Job) -> None:
        try:
            try:
                self.handler(job)
            except RetryableError as err:
                log.info("job %s (%s): temporary failure: %s", job.id, job.kind, err)
                self.queue.fail(job, self.worker_id, str(err), retry=True)
            except StoreError as err:
                # The database hiccuped under the handler: nothing was reported yet.
                log.info("job %s (%s): database error: %s", job.id, job.kind, err)
                self.queue.fail(job, self.worker_id, str(err), retry=True)
            except SummarybotError as err:
                # Already reported to the user by the handler: retrying would repeat it.
                log.info("job %s (%s): %s", job.id, job.kind, err)
                self.queue.complete(job, self.worker_id)
            except Exception as err:
                log.exception("job %s (%s): unexpected error", job.id, job.kind)
                self.queue.fail(job, self.worker_id, f"{type(err).__name__}: {err}", retry=True)
            else:
                self.queue.complete(job, self.worker_id)
        except StoreError as err:
            # The outcome was not recorded; the lease expires and the job runs again.
            log.warning("job %s: could not record the outcome: %s", job.id, err)

    def _heartbeat(self) -> None:
        interval = max(0.05, self.queue.lease_seconds / 3)
        while not self._closed.wait(interval):
            with self._lock:
                jobs = list(self._running.values())
            for job in jobs:
                try:
                    if not self.queue.heartbeat(job, self.worker_id):
                        log.warning("job %s: lease lost to another worker", job.id)
                except StoreError as err:
                    log.warning("job %s: heartbeat failed: %s", job.id, err)

    def _listen(self) -> None:
        while not self._closed.is_set():
            channel = self.queue.notifications()
            if channel is None:
                return
            try:
                with channel as wait:
                    while not self._closed.is_set():
                        # Short waits so stop() is not held up by an idle listener.
                        if wait(0.25):
                            self._wake.set()
            except StoreError as err:
                log.info("job notifications interrupted (polling meanwhile): %s", err)
                self._closed.wait(1.0)

    def _release_quietly(self, job: Job) -> None:
        try:
            self.queue.release(job, self.worker_id)
        except StoreError as err:
            log.warning("job %s: could not be given back: %s", job.id, err)
