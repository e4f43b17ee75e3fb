"""The reading list and the native surfaces against the real `summarybot serve` process,
over real HTTP: questions across a channel's articles (and never across channels), the
summary's buttons (a click Slack delivers twice included), the Summarize message
shortcut, the App Home tab next to another user's private channel, and the channel
settings."""

from __future__ import annotations

import re
import uuid

import pytest
from e2e_harness import Conversation
from e2e_support import NATO_TITLE, assert_summary
from fakes.articles import FIXTURES, ArticleServer
from fakes.slack import USER_ID, FakeSlack, Message, block_texts

from bot.slack.blocks import LONGER, QUOTES, SHORTER

pytestmark = pytest.mark.e2e

OTHER_USER = "U0E2EOTHR"
KENTUCKY = "What Kentucky Should Teach Democrats"
DELHI = "Why Delhi’s Air Turns Toxic Every Fall"


def _page(web: ArticleServer, name: str) -> str:
    """A fresh URL serving a fixture article (so no other test has shared it)."""
    path = f"/{name}-{uuid.uuid4().hex[:8]}"
    web.add(path, (FIXTURES / f"{name}.txt").read_bytes(), "text/plain; charset=utf-8")
    return web.url(path)


TITLES = {"nato": NATO_TITLE, "kentucky_opinion": KENTUCKY, "delhi_pollution": DELHI}


def _share(convo: Conversation, channel: str, url: str, *, user: str = USER_ID) -> Message:
    ts = convo.send_message(channel, f"worth a read {url}", user=user)
    reply = convo.expect_one_reply(channel, ts)
    name = next(n for n in TITLES if f"/{n}" in url)
    assert_summary(reply.all_text, title=TITLES[name], source=url)
    return reply


def _bullets(text: str) -> int:
    return len(re.findall(r"(?m)^• ", text))


def _buttons(blocks: list[dict] | None) -> list[str]:
    return [e["action_id"] for b in blocks or [] if b.get("type") == "actions"
            for e in b["elements"]]


def test_a_channel_question_quotes_an_earlier_article_and_stays_in_its_channel(
        convo: Conversation, web: ArticleServer, new_channel) -> None:
    reading, other = new_channel(), new_channel()
    nato = web.url("/nato")
    _share(convo, reading, nato)
    _share(convo, reading, _page(web, "kentucky_opinion"))
    _share(convo, reading, _page(web, "delhi_pollution"))
    _share(convo, other, _page(web, "delhi_pollution"))

    ts = convo.mention(reading, "what did Austin say about Ukraine's momentum?")
    answer = convo.expect_one_reply(reading, ts).all_text
    assert re.search(r"(?m)^> .*\*.*Ukraine’s momentum", answer), answer
    assert f"<{nato}|{NATO_TITLE}>" in answer  # the quote names its article, linked
    assert KENTUCKY not in answer and DELHI not in answer

    ts = convo.mention(other, "what did Austin say about Ukraine's momentum?")
    elsewhere = convo.expect_one_reply(other, ts).all_text
    assert NATO_TITLE not in elsewhere and "Ukraine’s momentum" not in elsewhere


def test_summary_buttons_edit_in_place_once_even_when_a_click_comes_twice(
        convo: Conversation, web: ArticleServer, slack: FakeSlack, new_channel) -> None:
    channel = new_channel()
    summary = _share(convo, channel, web.url("/nato"))
    assert _buttons(summary.blocks) == [SHORTER, LONGER, QUOTES]
    assert _bullets("\n".join(block_texts(summary.blocks or []))) == 3

    convo.click_twice(summary, LONGER)  # each delivery acked 200 within 3 s
    edit = convo.expect_one_edit(summary)
    assert _bullets("\n".join(block_texts(edit.blocks or []))) == 5
    assert NATO_TITLE in edit.all_text

    longer = slack.message(channel, summary.ts)
    assert longer is not None
    convo.click(longer, SHORTER)
    edit = convo.expect_one_edit(summary, count_before=1)
    assert _bullets("\n".join(block_texts(edit.blocks or []))) == 3
    assert len(convo.replies(channel, summary.thread_ts)) == 1  # replaced, nothing added


def test_who_said_what_posts_quotes_grouped_by_speaker(
        convo: Conversation, web: ArticleServer, new_channel) -> None:
    channel = new_channel()
    summary = _share(convo, channel, web.url("/nato"))
    convo.click_twice(summary, QUOTES)
    thread = summary.thread_ts or ""
    convo.slack.wait_for(lambda: len(convo.replies(channel, thread)) > 1, 30, "who said what")
    assert convo.slack.holds_for(lambda: len(convo.replies(channel, thread)) > 2, 3)  # once
    quotes = convo.replies(channel, thread)[1].all_text
    assert "*Who said what*" in quotes and "Stoltenberg*" in quotes and "Austin*" in quotes
    assert "> “That shared resolve will sustain Ukraine’s momentum" in quotes


def test_the_summarize_shortcut_replies_in_that_messages_thread(
        convo: Conversation, web: ArticleServer, slack: FakeSlack, new_channel) -> None:
    channel = new_channel()
    convo.command(channel, "settings auto off")
    assert "*off*" in convo.expect_ephemeral(channel).all_text
    url = _page(web, "kentucky_opinion")
    ts = convo.send_message(channel, f"did anyone read this? {url}", user=OTHER_USER)
    convo.expect_no_reply(channel, ts, within=2)
    message = slack.message(channel, ts)
    assert message is not None
    convo.shortcut(message)
    reply = convo.expect_one_reply(channel, ts)
    assert KENTUCKY in reply.all_text and _buttons(reply.blocks) == [SHORTER, LONGER, QUOTES]


def test_app_home_lists_public_and_own_articles_never_another_users_private_channel(
        convo: Conversation, web: ArticleServer, slack: FakeSlack, new_channel) -> None:
    public, theirs, mine = new_channel(), new_channel("G"), new_channel("G")
    slack.private_channel(theirs, [OTHER_USER])
    slack.private_channel(mine, [USER_ID])
    public_url = _page(web, "delhi_pollution")
    their_url, my_url = _page(web, "kentucky_opinion"), _page(web, "kentucky_opinion")
    _share(convo, public, public_url, user=OTHER_USER)
    _share(convo, theirs, their_url, user=OTHER_USER)
    _share(convo, mine, my_url)

    before = len(slack.home_publishes(USER_ID))
    convo.open_home()
    view = convo.expect_home_view(count_before=before)
    assert view.view["type"] == "home"
    text = view.all_text
    assert public_url in text and f"<#{public}>" in text
    assert my_url in text and f"<#{mine}>" in text
    assert their_url not in text and theirs not in text

    before = len(slack.home_publishes(OTHER_USER))
    convo.open_home(OTHER_USER)
    other_view = convo.expect_home_view(OTHER_USER, count_before=before).all_text
    assert their_url in other_view and public_url in other_view and my_url not in other_view


def test_channel_settings_are_shown_changed_and_obeyed(
        convo: Conversation, web: ArticleServer, slack: FakeSlack, new_channel) -> None:
    channel = new_channel()
    res = convo.command(channel, "settings sentences 5")
    assert res.status == 200
    assert "*5 sentences*" in convo.expect_ephemeral(channel).all_text
    convo.command(channel, "settings")
    shown = convo.expect_ephemeral(channel, count_before=1).all_text
    assert "*on*" in shown and "*5 sentences*" in shown
    summary = _share(convo, channel, web.url("/nato"))
    assert _bullets("\n".join(block_texts(summary.blocks or []))) == 5

    convo.command(channel, "settings auto off")
    assert "*off*" in convo.expect_ephemeral(channel, count_before=2).all_text
    ts = convo.send_message(channel, f"another one {web.url('/nato')}")
    convo.expect_no_reply(channel, ts, within=3)
    ts = convo.mention(channel, f"summarize {web.url('/nato')}")
    assert NATO_TITLE in convo.expect_one_reply(channel, ts).all_text


def test_summary_search_lists_matching_articles_with_links_and_dates(
        convo: Conversation, web: ArticleServer, new_channel) -> None:
    channel = new_channel()
    kentucky = _page(web, "kentucky_opinion")
    _share(convo, channel, web.url("/nato"))
    _share(convo, channel, kentucky)
    res = convo.command(channel, "search Kentucky governor")
    assert res.status == 200
    found = convo.expect_ephemeral(channel)
    text = found.all_text
    assert f"<{kentucky}|{KENTUCKY}>" in text and "Shared <!date^" in text
    # best first: the NATO piece mentions a governor once, Kentucky's is about one
    assert NATO_TITLE not in text or text.index(KENTUCKY) < text.index(NATO_TITLE)
