"""What a fake saw last, for the report of a failed test: tasks that stopped and why, service events, tasks that
could not be placed, and the calls it refused (:meth:`FakeBackend.recent <ecskit.backends.fake.FakeBackend.recent>`).

The first three are read from the records; the last two are kept as they happen (:class:`Journal`), because AWS
keeps no trace of them: a RunTask ``failures`` entry and a refused call are answers, not state. The journal is
bounded (:data:`KEPT` entries of each kind), holds no reference to a request, and is not part of a snapshot.

>>> from ecskit.backends.fake import FakeBackend
>>> from ecskit.errors import NotFoundError
>>> from ecskit.models.ecs import DescribeServicesRequest
>>> fake = FakeBackend()
>>> try:
...     fake.describe_services(DescribeServicesRequest(cluster="nowhere", services=("web",)))
... except NotFoundError:
...     pass
>>> print(fake.recent().format())
refused calls:
  2025-01-01 00:00:00 us-east-1 DescribeServices: ClusterNotFoundException: Cluster not found.
"""

from __future__ import annotations

import datetime
from collections import deque
from collections.abc import Iterable
from typing import TypeVar

import attrs

from ecskit.backends.fake.core.region import World
from ecskit.models.ecs import Failure

__all__ = ["KEPT", "Journal", "PlacementFailure", "Recent", "Refusal", "ServiceEventSeen", "StoppedTask", "recent"]

#: How many refused calls and placement failures a fake keeps (the oldest go first).
KEPT = 50


@attrs.frozen(kw_only=True)
class Refusal:
    """A call the fake refused, with AWS's error code and message."""

    at: datetime.datetime
    account: str
    region: str
    operation: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{_when(self.at)} {self.region} {self.operation}: {self.code}: {self.message}"


@attrs.frozen(kw_only=True)
class PlacementFailure:
    """A task RunTask or StartTask could not place: the ``failures`` entry of its answer."""

    at: datetime.datetime
    account: str
    region: str
    operation: str
    reason: str
    arn: str | None = None
    detail: str | None = None

    def __str__(self) -> str:
        what = f" {self.arn}" if self.arn else ""
        detail = f" ({self.detail})" if self.detail else ""
        return f"{_when(self.at)} {self.region} {self.operation}{what}: {self.reason}{detail}"


@attrs.frozen(kw_only=True)
class StoppedTask:
    """A task that stopped, why, and how its containers ended."""

    at: datetime.datetime
    account: str
    region: str
    arn: str
    group: str
    task_definition: str
    stop_code: str | None
    stopped_reason: str | None
    #: ``name exited 1: reason`` for each container that has an exit code or a reason.
    containers: tuple[str, ...] = ()

    def __str__(self) -> str:
        task = self.arn.rpartition("/")[2]
        definition = self.task_definition.rpartition("/")[2]
        why = ": ".join(part for part in (self.stop_code, self.stopped_reason) if part)
        head = f"{_when(self.at)} {self.region} task {task} ({self.group}, {definition}): {why or 'stopped'}"
        return "\n".join([head, *(f"    {line}" for line in self.containers)])


@attrs.frozen(kw_only=True)
class ServiceEventSeen:
    """One event a service wrote (what DescribeServices shows in ``events``)."""

    at: datetime.datetime
    account: str
    region: str
    service: str
    message: str

    def __str__(self) -> str:
        return f"{_when(self.at)} {self.region} {self.service}: {self.message}"


class Journal:
    """What a fake keeps of its answers for :class:`Recent`: the last :data:`KEPT` refused calls and placement
    failures, in order. Appended to under the fake's lock."""

    __slots__ = ("placements", "refusals")

    def __init__(self) -> None:
        self.refusals: deque[Refusal] = deque(maxlen=KEPT)
        self.placements: deque[PlacementFailure] = deque(maxlen=KEPT)

    def refused(
        self, at: datetime.datetime, *, account: str, region: str, operation: str, code: str, message: str
    ) -> None:
        """Note a refused call."""
        self.refusals.append(
            Refusal(at=at, account=account, region=region, operation=operation, code=code, message=message)
        )

    def not_placed(
        self, at: datetime.datetime, *, account: str, region: str, operation: str, failures: Iterable[Failure]
    ) -> None:
        """Note the ``failures`` of a RunTask or StartTask answer."""
        for failure in failures:
            self.placements.append(
                PlacementFailure(
                    at=at,
                    account=account,
                    region=region,
                    operation=operation,
                    reason=failure.reason or "",
                    arn=failure.arn,
                    detail=failure.detail,
                )
            )


@attrs.frozen(kw_only=True)
class Recent:
    """The last things a fake saw, each kind oldest first: what a failed test's report shows."""

    stopped: tuple[StoppedTask, ...] = ()
    service_events: tuple[ServiceEventSeen, ...] = ()
    placement_failures: tuple[PlacementFailure, ...] = ()
    refusals: tuple[Refusal, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.stopped or self.service_events or self.placement_failures or self.refusals)

    def format(self) -> str:
        """The whole as text, one section per kind that has something (``"nothing to report"`` when none has)."""
        sections = (
            ("tasks stopped", self.stopped),
            ("service events", self.service_events),
            ("placement failures", self.placement_failures),
            ("refused calls", self.refusals),
        )
        lines: list[str] = []
        for title, items in sections:
            if items:
                lines.append(f"{title}:")
                lines.extend("  " + str(item).replace("\n", "\n  ") for item in items)
        return "\n".join(lines) if lines else "nothing to report"


def recent(world: World, journal: Journal, *, limit: int = 10) -> Recent:
    """The last ``limit`` things of each kind that ``world`` saw, in every account and Region."""
    stopped: list[StoppedTask] = []
    events: list[ServiceEventSeen] = []
    for region in world.regions.values():
        for task in region.tasks.values():
            if task.stopped_at is None and task.last_status != "STOPPED":
                continue
            stopped.append(
                StoppedTask(
                    at=task.stopped_at or task.stopping_at or task.created_at,
                    account=region.account,
                    region=region.region,
                    arn=task.arn,
                    group=task.group,
                    task_definition=task.definition_arn,
                    stop_code=task.stop_code.value if task.stop_code is not None else None,
                    stopped_reason=task.stopped_reason,
                    containers=tuple(
                        f"{c.name}: exit code {c.exit_code}" + (f": {c.reason}" if c.reason else "")
                        if c.exit_code is not None
                        else f"{c.name}: {c.reason}"
                        for c in task.containers
                        if c.exit_code is not None or c.reason
                    ),
                )
            )
        for service in region.services.values():
            events.extend(
                ServiceEventSeen(
                    at=event.created_at or datetime.datetime.min.replace(tzinfo=datetime.UTC),
                    account=region.account,
                    region=region.region,
                    service=service.name,
                    message=event.message or "",
                )
                for event in service.events[:limit]
            )
    return Recent(
        stopped=_last(stopped, limit),
        service_events=_last(events, limit),
        placement_failures=tuple(journal.placements)[-limit:] if limit else (),
        refusals=tuple(journal.refusals)[-limit:] if limit else (),
    )


_Seen = TypeVar("_Seen", StoppedTask, ServiceEventSeen)


def _last(items: list[_Seen], limit: int) -> tuple[_Seen, ...]:
    # stable: things at the same virtual time keep the order the records have them in
    ordered = sorted(items, key=lambda item: item.at)
    return tuple(ordered[-limit:]) if limit else ()


def _when(at: datetime.datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S")
