"""How the fake refuses a call: the ecskit exception of an AWS error code, with AWS's message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NoReturn

from ecskit.errors import backend_error

__all__ = ["fail"]


def fail(code: str, message: str, fields: Mapping[str, object] | None = None) -> NoReturn:
    """Raise the ecskit exception of AWS error ``code``, with AWS's ``message`` (and the other members of the error
    shape, by wire name, where AWS gives them: ``fields``)."""
    raise backend_error(code, message, fields=fields)
