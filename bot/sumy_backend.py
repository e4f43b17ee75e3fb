"""Everything summarybot takes from sumy, imported here and nowhere else.

sumy gives us per-language stop words, stemmers and its classic summarizers.
Its own Tokenizer is *not* used: it needs NLTK's punkt data, which is neither
installed nor downloadable on a locked-down server. Our documents arrive
already split (bot.sentences), and we hand sumy pre-built sentences.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words


@lru_cache(maxsize=None)
def stop_words(language: str) -> frozenset[str]:
    """sumy's stop words for ``language`` (a sumy name such as "english"); empty if none."""
    try:
        return frozenset(w.lower() for w in get_stop_words(language))
    except LookupError:
        return frozenset()


@lru_cache(maxsize=None)
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
