"""Multi-workspace installs: the OAuth v2 flow against the fake Slack, then the
new workspace's events are answered with that workspace's own bot token, and
an uninstall stops it."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from e2e_harness import BotProcess, Conversation
from e2e_support import assert_summary
from fakes.articles import ArticleServer
from fakes.slack import CLIENT_ID, CLIENT_SECRET, FakeSlack, event_callback

pytestmark = pytest.mark.e2e

NEW_TEAM = "T0INSTALL3"


def test_install_then_answer_with_the_installed_token(
        slack: FakeSlack, web: ArticleServer, bot_factory: Callable[..., BotProcess],
        new_channel) -> None:
    proc = bot_factory(env={"SLACK_BOT_TOKEN": "", "SLACK_CLIENT_ID": CLIENT_ID,
                            "SLACK_CLIENT_SECRET": CLIENT_SECRET})
    install = httpx.get(proc.url + "/slack/install", timeout=10)
    assert install.status_code in (200, 302), install.text[:300]
    target = install.headers.get("location") or re.search(
        r'href="(https://slack\.com/oauth/v2/authorize[^"]+)"', install.text).group(1)
    query = parse_qs(urlsplit(target.replace("&amp;", "&")).query)
    assert query["client_id"] == [CLIENT_ID] and "chat:write" in query["scope"][0]
    state = query["state"][0]
    cookie = install.headers.get("set-cookie", "").split(";")[0]

    token = slack.add_oauth_code("code-123", NEW_TEAM)
    done = httpx.get(proc.url + "/slack/oauth_redirect",
                     params={"code": "code-123", "state": state},
                     headers={"Cookie": cookie}, timeout=20)
    assert done.status_code == 200, (done.status_code, done.text[:500], proc.logs())
    assert slack.calls_to("oauth.v2.access")[-1].ok

    convo = Conversation(slack, proc)
    try:
        channel = new_channel()
        slack.add_channel(channel, team=NEW_TEAM)
        ts = convo.send_message(channel, web.url("/nato"), team=NEW_TEAM)
        reply = convo.expect_one_reply(channel, ts)
        assert_summary(reply.all_text)
        post = next(c for c in slack.posts(channel) if c.ok)
        assert post.token == token, "the reply was not sent with the installed workspace's token"

        # uninstalled: Slack sends app_uninstalled; afterwards nothing is posted there
        convo.deliver(event_callback({"type": "app_uninstalled"}, team_id=NEW_TEAM))
        slack.tokens.pop(token, None)
        later = convo.send_message(channel, web.url("/nato"), team=NEW_TEAM)
        convo.expect_no_reply(channel, later, within=3.0)
        assert proc.healthz().status_code == 200
    finally:
        convo.close()
