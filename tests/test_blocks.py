"""Block Kit formatting: Slack's limits, escaping, and safe splitting."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answering.index import Answer
from bot.document import Document, Paragraph
from bot.slack.blocks import (
    MAX_BLOCKS,
    MAX_SECTION_CHARS,
    NOT_FOUND,
    Message,
    answer_messages,
    escape,
    link,
    note_message,
    pack,
    summary_message,
)


def doc(paragraphs: list[list[str]], *, title: str = "A <b>Title</b> & more",
        source: str = "https://news.test/a?x=1&y=2") -> Document:
    return Document(
        title=title, source=source, language="english",
        paragraphs=tuple(Paragraph(i, " ".join(s), tuple(s)) for i, s in enumerate(paragraphs)),
    )


def texts(messages: list[Message]) -> list[str]:
    out = []
    for m in messages:
        for b in m.blocks:
            if b["type"] == "section":
                out.append(b["text"]["text"])
            else:
                out.extend(e["text"] for e in b["elements"])
    return out


def check_limits(messages: list[Message]) -> None:
    for m in messages:
        assert 1 <= len(m.blocks) <= MAX_BLOCKS
        assert m.text
        for b in m.blocks:
            if b["type"] == "section":
                assert len(b["text"]["text"]) <= MAX_SECTION_CHARS


def no_broken_entities(text: str) -> None:
    # every & starts a whole entity; every < is a whole <url|label> link
    assert re.fullmatch(r"([^&<>]|&amp;|&lt;|&gt;|<[^<>|]+\|[^<>]*>)*", text, re.DOTALL), text[:200]


def test_escape_and_link() -> None:
    assert escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert link("https://x.test/?a=1&b=2|3", "T <i>") == "<https://x.test/?a=1&amp;b=2%7C3|T &lt;i&gt;>"


def test_summary_has_title_bullets_source_reading_time_and_hint() -> None:
    d = doc([["First point here.", "Second <point> & more."], ["Third one."]])
    messages = summary_message(d, d.sentences)
    assert len(messages) == 1
    all_text = "\n".join(texts(messages))
    assert "*<https://news.test/a?x=1&amp;y=2|A &lt;b&gt;Title&lt;/b&gt; &amp; more>*" in all_text
    assert all_text.count("• ") == 3
    assert "• Second &lt;point&gt; &amp; more." in all_text
    assert "Source: <https://news.test/a?x=1&amp;y=2|news.test> · 1 min read" in all_text
    assert "reply in this thread" in all_text
    for t in texts(messages):
        no_broken_entities(t)


def test_file_summary_has_no_link() -> None:
    d = doc([["Only sentence."]], title="Report *final*", source="report.pdf")
    all_text = "\n".join(texts(summary_message(d, d.sentences)))
    assert "Source: report.pdf" in all_text and "<" not in all_text


def test_long_summary_is_split_in_sections_under_the_limit() -> None:
    sentences = [f"Sentence {i} " + "word & " * 150 for i in range(20)]
    d = doc([sentences])
    messages = summary_message(d, d.sentences)
    check_limits(messages)
    bullets = "\n".join(texts(messages)).count("• ")
    assert bullets == 20
    for t in texts(messages):
        no_broken_entities(t)


def test_answer_quotes_paragraph_with_bold_sentence_and_position() -> None:
    d = doc([["Intro."], ["Austin said the allies must act.", "He spoke in Brussels."], ["End."]])
    answers = [Answer(1, d.paragraphs[1].text, "He spoke in Brussels.", 3.0)]
    messages = answer_messages(d, answers)
    t = texts(messages)
    assert t[0] == "> Austin said the allies must act. *He spoke in Brussels.*"
    assert t[1].startswith("Paragraph 2 of 3 · <https://news.test/a?x=1&amp;y=2|")


def test_no_answer_message() -> None:
    (message,) = answer_messages(doc([["x."]]), [])
    assert message.text == NOT_FOUND


def test_huge_answer_splits_without_cutting_bold_or_entities() -> None:
    before = "Lead & context " * 300
    bold = "The <key> finding is this & that " * 200 + "*starred*."
    after = " tail" * 500
    paragraph = f"{before}{bold} {after}"
    d = doc([[before, bold, after]])
    messages = answer_messages(d, [Answer(0, paragraph, bold, 1.0)])
    check_limits(messages)
    sections = [b["text"]["text"] for m in messages for b in m.blocks if b["type"] == "section"]
    assert len(sections) > 3
    for s in sections:
        assert s.startswith("> ")
        no_broken_entities(s[2:])
        # bold spans open and close within each section
        assert s.count("*") % 2 == 0
    joined = " ".join(s[2:] for s in sections)
    assert "∗starred∗" in joined  # an asterisk inside bold would close it early


def test_more_than_fifty_blocks_become_several_messages() -> None:
    d = doc([[f"Para {i} sentence."] for i in range(60)])
    answers = [Answer(i, p.text, p.text, 1.0) for i, p in enumerate(d.paragraphs)]
    messages = answer_messages(d, answers)
    assert len(messages) == 3  # 60 answers x 2 blocks
    check_limits(messages)
    assert sum(len(m.blocks) for m in messages) == 120


def test_note_is_one_section() -> None:
    m = note_message("I couldn't summarize that.")
    assert [b["type"] for b in m.blocks] == ["section"]


def test_message_refuses_too_many_blocks() -> None:
    with pytest.raises(ValueError):
        Message("x", tuple({"type": "divider"} for _ in range(51)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=700), st.booleans()), max_size=40))
def test_pack_respects_budget_and_entities(words: list[tuple[str, bool]]) -> None:
    pairs = [(escape(w.replace("*", "∗")), b) for w, b in words if w.split() == [w]]
    for text in pack(pairs, prefix="> "):
        assert len(text) <= MAX_SECTION_CHARS
        assert text.count("*") % 2 == 0
        no_broken_entities(text[2:])
