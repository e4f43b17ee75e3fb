from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answering import attribution as entities
from bot.answering import qtypes, wording
from bot.answering.acronyms import Acronyms
from bot.answering.bm25 import BaselineIndex
from bot.answering.index import ANSWERED, GIST, NOT_FOUND, NOT_QUOTED, Answer, AnswerIndex, answer
from bot.errors import SummarybotError, UsageError
from bot.reading.build import document_from_paragraphs
from bot.reading.sources import read_source
from bot.text.sentences import split_sentences


def _index(paragraphs: Sequence[str]) -> AnswerIndex:
    """The answer index of an English document made of ``paragraphs``."""
    return AnswerIndex(document_from_paragraphs(paragraphs, language="english"))


@pytest.fixture(scope="module")
def nato_index() -> AnswerIndex:
    from tests.conftest import FIXTURES

    return AnswerIndex(read_source(str(FIXTURES / "nato_offensive.txt")))


def test_what_did_austin_say_brings_his_quotes(nato_index: AnswerIndex) -> None:
    found = nato_index.ask("What did Austin say?")
    texts = [a.paragraph for a in found]
    assert any("Austin told reporters" in t for t in texts)
    assert any("Lloyd Austin reaffirmed" in t for t in texts)
    assert all("Austin" in a.paragraph for a in found)
    assert all("Austin" in a.sentence for a in found)


def test_surname_question_in_lower_case_and_full_name(nato_index: AnswerIndex) -> None:
    lower = [a.paragraph_index for a in nato_index.ask("what did austin say")]
    full = [a.paragraph_index for a in nato_index.ask("What did Lloyd Austin say?")]
    assert set(lower) == set(full)
    assert len(lower) == 2


def test_he_added_is_carried_over_to_the_last_speaker(nato_index: AnswerIndex) -> None:
    found = nato_index.ask("What did Peskov say?")
    texts = [a.paragraph for a in found]
    assert any("hostile to us" in t for t in texts)
    assert any(t.startswith("“It is trying its best") for t in texts)


def test_unrelated_question_gets_no_answer(nato_index: AnswerIndex) -> None:
    assert nato_index.ask("What is the boiling point of mercury?") == []
    assert nato_index.ask("What did Obama say?") == []


def test_empty_and_stop_word_questions_get_no_answer(nato_index: AnswerIndex) -> None:
    assert nato_index.ask("") == []
    assert nato_index.ask("what is it that they were?") == []


def test_topical_question_ranks_by_score_and_quotes_from_the_paragraph(
    nato_index: AnswerIndex,
) -> None:
    found = nato_index.ask("What is the Kremlin betting on?", top=3)
    assert 1 <= len(found) <= 3
    assert "betting" in found[0].sentence
    scores = [a.score for a in found]
    assert scores == sorted(scores, reverse=True)
    for a in found:
        assert isinstance(a, Answer)
        assert a.sentence in a.paragraph
        assert a.paragraph == nato_index.document.paragraphs[a.paragraph_index].text


def test_top_limits_the_count(nato_index: AnswerIndex) -> None:
    assert len(nato_index.ask("Ukraine", top=1)) == 1
    assert len(nato_index.ask("Ukraine", top=5)) == 5


@pytest.mark.parametrize("top", [0, -1, 1.5, True])
def test_bad_top_is_a_usage_error(nato_index: AnswerIndex, top: object) -> None:
    with pytest.raises(UsageError):
        nato_index.ask("Ukraine", top=top)  # type: ignore[arg-type]


def test_index_needs_a_document() -> None:
    with pytest.raises(UsageError):
        AnswerIndex("not a document")  # type: ignore[arg-type]


def test_diacritics_do_not_block_a_match() -> None:
    doc = document_from_paragraphs(
        [
            "Tugh Temür was recalled to Khanbaliq by the commander El Temür.",
            "The harvest failed in the north that year and prices rose.",
            "Traders moved their goods along the river to the coast.",
        ],
        language="english",
    )
    assert answer(doc, "Who recalled Tugh Temur?", top=1)[0].paragraph_index == 0


def test_vectorised_scores_equal_rank_bm25() -> None:
    texts = ["the cat sat on the mat", "a dog sat", "cats and dogs and cats", "nothing here"]
    corpus = [t.split() for t in texts]
    from bot.answering.bm25 import Postings

    ours = Postings(corpus, 1.5, 0.75)
    query = ["cats", "sat", "dog", "absent"]
    assert list(ours.scores(query)) == pytest.approx(list(ours.bm25.get_scores(query)))


def test_character_cosine_equals_a_direct_tf_idf_cosine() -> None:
    import math
    from collections import Counter

    from bot.answering.chars import CharCosine

    texts = ["The Normans were in Normandy.", "Ünïcode  text, tabs\tand CAPS", "x", "normal norms"]
    question = "Where did the Normans live?"

    def grams(text: str) -> Counter:
        from bot.answering.chars import char_text

        t = char_text(text)
        return Counter(t[i : i + 4] for i in range(len(t) - 3))

    units = [grams(t) for t in texts]
    df = Counter(g for u in units for g in u)
    idf = {g: math.log(len(texts) / d) + 1 for g, d in df.items()}
    q = {g: c * idf[g] for g, c in grams(question).items() if g in idf}
    expected = []
    for u in units:
        v = {g: c * idf[g] for g, c in u.items()}
        dot = sum(w * v.get(g, 0.0) for g, w in q.items())
        norm = math.sqrt(sum(w * w for w in v.values())) * math.sqrt(sum(w * w for w in q.values()))
        expected.append(dot / norm if norm else 0.0)  # "x" has no 4-gram
    assert list(CharCosine(texts).scores(question)) == pytest.approx(expected)
    assert expected[0] > expected[3] > 0  # a paraphrase beats a near-spelling
    assert list(CharCosine(["", "ab"]).scores("zzzz")) == [0.0, 0.0]


def test_query_likelihood_equals_the_dirichlet_formula() -> None:
    import math

    from bot.answering.bm25 import Postings

    corpus = [["cat", "sat", "mat"], ["dog", "sat"], ["cat", "cat", "dog", "eel"], []]
    index = Postings(corpus, 0.9, 0.75)
    total = sum(len(d) for d in corpus)
    query = ["cat", "dog", "absent"]
    expected = []
    for doc in corpus:
        logp = 0.0
        for term in query[:2]:  # a term no document holds costs every document the same
            p_background = sum(d.count(term) for d in corpus) / total
            logp += math.log((doc.count(term) + 10 * p_background) / (len(doc) + 10))
        expected.append(logp)
    assert list(index.likelihood(query, 10.0, index)) == pytest.approx(expected)
    assert expected[2] == max(expected)


def test_a_relative_of_the_question_word_counts() -> None:
    doc = document_from_paragraphs(
        [
            "The telephone was invented by Bell in a small workshop in Boston.",
            "A telephone exchange opened in Boston the following spring.",
            "Bell later moved to Canada with his family.",
        ],
        language="english",
    )
    found = answer(doc, "Where was the invention of the telephone made?", top=1)
    assert found[0].paragraph_index == 0


def test_a_word_of_the_same_meaning_counts() -> None:
    # "hard" and "description" appear nowhere: only word vectors join them to
    # "difficult" and "definition" (without the sentence model, which would see it too)
    doc = document_from_paragraphs(
        [
            "Civil disobedience has been debated by many writers since Thoreau's essay.",
            "LeGrande writes that a single definition of civil disobedience is extremely "
            "difficult, if not impossible.",
            "Some writers describe civil disobedience as a form of protest in the street.",
            "The city council met on Tuesday to discuss the new budget for schools.",
            "Heavy rain flooded the valley roads for the third time this winter.",
        ],
        language="english",
    )
    index = AnswerIndex(doc, sentence_model=False)
    found = index.ask("Who said a description of civil disobedience is hard?", top=1)
    assert found[0].paragraph_index == 1
    assert "LeGrande" in found[0].sentence


def test_an_answer_sharing_no_word_with_the_question_is_found_by_meaning() -> None:
    doc = document_from_paragraphs(
        [
            "Hundreds of trout perished last week after a chemical spill poisoned the stream "
            "below the plant.",
            "The fish market on the quay opens at dawn, and by noon most of the catch is gone.",
            "Anglers say the river has never had so many visitors as this summer.",
            "The council will vote in March on a new footbridge.",
        ],
        language="english",
    )
    question = "What caused the fish to die?"
    with_model = AnswerIndex(doc).ask(question, abstain=False)
    assert [a.paragraph_index for a in with_model][:1] == [0]
    assert "chemical spill" in with_model[0].sentence
    # by words alone, the paragraph that says "fish" is the only candidate
    without = AnswerIndex(doc, sentence_model=False).ask(question, abstain=False)
    assert [a.paragraph_index for a in without] == [1]


def test_the_sentence_model_runs_on_english_documents_of_any_size() -> None:
    from bot.answering import index as answerer
    from bot.answering.corpus import EAGER_MAX_SENTENCES

    english = document_from_paragraphs(["The bridge opened in 1849."], language="english")
    german = document_from_paragraphs(["Die Brücke wurde 1849 eröffnet."], language="german")
    long = document_from_paragraphs(
        [f"Report {i} says the bridge number {i} was painted." for i in range(EAGER_MAX_SENTENCES + 1)],
        language="english",
    )
    assert AnswerIndex(english).sentence_model
    assert AnswerIndex(english).vectors.complete
    assert not AnswerIndex(german).sentence_model
    assert AnswerIndex(german, sentence_model=True).sentence_model
    assert not AnswerIndex(english, sentence_model=False).sentence_model
    # a long document is encoded per question, only what its first stage keeps
    index = AnswerIndex(long)
    assert index.sentence_model and index.vectors.encoded_here == 0
    index.ask("Which bridge was painted in report 17?", abstain=False)
    assert 0 < index.vectors.encoded_here <= answerer.LAZY_MAX_SENTENCES
    with pytest.raises(UsageError):
        AnswerIndex(english, sentence_model="yes")  # type: ignore[arg-type]


def test_in_order_weight_is_the_heaviest_common_subsequence() -> None:
    from bot.answering.features import ordered_weight as _ordered_weight

    weights = {"bridg": 2.0, "complet": 1.0, "tyne": 3.0}
    assert _ordered_weight(["tyne", "bridg", "complet"], ["the", "tyne", "bridg", "complet"], weights) == 6.0
    # out of order: only the heaviest increasing run counts
    assert _ordered_weight(["tyne", "bridg", "complet"], ["complet", "bridg", "tyne"], weights) == 3.0
    assert _ordered_weight(["tyne"], [], weights) == 0.0


def test_a_question_framing_word_weighs_less_than_the_topic() -> None:
    doc = document_from_paragraphs(
        [
            "The harvest that year was the worst in a decade, and the year ended in famine.",
            "The stone bridge over the river Tyne was completed in 1849.",
            "Ferries crossed the river before any bridge existed.",
        ],
        language="english",
    )
    assert answer(doc, "In what year was the Tyne bridge completed?", top=1)[0].paragraph_index == 1


def test_rarity_in_the_language_at_large() -> None:
    from bot.text import rarity as wordstats

    assert wordstats.rarity("the", "english") < wordstats.rarity("harvest", "english")
    assert wordstats.rarity("harvest", "english") < wordstats.rarity("huguenots", "english")
    assert wordstats.rarity("zqxjvw", "english") == 1.0
    assert 0.0 <= wordstats.rarity("der", "german") < 0.2
    assert wordstats.rarity("anything", "klingon") == wordstats.NEUTRAL
    assert not wordstats.has_rarity("klingon")
    with pytest.raises(UsageError):
        wordstats.rarity(None, "english")  # type: ignore[arg-type]


def test_baseline_ranks_every_paragraph() -> None:
    base = BaselineIndex(["red apples", "green pears", "red cars"], str.split)
    assert base.rank("green")[0] == 1
    assert sorted(base.rank("green")) == [0, 1, 2]


def test_speech_question_parsing() -> None:
    assert entities.speech_question("What did Austin say?").name == "Austin"
    assert entities.speech_question("according to Lloyd Austin, who is winning?").tokens == (
        "lloyd",
        "austin",
    )
    assert entities.speech_question("What color was used to emphasize the logo?") is None
    assert entities.speech_question("How tall is the tower?") is None


def test_squad_slice_top1(shared_data) -> None:
    qa = shared_data / "qa"
    with (qa / "squad_dev_even_articles.jsonl").open() as fh:
        articles = [json.loads(line) for _, line in zip(range(2), fh, strict=False)]
    wanted = {a["article_idx"]: a for a in articles}
    with (qa / "squad_dev_even_questions.jsonl").open() as fh:
        questions = [q for q in map(json.loads, fh) if q["article_idx"] in wanted]
    indexes = {
        k: _index(a["paragraphs"])
        for k, a in wanted.items()
    }
    baselines = {k: BaselineIndex(a["paragraphs"], str.split) for k, a in wanted.items()}
    hits = base_hits = 0
    for q in questions:
        found = indexes[q["article_idx"]].ask(q["question"], top=1, abstain=False)
        hits += bool(found) and found[0].paragraph_index == q["gold_paragraph_idx"]
        base_hits += baselines[q["article_idx"]].rank(q["question"])[0] == q["gold_paragraph_idx"]
    assert len(questions) > 300
    # measured 0.791 on these two (hard, repetitive) articles; 0.769 without the sentence
    # model, 0.705 before character n-grams
    assert hits / len(questions) > 0.77
    assert hits > base_hits


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=80
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paragraphs=st.lists(_text, min_size=1, max_size=5),
    question=st.one_of(_text, st.sampled_from(["What did Austin say?", "according to X,"])),
    top=st.integers(min_value=-1, max_value=4),
)
def test_answer_never_raises_anything_but_our_errors(paragraphs, question, top) -> None:
    try:
        doc = document_from_paragraphs(paragraphs, language="english")
        found = answer(doc, question, top=top)
    except SummarybotError:
        return
    assert len(found) <= top
    for a in found:
        assert 0 <= a.paragraph_index < len(doc.paragraphs)


# -- question types, speakers and replies (issue 14) ---------------------------------


@pytest.fixture(scope="module")
def kentucky_index() -> AnswerIndex:
    from tests.conftest import FIXTURES

    return AnswerIndex(read_source(str(FIXTURES / "kentucky_opinion.txt")))


@pytest.fixture(scope="module")
def delhi_index() -> AnswerIndex:
    from tests.conftest import FIXTURES

    return AnswerIndex(read_source(str(FIXTURES / "delhi_pollution.txt")))


def test_who_is_x_quotes_the_paragraph_introducing_x(nato_index: AnswerIndex) -> None:
    reply = nato_index.reply("Who is Stoltenberg?")
    assert reply.kind == ANSWERED
    assert "Secretary-General Jens Stoltenberg" in reply.answers[0].sentence


def test_who_holds_a_role_quotes_the_paragraph_naming_the_holder(nato_index: AnswerIndex) -> None:
    # "the secretary general" is written "the alliance's Secretary-General Jens Stoltenberg":
    # the paragraph was first but declined (confidence 0.18)
    # asked with a capital ("Who is the secretary general?") it was read as any who-question
    # and declined ("I couldn't find that in the article.")
    for question in (
        "who is the secretary general?", "Who is the secretary general?", "who's the secretary general?"
    ):
        reply = nato_index.reply(question)
        assert reply.kind == ANSWERED
        assert "Secretary-General Jens Stoltenberg" in reply.answers[0].sentence
    assert qtypes.classify("Who was the medical report written for?").kind == qtypes.PERSON
    coach = _index([
        "It will be a challenging task for the national football team to compete without"
        " regular competition on the island.",
        "That is the view of football administrator Renaldo Gilkes as the Tridents prepare for"
        " four group games in the span of ten days.",
        "Head coach Russell Latapy’s men have just over a month to prepare for the crucial"
        " fixtures.",
    ]).reply("who's the coach?")
    assert coach.kind == ANSWERED and "Russell Latapy" in coach.answers[0].paragraph


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Before a meeting, the alliance’s Secretary-General Jens Stoltenberg said so.", True),
        ("Jens Stoltenberg, the alliance's secretary general, said so.", True),
        ("The secretary general said nothing.", False),
    ],
)
def test_sentences_naming_who_holds_a_role(sentence: str, expected: bool) -> None:
    pattern = qtypes.target_pattern("the secretary general")
    assert pattern is not None and qtypes.names_holder(pattern, sentence) is expected


def test_how_many_without_a_number_in_the_article_is_declined(nato_index: AnswerIndex) -> None:
    reply = nato_index.reply("How many tanks has Germany sent?")
    assert reply.kind == NOT_FOUND
    assert reply.reason == "no-quantity"
    # the closest paragraph is offered, not as an answer
    assert "battle tanks" in reply.answers[0].paragraph
    assert nato_index.ask("How many tanks has Germany sent?") == []
    assert wording.headline(reply).startswith("The article doesn't give that number.")
    assert not wording.bold_span(reply)


def test_what_did_x_say_when_x_is_never_quoted(nato_index: AnswerIndex) -> None:
    reply = nato_index.reply("What did Putin say?")
    assert reply.kind == NOT_QUOTED
    assert reply.person == "Putin"
    assert any("President Putin is preparing for peace" in a.paragraph for a in reply.answers)
    assert wording.headline(reply).startswith("Putin isn't quoted in the article.")
    # someone who speaks is still quoted, someone absent is not mentioned
    assert nato_index.reply("What did Austin say?").kind == ANSWERED
    absent = nato_index.reply("What did Obama say?")
    assert absent.kind == NOT_FOUND and absent.reason == "not-mentioned"


def test_who_won_ranks_the_result_above_a_tweet_about_it(kentucky_index: AnswerIndex) -> None:
    found = kentucky_index.ask("Who won the governor race in Kentucky?")
    assert "Andy Beshear" in found[0].sentence
    assert found[0].score > found[1].score


def test_a_tweet_is_quoted_with_the_words_introducing_it(kentucky_index: AnswerIndex) -> None:
    found = kentucky_index.ask("What did Trump tweet?")
    assert found[0].sentence.startswith("Trump tweeted before Election Day.")
    assert found[0].sentence.endswith("he will win big.”")
    assert found[0].sentence in found[0].paragraph


def test_what_the_author_wants_is_answered(kentucky_index: AnswerIndex) -> None:
    reply = kentucky_index.reply("What does the author want Democrats to do?")
    assert reply.kind == ANSWERED
    texts = [a.paragraph for a in reply.answers]
    assert texts[0].startswith(("Democrats should", "I would urge"))
    assert any(t.startswith("I would urge") for t in texts)
    assert any(t.startswith("Democrats should") for t in texts)


def test_which_law_finds_the_law(delhi_index: AnswerIndex) -> None:
    found = delhi_index.ask("Which law is fueling the pollution?")
    assert "Subsoil Water Act" in found[0].paragraph


@pytest.mark.parametrize(
    ("head", "text", "expected"),
    [
        ("law", "The Punjab Preservation of Subsoil Water Act, passed in 2009, bans it.", True),
        ("law", "That burning has grown worse because of a 2009 law meant to save water.", False),
        ("treaty", "It ended with the Treaty of Versailles in 1919.", True),
        ("bill", "The Senate passed the Inflation Reduction Act.", True),
        ("river", "The Rhine River flows north.", False),  # only legal instruments
    ],
)
def test_named_instruments(head: str, text: str, expected: bool) -> None:
    assert qtypes.names_instrument(head, text) is expected


def test_where_it_happened_finds_the_place() -> None:
    # "The incident drew several curious onlookers." came first: "incident" is close to
    # "happen" and the sentence is short; the paragraph naming the place answers
    index = _index([
        "KINGSTON, Jamaica — A bus driver needed stitches on Monday after a passenger struck"
        " him with a bottle during an argument over the fare.",
        "The dramatic incident took place outside the Half Way Tree Transport Centre in St Andrew.",
        "Police have since launched a search for the passenger, who ran off after the incident.",
        "Witnesses said the argument began when the passenger refused to pay the full fare.",
        "The driver was taken to the Kingston Public Hospital where he was treated and released.",
        "The incident drew several curious onlookers.",
    ])
    for question in (
        "where exactly did this happen?", "where did it happen?", "where did the fight take place?"
    ):
        found = index.ask(question, abstain=False)
        assert "Half Way Tree" in found[0].paragraph
        reply = index.reply(question)
        # a place named answers, though the paragraph shares no word with the question
        assert reply.kind == ANSWERED and "Half Way Tree" in reply.answers[0].paragraph


def test_where_the_story_happened_is_told_by_its_first_place(
    nato_index: AnswerIndex, delhi_index: AnswerIndex
) -> None:
    # the ranking has nothing to go on ("happen" is in no paragraph): a quote that says
    # "the conflict around Ukraine" was offered; the lead says where
    reply = nato_index.reply("where did this happen?")
    assert reply.kind == ANSWERED and reply.answers[0].paragraph_index == 0
    assert "offensive in Ukraine" in reply.answers[0].paragraph
    # "where is this happening?" was not read as a place question, and "over New Delhi"
    # not as a place: nothing was offered
    reply = delhi_index.reply("where is this happening?")
    assert reply.answers[0].paragraph_index == 0
    assert "over New Delhi" in reply.answers[0].paragraph


def test_a_question_asked_in_the_article_is_answered_by_the_reply_that_follows() -> None:
    index = _index([
        "Maria Lopez was sworn in as the county's first Latina judge on Monday.",
        "She previously served as a public defender for twelve years.",
        "At a press conference after the ceremony, a reporter asked Lopez, “What do you see"
        " as the biggest problem with bias in the courts right now?”",
        "“The biggest hurdle is getting people to admit that everyone brings biases to their"
        " decisions — I do, you do, we all do,” she replied.",
        "Lopez's term runs through next year.",
    ])
    found = index.ask("what does she think is the biggest issue with bias in the courts?")
    assert found[0].paragraph.startswith("“The biggest hurdle")
    assert found[1].paragraph.startswith("At a press conference")


def test_a_name_the_article_never_gives_is_declined() -> None:
    paragraphs = [
        "A police inspector was hit in the head with a stone outside a station on Friday.",
        "The inspector intervened and was spat at by the woman, who walked away.",
        "Sergeant Paul Reid said the woman was later arrested near the market.",
    ]
    index = _index(paragraphs)
    reply = index.reply("what's the inspector's name?")
    assert reply.kind == NOT_FOUND and reply.reason == "no-name"
    assert wording.headline(reply).startswith("The article doesn't give that name.")
    named = index.reply("what's the name of the sergeant?")
    assert named.kind == ANSWERED and "Paul Reid" in named.answers[0].paragraph
    # "called" asks for a name too
    assert index.reply("what's the inspector actually called?").reason == "no-name"
    assert qtypes.asks_name("what's the new car called?")
    assert not qtypes.asks_name("what is this process called by scientists?")
    # a name opening its sentence is a name when the text writes it so elsewhere
    opening = _index([
        "A police inspector was hit in the head with a stone outside a station on Friday.",
        "Brown, the inspector, was treated in hospital and released.",
        "Police said Inspector Brown had been on duty for ten hours.",
    ]).reply("what's the inspector's name?")
    assert opening.kind == ANSWERED


def test_a_rate_the_article_never_gives_is_declined() -> None:
    paragraphs = [
        "Health officials warned on Monday of a new wave of infections across the region.",
        "The country's vaccination campaign has slowed, officials said, as supplies ran low.",
        "Hospitals in the capital have postponed routine surgery to free up beds.",
    ]
    index = _index(paragraphs)
    reply = index.reply("what's the country's vaccination rate right now?")
    assert reply.kind == NOT_FOUND and reply.reason == "no-quantity"
    assert wording.headline(reply).startswith("The article doesn't give that number.")
    given = _index([
        *paragraphs[:2],
        "The country's vaccination rate stands at 31 percent of adults, officials said.",
    ]).reply("what's the country's vaccination rate right now?")
    assert given.kind == ANSWERED and "31 percent" in given.answers[0].paragraph


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what's belize's own vaccination rate right now?", True),
        ("what are Carrie Lam's approval ratings actually at?", True),
        ("what turnout do they need for the vote to count?", True),
        ("what body fat percentage counts as healthy for women?", True),
        ("what was turnout like in the district?", False),
        ("What happened to the rate of deforestation?", False),
        ("what is the first-rate option?", False),
    ],
)
def test_questions_only_a_figure_answers(question: str, expected: bool) -> None:
    assert qtypes.asks_figure(question) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The inspector intervened and was spat at.", False),
        ("Inspector Jane Brown was hurt.", True),
        ("It happened in March, on a Tuesday, and I saw it.", False),
        ("The ship, named the Endurance, sank.", True),
    ],
)
def test_sentences_naming_something(sentence: str, expected: bool) -> None:
    asked = {"inspector", "ship", "name"}
    assert qtypes.names_something(sentence, lambda w: w.lower() in asked) is expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("where did the crash happen?", True),
        ("Where exactly did this take place?", True),
        ("so where was this?", True),
        ("where is this happening?", True),
        ("where'd he get the idea from?", False),  # a source, not a place
        ("Where did Beyonce perform in 2013?", False),  # left to the ranking
        ("What happened to the floor where the rooms were?", False),
    ],
)
def test_place_questions(question: str, expected: bool) -> None:
    assert qtypes.asks_place(question) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two people were killed in a crash in Osborne Store, Clarendon on Tuesday.", True),
        ("It took place in front of the Spanish Town Police Station.", True),
        ("They were held at a Miami airport.", True),
        ("In Kabul, the talks went on.", True),
        ("A thick gray smog settles over New Delhi.", True),
        ("Farmers in the neighboring states of Punjab and Haryana burn stubble.", True),
        ("It happened in March, on a Tuesday.", False),
        ("All five were taken to a hospital.", False),
    ],
)
def test_named_places(text: str, expected: bool) -> None:
    assert qtypes.names_place(text) is expected


def test_question_kinds() -> None:
    assert qtypes.classify("How many tanks has Germany sent?").kind == qtypes.QUANTITY
    assert qtypes.classify("How many tanks has Germany sent?").counted == ("tanks",)
    assert qtypes.classify("Since when has it been active?").kind == qtypes.TIME
    assert qtypes.classify("How long has Dezuka Suisan been around?").kind == qtypes.DURATION
    assert qtypes.classify("How often should you exfoliate?").kind == qtypes.FREQUENCY
    who = qtypes.classify("Who is Dr. Ronald Moy?")
    assert who.kind == qtypes.WHO_IS and who.target == "Dr. Ronald Moy"
    assert qtypes.classify("who is di li").target == "di li"
    assert qtypes.classify("What exactly is the borrow checker?").target == "borrow checker"
    assert qtypes.classify("Which law is fueling the pollution?").head == "law"
    # the noun the phrase ends in, when its end is plain
    assert qtypes.classify("which json files did they use for the test?").head == "files"
    assert qtypes.classify("which security company looked into it?").head == "company"
    assert qtypes.classify("Which NFL team represented the AFC?").head == "team"
    assert qtypes.classify("Which river flows through the city?").head == "river"
    assert qtypes.classify("which players got called up for these games?").head == "players"
    assert qtypes.classify("Which company originally sponsored Rust?").head == "company"
    assert qtypes.classify("Why is overwatering a problem?").kind == qtypes.WHY
    assert qtypes.classify("Wie viele Panzer?", "german").kind == qtypes.OTHER


@pytest.mark.parametrize(
    ("kind", "sentence", "expected"),
    [
        (qtypes.QUANTITY, "Germany has pledged 14 Leopard tanks.", True),
        (qtypes.QUANTITY, "The ransom must be paid within three days.", False),
        (qtypes.QUANTITY, "The talks were held on Feb. 14, 2023, at 6 p.m.", False),
        (qtypes.QUANTITY, "The main battle tanks, the Leopards, have been pledged.", False),
        (qtypes.TIME, "The first stage began at 6:36 p.m.", True),
        (qtypes.TIME, "Stable support is only a few months old.", True),
        (qtypes.TIME, "The fee funds renewable projects.", False),
        (qtypes.DURATION, "Dating all the way back to 1930, the shop is a landmark.", True),
        (qtypes.DURATION, "The approval is for a two-year negotiation.", True),
        (qtypes.DURATION, "Each division's outcome is known in seconds.", True),
        (qtypes.DURATION, "It was not published until after the end of the war.", True),
        # a day mentioned is no span, nor is an age
        (qtypes.DURATION, "The district signed an agreement this week to share video.", False),
        (qtypes.DURATION, "A 32-year-old admirer had the face inked on his arm on Monday.", False),
        (qtypes.DURATION, "09 Oct 2018 You might know rubocop as the linter.", False),
        (qtypes.DURATION, "They used French names well into the nineteenth century.", True),
        (qtypes.FREQUENCY, "Exfoliate once or twice a week at most.", True),
    ],
)
def test_sentences_holding_the_kind_asked_for(kind: str, sentence: str, expected: bool) -> None:
    assert qtypes.holds(kind, sentence) is expected


def test_how_long_footage_is_kept_is_not_answered_by_a_day() -> None:
    index = _index([
        "There are now more than 12,500 cameras in the county's schools, and the district"
        " signed an agreement this week to share real-time video with the sheriff's office.",
        "Some teachers said footage helped to settle arguments between students.",
        "The approval is for a two-year negotiation, during which the developer will work"
        " on a design.",
    ])
    kept = index.reply("how long do these schools hang on to the footage?")
    assert kept.kind == NOT_FOUND and kept.reason == "no-duration"
    negotiated = index.reply("how long do they get to negotiate?")
    assert negotiated.kind == ANSWERED
    assert negotiated.answers[0].paragraph.startswith("The approval is for a two-year")


def test_time_counts_as_a_quantity_when_time_is_counted() -> None:
    kind = qtypes.classify("How many years running has Rust topped the list?")
    assert kind.unit == "time"
    assert qtypes.holds(kind.kind, "It has been the most loved for four years in a row.", unit=kind.unit)
    year = qtypes.classify("What year did Rust 1.0 ship?")
    assert year.unit == "year"
    assert not qtypes.holds(year.kind, "Later, the team shipped it.", unit=year.unit)
    assert qtypes.holds(year.kind, "Rust 1.0 shipped in May 2015.", unit=year.unit)


def test_numbers_in_the_question_do_not_answer_it() -> None:
    asked = qtypes.numbers_in("How much CO2 did it emit in 2020?")
    assert not qtypes.holds(qtypes.QUANTITY, "It met its goal for 2020.", asked)
    assert qtypes.holds(qtypes.QUANTITY, "It emitted 16 million tons in 2020.", asked)


def test_introductions() -> None:
    pattern = qtypes.target_pattern("Stoltenberg")
    assert qtypes.introduces(pattern, "the alliance’s Secretary-General Jens Stoltenberg said")
    assert qtypes.introduces(
        qtypes.target_pattern("Callie Bladow"), "says Callie Bladow, production director at BloomThat."
    )
    assert not qtypes.introduces(pattern, "Stoltenberg, however, downplayed the jets.")
    assert qtypes.introduces(
        qtypes.target_pattern("borrow checker"), "The borrow checker is the part of the compiler"
    )
    yat = qtypes.target_pattern("yat")
    assert qtypes.introduces(yat, "a partnership called the Youth Accountability Team (YAT).")
    assert not qtypes.introduces(yat, "Through the YAT program, students were sent to court.")
    assert qtypes.introduces(
        qtypes.target_pattern("EULA"), "The EULA (short for End User Licence Agreement) is long."
    )


@pytest.mark.parametrize(
    ("question", "target"),
    [
        ("what does yat stand for?", "yat"),
        ("What's EULA short for?", "EULA"),
        ("What does the acronym BRT mean?", "BRT"),
        ("what does 'gaslighting' mean?", "gaslighting"),
        ("what does he mean?", None),
        ("what does that mean?", None),
    ],
)
def test_what_a_term_stands_for_asks_for_its_definition(question: str, target: str | None) -> None:
    kind = qtypes.classify(question)
    assert (kind.target if kind.kind == qtypes.DEFINITION else None) == target


SCHOOL_POLICE = [
    "Students in Antelope Valley schools were sent to probation officers for minor misbehaviour, "
    "a lawsuit says, and the YAT program sent hundreds of them into the juvenile courts.",
    "This direct line to the criminal system is the product of a partnership between local "
    "school districts and the county probation department called the Youth Accountability "
    "Team (YAT). Instead of counselling, students met probation officers.",
    "Through the YAT program, students as young as 11 were put on probation contracts, and the "
    "YAT officers visited their homes.",
    "The settlement ends the YAT program in the district and pays for counsellors instead.",
]


def test_what_an_acronym_stands_for_quotes_where_it_is_spelled_out() -> None:
    index = _index(SCHOOL_POLICE)
    reply = index.reply("what does yat stand for?")
    assert reply.kind == ANSWERED
    assert "Youth Accountability Team (YAT)" in reply.answers[0].sentence


def test_quote_span_keeps_a_quotation_whole() -> None:
    from bot.answering.index import quote_span

    sentences = [
        "The president had a stake.",
        "Trump tweeted before Election Day.",
        "“Vote for Bevin.",
        "He is great!”",
        "It did not help.",
    ]
    assert quote_span(sentences, 1, 0, 4) == (1, 3)
    assert quote_span(sentences, 2, 0, 4) == (1, 3)
    assert quote_span(sentences, 4, 0, 4) == (4, 4)


def test_stored_sentence_vectors_answer_without_the_model() -> None:
    from bot.answering.sentence_vectors import SentenceVectors
    from bot.errors import InputError

    doc = document_from_paragraphs(
        [
            "Hundreds of trout perished after a chemical spill poisoned the stream.",
            "The fish market on the quay opens at dawn.",
            "The council will vote in March on a new footbridge.",
        ],
        language="english",
    )
    built = AnswerIndex(doc)
    stored = built.vectors.to_bytes()
    question = "What caused the fish to die?"
    expected = [a.paragraph_index for a in built.ask(question, abstain=False)]
    sentences = [s.text for s in doc.sentences]
    loaded = SentenceVectors.from_bytes(sentences, stored)
    again = AnswerIndex(doc, vectors=loaded)
    assert [a.paragraph_index for a in again.ask(question, abstain=False)] == expected
    assert again.vectors.encoded_here == 0  # no sentence went through the model again
    # the form the article store keeps: bytes, checked against the document
    assert [a.paragraph_index for a in AnswerIndex(doc, stored_vectors=stored).ask(question, abstain=False)] == expected
    other = document_from_paragraphs(["A different text altogether."], language="english")
    assert AnswerIndex(other, stored_vectors=stored).vectors.complete  # encoded afresh
    with pytest.raises(InputError):
        SentenceVectors.from_bytes(sentences[:-1], stored)
    with pytest.raises(InputError):
        SentenceVectors.from_bytes(sentences, b"not an archive")


def test_abstention_weights_keep_the_sign_of_what_they_measure() -> None:
    from bot.answering import scoring

    assert set(scoring.ABSTAIN_SIGNS) == set(scoring.ABSTAIN_FEATURES)
    table = scoring.weights()
    for part in ("abstain", "abstain_lexical"):
        for name, weight in table[part]["weights"].items():
            assert weight * scoring.ABSTAIN_SIGNS[name] >= 0, (part, name, weight)


@settings(max_examples=60, deadline=None)
@given(
    signals=st.fixed_dictionaries(
        {name: st.floats(0.0, 1.0) for name in ("model_best", "char_best", "cover_top", "missing_rare")}
    ),
    more=st.floats(0.0, 1.0),
)
def test_more_evidence_never_lowers_the_answer_probability(signals, more) -> None:
    from bot.answering import scoring

    for name, sign in scoring.ABSTAIN_SIGNS.items():
        if not sign:
            continue
        moved = dict(signals, **{name: signals.get(name, 0.0) + sign * more})
        for with_model in (True, False):
            before = scoring.answer_probability(signals, sentence_model=with_model)
            after = scoring.answer_probability(moved, sentence_model=with_model)
            assert after >= before - 1e-12


GARDEN = [
    "Hydrangeas are among the easiest shrubs to grow, says Tim Wood, a plant expert for "
    "Endless Summer Hydrangeas.",
    "He recommends placing hydrangeas where they get about five to six hours of morning "
    "sun, followed by dappled shade in the afternoon.",
    "Water deeply once a week, more often in a heat wave; hydrangeas wilt quickly when "
    "the soil dries out.",
    "In autumn, leave the spent flowers on the plant: they protect next year's buds from frost.",
]


def test_a_lower_case_word_the_article_writes_in_lower_case_is_nobody_to_quote() -> None:
    index = _index(GARDEN)
    # "do hydrangeas want" reads like "does X want"; the brand name capitalises it once
    reply = index.reply("how much sun do hydrangeas want?")
    assert reply.kind == ANSWERED
    assert "five to six hours of morning sun" in reply.answers[0].sentence
    assert qtypes.classify("how much sun do hydrangeas want?").unit == "time"
    # a name written in lower case is still a person when the article writes it as one
    assert index.reply("what did tim wood say about watering?").kind in (ANSWERED, NOT_QUOTED)
    assert index.reply("what did wood say?").person == "wood"


def test_what_did_x_himself_say_asks_for_x_quotes(nato_index: AnswerIndex) -> None:
    question = entities.speech_question("What did Vladimir Putin himself say about the talks?")
    assert question is not None and question.name == "Vladimir Putin"
    reply = nato_index.reply("What did Putin himself say about the offensive?")
    assert reply.kind == NOT_QUOTED and reply.person == "Putin"


def _named(name: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)


@pytest.mark.parametrize(
    ("name", "paragraph", "expected"),
    [
        # a verb a few words on, an acronym, a report, "she said" after the name
        ("Tegnell", "Asked whether it had failed, Tegnell laughed and simply said the numbers "
         "would speak for themselves.", True),
        ("IPCC", "The IPCC report states: limiting warming to 1.5C needs rapid cuts.", True),
        ("UCEA", "The University of California Employers Association (UCEA) said it would "
         "not reopen the contract.", True),
        ("Price", "Ms. Price was elected in 2019, she said, on a promise to fix the roads.", True),
        ("Thunberg", "Greta Thunberg states that the adults have failed.", True),
        # someone else speaks, or the name sits after a preposition or in an infinitive
        ("Gove", "The farmers met Michael Gove to urge him to drop the tariff.", False),
        ("Arnault", "Jean Claverie, an advisor to Arnault, told reporters the bid was over.", False),
        ("Reddit", "The link spread fast on Reddit, Stefanko said.", False),
        ("Putin", "Putin is preparing for more war, Stoltenberg said.", False),
        ("Putin", "Stoltenberg said Putin is preparing for more war.", False),
        ("Putin", "According to Putin, the talks failed.", False),
        ("Putin", "“Putin said nothing,” the official told us.", False),
    ],
)
def test_speaking_that_the_attribution_does_not_credit(
    name: str, paragraph: str, expected: bool
) -> None:
    assert entities.speaks(split_sentences(paragraph), _named(name)) is expected


SUMMIT = [
    "Climate scientists met in Geneva this week to agree the summary of a new assessment.",
    "The IPCC report states: limiting warming to 1.5C needs emissions to fall by almost "
    "half by 2030, and to reach net zero around 2050.",
    "Delegates from 195 countries went through the text line by line, two days over schedule.",
    "“We are on thin ice,” said António Guterres, the UN secretary-general.",
    "Oil-producing states pushed back on wording about fossil fuels, according to observers.",
]


def test_what_did_x_say_is_answered_when_x_speaks_without_a_quotation() -> None:
    index = _index(SUMMIT)
    # the IPCC's words are not in quotation marks, but the article does give them: no
    # "isn't quoted" for a right answer
    reply = index.reply("What did the IPCC say?")
    assert reply.kind == ANSWERED
    assert reply.answers[0].paragraph.startswith("The IPCC report states:")
    assert index.reply("What did Guterres say?").answers[0].paragraph.startswith("“We are on")


def test_what_an_organisation_said_is_what_its_people_said(nato_index: AnswerIndex) -> None:
    # NATO is never quoted by name, but "the NATO chief said": not "NATO isn't quoted",
    # and not the Kremlin's words about NATO
    reply = nato_index.reply("What did NATO say?")
    assert reply.kind == ANSWERED
    assert "the NATO chief said" in reply.answers[0].paragraph
    assert not any(a.paragraph.startswith("On Monday, the Kremlin") for a in reply.answers[:2])


MARINA = [
    "Lake Berryessa's new resort will open in two years, the county said on Tuesday.",
    '"We will have a 50 slip marina, gas docks, restaurants, RV parking, cabins, it will be '
    'a nice resort once it is up and operating," said the concessions manager.',
    "The county expects 400,000 visitors a year once the resort opens.",
]


def test_a_count_after_its_noun_answers() -> None:
    resorts = [
        "The county approved talks with the resort group on Tuesday night.",
        "Margaritaville Hotels and Resorts has properties all over the country including four "
        "in California.",
    ]
    index = _index(resorts)
    reply = index.reply("how many properties does Margaritaville have in California?")
    assert reply.kind == ANSWERED
    assert "four in California" in reply.answers[0].sentence


def test_how_many_is_declined_when_the_paragraph_counts_something_else() -> None:
    index = _index(MARINA)
    reply = index.reply("how many cabins are they planning to build")
    assert reply.kind == NOT_FOUND
    assert reply.reason == "no-quantity"
    assert wording.headline(reply).startswith("The article doesn't give that number.")
    # what the paragraph does count is answered from it
    slips = index.reply("How many slips will the marina have?")
    assert slips.kind == ANSWERED
    assert "50 slip marina" in slips.answers[0].sentence


@pytest.mark.parametrize(
    ("question", "nouns"),
    [
        ("how many ant colonies did they use in the experiment?", ("colonies",)),
        ("how many tropical countries actually committed to it?", ("countries",)),
        ("How many Panthers players were selected to the Pro Bowl?", ("players",)),
        ("How many kinds of vegetation were growing on Redonda?", ("vegetation",)),
        ("how many hectares of rainforest have burned this year?", ("hectares", "rainforest")),
        ("how many women were trafficked through the ring?", ("women",)),
        # the dead, in whatever words a toll is told ("12 were killed")
        ("how many people in NY state have died?", qtypes._TOLL_NOUNS["died"]),
        # people at large, a share, no plural: any number may answer
        ("How many of the remaining launches were successful?", ()),
        ("How many Doctor Who soundtracks have been released?", ()),
        ("How much did the tattoo cost?", ()),
    ],
)
def test_what_a_how_many_question_counts(question: str, nouns: tuple[str, ...]) -> None:
    assert qtypes.classify(question).nouns == nouns


@pytest.mark.parametrize(
    ("noun", "sentence", "expected"),
    [
        ("tanks", "Germany has pledged 14 Leopard 2 tanks.", True),
        ("countries", "Only 21 of 131 countries are committed to it.", True),
        ("stations", "It is a 14-station trip between Homestead and Dadeland.", True),
        ("couples", "There were 1,388 (0.9%) same-sex married couples.", True),
        ("yards", "The defense ranked first in yards allowed (4,530).", True),
        ("empires", "Historically recognized Muslim empires number in the dozens.", True),
        ("americans", "The final number of Americans who would die looks more like 60,000.", True),
        # a count in words, however vague (the NYT: "the grid operator called on utilities
        # to cut power to hundreds of thousands of customers")
        ("customers", "Utilities cut power to hundreds of thousands of customers.", True),
        ("customers", "Utilities cut power to thousands of customers.", True),
        ("cabins", "We will have a 50 slip marina, gas docks, cabins and RV parking.", False),
        ("universities", "Some 67,000 research staff were on fixed-term contracts at universities.", False),
        ("women", "They moved Asian women across the country for three years.", False),
        # a number with no noun of its own counts the one before it
        ("properties", "It has properties all over the country, including four in California.", True),
        ("cabins", "The cabins were built in 1990.", False),
        ("cabins", "The cabins sit near Route 66.", False),
        ("staff", "Some 67,000 research staff work at universities, 30,000 of them part-time.", True),
        ("universities", "Some 67,000 research staff, two-thirds of all staff, work at universities.",
         False),
        # a number glued to another word sizes each one, it does not count them
        ("colonies", "Formica fusca is an ant species that can form thousand-strong colonies.", False),
        ("plans", "The party has published two 5-year plans.", True),
        ("plans", "The party has published its 5-year plans.", False),
    ],
)
def test_a_number_of_what_is_counted(noun: str, sentence: str, expected: bool) -> None:
    index = _index(["A paragraph."]).index
    assert qtypes.counts(sentence, set(index.terms(noun)), index.terms) is expected


def test_paying_asks_for_money_and_how_much_of_for_a_share() -> None:
    assert qtypes.classify("how much is the city paying the contractors?").unit == "money"
    assert qtypes.classify("how much of the BRT is the state paying for?").unit is None


AMAZON = [
    "Fire season in the Amazon runs from August through October, with its peak in "
    "mid-September.",
    "Brazil's space research institute predicts that rainfall in the central Amazon will be "
    "40 to 50 percent below normal this year.",
    "The new bus line is a 14-station trip between Homestead and Dadeland that opened in 2019.",
    "The dish is 500 metres across, an area twice the size of the Arecibo Observatory's.",
]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the compound names what is counted: "rain" in "rainfall", "stations" in "14-station"
        ("how much less rain are they expecting", "40 to 50 percent below normal"),
        ("how many stations are there between homestead and dadeland?", "14-station trip"),
        # a comparison asks by how much, not for a number of "bigger"
        ("how much bigger is it than arecibo?", "twice the size"),
    ],
)
def test_a_number_is_found_where_the_counted_word_is_part_of_a_compound(
    question: str, expected: str
) -> None:
    reply = _index(AMAZON).reply(question)
    assert reply.kind == ANSWERED
    assert expected in reply.answers[0].sentence


SIXERS = [
    "The Sixers played host to the Boston Celtics on Wednesday night and won 106-103.",
    "Joel Embiid scored 34 points, and Tyrese Maxey added 23 on Wednesday.",
    "The Sixers visit Milwaukee next Tuesday, and the arena will open its doors at 6 p.m.",
    "The regular season's final game is on April 14 in Brooklyn.",
]


def test_when_something_is_yet_to_happen_a_past_date_does_not_answer() -> None:
    index = _index(SIXERS)
    again = index.reply("When do the Sixers and Celtics meet again?")
    assert again.kind == NOT_FOUND
    assert again.reason == "no-time"
    # a time in a sentence that looks ahead does
    milwaukee = index.reply("When will the Sixers play Milwaukee?")
    assert milwaukee.kind == ANSWERED
    assert "next Tuesday" in milwaukee.answers[0].sentence
    # so does one that tells of no past ("is on April 14")
    finale = index.reply("When will the final game of the regular season be played?")
    assert finale.kind == ANSWERED
    assert "April 14" in finale.answers[0].sentence
    # and a question about the past is answered from the past
    assert index.reply("When did the Sixers play the Celtics?").kind == ANSWERED


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("When will the new stadium open?", "future"),
        ("When are fuel deliveries supposed to resume?", "future"),
        ("when's the 3060 ti coming out in the us?", "future"),
        ("when is james lee getting arraigned in boston?", "future"),
        ("When did the new stadium open?", None),
        ("When did he say they will meet?", None),
        ("What year will the mission launch?", "year"),
    ],
)
def test_which_time_questions_ask_about_the_future(question: str, unit: str | None) -> None:
    assert qtypes.classify(question).unit == unit


@pytest.mark.parametrize(
    ("sentence", "a_time"),
    [
        ("Wednesday night’s debate could turn on how he responds.", True),
        ("The fire started at night and burned until dawn.", True),
        ("That evening the council met again.", True),
        # a span, not when: "when is the debate?" was answered with this
        ("The debate marks his debut as a candidate — for a night at least.", False),
        ("They spent an evening with the players.", False),
    ],
)
def test_a_part_of_the_day_is_a_time_unless_it_is_a_span(sentence: str, a_time: bool) -> None:
    assert qtypes.holds(qtypes.TIME, sentence) is a_time


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what was the daughter's name?", qtypes.PERSON),
        ("What's the name of the hospital?", qtypes.PERSON),
        ("whats her name", qtypes.PERSON),
        ("what is the name of the company that made it?", qtypes.PERSON),
        # about a name, not asking for one
        ("what was the name change about?", None),
        ("what does the name mean?", None),
    ],
)
def test_asking_for_a_name_is_asking_who(question: str, kind: str | None) -> None:
    found = qtypes.classify(question).kind
    assert found == kind if kind else found != qtypes.PERSON


POLL = [
    "A majority of Americans welcome the change, though not of Republicans, the poll of "
    "2,000 adults by the Pew Research Center in 2019 found.",
    "The Deltapoll survey reveals that 68 per cent of people want Britain to keep its food "
    "standards.",
]


def test_what_percent_needs_a_share_not_any_number() -> None:
    index = _index(POLL)
    republicans = index.reply("what percent of republicans think the change is good?")
    assert republicans.kind == NOT_FOUND
    assert republicans.reason == "no-quantity"
    people = index.reply("what share of people want to keep food standards?")
    assert people.kind == ANSWERED
    assert "68 per cent" in people.answers[0].sentence


PRINTERS = [
    "A new algorithm lets desktop 3-D printers work up to twice as fast without losing quality.",
    "“We’re just waiting for the next evolution of the technology,” Simon Shen, CEO of "
    "XYZPrinting, told TechCrunch last year. “Not waiting for four to six hours for a print, "
    "but 40 to 60 minutes.”",
]


@pytest.mark.parametrize(
    "question",
    ["What did the XYZPrinting CEO say?", "how long does the xyzprinting ceo want a print to take"],
)
def test_someone_asked_for_by_role_is_never_said_to_be_unquoted(question: str) -> None:
    # the page names the CEO without the words asked: "XYZPrinting isn't quoted" would be false
    assert entities.speech_question(question) is None
    reply = _index(PRINTERS).reply(question)
    assert reply.kind == ANSWERED
    assert "Simon Shen" in reply.answers[0].paragraph


SKIN = [
    "Exfoliating too often can irritate the skin, dermatologists warn.",
    "When skin cells’ 28-day cycle has run its course, they shed naturally, at a rate of about "
    "30,000 to 40,000 a day.",
]


def test_a_rate_per_the_span_asked_about_counts_what_the_question_counts() -> None:
    index = _index(SKIN)
    reply = index.reply("How many dead skin cells does your body slough off every day?")
    assert reply.kind == ANSWERED
    assert "30,000 to 40,000 a day" in reply.answers[0].sentence
    # a rate of another span is no number of them per day
    assert not qtypes.gives_rate("They shed 30,000 a year.", "How many cells are shed every day?")


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("who wrote this?", "author"),
        ("Who wrote this article?", "author"),
        ("so who's the author?", "author"),
        ("who is the author of this piece?", "author"),
        ("Who is this by?", "author"),
        ("whose column is this?", "author"),
        ("when was this published?", "date"),
        ("What date was this article published?", "date"),
        # someone or something the article is about
        ("who wrote the rhodium report?", None),
        ("who wrote alone?", None),
        ("who is the author of the study?", None),
        ("When was the law published?", None),
    ],
)
def test_which_questions_the_byline_answers(question: str, asked: str | None) -> None:
    assert qtypes.asks_byline(question) == asked


def _page(tmp_path, meta: str) -> str:
    page = tmp_path / "page.html"
    body = "".join(
        f"<p>{p}</p>" for p in (
            "The county will reinvest millions of dollars in community groups, officials said "
            "on Tuesday, after a year of complaints about its youth programme.",
            "The programme sent 400 young people a year to probation, a report found.",
            "Supervisors voted 4-1 to end it, and the money will go to groups that offer "
            "mentoring instead.",
        )
    )
    page.write_text(
        f"<html><head><title>County ends youth programme</title>{meta}</head><body><article>"
        f"<h1>County ends youth programme</h1>{body}</article></body></html>",
        encoding="utf-8",
    )
    return str(page)


def test_who_wrote_this_from_the_command_line(tmp_path) -> None:
    stated = _page(tmp_path, '<meta name="author" content="Jane Roe">'
                   '<meta property="article:published_time" content="2024-03-05T09:00:00Z">')
    run = [sys.executable, "-m", "bot", "ask", stated]
    shown = subprocess.run([*run, "who wrote this?"], capture_output=True, text=True, timeout=120,
                           check=True).stdout
    assert shown.strip() == "The article is by Jane Roe, published 2024-03-05."
    data = json.loads(subprocess.run([*run, "When was this published?", "--json"], capture_output=True,
                                     text=True, timeout=120, check=True).stdout)
    assert (data["reply"], data["person"], data["published"], data["answers"]) == (
        "byline", "Jane Roe", "2024-03-05", [])
    # a page that names no author says so rather than quoting a paragraph
    unstated = _page(tmp_path, "")
    shown = subprocess.run([sys.executable, "-m", "bot", "ask", unstated, "who wrote this?"],
                           capture_output=True, text=True, timeout=120, check=True).stdout
    assert shown.strip() == "The article doesn't name its author."


CRASH = [
    "An overnight crash in Southwest Miami-Dade resulted in the death of a 15-year-old boy "
    "who was behind the wheel, officials said.",
    "Miami-Dade Police said officers were behind the silver Audi after receiving a call about "
    "the vehicle.",
    "“Once officers were in the area, they were able to see a vehicle that matched the "
    "description traveling eastbound at a high rate of speed,” said Miami-Dade Police "
    "Detective Alvaro Zabaleta.",
    "Police said the teenage driver was killed, and paramedics rushed the passenger to "
    "hospital in critical condition.",
    "“Our prayers are with the family, and this affects the entire community,” said Zabaleta.",
]


@pytest.mark.parametrize(
    "question", ["What did the detective say?", "What did the police detective say?"]
)
def test_someone_asked_for_by_role_is_whoever_the_page_gives_that_role(question: str) -> None:
    # "the detective isn't quoted" was false, and "the police detective" quoted the police
    reply = _index(CRASH).reply(question)
    assert reply.kind == ANSWERED
    assert [a.paragraph_index for a in reply.answers] == [2, 4]


@pytest.mark.parametrize(
    ("role", "paragraphs", "holder"),
    [
        ("judge", ["His Honour Judge Neil Ford QC sentenced him.", "Judge Ford said: “No.”"], "ford"),
        ("prosecutor", ["“It was obvious,” said Jane Roe, the county's prosecutor."], "roe"),
        ("boyfriend", ["Her boyfriend Alastair Uhlig travelled from London."], "uhlig"),
        # two lawyers: the question does not say which
        ("lawyer", ["Lawyer Ann Bell objected.", "Lawyer Tom Hart agreed."], None),
        ("report", ["The report Ann Bell wrote was long."], None),  # not a role
        # Bell is not the director: a clause of her own stands between
        ("director", ["Ann Bell, who met the director, left early."], None),
    ],
)
def test_role_holder(role: str, paragraphs: list[str], holder: str | None) -> None:
    known = {k for p in entities.attribute(paragraphs) for k in p.mentioned}
    assert entities.role_holder(role, paragraphs, known) == holder


HOUSING = [
    "Residents who are on a lease and are at least 18 years old can cast a ballot.",
    "Should Nostrand Houses elect the Preservation Trust, it would be the first development to "
    "make such a transfer. By 2028, the Preservation Trust aims to convert 110,000 apartments, "
    "while PACT aims to convert 62,000.",
]


def test_what_someone_wants_to_do_is_not_a_question_about_their_words() -> None:
    # "the trust isn't quoted" answered a question the page answers without quoting anyone
    question = "how many apartments does the trust want to convert?"
    assert entities.speech_question(question) is None
    # what someone wants is what the article says of them, quoted or not
    assert entities.speech_question("What does Putin want?") is None
    blackouts = _index([
        "The state is reviewing proposals to extend the operation of old gas plants.",
        "Environmentalists want the plants to remain closed because they use fossil fuels.",
    ]).reply("what do environmentalists want?")
    assert blackouts.kind == ANSWERED and blackouts.answers[0].paragraph_index == 1
    reply = _index(HOUSING).reply(question)
    assert reply.kind == ANSWERED
    assert "110,000 apartments" in reply.answers[0].sentence


CAMPAIGN = [
    "Sen. Elizabeth Warren of Massachusetts quickly accused Bloomberg of arguing the economy "
    "would be better off with less regulation.",
    "Warren, who has spent most of the race avoiding personal attacks, makes an exception for "
    "Bloomberg. She compares him to Trump. Bloomberg’s presence in the Las Vegas debate will "
    "give voters “a live demonstration of how we each take on an egomaniac billionaire,” she "
    "said Tuesday. Other candidates also have stepped up their attacks.",
]


def test_she_said_is_the_person_the_paragraph_opens_with_not_the_next_sentences_first_word() -> None:
    # "she said Tuesday. Other candidates": the name run stopped at the sentence's end, so
    # "she" is Warren, not someone called Other, and Warren is not "isn't quoted"
    said = entities.attribute(CAMPAIGN)[1]
    assert said.speakers == {"warren"}
    reply = _index(CAMPAIGN).reply(
        "what did warren say about him?"
    )
    assert reply.kind == ANSWERED
    assert reply.answers[0].paragraph_index == 1
    assert "egomaniac billionaire" in reply.answers[0].sentence  # her words, not her name


def test_a_name_run_keeps_its_titles_and_initials() -> None:
    # the run stops at a sentence's end, not at "Prof." or "R."
    text = "“Yes,” said Prof. John Smith. “No,” said Michael R. Bloomberg, and Sen. Warren agreed."
    assert entities.attribute([text])[0].named_speakers == {"smith", "bloomberg", "warren"}


COUNCIL = [
    "Democratic incumbent Marjorie Velázquez trailed her Republican challenger by more than "
    "700 votes on Wednesday.",
    "“We will wait for every ballot to be counted,” said Velázquez, who backed the rezoning.",
]


@pytest.mark.parametrize("question", ["what did Velazquez say?", "what did velazquez say?"])
def test_a_name_asked_without_its_accent_is_the_name_on_the_page(question: str) -> None:
    # "Velazquez isn't mentioned in the article" was false
    reply = _index(COUNCIL).reply(question)
    assert reply.kind == ANSWERED
    assert reply.answers[0].paragraph_index == 1
    assert "every ballot" in reply.answers[0].sentence


MASKS = [
    "A total of 6,000 surgical masks have been lost at a hospital in Kobe.",
    "The masks, worth ¥40,000, had been kept at a machine room on the third floor.",
]


@pytest.mark.parametrize("question", ["where were they kept?", "who took them?"])
def test_a_question_naming_nothing_asks_what_it_means(question: str) -> None:
    # every word is a stop word: "I couldn't find that in the article" would be false
    reply = _index(MASKS).reply(question)
    assert reply.kind == NOT_FOUND
    assert reply.reason == "no-terms"
    assert wording.headline(reply) == (
        "I can't tell what that asks about. Ask again naming the thing or person you mean."
    )


WAVE = [
    "While overall new cases and deaths have dropped across most of the Americas, there are "
    "still more than 620 thousand new cases each week.",
    "With 240 million people in the Americas yet to receive a single shot, vaccination gaps "
    "will keep the region at risk.",
]
BLAST = ["At least 12 people were killed and 30 were injured in the blast on Sunday."]


def test_how_many_died_needs_a_number_of_the_dead() -> None:
    # "deaths have dropped" next to 620 thousand cases gives no number of deaths
    reply = _index(WAVE).reply(
        "how many people died last week?"
    )
    assert reply.kind == NOT_FOUND and reply.reason == "no-quantity"
    blast = _index(BLAST + WAVE)
    for question in ("how many people died?", "how many were hurt in the blast?"):
        found = blast.reply(question)
        assert found.kind == ANSWERED and found.answers[0].paragraph_index == 0


@pytest.mark.parametrize(
    ("question", "unit"),
    [("how many people died last week?", "count"), ("how many cases a day?", "count"),
     ("how many hours of sun do they need?", "time"), ("how much sleep do teens need?", "time"),
     ("how many more years will it take?", "time")],
)
def test_counting_over_a_span_of_time_is_not_counting_time(question: str, unit: str) -> None:
    assert qtypes.classify(question).unit == unit


AGENCY = [
    "The region cannot ignore the risk of another wave, warns Health Agency Director "
    "Maria Lopez as she urged countries to close vaccination gaps.",
    "Cases are surging in Europe, and new infections are beginning to rise in the Caribbean.",
    "We must now redouble our efforts to reach vulnerable people, Dr Lopez said.",
    "The Health Agency Director also urged countries to keep testing capacity in place "
    "\u201cso we do not go into this next wave blind.\u201d",
]


def test_a_person_called_by_their_role_speaks_in_their_own_name() -> None:
    # named once with her title, then "the Director": those are her words on testing
    reply = _index(AGENCY).reply(
        "what did Lopez say about testing?"
    )
    assert reply.kind == ANSWERED and reply.answers[0].paragraph_index == 3


def test_a_role_shared_by_two_people_is_no_ones() -> None:
    # with a second director named, "the Health Agency Director" could be either
    assert entities.roles_of("lopez", AGENCY, {"lopez"}) == {"director", "dr"}
    two = AGENCY + ["Regional Director Ana Ruiz said testing was already in place."]
    assert entities.roles_of("lopez", two, {"lopez", "ruiz"}) == {"dr"}
    reply = _index(two).reply(
        "what did Lopez say about testing?"
    )
    assert reply.answers[0].paragraph_index != 4  # Ruiz's words are not hers


def test_the_sentence_giving_the_time_asked_for_is_the_one_quoted() -> None:
    # the NYT bolded "The first rolling blackouts this time occurred on Friday, ..." for
    # "what time did the blackouts start on Friday?"
    paragraphs = [
        "The first rolling blackouts this time occurred on Friday, as temperatures reached "
        "10 to 20 degrees above normal in California. At 6:36 p.m., the grid operator ordered "
        "its Stage 3 action, and utilities began cutting power.",
        "Environmentalists want the old gas plants to remain closed.",
    ]
    reply = _index(paragraphs).reply(
        "what time did the blackouts start on Friday?"
    )
    assert reply.kind == ANSWERED and reply.answers[0].paragraph_index == 0
    assert reply.answers[0].sentence.startswith("At 6:36 p.m.")


GRID = [
    "The Independent System Operator manages the grid for 80 percent of the state.",
    "Pan American Health Organization (PAHO) Director Carissa F. Etienne urged testing.",
    "BPD closed Dresden Drive after the leak.",
]


@pytest.mark.parametrize(
    ("name", "also"),
    [
        ("ISO", ["Independent System Operator"]),
        ("PAHO", ["Pan American Health Organization"]),
        ("the Brookhaven Police Department", ["BPD"]),
        ("Carissa Etienne", []),  # a name with no acronym
        ("FDA", []),  # an acronym the document never spells out
    ],
)
def test_an_acronym_is_the_name_the_document_spells_out(name: str, also: list[str]) -> None:
    assert Acronyms(GRID).also_called(name) == also


LEAK = [
    "Dresden Drive is closed due to a gas leak, Brookhaven Police Department reported at "
    "1:30 p.m. on Nov. 8.",
    "The city of Brookhaven is building its new city hall two blocks from the closure.",
    "BPD said there are no current evacuations, but residents are urged to avoid the area.",
]


@pytest.mark.parametrize(
    "question", ["what did the Brookhaven Police Department say?", "what did BPD say?"]
)
def test_an_organisation_speaks_under_its_acronym_too(question: str) -> None:
    # "Brookhaven Police Department isn't quoted in the article" was false twice over: it
    # "reported", and "BPD said"
    reply = _index(LEAK).reply(question)
    assert reply.kind == ANSWERED
    assert sorted(a.paragraph_index for a in reply.answers[:2]) == [0, 2]


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        # a role in lower case between the verb and the name (a press release's habit)
        ("\u201cIt could help clinicians,\u201d said lead author Josh Leipheimer, a student.",
         "leipheimer"),
        ("\u201cIt works,\u201d said study co-author Max Balter.", "balter"),
        ("Brookhaven Police Department reported the leak at 1:30 p.m.", "department"),
        # a clause of its own: Smith is talked about, not talking
        ("The minister said that Smith was wrong.", None),
        ("It said in Paris Macron would go.", None),
    ],
)
def test_who_speaks_after_the_verb(paragraph: str, speaker: str | None) -> None:
    (found,) = entities.attribute([paragraph])
    assert found.named_speakers == ({speaker} if speaker else set())


@pytest.mark.parametrize(
    "question",
    [
        "what's this about?", "What is this article about?", "tl;dr", "can you sum it up?",
        "what's the gist?", "what are the key takeaways?", "what happened?",
        "what did they find?", "what does the study conclude?", "so what is this all about?",
        "what is the main argument?", "what's the message of this piece?",
    ],
)
def test_a_question_about_the_whole_article_asks_for_its_gist(question: str) -> None:
    assert qtypes.asks_gist(question)
    index = _index(["NATO allies sent tanks to Ukraine."])
    assert index.reply(question).kind == GIST


def test_a_gist_question_about_an_article_in_another_language_gets_its_summary() -> None:
    german = document_from_paragraphs(
        ["Die Nato-Verbündeten haben der Ukraine weitere Panzer zugesagt, sagte der Generalsekretär."],
        language="german",
    )
    assert AnswerIndex(german).reply("what's this about?").kind == GIST


@pytest.mark.parametrize(
    "question",
    [
        "what happened to the tanks?", "what did Austin say?", "what did they find in the cave?",
        "what is the point of the tanks?", "what is it?", "what is NATO about?",
        "who wrote this?", "what's the summary of the meeting?",
        "what's the argument about taxes?", "what's the author's big takeaway",  # AUTHOR
    ],
)
def test_a_question_about_one_thing_is_no_gist_question(question: str) -> None:
    assert not qtypes.asks_gist(question)



STONES = [
    "Police in Spanish Town are searching for a woman who attacked a police inspector on "
    "Tuesday afternoon.",
    "The inspector had stopped to help a little boy who was crossing the busy main road alone.",
    "The accused is then alleged to have flung two stones at the police inspector, one of "
    "which hit her in the head.",
    "The inspector was treated at hospital and released the same evening.",
]


@pytest.mark.parametrize(
    "question", ["how many rocks did she throw at the inspector?", "how many stones did she throw?"]
)
def test_a_count_is_found_under_the_pages_own_word_for_what_is_counted(question: str) -> None:
    # the page says "two stones"; "rocks" is nowhere in it: the count still answers
    reply = _index(STONES).reply(question)
    assert reply.kind == ANSWERED and reply.answers[0].paragraph_index == 2
    assert "two stones" in reply.answers[0].sentence


def test_a_word_merely_alike_is_not_what_is_counted() -> None:
    # "locations" comes close to "places", but "located" next to "20km" counts no places
    paragraphs = [
        "The resort is located on the largest island, along 20km of white sandy beaches.",
        "Guests can choose between several locations for private dinners on the beach.",
        "The resort features four dining venues suited for different occasions.",
    ]
    index = _index(paragraphs)
    reply = index.reply("how many places to eat are there?")
    assert not (reply.kind == ANSWERED and reply.answers[0].paragraph_index == 0)


ALASKA = [
    "Alaska Airlines has a new date for when it will be a full member of the Oneworld "
    "alliance: March 31, 2021.",
    "The date is about three months later than executives planned when the carrier was "
    "invited to join the alliance.",
    "Members will be able to earn and burn miles across the alliance's 13 member carriers.",
]


@pytest.mark.parametrize(
    "question", ["how much later is that than they first planned?", "how much longer will it take?"]
)
def test_how_much_later_asks_for_a_span_of_time(question: str) -> None:
    assert qtypes.classify(question).unit == "time"


def test_how_much_later_is_answered_by_a_span_of_time() -> None:
    index = _index(ALASKA)
    reply = index.reply("how much later is that than they first planned?")
    assert reply.kind == ANSWERED and reply.answers[0].paragraph_index == 1


JUSTICE = [
    "Washington's Supreme Court has a new justice, and she is the first Native American "
    "to sit on it.",
    "She also served on the Whatcom County Superior Court from January 2015 to December 2019.",
    "Governor Jay Inslee appointed Montoya-Lewis, 51, to serve on the state's highest court.",
    "She is the first state justice of Native American heritage, the court said.",
]


@pytest.mark.parametrize(
    ("sentence", "holds"),
    [("Governor Jay Inslee appointed Montoya-Lewis, 51, to serve", True),
     ("On Monday, 32-year-old admirer Gustav Agerblad had the portrait inked.", True),
     ("The man, aged 45, was taken to hospital.", True),
     ("She is in her early 40s.", True),
     ("The bridge was built in 1932.", True),
     ("She served on the court from January 2015.", False),
     ("Police have since launched a search for the woman.", False),
     ("The shop has been around for decades.", True),
     ("A little boy was seen at about 3:00 pm.", False)],
)
def test_what_gives_an_age(sentence: str, holds: bool) -> None:
    assert qtypes.holds(qtypes.QUANTITY, sentence, unit="age") is holds


def test_how_old_is_answered_by_an_age_wherever_it_ranks() -> None:
    index = _index(JUSTICE)
    found = index.ask("how old is the new justice?", abstain=False)
    assert found[0].paragraph_index == 2 and "51" in found[0].sentence
    # the age answers though its sentence shares no word with the question
    reply = index.reply("how old is the new justice?")
    assert reply.kind == ANSWERED and reply.answers[0].paragraph_index == 2


def test_how_old_without_an_age_on_the_page_is_declined() -> None:
    reply = _index(STONES).reply(
        "how old was the little boy?"
    )
    assert reply.kind == NOT_FOUND and reply.reason == "no-quantity"


def test_a_figure_according_to_a_source_never_quoted_is_answered_by_content() -> None:
    paragraphs = [
        "This year is set to be the hottest on record, scientists say.",
        "From the Copernicus Climate Change Service, Samantha Burgess confirms that the "
        "global average temperature is now 1.43C above pre-industrial levels.",
        "Copernicus keeps records that go back to 1940.",
    ]
    index = _index(paragraphs)
    reply = index.reply("how far above pre-industrial levels are we now according to copernicus?")
    assert reply.kind == ANSWERED and reply.answers[0].paragraph_index == 1
    # whose words are asked for is still answered by what they are quoted saying, or not
    assert index.reply("what did Copernicus say?").kind == NOT_QUOTED


@pytest.mark.parametrize(
    "question",
    ["what would the new system cost broward?", "what does it cost?",
     "what's the price of a ticket?", "what is the cost of the program?"],
)
def test_what_does_it_cost_asks_for_money(question: str) -> None:
    kind = qtypes.classify(question)
    assert (kind.kind, kind.unit, kind.strict) == (qtypes.QUANTITY, "money", True)


RING = [
    "Four people were charged on Tuesday with running a network of brothels in Massachusetts "
    "and California, prosecutors said.",
    "Defendants James Lee, 68, of Torrance; Junmyung Lee, 30, of Dedham; and the alleged "
    "ringleader, Han Lee, 41, of Cambridge, appeared in federal court on Wednesday.",
    "The brothels were supposed to look like catering businesses from the street, investigators "
    "said, and customers were supposed to book online.",
]


@pytest.mark.parametrize(
    "question",
    ["who's supposed to be the ringleader?", "who ended up being the ringleader these days?"],
)
def test_chat_around_a_question_does_not_change_its_answer(question: str) -> None:
    # "supposed" is a word of the third paragraph, not what the reader asks about
    index = _index(RING)
    plain, chatty = index.reply("who is the ringleader?"), index.reply(question)
    assert [a.paragraph_index for a in chatty.answers] == [a.paragraph_index for a in plain.answers]
    assert chatty.kind == ANSWERED and abs(chatty.confidence - plain.confidence) < 0.05


def test_a_question_that_is_all_chatter_is_still_asked() -> None:
    assert qtypes.without_chatter("what's this stuff?") == "what's this ?"
    index = _index(RING)
    assert index.rank("what's this stuff?").query == ["stuff"]


def test_a_phrasal_verb_of_stop_words_asks_what_news_calls_it() -> None:
    # "looking into it" is all stop words: the reader was told the question asked nothing
    assert qtypes.without_chatter("who's looking into it?") == "who's looking into investigating it?"
    index = _index([
        "KOBE – A total of 6,000 surgical masks have been lost at a hospital in Kobe, it was"
        " learned Tuesday. The prefectural police is investigating the incident as a theft.",
        "The hospital said the masks were kept in a storeroom that was not locked at night.",
        "Staff first noticed the boxes were missing during a routine stock check.",
    ])
    reply = index.reply("who's looking into it?")
    assert reply.kind == ANSWERED and "police is investigating" in reply.answers[0].paragraph


def test_a_label_gives_way_to_the_paragraph_it_heads() -> None:
    # "2. CVS/caremark" holds the words asked and says nothing of them: it was quoted as
    # the answer to "what does caremark do?"
    index = _index([
        "CVS Health is all about helping people who are treading a path to better health.",
        "There are four main areas where CVS Health accomplishes this objective:",
        "1. CVS/pharmacy",
        "For over 50 years, this company has provided customers with products and services"
        " in its stores.",
        "2. CVS/caremark",
        "The company also provides pharmacy benefit management and prescription mail order"
        " services to help control drug costs.",
    ])
    reply = index.reply("what does caremark do?")
    assert reply.kind == ANSWERED
    assert reply.answers[0].paragraph.startswith("The company also provides pharmacy benefit")
    assert all(a.paragraph != "2. CVS/caremark" for a in reply.answers)
    # a short line before more short lines is a list, not a label
    listed = _index([
        "Here is how to make the sauce.",
        "Preheat the oven to 350 degrees",
        "Mix the butter and the flour",
        "Bake it for 20 minutes",
    ]).ask("what temperature should the oven be?", abstain=False)
    assert listed[0].paragraph == "Preheat the oven to 350 degrees"
