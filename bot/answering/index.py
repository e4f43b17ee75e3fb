"""The answer index of one document: rank its paragraphs for a question, or decline.

Paragraphs are ranked with BM25 (rank-bm25 supplies the corpus statistics and
idf; scoring is vectorised over postings so one question costs milliseconds
even on a book-length document). Each paragraph is also scored by its
best-matching sentence, and the two are mixed: a paragraph that answers
usually holds one sentence that matches the question densely.

Questions about a person's words ("what did Austin say?", "according to
Austin ...") are recognised by bot.answering.speakers and re-ranked so that paragraphs
where that person speaks come first, surname-only mentions and "he said"
carried over from the previous speaker included. Who speaks where is worked
out on the first such question and kept (most questions never need it).

Abstention: an answer is only given when the document covers enough of the
question. Coverage is the idf-weighted share of the question's terms found in
the best paragraph, averaged with the same share in the document's
best-covering sentence; terms absent from the document count at the highest
idf, so a question about something the article never mentions covers little
even if a few common words match. To that is added the best character 4-gram
cosine between the question and any sentence, which tells a close paraphrase
of one sentence from a few shared words, and, with the sentence model, the
best cosine of the question's meaning with any sentence's. Being shares and
cosines, none depends on document length or BM25's scale.

Ranking mixes paragraph BM25 with its best sentence's BM25 and coverage,
adjacent term pairs, BM25 over unstemmed words, and character 4-gram TF-IDF
cosines of the question against each sentence and each paragraph (SQuAD-style
questions paraphrase one sentence closely, and character n-grams catch what
stemming misses: "Normans"/"Normandy", "1990s"/"1990"), question terms the
paragraph holds only a relative of (same first five letters), and a
Dirichlet-smoothed query likelihood of the paragraph and of its best sentence.
Word vectors (bot.vectors.words) add what no spelling can: each question word counts
by how close the nearest word of a sentence or paragraph is ("difficult" for
"hard"), and the question's vector is compared with each paragraph's. The in-order
share of question terms in a sentence is one more signal. Last, and strongest, a
sentence model (bot.vectors.sentences, all-MiniLM-L6-v2) compares what the question means with
what each sentence means; it runs on English documents of up to MODEL_MAX_SENTENCES
sentences, and other documents are ranked by the rest (the "lexical" weights).
For ranking, coverage weighs each term by its idf in the document times its
rarity in the language at large (bot.text.rarity): inside one article idf is
noisy, and a word such as "year" can look as rare as a name. Words that frame a
question ("what type", "in what year", "how long") weigh less. The weights
(bot.answering.weights, from weights.json) were learnt with a listwise softmax loss on
half of the SQuAD dev articles, never the other half.

The document's built data is a bot.answering.corpus.Corpus; the signals are computed in
bot.answering.features.

An empty question, or one made only of stop words, has nothing to look for:
``ask`` returns ``[]`` for it rather than raising.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np

from bot.answering import speakers
from bot.answering.corpus import MODEL_MAX_SENTENCES, Corpus
from bot.answering.features import Signals, signals
from bot.answering.weights import weights
from bot.document import Document
from bot.errors import UsageError

__all__ = ["MODEL_MAX_SENTENCES", "Answer", "AnswerIndex", "Ranking", "answer"]

SCORE_SCALE = 1 / 5.0  # brings the sum back to the range of the speaker tiers below
# abstain below this evidence: the mean of two idf-weighted shares of the question (the
# share found in the best paragraph and the share found in the best sentence of the
# document) plus the best character 4-gram cosine of the question with any sentence
# (chosen on the odd-position articles: about 96 % answered there)
MIN_EVIDENCE = 0.455
# with the sentence model, the best cosine of the question's meaning with any sentence's
# is added to the evidence; a question about another article rarely comes close in
# meaning (chosen on the odd-position articles: 97 % answered there)
MODEL_MIN_EVIDENCE = 1.016
SPEAKER_BONUS = 10.0  # per tier: puts the asked-about person's paragraphs above the rest
SPEAKER_NUDGE = 0.3  # when the question has a topic of its own, the speaker only breaks ties


@dataclass(frozen=True)
class Answer:
    paragraph_index: int
    paragraph: str
    sentence: str  # the sentence of the paragraph that best answers
    score: float


class Ranking(NamedTuple):
    """A question's mixed score per paragraph (0 for paragraphs that are no candidate),
    with the signals it was mixed from."""

    scores: np.ndarray
    signals: Signals


class AnswerIndex:
    """Everything needed to answer questions about one document, built once."""

    def __init__(self, document: Document, *, sentence_model: bool | None = None) -> None:
        """``sentence_model`` says whether to rank with bot.vectors.sentences' vectors; by
        default they are used for English documents of at most MODEL_MAX_SENTENCES
        sentences."""
        if not isinstance(document, Document):
            raise UsageError("AnswerIndex needs a Document.")
        if sentence_model is not None and not isinstance(sentence_model, bool):
            raise UsageError("sentence_model must be True, False or None.")
        self.document = document
        self.corpus = Corpus(document, sentence_model=sentence_model)

    @property
    def sentence_model(self) -> bool:
        """Whether this index ranks with the sentence model."""
        return self.corpus.meanings is not None

    @cached_property
    def _attribution(self) -> list[speakers.Attribution]:
        # built on the first "what did X say" question: most questions never need it
        return speakers.attribute([p.text for p in self.document.paragraphs])

    @cached_property
    def _people(self) -> set[str]:
        return set().union(*(a.mentioned for a in self._attribution))

    def signals(self, question: str) -> Signals:
        """The ranking signals of ``question`` per paragraph (for fitting the weights)."""
        return signals(self.corpus, self.corpus.terms(question), question)

    def rank(self, question: str) -> Ranking:
        """The mixed score of every paragraph for ``question``."""
        return self._rank(self.corpus.terms(question), question)

    def _rank(self, query: list[str], question: str) -> Ranking:
        found = signals(self.corpus, query, question)
        learned = weights().model if self.sentence_model else weights().lexical
        mixed = SCORE_SCALE * sum(w * found.features[name] for name, w in learned.items())
        # without the sentence model, only paragraphs sharing a term with the question are
        # candidates at all; the model can see an answer that shares no word with it
        mixed = np.asarray(mixed, dtype=np.float64)
        if self.sentence_model:
            candidate = np.ones(len(mixed), dtype=np.bool_)
        else:
            candidate = found.cover > 0
        return Ranking(np.where(candidate, mixed - mixed.min() + 1e-6, 0.0), found)

    def ask(self, question: str, *, top: int = 3, abstain: bool = True) -> list[Answer]:
        """The ``top`` best paragraphs for ``question``, best first; ``[]`` when the
        document does not answer it. ``abstain=False`` always ranks (for evaluation)."""
        if not isinstance(question, str):
            raise UsageError("The question must be text.")
        if not isinstance(top, int) or isinstance(top, bool) or top < 1:
            raise UsageError("top must be a positive whole number.")
        if not self.document.paragraphs:
            return []
        query = self.corpus.terms(question)
        speech = speakers.speech_question(question)
        speaker = speakers.resolve(speech, self._people) if speech else None
        if not query and speaker is None:
            return []
        mixed, found = self._rank(query, question)
        where = found.best_sentence
        if speaker is not None and speech is not None:
            named = set(self.corpus.terms(speech.name))
            if not [t for t in query if t not in named]:
                return self._speaker_answers(speaker, mixed, where, top)
            # a question with its own topic ("what did Luther think was the source of ...")
            # is answered by content first; the speaker only breaks near-ties
            mixed = mixed + SPEAKER_NUDGE * speakers.tiers(self._attribution, speaker) / 3.0
        order = np.argsort(-mixed, kind="stable")[:top]
        evidence = (found.cover[order[0]] + found.best_sentence_cover) / 2 + found.closeness
        least = MODEL_MIN_EVIDENCE if self.sentence_model else MIN_EVIDENCE
        if abstain and (mixed[order[0]] <= 0 or evidence < least):
            return []
        return [self._answer(int(i), float(mixed[i]), where) for i in order if mixed[i] > 0]

    def _speaker_answers(
        self, speaker: str, mixed: np.ndarray, s_where: np.ndarray, top: int
    ) -> list[Answer]:
        # the question is only the name: the speaker's paragraphs are the answer
        tier = speakers.tiers(self._attribution, speaker)
        if tier.max() <= 0:
            return []
        keep = tier >= (1 if tier.max() >= 1 else 0.5)
        ranked = SPEAKER_BONUS * tier + mixed
        order = [int(i) for i in np.argsort(-ranked, kind="stable") if keep[i]][:top]
        return [self._speaker_answer(i, float(ranked[i]), speaker, s_where) for i in order]

    def _speaker_answer(
        self, index: int, score: float, speaker: str, s_where: np.ndarray
    ) -> Answer:
        sentences = self.document.paragraphs[index].sentences or (
            self.document.paragraphs[index].text,
        )
        # the sentence naming the speaker shows who said it; fall back to the best match
        named = [
            s for s in sentences if speaker in {w.lower() for w in s.replace("’", " ").split()}
        ]
        named = [s for s in sentences if speaker in s.lower()] if not named else named
        chosen = named[0] if named else self.corpus.sentences_text[int(s_where[index])]
        return Answer(index, self.document.paragraphs[index].text, chosen, score)

    def _answer(self, index: int, score: float, s_where: np.ndarray) -> Answer:
        at = int(s_where[index])
        sentence = self.corpus.sentences_text[at] if at >= 0 else ""
        return Answer(index, self.document.paragraphs[index].text, sentence, score)


def answer(document: Document, question: str, *, top: int = 3) -> list[Answer]:
    """One-off convenience: index ``document`` and ask it ``question``."""
    return AnswerIndex(document).ask(question, top=top)
