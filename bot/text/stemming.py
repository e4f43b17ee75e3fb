"""Stop words and stemmers per language (the names of bot.text.language: "english", ...).

Stems come from PyStemmer, the Snowball algorithms compiled from libstemmer (C): the
same algorithms NLTK ships in Python, newer and about six times faster, and importing it
loads nothing else (NLTK's import pulls in SciPy when it is installed: seconds). The
stop-word lists are the ones sumy ships, read as data files without importing sumy's code.
Languages without a Snowball stemmer (Ukrainian, Hebrew) are matched on whole words.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache, lru_cache
from importlib.resources import files

import Stemmer

# the Snowball algorithm of each language; a close language's where it has none
_ALGORITHMS = {
    "english": "english", "german": "german", "french": "french", "spanish": "spanish",
    "italian": "italian", "portuguese": "portuguese", "dutch": "dutch", "swedish": "swedish",
    "czech": "czech", "slovak": "czech", "polish": "polish", "russian": "russian",
    "greek": "greek", "arabic": "arabic",
}
_STOP_WORDS_PACKAGE = "sumy"  # its data/stopwords/<language>.txt lists


@cache
def stop_words(language: str) -> frozenset[str]:
    """The stop words of ``language``; empty for a language without a list."""
    try:
        data = files(_STOP_WORDS_PACKAGE).joinpath(f"data/stopwords/{language}.txt").read_bytes()
    except (OSError, ModuleNotFoundError):
        return frozenset()
    return frozenset(w.strip().lower() for w in data.decode("utf-8").splitlines() if w.strip())


@cache
def stemmer(language: str) -> Callable[[str], str]:
    """The stemmer of ``language`` (the identity for a language without one). Shared by
    every thread: a Stemmer object must not be used by two threads at once."""
    algorithm = _ALGORITHMS.get(language)
    if algorithm is None:
        return _identity
    stem = Stemmer.Stemmer(algorithm)
    lock = threading.Lock()

    def stem_word(word: str) -> str:
        with lock:
            result: str = stem.stemWord(word)
        return result

    return lru_cache(maxsize=200_000)(stem_word)


def _identity(word: str) -> str:
    return word
