"""How rare a word is in the language at large, from the wordfreq package.

Inside one short article, idf is noisy: a common word ("year", "known") can be as
rare there as the name the question is really about. wordfreq ships its frequency
tables inside the package, so this works offline; the tables are loaded on the
first look-up (about 0.2 s) and look-ups are cached by wordfreq.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from bot.errors import UsageError
from bot.text.language import BY_NAME

_MAX_ZIPF = 8.0  # Zipf scale: "the" is about 7.7, a word never seen is 0
NEUTRAL = 0.5  # for a language wordfreq lacks: every word equally rare


def has_rarity(language: str) -> bool:
    """Whether ``rarity`` knows word frequencies for ``language`` (a sumy name)."""
    return language in BY_NAME


def rarity(word: str, language: str) -> float:
    """0 for the commonest words of ``language`` up to 1 for words never seen;
    ``NEUTRAL`` for every word of a language without a frequency table."""
    if not isinstance(word, str) or not isinstance(language, str):
        raise UsageError("rarity needs a word and a language name, both text.")
    found = BY_NAME.get(language)
    if found is None or not word:
        return NEUTRAL
    return max(0.0, _MAX_ZIPF - _zipf()(word, found.code)) / _MAX_ZIPF


@cache
def _zipf() -> Callable[[str, str], float]:
    # imported on first use: most documents are never asked anything
    from wordfreq import zipf_frequency

    return zipf_frequency
