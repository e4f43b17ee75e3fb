"""The BERT uncased WordPiece tokenizer of all-MiniLM-L6-v2, in pure Python.

It gives the same ids as the Hugging Face ``tokenizers`` library on the model's
``tokenizer.json`` (checked on every Unicode code point and on the SQuAD, GUM and test
texts by benchmarks/check_wordpiece.py), from the model's plain ``vocab.txt``:

1. The special tokens ([PAD], [UNK], [CLS], [SEP], [MASK]) written in a text are taken
   as they stand, before anything else (as the library does with its added tokens).
2. The rest is normalized as BertNormalizer does: NUL, U+FFFD and control and format
   characters (categories Cc, Cf, Co, Cs except tab and line breaks) are dropped,
   whitespace becomes a space, CJK ideographs are spaced out, accents are stripped
   (NFD, then marks dropped) and each character is lower-cased on its own (so a final
   capital sigma gives "σ", not "ς").
3. It is split as BertPreTokenizer does: at whitespace, and around each punctuation
   character (categories P* and the ASCII symbols !"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~).
4. Each word becomes its greedy longest-match-first WordPiece pieces, "##" marking a
   piece inside a word; a word longer than 100 characters, or with a part no piece
   matches, is one [UNK].

[CLS] and [SEP] frame the ids. Characters are mapped through a table filled as they
are met, and words through a bounded cache, so a document costs little beyond
splitting its text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice

from bot.errors import ModelError

UNKNOWN, CLASSIFY, SEPARATE = "[UNK]", "[CLS]", "[SEP]"
SPECIAL = ("[PAD]", UNKNOWN, CLASSIFY, SEPARATE, "[MASK]")
_CONTINUATION = "##"
_MAX_WORD_CHARS = 100
_WORD_CACHE = 1 << 16  # distinct words remembered (a few MB)
_SPECIAL = re.compile("|".join(re.escape(s) for s in SPECIAL))
_DROPPED = frozenset(("Cc", "Cf", "Co", "Cs"))
_ASCII_SYMBOLS = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# Rust's char::is_whitespace (Unicode White_Space): str.isspace differs on U+001C-001F
_WHITESPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_CJK = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B920, 0x2CEAF),  # as the library has it (BERT's own table starts at 0x2B820)
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)


# Characters whose Unicode category changed, or that were assigned, after the tables
# the library's categories and decomposition come from (about Unicode 8.0), as Python
# 3.11's Unicode 14.0 has them: the library keeps these as they are (lower-cased) ...
_NEWER = (
    (0x61D, 0x61D), (0x7FD, 0x7FD), (0x890, 0x8E2), (0x9FD, 0x9FE), (0xA76, 0xA76),
    (0xAFA, 0xAFF), (0xB55, 0xB55), (0xC04, 0xC3C), (0xC77, 0xC77), (0xC84, 0xC84),
    (0xD00, 0xD00), (0xD3B, 0xD3C), (0xD81, 0xD81), (0xEBA, 0xEBA), (0x180F, 0x1886),
    (0x1ABF, 0x1ACE), (0x1B7D, 0x1B7E), (0x1DF6, 0x1DFB), (0x2E43, 0x2E5D), (0xA82C, 0xA82C),
    (0xA8C5, 0xA8C5), (0xA8FF, 0xA8FF), (0xA9BD, 0xA9BD), (0x10D24, 0x10F89),
    (0x11070, 0x11074), (0x110C2, 0x110CD), (0x111CF, 0x111CF), (0x1123E, 0x1123E),
    (0x1133B, 0x1133B), (0x11438, 0x1145E), (0x11660, 0x1166C), (0x116B9, 0x116B9),
    (0x1182F, 0x11FFF), (0x12FF1, 0x13438), (0x16E97, 0x16F4F), (0x16FE2, 0x16FE4),
    (0x1CF00, 0x1CF46), (0x1E000, 0x1E2EF), (0x1E944, 0x1E95F),
)  # fmt: skip
# ... and takes these by their older category: two punctuation marks and a mark
_OLDER = {"\u166d": " \u166d ", "\U000111c9": " \U000111c9 ", "\u1734": ""}


def _is_punctuation(c: str) -> bool:
    return c in _ASCII_SYMBOLS or unicodedata.category(c).startswith("P")


def _normalized(c: str) -> str:
    """One character as the normalizer and pre-tokenizer leave it: "" when dropped,
    " " for whitespace, spaces around a character that stands alone as a word."""
    if c in ("\t", "\n", "\r"):
        return " "
    code = ord(c)
    if c in _OLDER:
        return _OLDER[c]
    if any(low <= code <= high for low, high in _NEWER):
        return c.lower()
    if c in ("\x00", "\ufffd") or unicodedata.category(c) in _DROPPED:
        return ""
    if c in _WHITESPACE:
        return " "
    alone = any(low <= code <= high for low, high in _CJK)
    out = []
    for d in unicodedata.normalize("NFD", c):
        if unicodedata.category(d) == "Mn":  # the library strips nonspacing marks only
            continue
        for lower in d.lower():
            out.append(f" {lower} " if alone or _is_punctuation(lower) else lower)
    return "".join(out)


class _Characters(dict[int, str]):
    """A ``str.translate`` table of _normalized, filled on first sight of a character."""

    def __missing__(self, code: int) -> str:
        self[code] = value = _normalized(chr(code))
        return value


class WordPiece:
    """Token ids of texts for a BERT uncased vocabulary (one token a line, id = line)."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._ids: dict[str, int] = {}
        for at, token in enumerate(vocabulary):
            self._ids.setdefault(token, at)
        missing = [s for s in SPECIAL if s not in self._ids]
        if missing:
            raise ModelError(f"The vocabulary lacks {', '.join(missing)}.")
        self._unknown = (self._ids[UNKNOWN],)
        self._first = self._ids[CLASSIFY]
        self._last = self._ids[SEPARATE]
        self._table = _Characters()
        # bounded: one cache per tokenizer, freed with it
        self._word = lru_cache(maxsize=_WORD_CACHE)(self._pieces)

    def __len__(self) -> int:
        return len(self._ids)

    def ids(self, text: str, limit: int | None = None) -> list[int]:
        """The ids of ``text`` between [CLS] and [SEP]; at most ``limit`` of them, a
        longer text cut to its first ones with [SEP] kept last (as sentence-transformers
        cuts it). A cut text's words past the limit are not looked up."""
        tokens = self._tokens(text)
        if limit is not None:
            tokens = islice(tokens, max(limit - 2, 0))
        return [self._first, *tokens, self._last]

    def _tokens(self, text: str) -> Iterator[int]:
        at = 0
        for special in _SPECIAL.finditer(text):
            yield from self._words(text[at : special.start()])
            yield self._ids[special.group()]
            at = special.end()
        yield from self._words(text[at:])

    def _words(self, text: str) -> Iterator[int]:
        word = self._word
        for w in text.translate(self._table).split(" "):
            if w:
                yield from word(w)

    def _pieces(self, word: str) -> tuple[int, ...]:
        """Greedy longest-match-first pieces of one normalized word."""
        if len(word) > _MAX_WORD_CHARS:
            return self._unknown
        ids = self._ids
        found = ids.get(word)
        if found is not None:
            return (found,)
        out = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else _CONTINUATION + word[start:end]
                found = ids.get(piece)
                if found is not None:
                    out.append(found)
                    break
                end -= 1
            else:
                return self._unknown
            start = end
        return tuple(out)
