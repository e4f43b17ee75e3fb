"""The Llama 2 BPE tokenizer of WordLlama's "l2_supercat" word vectors, in pure Python.

It gives the same ids as the Hugging Face ``tokenizers`` library on WordLlama's
``l2_supercat_tokenizer_config.json`` with ``add_special_tokens=False`` (checked on every
Unicode code point and millions of real texts by benchmarks/check_llama_bpe.py), from
the vocabulary and merges that benchmarks/convert_wordllama.py took out of that file:

1. The special tokens ``<unk>``, ``<s>`` and ``</s>`` written in a text are taken as they
   stand (ids 0, 1, 2), before anything else, as the library does with its added tokens;
   the text between them is tokenized piece by piece.
2. Each non-empty piece is normalized as the library's normalizers do: "▁" (U+2581) is
   put in front, and every space (U+0020 only: tabs and line breaks stay) becomes "▁".
   There is no pre-tokenizer: the piece is one word for BPE.
3. The word starts as one symbol per character, a character missing from the
   vocabulary as the byte tokens ``<0xXX>`` of its UTF-8 bytes (byte fallback); a
   character with a byte missing from the vocabulary becomes ``<unk>``, runs of them
   one ``<unk>`` (fuse_unk), placed as the library places them.
4. Pairs of neighbouring symbols are merged lowest merge rank first (leftmost first on
   a tie) with the library's own queue, until no pair of the merge table is left.

Llama's vocabulary has no token holding "▁" after another character, so no merge
crosses the start of a "▁"-led run: a word is tokenized chunk by chunk ("▁hello",
"▁▁world"), each chunk's ids remembered in a bounded cache, and its ids are the same as
the whole word's. The vocabulary is checked for that when loaded.

The library refuses a text holding a lone surrogate (which Python strings allow and
Rust's do not); here such a character is read as U+FFFD, the replacement character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from heapq import heapify, heappop, heappush

from bot.errors import ModelError

UNKNOWN, BEGIN, END = "<unk>", "<s>", "</s>"
SPECIAL = (UNKNOWN, BEGIN, END)  # ids 0, 1 and 2, matched in the raw text
SPACE = "\u2581"  # "▁", which marks a space
_SPECIAL = re.compile("(" + "|".join(re.escape(s) for s in sorted(SPECIAL, key=len)[::-1]) + ")")
_CHUNK = re.compile(f"{SPACE}*[^{SPACE}]+|{SPACE}+")
_CACHE_ENTRIES = 1 << 17  # distinct chunks remembered (some tens of MB at most)
_CACHED_CHARS = 256  # longer chunks are tokenized every time
_REPLACEMENT = "\ufffd"


class LlamaBPE:
    """Ids of texts, from the vocabulary (token of each id, in id order) and the merges
    (pairs of tokens, in rank order)."""

    def __init__(self, vocabulary: Sequence[str], merges: Iterable[tuple[str, str]]) -> None:
        self._vocab = {token: at for at, token in enumerate(vocabulary)}
        if len(self._vocab) != len(vocabulary):
            raise ModelError("The word tokenizer's vocabulary repeats a token.")
        if tuple(vocabulary[: len(SPECIAL)]) != SPECIAL:
            raise ModelError("The word tokenizer's vocabulary does not start <unk> <s> </s>.")
        for token in vocabulary:
            if SPACE in token.lstrip(SPACE):
                # a merge could then cross a chunk's start: chunking would change ids
                raise ModelError(f"The word tokenizer's token {token!r} has '▁' inside.")
        self._size = len(vocabulary)
        # (left id, right id) -> (rank, merged id); a later duplicate wins, as in the library
        self._merges: dict[tuple[int, int], tuple[int, int]] = {}
        for rank, (left, right) in enumerate(merges):
            try:
                pair = (self._vocab[left], self._vocab[right])
                self._merges[pair] = (rank, self._vocab[left + right])
            except KeyError as missing:
                raise ModelError(f"The word tokenizer's merge {rank} needs {missing}.") from None
        self._bytes = [self._vocab.get(f"<0x{b:02X}>") for b in range(256)]
        self._cache: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return self._size

    def ids(self, text: str) -> list[int]:
        """The ids of ``text``, without <s> in front (``add_special_tokens=False``)."""
        if "<" not in text:
            return self._piece(text)
        out: list[int] = []
        for at, piece in enumerate(_SPECIAL.split(text)):
            if at % 2:
                out.append(self._vocab[piece])
            else:
                out.extend(self._piece(piece))
        return out

    def _piece(self, piece: str) -> list[int]:
        """The ids of text without special tokens."""
        if not piece:
            return []
        out: list[int] = []
        cache = self._cache
        for chunk in _CHUNK.findall(SPACE + piece.replace(" ", SPACE)):
            ids = cache.get(chunk)
            if ids is None:
                ids = self._word(chunk)
                if len(chunk) <= _CACHED_CHARS:
                    if len(cache) >= _CACHE_ENTRIES:
                        cache.clear()
                    cache[chunk] = ids
            out.extend(ids)
        return out

    def _word(self, word: str) -> list[int]:
        """BPE on one word, as the library's ``BPE::merge_word`` and ``Word::merge_all``."""
        symbols: list[int] = []
        unknown = False  # a run of characters waiting to be one <unk>
        for char in word:
            at = self._vocab.get(char)
            if at is None:
                try:
                    encoded = char.encode("utf-8")
                except UnicodeEncodeError:  # a lone surrogate
                    char = _REPLACEMENT
                    at = self._vocab.get(char)
                    encoded = char.encode("utf-8")
            if at is not None:
                if unknown:
                    symbols.append(0)
                    unknown = False
                symbols.append(at)
                continue
            fallback = [self._bytes[b] for b in encoded]
            if None not in fallback:
                # the library adds these without first closing a pending <unk>
                symbols.extend(b for b in fallback if b is not None)
            else:
                unknown = True  # fused with the run before it
        if unknown:
            symbols.append(0)
        count = len(symbols)
        if count < 2:
            return symbols
        merges = self._merges
        following = [*range(1, count), -1]
        previous = list(range(-1, count - 1))
        removed = [False] * count
        queue = []
        for pos in range(count - 1):
            found = merges.get((symbols[pos], symbols[pos + 1]))
            if found is not None:
                queue.append((found[0], pos, found[1]))
        heapify(queue)
        while queue:
            _, pos, merged = heappop(queue)
            right = following[pos]
            if removed[pos] or right == -1:
                continue
            found = merges.get((symbols[pos], symbols[right]))
            if found is None or found[1] != merged:
                continue  # an entry outdated by an earlier merge
            symbols[pos] = merged
            removed[right] = True
            after = following[right]
            following[pos] = after
            if after != -1:
                previous[after] = pos
            before = previous[pos]
            if before != -1:
                found = merges.get((symbols[before], merged))
                if found is not None:
                    heappush(queue, (found[0], before, found[1]))
            if after != -1:
                found = merges.get((merged, symbols[after]))
                if found is not None:
                    heappush(queue, (found[0], pos, found[1]))
        return [s for s, gone in zip(symbols, removed, strict=True) if not gone]
