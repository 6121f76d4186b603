"""Wildcard patterns (``*``: any run of characters, ``?``: any one character) matched in time linear in the text.

IAM's ``Action`` and ``Resource`` patterns, its ``StringLike`` and ``ArnLike`` conditions, ECR's repository
filters and EventBridge's wildcards all use them. Translated to a regular expression (``a*b*c`` -> ``a.*b.*c``),
a pattern of many stars makes a backtracking engine try every way of splitting the text between them: the IAM
pattern ``arn:aws:s3:::*a*a*a*a*a*a*a*a*a*a*b`` against forty ``a`` takes tens of seconds. Here a pattern is
cut at its stars into fixed-length segments. The first must start the text, the last must end it, and the ones
between are found left to right, each at the leftmost place it fits: any match can be moved to those places, so
nothing is ever tried twice. A segment is found with :meth:`str.find` on its longest literal run, so the work is
at most the text's length times one segment's length, and for the usual segments (no ``?``) :meth:`str.find`'s
own linear search.

A pattern is built from pieces (:func:`pieces`): literal text, :data:`STAR` and :data:`ONE`, so that text that
must match literally (a policy variable's value, an escaped ``*``) never becomes a wildcard.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Sequence

__all__ = ["ONE", "STAR", "ArnGlob", "Glob", "Piece", "fold", "glob", "pieces"]


class _Wild(enum.Enum):
    STAR = "*"
    ONE = "?"


#: Any run of characters, none included.
STAR = _Wild.STAR
#: Any one character.
ONE = _Wild.ONE
#: A piece of a pattern: literal text, :data:`STAR` or :data:`ONE`.
Piece = str | _Wild


def pieces(pattern: str, *, one: bool = True) -> list[Piece]:
    """The pieces of a plain wildcard pattern: every ``*`` (and ``?`` when ``one``) is a wildcard, everything else
    literal."""
    out: list[Piece] = []
    start = 0
    wild = "*?" if one else "*"
    for at, char in enumerate(pattern):
        if char in wild:
            if at > start:
                out.append(pattern[start:at])
            out.append(STAR if char == "*" else ONE)
            start = at + 1
    if start < len(pattern):
        out.append(pattern[start:])
    return out


def fold(text: str) -> str:
    """``text`` in lower case, character for character (a character whose lower case is longer is kept), so that
    positions and ``?`` mean the same before and after."""
    if text.isascii():
        return text.lower()
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


class _Segment:
    """A run of literal characters and ``?`` between two stars: it matches a text of its length exactly."""

    __slots__ = ("_anchor", "_anchor_at", "_chunks", "length", "plain")

    def __init__(self, items: Sequence[Piece]) -> None:
        chunks: list[tuple[int, str]] = []  # (offset in the segment, literal run)
        offset = 0
        for item in items:
            if item is ONE:
                offset += 1
            else:
                assert isinstance(item, str)
                if chunks and chunks[-1][0] + len(chunks[-1][1]) == offset:
                    chunks[-1] = (chunks[-1][0], chunks[-1][1] + item)
                else:
                    chunks.append((offset, item))
                offset += len(item)
        self.length = offset
        self._chunks = tuple(chunks)
        #: The whole segment when it has no ``?``.
        self.plain: str | None = chunks[0][1] if len(chunks) == 1 and len(chunks[0][1]) == offset else None
        if self.length == 0:
            self.plain = ""
        longest = max(chunks, key=lambda c: len(c[1]), default=(0, ""))
        self._anchor_at, self._anchor = longest

    def at(self, text: str, start: int) -> bool:
        """Whether the segment matches ``text`` from ``start`` (the caller has checked that it fits)."""
        if self.plain is not None:
            return text.startswith(self.plain, start)
        return all(text.startswith(chunk, start + offset) for offset, chunk in self._chunks)

    def find(self, text: str, start: int, end: int) -> int:
        """The leftmost place at or after ``start`` where the segment matches within ``text[:end]``; -1 if none."""
        last = end - self.length  # the last place it can start
        if last < start:
            return -1
        if self.plain is not None:
            return text.find(self.plain, start, end)
        if not self._anchor:  # only ``?``: it fits at once
            return start
        anchor, offset = self._anchor, self._anchor_at
        at = start
        while at <= last:
            found = text.find(anchor, at + offset, last + offset + len(anchor))
            if found < 0:
                return -1
            candidate = found - offset
            if self.at(text, candidate):
                return candidate
            at = candidate + 1
        return -1


class Glob:
    """A compiled wildcard pattern; :meth:`matches` tells whether it matches a whole text."""

    __slots__ = ("_fold", "_head", "_least", "_middle", "_star", "_tail")

    def __init__(self, items: Iterable[Piece], *, ignore_case: bool = False) -> None:
        segments: list[list[Piece]] = [[]]
        for item in items:
            if item is STAR:
                segments.append([])
            elif item == "":
                continue
            else:
                segments[-1].append(fold(item) if ignore_case and isinstance(item, str) else item)
        compiled = [_Segment(s) for s in segments]
        self._fold = ignore_case
        self._star = len(compiled) > 1
        self._head = compiled[0]
        self._tail = compiled[-1]
        self._middle = tuple(compiled[1:-1])
        self._least = sum(s.length for s in compiled)

    def matches(self, text: str) -> bool:
        """Whether the pattern matches the whole of ``text``."""
        if self._fold:
            text = fold(text)
        size = len(text)
        head = self._head
        if not self._star:
            return size == head.length and head.at(text, 0)
        if size < self._least or not head.at(text, 0):
            return False
        tail = self._tail
        end = size - tail.length
        if not tail.at(text, end):
            return False
        at = head.length
        for segment in self._middle:
            found = segment.find(text, at, end)
            if found < 0:
                return False
            at = found + segment.length
        return True


@functools.lru_cache(maxsize=4096)
def glob(pattern: str, ignore_case: bool = False, *, one: bool = True) -> Glob:
    """The compiled plain wildcard ``pattern`` (every ``*``, and ``?`` when ``one``, a wildcard), cached."""
    return Glob(pieces(pattern, one=one), ignore_case=ignore_case)


#: The parts of an ARN: ``arn:partition:service:region:account:resource``.
_ARN_PARTS = 6


class ArnGlob:
    """An ARN pattern as ``ArnLike`` reads it: the six colon-separated parts are matched each on its own, so a
    wildcard in the Region does not run into the account; the sixth part (the resource) takes the rest of the
    ARN, colons included."""

    __slots__ = ("_parts",)

    def __init__(self, items: Iterable[Piece]) -> None:
        parts: list[list[Piece]] = [[]]
        for item in items:
            if isinstance(item, str) and len(parts) < _ARN_PARTS and ":" in item:
                first, *rest = item.split(":", _ARN_PARTS - len(parts))
                parts[-1].append(first)
                parts.extend([chunk] for chunk in rest)
            else:
                parts[-1].append(item)
        #: None when the pattern has fewer than six parts: it matches nothing.
        self._parts = tuple(Glob(p) for p in parts) if len(parts) == _ARN_PARTS else None

    def matches(self, text: str) -> bool:
        """Whether ``text`` is an ARN whose six parts each match the pattern's."""
        if self._parts is None:
            return False
        found = text.split(":", _ARN_PARTS - 1)
        return len(found) == _ARN_PARTS and all(p.matches(t) for p, t in zip(self._parts, found, strict=True))
