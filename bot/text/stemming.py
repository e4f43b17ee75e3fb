"""Stop words and stemmers per language (sumy's names: "english", "german", ...).

sumy's stop-word lists and stemmers (NLTK's Snowball stemmers, and sumy's own for
Czech, Slovak and Ukrainian) are imported here; bot.text.language builds its Analyzer
on them and bot.summarizing.sumy hands them to sumy's summarizers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

from sumy.nlp.stemmers import Stemmer
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
