"""Whom a sentence is about (bot.answering.subjects), and the reply it leads to."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.answering import subjects, wording
from bot.answering.index import ANSWERED, NOT_FOUND, AnswerIndex
from bot.reading.build import document_from_paragraphs


def _names(*words: str):
    known = {w.lower() for w in words}
    return lambda word: word.lower() in known


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("How much carbon did Microsoft itself emit in 2018?", ["Microsoft"]),
        ("How many points was Embiid's final line?", ["Embiid"]),
        ("When was the Skylab assembled on Earth's surface?", ["Skylab", "Earth"]),
        ("What year did Rust 1.0 ship?", ["Rust"]),
        # the answer to these is another name: nothing to hold the sentence to
        ("Who beat Microsoft to the contract?", []),
        ("Which company did Amazon buy?", []),
        ("What company did Amazon buy?", []),
        ("How much did the telescope cost?", []),
    ],
)
def test_the_name_a_question_asks_a_number_or_time_of(question: str, asked: list[str]) -> None:
    assert subjects.asked_about(question) == asked


@pytest.mark.parametrize(
    ("sentences", "about"),
    [
        # "it" is what the previous sentence opens with, past an opening phrase
        (["Amazon runs a bigger cloud business than Microsoft.",
          "Including indirect sources, it emitted 44 million tons in 2018."], "Amazon"),
        # "he" after a team: the full name in that sentence
        (["The Hawks got a lift from Tom Reed off the bench.",
          "He scored six points and grabbed four rebounds."], "Tom Reed"),
        (["Reed scored six points.", "He also grabbed four rebounds."], "Reed"),
        (["Before the break, the Hawks led by six."], "Hawks"),
        # a capitalised common word is no one's name
        (["Tension with Paris led to a siege in 1622."], None),
        # a passive subject is not the doer
        (["Reed was limited by Denver's defense, which forced three turnovers."], None),
        # a pronoun opening a paragraph, or "they", is not resolved
        (["It emitted 44 million tons."], None),
        (["Amazon runs a cloud business.", "They emitted 44 million tons."], None),
    ],
)
def test_whom_a_sentence_is_about(sentences: list[str], about: str | None) -> None:
    names = _names("Amazon", "Microsoft", "Reed", "Hawks", "Paris")
    assert subjects.subject(sentences, len(sentences) - 1, 0, names) == about


def test_he_may_be_the_one_asked_about_when_that_sentence_names_him() -> None:
    sentences = ["The Hawks beat Embiid's team with Tom Reed's help.", "He scored six points."]
    assert subjects.subject(sentences, 1, 0, _names("Hawks"), ["Embiid"]) is None


def test_a_name_is_matched_by_its_words_plural_initials_and_aliases() -> None:
    assert subjects.same("Catholics", "protected Catholic interests")
    assert subjects.same("McManus", "setting up McManus' 33-yard field goal")
    assert subjects.same("IPCC", "the Intergovernmental Panel on Climate Change")
    assert not subjects.same("Microsoft", "Amazon")
    known = subjects.aliases([
        "The Carolina Panthers beat Denver.", "Kublai Khan ruled.", "Both Denver and Carolina won.",
    ])
    assert subjects.same("Carolina", "The Panthers offense", known)
    assert subjects.same("Khan", "Kublai", known)
    assert not subjects.same("Carolina", "Denver", known)
    # the question names the subject elsewhere ("in the Sarah Jane series"): not someone else
    assert not subjects.someone_else(
        ["Doctor"], "The Sarah Jane Adventures began in 2007.", "Sarah Jane Adventures",
        ["Doctor", "Sarah", "Jane"],
    )
    assert subjects.someone_else(["Microsoft"], "It emitted 44 million tons.", "Amazon")


CLOUD = [
    "Contoso said on Thursday it would be carbon negative by 2030, removing more carbon "
    "than it emits, in a plan its chief executive called the company's moonshot.",
    "Contoso expects to release 16 million metric tons of carbon dioxide in 2020, "
    "including indirect emissions from corporate travel and its suppliers.",
    "Fabrikam runs a bigger cloud business than Contoso and a large retail and delivery "
    "operation, all piling on to its carbon footprint. Including indirect sources, it "
    "emitted more than 44 million metric tons of carbon in 2018.",
    "Environmental groups welcomed the pledge but said the details of the carbon removal "
    "would matter more than the date.",
]


@pytest.fixture(scope="module")
def cloud_index() -> AnswerIndex:
    return AnswerIndex(document_from_paragraphs(CLOUD, language="english"))


def test_the_same_fact_about_another_company_is_not_the_answer(cloud_index: AnswerIndex) -> None:
    reply = cloud_index.reply("How much carbon did Contoso itself emit in 2018?")
    assert reply.kind == NOT_FOUND
    assert reply.reason == "someone-else"
    assert (reply.person, reply.other) == ("Contoso", "Fabrikam")
    assert wording.headline(reply) == (
        "The article doesn't say that about Contoso. The closest paragraph is about Fabrikam:"
    )
    assert not wording.bold_span(reply)
    assert cloud_index.ask("How much carbon did Contoso itself emit in 2018?") == []


def test_asked_about_the_one_it_names_the_same_sentence_answers(cloud_index: AnswerIndex) -> None:
    reply = cloud_index.reply("How much carbon did Fabrikam emit in 2018?")
    assert reply.kind == ANSWERED
    assert "44 million" in reply.answers[0].sentence
    contoso = cloud_index.reply("How much carbon does Contoso expect to release in 2020?")
    assert contoso.kind == ANSWERED and "16 million" in contoso.answers[0].sentence


GAME = [
    "The Hawks beat the Bulls 112-104 on Wednesday night behind 31 points from Jalen Smith, "
    "who also grabbed nine rebounds.",
    "• The Hawks got a terrific five-minute stint out of Tom Reed to open the second "
    "quarter. He scored six points and grabbed four rebounds, two of them on the offensive "
    "end. The Hawks kept playing well with Smith on the bench.",
    "Smith sat out the final four minutes with a sore ankle; coach Ann Lee said he would "
    "be checked on Thursday.",
]


def test_a_players_line_is_not_taken_from_a_team_mate() -> None:
    index = AnswerIndex(document_from_paragraphs(GAME, language="english"))
    reply = index.reply("How many rebounds did Smith grab in the second quarter?")
    assert reply.kind == NOT_FOUND and reply.reason == "someone-else"
    assert (reply.person, reply.other) == ("Smith", "Tom Reed")
    reed = index.reply("How many rebounds did Reed grab in the second quarter?")
    assert reed.kind == ANSWERED and "four rebounds" in reed.answers[0].paragraph
    # "how did Smith do" is answered by what others did too: not held to the subject
    assert index.reply("What did Smith do in the game?").reason != "someone-else"


def test_ask_from_the_command_line_says_whom_the_closest_paragraph_is_about(tmp_path) -> None:
    article = tmp_path / "cloud.txt"
    article.write_text("Cloud companies and carbon\n\n" + "\n\n".join(CLOUD), encoding="utf-8")
    question = "How much carbon did Contoso itself emit in 2018?"
    shown = subprocess.run(
        [sys.executable, "-m", "bot", "ask", str(article), question],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    flat = " ".join(shown.split())
    assert flat.startswith(
        "The article doesn't say that about Contoso. The closest paragraph is about Fabrikam: "
        "Paragraph 3 of 4: > Fabrikam runs a bigger cloud business"
    )
    assert "Best sentence" not in shown  # offered, not given as the answer
    data = json.loads(subprocess.run(
        [sys.executable, "-m", "bot", "ask", str(article), question, "--json"],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout)
    assert data["answers"] == []
    assert (data["reason"], data["person"], data["other"]) == ("someone-else", "Contoso", "Fabrikam")
    assert "44 million" in data["closest"][0]["paragraph"]
