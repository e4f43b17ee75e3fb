"""``summarybot serve``: the HTTP endpoint Slack posts to, on gunicorn.

Acknowledging and working are separate processes. The gunicorn worker
processes only verify, enqueue durably and acknowledge, so an acknowledgement
never waits for the GIL behind CPU-bound summaries. The jobs run in one job
process (``JobProcess``), started by ``run_server`` before gunicorn, restarted
if it dies, and told to drain as soon as the server is asked to stop; the serve
process exits once it has drained, within SUMMARYBOT_SHUTDOWN_TIMEOUT. A pipe
from the HTTP workers to it wakes it as soon as a job is enqueued (on
PostgreSQL, LISTEN/NOTIFY does too).

Routes: ``POST /slack/events`` (events, slash commands and interactivity),
``GET /slack/install`` and ``GET /slack/oauth_redirect`` (multi-workspace
installs), ``GET /healthz``.
"""

from __future__ import annotations

import io
import json
import logging
import math
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

from bot.errors import StoreError, UsageError
from bot.settings import SETTINGS, Settings
from bot.slack.app import (
    EVENTS_PATH,
    INSTALL_PATH,
    REDIRECT_PATH,
    Runtime,
    build_runtime,
    wsgi_handler,
)
from bot.slack.logs import configure_logging
from bot.storage.store import Store

log = logging.getLogger(__name__)

MAX_BODY = 1_000_000  # Slack's payloads are far smaller; anything bigger is refused unread
WORKER_THREADS = 4  # gthread threads per process: listeners only enqueue, so a few suffice
WEB_GRACE = 10  # seconds HTTP workers get to finish requests on shutdown: acks take milliseconds
EXIT_MARGIN = 3.0  # seconds past SUMMARYBOT_SHUTDOWN_TIMEOUT for the job process to exit
RESTART_DELAY, MAX_RESTART_DELAY = 1.0, 30.0  # a job process dying at once is restarted ever slower
STABLE_AFTER = 60.0  # seconds a job process must live for the restart delay to reset
JOB_PROCESS_ARG = "jobs"
# the thread count variables of OpenBLAS (numpy's wheels), OpenMP and MKL builds
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

StartResponse = Callable[..., Any]


def _reply(start_response: StartResponse, status: str, body: dict[str, Any]) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def _malformed(body: bytes, content_type: str) -> bool:
    """True when Bolt could not even parse the body (it would raise, giving a 500)."""
    try:
        text = body.decode("utf-8")
        if content_type.startswith("application/json") or text.startswith("{"):
            return not isinstance(json.loads(text), dict)
        if "payload" in text:
            payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
            if payload is not None:
                return not isinstance(json.loads(payload), dict)
    except ValueError:  # bad UTF-8 or bad JSON
        return True
    return False


class WebApp:
    """The WSGI application of one worker process."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.slack = wsgi_handler(runtime.app)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in {"GET", "HEAD"}:
            return self.health(start_response)
        if path == EVENTS_PATH:
            if method != "POST":
                return _reply(start_response, "405 Method Not Allowed", {"ok": False, "error": "method_not_allowed"})
            return self.events(environ, start_response)
        if path in {INSTALL_PATH, REDIRECT_PATH} and method == "GET" and self.runtime.app.oauth_flow is not None:
            return self.slack(environ, start_response)
        return _reply(start_response, "404 Not Found", {"ok": False, "error": "not_found"})

    def health(self, start_response: StartResponse) -> list[bytes]:
        try:
            self.runtime.store.ping()
            jobs = self.runtime.queue.counts()
        except StoreError as err:
            log.warning("health check: %s", err)
            return _reply(start_response, "503 Service Unavailable", {"ok": False, "database": "unreachable"})
        return _reply(start_response, "200 OK", {"ok": True, "database": "ok", "jobs": jobs})

    def events(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _reply(start_response, "400 Bad Request", {"ok": False, "error": "bad_content_length"})
        if length > MAX_BODY:
            return _reply(start_response, "413 Payload Too Large", {"ok": False, "error": "too_large"})
        stream = environ.get("wsgi.input")
        body = stream.read(length) if (stream is not None and length) else b""
        if not length and stream is not None:
            # chunked: read at most one byte past the cap
            body = stream.read(MAX_BODY + 1)
            if len(body) > MAX_BODY:
                return _reply(start_response, "413 Payload Too Large", {"ok": False, "error": "too_large"})
        if _malformed(body, str(environ.get("CONTENT_TYPE") or "")):
            return _reply(start_response, "400 Bad Request", {"ok": False, "error": "malformed_body"})
        environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        return self.slack(environ, start_response)


class _Arbiter(Arbiter):
    def stop(self, graceful: bool = True) -> None:
        # The job process starts draining now, alongside the HTTP workers, so that
        # both fit in SUMMARYBOT_SHUTDOWN_TIMEOUT (gunicorn's on_exit comes after).
        jobs = getattr(self.app, "jobs", None)
        if jobs is not None:
            jobs.begin_stop()
        super().stop(graceful)


class _Gunicorn(BaseApplication):
    def __init__(self, settings: Any, jobs: JobProcess | None = None, wake_fd: int | None = None) -> None:
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


class JobProcess:
    """The job worker in a child process of the serve process: started by ``start``,
    restarted when it dies, drained by ``begin_stop``/``stop``.

    Its settings reach it on its standard input (secrets never go on a command
    line); it stays in the serve process's process group, so signals to the group
    reach it too. Jobs it claims carry its pid in their worker id.
    """

    def __init__(self, settings: Any, *, wake_fd: int | None = None) -> None:
        if not isinstance(settings, Settings):
            raise UsageError("JobProcess needs Settings.")
        if wake_fd is not None and (not isinstance(wake_fd, int) or wake_fd < 0):
            raise UsageError("wake_fd must be a file descriptor.")
        self.settings = settings
        self.wake_fd = wake_fd
        self.owner_pid = os.getpid()
        self.restarts = 0
        self._config = json.dumps({
            "settings": {s.name: str(settings[s.name]) for s in SETTINGS},
            "wake_fd": wake_fd,
        })
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._watcher: threading.Thread | None = None
        self._stopping = threading.Event()
        self._stop_deadline: float | None = None

    @property
    def pid(self) -> int | None:
        """The current job process's pid (None before start)."""
        with self._lock:
            return None if self._proc is None else self._proc.pid

    @property
    def exit_code(self) -> int | None:
        """The current job process's exit status once it ended (negative: killed by that signal)."""
        with self._lock:
            return None if self._proc is None else self._proc.returncode

    def start(self) -> None:
        if self._watcher is not None:
            raise UsageError("The job process was already started.")
        with self._lock:
            self._spawn()
        self._watcher = threading.Thread(target=self._watch, name="job-process-watch", daemon=True)
        self._watcher.start()

    def begin_stop(self) -> None:
        """Ask the job process to drain (SIGTERM) and not to be restarted; returns at once."""
        if os.getpid() != self.owner_pid:
            return  # a forked gunicorn worker: the job process is not its to stop
        with self._lock:
            if self._stopping.is_set():
                return
            self._stopping.set()
            self._stop_deadline = time.monotonic() + self.settings.shutdown_timeout + EXIT_MARGIN
            proc = self._proc
        if proc is not None and proc.returncode is None:
            try:
                proc.send_signal(signal.SIGTERM)
            except OSError:
                pass  # already gone

    def stop(self) -> bool:
        """Drain and wait: True when the job process exited in time (else it is killed)."""
        if os.getpid() != self.owner_pid:
            return True
        self.begin_stop()
        if self._watcher is None:
            return True
        assert self._stop_deadline is not None
        self._watcher.join(max(0.0, self._stop_deadline - time.monotonic()))
        if not self._watcher.is_alive():
            return True
        with self._lock:
            proc = self._proc
        log.warning("job process %s did not exit in time: killing it", proc and proc.pid)
        if proc is not None:
            try:
                proc.kill()
            except OSError:
                pass
        self._watcher.join(5.0)
        return False

    def _spawn(self) -> None:
        # a clean interpreter: nothing of this (soon multi-threaded) process is inherited
        root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (root, os.environ.get("PYTHONPATH", "")) if p)}
        # One BLAS thread unless the operator says otherwise: the job threads already run
        # in parallel, and BLAS threads that spin between the sentence model's small
        # products took the cores from them (under load, replies fell seconds behind).
        for name in _BLAS_THREADS:
            env.setdefault(name, "1")
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.slack.serve", JOB_PROCESS_ARG],
            stdin=subprocess.PIPE,
            env=env,
            pass_fds=() if self.wake_fd is None else (self.wake_fd,),
        )
        assert proc.stdin is not None
        try:
            proc.stdin.write(self._config.encode())
            proc.stdin.close()
        except OSError as err:
            log.warning("job process %d did not take its settings: %s", proc.pid, err)
        self._proc = proc
        log.info("job process %d started", proc.pid)

    def _watch(self) -> None:
        delay = RESTART_DELAY
        while True:
            with self._lock:
                proc = self._proc
            assert proc is not None
            started = time.monotonic()
            # gunicorn's arbiter reaps any child it sees exit: then this returns 0
            code = proc.wait()
            if self._stopping.is_set():
                log.info("job process %d exited (%s)", proc.pid, code)
                return
            if time.monotonic() - started > STABLE_AFTER:
                delay = RESTART_DELAY
            log.error("job process %d exited unexpectedly (%s); restarting in %.0fs", proc.pid, code, delay)
            if self._stopping.wait(delay):
                return
            delay = min(MAX_RESTART_DELAY, delay * 2)
            with self._lock:
                if self._stopping.is_set():
                    return
                try:
                    self._spawn()
                except OSError as err:
                    log.error("cannot start the job process: %s", err)
                    continue
                self.restarts += 1


def run_server(settings: Any) -> int:
    """Serve Slack's requests until SIGTERM/SIGINT; the process exit status."""
    configure_logging(
        settings.log_level,
        secrets=(settings.slack_signing_secret, settings.slack_client_secret, settings.slack_bot_token),
    )
    # Fail fast on bad settings, and create the tables once before workers race to.
    Store.from_settings(settings).close()
    _check_credentials(settings)
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


def run_job_process(settings: Any, *, wake_fd: int | None = None, stop: threading.Event | None = None) -> int:
    """The job process's main: run jobs until SIGTERM/SIGINT (or ``stop``), or until the
    serve process is gone, then drain within SUMMARYBOT_SHUTDOWN_TIMEOUT."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    configure_logging(
        settings.log_level,
        secrets=(settings.slack_signing_secret, settings.slack_client_secret, settings.slack_bot_token),
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
    config = json.loads(sys.stdin.read())
    settings = Settings.from_env(config["settings"], dotenv=False)
    return run_job_process(settings, wake_fd=config.get("wake_fd"))


def _check_credentials(settings: Any) -> None:
    from bot.errors import ConfigError

    if not settings.slack_signing_secret:
        raise ConfigError("SLACK_SIGNING_SECRET is required to verify requests from Slack.")
    if not (settings.slack_bot_token or settings.oauth_enabled):
        raise ConfigError(
            "SLACK_BOT_TOKEN is required (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for multi-workspace installs)."
        )


if __name__ == "__main__" and sys.argv[1:] == [JOB_PROCESS_ARG]:
    raise SystemExit(_job_process_main())
