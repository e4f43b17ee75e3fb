"""Messages and mentions: links and files to summarize, questions to answer."""

from __future__ import annotations

import logging
from typing import Any

from bot.jobs.payloads import AskJob, SharedFile, SummarizeJob
from bot.slack.deps import Deps, team_of
from bot.slack.parse import extract_links, is_question, mentions, strip_links, strip_mentions

log = logging.getLogger(__name__)

# Message subtypes written by people; everything else (bot_message, message_changed,
# message_deleted, channel_join, ...) is ignored.
PERSON_SUBTYPES = frozenset({None, "", "file_share", "thread_broadcast", "me_message"})


def from_person(event: dict, bot_user_id: str | None) -> bool:
    if event.get("bot_id") or event.get("bot_profile"):
        return False
    if event.get("subtype") not in PERSON_SUBTYPES:
        return False
    user = event.get("user")
    return bool(user) and user != bot_user_id and bool(event.get("ts")) and bool(event.get("channel"))


def is_dm(event: dict) -> bool:
    return event.get("channel_type") == "im" or str(event.get("channel", "")).startswith("D")


def plan(event: dict, *, team_id: str, enterprise_id: str | None, bot_user_id: str | None,
         max_links: int, auto_summarize: bool, mentioned: bool) -> SummarizeJob | AskJob | None:
    """What to do with a person's message: a job to summarize or to answer, or None."""
    text = str(event.get("text") or "")
    dm = is_dm(event)
    ts = str(event["ts"])
    parent = event.get("thread_ts")
    in_thread = bool(parent) and parent != ts
    base: dict[str, Any] = {
        "team_id": team_id,
        "enterprise_id": enterprise_id,
        "channel": str(event["channel"]),
        "user": event.get("user"),
        "ts": ts,
        "thread_ts": str(parent) if in_thread else ts,
        "in_thread": in_thread,
        "is_dm": dm,
        "mention": mentioned,
        "bot_user_id": bot_user_id,
        "channel_type": str(event.get("channel_type") or ("im" if dm else "")),
    }
    links = extract_links(text, limit=max_links)
    files = [SharedFile.from_slack(f) for f in event.get("files") or []]
    if links or files:
        if not (auto_summarize or dm or mentioned):
            return None
        return SummarizeJob(**base, links=tuple(links), files=tuple(files[:max_links]))
    question = strip_mentions(text)
    if mentioned or (is_question(question) and (in_thread or dm)):
        return AskJob(**base, question=strip_links(question))
    return None


def register(app: Any, deps: Deps) -> None:
    settings = deps.settings

    def decide(event: dict, body: dict, context: Any, *, mentioned: bool) -> SummarizeJob | AskJob | None:
        team = team_of(context, body, event)
        return plan(
            event,
            team_id=team,
            enterprise_id=context.enterprise_id,
            bot_user_id=context.bot_user_id,
            max_links=settings.max_links,
            auto_summarize=_auto_summarize(deps, team, event),
            mentioned=mentioned,
        )

    def enqueue(job: SummarizeJob | AskJob, body: dict, event: dict) -> None:
        key = str(body.get("event_id") or f"{job.team_id}:{job.channel}:{event.get('ts')}:{event.get('type')}")
        deps.enqueue(job, dedupe_key=key)

    @app.event("message")
    def on_message(event: dict, body: dict, context: Any) -> None:
        bot_user_id = context.bot_user_id
        if not from_person(event, bot_user_id):
            return
        dm = is_dm(event)
        if not dm and bot_user_id and bot_user_id in mentions(str(event.get("text") or "")):
            return  # Slack also sends app_mention for it; that listener answers
        job = decide(event, body, context, mentioned=False)
        if job is None:
            return
        if isinstance(job, AskJob) and not dm and not _article_exists(deps, job.team_id, event):
            return  # a question in a thread the bot never summarized
        enqueue(job, body, event)

    @app.event("app_mention")
    def on_mention(event: dict, body: dict, context: Any) -> None:
        if is_dm(event) or not from_person({**event, "subtype": event.get("subtype")}, context.bot_user_id):
            return  # in a DM the message listener handles everything
        job = decide(event, body, context, mentioned=True)
        if job is not None:
            enqueue(job, body, event)


def _auto_summarize(deps: Deps, team: str, event: dict) -> bool:
    """Whether links posted in this channel are summarized without being asked: the
    channel's own setting, else the global one. Only messages with a link or a file pay
    for the probe (one indexed row, before the acknowledgement)."""
    default = deps.settings.auto_summarize
    if is_dm(event) or not (event.get("files") or "http" in str(event.get("text") or "")):
        return default
    chosen = deps.store.channel_settings(team, str(event["channel"])).auto_summarize
    return default if chosen is None else chosen


def _article_exists(deps: Deps, team: str, event: dict) -> bool:
    # before the acknowledgement: an index probe, never the article itself
    return deps.store.has_article(team, str(event["channel"]), str(event["thread_ts"]))
