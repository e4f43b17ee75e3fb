"""``summarybot serve``: the HTTP endpoint Slack posts to, on gunicorn.

Acknowledging and working are separate processes. The gunicorn worker processes only
verify, enqueue durably and acknowledge (bot.slack.http), so an acknowledgement never
waits for the GIL behind CPU-bound summaries. The jobs run in one job process
(bot.jobs.process.JobProcess), started by ``run_server`` before gunicorn, restarted if it
dies, and told to drain as soon as the server is asked to stop; the serve process exits
once it has drained, within SUMMARYBOT_SHUTDOWN_TIMEOUT. A pipe from the HTTP workers to
it wakes it as soon as a job is enqueued (on PostgreSQL, LISTEN/NOTIFY does too).

``python -m bot.slack.serve jobs`` is the job process's entry point.
"""

from __future__ import annotations

import logging
import math
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

from bot.jobs.process import JOB_PROCESS_ARG, JobProcess, read_config
from bot.settings import Settings
from bot.slack.app import Runtime, build_runtime, check_credentials
from bot.slack.http import WebApp
from bot.slack.logs import configure_logging
from bot.storage.store import Store

log = logging.getLogger(__name__)

WORKER_THREADS = 4  # gthread threads per process: listeners only enqueue, so a few suffice
WEB_GRACE = 10  # seconds HTTP workers get to finish requests on shutdown: acks take milliseconds


class _Arbiter(Arbiter):
    def stop(self, graceful: bool = True) -> None:
        # The job process starts draining now, alongside the HTTP workers, so that
        # both fit in SUMMARYBOT_SHUTDOWN_TIMEOUT (gunicorn's on_exit comes after).
        jobs = getattr(self.app, "jobs", None)
        if jobs is not None:
            jobs.begin_stop()
        super().stop(graceful)


class _Gunicorn(BaseApplication):
    def __init__(self, settings: Settings, jobs: JobProcess | None = None, wake_fd: int | None = None) -> None:
        self.settings = settings
        self.jobs = jobs
        self.wake_fd = wake_fd
        self.runtime: Runtime | None = None
        super().__init__()

    def run(self) -> None:
        try:
            _Arbiter(self).run()
        except RuntimeError as err:
            # what BaseApplication.run does: gunicorn's way to report a bad setup
            print(f"\nError: {err}\n", file=sys.stderr, flush=True)
            sys.exit(1)

    def load_config(self) -> None:
        s = self.settings
        options = {
            "bind": f"0.0.0.0:{s.port}",
            "workers": s.web_concurrency,
            "worker_class": "gthread",
            "threads": WORKER_THREADS,
            # the arbiter kills workers after graceful_timeout: leave room to drain jobs
            "graceful_timeout": min(WEB_GRACE, int(math.ceil(s.shutdown_timeout)) + 2),
            "timeout": 30,
            "keepalive": 5,
            "loglevel": s.log_level.lower(),
            "accesslog": "-" if s.log_level == "DEBUG" else None,
            "preload_app": False,
            "proc_name": "summarybot",
            "worker_exit": self._worker_exit,
            "on_exit": self._on_exit,
            "limit_request_line": 8190,
        }
        if "control_socket_disable" in self.cfg.settings:
            # gunicorn >= 24: one fixed control socket path would clash between instances
            options["control_socket_disable"] = True
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self) -> WebApp:
        # runs in each worker process, after the fork: engines are per process
        wake = _pipe_waker(self.wake_fd) if self.wake_fd is not None else None
        self.runtime = build_runtime(self.settings, wake=wake)
        if self.jobs is None:
            self.runtime.start()
            log.info("worker ready: jobs run on %d threads", self.settings.worker_threads)
        else:
            log.info("worker ready: it acknowledges; the job process does the work")
        return WebApp(self.runtime)

    def _worker_exit(self, _arbiter: Any, _worker: Any) -> None:
        if self.runtime is None:
            return
        started = time.monotonic()
        drained = self.runtime.stop(timeout=self.settings.shutdown_timeout)
        if self.jobs is None:
            log.info("job worker stopped in %.1fs (%s)", time.monotonic() - started,
                     "drained" if drained else "unfinished jobs released")
        self.runtime = None

    def _on_exit(self, _arbiter: Any) -> None:
        if self.jobs is not None:
            self.jobs.stop()


def _pipe_waker(fd: int) -> Callable[[], None]:
    def wake() -> None:
        try:
            os.write(fd, b"\x01")
        except OSError:
            pass  # full (the job process is behind and will look anyway) or gone

    return wake


def run_server(settings: Settings) -> int:
    """Serve Slack's requests until SIGTERM/SIGINT; the process exit status."""
    configure_logging(
        settings.log_level,
        secrets=settings.secrets(),
    )
    # Fail fast on bad settings, and create the tables once before workers race to.
    Store.from_settings(settings).close()
    check_credentials(settings, socket_mode=False)
    log.info("serving on port %s with %s worker process(es) and a job process",
             settings.port, settings.web_concurrency)
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)  # a wake must never hold up an acknowledgement
    jobs = JobProcess(settings, wake_fd=read_fd)
    jobs.start()
    try:
        _Gunicorn(settings, jobs, write_fd).run()
    except SystemExit as stop:
        return int(stop.code or 0) if not isinstance(stop.code, str) else 1
    finally:
        # gunicorn's workers unwind through here too (after the fork): stop() ignores them
        jobs.stop()
    return 0


def run_job_process(settings: Settings, *, wake_fd: int | None = None, stop: threading.Event | None = None) -> int:
    """The job process's main: run jobs until SIGTERM/SIGINT (or ``stop``), or until the
    serve process is gone, then drain within SUMMARYBOT_SHUTDOWN_TIMEOUT."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    configure_logging(
        settings.log_level,
        secrets=settings.secrets(),
    )
    parent = os.getppid()
    runtime = build_runtime(settings)
    runtime.start()
    log.info("job process ready: jobs run on %d threads", settings.worker_threads)
    if wake_fd is not None:
        threading.Thread(target=_forward_wakes, args=(wake_fd, runtime.worker.wake, stop),
                         name="job-wakes", daemon=True).start()
    try:
        while not stop.wait(1.0):
            if os.getppid() != parent:
                log.warning("the serve process is gone: stopping")
                break
    finally:
        started = time.monotonic()
        drained = runtime.stop(timeout=settings.shutdown_timeout)
        log.info("job process stopped in %.1fs (%s)", time.monotonic() - started,
                 "drained" if drained else "unfinished jobs released")
    return 0


def _forward_wakes(fd: int, wake: Callable[[], None], stop: threading.Event) -> None:
    while not stop.is_set():
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        if not os.read(fd, 4096):
            return  # every writer closed: the serve process is going away
        wake()


def _job_process_main() -> int:
    settings, wake_fd = read_config(sys.stdin)
    return run_job_process(settings, wake_fd=wake_fd)


if __name__ == "__main__" and sys.argv[1:] == [JOB_PROCESS_ARG]:
    raise SystemExit(_job_process_main())
