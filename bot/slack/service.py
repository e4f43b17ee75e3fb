"""The work behind the Slack bot, run by the job worker: summarize links and
files, answer questions, serve /summary.

Nothing here knows about Bolt or HTTP requests. A job's payload says what was
asked and where; the Web API is injected (``web_for(team_id, enterprise_id)``
returns a ``SlackWeb``). Every message is posted exactly once even when a job
runs again after a crash: each post is a named *step*, recorded in the store
after posting and tagged with message metadata so a re-run finds it in the
thread before posting again.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from bot.answering.index import AnswerIndex
from bot.document import Document
from bot.errors import FetchError, InputError, TooLarge, UnsupportedType, UsageError
from bot.fetching.client import FetchPolicy, fetch
from bot.jobs.queue import Job, RetryableError
from bot.reading.sources import read_bytes, read_source
from bot.slack.blocks import Message, answer_messages, escape, note_message, summary_message
from bot.slack.parse import USAGE, not_article_reason
from bot.slack.web import SlackCallError, SlackWeb, reply_metadata
from bot.storage.store import Store, StoredArticle
from bot.summarizing.summarize import summarize

log = logging.getLogger(__name__)

WORKING, DONE, FAILED = "hourglass_flowing_sand", "white_check_mark", "x"
FILE_TYPES = frozenset({"txt", "text", "md", "markdown", "html", "htm", "pdf", "docx"})
SUMMARY_REQUESTS = frozenset({"", "summary", "summarize", "summarise", "tldr", "tl;dr", "sum up"})
NO_ARTICLE = (
    "I don't have an article here yet. Post a link (or use `/summary URL`) "
    "and ask me in its thread."
)
INVITE_NOTE = "Questions need me in the channel: invite me with `/invite @summarybot`, then ask in the summary's thread."
INDEX_CACHE_SIZE = 32  # built AnswerIndex objects kept per process (a few MB at most)
FILE_FIELDS = ("id", "name", "title", "filetype", "mimetype", "size", "url_private_download",
               "url_private", "permalink", "file_access")


class Service:
    """Runs jobs of kind "summarize", "ask" and "command" (see bot.slack.listeners)."""

    def __init__(
        self,
        *,
        store: Store,
        settings: Any,
        web_for: Callable[[str, str | None], SlackWeb],
        policy: Any = None,
        index_cache_size: int = INDEX_CACHE_SIZE,
    ) -> None:
        if not isinstance(store, Store):
            raise UsageError("Service needs a Store.")
        if not callable(web_for):
            raise UsageError("web_for must be callable.")
        if not isinstance(index_cache_size, int) or isinstance(index_cache_size, bool) or index_cache_size < 0:
            raise UsageError("index_cache_size must be a whole number of at least 0.")
        self.store = store
        self.settings = settings
        self.web_for = web_for
        self._policy = policy
        self._reported: set[tuple[str, str, str]] = set()
        self._lock = threading.Lock()
        self._index_cache_size = index_cache_size
        self._indexes: OrderedDict[tuple[int, Any], AnswerIndex] = OrderedDict()
        self._building: dict[tuple[int, Any], threading.Event] = {}  # indexes being built
        self.index_builds = 0  # AnswerIndex objects built so far (the cache's misses)

    @property
    def policy(self) -> Any:
        if self._policy is None:
            self._policy = FetchPolicy.from_settings(self.settings)
        return self._policy

    # ------------------------------------------------------------------ entry

    def handle(self, job: Job) -> None:
        """The worker's handler. Slack refusals are logged once and end the job."""
        payload = job.payload
        team = str(payload.get("team_id") or job.team_id)
        channel = str(payload.get("channel") or "")
        kinds = {"summarize": self._summarize, "ask": self._ask, "command": self._command}
        run = kinds.get(job.kind)
        if run is None:
            log.error("job %s has unknown kind %r; dropped", job.id, job.kind)
            return
        web = self.web_for(team, payload.get("enterprise_id"))
        try:
            run(job, web, payload)
        except SlackCallError as err:
            if err.retryable:
                raise RetryableError(str(err)) from None
            self._report_once(team, channel, err)

    def _report_once(self, team: str, channel: str, err: SlackCallError) -> None:
        key = (team, "" if err.auth_problem else channel, err.code)
        with self._lock:
            first = key not in self._reported
            self._reported.add(key)
        level = logging.WARNING if first else logging.DEBUG
        log.log(level, "gave up on team %s channel %s: %s", team, channel or "-", err)

    # ---------------------------------------------------------------- posting

    def _post(
        self,
        web: SlackWeb,
        job: Job,
        step: str,
        channel: str,
        thread_ts: str | None,
        message: Message,
    ) -> str:
        done = self.store.reply_for(job.id, step)
        if done:
            return done
        ts = None
        if job.attempts > 1:
            # a previous run may have posted and died before recording it
            ts = web.find_reply(channel, thread_ts, job.id, step)
        if not ts:
            ts = web.post_message(
                channel,
                text=message.text,
                blocks=message.blocks,
                thread_ts=thread_ts,
                metadata=reply_metadata(job.id, step),
            )
        self.store.record_reply(job.id, step, ts)
        return ts

    def _post_all(
        self,
        web: SlackWeb,
        job: Job,
        step: str,
        channel: str,
        thread_ts: str | None,
        messages: Sequence[Message],
    ) -> str:
        first = ""
        for k, message in enumerate(messages):
            ts = self._post(web, job, f"{step}:{k}", channel, thread_ts, message)
            first = first or ts
        return first

    @staticmethod
    def _react(web: SlackWeb, channel: str, ts: str, add: str | None, remove: str | None = None) -> None:
        # Reactions are a courtesy: a missing scope or a race must not fail the work.
        try:
            if remove:
                web.remove_reaction(channel, ts, remove)
            if add:
                web.add_reaction(channel, ts, add)
        except SlackCallError as err:
            log.debug("reaction on %s %s failed: %s", channel, ts, err)

    # ------------------------------------------------------------------ answers

    def answer_index(self, article: StoredArticle) -> AnswerIndex:
        """The article's AnswerIndex, built once per version of the article: follow-up
        questions in a thread reuse it (LRU of ``index_cache_size`` entries)."""
        # updated_at changes when the thread's article is replaced (same id)
        key = (article.id, article.updated_at or article.created_at)
        while True:
            with self._lock:
                index = self._indexes.get(key)
                if index is not None:
                    self._indexes.move_to_end(key)
                    return index
                building = self._building.get(key)
                if building is None:
                    building = self._building[key] = threading.Event()
                    break
            # Another job is building this index (a second or more with the sentence
            # model): wait for it instead of building it again, then look once more. If
            # that build failed, or nothing is cached, this job builds its own.
            building.wait()
        try:
            index = AnswerIndex(article.document)
            with self._lock:
                self.index_builds += 1
                if self._index_cache_size:
                    self._indexes[key] = index
                    while len(self._indexes) > self._index_cache_size:
                        self._indexes.popitem(last=False)
        finally:
            with self._lock:
                del self._building[key]
            building.set()
        return index

    # ------------------------------------------------------------------ reading

    def read_link(self, url: str) -> Document:
        reason = not_article_reason(url)
        if reason:
            raise UnsupportedType(reason)
        return read_source(url, policy=self.policy)

    def read_file(self, web: SlackWeb, file: dict[str, Any]) -> Document:
        if file.get("file_access") == "check_file_info" or not file.get("url_private_download"):
            if not file.get("id"):
                raise UnsupportedType("I can't open that file.")
            file = {**file, **web.file_info(str(file["id"]))}
        name = str(file.get("name") or file.get("title") or "file")
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        kind = str(file.get("filetype") or "").lower()
        if ext not in FILE_TYPES and kind not in FILE_TYPES:
            raise UnsupportedType(
                f"I can't summarize {escape(name)}: I read text, Markdown, HTML, PDF and Word (.docx) files."
            )
        size = int(file.get("size") or 0)
        limit = int(self.settings.max_bytes)
        if size > limit:
            raise TooLarge(f"{escape(name)} is {size / 1e6:.1f} MB; the limit is {limit / 1e6:.1f} MB.")
        url = str(file.get("url_private_download") or file.get("url_private") or "")
        if not url:
            raise UnsupportedType(f"I can't download {escape(name)}.")
        fetched = fetch(url, policy=self.policy, bearer_token=web.token)
        return read_bytes(
            fetched.body,
            name=name,
            content_type=fetched.content_type or file.get("mimetype"),
            source=str(file.get("permalink") or name),
        )

    def _summary(self, document: Document, sentences: int | None) -> list[Message]:
        refs = summarize(
            document, sentences=sentences or self.settings.sentences, algorithm=self.settings.algorithm
        )
        return summary_message(document, refs)

    # ------------------------------------------------------------------- jobs

    def _summarize(self, job: Job, web: SlackWeb, p: dict[str, Any]) -> None:
        team, channel, ts = str(p["team_id"]), str(p["channel"]), str(p["ts"])
        thread = str(p.get("thread_ts") or ts)
        items: list[tuple[str, Any]] = [("link", u) for u in p.get("links") or []]
        items += [("file", f) for f in p.get("files") or []]
        if not items:
            return
        self._react(web, channel, ts, WORKING)
        succeeded = saved = False
        try:
            for i, (kind, item) in enumerate(items):
                step = f"item{i}"
                if self.store.reply_for(job.id, f"{step}:0"):
                    succeeded = True  # posted by an earlier run of this job
                    continue
                label = f"<{escape(item)}>" if kind == "link" else escape(str(item.get("name") or "the file"))
                try:
                    document = self.read_link(item) if kind == "link" else self.read_file(web, item)
                    messages = self._summary(document, p.get("sentences"))
                except (InputError, FetchError) as err:
                    log.info("job %s: could not summarize %s: %s", job.id, kind, err)
                    messages = [note_message(f"I couldn't summarize {label}: {escape(str(err))}")]
                else:
                    if not saved:
                        # saved before posting, so a question never beats its article
                        self.store.save_article(team_id=team, channel_id=channel, thread_ts=thread, document=document)
                        saved = True
                    succeeded = True
                self._post_all(web, job, step, channel, thread, messages)
        finally:
            self._react(web, channel, ts, DONE if succeeded else FAILED, remove=WORKING)

    def _ask(self, job: Job, web: SlackWeb, p: dict[str, Any]) -> None:
        team, channel, ts = str(p["team_id"]), str(p["channel"]), str(p["ts"])
        thread = str(p.get("thread_ts") or ts)
        explicit = bool(p.get("mention") or p.get("is_dm"))
        article = None
        if p.get("in_thread"):
            article = self.store.article_for_thread(team, channel, thread)
        if article is None and explicit:
            # asked directly, outside an article's thread: the channel's latest article
            article = self.store.latest_article(team, channel)
        if article is None:
            if explicit:
                self._post_all(web, job, "answer", channel, thread, [note_message(NO_ARTICLE)])
            return
        document = article.document
        if article.thread_ts != thread:
            # follow-up questions in this new thread should find the same article
            self.store.save_article(team_id=team, channel_id=channel, thread_ts=thread, document=document)
        question = str(p.get("question") or "").strip()
        if question.lower().rstrip("?!. ") in SUMMARY_REQUESTS:
            messages = self._summary(document, None)
        else:
            answers = self.answer_index(article).ask(question, top=self.settings.top_answers)
            messages = answer_messages(document, answers)
        self._post_all(web, job, "answer", channel, thread, messages)

    def _command(self, job: Job, web: SlackWeb, p: dict[str, Any]) -> None:
        team, channel = str(p["team_id"]), str(p["channel"])
        response_url = str(p.get("response_url") or "")
        if p.get("action") == "summarize":
            try:
                document = self.read_link(str(p["url"]))
            except (InputError, FetchError) as err:
                self._respond(web, job, response_url, "ephemeral", f"I couldn't summarize <{escape(str(p['url']))}>: {escape(str(err))}")
                return
        else:
            article = self.store.latest_article(team, channel)
            if article is None:
                self._respond(web, job, response_url, "ephemeral", "There is no article in this channel yet.\n" + USAGE)
                return
            document = article.document
        messages = self._summary(document, p.get("sentences"))
        try:
            ts = self._post_all(web, job, "summary", channel, None, messages)
        except SlackCallError as err:
            if err.code not in {"not_in_channel", "channel_not_found"}:
                raise
            self._report_once(team, channel, err)
            # not a member: answer through the command's response_url instead
            first = messages[0]
            blocks = [*first.blocks[:49], *note_message(INVITE_NOTE).blocks][:50]
            self._respond(web, job, response_url, "in_channel", first.text, blocks)
            return
        self.store.save_article(team_id=team, channel_id=channel, thread_ts=ts, document=document)

    def _respond(
        self,
        web: SlackWeb,
        job: Job,
        response_url: str,
        response_type: str,
        text: str,
        blocks: Sequence[dict] | None = None,
    ) -> None:
        step = f"respond:{response_type}"
        if not response_url or self.store.reply_for(job.id, step):
            return
        message = note_message(text) if blocks is None else Message(text, tuple(blocks))
        web.respond(
            response_url,
            {"response_type": response_type, "text": message.text, "blocks": list(message.blocks)},
        )
        self.store.record_reply(job.id, step, "response_url")
