"""Package versions compared as a vulnerability scanner compares them, and the ranges of versions a vulnerability
affects.

Versions are ordered as Debian orders them (Debian Policy, section 5.6.12 "Version", and ``dpkg
--compare-versions``), the ordering Linux distributions' security trackers use: ``[epoch:]upstream[-revision]``,
each part compared run by run, digit runs as numbers (``1.2 < 1.10``), other runs character by character with letters
before other characters and ``~`` before everything, even the end (``1.0~rc1 < 1.0``). So OpenSSL's letter releases
come in order (``1.1.1 < 1.1.1k < 1.1.1l``), and so do Debian's (``2.9.14+dfsg-1.3~deb12u1 < 2.9.14+dfsg-1.3~deb12u2``).

>>> compare_versions("1.1.1k", "1.1.1l") < 0, compare_versions("1.10", "1.9") > 0, compare_versions("1.0", "1.00")
(True, True, 0)
>>> VersionRange.parse(">= 1.1.0, < 1.1.1l").contains("1.1.1k")
True

A range is what a vulnerability affects: comparisons joined by commas, all of which must hold (``< 1.1.1l``,
``>= 1.1.0, < 1.1.1l``, ``= 1.0.2``), or ``*`` for every version.
"""

from __future__ import annotations

import functools
import re

import attrs

from ecskit._text import whole
from ecskit.errors import UsageError

__all__ = ["VersionRange", "compare_versions", "split_version"]

_EPOCH = re.compile(r"([0-9]+):(.*)", re.DOTALL)
_OPERATORS = ("<=", ">=", "==", "!=", "<", ">", "=")
_HOLDS = {
    "<": lambda c: c < 0,
    "<=": lambda c: c <= 0,
    ">": lambda c: c > 0,
    ">=": lambda c: c >= 0,
    "=": lambda c: c == 0,
    "==": lambda c: c == 0,
    "!=": lambda c: c != 0,
}


_DIGITS = frozenset("0123456789")


def _order(char: str) -> int:
    """dpkg's weight of a character of a non-digit run (``~`` lowest, then the end of the run, letters, others)."""
    if char == "~":
        return -1
    if char.isascii() and char.isalpha():
        return ord(char)
    return ord(char) + 256


def _compare_part(a: str, b: str) -> int:
    """dpkg's ``verrevcmp``: alternate non-digit runs (by :func:`_order`) and digit runs (as numbers)."""
    i = j = 0
    while i < len(a) or j < len(b):
        while (i < len(a) and a[i] not in _DIGITS) or (j < len(b) and b[j] not in _DIGITS):
            ac = _order(a[i]) if i < len(a) and a[i] not in _DIGITS else 0
            bc = _order(b[j]) if j < len(b) and b[j] not in _DIGITS else 0
            if ac != bc:
                return -1 if ac < bc else 1
            i, j = i + 1, j + 1
        start_a, start_b = i, j
        while i < len(a) and a[i] in _DIGITS:
            i += 1
        while j < len(b) and b[j] in _DIGITS:
            j += 1
        # as numbers, compared as text: int() refuses runs of more than 4,300 digits
        x, y = a[start_a:i].lstrip("0"), b[start_b:j].lstrip("0")
        if x != y:
            return -1 if (len(x), x) < (len(y), y) else 1
    return 0


@functools.lru_cache(maxsize=4096)
def split_version(version: str) -> tuple[int, str, str]:
    """``[epoch:]upstream[-revision]`` -> (epoch, upstream, revision); the revision follows the last hyphen.

    >>> split_version("1:2.9.14+dfsg-1.3~deb12u1")
    (1, '2.9.14+dfsg', '1.3~deb12u1')
    """
    epoch = 0
    found = _EPOCH.fullmatch(version)
    if found is not None:
        epoch, version = whole(found.group(1)) or 0, found.group(2)  # an absurd epoch compares as the largest
    upstream, dash, revision = version.rpartition("-")
    return (epoch, upstream, revision) if dash else (epoch, version, "")


def compare_versions(a: str, b: str) -> int:
    """Negative when ``a`` is older than ``b``, zero when they are the same version, positive when newer (Debian's
    ordering: see the module)."""
    ea, ua, ra = split_version(a.strip())
    eb, ub, rb = split_version(b.strip())
    if ea != eb:
        return -1 if ea < eb else 1
    return _compare_part(ua, ub) or _compare_part(ra, rb)


@attrs.frozen
class VersionRange:
    """The versions a vulnerability affects: every one of ``bounds`` (an operator and a version) holds; no bounds is
    every version. Read one with :meth:`parse`."""

    bounds: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, text: str) -> VersionRange:
        """A range from its text: ``*``, or comparisons (``<``, ``<=``, ``>``, ``>=``, ``=``, ``!=``) joined by
        commas. Raises UsageError for anything else."""
        if text.strip() == "*":
            return cls()
        bounds: list[tuple[str, str]] = []
        for written in text.split(","):
            part = written.strip()
            operator = next((op for op in _OPERATORS if part.startswith(op)), None)
            version = part[len(operator) :].strip() if operator is not None else ""
            if operator is None or not version or any(c.isspace() for c in version):
                raise UsageError(
                    f"{text!r} is not a version range: write comparisons such as '< 1.1.1l' or '>= 1.0, < 1.1', "
                    "joined by commas, or '*'"
                )
            bounds.append((operator, version))
        return cls(tuple(bounds))

    def contains(self, version: str) -> bool:
        """Whether ``version`` is in the range."""
        return all(_HOLDS[op](compare_versions(version, bound)) for op, bound in self.bounds)

    def __str__(self) -> str:
        return ", ".join(f"{op} {version}" for op, version in self.bounds) or "*"
