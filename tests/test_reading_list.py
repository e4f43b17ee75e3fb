"""The channel's reading list and the native surfaces, in process, as conversations:
questions across a channel's articles, `/summary search` and `/summary settings`, the
summary's buttons, the Summarize message shortcut and the App Home tab.

Each test sends what Slack would send and expects exactly the reply a person would see."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes.articles import FIXTURES, NATO_TITLE, ArticleServer
from fakes.slack import BOT_USER_ID, USER_ID, FakeSlack, Message, block_texts
from manual_clock import ManualClock
from slack_harness import Bot, new_channel

from bot.slack.blocks import LONGER, QUOTES, SHORTER
from bot.storage.store import Store

KENTUCKY = "What Kentucky Should Teach Democrats"
DELHI = "Why Delhi’s Air Turns Toxic Every Fall"
OTHER_USER = "U0OTHER01"
DAY = 86_400.0


@pytest.fixture(scope="module")
def pages(web: ArticleServer) -> ArticleServer:
    for name in ("kentucky_opinion", "delhi_pollution"):
        web.add(f"/{name}", (FIXTURES / f"{name}.txt").read_bytes(), "text/plain; charset=utf-8")
    return web


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def bot(slack: FakeSlack, tmp_path: Path, clock: ManualClock) -> Iterator[Bot]:
    store = Store(f"sqlite:///{tmp_path / 'bot.db'}", clock=clock)
    b = Bot(slack, tmp_path, store=store)
    yield b
    b.close()


def _bullets(message: Message | str) -> int:
    text = message if isinstance(message, str) else "\n".join(block_texts(message.blocks or []))
    return len(re.findall(r"(?m)^• ", text))


def _buttons(message: Message) -> list[str]:
    return [e["action_id"] for b in message.blocks or [] if b.get("type") == "actions"
            for e in b["elements"]]


def _share(bot: Bot, channel: str, url: str, **kw: object) -> Message:
    ts = bot.say(channel, f"worth a read {url}", **kw)  # type: ignore[arg-type]
    return bot.one_reply(channel, ts)


def _reply_count(bot: Bot, channel: str, ts: str) -> int:
    return len(bot.slack.bot_messages(channel, ts))


def _ephemeral_text(bot: Bot, channel: str) -> str:
    posts = [p for p in bot.slack.response_posts if p.channel == channel]
    assert len(posts) == 1, f"expected one response, got {len(posts)}:\n{bot.slack.describe()}"
    assert posts[0].ephemeral
    return posts[0].all_text


# --------------------------------------------------------------------------- across articles


def test_a_question_in_the_channel_finds_an_article_shared_days_and_articles_earlier(
        bot: Bot, pages: ArticleServer, clock: ManualClock) -> None:
    ch = new_channel(bot.slack)
    _share(bot, ch, pages.url("/nato"))
    clock.advance(3 * DAY)
    _share(bot, ch, pages.url("/kentucky_opinion"))
    clock.advance(DAY)
    _share(bot, ch, pages.url("/delhi_pollution"))

    ts = bot.say(ch, f"<@{BOT_USER_ID}> what did Austin say about Ukraine's momentum?", mention=True)
    reply = bot.one_reply(ch, ts).all_text
    quoted = "\n".join(line for line in reply.splitlines() if line.startswith(">"))
    assert "Ukraine’s momentum" in quoted and "*" in quoted  # the answering sentence, bold
    assert f"|{NATO_TITLE}>" in reply and pages.url("/nato") in reply  # named, linked
    assert KENTUCKY not in reply and DELHI not in reply

    # a follow-up in that reply's thread is about the article the answer came from
    bot.say(ch, "Who is Stoltenberg?", thread_ts=ts)
    bot.run_jobs()
    replies = bot.replies(ch, ts)
    assert len(replies) == 2 and "Secretary-General Jens Stoltenberg" in replies[1].all_text


def test_questions_stay_in_their_channel_and_workspace(bot: Bot, pages: ArticleServer) -> None:
    nato_channel, delhi_channel = new_channel(bot.slack), new_channel(bot.slack)
    _share(bot, nato_channel, pages.url("/nato"))
    _share(bot, delhi_channel, pages.url("/delhi_pollution"))

    ts = bot.say(delhi_channel, f"<@{BOT_USER_ID}> what did Austin say about Ukraine?", mention=True)
    reply = bot.one_reply(delhi_channel, ts).all_text
    assert "told reporters" not in reply and NATO_TITLE not in reply
    assert "Austin isn't mentioned" in reply

    ts = bot.say(nato_channel, f"<@{BOT_USER_ID}> which law is fueling the pollution?", mention=True)
    reply = bot.one_reply(nato_channel, ts).all_text
    assert DELHI not in reply and "Subsoil" not in reply


def test_inside_a_thread_questions_stay_about_its_article(bot: Bot, pages: ArticleServer) -> None:
    ch = new_channel(bot.slack)
    _share(bot, ch, pages.url("/nato"))
    kentucky = _share(bot, ch, pages.url("/kentucky_opinion"))
    thread = kentucky.thread_ts or ""
    before = _reply_count(bot, ch, thread)
    bot.say(ch, f"<@{BOT_USER_ID}> What did Austin tell reporters?", thread_ts=thread, mention=True)
    bot.run_jobs()
    replies = bot.slack.bot_messages(ch, thread)[before:]
    assert len(replies) == 1
    assert "Austin isn't mentioned in the article" in replies[0].all_text
    assert NATO_TITLE not in replies[0].all_text and "told reporters" not in replies[0].all_text


def test_summary_search_lists_the_channels_articles_best_first(
        bot: Bot, pages: ArticleServer, clock: ManualClock) -> None:
    ch, elsewhere = new_channel(bot.slack), new_channel(bot.slack)
    for path in ("/nato", "/kentucky_opinion", "/delhi_pollution"):
        _share(bot, ch, pages.url(path))
        clock.advance(DAY)
    _share(bot, elsewhere, pages.url("/kentucky_opinion"))
    bot.command(ch, "search Kentucky governor election")
    bot.run_jobs()
    text = _ephemeral_text(bot, ch)
    assert f"|{KENTUCKY}>" in text and "Shared <!date^" in text
    assert NATO_TITLE not in text.split(KENTUCKY)[0]  # the match comes first
    assert text.count(KENTUCKY) == 1  # the other channel's copy is not listed


def test_summary_search_with_no_match_says_so(bot: Bot, pages: ArticleServer) -> None:
    ch = new_channel(bot.slack)
    _share(bot, ch, pages.url("/nato"))
    bot.command(ch, "search quantum chromodynamics")
    bot.run_jobs()
    assert "No article shared in this channel matches" in _ephemeral_text(bot, ch)


# --------------------------------------------------------------------------- settings


def test_settings_show_and_change_per_channel(bot: Bot, pages: ArticleServer) -> None:
    ch, other = new_channel(bot.slack), new_channel(bot.slack)
    bot.command(ch, "settings")
    bot.run_jobs()
    shown = _ephemeral_text(bot, ch)
    assert "Automatic summaries of posted links: *on*" in shown and "*3 sentences*" in shown

    bot.command(ch, "settings sentences 5")
    bot.command(ch, "settings auto off")
    bot.run_jobs()
    bot.slack.response_posts.clear()
    bot.command(ch, "settings")
    bot.run_jobs()
    shown = _ephemeral_text(bot, ch)
    assert "*off*" in shown and "*5 sentences*" in shown

    # auto off: a posted link gets nothing, a mention with the link still does
    bot.no_reply(ch, bot.say(ch, f"look {pages.url('/nato')}"))
    mentioned = bot.say(ch, f"<@{BOT_USER_ID}> summarize {pages.url('/nato')}", mention=True)
    assert _bullets(bot.one_reply(ch, mentioned)) == 5
    # the other channel keeps the defaults
    assert _bullets(_share(bot, other, pages.url("/nato"))) == 3


@pytest.mark.parametrize("text", ["settings sentences 0", "settings sentences many",
                                  "settings auto maybe", "settings colour blue"])
def test_bad_settings_are_explained(bot: Bot, text: str) -> None:
    ch = new_channel(bot.slack)
    response = bot.command(ch, text)
    assert response.status == 200
    assert "/summary settings" in response.body or "between 1 and" in response.body
    assert bot.run_jobs() == 0


# --------------------------------------------------------------------------- buttons


def test_summary_buttons_make_it_shorter_and_longer_in_place(bot: Bot, pages: ArticleServer) -> None:
    ch = new_channel(bot.slack)
    summary = _share(bot, ch, pages.url("/nato"))
    assert _buttons(summary) == [SHORTER, LONGER, QUOTES]

    acked = bot.click(summary, SHORTER)
    assert acked.status == 200 and acked.elapsed < 3
    bot.run_jobs()
    edits = bot.slack.edits_of(ch, summary.ts)
    assert len(edits) == 1 and _bullets("\n".join(block_texts(edits[0].blocks or []))) == 1
    shorter = bot.slack.message(ch, summary.ts)
    assert shorter is not None and NATO_TITLE in shorter.all_text
    assert _buttons(shorter) == [LONGER, QUOTES]  # one sentence cannot be shorter

    bot.click(shorter, LONGER)
    bot.run_jobs()
    longer = bot.slack.message(ch, summary.ts)
    assert longer is not None and _bullets(longer) == 3
    assert len(bot.slack.bot_messages(ch, summary.thread_ts)) == 1  # replaced, never added


def test_a_click_delivered_twice_takes_effect_once(bot: Bot, pages: ArticleServer) -> None:
    ch = new_channel(bot.slack)
    summary = _share(bot, ch, pages.url("/nato"))
    first, second = bot.click_twice(summary, LONGER)
    assert first.status == second.status == 200
    bot.run_jobs()
    assert len(bot.slack.edits_of(ch, summary.ts)) == 1
    updated = bot.slack.message(ch, summary.ts)
    assert updated is not None and _bullets(updated) == 5


def test_who_said_what_posts_the_quotes_by_speaker_in_the_thread(
        bot: Bot, pages: ArticleServer) -> None:
    ch = new_channel(bot.slack)
    summary = _share(bot, ch, pages.url("/nato"))
    thread = summary.thread_ts or ""
    before = _reply_count(bot, ch, thread)
    bot.click_twice(summary, QUOTES)
    bot.run_jobs()
    posted = bot.slack.bot_messages(ch, thread)[before:]
    assert len(posted) == 1, bot.slack.describe()
    text = posted[0].all_text
    assert "*Who said what*" in text
    assert "*Austin*" in text or "*Lloyd Austin*" in text
    assert "Stoltenberg*" in text
    assert "> “That shared resolve will sustain Ukraine’s momentum" in text
    assert not bot.slack.edits_of(ch, summary.ts)  # the summary itself is unchanged


# --------------------------------------------------------------------------- the shortcut


def test_the_summarize_shortcut_summarizes_a_messages_link_in_its_thread(
        bot: Bot, pages: ArticleServer) -> None:
    ch = new_channel(bot.slack)
    bot.command(ch, "settings auto off")
    bot.run_jobs()
    ts = bot.say(ch, f"someone should read this {pages.url('/nato')}", user=OTHER_USER)
    assert bot.replies(ch, ts) == []
    message = bot.slack.message(ch, ts)
    assert message is not None
    acked = bot.shortcut(message)
    assert acked.status == 200 and acked.elapsed < 3
    reply = bot.one_reply(ch, ts)
    assert NATO_TITLE in reply.all_text and _buttons(reply) == [SHORTER, LONGER, QUOTES]


def test_the_summarize_shortcut_summarizes_a_long_message_itself(bot: Bot) -> None:
    ch = new_channel(bot.slack)
    text = (FIXTURES / "delhi_pollution.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    ts = bot.say(ch, text[:3000])
    message = bot.slack.message(ch, ts)
    assert message is not None
    bot.shortcut(message)
    reply = bot.one_reply(ch, ts)
    assert _bullets(reply) == 3 and "smog" in reply.all_text
    assert "The message, summarized" in reply.all_text


def test_the_summarize_shortcut_on_a_short_message_explains_privately(bot: Bot) -> None:
    ch = new_channel(bot.slack)
    ts = bot.say(ch, "lunch at noon?")
    message = bot.slack.message(ch, ts)
    assert message is not None
    bot.shortcut(message)
    bot.run_jobs()
    assert bot.replies(ch, ts) == []
    assert "nothing to summarize" in _ephemeral_text(bot, ch)


# --------------------------------------------------------------------------- App Home


def test_app_home_shows_public_channels_and_the_users_own_conversations_only(
        bot: Bot, pages: ArticleServer) -> None:
    public = new_channel(bot.slack)
    theirs = bot.slack.private_channel("G0THEIRS1", [OTHER_USER]).id
    mine = bot.slack.private_channel("G0MINE001", [USER_ID]).id
    _share(bot, public, pages.url("/nato"), user=OTHER_USER)
    _share(bot, theirs, pages.url("/kentucky_opinion"), user=OTHER_USER)
    _share(bot, mine, pages.url("/delhi_pollution"))

    acked = bot.open_home()
    assert acked.status == 200 and acked.elapsed < 3
    bot.run_jobs()
    view = bot.slack.home_view()
    assert view is not None
    text = "\n".join(block_texts(view["blocks"]))
    assert NATO_TITLE in text and f"<#{public}>" in text
    assert DELHI in text and f"<#{mine}>" in text
    assert KENTUCKY not in text and theirs not in text

    bot.open_home(OTHER_USER)
    bot.run_jobs()
    other = bot.slack.home_view(OTHER_USER)
    assert other is not None
    other_text = "\n".join(block_texts(other["blocks"]))
    assert KENTUCKY in other_text and NATO_TITLE in other_text and DELHI not in other_text


def test_app_home_when_nothing_was_read_yet_says_how_to_start(bot: Bot) -> None:
    bot.open_home()
    bot.run_jobs()
    view = bot.slack.home_view()
    assert view is not None and "Nothing yet" in "\n".join(block_texts(view["blocks"]))


def test_leaving_a_private_channel_takes_its_articles_off_the_home_tab(
        bot: Bot, pages: ArticleServer) -> None:
    team = bot.slack.team_id
    private = bot.slack.private_channel("G0LEAVE01", [USER_ID, OTHER_USER]).id
    _share(bot, private, pages.url("/kentucky_opinion"))
    bot.open_home()
    bot.run_jobs()
    view = bot.slack.home_view()
    assert view is not None and KENTUCKY in "\n".join(block_texts(view["blocks"]))

    bot.slack.remove_member(private, USER_ID)
    bot.event({"type": "member_left_channel", "user": USER_ID, "channel": private,
               "channel_type": "G", "team": team, "event_ts": bot.slack.next_ts()})
    bot.open_home()
    bot.run_jobs()
    view = bot.slack.home_view()
    assert view is not None and KENTUCKY not in "\n".join(block_texts(view["blocks"]))
