"""The fake's operations: one handler per operation, registered on the operation's request class with
:func:`handles`. This registry is the one list of what the fake serves (the operation-support page is made from
it); an operation without a handler is answered with ``InvalidAction``, naming it, and may say why the fake does not
serve it (:func:`declines`, :func:`why_not_served`: the page shows it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ecskit.errors import UsageError
from ecskit.models._base import Request
from ecskit.operations import Operation, operation_of

if TYPE_CHECKING:
    from ecskit.backends.fake.core.env import Env

__all__ = ["Handler", "declined", "declines", "handler_for", "handles", "served", "why_not_served"]

Q = TypeVar("Q", bound=Request[Any])
R = TypeVar("R")
#: A handler: the call's view of the fake and the request, to the response.
Handler = Callable[["Env", Any], Any]

_HANDLERS: dict[type[Any], Handler] = {}
_DECLINED: dict[type[Any], str] = {}


def handles(request: type[Request[R]]) -> Callable[[Callable[[Env, Q], R]], Callable[[Env, Q], R]]:
    """Register the decorated function as the fake's handler of the operation whose request class is
    ``request`` (one handler per operation)."""
    operation_of(request)  # a request class of a modelled operation, or UsageError

    def register(handler: Callable[[Env, Q], R]) -> Callable[[Env, Q], R]:
        if request in _HANDLERS:
            raise UsageError(f"two handlers of {operation_of(request)}")
        _HANDLERS[request] = handler
        return handler

    return register


def handler_for(operation: Operation[Any, Any]) -> Handler | None:
    """The handler of ``operation``, or None when the fake does not serve it."""
    return _HANDLERS.get(operation.request)


def served(service: str | None = None) -> tuple[Operation[Any, Any], ...]:
    """The operations the fake serves (of one service), in registration order."""
    found = (operation_of(cls) for cls in _HANDLERS)
    return tuple(o for o in found if service is None or o.service == service)


def declines(request: type[Request[Any]], why: str) -> None:
    """Say why the fake does not serve the operation whose request class is ``request``."""
    operation_of(request)  # a request class of a modelled operation, or UsageError
    _DECLINED[request] = why


def why_not_served(operation: Operation[Any, Any]) -> str | None:
    """Why the fake does not serve ``operation`` (None when it serves it, or no reason was given)."""
    return None if operation.request in _HANDLERS else _DECLINED.get(operation.request)


def declined(service: str | None = None) -> tuple[Operation[Any, Any], ...]:
    """The operations given a reason with :func:`declines` (of one service), served or not."""
    found = (operation_of(cls) for cls in _DECLINED)
    return tuple(o for o in found if service is None or o.service == service)
