"""The job side: exactly-once posting across re-runs, and Slack's refusals,
rate limits and outages, against the fake Web API."""

from __future__ import annotations

import dataclasses
import logging
import threading

import pytest
from fakes.articles import NATO_TITLE, ArticleServer
from fakes.slack import BOT_ID, TEAM_ID, Message
from slack_harness import Bot, new_channel

from bot.document import Document, Paragraph
from bot.errors import UsageError
from bot.jobs.queue import Job, RetryableError
from bot.slack.logs import RedactingFilter, redact
from bot.slack.service import Service
from bot.slack.web import reply_metadata


def link_job(bot: Bot, web: ArticleServer) -> tuple[Job, str, str]:
    """A user posts a link; the job is enqueued and claimed but not yet run."""
    ch = new_channel(bot.slack)
    ts = bot.say(ch, web.url("/nato"))
    job = bot.rt.queue.claim("test")
    assert job is not None and job.kind == "summarize"
    return job, ch, ts


def test_rerun_after_crash_finds_the_earlier_post_by_metadata(bot: Bot, web: ArticleServer) -> None:
    job, ch, ts = link_job(bot, web)
    # a previous attempt posted, then died before recording it
    earlier = bot.slack.add_message(Message(ch, bot.slack.next_ts(), "Summary", bot_id=BOT_ID, thread_ts=ts,
                                            metadata=reply_metadata(job.id, "item0:0")))
    posts_before = len(bot.slack.posts(ch))
    bot.rt.service.handle(dataclasses.replace(job, attempts=2))
    assert len(bot.slack.posts(ch)) == posts_before
    assert bot.rt.store.reply_for(job.id, "item0:0") == earlier.ts


def test_recorded_step_is_never_posted_twice(bot: Bot, web: ArticleServer) -> None:
    job, ch, ts = link_job(bot, web)
    bot.rt.service.handle(job)
    bot.rt.service.handle(job)
    assert len(bot.replies(ch, ts)) == 1


def test_rate_limit_waits_and_posts_once(bot: Bot, web: ArticleServer) -> None:
    job, ch, ts = link_job(bot, web)
    bot.slack.fail_next("chat.postMessage", status=429, retry_after=1)
    bot.rt.service.handle(job)
    replies = bot.replies(ch, ts)
    assert len(replies) == 1 and NATO_TITLE in replies[0].all_text
    limited, ok = bot.slack.posts(ch)[-2:]
    assert limited.status == 429 and ok.ok and ok.time - limited.time >= 0.9


def test_not_in_channel_ends_the_job_and_is_logged_once(bot: Bot, web: ArticleServer,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    ch = new_channel(bot.slack, member=False)
    bot.say(ch, web.url("/nato"))
    bot.say(ch, web.url("/nato"))
    with caplog.at_level(logging.WARNING, logger="bot.slack.service"):
        assert bot.run_jobs() == 2
    warnings = [r for r in caplog.records if "not_in_channel" in r.getMessage()]
    assert len(warnings) == 1
    assert bot.rt.queue.counts().get("done") == 2


def test_slack_outage_is_retryable(bot: Bot, web: ArticleServer) -> None:
    job, ch, ts = link_job(bot, web)
    bot.slack.fail_next("chat.postMessage", status=503, times=4)  # the client retries 3 times itself
    with pytest.raises(RetryableError):
        bot.rt.service.handle(job)
    assert bot.replies(ch, ts) == []
    bot.rt.service.handle(dataclasses.replace(job, attempts=2))
    assert len(bot.replies(ch, ts)) == 1


def test_unknown_job_kind_is_dropped(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR):
        bot.rt.service.handle(Job(1, "bogus", "T1", {}, 1, "k"))
    assert "unknown job kind" in caplog.text


def test_service_validates_arguments(bot: Bot) -> None:
    with pytest.raises(UsageError):
        Service(store="nope", settings=bot.settings, web_for=lambda t, e: None)  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        Service(store=bot.rt.store, settings=bot.settings, web_for=None)  # type: ignore[arg-type]


def test_follow_up_questions_reuse_the_answer_index(bot: Bot, web: ArticleServer) -> None:
    job, ch, ts = link_job(bot, web)
    service = bot.rt.service
    builds = service.index_builds
    bot.rt.service.handle(job)
    # the summarizing job built what answering needs, once
    assert service.index_builds == builds + 1
    for question in ("What did Austin say?", "What did Stoltenberg say?"):
        bot.say(ch, question, thread_ts=ts)
        asked = bot.rt.queue.claim("test")
        assert asked is not None and asked.kind == "ask"
        service.handle(asked)
    assert service.index_builds == builds + 1
    answers = bot.replies(ch, ts)[1:]
    assert len(answers) == 2 and "Austin" in answers[0].all_text


def test_another_process_answers_from_the_stored_vectors(bot: Bot, web: ArticleServer) -> None:
    job, ch, ts = link_job(bot, web)
    bot.rt.service.handle(job)
    article = bot.rt.store.article_for_thread(TEAM_ID, ch, ts)
    assert article is not None and bot.rt.store.vectors_for(article.id)
    # a second process: its own Service, nothing cached, the same database
    other = Service(store=bot.rt.store, settings=bot.settings, web_for=bot.rt.service.web_for)
    index = other.answer_index(article)
    index_vectors = index.vectors
    assert index_vectors is not None and index_vectors.complete
    assert index_vectors.encoded_here == 0  # no sentence was run through the model again


def test_answer_index_cache_is_keyed_by_article_version_and_bounded(bot: Bot) -> None:
    store = bot.rt.store
    service = Service(store=store, settings=bot.settings, web_for=lambda t, e: None, index_cache_size=1)
    document = Document(title="T", source="s", language="english",
                        paragraphs=(Paragraph(0, "Ann said the port reopens.", ("Ann said the port reopens.",)),))
    store.save_article(team_id="T1", channel_id="C1", thread_ts="1.1", document=document)
    store.save_article(team_id="T1", channel_id="C1", thread_ts="2.2", document=document)
    first = store.article_for_thread("T1", "C1", "1.1")
    other = store.article_for_thread("T1", "C1", "2.2")
    assert first is not None and other is not None
    index = service.answer_index(first)
    assert service.answer_index(first) is index and service.index_builds == 1
    # replaced in place: same id, new version, new index
    store.save_article(team_id="T1", channel_id="C1", thread_ts="1.1", document=document)
    replaced = store.article_for_thread("T1", "C1", "1.1")
    assert replaced is not None and replaced.id == first.id
    assert service.answer_index(replaced) is not index and service.index_builds == 2
    # one entry: another article evicts it
    service.answer_index(other)
    service.answer_index(replaced)
    assert service.index_builds == 4
    with pytest.raises(UsageError):
        Service(store=store, settings=bot.settings, web_for=lambda t, e: None, index_cache_size=-1)


def test_first_questions_at_once_build_the_answer_index_once(bot: Bot) -> None:
    # with the sentence model a build takes a while: questions arriving meanwhile wait
    # for it instead of each building their own
    store = bot.rt.store
    service = Service(store=store, settings=bot.settings, web_for=lambda t, e: None)
    text = "Ann said the port reopens on Monday after the storm."
    document = Document(title="T", source="s", language="english",
                        paragraphs=tuple(Paragraph(i, text, (text,)) for i in range(20)))
    store.save_article(team_id="T1", channel_id="C1", thread_ts="1.1", document=document)
    article = store.article_for_thread("T1", "C1", "1.1")
    assert article is not None
    start = threading.Barrier(4)
    built: list[object] = []

    def ask() -> None:
        start.wait()
        built.append(service.answer_index(article))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 4 and all(index is built[0] for index in built)
    assert service.index_builds == 1


def test_tokens_are_redacted_from_logs(caplog: pytest.LogCaptureFixture) -> None:
    assert redact("token xoxb-123-456-abc and xapp-1-A1-2-zz, secret s3cr3t-value",
                  ["s3cr3t-value"]) == "token xoxb-*** and xapp-***, secret ***"
    logger = logging.getLogger("test.redaction")
    handler = logging.Handler()
    seen: list[str] = []
    handler.emit = lambda record: seen.append(record.getMessage())  # type: ignore[method-assign]
    handler.addFilter(RedactingFilter(["hush-hush-secret"]))
    logger.addHandler(handler)
    try:
        logger.warning("calling with %s and %s", "xoxp-999-abc", "hush-hush-secret")
    finally:
        logger.removeHandler(handler)
    assert seen == ["calling with xoxp-*** and ***"]
