"""How the fake refuses a call: the ecskit exception of an AWS error code, with AWS's message."""

from __future__ import annotations

from typing import NoReturn

from ecskit.errors import backend_error

__all__ = ["fail"]


def fail(code: str, message: str) -> NoReturn:
    """Raise the ecskit exception of AWS error ``code``, with AWS's ``message``."""
    raise backend_error(code, message)
