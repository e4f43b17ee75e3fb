"""Everything summarybot takes from sumy, imported here and nowhere else.

sumy gives us per-language stop words, stemmers and its classic summarizers.
Its own Tokenizer is *not* used: it needs NLTK's punkt data, which is neither
installed nor downloadable on a locked-down server. Our documents arrive
already split (bot.text.sentences), and we hand sumy pre-built sentences.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from functools import cache, lru_cache

from sumy.models.dom import ObjectDocumentModel
from sumy.models.dom import Paragraph as SumyParagraph
from sumy.models.dom import Sentence as SumySentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words


@cache
def stop_words(language: str) -> frozenset[str]:
    """sumy's stop words for ``language`` (a sumy name such as "english"); empty if none."""
    try:
        return frozenset(w.lower() for w in get_stop_words(language))
    except LookupError:
        return frozenset()


@cache
def stemmer(language: str) -> Callable[[str], str]:
    """sumy's stemmer for ``language``; the identity where sumy has none usable."""
    try:
        stem = Stemmer(language)
        stem("probe")
    except (LookupError, ValueError):
        # ValueError: sumy asks for an optional package (greek, polish) we do not ship;
        # it only says so on first use, hence the probe.
        return _identity
    cached = lru_cache(maxsize=200_000)(stem)
    return cached


def _identity(word: str) -> str:
    return word


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

    summarizer = _SUMY_CLASSES[algorithm](stemmer(language))
    stops = stop_words(language)
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
    ids = []
    for sentence in chosen:
        ident = by_object.get(id(sentence))
        if ident is None:
            ident = by_text.get(str(sentence))
        if ident is not None:
            ids.append(ident)
    return sorted(set(ids))
