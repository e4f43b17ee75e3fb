"""Answering a question about one document: rank its paragraphs, pick the sentence to
bold, and decide whether the article answers at all.

Two stages. The first scores every paragraph by its lexical signals (BM25 and the
rest of bot.answering.features ``lexical``: milliseconds even for a book) and keeps
the best FIRST_STAGE_K, plus, when every sentence has its vector, the DENSE_K
paragraphs closest in meaning. The second scores only those candidates with all
signals: the sentence model's cosines (encoding, for a long document, only the
candidates' sentences not encoded yet), and the question-type signals ("how many"
wants a number, "who is X" the paragraph introducing X). Per question, the model
work is one question vector plus at most LAZY_MAX_SENTENCES new sentences; nothing
grows with the whole document.

The reply says one of these things (``Reply.kind``):

- ANSWERED: the best paragraphs, each with the sentence to bold (a quotation is
  kept whole with the words introducing it: "Trump tweeted before Election Day."
  and the tweet after it are one span);
- NOT_FOUND: the article does not answer; ``answers`` holds the closest paragraph
  (if any) so the reply can say "not in the article; closest paragraph: ...", and
  ``reason`` why (no number for "how many", the figure is someone else's, ...);
- NOT_QUOTED: a "what did X say" question about someone the article mentions but
  never quotes; ``answers`` are the paragraphs that mention them;
- BYLINE: "who wrote this?", from the page's byline; GIST: "what's this about?", a
  question about the whole article that its summary answers (the caller summarizes).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from bot.answering import attribution as entities
from bot.answering import features as feats
from bot.answering import qtypes, scoring, subjects
from bot.answering.acronyms import Acronyms
from bot.answering.arrays import best_per_owner
from bot.answering.corpus import DocumentIndex, indexed_sentences
from bot.answering.sections import SectionFinder
from bot.answering.sentence_vectors import SentenceVectors
from bot.answering.speakers import (
    ROLE_TIER,
    SPEAKER_BONUS,
    SPEAKER_NUDGE,
    Speakers,
    speaker_sentence,
)
from bot.document import Document
from bot.errors import InputError, UsageError
from bot.text import rarity as wordstats
from bot.text.language import fold
from bot.vectors import sentences as encoder

FIRST_STAGE_K = 12  # paragraphs the lexical first stage hands to the sentence model
DENSE_K = 4  # and the closest in meaning, when every sentence has its vector
# a long document (vectors on demand) keeps fewer: on SQuAD and the reader questions,
# top-1 with 8 candidates equals top-1 with every paragraph reranked (85.4 / 83.3 %)
LAZY_FIRST_STAGE_K = 8
LAZY_MAX_SENTENCES = 40  # sentences one question may encode (a long document's candidates)
# question-type signals are worked out for this many candidates (without the sentence
# model every paragraph sharing a word is a candidate, and the patterns cost time)
TYPED_K = 16
TYPE_SENTENCE_BONUS = 0.5  # a sentence holding the number/date asked for is the one to bold
INTRO_BONUS = 1.0  # "who is X": the paragraph introducing X ...
FIRST_MENTION_BONUS = 0.5  # ... or naming X in full first
STANCE_BONUS = 2.0  # "what does the author want": paragraphs in the writer's voice come first

# a declined question is shown its closest paragraph only if that paragraph comes this
# close in meaning (sentence-model cosine) or, without the model, covers this much of it
CLOSEST_MIN_COSINE = 0.45
CLOSEST_MIN_COVER = 0.5
_CAPITALISED = re.compile(r"\b[A-Z][\w’'\-&]*")
_LOWER = re.compile(r"\b[a-z][\w’'\-&]*")
# a capitalised word found only opening sentences is a name when the language rarely
# uses it (Zipf frequency under about 3: "Fabrikam", "Skaik"; not "Tension", "Audio")
NAME_MIN_RARITY = 0.6

ANSWERED = "answered"
NOT_FOUND = "not_found"
NOT_QUOTED = "not_quoted"
BYLINE = "byline"  # "who wrote this?": answered from the page's byline, not a paragraph
GIST = "gist"  # "what's this about?": the whole article, which its summary answers
LOW_EVIDENCE = "low-evidence"  # the reason when the abstention model declines


@dataclass(frozen=True)
class Answer:
    paragraph_index: int
    paragraph: str
    sentence: str  # the span of the paragraph that best answers (one sentence or a few)
    score: float


@dataclass(frozen=True)
class Reply:
    """What to tell the reader. ``answers`` are ranked best first: the answers
    (ANSWERED), the closest paragraph (NOT_FOUND, possibly none) or the paragraphs
    mentioning ``person`` (NOT_QUOTED). BYLINE has none: ``person`` wrote the article,
    ``published`` is its date (either may be None, not both). GIST has none: the caller
    shows the article's summary."""

    kind: str
    answers: tuple[Answer, ...] = ()
    person: str | None = None  # NOT_QUOTED, "someone-else": the name as the question wrote it
    other: str | None = None  # "someone-else": whom the closest paragraph's sentence is about
    reason: str = ""  # NOT_FOUND: "no-quantity", "no-time", ..., "low-evidence", "not-mentioned",
    # "someone-else", "no-name" (a name asked for that the closest paragraph does not give),
    # "no-author" / "no-date" (a byline question the page does not answer),
    # "no-terms" (the question names nothing to look for), "empty" (nothing to search)
    confidence: float = 0.0  # the abstention model's probability that the first answer answers
    # (1.0 for the section a question names by its heading)
    published: str | None = None  # BYLINE: the date the page states
    heading: str | None = None  # ANSWERED from the section the question names: its heading

    @property
    def declined_outright(self) -> bool:
        """Declined whatever the abstention threshold: no number for "how many", someone
        else's figure, nobody quoted, nothing to rank."""
        return self.kind != ANSWERED and self.reason != LOW_EVIDENCE


@dataclass
class Ranking:
    """Everything one question's ranking computed (for the reply and for fitting)."""

    kind: qtypes.QuestionType
    features: dict[str, np.ndarray]
    first: np.ndarray  # first-stage score per paragraph
    candidates: np.ndarray  # paragraphs given to the second stage
    score: np.ndarray  # second-stage score per paragraph (-inf outside the candidates)
    where: np.ndarray  # per paragraph, the row of the sentence to bold (-1: none)
    cosines: np.ndarray  # per sentence, the sentence model's cosine (0 where not computed)
    holds: np.ndarray  # per sentence, holds the kind of expression asked for
    lexical: feats.Lexical
    query: list[str]
    question: str
    signals: dict[str, float] = field(default_factory=dict)  # for abstention
    # "what did Etienne say about testing": the paragraphs where she speaks about every
    # topic word asked (set by the speech reply; None for other questions)
    spoken_on_topic: np.ndarray | None = None


class AnswerIndex:
    """Everything needed to answer questions about one document, built once."""

    def __init__(
        self,
        document: Document,
        *,
        sentence_model: bool | None = None,
        vectors: SentenceVectors | None = None,
        stored_vectors: bytes | None = None,
        encode_all: bool | None = None,
    ) -> None:
        """``sentence_model``: rank with bot.vectors.sentences's sentence vectors (default: for
        English documents). ``vectors``: sentence vectors computed before, or
        ``stored_vectors``, the bytes of ``vectors_bytes()`` kept with the article by
        the summarizing job; vectors that do not fit this document are ignored (and
        encoded afresh), never misapplied. ``encode_all``: run the sentence model over
        the whole document now (default: when it is small enough), or, when False, only
        over each question's candidates (one question about a document costs less)."""
        if vectors is None and stored_vectors is not None and sentence_model is not False:
            try:
                vectors = SentenceVectors.from_bytes(indexed_sentences(document), stored_vectors)
            except InputError:
                vectors = None
        self.index = DocumentIndex(
            document, sentence_model=sentence_model, vectors=vectors, encode_all=encode_all
        )
        self.document = document
        self._speakers = Speakers(
            self.index.paragraph_texts, [p.pieces for p in document.paragraphs]
        )
        self._cased: tuple[Counter[str], Counter[str]] | None = None  # see _written_as_name
        self._aliases: list[frozenset[str]] | None = None  # see _someone_else
        self._acronym_table: Acronyms | None = None  # see _acronyms
        self._section_finder: SectionFinder | None = None  # see _section_reply
        self._names: frozenset[str] | None = None  # see _gives_name

    @property
    def sentence_model(self) -> bool:
        """Whether this index ranks with the sentence model."""
        return self.index.vectors is not None

    @property
    def vectors(self) -> SentenceVectors | None:
        """The sentence vectors (to store with the article: ``to_bytes``)."""
        return self.index.vectors

    def vectors_bytes(self) -> bytes | None:
        """What the summarizing job stores with the article so that questions in other
        processes start from it (None without the sentence model)."""
        return self.index.vectors.to_bytes() if self.index.vectors is not None else None

    def _acronyms(self) -> Acronyms:
        if self._acronym_table is None:
            self._acronym_table = Acronyms(self.index.paragraph_texts)
        return self._acronym_table

    # -- ranking -------------------------------------------------------------

    def _plain(self, question: str) -> str:
        """``question`` in plain words (qtypes.without_chatter; English only)."""
        return qtypes.without_chatter(question) if self.index.language == "english" else question

    def _query(self, question: str) -> list[str]:
        """The terms ``rank`` looks for: the plain words', else the question's own."""
        return self.index.terms(self._plain(question)) or self.index.terms(question)

    def rank(self, question: str, *, first_stage_k: int | None = None) -> Ranking:
        """Score the paragraphs for ``question`` (no abstention)."""
        index = self.index
        n = index.n
        kind = qtypes.classify(question, index.language)
        plain = self._plain(question)
        query = index.terms(plain)
        if not query:
            # "what's this stuff?": the chatter is all there is
            plain, query = question, index.terms(question)
        if kind.kind == qtypes.AUTHOR:
            # "what does the author want": the framing words are in no answer
            framing = {t for w in qtypes.AUTHOR_FRAMING for t in index.terms(w)}
            query = [t for t in query if t not in framing] or query
        lex = feats.lexical(index, query, plain)
        table = scoring.weights()
        first = scoring.mix(lex.features, table["first_stage"], n)
        features = dict(lex.features)
        cosines = np.zeros(len(index.sentence_texts))
        story_place = _story_place(index, question, query)
        if index.vectors is None:
            # without the sentence model, only paragraphs sharing a term are candidates
            candidates = np.flatnonzero(lex.paragraph_cover > 0)
            candidates = candidates[np.argsort(-first[candidates], kind="stable")]
            candidates = _with(candidates, story_place)
        else:
            k = FIRST_STAGE_K if index.vectors.complete else LAZY_FIRST_STAGE_K
            k = k if first_stage_k is None else first_stage_k
            candidates = _with(np.argsort(-first, kind="stable")[:k], story_place)
            asked = encoder.encoder().vector(question)
            if index.vectors.complete and DENSE_K:
                every = index.vectors.cosines(asked)
                dense, _ = best_per_owner(every, index.sentence_owner, n)
                extra = np.argsort(-dense, kind="stable")[:DENSE_K]
                candidates = np.concatenate([candidates, extra[~np.isin(extra, candidates)]])
            else:
                rows = feats.candidate_sentences(index, candidates)
                index.vectors.ensure(rows, max_new=LAZY_MAX_SENTENCES)
            semantic, cosines = feats.semantic(index, asked, candidates)
            features.update(semantic)
        # the sentence to bold: the one matching most, in words and in meaning
        match = lex.sentence_match + cosines
        _, where = best_per_owner(match, index.sentence_owner, n)
        typed = feats.typed(index, kind, question, where, candidates[:TYPED_K])
        if kind.kind in qtypes.TYPED:
            # a sentence holding the number or date asked for is the answer to bold, and
            # the one whose signals count (the kinds are remembered: the second pass is cheap)
            _, where = best_per_owner(
                match + TYPE_SENTENCE_BONUS * typed.sentence_holds, index.sentence_owner, n
            )
            typed = feats.typed(index, kind, question, where, candidates[:TYPED_K])
        features.update(typed.features)
        score = np.full(n, -np.inf)
        if len(candidates):
            weights = table["rerank"] if index.vectors is not None else table["first_stage"]
            mixed = scoring.mix({k: v[candidates] for k, v in features.items()}, weights, len(candidates))
            if kind.kind in (qtypes.WHO_IS, qtypes.DEFINITION):
                mixed += INTRO_BONUS * features["intro"][candidates]
                mixed += FIRST_MENTION_BONUS * features["first_mention"][candidates]
            if kind.kind == qtypes.AUTHOR:
                mixed += STANCE_BONUS * features["stance"][candidates]
            score[candidates] = mixed
            if kind.strict:
                # an age is rare enough in a page that the first candidate giving one is
                # the answer ("how old is the new justice": "Montoya-Lewis, 51,")
                margin = np.inf if kind.unit == "age" else TYPE_SWITCH_MARGIN
                _prefer_typed(score, candidates, features, lex.paragraph_cover, margin)
            elif qtypes.asks_outcome(question):
                _prefer_outcome(score, candidates, index)
            elif kind.kind == qtypes.WHICH and kind.head in qtypes.INSTRUMENTS:
                _prefer_instrument(score, candidates, index, kind.head)
            elif story_place is not None:
                score[story_place] = float(np.max(score[candidates])) + 0.01
            elif qtypes.asks_place(question):
                _prefer_place(score, candidates, index)
            _prefer_reply(score, candidates, index, where)
        return Ranking(
            kind, features, first, candidates, score, where, cosines, typed.sentence_holds, lex,
            query, question,
        )

    # -- replies ----------------------------------------------------------------

    def reply(self, question: str, *, top: int = 3) -> Reply:
        """What to tell the reader about ``question``: answers, or why not."""
        if not isinstance(question, str):
            raise UsageError("The question must be text.")
        if not isinstance(top, int) or isinstance(top, bool) or top < 1:
            raise UsageError("top must be a positive whole number.")
        if not self.index.n:
            return Reply(NOT_FOUND, reason="empty")
        # asked in English of an article in any language: its summary answers
        if qtypes.asks_gist(question):
            return Reply(GIST)
        asked = qtypes.asks_byline(question) if self.index.language == "english" else None
        if asked is not None:
            return self._byline(asked, question, top)
        return self._reply(question, top)

    def _reply(self, question: str, top: int) -> Reply:
        speech = self._speech_question(question)
        query = self._query(question)
        if not query and speech is None:
            # "where were they kept?", "who took them?": nothing to look for (every word is
            # a stop word), which is not "the article doesn't say"
            return Reply(NOT_FOUND, reason="no-terms")
        ranking: Ranking | None = None
        if speech is not None:
            ranking = self.rank(question)
            spoken = self._speech_reply(speech, ranking, question, top)
            if spoken is not None:
                return spoken
        # the section a question names needs no ranking
        named = self._section_reply(query, top)
        if named is not None:
            return named
        if ranking is None:
            ranking = self.rank(question)
        order = self._order(ranking)
        if not len(order):
            return Reply(NOT_FOUND, reason=LOW_EVIDENCE)
        signals = self.abstain_signals(ranking, order)
        ranking.signals = signals
        with_model = self.index.vectors is not None
        confidence = scoring.answer_probability(signals, sentence_model=with_model)
        # the closest paragraph is worth offering only when it is about the question at all
        related = (
            signals["model_best"] >= CLOSEST_MIN_COSINE
            if self.index.vectors is not None
            else signals["cover_best"] >= CLOSEST_MIN_COVER
        )
        # "where did it happen?" shares no word with "The incident took place outside the
        # Half Way Tree Transport Centre", but a place named is worth offering (and answers)
        placed = qtypes.asks_place(question) and qtypes.names_place(
            self.index.paragraph_texts[int(order[0])]
        )
        shown = self._shown(order)
        closest = (self._answer(shown[0], ranking),) if related or placed else ()
        if signals["type_missing"] > 0 or self._uncounted(ranking, int(order[0])):
            return Reply(NOT_FOUND, closest, reason=f"no-{ranking.kind.kind}", confidence=confidence)
        if (
            ranking.kind.kind != qtypes.QUANTITY
            and qtypes.asks_figure(question)
            and not qtypes.holds(
                qtypes.QUANTITY,
                self.index.paragraph_texts[int(order[0])],
                qtypes.numbers_in(question),
            )
        ):
            # "what's Belize's vaccination rate?" of a paragraph with no number in it
            return Reply(NOT_FOUND, closest, reason="no-quantity", confidence=confidence)
        if qtypes.asks_name(question) and not self._gives_name(int(order[0]), question):
            # "what's the inspector's name?" of "The inspector intervened and was spat at"
            return Reply(NOT_FOUND, closest, reason="no-name", confidence=confidence)
        asked, other = (None, None) if speech is not None else self._someone_else(
            ranking, int(order[0])
        )
        if other is not None:
            return Reply(NOT_FOUND, closest, person=asked, other=other, reason="someone-else",
                         confidence=confidence)
        # their own words on the topic asked answer, however few words they share with it
        on_topic = ranking.spoken_on_topic
        said = on_topic is not None and bool(on_topic[order[0]])
        # so does a person's age for "how old is the new justice?" ("Montoya-Lewis, 51,"),
        # though the sentence shares no word with the question
        aged = ranking.kind.unit == "age" and self._gives_age(int(order[0]), ranking)
        # and so does a place named for "where did the crash happen?" ("The crash happened
        # along the Osborne Store main road in Clarendon"), which shares no word with it
        if confidence < scoring.threshold(sentence_model=with_model) and not (
            said or aged or placed
        ):
            return Reply(NOT_FOUND, closest, reason=LOW_EVIDENCE, confidence=confidence)
        answers = tuple(self._answer(i, ranking) for i in shown[:top])
        return Reply(ANSWERED, answers, confidence=confidence)

    def _section_reply(self, query: list[str], top: int) -> Reply | None:
        """The first paragraphs of the section the question names by its heading ("what
        ingredients do I need?": the list under "Ingredients"), or None (bot.answering.sections)."""
        if self._section_finder is None:
            self._section_finder = SectionFinder(self.document, self.index.terms)
        if not self._section_finder:
            return None
        section = self._section_finder.asked(query)
        if section is None:
            return None
        # a very long document's later paragraphs are not indexed (corpus.MAX_INDEXED_SENTENCES)
        shown = [p for p in section.paragraphs if p < self.index.n][:top]
        if not shown:
            return None
        # the whole section answers: no one sentence of it is bolded
        answers = tuple(Answer(p, self.index.paragraph_texts[p], "", 1.0) for p in shown)
        return Reply(ANSWERED, answers, confidence=1.0, heading=section.heading)

    def ask(self, question: str, *, top: int = 3, abstain: bool = True) -> list[Answer]:
        """The ``top`` best paragraphs for ``question``, best first; ``[]`` when the
        document does not answer it. ``abstain=False`` always ranks (for evaluation)."""
        if abstain:
            found = self.reply(question, top=top)
            return list(found.answers) if found.kind == ANSWERED else []
        if not isinstance(question, str):
            raise UsageError("The question must be text.")
        if not isinstance(top, int) or isinstance(top, bool) or top < 1:
            raise UsageError("top must be a positive whole number.")
        if not self.index.n or not self._query(question):
            return []
        ranking = self.rank(question)
        speech = self._speech_question(question)
        if speech is not None:
            spoken = self._speech_reply(speech, ranking, question, top)
            if spoken is not None and spoken.kind == ANSWERED:
                return list(spoken.answers)
        return [self._answer(i, ranking) for i in self._shown(self._order(ranking))[:top]]

    def _shown(self, order: np.ndarray) -> list[int]:
        """The paragraphs to quote for ``order``: a label ("2. CVS/caremark") gives way to
        the paragraph it heads ("The company also provides pharmacy benefit management
        ..."), which says what the label only names; the label's words found it, so the
        ranking and the decision to answer stay the label's."""
        shown: list[int] = []
        for paragraph in map(int, order):
            if _is_label(self.index, paragraph):
                paragraph += 1
            if paragraph not in shown:
                shown.append(paragraph)
        return shown

    def _order(self, ranking: Ranking) -> np.ndarray:
        cands = ranking.candidates
        return cands[np.argsort(-ranking.score[cands], kind="stable")]

    def abstain_signals(
        self, ranking: Ranking, order: np.ndarray, keep: np.ndarray | None = None
    ) -> dict[str, float]:
        """The question-level signals of scoring.ABSTAIN_FEATURES for the ranking
        ``order`` (best first). ``keep`` (per paragraph) restricts the document to some
        paragraphs: fitting asks each question once of the article without the
        paragraphs that answer it."""
        index = self.index
        best = int(order[0])
        rows = feats.candidate_sentences(index, order[:3])
        in_doc = np.ones(len(index.sentence_texts), dtype=bool)
        if keep is not None:
            in_doc = keep[index.sentence_owner]
        weights = feats.term_weights(index, ranking.query)
        total = sum(weights.values()) or 1.0
        def absent(term: str) -> bool:
            hit = index.paragraphs.postings.get(term)
            return hit is None or (keep is not None and not keep[hit[0]].any())

        missing = sum(w for t, w in weights.items() if absent(t))
        # weighed by rarity in the language: a reader's own common word ("cost") is often
        # missing from a page that answers; a name or term ("Newsom", "retinol") is not
        rarity = feats.rarity_of(index, ranking.question)
        rare_total = sum(rarity.get(t, 0.0) for t in weights) or 1.0
        missing_rare = sum(rarity.get(t, 0.0) for t in weights if absent(t)) / rare_total
        rarest_missing = max((rarity.get(t, 0.0) for t in weights if absent(t)), default=0.0)
        names = feats.question_names(ranking.question)
        name_missing = any(all(absent(t) for t in index.terms(w)) for w in names if index.terms(w))
        numbers = qtypes.numbers_in(ranking.question)
        number_missing = any(all(absent(t) for t in index.terms(x)) for x in numbers if index.terms(x))
        second = ranking.score[order[1]] if len(order) > 1 else ranking.score[best] - 1.0
        typed = ranking.kind.kind in qtypes.TYPED

        def top(values: np.ndarray) -> float:
            values = values[in_doc]
            return float(values.max()) if len(values) else 0.0

        return {
            "model_best": float(ranking.cosines[rows].max()) if len(rows) else 0.0,
            "char_best": top(ranking.lexical.sentence_chars),
            "cover_best": top(ranking.lexical.sentence_cover),
            "cover_top": float(ranking.lexical.paragraph_cover[best]),
            "missing": missing / total,
            "missing_rare": missing_rare,
            "rarest_missing": rarest_missing,
            "name_missing": float(name_missing),
            "number_missing": float(number_missing),
            "margin": float(min(ranking.score[best] - second, 5.0)),
            "soft_top": float(ranking.features["soft_sentence_rare"][best]),
            "type_missing": float(
                typed and ranking.kind.strict and not ranking.features["type_paragraph"][best]
            ),
            "typed": float(typed),
            # "which law": how close the first answer comes to naming a law (1 for other kinds)
            "head_top": float(ranking.features["head_paragraph"][best])
            if ranking.kind.kind == qtypes.WHICH
            else 1.0,
        }

    def _gives_age(self, best: int, ranking: Ranking) -> bool:
        """Whether paragraph ``best``'s quoted sentence gives someone's age."""
        row = self._quoted_row(best, ranking)
        return row >= 0 and qtypes.person_age(self.index.sentence_texts[row])

    def _byline(self, asked: str, question: str, top: int) -> Reply:
        """"who wrote this?" ("author") or "when was this published?" ("date"): the
        byline when the page states it; else a paragraph that says it ("By Alice Wu"),
        and failing that "The article doesn't name its author"."""
        author, date = self.document.author, self.document.date
        if (author if asked == "author" else date):
            return Reply(BYLINE, person=author, published=date, confidence=1.0)
        found = self._reply(question, top)
        if found.kind == ANSWERED:
            return found
        return replace(found, reason=f"no-{asked}")

    def _gives_name(self, paragraph: int, question: str) -> bool:
        """Whether the paragraph names something the question does not (a word of no
        terms, "The" or "Of", is no name)."""
        given = set(self.index.terms(question))

        def asked(word: str) -> bool:
            terms = self.index.terms(word)
            return not terms or given.issuperset(terms)

        if self._names is None:
            self._names = qtypes.capitalised_inside(self.index.sentence_texts)
        rows = range(self.index.first_sentence[paragraph], self.index.first_sentence[paragraph + 1])
        return any(
            qtypes.names_something(self.index.sentence_texts[r], asked, self._names) for r in rows
        )

    def _uncounted(self, ranking: Ranking, best: int) -> bool:
        """A "how many cabins" question whose first answer gives no number of cabins (a
        number of something else, or cabins without a number)."""
        # "kgs" is written "kg": the singular's terms count too
        words = [w for noun in ranking.kind.nouns for w in (noun, noun.removesuffix("s"))]
        terms = {t for w in words for t in self.index.terms(w)}
        if not terms:
            return False
        rows = feats.candidate_sentences(self.index, np.array([best])).tolist()
        # a paragraph that never names what is counted may name it otherwise ("how many
        # hymns": "18 of 26 songs"); one that names it without a number of it does not count it
        if not any(terms.intersection(self.index.sentence_terms[r]) for r in rows):
            return False
        texts = self.index.sentence_texts
        return not any(
            qtypes.counts(texts[r], terms, self.index.terms)
            or qtypes.gives_rate(texts[r], ranking.question)
            for r in rows
        )

    def _speech_question(self, question: str) -> entities.SpeechQuestion | None:
        """The person a "what did X say" question asks about; a name typed in lower case
        must be one the document writes as a name ("how much sun do hydrangeas want"
        asks no one)."""
        if self.index.language != "english":
            return None
        speech = entities.speech_question(question)
        if speech is None or speech.name[:1].isupper():
            return speech
        return speech if all(self._written_as_name(w) for w in speech.name.split()) else None

    def _someone_else(self, ranking: Ranking, best: int) -> tuple[str | None, str | None]:
        """(the name asked about, the other name) when the question asks a number or
        time of a name the document holds and the first answer's quoted sentence is
        about another name; (None, None) otherwise (see bot.answering.subjects)."""
        index = self.index
        typed = ranking.kind.kind in qtypes.TYPED
        if index.language != "english" or not typed or ranking.where[best] < 0:
            return None, None
        asked = [
            n for n in subjects.asked_about(ranking.question)
            if any(index.paragraphs.postings.get(t) is not None for t in index.terms(n))
        ]
        if not asked:
            return None, None
        about = subjects.subject(
            index.sentence_texts, self._quoted_row(best, ranking), int(index.first_sentence[best]),
            self._written_as_name, asked,
        )
        if about is None:
            return None, None
        named = feats.question_names(ranking.question)
        if self._aliases is None:
            self._aliases = subjects.aliases(index.sentence_texts)
        if subjects.someone_else(asked, self._span(best, ranking), about, named, self._aliases):
            return asked[0], about
        return None, None

    def _written_as_name(self, word: str) -> bool:
        """Whether the document writes ``word`` as a name: capitalised after a
        sentence's first word at least as often as in lower case ("Amazon", not
        "hydrangeas" though a brand is "Endless Summer Hydrangeas"), or never in lower
        case while rare in the language ("Fabrikam" opening every sentence it is in;
        not "Tension")."""
        if self._cased is None:
            capitalised: Counter[str] = Counter()
            lower: Counter[str] = Counter()
            for text in map(fold, self.index.sentence_texts):
                rest = text.split(" ", 1)[1] if " " in text else ""
                capitalised.update(w.lower() for w in _CAPITALISED.findall(rest))
                lower.update(_LOWER.findall(text))
            self._cased = (capitalised, lower)
        capitalised, lower = self._cased
        key = fold(word.lower())
        if capitalised[key]:
            return capitalised[key] >= lower[key]
        return not lower[key] and wordstats.rarity(key, self.index.language) >= NAME_MIN_RARITY

    # -- speakers ---------------------------------------------------------------

    def _speech_reply(
        self, speech: entities.SpeechQuestion, ranking: Ranking, question: str, top: int
    ) -> Reply | None:
        """The reply to a "what did X say" question, or None to answer it by content."""
        person = self._speakers.find(speech, self._acronyms().also_called(speech.name))
        if not person.mentioned:
            if speech.name[:1].isupper():
                return Reply(NOT_FOUND, reason="not-mentioned", person=speech.name)
            return None  # "the boiling point of mercury" names no one: answer by content
        score = np.where(np.isfinite(ranking.score), ranking.score, ranking.first)
        named = set(self.index.terms(speech.name))
        topic = [t for t in ranking.query if t not in named]
        if person.silent and speech.source and topic:
            return None  # a fact "according to" a source that is never quoted: by content
        if person.silent:
            order = np.flatnonzero(person.mentions)
            order = order[np.argsort(-score[order], kind="stable")][:top]
            return Reply(
                NOT_QUOTED, tuple(self._answer(int(i), ranking) for i in order), person=speech.name
            )
        if topic:
            asked = dict.fromkeys(topic, 1.0)
            on_topic = (person.tiers >= ROLE_TIER) & (
                self.index.paragraphs.coverage(asked) >= len(asked)
            )
            # a question with its own topic ("what did Luther think was the source of ...")
            # is answered by content first; the speaker only breaks near-ties, and their
            # words on every topic word asked break them most, whoever the attribution
            # credits ("she", "the director")
            nudge = np.maximum(person.tiers / 3.0, on_topic.astype(float))
            ranking.score = np.where(
                np.isfinite(ranking.score), ranking.score + SPEAKER_NUDGE * nudge, ranking.score
            )
            ranking.spoken_on_topic = on_topic
            return None
        # the question is only the name: the speaker's paragraphs are the answer
        tier = person.tiers
        keep = tier >= (1 if tier.max() >= 1 else 0.5)
        ranked = SPEAKER_BONUS * tier + score
        chosen_order = [int(i) for i in np.argsort(-ranked, kind="stable") if keep[i]][:top]
        answers = []
        for i in chosen_order:
            sentences = self.document.paragraphs[i].pieces
            chosen = speaker_sentence(sentences, person.key or speech.tokens[-1])
            base = self._answer(i, ranking)
            answers.append(Answer(i, base.paragraph, chosen or base.sentence, float(ranked[i])))
        return Reply(ANSWERED, tuple(answers), person=speech.name, confidence=1.0)

    # -- the quoted span ------------------------------------------------------------

    def _answer(self, index: int, ranking: Ranking) -> Answer:
        score = ranking.score[index]
        score = float(score) if np.isfinite(score) else float(ranking.first[index])
        return Answer(index, self.index.paragraph_texts[index], self._span(index, ranking), score)

    def _quoted_row(self, index: int, ranking: Ranking) -> int:
        """The row of paragraph ``index``'s sentence to quote (-1: none)."""
        row = int(ranking.where[index])
        if row < 0 or not ranking.kind.strict or ranking.holds[row]:
            return row
        # "what time did the blackouts start on Friday?": the sentence giving the time ("At
        # 6:36 p.m., California ISO ordered ..."), not the one sharing the most words
        first = int(self.index.first_sentence[index])
        typed = [r for r in range(first, int(self.index.first_sentence[index + 1])) if ranking.holds[r]]
        return max(typed, key=lambda r: float(ranking.cosines[r])) if typed else row

    def _span(self, index: int, ranking: Ranking) -> str:
        row = self._quoted_row(index, ranking)
        if row < 0:
            return ""
        first = int(self.index.first_sentence[index])
        last = int(self.index.first_sentence[index + 1]) - 1
        lo, hi = quote_span(self.index.sentence_texts, row, first, last)
        if lo == hi:
            return self.index.sentence_texts[row]
        paragraph = self.index.paragraph_texts[index]
        start = paragraph.find(self.index.sentence_texts[lo])
        end_at = paragraph.find(self.index.sentence_texts[hi], max(start, 0))
        if start < 0 or end_at < 0:
            return self.index.sentence_texts[row]
        return paragraph[start : end_at + len(self.index.sentence_texts[hi])]


TYPE_SWITCH_MARGIN = 0.25  # see _prefer_typed


NEXT_MIN_COSINE = 0.6  # see _prefer_typed
OUTCOME_SWITCH_MARGIN = 1.0  # see _prefer_outcome
INSTRUMENT_SWITCH_MARGIN = 1.5  # see _prefer_instrument
PLACE_SWITCH_MARGIN = 0.5  # see _prefer_place
LABEL_MAX_WORDS = 6  # see _is_label
LABEL_MAX_CHARS = 60
_LABEL = re.compile(r"(?:\d{1,3}[.)]\s+)?[^\W\d_]")  # "2. CVS/caremark", "Early years"


def _prefer_typed(
    score: np.ndarray,
    candidates: np.ndarray,
    features: dict[str, np.ndarray],
    cover: np.ndarray,
    margin: float = TYPE_SWITCH_MARGIN,
) -> None:
    """A "how many" question whose first paragraph holds no number: a runner-up within
    ``margin`` that holds one goes first (at TYPE_SWITCH_MARGIN neutral on SQuAD: 6
    questions right, 5 wrong of 67; larger margins lose; an age asks for no margin);
    failing that, the paragraph
    right after the first, when it holds one, shares a word with the question and comes
    close in meaning (news carries an answer on into the next paragraph: "...an internal
    fee." / "Since 2012, Microsoft assessed the fee ..."; on SQuAD this never fires)."""
    typed = features["type_paragraph"]
    order = candidates[np.argsort(-score[candidates], kind="stable")]
    if not len(order) or typed[order[0]]:
        return
    top = order[0]
    for at in order[1:]:
        if score[at] < score[top] - margin:
            break
        if typed[at]:
            score[at] = score[top] + 0.01
            return
    after = top + 1
    if (
        after in candidates
        and typed[after]
        and cover[after] > 0
        and features.get("model_sentence", np.zeros(len(score)))[after] >= NEXT_MIN_COSINE
    ):
        score[after] = score[top] + 0.01


def _prefer(
    score: np.ndarray, candidates: np.ndarray, has: Callable[[int], bool], margin: float
) -> None:
    """When the first paragraph lacks what the question's kind needs (``has``), the
    best runner-up within ``margin`` that has it goes first."""
    order = candidates[np.argsort(-score[candidates], kind="stable")]
    if not len(order) or has(int(order[0])):
        return
    top = order[0]
    for at in order[1:]:
        if score[at] < score[top] - margin:
            return
        if has(int(at)):
            score[at] = score[top] + 0.01
            return


def _prefer_outcome(score: np.ndarray, candidates: np.ndarray, index: DocumentIndex) -> None:
    """"Who won ...": a paragraph that states an outcome in its own voice (not a tweet
    predicting a win, not a quote) within OUTCOME_SWITCH_MARGIN. On SQuAD's 16 who-won
    questions this changes nothing at margins of 0.25 and 1.0 (a margin of 0.5 lost one of
    the even half's)."""

    def states(paragraph: int) -> bool:
        rows = range(index.first_sentence[paragraph], index.first_sentence[paragraph + 1])
        return any(qtypes.states_outcome(index.sentence_texts[r]) for r in rows)

    _prefer(score, candidates, states, OUTCOME_SWITCH_MARGIN)


def _prefer_instrument(
    score: np.ndarray, candidates: np.ndarray, index: DocumentIndex, head: str
) -> None:
    """"Which law / act / treaty ...": a paragraph that names one ("the Punjab
    Preservation of Subsoil Water Act") within INSTRUMENT_SWITCH_MARGIN. SQuAD's even and
    odd halves have 5 such questions and the rule changes none of them at margins up to
    2.0; the same rule for every head noun ("which river" -> "... River") loses 8 to 112
    questions there, so it is kept to legal instruments."""

    def names(paragraph: int) -> bool:
        return qtypes.names_instrument(head, index.paragraph_texts[paragraph])

    _prefer(score, candidates, names, INSTRUMENT_SWITCH_MARGIN)


def _prefer_place(score: np.ndarray, candidates: np.ndarray, index: DocumentIndex) -> None:
    """"Where did the crash happen?": a paragraph naming a place ("in Osborne Store,
    Clarendon") within PLACE_SWITCH_MARGIN (SQuAD's even half has three such questions;
    the rule for every "where" question lost 0.1 to 0.2 points of top-1 there at 0.5)."""

    def names(paragraph: int) -> bool:
        return qtypes.names_place(index.paragraph_texts[paragraph])

    _prefer(score, candidates, names, PLACE_SWITCH_MARGIN)


def _story_place(index: DocumentIndex, question: str, query: list[str]) -> int | None:
    """"Where did this happen?", naming nothing but the event, asks where the story took
    place, which news tells early: the first paragraph naming a place (None for other
    questions, or when no paragraph names one)."""
    if not qtypes.asks_place(question):
        return None
    events = {t for w in qtypes.EVENT_WORDS for t in index.terms(w)}
    if not events.issuperset(query):
        return None
    return next(
        (i for i, text in enumerate(index.paragraph_texts) if qtypes.names_place(text)), None
    )


def _with(candidates: np.ndarray, paragraph: int | None) -> np.ndarray:
    """``candidates`` with ``paragraph`` added at the end (when it is not among them)."""
    if paragraph is None or paragraph in candidates:
        return candidates
    return np.append(candidates, paragraph)


def _prefer_reply(
    score: np.ndarray, candidates: np.ndarray, index: DocumentIndex, where: np.ndarray
) -> None:
    """A first paragraph that ends asking the question ("a reporter asked Montoya-Lewis,
    “What do you see as the biggest problem with implicit bias in the courts?”") is
    followed by its answer ("“The biggest hurdle is ...,” she replied."): the next
    paragraph goes first when it is a candidate and asks nothing itself. Interviews and
    Q&As read this way; 3 of the 1,023 paragraphs of SQuAD's even half end in a question,
    and its top-1 is unchanged."""
    order = candidates[np.argsort(-score[candidates], kind="stable")]
    if not len(order):
        return
    top = int(order[0])
    last = int(index.first_sentence[top + 1]) - 1
    after = top + 1
    if (
        int(where[top]) != last
        or not qtypes.is_question(index.sentence_texts[last])
        or after not in candidates
        or qtypes.is_question(index.sentence_texts[int(index.first_sentence[after + 1]) - 1])
    ):
        return
    score[after] = score[top] + 0.01


def _is_label(index: DocumentIndex, paragraph: int) -> bool:
    """A paragraph that only names what the next one tells of, as a heading the page did
    not mark as one: a list's "2. CVS/caremark" before "The company also provides ..."."""
    if paragraph + 1 >= index.n:
        return False
    text = index.paragraph_texts[paragraph].strip()
    after = index.paragraph_texts[paragraph + 1].strip()
    # one short line of words (not a code listing's output, not a bullet) before prose
    return (
        "\n" not in text
        and len(text) <= LABEL_MAX_CHARS
        and len(text.split()) <= LABEL_MAX_WORDS
        and _LABEL.match(text) is not None
        and not text.endswith((".", "!", "?", "”", '"', ":", ";", ")", "’"))
        and len(after.split()) >= 8
        and after.endswith((".", "!", "?", "”", '"'))
    )


_OPEN = "“‘«„"
_CLOSE = "”’»"
_INTRODUCES = re.compile(
    r"(?::\s*$)|\b(?:tweet(?:ed|s)?|wrote|writes|said|says|posted|posts|added|adds|declared|"
    r"stated|told\s+\w+|replied|responded|announced|warned|put\s+it|explained|noted|"
    r"the\s+following)\b[^“\"”]{0,60}[.:]\s*$",
    re.IGNORECASE,
)
_QUOTE_START = re.compile(r"^\s*[“\"‘«„]")
MAX_SPAN = 4  # sentences a quotation may run to


def _balance(text: str) -> int:
    """Opening minus closing curly quotes (straight quotes counted in pairs)."""
    straight = text.count('"') % 2
    return sum(text.count(c) for c in "“«„") - sum(text.count(c) for c in "”»") + straight


def quote_span(sentences: list[str], row: int, first: int, last: int) -> tuple[int, int]:
    """The sentence rows to bold around ``row`` (within ``first``..``last``): a quotation
    is kept whole, and with the words introducing it ("Trump tweeted before Election
    Day." and the tweet that follows)."""
    lo = hi = row
    # a quotation split over sentences: run on to where it closes, or back to where it opens
    depth = _balance(sentences[row])
    while depth > 0 and hi < last and hi - lo < MAX_SPAN - 1:
        hi += 1
        depth += _balance(sentences[hi])
    depth = _balance(sentences[row])
    while depth < 0 and lo > first and hi - lo < MAX_SPAN - 1:
        lo -= 1
        depth += _balance(sentences[lo])
    # words introducing a quotation that follows them: bold the quotation too
    if hi < last and _INTRODUCES.search(sentences[hi]) and _QUOTE_START.match(sentences[hi + 1]):
        hi += 1
        depth = _balance(sentences[hi])
        while depth > 0 and hi < last and hi - lo < MAX_SPAN - 1:
            hi += 1
            depth += _balance(sentences[hi])
    # a bare quotation: bold the words introducing it as well
    elif lo > first and _QUOTE_START.match(sentences[lo]) and _INTRODUCES.search(sentences[lo - 1]):
        lo -= 1
    return lo, hi


def answer(document: Document, question: str, *, top: int = 3) -> list[Answer]:
    """One-off convenience: index ``document`` and ask it ``question``."""
    return AnswerIndex(document).ask(question, top=top)
