"""A supervised child process that runs the jobs: started, restarted when it dies,
drained on stop.

``summarybot serve`` acknowledges in its HTTP workers and works in one such process, so
an acknowledgement never waits for the GIL behind CPU-bound summaries. The child is a
clean interpreter running ``python -m <module> jobs``; its settings reach it on its
standard input (secrets never go on a command line).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bot.errors import UsageError
from bot.settings import Settings

log = logging.getLogger(__name__)

EXIT_MARGIN = 3.0  # seconds past SUMMARYBOT_SHUTDOWN_TIMEOUT for the job process to exit
RESTART_DELAY, MAX_RESTART_DELAY = 1.0, 30.0  # a job process dying at once is restarted ever slower
STABLE_AFTER = 60.0  # seconds a job process must live for the restart delay to reset
JOB_PROCESS_ARG = "jobs"
# the thread count variables of OpenBLAS (numpy's wheels), OpenMP and MKL builds
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread(env: dict[str, str]) -> dict[str, str]:
    """``env`` with one BLAS thread unless the operator set a count. The job threads
    already run in parallel, and BLAS threads that spin between the sentence model's
    small products took the cores from them (under load, replies fell seconds behind)."""
    out = dict(env)
    for name in BLAS_THREADS:
        out.setdefault(name, "1")
    return out


def read_config(stream: object) -> tuple[Settings, int | None]:
    """In the child: the settings and wake descriptor sent on standard input."""
    config = json.loads(stream.read())  # type: ignore[attr-defined]
    return Settings.from_env(config["settings"], dotenv=False), config.get("wake_fd")


class JobProcess:
    """The job worker in a child process of the serve process: started by ``start``,
    restarted when it dies, drained by ``begin_stop``/``stop``.

    Its settings reach it on its standard input (secrets never go on a command
    line); it stays in the serve process's process group, so signals to the group
    reach it too. Jobs it claims carry its pid in their worker id.
    """

    def __init__(
        self, settings: Settings, *, wake_fd: int | None = None, module: str = "bot.slack.serve"
    ) -> None:
        if not isinstance(settings, Settings):
            raise UsageError("JobProcess needs Settings.")
        if wake_fd is not None and (not isinstance(wake_fd, int) or wake_fd < 0):
            raise UsageError("wake_fd must be a file descriptor.")
        self.settings = settings
        self.wake_fd = wake_fd
        self.owner_pid = os.getpid()
        self.restarts = 0
        self.module = module
        self._config = json.dumps({"settings": settings.raw(), "wake_fd": wake_fd})
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
        env = one_blas_thread({**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (root, os.environ.get("PYTHONPATH", "")) if p)})
        proc = subprocess.Popen(
            [sys.executable, "-m", self.module, JOB_PROCESS_ARG],
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
