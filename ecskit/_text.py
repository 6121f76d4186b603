"""Reading user text safely: small checks the codec, the rules and the fake share."""

from __future__ import annotations

import difflib
import json
import math
import sys
from collections.abc import Mapping
from typing import Any

__all__ = [
    "DOUBLE_MAX",
    "LONG_MAX",
    "LONG_MIN",
    "TOO_LARGE",
    "digits",
    "fits_double",
    "fits_long",
    "integer_text",
    "parse_json",
    "scaled",
    "shown",
    "shown_path",
    "suggest",
    "whole",
    "with_article",
]

#: The widest integer AWS's APIs carry: their integer members are 32-bit (``integer``) or 64-bit (``long``).
LONG_MIN, LONG_MAX = -(2**63), 2**63 - 1
#: What :func:`whole` gives for a run of digits larger than any number AWS reads: one more than :data:`LONG_MAX`,
#: so it compares as too large against every limit, and ``str()`` and ``float()`` of it still work.
TOO_LARGE = LONG_MAX + 1
#: The largest finite double: a number beyond it is infinite as a double (JSON numbers interoperate as IEEE 754
#: doubles, RFC 8259 section 6).
DOUBLE_MAX = 1.7976931348623157e308
#: Integers of more digits than this are shown by their length (``str()`` refuses over 4,300 digits).
_SHOWN_DIGITS = 40


def with_article(name: str) -> str:
    """``name`` with its indefinite article: ``a PortMapping``, ``an EphemeralStorage``."""
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def digits(text: str) -> bool:
    """True for a non-empty run of ASCII digits. ``str.isdigit`` also accepts ``"²"``, which ``int`` refuses."""
    return text.isascii() and text.isdigit()


def whole(text: str) -> int | None:
    """The number a run of ASCII digits writes (``"0042"`` -> 42), or None when ``text`` is not such a run.

    A run larger than any number AWS reads gives :data:`TOO_LARGE`, so it compares as too large against every
    limit: ``int()`` of user text fails over 4,300 digits and ``float()`` overflows to infinity long before, and
    neither may escape from a rule or from the fake.

    >>> whole("0042"), whole("9" * 5000) == TOO_LARGE, whole("4.5"), whole("")
    (42, True, None, None)
    """
    if not digits(text):
        return None
    significant = text.lstrip("0")
    if len(significant) > len(str(LONG_MAX)):
        return TOO_LARGE
    return min(int(significant or "0"), TOO_LARGE)


def scaled(number: str, scale: int) -> int | None:
    """``number`` (ASCII decimal text: ``"2"``, ``"0.25"``, ``".5"``) times ``scale`` when that is a whole number,
    else None; like :func:`whole`, beyond any number AWS reads it is :data:`TOO_LARGE`. Exact: no float, which
    overflows on long text and rounds ``0.1 * 1024``.

    >>> scaled("0.25", 1024), scaled("0.1", 1024), scaled(".5", 1024)
    (256, None, 512)
    """
    units, _, fraction = number.partition(".")
    value = whole(units or "0")
    fraction = fraction.rstrip("0")
    if value is None or (fraction and not digits(fraction)):
        return None
    if not fraction:
        return min(value * scale, TOO_LARGE)
    # k decimals (the last not 0) make a whole number only if 10**k divides fraction * scale: k <= log2(scale)
    if len(fraction) > scale.bit_length():
        return None
    part, rest = divmod(int(fraction) * scale, 10 ** len(fraction))
    return None if rest else min(value * scale + part, TOO_LARGE)


def fits_long(v: int) -> bool:
    """Whether an integer is within the 64-bit range AWS's integer members have (:data:`LONG_MIN` to
    :data:`LONG_MAX`)."""
    return LONG_MIN <= v <= LONG_MAX


def fits_double(v: float) -> bool:
    """Whether a number is a finite double: not NaN, not infinite, and (an ``int``) not beyond :data:`DOUBLE_MAX`."""
    return -DOUBLE_MAX <= v <= DOUBLE_MAX  # false for NaN too: every comparison with NaN is


def integer_text(v: int) -> str:
    """An integer as a message shows it: its digits, or for a very long one how many digits it has (``str()``
    refuses integers of more than 4,300 digits).

    >>> integer_text(-80), integer_text(10**400)
    ('-80', 'an integer of 401 digits')
    """
    size = abs(v)
    if size < 10**_SHOWN_DIGITS:
        return str(int(v))
    count = int(math.log10(size)) + 1
    count += (size >= 10**count) - (size < 10 ** (count - 1))  # log10 of a huge integer may be off by one
    return f"{'a negative' if v < 0 else 'an'} integer of {count} digits"


def parse_json(text: str | bytes | bytearray) -> Any:
    """``json.loads``, except that every way text fails to be JSON is a ``ValueError`` (``json.JSONDecodeError``
    where json says where): also text nested too deeply for Python to read (a ``RecursionError`` otherwise) and
    ``NaN``/``Infinity``, which Python reads but JSON (RFC 8259) does not have."""
    try:
        return json.loads(text, parse_constant=_not_a_number)
    except RecursionError:
        raise ValueError("nested too deeply (more levels of objects and lists than can be read)") from None
    except json.JSONDecodeError:
        raise
    except ValueError as exc:
        if "integer string conversion" in str(exc):  # Python's own limit, and its advice is not for our users
            raise ValueError(f"a number of more than {sys.get_int_max_str_digits()} digits") from None
        raise


def _not_a_number(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number (JSON has no NaN or Infinity)")


def shown_path(name: str) -> str:
    """A file name as a one-line message shows it: as it is, or quoted with escapes when it holds a line break, a
    control character or bytes that are not text (so the reason stays on one line and can always be printed)."""
    return name if name.isprintable() else ascii(name)


def suggest(word: str, choices: list[str]) -> str | None:
    """The closest known name to a misspelt one, or None: case slips first, then near spellings."""
    folded = {c.lower(): c for c in choices}
    if word.lower() in folded:
        return folded[word.lower()]
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.7)
    if close:
        return close[0]
    close = difflib.get_close_matches(word.lower(), list(folded), n=1, cutoff=0.7)
    return folded[close[0]] if close else None


def shown(v: object) -> str:
    """A Python value as a message names it: ``the string '80'``, ``the integer 256``, ``a tuple of 2``, ``None``."""
    if v is None or v is True or v is False:
        return str(v)
    if isinstance(v, str):
        text = str.__str__(v)
        return f"the string {(text if len(text) <= 40 else text[:37] + '...')!r}"
    if isinstance(v, int):
        text = integer_text(v)
        return text if text.startswith("an ") else f"the integer {text}"
    if isinstance(v, float):
        return f"the number {float(v)}"
    if isinstance(v, tuple | list):
        return f"a {type(v).__name__} of {len(v)}"
    if isinstance(v, Mapping):
        return "a dict"
    return with_article(type(v).__name__)
