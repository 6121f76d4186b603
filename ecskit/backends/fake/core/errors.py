"""How the fake refuses a call: the ecskit exception of an AWS error code, with AWS's message.

Every text the fake answers with is an entry of :mod:`ecskit.texts` (the code, the text, the public source that
shows it): :func:`refuse` raises one. :func:`fail` raises a code and message made elsewhere (a validation finding
that carries its rule's code and AWS's text).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NoReturn

from ecskit.errors import UsageError, backend_error
from ecskit.texts import ErrorText

__all__ = ["fail", "refuse"]


def fail(code: str, message: str, fields: Mapping[str, object] | None = None) -> NoReturn:
    """Raise the ecskit exception of AWS error ``code``, with AWS's ``message`` (and the other members of the error
    shape, by wire name, where AWS gives them: ``fields``)."""
    raise backend_error(code, message, fields=fields)


def refuse(text: ErrorText, fields: Mapping[str, object] | None = None, /, **values: object) -> NoReturn:
    """Raise the error of table entry ``text``, its placeholders filled with ``values``."""
    if text.code is None:
        raise UsageError(f"error text {text.id!r} is a reason of failures[], not an error")
    raise backend_error(text.code, text(**values), fields=fields)
