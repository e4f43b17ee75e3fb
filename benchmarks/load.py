"""Load benchmark of ``summarybot serve``: the real HTTP server, driven by signed
Events API deliveries from another process on 127.0.0.1.

    python benchmarks/load.py                      # all three scenarios (~4 minutes)
    python benchmarks/load.py --rate 50 --duration 60     # steady only (or --steady)
    python benchmarks/load.py --burst 500                 # burst only
    python benchmarks/load.py --kill-one --processes 2    # kill only (PostgreSQL)

Slack's side is tests/fakes: FakeSlack records every chat.postMessage, the
ArticleServer serves the NATO article page. The bot processes, the PostgreSQL
schema and the events' payloads are the e2e harness's (tests/e2e/harness_core.py).
Before the measured load, a few links are posted and summarized, so that the
load can be what people do: mostly follow-up questions in those threads ("what
did Austin say?"), and some new links. The load generator is a child process with keep-alive connections
and open-loop scheduling (Poisson arrivals at ``--rate``): a slow server shows
up as latency measured from the *intended* send time, never as a lower rate.

Scenarios:

- steady: ``--rate`` events/s for ``--duration`` s on one process (SQLite, the
  default install, or ``--store postgres``); target: ack p99 < 100 ms.
- burst: ``--burst`` events at once over ``--burst-connections`` connections,
  same process; target: none lost, none duplicated, every ack within Slack's 3 s.
- kill: ``--processes`` processes sharing PostgreSQL (``--database-url``, in a
  dedicated schema dropped afterwards), events spread over them; one is
  SIGKILLed (its whole process group) halfway. Deliveries it cannot answer go to
  the others with Slack's retry headers, as Slack and a load balancer would;
  its leased jobs are taken over when the short ``--lease`` runs out.

Measured per scenario: ack latency (intended send -> HTTP 200), reply latency
(intended send -> FakeSlack receives the first chat.postMessage of the event's
job), replies lost (no reply after the queue drained or the grace period ran
out) and duplicated (one reply step of one event posted twice). Replies are
tied to events exactly: each post carries the job id in its message metadata,
and the job's dedupe key in the database is the event id.

Baselines from the same run, same generator, same rate: ``GET /healthz`` (a
database ping and a count) and an event the bot ignores (its own message
echoed back): the server's floor. The table prints ack p99 against the 100 ms
target and against that floor.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import queue
import random
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# the bot; the fakes (tests/fakes, imported as ``fakes`` as the tests do); the e2e
# harness's process, schema and event helpers (tests/e2e/harness_core.py)
for _path in (ROOT / "tests" / "e2e", ROOT / "tests", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from fakes.articles import ArticleServer  # noqa: E402
from fakes.slack import (  # noqa: E402
    SIGNING_SECRET,
    FakeSlack,
    event_callback,
    retry_headers,
    sign,
)
from harness_core import (  # noqa: E402
    BotProcessBase,
    PgSchema,
    bot_echo_event,
    message_fields,
    person_posts,
    start_side_by_side,
)

from bot.storage.store import Store  # noqa: E402

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
ACK_TARGET = 0.100  # seconds: the steady scenario's p99 target
ACK_DEADLINE = 3.0  # Slack retries a delivery not acknowledged within 3 s
STARTUP_TIMEOUT = 120.0  # 2 shared cores: importing trafilatura & co is slow
STOP_TIMEOUT = 40.0
REQUEST_TIMEOUT = 10.0
DRAIN_CAP = 600.0  # seconds: the longest wait for a backlog of jobs to drain
QUESTIONS = (
    "what did Austin say?",
    "What did Stoltenberg say about ammunition?",
    "who is Reznikov?",
    "what does Ukraine want from the West?",
    "when did the Russian offensive start?",
    "How many tanks were promised?",
    "what about fighter jets?",
    "where do the defence ministers meet?",
)


# --------------------------------------------------------------------------- the load generator


@dataclass(frozen=True)
class Req:
    """One HTTP request of the plan. ``key`` is the event id ("" for probes)."""

    offset: float  # seconds after the start
    server: int  # preferred server (index into the URLs)
    path: str
    body: bytes  # b"" means GET
    key: str = ""


@dataclass(frozen=True)
class Sent:
    key: str
    intended: float  # epoch seconds
    sent: float  # first byte handed to the socket
    done: float | None  # the response arrived (None: every attempt failed)
    status: int  # 0 when no response
    attempts: int  # deliveries made (> 1: a stale keep-alive connection, or a dead server)
    server: int = -1  # the server that answered
    preferred: int = -1
    error: str = ""


def _generate(urls: Sequence[str], reqs: Sequence[Req], connections: int, secret: str,
              start: float, pipe: Any) -> None:
    """Child process: send ``reqs`` open-loop from epoch ``start``; pipe back [Sent]."""
    todo: queue.SimpleQueue[int | None] = queue.SimpleQueue()
    results: list[Sent | None] = [None] * len(reqs)
    down: set[int] = set()  # servers that refused a connection: a load balancer drops them
    lock = threading.Lock()
    hosts = []
    for url in urls:
        hostport = url.split("://", 1)[1]
        host, port = hostport.rsplit(":", 1)
        hosts.append((host, int(port)))

    def schedule() -> None:
        wait = threading.Event()
        for i, req in enumerate(reqs):
            delay = start + req.offset - time.time()
            if delay > 0:
                wait.wait(delay)  # the arrival process itself, not a wait for a condition
            todo.put(i)
        for _ in range(connections):
            todo.put(None)

    def attempt(conns: dict[int, http.client.HTTPConnection], uses: dict[int, int],
                server: int, req: Req, retry: int) -> tuple[int, str]:
        conn = conns.get(server)
        if conn is None:
            conn = conns[server] = http.client.HTTPConnection(*hosts[server], timeout=REQUEST_TIMEOUT)
            uses[server] = 0
        headers = {"User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)"}
        if req.body:
            headers["Content-Type"] = "application/json"
            headers.update(sign(req.body, secret))
            if retry:
                headers.update(retry_headers(retry, "http_error"))
        conn.request("POST" if req.body else "GET", req.path, body=req.body or None,
                     headers=headers)
        res = conn.getresponse()
        res.read()
        uses[server] += 1
        if res.will_close:
            conn.close()
            conns.pop(server, None)
        return res.status, ""

    def deliver(conns: dict[int, http.client.HTTPConnection], uses: dict[int, int],
                i: int) -> Sent:
        req = reqs[i]
        intended = start + req.offset
        sent = time.time()
        with lock:
            alive = [s for s in range(len(urls)) if s not in down]
        order = [req.server] + [s for s in alive if s != req.server]
        if req.server in down and alive:
            order = alive[req.server % len(alive):] + alive[:req.server % len(alive)]
        attempts, error = 0, ""
        for server in order:
            for fresh_try in (False, True):
                reused = uses.get(server, 0) > 0 and server in conns
                try:
                    status, _ = attempt(conns, uses, server, req, retry=attempts)
                    attempts += 1
                    return Sent(req.key, intended, sent, time.time(), status, attempts,
                                server, req.server)
                except (OSError, http.client.HTTPException) as err:
                    attempts += 1
                    error = f"{type(err).__name__}: {err}"
                    stale = conns.pop(server, None)
                    if stale is not None:
                        stale.close()
                    if isinstance(err, ConnectionRefusedError):
                        with lock:
                            down.add(server)
                        break
                    # A keep-alive connection the server closed while idle: one fresh try.
                    if fresh_try or not reused:
                        break
        return Sent(req.key, intended, sent, None, 0, attempts, -1, req.server, error)

    def send_loop() -> None:
        conns: dict[int, http.client.HTTPConnection] = {}
        uses: dict[int, int] = {}
        while True:
            i = todo.get()
            if i is None:
                break
            results[i] = deliver(conns, uses, i)
        for conn in conns.values():
            conn.close()

    threads = [threading.Thread(target=schedule, daemon=True)]
    threads += [threading.Thread(target=send_loop, daemon=True) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    pipe.send([r for r in results if r is not None])
    pipe.close()


def run_load(urls: Sequence[str], reqs: Sequence[Req], *, connections: int, start: float,
             timeout: float) -> list[Sent]:
    """Run the generator in a fresh process; returns one Sent per request."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_generate, args=(list(urls), list(reqs), connections,
                                               SIGNING_SECRET, start, child), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise RuntimeError(f"the load generator did not finish within {timeout:.0f}s")
        sent: list[Sent] = parent.recv()
    finally:
        proc.join(10)
        if proc.is_alive():
            proc.kill()
            proc.join(5)
    return sent


# --------------------------------------------------------------------------- the bot processes


def http_get(url: str, path: str, timeout: float = 5.0) -> tuple[int, bytes]:
    host, port = url.split("://", 1)[1].rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request("GET", path)
        res = conn.getresponse()
        return res.status, res.read()
    finally:
        conn.close()


def http_post(url: str, body: bytes, timeout: float = 10.0) -> int:
    host, port = url.split("://", 1)[1].rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request("POST", EVENTS_PATH, body=body,
                     headers={"Content-Type": "application/json", **sign(body)})
        res = conn.getresponse()
        res.read()
        return res.status
    finally:
        conn.close()


class Server(BotProcessBase):
    """One ``python -m bot serve`` (gunicorn arbiter, workers, job process), in its own
    process group: the e2e harness's process, with the environment of
    ``bot_environment`` (no test settings), and what the load needs to know."""

    startup_timeout = STARTUP_TIMEOUT
    stop_timeout = STOP_TIMEOUT

    def __init__(self, slack: FakeSlack, data_dir: Path, *, database_url: str = "",
                 env: dict[str, str] | None = None) -> None:
        # --server-env may override anything, DATABASE_URL included
        super().__init__(slack, data_dir, env={"DATABASE_URL": database_url, **(env or {})})
        self.killed = False
        self.cpu_at_kill = 0.0

    def jobs(self) -> dict[str, int] | None:
        try:
            status, body = http_get(self.url, HEALTH_PATH)
        except OSError:
            return None
        return json.loads(body).get("jobs") if status == 200 else None

    def worker_pids(self) -> list[int]:
        """The gunicorn workers (children of the arbiter), for profiling."""
        assert self.proc is not None
        try:
            out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True,
                                 text=True, timeout=5).stdout
        except (OSError, subprocess.TimeoutExpired):
            return []
        return [int(p) for p in out.split()]

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the arbiter and its workers."""
        if self.proc is None:
            return 0.0
        if self.killed:
            return self.cpu_at_kill
        total = 0.0
        for pid in [self.proc.pid, *self.worker_pids()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def pss_mb(self) -> float:
        """Proportional set size of the whole deployment (arbiter, HTTP workers, job
        process): shared pages counted once across them, as a host's memory sees them."""
        if self.proc is None or self.killed:
            return 0.0
        total = 0
        for pid in [self.proc.pid, *self.worker_pids()]:
            try:
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024

    def kill(self) -> None:
        """SIGKILL the arbiter and its workers at once: the host died."""
        self.cpu_at_kill = self.cpu_seconds()
        self.killed = True
        super().kill()

    def errors(self) -> list[str]:
        return [ln for ln in self.log_lines() or [] if " ERROR " in ln or "Traceback" in ln]


@contextmanager
def servers(slack: FakeSlack, root: Path, count: int, *, database_url: str = "",
            env: dict[str, str] | None = None) -> Iterator[list[Server]]:
    group = [Server(slack, root / f"server{n}", database_url=database_url, env=env)
             for n in range(count)]
    try:
        start_side_by_side(group)
        yield group
    finally:
        for s in group:
            if s.proc is not None:
                s.stop(check=False)


@contextmanager
def pg_schema(url: str) -> Iterator[tuple[PgSchema, Store]]:
    """A fresh schema with the bot's tables; dropped at the end."""
    schema = PgSchema(url, prefix="bench_load")
    try:
        store = Store(url, schema=schema.name)
        try:
            yield schema, store
        finally:
            store.close()
    finally:
        schema.drop()


# --------------------------------------------------------------------------- Slack's side


@dataclass
class Workspace:
    """Channels and the article threads the questions go to."""

    slack: FakeSlack
    article_url: str
    channels: list[str] = field(default_factory=list)
    threads: list[tuple[str, str]] = field(default_factory=list)  # (channel, root ts)
    links_posted: int = 0

    def message_event(self, channel: str, text: str, *, thread_ts: str | None = None) -> tuple[bytes, str]:
        """A person's message, registered in FakeSlack; the signed-to-be body and its event id."""
        ts, markup = person_posts(self.slack, channel, text, thread_ts=thread_ts)
        fields = message_fields(channel, ts, markup, thread_ts=thread_ts)
        payload = event_callback({"type": "message", **fields, "channel_type": "channel"})
        return json.dumps(payload).encode(), payload["event_id"]

    def link(self, channel: str) -> tuple[bytes, str]:
        self.links_posted += 1
        # a distinct URL each time (the page server ignores the query)
        return self.message_event(channel, f"worth a read {self.article_url}?v={self.links_posted}")

    def question(self, rng: random.Random) -> tuple[bytes, str]:
        channel, root = rng.choice(self.threads)
        return self.message_event(channel, rng.choice(QUESTIONS), thread_ts=root)

    def ignored(self, channel: str) -> bytes:
        """The bot's own message echoed back, as Slack does: acknowledged, no work."""
        event = bot_echo_event(channel, self.slack.next_ts(), "a summary")
        return json.dumps(event_callback(event)).encode()


def setup_threads(ws: Workspace, group: Sequence[Server], *, channels: int, timeout: float) -> None:
    """Post one link per channel and wait for each summary: the threads questions go to."""
    prefix = f"CLOAD{secrets.token_hex(2).upper()}"
    ws.channels = [f"{prefix}{n:02d}" for n in range(channels)]
    ws.threads = []
    roots = []
    for n, channel in enumerate(ws.channels):
        ws.slack.channel(channel)
        body, _ = ws.link(channel)
        root = json.loads(body)["event"]["ts"]
        status = http_post(group[n % len(group)].url, body)
        if status != 200:
            raise RuntimeError(f"setup delivery answered {status}")
        roots.append((channel, root))
    ws.slack.wait_for(lambda: all(ws.slack.bot_messages(c, r) for c, r in roots), timeout,
                      "the setup summaries")
    ws.threads = roots


def poisson_offsets(rate: float, duration: float, rng: random.Random) -> list[float]:
    out, t = [], 0.0
    while True:
        t += rng.expovariate(rate)
        if t >= duration:
            return out
        out.append(t)


def plan_events(ws: Workspace, offsets: Sequence[float], servers_n: int, link_share: float,
                rng: random.Random) -> tuple[list[Req], dict[str, str]]:
    """Requests at ``offsets``: questions in article threads, a share of new links."""
    reqs, kinds = [], {}
    for i, offset in enumerate(offsets):
        if rng.random() < link_share:
            body, key = ws.link(rng.choice(ws.channels))
            kinds[key] = "link"
        else:
            body, key = ws.question(rng)
            kinds[key] = "question"
        reqs.append(Req(offset, i % servers_n, EVENTS_PATH, body, key))
    return reqs, kinds


# --------------------------------------------------------------------------- results


def pct(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered) + 0.5)) - 1))]


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.1f}"


@dataclass
class Outcome:
    name: str
    events: int
    seconds: float  # from the first intended send to the last
    ack: list[float]
    reply: list[float]
    lost: list[str]
    duplicated: list[str]
    not_acked: int
    non_200: int
    over_deadline: int  # acks slower than Slack's 3 s
    rerouted: int
    taken_over: int  # jobs run more than once (a dead worker's lease expired)
    failed_jobs: int
    lag_p99: float | None  # generator: actual send - intended (its own health)
    load: str
    server_cpu: float  # CPU seconds of the bot processes during send + drain
    harness_cpu: float  # CPU seconds of this process (FakeSlack, article server)
    peak_pss: float  # MB: the largest PSS of each deployment, summed, during send + drain
    reply_by_kind: dict[str, list[float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class Replies:
    """Bot posts tied to events: metadata job id -> the job's dedupe key (the event id)."""

    def __init__(self, slack: FakeSlack, store: Store, channels: Sequence[str]) -> None:
        self.slack = slack
        self.store = store
        # job ids are per database: only posts in this store's channels are its jobs'
        self.channels = set(channels)
        self._rows: dict[int, dict[str, Any] | None] = {}

    def collect(self, keys: set[str]) -> tuple[dict[str, float], set[str], dict[str, dict[str, Any]]]:
        """First reply time per event, events with a step posted twice, job rows by event."""
        first: dict[str, float] = {}
        steps: dict[tuple[str, str], int] = {}
        rows: dict[str, dict[str, Any]] = {}
        for call in self.slack.calls_to("chat.postMessage"):
            if not call.ok or call.params.get("channel") not in self.channels:
                continue
            meta = call.params.get("metadata")
            if isinstance(meta, str):
                meta = json.loads(meta)
            payload = (meta or {}).get("event_payload") or {}
            job_id, step = payload.get("job_id"), str(payload.get("step"))
            if not isinstance(job_id, int):
                continue
            if job_id not in self._rows:
                self._rows[job_id] = self.store.job_row(job_id)
            row = self._rows[job_id]
            if row is None or row["dedupe_key"] not in keys:
                continue
            key = row["dedupe_key"]
            rows[key] = row
            first[key] = min(first.get(key, call.time), call.time)
            steps[(key, step)] = steps.get((key, step), 0) + 1
        dup = {key for (key, _), n in steps.items() if n > 1}
        return first, dup, rows

    def forget(self, job_ids: set[int]) -> None:
        for job_id in job_ids:
            self._rows.pop(job_id, None)


def wait_drained(group: Sequence[Server], expected_total: int, grace: float) -> float:
    """Wait until no job is queued or running and at least ``expected_total`` finished
    (as a live server sees the shared queue). A saturated server drains slowly, so
    the wait goes on while jobs keep finishing; it ends after ``grace`` seconds
    without progress, and after DRAIN_CAP seconds in any case. Returns the wait."""
    started = time.monotonic()
    last_progress, last_done = started, -1
    poll = threading.Event()
    while time.monotonic() - started < DRAIN_CAP and time.monotonic() - last_progress < grace:
        counts = None
        for s in group:
            if not s.killed:
                counts = s.jobs()
                if counts is not None:
                    break
        if counts:
            finished = counts["done"] + counts["failed"]
            if counts["queued"] == 0 and counts["running"] == 0 and finished >= expected_total:
                break
            if finished > last_done:
                last_progress, last_done = time.monotonic(), finished
        poll.wait(0.25)
    return time.monotonic() - started


def job_total(group: Sequence[Server]) -> int:
    for s in group:
        if not s.killed:
            counts = s.jobs()
            if counts is not None:
                return sum(counts.values())
    return 0


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def measure(name: str, slack: FakeSlack, replies: Replies, group: Sequence[Server],
            reqs: Sequence[Req], kinds: dict[str, str], *, connections: int, grace: float,
            during: Any = None) -> Outcome:
    """Send ``reqs``, wait for the replies, and tie them to the events."""
    before = job_total(group)
    cpu0 = sum(s.cpu_seconds() for s in group)
    harness0 = time.process_time()
    peaks = [0.0] * len(group)
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.wait(0.5):
            for i, s in enumerate(group):
                peaks[i] = max(peaks[i], s.pss_mb())

    sampler = threading.Thread(target=sample, name="pss", daemon=True)
    sampler.start()
    start = time.time() + 2.0  # room for the generator process to start
    span = max((r.offset for r in reqs), default=0.0)
    timer = None
    if during is not None:
        at, action = during
        timer = threading.Timer(max(0.0, start + at - time.time()), action)
        timer.start()
    sent = run_load([s.url for s in group], reqs, connections=connections, start=start,
                    timeout=span + 2.0 + REQUEST_TIMEOUT * 4 + 60)
    if timer is not None:
        timer.join()
    load = loadavg()
    keys = {r.key for r in reqs if r.key}
    acked = {s.key for s in sent if s.status == 200}
    wait_drained(group, before + len(acked), grace)
    server_cpu = sum(s.cpu_seconds() for s in group) - cpu0
    harness_cpu = time.process_time() - harness0
    sampling.set()
    sampler.join()
    # a second reply would show up right after the first: give it a moment
    settle = threading.Event()
    settle.wait(1.0)
    first, dup, rows = replies.collect(keys)
    by_key = {s.key: s for s in sent}
    ack = [s.done - s.intended for s in sent if s.done is not None and s.status == 200]
    reply = {k: first[k] - by_key[k].intended for k in first if k in by_key}
    by_kind: dict[str, list[float]] = {}
    for k, v in reply.items():
        by_kind.setdefault(kinds.get(k, "?"), []).append(v)
    failed_jobs = sum(1 for r in rows.values() if r["status"] == "failed")
    notes = []
    for s in group:
        errs = s.errors()
        if errs:
            notes.append(f"{len(errs)} ERROR/Traceback lines in {s.log_path}: {errs[0][:200]}")
    return Outcome(
        name=name,
        events=len(keys),
        seconds=span,
        ack=ack,
        reply=list(reply.values()),
        lost=sorted(keys - set(first)),
        duplicated=sorted(dup),
        not_acked=sum(1 for s in sent if s.done is None),
        non_200=sum(1 for s in sent if s.done is not None and s.status != 200),
        over_deadline=sum(1 for v in ack if v > ACK_DEADLINE),
        rerouted=sum(1 for s in sent if s.done is not None and s.server != s.preferred),
        taken_over=sum(1 for r in rows.values() if r["attempts"] > 1),
        failed_jobs=failed_jobs,
        lag_p99=pct([s.sent - s.intended for s in sent], 0.99),
        load=load,
        server_cpu=server_cpu,
        harness_cpu=harness_cpu,
        peak_pss=max(peaks, default=0.0),
        reply_by_kind=by_kind,
        notes=notes,
    )


def baseline(group: Sequence[Server], ws: Workspace, *, rate: float, count: int,
             rng: random.Random) -> dict[str, list[float]]:
    """The floor, measured like the load: GET /healthz and an ignored event, open loop."""
    offsets = poisson_offsets(rate, count / rate, rng)
    reqs = []
    for i, off in enumerate(offsets):
        if i % 2:
            reqs.append(Req(off, 0, HEALTH_PATH, b"", f"health{i}"))
        else:
            reqs.append(Req(off, 0, EVENTS_PATH, ws.ignored(ws.channels[0]), f"ignored{i}"))
    sent = run_load([group[0].url], reqs, connections=8, start=time.time() + 2.0,
                    timeout=count / rate + 60)
    out: dict[str, list[float]] = {"healthz": [], "ignored event": []}
    for s in sent:
        if s.done is not None and s.status == 200:
            out["healthz" if s.key.startswith("health") else "ignored event"].append(
                s.done - s.intended)
    return out


# --------------------------------------------------------------------------- report


def print_report(outcomes: Sequence[Outcome], floors: dict[str, dict[str, list[float]]]) -> None:
    print()
    print("Baselines (same generator, open loop, before the load):")
    for where, floor in floors.items():
        for what, values in floor.items():
            print(f"  {where:8s} {what:14s} n={len(values):4d}  p50 {ms(pct(values, .5))} ms  "
                  f"p99 {ms(pct(values, .99))} ms")
    print()
    head = (f"{'scenario':8s} {'events':>6s} {'rate/s':>7s} {'ack p50':>8s} {'ack p99':>8s} "
            f"{'reply p50':>9s} {'reply p99':>9s} {'reply max':>9s} {'lost':>5s} {'dup':>4s} {'>3s':>4s} "
            f"{'no ack':>6s} {'reroute':>7s} {'rerun':>5s} {'load':>15s}")
    print(head)
    print("-" * len(head))
    for o in outcomes:
        rate = o.events / o.seconds if o.seconds > 0 else float("inf")
        rate_s = f"{rate:7.1f}" if rate != float("inf") else "  burst"
        print(f"{o.name:8s} {o.events:6d} {rate_s} {ms(pct(o.ack, .5)):>8s} "
              f"{ms(pct(o.ack, .99)):>8s} {ms(pct(o.reply, .5)):>9s} {ms(pct(o.reply, .99)):>9s} "
              f"{ms(max(o.reply, default=None)):>9s} "
              f"{len(o.lost):5d} {len(o.duplicated):4d} {o.over_deadline:4d} "
              f"{o.not_acked + o.non_200:6d} {o.rerouted:7d} {o.taken_over:5d} {o.load:>15s}")
    print("(latencies in ms from the intended send time; reply = first chat.postMessage of the "
          "event's job; rerun = jobs run more than once)")
    print()
    for o in outcomes:
        p99 = pct(o.ack, .99)
        floor = floors.get("kill" if o.name == "kill" else "single", {})
        parts = []
        if p99 is not None:
            parts.append(f"ack p99 / 100 ms target = {p99 / ACK_TARGET:.2f}")
            for what, values in floor.items():
                f99 = pct(values, .99)
                if f99:
                    parts.append(f"ack p99 / {what} p99 = {p99 / f99:.1f}x")
        kinds = ", ".join(f"{k} reply p50 {ms(pct(v, .5))} / p99 {ms(pct(v, .99))} ms (n={len(v)})"
                          for k, v in sorted(o.reply_by_kind.items()))
        print(f"{o.name}: " + "; ".join(parts))
        if kinds:
            print(f"  {kinds}")
        if o.events:
            print(f"  bot CPU {o.server_cpu:.1f} s = {o.server_cpu / o.events * 1000:.1f} ms per event "
                  f"(so one free core would serve ~{o.events / max(o.server_cpu, 1e-9):.0f} events/s); "
                  f"harness CPU {o.harness_cpu:.1f} s")
        print(f"  memory: peak PSS of one serve deployment (web and job processes) "
              f"{o.peak_pss:.0f} MB (target <= 512 MB)")
        print(f"  generator lag p99 {ms(o.lag_p99)} ms; failed jobs {o.failed_jobs}; "
              f"non-200 {o.non_200}; no response {o.not_acked}")
        if o.lost:
            print(f"  lost: {o.lost[:5]}{' ...' if len(o.lost) > 5 else ''}")
        if o.duplicated:
            print(f"  duplicated: {o.duplicated[:5]}{' ...' if len(o.duplicated) > 5 else ''}")
        for note in o.notes:
            print(f"  note: {note}")
    print()
    verdicts = []
    for o in outcomes:
        p99 = pct(o.ack, .99)
        if o.name == "steady":
            verdicts.append(f"steady ack p99 < 100 ms: {'yes' if p99 is not None and p99 < ACK_TARGET else 'NO'}")
        verdicts.append(f"{o.name} serve PSS <= 512 MB: {'yes' if o.peak_pss <= 512 else 'NO'}")
        verdicts.append(f"{o.name} none lost, none duplicated: "
                        f"{'yes' if not o.lost and not o.duplicated else 'NO'}")
    print("\n".join(verdicts))


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--steady", action="store_true", help="run the steady scenario")
    p.add_argument("--rate", type=float, default=50.0, help="events/s (steady and kill)")
    p.add_argument("--duration", type=float, default=None,
                   help="steady seconds (default 60; giving it selects steady)")
    p.add_argument("--burst", type=int, default=None, help="burst events (default 500)")
    p.add_argument("--kill-one", action="store_true", help="run the kill scenario")
    p.add_argument("--processes", type=int, default=2, help="server processes in the kill scenario")
    p.add_argument("--kill-duration", type=float, default=30.0, help="seconds of load in the kill scenario")
    p.add_argument("--lease", type=float, default=5.0, help="SUMMARYBOT_JOB_LEASE in the kill scenario")
    p.add_argument("--database-url", default=DEFAULT_PG, help="PostgreSQL for the kill scenario (and --store postgres)")
    p.add_argument("--store", choices=("sqlite", "postgres"), default="sqlite",
                   help="database of the single-process scenarios (steady, burst)")
    p.add_argument("--link-share", type=float, default=0.1, help="share of events that post a new link")
    p.add_argument("--threads", type=int, default=8, help="article threads (one per channel) questions go to")
    p.add_argument("--connections", type=int, default=32, help="generator connections (steady, kill)")
    p.add_argument("--burst-connections", type=int, default=50, help="generator connections (burst)")
    p.add_argument("--grace", type=float, default=30.0,
                   help="after the load, replies are awaited until the queue drains or no job "
                        "finishes for this many seconds")
    p.add_argument("--server-env", action="append", default=[], metavar="NAME=VALUE",
                   help="extra environment of the bot processes (repeatable), e.g. "
                        "SUMMARYBOT_WORKER_THREADS=2")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--profile", type=Path, default=None,
                   help="py-spy record the single server's worker during steady into this SVG")
    p.add_argument("--profile-mode", choices=("cpu", "wall"), default="cpu",
                   help="cpu: samples of the thread holding the GIL; wall: all threads, waits included")
    args = p.parse_args(argv)
    chosen = {"steady": args.steady or args.duration is not None,
              "burst": args.burst is not None, "kill": args.kill_one}
    if not any(chosen.values()):
        chosen = dict.fromkeys(chosen, True)
    args.scenarios = [k for k, v in chosen.items() if v]
    args.env = {}
    for item in args.server_env:
        name, sep, value = item.partition("=")
        if not sep or not name:
            p.error(f"--server-env needs NAME=VALUE, got {item!r}")
        args.env[name] = value
    args.duration = 60.0 if args.duration is None else args.duration
    args.burst = 500 if args.burst is None else args.burst
    if args.rate <= 0 or args.duration <= 0 or args.kill_duration <= 0:
        p.error("--rate, --duration and --kill-duration must be positive")
    if args.burst < 1 or args.connections < 1 or args.burst_connections < 1 or args.threads < 1:
        p.error("--burst, --connections, --burst-connections and --threads must be at least 1")
    if args.processes < 2:
        p.error("--processes must be at least 2: one is killed")
    if not 0 <= args.link_share <= 1:
        p.error("--link-share must be between 0 and 1")
    if args.lease <= 0 or args.grace <= 0:
        p.error("--lease and --grace must be positive")
    return args


def start_profile(server: Server, out: Path, seconds: float, mode: str
                  ) -> subprocess.Popen[bytes] | None:
    pids = server.worker_pids()
    if not pids:
        print("profile: no gunicorn worker found", file=sys.stderr)
        return None
    # an .svg flame graph, or collapsed stacks (one line per stack) for any other name
    fmt = "flamegraph" if out.suffix == ".svg" else "raw"
    return subprocess.Popen(["py-spy", "record", "--pid", str(pids[0]), "--duration",
                             str(int(seconds)), "--rate", "50", "--threads",
                             # cpu: only the thread holding the GIL; wall: every thread, waits too
                             "--gil" if mode == "cpu" else "--idle",
                             "--format", fmt, "--output", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def single_process(args: argparse.Namespace, slack: FakeSlack, web: ArticleServer, tmp: Path,
                   rng: random.Random, outcomes: list[Outcome],
                   floors: dict[str, dict[str, list[float]]]) -> None:
    schema_ctx = pg_schema(args.database_url) if args.store == "postgres" else None
    url, store = "", None
    if schema_ctx is not None:
        schema, store = schema_ctx.__enter__()
        url = schema.database_url
    try:
        with servers(slack, tmp / "single", 1, database_url=url, env=args.env) as group:
            if store is None:
                store = Store(f"sqlite:///{group[0].data_dir / 'summarybot.db'}")
            ws = Workspace(slack, web.url("/nato"))
            setup_threads(ws, group, channels=args.threads, timeout=120)
            replies = Replies(slack, store, ws.channels)
            floors["single"] = baseline(group, ws, rate=args.rate, count=200, rng=rng)
            if "steady" in args.scenarios:
                offsets = poisson_offsets(args.rate, args.duration, rng)
                reqs, kinds = plan_events(ws, offsets, 1, args.link_share, rng)
                prof = None
                if args.profile is not None:
                    prof = start_profile(group[0], args.profile, args.duration, args.profile_mode)
                print(f"steady: {len(reqs)} events over {args.duration:.0f}s ...", flush=True)
                outcomes.append(measure("steady", slack, replies, group, reqs, kinds,
                                        connections=args.connections, grace=args.grace))
                if prof is not None:
                    prof.wait(args.duration + 60)
            if "burst" in args.scenarios:
                reqs, kinds = plan_events(ws, [0.0] * args.burst, 1, args.link_share, rng)
                print(f"burst: {len(reqs)} events at once ...", flush=True)
                outcomes.append(measure("burst", slack, replies, group, reqs, kinds,
                                        connections=args.burst_connections, grace=args.grace))
    finally:
        if schema_ctx is not None:
            schema_ctx.__exit__(None, None, None)
        elif store is not None:
            store.close()


def kill_scenario(args: argparse.Namespace, slack: FakeSlack, web: ArticleServer, tmp: Path,
                  rng: random.Random, outcomes: list[Outcome],
                  floors: dict[str, dict[str, list[float]]]) -> None:
    env = {**args.env, "SUMMARYBOT_JOB_LEASE": str(args.lease)}
    with pg_schema(args.database_url) as (schema, store), \
            servers(slack, tmp / "kill", args.processes,
                    database_url=schema.database_url, env=env) as group:
        ws = Workspace(slack, web.url("/nato"))
        setup_threads(ws, group, channels=args.threads, timeout=120)
        floors["kill"] = baseline(group, ws, rate=args.rate, count=100, rng=rng)
        offsets = poisson_offsets(args.rate, args.kill_duration, rng)
        reqs, kinds = plan_events(ws, offsets, len(group), args.link_share, rng)
        victim = group[-1]
        print(f"kill: {len(reqs)} events over {args.kill_duration:.0f}s on {len(group)} processes, "
              f"SIGKILL one at {args.kill_duration / 2:.0f}s ...", flush=True)
        outcome = measure("kill", slack, Replies(slack, store, ws.channels), group, reqs, kinds,
                          connections=args.connections, grace=args.grace + args.lease,
                          during=(args.kill_duration / 2, victim.kill))
        outcomes.append(outcome)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    rng = random.Random(args.seed)
    outcomes: list[Outcome] = []
    floors: dict[str, dict[str, list[float]]] = {}
    print(f"load average at start: {loadavg()}; cpus: {os.cpu_count()}; "
          f"scenarios: {', '.join(args.scenarios)}", flush=True)
    with tempfile.TemporaryDirectory(prefix="summarybot-load-") as tmpdir, \
            FakeSlack() as slack, ArticleServer() as web:
        tmp = Path(tmpdir)
        if "steady" in args.scenarios or "burst" in args.scenarios:
            single_process(args, slack, web, tmp, rng, outcomes, floors)
        if "kill" in args.scenarios:
            kill_scenario(args, slack, web, tmp, rng, outcomes, floors)
        print_report(outcomes, floors)
    print(f"load average at end: {loadavg()}")
    bad = any(o.lost or o.duplicated for o in outcomes)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
