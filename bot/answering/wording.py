"""The words that go with a reply that is not a plain answer, shared by the CLI and
Slack so both say the same thing.

``headline`` is the line shown above the quoted paragraphs (None for a plain answer;
"From the section “Ingredients”:" for the section a question names; "In short, the article
says:" above the summary that answers a question about the whole article); ``bold_span``
says whether the quoted paragraphs get a bold span at all: a closest paragraph offered
after "not in the article" must not look like an answer.
"""

from __future__ import annotations

from bot.answering.index import ANSWERED, BYLINE, GIST, NOT_FOUND, NOT_QUOTED, Reply

NOT_IN_ARTICLE = "I couldn't find that in the article."
_MISSING = {
    "no-quantity": "The article doesn't give that number.",
    "no-time": "The article doesn't say when.",
    "no-duration": "The article doesn't say how long.",
    "no-frequency": "The article doesn't say how often.",
    "no-name": "The article doesn't give that name.",
    "no-author": "The article doesn't name its author.",
    "no-date": "The article doesn't give its date.",
    "no-terms": "I can't tell what that asks about. Ask again naming the thing or person you mean.",
}


def headline(reply: Reply) -> str | None:
    """The sentence that tells the reader what kind of reply this is."""
    if reply.kind == ANSWERED:
        return f"From the section “{reply.heading}”:" if reply.heading else None
    if reply.kind == GIST:
        return "In short, the article says:"
    if reply.kind == BYLINE:
        if reply.person and reply.published:
            return f"The article is by {reply.person}, published {reply.published}."
        if reply.person:
            return f"The article is by {reply.person}. It doesn't give a date."
        return f"The article was published {reply.published}. It doesn't name its author."
    if reply.kind == NOT_QUOTED:
        where = "It mentions them in:" if reply.answers else ""
        return f"{reply.person} isn't quoted in the article. {where}".strip()
    if reply.reason == "not-mentioned" and reply.person:
        return f"{reply.person} isn't mentioned in the article."
    if reply.reason == "someone-else" and reply.person and reply.other:
        first = f"The article doesn't say that about {reply.person}."
        return f"{first} The closest paragraph is about {reply.other}:" if reply.answers else first
    first = _MISSING.get(reply.reason, NOT_IN_ARTICLE)
    if reply.answers:
        return f"{first} The closest paragraph:"
    return first


def bold_span(reply: Reply) -> bool:
    """Whether the quoted paragraphs should show their answering span in bold."""
    return reply.kind in (ANSWERED, NOT_QUOTED)


__all__ = ["NOT_FOUND", "NOT_IN_ARTICLE", "bold_span", "headline"]
