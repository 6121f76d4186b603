"""What every operation of the fake works with: the state of one account and Region, the clock and the ids."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import NoReturn, TypeVar

import attrs

from ecskit.backends.fake.clock import VirtualClock
from ecskit.backends.fake.faults import Faults
from ecskit.backends.fake.ids import IdFactory
from ecskit.backends.fake.state import RegionState
from ecskit.errors import backend_error
from ecskit.models.ecs import Failure

__all__ = ["Env", "describe_each", "fail", "paginate"]

T = TypeVar("T")


@attrs.frozen
class Env:
    """One call's view of the fake."""

    state: RegionState
    clock: VirtualClock
    ids: IdFactory
    faults: Faults = attrs.field(factory=Faults)

    @property
    def account(self) -> str:
        """The caller's account id."""
        return self.state.account

    @property
    def region(self) -> str:
        """The Region the call goes to."""
        return self.state.region

    def arn(self, resource: str) -> str:
        """An ECS ARN in this account and Region (:func:`~ecskit.backends.fake.ids.arn`, inlined: it is made for
        every task and container)."""
        state = self.state
        return f"arn:aws:ecs:{state.region}:{state.account}:{resource}"

    @property
    def now(self) -> float:
        """Seconds of virtual time since the clock's start (what the scheduler's events are due at)."""
        return self.clock.elapsed


def fail(code: str, message: str) -> NoReturn:
    """Raise the ecskit exception of an AWS error code, with AWS's message."""
    raise backend_error(code, message)


def paginate(
    items: Sequence[T], next_token: str | None, max_results: int | None, *, limit: int = 100
) -> tuple[list[T], str | None]:
    """One page of ``items`` and the token of the next (opaque to callers, as AWS's are)."""
    start = 0
    if next_token:
        try:
            start = int(base64.urlsafe_b64decode(next_token.encode()).decode())
        except (ValueError, UnicodeDecodeError):
            fail("InvalidParameterException", "Invalid token")
    size = max_results if max_results is not None else limit
    if not 1 <= size <= limit:
        fail("InvalidParameterException", f"maxResults must be between 1 and {limit}.")
    page = list(items[start : start + size])
    end = start + size
    token = base64.urlsafe_b64encode(str(end).encode()).decode() if end < len(items) else None
    return page, token


def describe_each(
    refs: Sequence[str],
    find: Callable[[str], T | None],
    missing_arn: Callable[[str], str],
    *,
    limit: int,
    member: str,
    noun: str,
    show: Callable[[T], T] | None = None,
) -> tuple[tuple[T, ...], tuple[Failure, ...]]:
    """The Describe* pattern: look each reference up; unknown ones are failures with reason MISSING, as on AWS."""
    if not 1 <= len(refs) <= limit:
        fail("InvalidParameterException", f"{member} must list 1 to {limit} {noun}.")
    found: list[T] = []
    failures: list[Failure] = []
    for ref in refs:
        item = find(ref)
        if item is None:
            failures.append(Failure(arn=missing_arn(ref), reason="MISSING"))
        else:
            found.append(show(item) if show is not None else item)
    return tuple(found), tuple(failures)
