"""How the fake refuses a call: the ecskit exception of an AWS error code, with AWS's message.

Every text the fake answers with is an entry of :mod:`ecskit.texts` (the code, the text, the public source that
shows it): :func:`refuse` raises one. :func:`fail` raises a code and message made elsewhere (a validation finding
that carries its rule's code and AWS's text).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NoReturn

from ecskit.errors import BackendError, FieldError, UsageError, backend_error
from ecskit.texts import ErrorText, ecr, ecs

__all__ = ["fail", "refuse", "unreadable"]


def fail(code: str, message: str, fields: Mapping[str, object] | None = None) -> NoReturn:
    """Raise the ecskit exception of AWS error ``code``, with AWS's ``message`` (and the other members of the error
    shape, by wire name, where AWS gives them: ``fields``)."""
    raise backend_error(code, message, fields=fields)


def unreadable(service: str, error: FieldError) -> BackendError:
    """What the service answers a request it cannot read (a member of the wrong type, a value outside an enum's set,
    which botocore does not check), from the codec's first field error: ECS's "<member> should be one of [...]",
    ECR's constraint form."""
    member = error.path.rsplit(".", 1)[-1].split("[", 1)[0] or error.path
    allowed = ", ".join(error.allowed) if error.allowed is not None else None
    if service == "ecs":
        if allowed is not None:
            return backend_error(ecs.ENUM_INVALID.code or "", ecs.ENUM_INVALID(member=member, allowed=allowed))
        return backend_error(
            ecs.REQUEST_INVALID.code or "", ecs.REQUEST_INVALID(path=error.path, problem=error.message)
        )
    text = ecr.REQUEST_INVALID if service == "ecr" else ecr.PUBLIC_REQUEST_INVALID
    problem = f"Member must satisfy enum value set: [{allowed}]" if allowed is not None else error.message
    return backend_error(text.code or "", text(member=member, problem=problem))


def refuse(text: ErrorText, fields: Mapping[str, object] | None = None, /, **values: object) -> NoReturn:
    """Raise the error of table entry ``text``, its placeholders filled with ``values``."""
    if text.code is None:
        raise UsageError(f"error text {text.id!r} is a reason of failures[], not an error")
    raise backend_error(text.code, text(**values), fields=fields)
