"""What matches one value of an event in an EventBridge pattern (:mod:`ecskit.eventbridge.patterns` reads patterns
into these): exact values, string tests, numeric ranges, anything-but, exists, CIDR ranges; and wildcards as the
event ruler reads them."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable

import attrs

from ecskit._glob import STAR, Glob, Piece

__all__ = [
    "FIVE_BILLION",
    "AnythingBut",
    "Cidr",
    "Exact",
    "Exists",
    "Matcher",
    "Range",
    "Text",
    "check_wildcard",
    "comparable",
    "literal",
    "wildcard",
]

#: The event ruler's numeric range (``ComparableNumber``): -5e9 to 5e9.
FIVE_BILLION = 5e9

#: A matcher of one value of the event (a JSON scalar).
Matcher = Callable[[object], bool]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def comparable(value: float) -> int | None:
    """The ruler's ``ComparableNumber``: six decimal places, in -5e9..5e9 (None outside, or not finite). An ``int``
    is compared before it is made a float: one beyond a double's range would overflow."""
    if not -FIVE_BILLION <= value <= FIVE_BILLION:  # false for NaN too
        return None
    return int(1e6 * (FIVE_BILLION + float(value)))


def literal(value: object) -> str:
    """The text of an event's value as the ruler compares it (strings quoted, so a string never equals a number)."""
    try:
        return json.dumps(value)
    except ValueError:  # an integer of more than 4,300 digits: no pattern's literal is one
        return "<a number too long to write>"


@attrs.frozen
class Exact:
    literal: str  # a string quoted as JSON, a number's literal, true, false, null
    number: int | None = None  # its comparable form, for a number

    def __call__(self, value: object) -> bool:
        if self.number is not None and _is_number(value) and comparable(value) == self.number:  # type: ignore[arg-type]
            return True
        return self.literal == literal(value)


@attrs.frozen
class Text:
    """A test of string values only."""

    test: Callable[[str], bool]

    def __call__(self, value: object) -> bool:
        return isinstance(value, str) and self.test(value)


@attrs.frozen
class Range:
    low: int | None
    low_open: bool
    high: int | None
    high_open: bool

    def __call__(self, value: object) -> bool:
        if not _is_number(value):
            return False
        n = comparable(value)  # type: ignore[arg-type]
        if n is None:
            return False
        if self.low is not None and (n < self.low or (self.low_open and n == self.low)):
            return False
        return not (self.high is not None and (n > self.high or (self.high_open and n == self.high)))


@attrs.frozen
class Exists:
    present: bool

    def __call__(self, value: object) -> bool:
        return self.present


@attrs.frozen
class AnythingBut:
    """Any value but those: strings (their test), or numbers (comparable forms)."""

    strings: Callable[[str], bool] | None = None
    numbers: frozenset[int] | None = None

    def __call__(self, value: object) -> bool:
        if self.numbers is not None:
            if not _is_number(value):
                return False
            n = comparable(value)  # type: ignore[arg-type]
            return n is not None and n not in self.numbers
        assert self.strings is not None
        return not (isinstance(value, str) and self.strings(value))


@attrs.frozen
class Cidr:
    low: int
    high: int
    version: int

    def __call__(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return False
        return address.version == self.version and self.low <= int(address) <= self.high


def wildcard(pattern: str) -> Callable[[str], bool]:
    """A wildcard as the ruler reads it (``*``: any run; ``\\*``, ``\\\\``: the character), matched in linear time."""
    items: list[Piece] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern) and pattern[i + 1] in "*\\":
            items.append(pattern[i + 1])
            i += 2
            continue
        items.append(STAR if char == "*" else char)
        i += 1
    if STAR not in items:
        only = "".join(p for p in items if isinstance(p, str))
        return lambda text: text == only
    return Glob(items).matches


def check_wildcard(pattern: str) -> str | None:
    """The ruler's refusal of a wildcard (positions are UTF-8 byte offsets), or None."""
    data = pattern.encode()
    i = 0
    while i < len(data):
        if data[i] == 0x2A and i + 1 < len(data) and data[i + 1] == 0x2A:
            return f"Consecutive wildcard characters at pos {i}"
        if data[i] == 0x5C:
            if i + 1 < len(data) and data[i + 1] in (0x2A, 0x5C):
                i += 2
                continue
            return f"Invalid escape character at pos {i}"
        i += 1
    return None
