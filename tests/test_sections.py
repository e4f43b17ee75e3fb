"""A question that names a section by its heading is answered by that section."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from bot.answering.index import ANSWERED, AnswerIndex
from bot.answering.sections import sections
from bot.cli.main import main
from bot.reading.build import document_from_paragraphs
from bot.reading.sources import read_bytes
from bot.slack.blocks import reply_messages

RECIPE = (Path(__file__).parent / "fixtures" / "recipe.html").read_bytes()


@pytest.fixture(scope="module")
def recipe() -> AnswerIndex:
    return AnswerIndex(read_bytes(RECIPE, name="bhindi.html", content_type="text/html"))


def test_each_heading_holds_the_paragraphs_up_to_the_next(recipe: AnswerIndex) -> None:
    found = {s.heading: [recipe.document.paragraphs[p].text for p in s.paragraphs]
             for s in sections(recipe.document)}
    assert found["Serving tips"] == [
        "Serve it hot with phulka, chapati or steamed rice, and a spoon of yoghurt on the side."
    ]
    # a part title with no paragraph of its own spans its subsections
    assert [p[:12] for p in found["Ingredients"]] == ["• 200 g okra", "• 2 medium t", "Serve it hot"]
    assert [p[:12] for p in found["For the masala"]] == ["• 2 medium t"]


@pytest.mark.parametrize(
    ("question", "heading", "first"),
    [
        # the list shares no word with the question: only its heading says what it is
        ("What ingredients do I need?", "Ingredients", "• 200 g okra"),
        ("how much okra do I need?", "For the okra", "• 200 g okra"),
        ("any serving tips?", "Serving tips", "Serve it hot"),
        # a heading written as a question; "bhindi masala" is the title's
        ("how long do I fry the okra?", "How long to fry the okra for bhindi masala", "Shallow fry"),
    ],
)
def test_a_question_naming_a_heading_gets_its_section(
    recipe: AnswerIndex, question: str, heading: str, first: str
) -> None:
    reply = recipe.reply(question, top=2)
    assert (reply.kind, reply.heading) == (ANSWERED, heading)
    assert reply.answers[0].paragraph.startswith(first)
    assert reply.answers[0].sentence == ""  # the whole section answers: nothing in bold


@pytest.mark.parametrize(
    "question",
    [
        "why does okra turn slimy?",  # a fact of one paragraph, under no heading asked for
        "how much oil do I need?",  # "oil" is in no heading: the ranking answers
        "what goes in the masala?",  # "masala" is the title's: it names no section
    ],
)
def test_other_questions_are_ranked_as_before(recipe: AnswerIndex, question: str) -> None:
    assert recipe.reply(question).heading is None


def test_paragraphs_without_headings_have_no_sections() -> None:
    index = AnswerIndex(document_from_paragraphs(
        ["Ingredients", "Flour, water and salt make the dough."], language="english"
    ))
    assert sections(index.document) == ()
    assert index.reply("what ingredients do I need?").heading is None


def test_the_command_line_and_slack_say_which_section_answers(
    recipe: AnswerIndex, capsys, monkeypatch, tmp_path
) -> None:
    page = tmp_path / "bhindi.html"
    page.write_bytes(RECIPE)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert main(["ask", str(page), "What ingredients do I need?"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("From the section “Ingredients”:\n\nParagraph 4 of 6:\n  > • 200 g okra")
    assert "Best sentence" not in out
    assert main(["ask", str(page), "What ingredients do I need?", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["reply"], data["heading"]) == ("answered", "Ingredients")
    messages = reply_messages(recipe.document, recipe.reply("What ingredients do I need?", top=2))
    first = messages[0].blocks[0]["text"]["text"]
    assert first == "From the section “Ingredients”:"
