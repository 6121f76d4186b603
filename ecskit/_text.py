"""Reading user text safely: small checks the codec, the rules and the fake share."""

from __future__ import annotations

import difflib

__all__ = ["digits", "suggest"]


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
