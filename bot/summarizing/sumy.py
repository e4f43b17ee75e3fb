"""sumy's classic summarizers (LexRank, LSA, TextRank, Luhn, Edmundson, KL, SumBasic,
Reduction), run over our own sentence split and tokenization.

sumy's own Tokenizer is *not* used: it needs NLTK's punkt data, which is neither
installed nor downloadable on a locked-down server. Our documents arrive already split
(bot.text.sentences), and we hand sumy pre-built sentences. Stop words and stemmers
come from bot.text.stemming.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable, Sequence

from sumy.models.dom import ObjectDocumentModel
from sumy.models.dom import Paragraph as SumyParagraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from bot.document import Document
from bot.summarizing.candidates import Candidate
from bot.summarizing.registry import Summarizer
from bot.text import stemming
from bot.text.language import any_analyzer

# --- summarizers -------------------------------------------------------------
# Each entry builds a configured sumy summarizer; names are the public algorithm names.
_SUMY_CLASSES = {
    "lexrank": LexRankSummarizer,
    "lsa": LsaSummarizer,
    "textrank": TextRankSummarizer,
    "luhn": LuhnSummarizer,
    "edmundson": EdmundsonSummarizer,
    "kl": KLSummarizer,
    "sumbasic": SumBasicSummarizer,
    "reduction": ReductionSummarizer,
}
SUMY_ALGORITHMS: tuple[str, ...] = tuple(_SUMY_CLASSES)

# Edmundson's cue method rewards "bonus" and punishes "stigma" words. Hedging and
# filler words mark sentences that rarely carry a document's point.
STIGMA_WORDS: frozenset[str] = frozenset(
    "perhaps maybe possibly hardly arguably apparently somewhat seemingly reportedly "
    "allegedly supposedly anyway incidentally meanwhile click subscribe newsletter "
    "advertisement copyright".split()
)


class _WordsTokenizer:
    """The tokenizer sumy's sentences ask for words; ours, never NLTK's."""

    def __init__(self, words: Callable[[str], list[str]]) -> None:
        self._words = words

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(self._words(text))

    def to_sentences(self, text: str) -> tuple[str, ...]:
        # Never used by the summarizers: sentences are handed over already split.
        return (text,)


def sumy_rank(
    algorithm: str,
    groups: list[list[tuple[int, str]]],
    count: int,
    *,
    language: str,
    words: Callable[[str], list[str]],
    title: str = "",
    bonus_words: frozenset[str] = frozenset(),
) -> list[int]:
    """Run sumy's ``algorithm`` over already-split sentences and return the ids chosen.

    ``groups`` is one list per paragraph of ``(id, sentence text)``; ids are the
    caller's and come back in document order.
    """
    if algorithm not in _SUMY_CLASSES:
        raise ValueError(f"unknown sumy algorithm {algorithm!r}")
    tokenizer = _WordsTokenizer(words)
    by_object: dict[int, int] = {}
    paragraphs = []
    for i, group in enumerate(groups):
        sents = []
        if i == 0 and title.strip():
            # A heading is what Edmundson's title and location methods look at;
            # sumy never returns headings as summary sentences.
            sents.append(SumySentence(title, tokenizer, is_heading=True))
        for ident, text in group:
            sentence = SumySentence(text, tokenizer)
            by_object[id(sentence)] = ident
            sents.append(sentence)
        paragraphs.append(SumyParagraph(sents))
    document = ObjectDocumentModel(paragraphs)

    summarizer = _SUMY_CLASSES[algorithm](stemming.stemmer(language))
    stops = stemming.stop_words(language)
    if algorithm == "edmundson":
        summarizer.bonus_words = bonus_words or frozenset({"\x00"})
        summarizer.stigma_words = STIGMA_WORDS
        # sumy refuses an empty set; a word no text contains stands in for "none".
        summarizer.null_words = stops or frozenset({"\x00"})
    else:
        summarizer.stop_words = stops

    with warnings.catch_warnings():
        # LSA warns when a text has fewer distinct words than sentences; harmless here.
        warnings.simplefilter("ignore")
        chosen = summarizer(document, count)
    by_text = {text: ident for group in groups for ident, text in reversed(group)}
    ids: list[int] = []
    for sentence in chosen:
        found = by_object.get(id(sentence))
        if found is None:
            found = by_text.get(str(sentence))
        if found is not None:
            ids.append(found)
    return sorted(set(ids))


# How many of the most frequent terms stand in for a title as Edmundson's bonus words.
_KEYWORDS_WITHOUT_TITLE = 10


def summarizer(name: str) -> Summarizer:
    """sumy's algorithm ``name`` as a summarizer over our candidates."""
    if name not in _SUMY_CLASSES:
        raise ValueError(f"unknown sumy algorithm {name!r}")

    def choose(document: Document, pool: Sequence[Candidate], count: int) -> list[int]:
        text = any_analyzer(document.language)
        terms, words = text.terms, text.words
        groups: dict[int, list[tuple[int, str]]] = {}
        for i, cand in enumerate(pool):
            groups.setdefault(cand.ref.paragraph, []).append((i, cand.ref.text))
        # Edmundson's bonus words: the title's content words, else the most frequent ones.
        bonus = frozenset(w for w in words(document.title) if terms(w))
        if not bonus:
            counts: Counter[str] = Counter(w for c in pool for w in words(c.ref.text) if terms(w))
            bonus = frozenset(w for w, _ in counts.most_common(_KEYWORDS_WITHOUT_TITLE))
        return sumy_rank(
            name,
            list(groups.values()),
            count,
            language=text.language,
            words=words,
            title=document.title,
            bonus_words=bonus,
        )

    return choose
