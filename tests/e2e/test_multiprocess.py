"""Several ``summarybot serve`` processes on one PostgreSQL: every event is
answered exactly once, whichever process gets it and however often, and no work
is lost when a process is SIGKILLed, SIGTERMed or loses its database connections.

Real processes, a real PostgreSQL (a private schema per run, dropped after),
the fake Slack and article servers on real sockets. Which process holds a job is
read from the job's row (its worker_id carries the pid), so kills are aimed.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from e2e_harness import STOP_TIMEOUT, BotProcess, Conversation
from e2e_support import assert_summary
from fakes.articles import ArticleServer, nato_html
from fakes.slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack, Message, slack_markup
from fakes.webserver import Reply, Request, WebServer
from multiproc_support import (
    Cluster,
    Hold,
    PgSchema,
    harbour_article,
    harbour_title,
    job_pid,
    postgres_client_ports,
)
from polling import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

LEASE = 4.0  # seconds; short so a takeover happens within the test, long enough for a busy box
SETTLE = 1.5  # how long a second reply has to show up before we call it "one"
NATO = nato_html().encode("utf-8")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def pg() -> Iterator[PgSchema]:
    schema = PgSchema()
    yield schema
    schema.drop()


@pytest.fixture(scope="module")
def pages() -> Iterator[WebServer]:
    """Pages a test controls (held open, or many small ones)."""
    with WebServer() as server:
        yield server


@pytest.fixture(scope="module")
def cluster(slack: FakeSlack, pg: PgSchema, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[Cluster]:
    group = Cluster(slack, tmp_path_factory.mktemp("multiproc"), {
        "DATABASE_URL": pg.database_url,
        "SUMMARYBOT_JOB_LEASE": str(LEASE),
    })
    yield group
    dead = group.unexpected_deaths()
    codes = group.stop_all()
    assert not dead, "a bot process died on its own:\n" + "\n".join(p.logs(60) for p in dead)
    bad = {p.port: c for p, c in codes.items() if c != 0}
    assert not bad, f"exit codes on SIGTERM: {bad}"
    for p in group.procs:
        log = p.log_path.read_text(encoding="utf-8", errors="replace")
        assert BOT_TOKEN not in log and SIGNING_SECRET not in log, "a secret appears in a log"


@pytest.fixture
def conversations(slack: FakeSlack) -> Iterator[Callable[..., Conversation]]:
    opened: list[Conversation] = []

    def open_(proc: BotProcess, *, echo: bool = True) -> Conversation:
        conv = Conversation(slack, proc, echo=echo)
        opened.append(conv)
        return conv

    yield open_
    for conv in opened:
        conv.close()


def link_message(conv: Conversation, channel: str, url: str) -> tuple[str, dict[str, Any]]:
    """A person posts ``url``; returns its ts and the one Events API payload Slack
    sends for it (not delivered yet)."""
    ts = conv.send_message(channel, url, deliver=False)
    (payload,) = conv.events_for(channel, ts, slack_markup(url))
    return ts, payload


def fail_with(slack: FakeSlack, procs: list[BotProcess], message: str) -> None:
    logs = "\n".join(p.logs(60) for p in procs)
    pytest.fail(f"{message}\n--- Web API calls ---\n{slack.describe()}\n{logs}")


def expect_one_reply_each(slack: FakeSlack, channel: str, threads: list[str],
                          procs: list[BotProcess], timeout: float) -> dict[str, Message]:
    try:
        slack.wait_for(lambda: all(slack.bot_messages(channel, t) for t in threads), timeout,
                       f"a reply in each of {len(threads)} threads")
    except AssertionError as err:
        missing = [t for t in threads if not slack.bot_messages(channel, t)]
        fail_with(slack, procs, f"{err}; {len(missing)} threads have none")
    if not slack.holds_for(lambda: any(len(slack.bot_messages(channel, t)) > 1 for t in threads),
                           SETTLE):
        doubled = {t: len(slack.bot_messages(channel, t)) for t in threads
                   if len(slack.bot_messages(channel, t)) > 1}
        fail_with(slack, procs, f"threads with more than one reply: {doubled}")
    return {t: slack.bot_messages(channel, t)[0] for t in threads}


def held_nato(hold: Hold) -> Callable[[Request], Reply]:
    def handler(_req: Request) -> Reply:
        hold.enter()
        return Reply.html(NATO.decode("utf-8"))

    return handler


def start_held_link_job(conv: Conversation, channel: str, pages: WebServer, pg: PgSchema,
                        hold: Hold, path: str) -> tuple[str, str, Any]:
    """Delivers a link to ``path``, a page that holds its answer until ``hold`` is
    released; once a process is running the job, returns the link's ts, the event id
    and the job's row."""
    pages.route(path, held_nato(hold))
    ts, payload = link_message(conv, channel, pages.url(path))
    conv.deliver(payload)
    hold.wait_arrived(30, "the article request of the job")
    row = pg.job(payload["event_id"])
    assert row is not None and row["status"] == "running", row
    return ts, payload["event_id"], row


# --------------------------------------------------------------------------- tests
# Ordered so that processes a test kills are replaced only when a later test needs them.


def test_same_event_at_both_processes_and_its_retries_gets_one_reply(
        slack: FakeSlack, web: ArticleServer, pg: PgSchema, cluster: Cluster,
        conversations: Callable[..., Conversation], new_channel: Callable[..., str]) -> None:
    a, b = cluster.ensure(2)[:2]
    conv_a, conv_b = conversations(a), conversations(b, echo=False)
    channel = new_channel()
    url = web.url("/nato")
    ts, payload = link_message(conv_a, channel, url)
    # the first deliveries race each other on the dedupe key
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda conv: conv.deliver(payload), (conv_a, conv_b)))
    for retry in (1, 2):
        conv_a.deliver(payload, retry=retry)
        conv_b.deliver(payload, retry=retry)
    assert_summary(conv_a.expect_one_reply(channel, ts, settle=SETTLE).all_text, source=url)
    assert len(slack.posts(channel)) == 1, slack.describe()
    # after posting, the job goes on to prepare the article's answers: wait for it to end
    wait_until(lambda: pg.jobs([payload["event_id"]])[0]["status"] == "done", 60, "the job done")
    rows = pg.jobs([payload["event_id"]])
    assert len(rows) == 1 and rows[0]["status"] == "done" and rows[0]["attempts"] == 1, rows


def test_burst_spread_over_both_processes_and_duplicated_gets_one_reply_per_thread(
        slack: FakeSlack, pages: WebServer, pg: PgSchema, cluster: Cluster,
        conversations: Callable[..., Conversation], new_channel: Callable[..., str]) -> None:
    n = 30
    procs = cluster.ensure(2)[:2]
    convs = [conversations(procs[0]), conversations(procs[1], echo=False)]
    channel = new_channel()
    deliveries: list[tuple[Conversation, dict[str, Any]]] = []
    threads: list[str] = []
    keys: list[str] = []
    for i in range(n):
        path = f"/harbour/{i}"
        pages.route(path, Reply.html(harbour_article(i)))
        ts, payload = link_message(convs[0], channel, pages.url(path))
        threads.append(ts)
        keys.append(payload["event_id"])
        first, other = convs[i % 2], convs[(i + 1) % 2]
        deliveries += [(first, payload), (other, payload)]
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda d: d[0].deliver(d[1]), deliveries))
    replies = expect_one_reply_each(slack, channel, threads, procs, timeout=120)
    for i, ts in enumerate(threads):
        text = replies[ts].all_text
        assert harbour_title(i).split(":")[0] in text, f"thread {i} got another article:\n{text}"
    assert len(slack.posts(channel)) == n, slack.describe()
    rows = pg.jobs(keys)
    assert len(rows) == n and {r["status"] for r in rows} == {"done"}, rows


def test_dropped_database_connections_are_recovered_without_lost_or_double_replies(
        slack: FakeSlack, web: ArticleServer, pg: PgSchema, cluster: Cluster,
        conversations: Callable[..., Conversation], new_channel: Callable[..., str]) -> None:
    procs = cluster.ensure(2)[:2]
    convs = [conversations(procs[0]), conversations(procs[1], echo=False)]
    assert all(p.proc is not None for p in procs)
    # idle processes hold at least their LISTEN connection
    before = {p.port: postgres_client_ports(p.proc.pid) for p in procs}
    assert all(before.values()), f"no PostgreSQL connections found: {before}"
    killed = pg.terminate(set().union(*before.values()))
    assert killed >= 2, f"terminated {killed} backends of {before}"

    channel = new_channel()
    threads, keys = [], []
    for i in range(4):
        ts, payload = link_message(convs[0], channel, web.url("/nato") + f"?copy={i}")
        threads.append(ts)
        keys.append(payload["event_id"])
        convs[i % 2].deliver(payload)  # enqueued over a connection that must be re-made
        convs[(i + 1) % 2].deliver(payload)
    # and once more while the jobs run
    pg.terminate(set().union(*(postgres_client_ports(p.proc.pid) for p in procs)))
    expect_one_reply_each(slack, channel, threads, procs, timeout=60)
    assert len(slack.posts(channel)) == 4, slack.describe()

    for p in procs:
        def healthy(p: BotProcess = p) -> bool:
            try:
                return p.healthz().status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(healthy, 20, f"/healthz 200 from the process on port {p.port}")
    wait_until(lambda: {r["status"] for r in pg.jobs(keys)} == {"done"}, 20, "all jobs done")
    after = {p.port: postgres_client_ports(p.proc.pid) for p in procs}
    assert all(after.values()), f"no reconnection: {after}"


def test_sigkill_mid_job_another_process_finishes_it_after_the_lease(
        slack: FakeSlack, pages: WebServer, pg: PgSchema, cluster: Cluster,
        conversations: Callable[..., Conversation], new_channel: Callable[..., str]) -> None:
    procs = cluster.ensure(2)
    hold = Hold()
    conv = conversations(procs[0])
    channel = new_channel()
    try:
        ts, event_id, row = start_held_link_job(conv, channel, pages, pg, hold, "/held-kill")
        victim = cluster.owner(job_pid(row))
        cluster.kill(victim)
        conv.bot = next(p for p in cluster.running)  # echoes go to a live process
    finally:
        hold.released.set()
    reply = conv.expect_one_reply(channel, ts, timeout=LEASE + 30, settle=SETTLE)
    assert_summary(reply.all_text)
    done = wait_until(lambda: (r := pg.job(event_id)) and r["status"] == "done" and r,
                      20, "the job to be marked done")
    assert done["attempts"] == 2, done
    assert done["worker_id"] != row["worker_id"], done
    assert cluster.owner(job_pid(done)) is not victim
    assert hold.calls == 2, f"the article was fetched {hold.calls} times"
    assert len(slack.posts(channel)) == 1, slack.describe()


def test_sigkill_after_the_reply_was_posted_does_not_post_it_again(
        slack: FakeSlack, web: ArticleServer, pg: PgSchema, cluster: Cluster,
        conversations: Callable[..., Conversation], new_channel: Callable[..., str]) -> None:
    procs = cluster.ensure(2)
    conv = conversations(procs[0])
    channel = new_channel()
    hold = Hold()

    def hold_reply(msg: Message) -> None:
        # runs inside the fake's chat.postMessage handler: the message is stored,
        # its HTTP response is not sent until released
        if msg.from_bot and msg.channel == channel and msg.via == "chat.postMessage":
            hold.enter()

    slack.message_listeners.append(hold_reply)
    try:
        ts, payload = link_message(conv, channel, web.url("/nato") + "?held-reply")
        try:
            conv.deliver(payload)
            hold.wait_arrived(30, "the summary's chat.postMessage")
            row = pg.job(payload["event_id"])
            assert row is not None and row["status"] == "running", row
            victim = cluster.owner(job_pid(row))
            cluster.kill(victim)
            conv.bot = next(p for p in cluster.running)
        finally:
            hold.released.set()
        done = wait_until(lambda: (r := pg.job(payload["event_id"])) and r["status"] == "done"
                          and r, LEASE + 30, "the job to be taken over and marked done")
    finally:
        slack.message_listeners.remove(hold_reply)
    assert done["attempts"] == 2, done
    assert cluster.owner(job_pid(done)) is not victim
    assert_summary(conv.expect_one_reply(channel, ts, timeout=5, settle=SETTLE).all_text)
    assert len(slack.posts(channel)) == 1, \
        f"the retry posted the summary again\n{slack.describe()}"
    # the takeover looked for its reply in the thread instead of posting blindly
    assert any(c.params.get("channel") == channel for c in slack.calls_to("conversations.replies"))


def test_sigterm_finishes_the_job_in_flight_and_exits_0(
        slack: FakeSlack, pages: WebServer, pg: PgSchema, cluster: Cluster,
        conversations: Callable[..., Conversation], new_channel: Callable[..., str]) -> None:
    procs = cluster.ensure(1)
    hold = Hold()
    conv = conversations(procs[0])
    channel = new_channel()
    try:
        ts, event_id, row = start_held_link_job(conv, channel, pages, pg, hold, "/held-term")
        proc = cluster.owner(job_pid(row))
        assert proc.proc is not None
        cluster.terminated.append(proc)
        proc.proc.send_signal(signal.SIGTERM)
        signalled = time.monotonic()

        def stopped_listening() -> bool:
            try:
                proc.healthz()
            except httpx.HTTPError:
                return True
            return False

        # it takes no more requests, yet the job is still held open: it is draining
        wait_until(stopped_listening, 20, "the process to stop taking requests after SIGTERM")
        assert proc.running, f"exited before finishing its job\n{proc.logs()}"
        assert not slack.bot_messages(channel, ts)
    finally:
        hold.released.set()
    reply = conv.expect_one_reply(channel, ts, timeout=STOP_TIMEOUT, settle=0.1)
    assert_summary(reply.all_text)
    code = proc.proc.wait(timeout=max(1.0, STOP_TIMEOUT - (time.monotonic() - signalled)))
    assert code == 0, proc.logs()
    done = pg.job(event_id)
    assert done is not None and done["status"] == "done" and done["attempts"] == 1, done
    assert hold.calls == 1


def test_sqlite_stays_the_zero_setup_default_for_one_process(
        slack: FakeSlack, web: ArticleServer, tmp_path: Path,
        conversations: Callable[..., Conversation], new_channel: Callable[..., str]) -> None:
    data = tmp_path / "sqlite"
    proc = BotProcess(slack, data)
    assert "DATABASE_URL" not in proc.env
    proc.start()
    try:
        conv = conversations(proc)
        channel = new_channel()
        ts = conv.send_message(channel, web.url("/nato"))
        assert_summary(conv.expect_one_reply(channel, ts, settle=SETTLE).all_text)
        assert (data / "summarybot.db").is_file(), sorted(p.name for p in data.iterdir())
    finally:
        code = proc.stop()
    assert code == 0, proc.logs()
