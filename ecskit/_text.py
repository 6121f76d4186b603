"""Reading user text safely: small checks the codec, the rules and the fake share."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

__all__ = ["digits", "shown", "suggest", "with_article"]


def with_article(name: str) -> str:
    """``name`` with its indefinite article: ``a PortMapping``, ``an EphemeralStorage``."""
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def digits(text: str) -> bool:
    """True for a non-empty run of ASCII digits. ``str.isdigit`` also accepts ``"²"``, which ``int`` refuses."""
    return text.isascii() and text.isdigit()


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
        return f"the integer {int(v)}"
    if isinstance(v, float):
        return f"the number {float(v)}"
    if isinstance(v, tuple | list):
        return f"a {type(v).__name__} of {len(v)}"
    if isinstance(v, Mapping):
        return "a dict"
    return with_article(type(v).__name__)
