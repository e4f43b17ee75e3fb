"""Store: articles scoped to workspace/channel/thread, replies, setup. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from manual_clock import ManualClock

from bot.document import Document, Paragraph
from bot.errors import ConfigError, StoreError, UsageError
from bot.settings import Settings
from bot.storage.clock import SystemClock
from bot.storage.database import normalize_url
from bot.storage.store import Store


def doc(title: str = "Title", *paras: str, source: str = "https://example.com/a") -> Document:
    paras = paras or ("First paragraph. It has two sentences.", "Second one.")
    return Document(
        title=title,
        source=source,
        language="english",
        paragraphs=tuple(Paragraph(i, p, (p,)) for i, p in enumerate(paras)),
        author="Ann",
        date="2024-05-01",
        meta=(("content_type", "text/html"),),
    )


# ---------------------------------------------------------------- setup


def test_normalize_url_maps_postgres_spellings_to_psycopg3() -> None:
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgresql://u@h:5432/db") == "postgresql+psycopg://u@h:5432/db"
    assert normalize_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
    with pytest.raises(UsageError):
        normalize_url("mysql://u@h/db")
    with pytest.raises(UsageError):
        normalize_url("")


def test_schema_is_validated(tmp_path: Path, pg_url: str) -> None:
    with pytest.raises(UsageError, match="only supported on PostgreSQL"):
        Store(f"sqlite:///{tmp_path / 'x.db'}", schema="abc")
    with pytest.raises(UsageError, match="schema name"):
        Store(pg_url, schema="bad; drop table x")


def test_from_settings_creates_the_sqlite_directory(tmp_path: Path) -> None:
    data_dir = tmp_path / "nested" / "data"
    settings = Settings.from_env({"SUMMARYBOT_DATA_DIR": str(data_dir)}, dotenv=False)
    store = Store.from_settings(settings)
    try:
        store.ping()
        assert (data_dir / "summarybot.db").is_file()
        assert not store.is_postgres
    finally:
        store.close()


def test_from_settings_reports_a_bad_url_as_config_error() -> None:
    settings = Settings.from_env({"DATABASE_URL": "mysql://u@h/db"}, dotenv=False)
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        Store.from_settings(settings)


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()


def test_opening_twice_at_once_is_safe(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    errors: list[BaseException] = []
    stores: list[Store] = []

    def open_store() -> None:
        try:
            stores.append(Store(url))
        except Exception as err:  # noqa: BLE001 - collected and asserted below
            errors.append(err)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(stores) == 4
    for s in stores:
        s.close()


def test_in_memory_sqlite_is_shared_across_threads() -> None:
    store = Store("sqlite://")
    article_id = store.save_article(team_id="T", channel_id="C", thread_ts="1.0", document=doc())
    seen: list[int | None] = []
    t = threading.Thread(
        target=lambda: seen.append(getattr(store.article_for_thread("T", "C", "1.0"), "id", None))
    )
    t.start()
    t.join()
    assert seen == [article_id]


def test_clock_is_the_system_clock_unless_given(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    assert isinstance(store.clock, SystemClock)
    store.close()
    with pytest.raises(UsageError, match="clock"):
        Store(f"sqlite:///{tmp_path / 'x.db'}", clock=object())  # type: ignore[arg-type]


def test_unreachable_postgres_is_a_friendly_store_error() -> None:
    with pytest.raises(StoreError) as info:
        Store("postgresql://postgres:s3cret@127.0.0.1:1/test")
    assert "s3cret" not in str(info.value)
    assert "\n" not in str(info.value)


# ---------------------------------------------------------------- articles


def test_article_round_trip(store: Store) -> None:
    d = doc("Hello", "One. Two.", "Three.")
    article_id = store.save_article(team_id="T1", channel_id="C1", thread_ts="1.1", document=d)
    got = store.article_for_thread("T1", "C1", "1.1")
    assert got is not None
    assert got.id == article_id
    assert (got.team_id, got.channel_id, got.thread_ts) == ("T1", "C1", "1.1")
    assert got.document == d
    assert got.document.meta == d.meta
    assert got.title == "Hello"
    assert got.source == "https://example.com/a"
    assert got.created_at.tzinfo is not None
    assert abs((datetime.now(UTC) - got.created_at).total_seconds()) < 60


def test_save_article_upserts_per_thread(store: Store) -> None:
    first = store.save_article(team_id="T1", channel_id="C1", thread_ts="1.1", document=doc("A"))
    second = store.save_article(team_id="T1", channel_id="C1", thread_ts="1.1", document=doc("B"))
    assert first == second
    got = store.article_for_thread("T1", "C1", "1.1")
    assert got is not None and got.title == "B"


def test_article_vectors_are_kept_until_the_article_changes_or_goes(store: Store) -> None:
    first = store.save_article(team_id="T1", channel_id="C1", thread_ts="1.1", document=doc("A"))
    assert store.vectors_for(first) is None
    store.save_vectors(first, b"\x00\x01vectors")
    assert store.vectors_for(first) == b"\x00\x01vectors"
    store.save_vectors(first, b"newer")
    assert store.vectors_for(first) == b"newer"
    # the thread's article replaced: its vectors described other sentences
    assert store.save_article(team_id="T1", channel_id="C1", thread_ts="1.1", document=doc("B")) == first
    assert store.vectors_for(first) is None
    store.save_vectors(first, b"again")
    store.delete_team("T1")
    assert store.vectors_for(first) is None
    store.save_vectors(first, b"for an article that is gone")
    assert store.vectors_for(first) is None


def test_articles_never_cross_team_channel_or_thread(store: Store) -> None:
    store.save_article(team_id="T1", channel_id="C1", thread_ts="1.1", document=doc("mine"))
    assert store.article_for_thread("T2", "C1", "1.1") is None
    assert store.article_for_thread("T1", "C2", "1.1") is None
    assert store.article_for_thread("T1", "C1", "1.2") is None
    assert store.latest_article("T2", "C1") is None
    assert store.latest_article("T1", "C2") is None


def test_has_article_checks_one_thread_without_reading_it(store: Store) -> None:
    assert not store.has_article("T1", "C1", "1.1")
    store.save_article(team_id="T1", channel_id="C1", thread_ts="1.1", document=doc("mine"))
    assert store.has_article("T1", "C1", "1.1")
    assert not store.has_article("T2", "C1", "1.1")
    assert not store.has_article("T1", "C2", "1.1")
    assert not store.has_article("T1", "C1", "1.2")
    with pytest.raises(UsageError):
        store.has_article("T1", "", "1.1")


def test_replacing_an_article_keeps_its_id_and_moves_updated_at(
    clocked_store: Store, clock: ManualClock
) -> None:
    store = clocked_store
    store.save_article(team_id="T1", channel_id="C1", thread_ts="1.1", document=doc("A"))
    first = store.article_for_thread("T1", "C1", "1.1")
    clock.advance(90)
    store.save_article(team_id="T1", channel_id="C1", thread_ts="1.1", document=doc("B"))
    second = store.article_for_thread("T1", "C1", "1.1")
    assert first is not None and second is not None
    assert first.id == second.id and first.created_at == second.created_at
    assert first.updated_at is not None and second.updated_at is not None
    assert (second.updated_at - first.updated_at).total_seconds() == pytest.approx(90)


def test_latest_article_is_the_newest_in_that_channel_only(store: Store) -> None:
    store.save_article(team_id="T1", channel_id="C1", thread_ts="1.1", document=doc("old"))
    store.save_article(team_id="T1", channel_id="C1", thread_ts="2.2", document=doc("new"))
    # Newer articles elsewhere must not leak in.
    store.save_article(team_id="T1", channel_id="C9", thread_ts="3.3", document=doc("other chan"))
    store.save_article(team_id="T9", channel_id="C1", thread_ts="4.4", document=doc("other team"))
    latest = store.latest_article("T1", "C1")
    assert latest is not None and latest.title == "new"
    # Re-summarizing an older thread makes it the latest.
    store.save_article(team_id="T1", channel_id="C1", thread_ts="1.1", document=doc("again"))
    latest = store.latest_article("T1", "C1")
    assert latest is not None and latest.thread_ts == "1.1" and latest.title == "again"


def test_article_arguments_are_validated(store: Store) -> None:
    with pytest.raises(UsageError):
        store.save_article(team_id="T", channel_id="", thread_ts="1.1", document=doc())
    with pytest.raises(UsageError):
        store.save_article(team_id="T", channel_id="C", thread_ts="1.1", document="text")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        store.article_for_thread("T", "C", None)  # type: ignore[arg-type]


def test_delete_team_removes_only_that_team(store: Store) -> None:
    from bot.jobs.queue import Queue

    queue = Queue(store)
    store.save_article(team_id="T1", channel_id="C1", thread_ts="1.1", document=doc())
    store.save_article(team_id="T2", channel_id="C1", thread_ts="1.1", document=doc())
    queue.enqueue("summarize", {"n": 1}, dedupe_key="e1", team_id="T1")
    queue.enqueue("summarize", {"n": 2}, dedupe_key="e2", team_id="T2")
    job = queue.claim("w")
    assert job is not None
    store.record_reply(job.id, "summary", "9.9")

    store.delete_team("T1" if job.team_id == "T1" else "T2")
    gone, kept = ("T1", "T2") if job.team_id == "T1" else ("T2", "T1")
    assert store.article_for_thread(gone, "C1", "1.1") is None
    assert store.article_for_thread(kept, "C1", "1.1") is not None
    assert store.reply_for(job.id, "summary") is None
    assert sum(queue.counts().values()) == 1


# ---------------------------------------------------------------- replies


def test_record_reply_is_idempotent_and_first_wins(store: Store) -> None:
    assert store.reply_for(1, "summary") is None
    store.record_reply(1, "summary", "111.1")
    store.record_reply(1, "summary", "222.2")
    store.record_reply(1, "answer", "333.3")
    assert store.reply_for(1, "summary") == "111.1"
    assert store.reply_for(1, "answer") == "333.3"
    assert store.reply_for(2, "summary") is None
    with pytest.raises(UsageError):
        store.record_reply(1, "", "1.0")


def test_create_tables_for_other_libraries(store: Store) -> None:
    extra = sa.MetaData()
    sa.Table(f"extra_{uuid.uuid4().hex[:8]}", extra, sa.Column("id", sa.Integer, primary_key=True))
    store.create_tables(extra)
    store.create_tables(extra)  # idempotent
    table = next(iter(extra.tables.values()))
    with store.engine.begin() as conn:
        conn.execute(table.insert().values(id=1))
        assert conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() == 1
        table.drop(conn)


def test_several_articles_vectors_are_read_together(store: Store) -> None:
    one = store.save_article(team_id="T1", channel_id="C1", thread_ts="1.1", document=doc("A"))
    two = store.save_article(team_id="T1", channel_id="C1", thread_ts="2.2", document=doc("B"))
    three = store.save_article(team_id="T1", channel_id="C1", thread_ts="3.3", document=doc("C"))
    store.save_vectors(one, b"first")
    store.save_vectors(three, b"third")
    assert store.vectors_by_id([one, two, three]) == {one: b"first", three: b"third"}
    assert store.vectors_by_id([two]) == {} and store.vectors_by_id([]) == {}
