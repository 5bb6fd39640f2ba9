"""A small least-recently-used cache with a budget in items or in bytes."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRU(Generic[K, V]):
    """Keeps the most recently used values while their total `weigh(value)` fits `budget`
    (each value weighs 1 unless told otherwise). Not thread-safe: one per render thread."""

    def __init__(self, budget: int, weigh: Callable[[V], int] | None = None) -> None:
        self._items: OrderedDict[K, V] = OrderedDict()
        self._budget = budget
        self._weigh = weigh or (lambda _value: 1)
        self._used = 0
        self.hits = 0
        self.misses = 0

    def get(self, key: K) -> V | None:
        value = self._items.get(key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self._items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> V:
        if key in self._items:
            self._used -= self._weigh(self._items.pop(key))
        self._items[key] = value
        self._used += self._weigh(value)
        while self._used > self._budget and len(self._items) > 1:
            _old_key, old = self._items.popitem(last=False)
            self._used -= self._weigh(old)
        return value

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        found = self.get(key)
        return found if found is not None else self.put(key, make())

    def clear(self) -> None:
        self._items.clear()
        self._used = 0

    def __len__(self) -> int:
        return len(self._items)
