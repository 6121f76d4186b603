"""Sorted indexes of container instances, so that placement finds its candidate without scanning the cluster.

A :class:`SortedIndex` orders instances by one measure (:class:`Family` says which: remaining cpu or memory for
``binpack``, a group's task count for ``spread`` on ``instanceId``, nothing for registration order). Entries are
``(value, seq, free, item)``: the instance's measure, its registration sequence (ties go to the earlier instance,
and no two entries compare equal, so items are never compared), its free (cpu, memory, gpu, enis) and the instance
itself. They live in sorted blocks of at most ``2 * _LOAD`` entries; each block remembers the most of each resource
any member has left, so a search for "the least remaining memory that still fits" skips whole blocks of instances
that are out of CPU or ENIs instead of visiting them one by one. The maxima are upper bounds, made exact whenever a
search has looked through a block. Insert and remove cost O(log n + block size); a search costs O(log n) plus the
blocks it has to look into.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterator
from operator import itemgetter
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")

#: Free (cpu, memory, gpu, enis) of an instance.
Free = tuple[int, int, int, int]
_LOAD = 16
_value = itemgetter(0)


def _maxima(block: list[tuple[int, int, Free, T]]) -> list[int]:
    return [max(column) for column in zip(*[entry[2] for entry in block], strict=True)]


class SortedIndex(Generic[T]):
    """Items sorted by (value, seq), in blocks with per-block maxima of the free resources."""

    __slots__ = ("_blocks", "_entries", "_firsts", "_maxima")

    def __init__(self) -> None:
        self._blocks: list[list[tuple[int, int, Free, T]]] = []
        self._firsts: list[tuple[int, int, Free, T]] = []
        self._maxima: list[list[int]] = []
        self._entries: dict[T, tuple[int, int, Free, T]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, item: T) -> bool:
        return item in self._entries

    def insert(self, item: T, value: int, seq: int, free: Free) -> None:
        """Add ``item`` (not already present) with its indexed ``value``, sequence and free resources."""
        entry = (value, seq, free, item)
        self._entries[item] = entry
        blocks = self._blocks
        if not blocks:
            blocks.append([entry])
            self._firsts.append(entry)
            self._maxima.append(list(free))
            return
        b = bisect_left(self._firsts, entry) - 1
        b = max(b, 0)
        block = blocks[b]
        insort(block, entry)
        self._firsts[b] = block[0]
        maxima = self._maxima[b]
        for k in range(4):
            maxima[k] = max(maxima[k], free[k])
        if len(block) > 2 * _LOAD:
            half = block[_LOAD:]
            del block[_LOAD:]
            blocks.insert(b + 1, half)
            self._firsts.insert(b + 1, half[0])
            self._maxima[b] = _maxima(block)
            self._maxima.insert(b + 1, _maxima(half))

    def remove(self, item: T) -> None:
        """Take ``item`` out (it must be present). The block's maxima stay as upper bounds: :meth:`scan` tightens
        them when they make it look into a block for nothing."""
        entry = self._entries.pop(item)
        b = bisect_left(self._firsts, entry)
        if b == len(self._firsts) or self._firsts[b] is not entry:
            b -= 1
        block = self._blocks[b]
        del block[bisect_left(block, entry)]
        if block:
            self._firsts[b] = block[0]
        else:
            del self._blocks[b], self._firsts[b], self._maxima[b]

    def scan(self, start: int, need: Free) -> Iterator[tuple[int, T]]:
        """(value, item) for the items whose value is at least ``start``, in order, leaving out blocks where no item
        has ``need`` free (items of the blocks visited are yielded whatever they have free).

        The caller must not change the index while it iterates; it may stop at any time.
        """
        blocks, maxima = self._blocks, self._maxima
        b = bisect_left(self._firsts, start, key=_value) - 1
        b = max(b, 0)
        cpu, memory, gpu, enis = need
        for k in range(b, len(blocks)):
            m = maxima[k]
            if m[0] < cpu or m[1] < memory or m[2] < gpu or m[3] < enis:
                continue
            block = blocks[k]
            for j in range(bisect_left(block, start, key=_value) if k == b else 0, len(block)):
                entry = block[j]
                yield entry[0], entry[3]
            # The caller looked through the whole block: make its bounds exact, so a block whose members have all
            # run short of something is skipped from now on.
            maxima[k] = _maxima(block)


class Indexed(Protocol):
    """What a :class:`Family` reads from a container instance (the state's ``Instance``)."""

    _seq: int
    _groups: dict[str, int]
    _attributes: dict[str, str | None]

    def free(self) -> Free: ...


IndexedT = TypeVar("IndexedT", bound=Indexed)


class Family(Generic[IndexedT]):
    """Indexes of ACTIVE instances by one measure, one per value of an attribute (or one for all).

    Measures: ``cpu`` and ``memory`` (what is left), ``tasks`` (how many tasks of :attr:`group` the instance
    runs) and ``order`` (nothing: registration order alone).
    """

    __slots__ = ("group", "measure", "members", "name", "parts")

    def __init__(self, measure: str, group: str | None, name: str | None, members: set[IndexedT] | None) -> None:
        self.measure = measure
        #: The group whose tasks ``tasks`` counts.
        self.group = group
        #: The attribute that splits the instances (None: one index, under the key None).
        self.name = name
        #: Only these instances are indexed (None: all).
        self.members = members
        self.parts: dict[str | None, SortedIndex[IndexedT]] = {}

    def measure_of(self, instance: IndexedT, free: Free) -> int:
        """The instance's position in this family's order."""
        measure = self.measure
        if measure == "memory":
            return free[1]
        if measure == "cpu":
            return free[0]
        if measure == "tasks":
            return instance._groups.get(self.group or "", 0)
        return 0

    def part_of(self, instance: IndexedT) -> str | None:
        """Which index of the family the instance belongs in."""
        return instance._attributes.get(self.name) if self.name is not None else None

    def insert(self, instance: IndexedT) -> None:
        """Index the instance (if it is one of the members)."""
        if self.members is not None and instance not in self.members:
            return
        value = self.part_of(instance)
        index = self.parts.get(value)
        if index is None:
            index = self.parts[value] = SortedIndex()
        free = instance.free()
        index.insert(instance, self.measure_of(instance, free), instance._seq, free)

    def remove(self, instance: IndexedT) -> None:
        """Take the instance out (if it is one of the members)."""
        if self.members is not None and instance not in self.members:
            return
        value = self.part_of(instance)
        index = self.parts[value]
        index.remove(instance)
        if not len(index):
            del self.parts[value]
