"""The patterns every list and describe operation shares: opaque page tokens, and MISSING failures."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import TypeVar

from ecskit.backends.fake.core.errors import refuse
from ecskit.models.ecs import Failure
from ecskit.texts import ErrorText, ecr, ecs

__all__ = ["ECR_PAGING", "ECR_PUBLIC_PAGING", "ECS_PAGING", "describe_each", "paginate"]

#: What a service answers for a page token it did not give and for a page size out of bounds.
ECS_PAGING: tuple[ErrorText, ErrorText] = (ecs.PAGE_TOKEN, ecs.PAGE_SIZE)
ECR_PAGING: tuple[ErrorText, ErrorText] = (ecr.PAGE_TOKEN, ecr.MAX_RESULTS)
ECR_PUBLIC_PAGING: tuple[ErrorText, ErrorText] = (ecr.PUBLIC_PAGE_TOKEN, ecr.PUBLIC_MAX_RESULTS)

T = TypeVar("T")
S = TypeVar("S")


def paginate(
    items: Sequence[T],
    next_token: str | None,
    max_results: int | None,
    *,
    limit: int = 100,
    texts: tuple[ErrorText, ErrorText] = ECS_PAGING,
) -> tuple[list[T], str | None]:
    """One page of ``items`` and the token of the next (opaque to callers, as AWS's are); a token the fake did not
    give, or a page size outside 1 to ``limit``, is refused with the service's ``texts`` (``ECS_PAGING``,
    ``ECR_PAGING``, ...)."""
    bad_token, bad_size = texts
    start = 0
    if next_token:
        try:
            start = int(base64.urlsafe_b64decode(next_token.encode()).decode())
        except (ValueError, UnicodeDecodeError, binascii.Error):
            refuse(bad_token)
        if start < 0:
            refuse(bad_token)
    size = max_results if max_results is not None else limit
    if not 1 <= size <= limit:
        refuse(bad_size, limit=limit)
    page = list(items[start : start + size])
    end = start + size
    token = base64.urlsafe_b64encode(str(end).encode()).decode() if end < len(items) else None
    return page, token


def describe_each(
    refs: Sequence[str],
    find: Callable[[str], T | None],
    missing_arn: Callable[[str], str],
    show: Callable[[T], S],
    *,
    limit: int,
    empty: ErrorText,
    too_many: ErrorText,
) -> tuple[tuple[S, ...], tuple[Failure, ...]]:
    """The Describe* pattern: look each reference up and show it; unknown ones are failures with reason MISSING,
    as on AWS. No reference is refused with ``empty``, more than ``limit`` with ``too_many``."""
    if not refs:
        refuse(empty)
    if len(refs) > limit:
        refuse(too_many, limit=limit)
    found: list[S] = []
    failures: list[Failure] = []
    for ref in refs:
        item = find(ref)
        if item is None:
            failures.append(Failure(arn=missing_arn(ref), reason="MISSING"))
        else:
            found.append(show(item))
    return tuple(found), tuple(failures)
