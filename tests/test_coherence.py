"""Sentences that cannot stand alone in a summary, with real examples of each kind:
from the product team's reports (a NYT opinion piece, Vox's Delhi explainer) and from
pages of the extraction set (New York Magazine, Wired, Stack Overflow's blog, Harper's,
The Atlantic)."""

from __future__ import annotations

import pytest

from bot.summarizing.coherence import opener, requirements


@pytest.mark.parametrize(
    "text",
    [
        "Better yet, the city could enforce the rules it already has.",
        "However, the roughly 97% of survey respondents who haven’t used Rust may wonder, “What’s the deal with Rust?”",
        "But resistance must not be allowed to harden into its own brand of dogma or coercion—which right-wing demagogues are already exploiting.",
        "And this isn’t the only bone that liberals will be liable to pick with Klein’s thesis.",
        "Which is to say, why was a solipsistic reality star able to win roughly the same share of ballots?",
        "Also, the pollution board has no power to close a plant.",
        "So, how did nearly 63 million Americans look at the birther king’s Twitter feed?",
    ],
)
def test_discourse_connectives_lean_on_the_sentence_before(text):
    assert opener(text).kind == "connective"


@pytest.mark.parametrize(
    "text",
    [
        "His suggestion that GOP voters looked past Trump’s norm-defying qualities also smells of undue charity.",
        "It was a Red Baron peach, chosen for its showy, bright-pink blossoms.",
        "She is also testing a more sophisticated approach—code that can be added to an AI program.",
        "That climate is no more.",
        "“As an industry, it’s worth thinking about how we want to combat this,” he adds.",
        "They’re using tools to track the energy demands of their algorithms.",
        "Like Mein Kampf, it gave a regional megalomaniac a much bigger stage to strut upon.",
    ],
)
def test_pronouns_point_back(text):
    assert opener(text).kind == "pronoun"


def test_a_similar_message_refers_to_one_the_reader_was_not_shown():
    # the NYT opinion piece: "similar" to what?
    assert opener("Trump sent a similar message ahead of the Virginia elections.").kind == "reference"
    assert opener("Officials also said the plant would stay open.").kind == "reference"


@pytest.mark.parametrize(
    "text",
    [
        "This paper describes a collaborative pilot project focusing on a unique collection of Zurbarán paintings.",
        "This week, NATO defence ministers meet in Brussels.",
        "It is, of course, possible to apprehend a truth that contradicts the consensus of a social group.",
        "It was not until 1987 that the law changed.",
        "Which elements of specific artworks do they focus on?",
        "We are so locked into our political identities that no candidate can change our minds.",
        "I planted the Red Baron for the climate we once had.",
        "So-called superminds are everywhere.",
        "Democrats should widen the inquiry.",
        "NATO’s top official on Tuesday urged allies to surge more arms to Kyiv.",
        "In this context, it is easy to see why the vote matters.",
        "Last month, researchers at OpenAI revealed an algorithm that solves a Rubik's Cube.",
    ],
)
def test_sentences_that_stand_alone(text):
    assert opener(text).kind is None


def test_a_surname_needs_the_sentence_that_named_the_person_in_full():
    # Vox's Delhi explainer: "Prakash said …" five bullets in, never introduced.
    texts = [
        "Delhi's air is among the most polluted in the world every winter.",
        "A 1981 law lets polluting plants pay small fines instead of cleaning up, said Ravi Prakash, an engineer at the pollution board.",
        "Farm fires add to the smoke each November.",
        "Prakash said the fines have not changed in forty years.",
        "Clark in October called the law a dead letter.",
    ]
    previous = [None, 0, 1, 2, 3]
    needs = requirements(texts, previous)
    assert needs[3] == (1,)
    # a surname never introduced in full (a famous name, an organisation) is left alone
    assert needs[4] == ()
    assert needs[0] == needs[1] == needs[2] == ()


def test_a_surname_in_the_title_is_introduced_already():
    texts = ["The prime minister, Narendra Modi, opened the plant.", "Modi said the grid would follow."]
    assert requirements(texts, [None, 0])[1] == (0,)
    assert requirements(texts, [None, 0], title="Modi opens solar plant")[1] == ()


def test_wired_surnames_follow_their_introduction():
    texts = [
        "The effort may have consumed about 2.8 gigawatt-hours of electricity, estimates Evan Sparks, CEO of Determined AI.",
        "“The concern is that machine-learning algorithms are consuming more and more energy,” says Sasha Luccioni, a postdoctoral researcher at Mila.",
        "Sparks says that Determined.ai is working with a pharmaceutical firm that’s already using huge AI models.",
        "Luccioni recently helped launch a website that lets AI researchers roughly calculate the carbon footprint of their algorithms.",
    ]
    needs = requirements(texts, [None, 0, 1, 2])
    assert needs[2] == (0,)
    assert needs[3] == (1,)


def test_a_connective_needs_the_sentence_just_before_or_cannot_be_shown():
    texts = [
        "Rust has been Stack Overflow’s most loved language for four years in a row.",
        "However, the roughly 97% of survey respondents who haven’t used Rust may wonder why.",
        "But it is not all roses.",
    ]
    # the sentence before "But" is a caption that no summary shows
    needs = requirements(texts, [None, 0, None])
    assert needs[1] == (0,)
    assert needs[2] is None


def test_chains_are_followed_and_cut_when_too_long():
    texts = ["Klein wrote a book.", "It argues for polarization.", "But it fails.", "And it is long.", "So it sells."]
    needs = requirements(texts, [None, 0, 1, 2, 3])
    assert needs[1] == (0,)
    assert needs[2] == (0, 1)
    assert needs[3] is None  # three sentences back: too much to show for one


def test_the_first_sentence_may_lean_on_the_title():
    assert requirements(["He was born in Groningen."], [None], title="Daniel Bernoulli") == [()]


def test_other_languages_get_no_requirements():
    texts = ["Der Rat hat getagt.", "Aber er hat nichts beschlossen."]
    assert requirements(texts, [None, 0], language="german") == [(), ()]
