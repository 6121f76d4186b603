"""Wildcard patterns (``*``: any run of characters, ``?``: any one character) matched in time linear in the text.

IAM's ``Action`` and ``Resource`` patterns, its ``StringLike`` and ``ArnLike`` conditions, ECR's repository
filters and EventBridge's wildcards all use them. Translated to a regular expression (``a*b*c`` -> ``a.*b.*c``),
a pattern of many stars makes a backtracking engine try every way of splitting the text between them: the IAM
pattern ``arn:aws:s3:::*a*a*a*a*a*a*a*a*a*a*b`` against forty ``a`` takes tens of seconds. Here a pattern is
cut at its stars into fixed-length segments. The first must start the text, the last must end it, and the ones
between are found left to right, each at the leftmost place it fits: any match can be moved to those places, so
nothing is ever tried twice. A segment is found with :meth:`str.find` (or, when it has ``?``, a search for an
expression of characters and ``.`` only, which has nothing to backtrack over), so the work is at most the text's
length times one segment's length.

A pattern is built from pieces (:func:`pieces`): literal text, :data:`STAR` and :data:`ONE`, so that text that
must match literally (a policy variable's value, an escaped ``*``) never becomes a wildcard.
"""

from __future__ import annotations

import enum
import functools
import re
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

    __slots__ = ("_one", "length", "plain")

    def __init__(self, items: Sequence[Piece]) -> None:
        texts = [item if isinstance(item, str) else "" for item in items]  # "": a ``?`` (a segment has no STAR)
        self.length = sum(len(t) or 1 for t in texts)
        #: The whole segment when it has no ``?``.
        self.plain: str | None = None
        self._one: re.Pattern[str] | None = None
        if ONE not in items:
            self.plain = "".join(texts)
        else:
            # Characters and "." only: no quantifier, so a search tries each place once, in time of the segment's
            # length, without backtracking between places.
            self._one = re.compile("".join(re.escape(t) if t else "." for t in texts), re.DOTALL)

    def at(self, text: str, start: int) -> bool:
        """Whether the segment matches ``text`` from ``start`` (the caller has checked that it fits)."""
        if self.plain is not None:
            return text.startswith(self.plain, start)
        assert self._one is not None
        return self._one.match(text, start) is not None

    def find(self, text: str, start: int, end: int) -> int:
        """The leftmost place at or after ``start`` where the segment matches within ``text[:end]``; -1 if none."""
        if self.plain is not None:
            return text.find(self.plain, start, end)
        assert self._one is not None
        found = self._one.search(text, start, end)
        return -1 if found is None else found.start()


class Glob:
    """A compiled wildcard pattern; :meth:`matches` tells whether it matches a whole text."""

    __slots__ = ("_fold", "_head", "_head_plain", "_least", "_middle", "_star", "_tail", "_tail_plain")

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
        self._middle = tuple((s, s.plain) for s in compiled[1:-1])
        self._least = sum(s.length for s in compiled)
        # The usual segments have no ``?``: str.startswith, str.endswith and str.find do all the work.
        self._head_plain = self._head.plain
        self._tail_plain = self._tail.plain

    def matches(self, text: str) -> bool:
        """Whether the pattern matches the whole of ``text``."""
        if self._fold:
            text = fold(text)
        head = self._head
        if not self._star:
            return len(text) == head.length and head.at(text, 0)
        if len(text) < self._least:
            return False
        plain = self._head_plain
        if not (text.startswith(plain) if plain is not None else head.at(text, 0)):
            return False
        end = len(text) - self._tail.length
        plain = self._tail_plain
        if not (text.endswith(plain) if plain is not None else self._tail.at(text, end)):
            return False
        at = head.length
        for segment, plain in self._middle:
            found = text.find(plain, at, end) if plain is not None else segment.find(text, at, end)
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
