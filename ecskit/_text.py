"""Reading user text safely: small checks the codec, the rules and the fake share."""

from __future__ import annotations

__all__ = ["digits"]


def digits(text: str) -> bool:
    """True for a non-empty run of ASCII digits. ``str.isdigit`` also accepts ``"²"``, which ``int`` refuses."""
    return text.isascii() and text.isdigit()
