"""Answer indexes kept per process, so follow-up questions in a thread reuse one."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from bot.answering.index import AnswerIndex
from bot.errors import UsageError
from bot.storage.store import StoredArticle

INDEX_CACHE_SIZE = 32  # built AnswerIndex objects kept per process (a few MB at most)


class IndexCache:
    """An LRU of built AnswerIndex objects, one per version of an article."""

    def __init__(self, size: int = INDEX_CACHE_SIZE) -> None:
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise UsageError("index_cache_size must be a whole number of at least 0.")
        self._size = size
        self._lock = threading.Lock()
        self._indexes: OrderedDict[Hashable, AnswerIndex] = OrderedDict()
        self._building: dict[Hashable, threading.Event] = {}  # indexes being built
        self.builds = 0  # AnswerIndex objects built so far (the cache's misses)

    def get(
        self, article: StoredArticle, stored: Callable[[], bytes | None] | None = None
    ) -> AnswerIndex:
        """The article's AnswerIndex, built once per version of the article; ``stored``
        fetches what the summarizing job kept of it (its sentence vectors), so that
        building it here costs no model work."""
        # updated_at changes when the thread's article is replaced (same id)
        key = (article.id, article.updated_at or article.created_at)
        while True:
            with self._lock:
                index = self._indexes.get(key)
                if index is not None:
                    self._indexes.move_to_end(key)
                    return index
                building = self._building.get(key)
                if building is None:
                    building = self._building[key] = threading.Event()
                    break
            # Another job is building this index (a second or more with the sentence
            # model): wait for it instead of building it again, then look once more. If
            # that build failed, or nothing is cached, this job builds its own.
            building.wait()
        try:
            index = AnswerIndex(article.document, stored_vectors=stored() if stored else None)
            with self._lock:
                self.builds += 1
                if self._size:
                    self._indexes[key] = index
                    while len(self._indexes) > self._size:
                        self._indexes.popitem(last=False)
        finally:
            with self._lock:
                del self._building[key]
            building.set()
        return index
