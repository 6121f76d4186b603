"""What the fake sends to EventBridge: each event as AWS delivers it (the envelope's members and the service's
``detail``), kept per account and Region in the order it happened (:class:`BusEvent`, saved with the fake); and the
:class:`Relay`, which carries events from where they happen to where they are read.

Why a relay: a busy fake sends an event at every change of every task, and building an event's ``detail`` (the task
as DescribeTasks shows it) costs far more than the change itself. So the engine only notes what changed, with a
cheap copy of what the detail will need (:data:`Entry`, a tuple in :attr:`Relay.journal`; during an API call not
even that, see :mod:`ecskit.backends.fake.engine.ecs_events`), and the events are built from those notes when
someone reads them (the fake's events, a rule's target, a subscriber, a save): a fake nobody listens to pays almost
nothing for its events.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import Any, Protocol

import attrs

__all__ = ["Builder", "BusEvent", "Entry", "Relay", "Subscription", "event_id", "iso_time"]


@attrs.define(kw_only=True)
class BusEvent:
    """One EventBridge event (https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html)."""

    id: str
    #: ``detail-type``, e.g. ``ECS Task State Change``, ``ECR Image Action``
    detail_type: str
    #: ``source``, e.g. ``aws.ecs``, ``aws.ecr``
    source: str
    account: str
    time: datetime.datetime
    region: str
    resources: tuple[str, ...] = ()
    #: the service's own part, as JSON data
    detail: dict[str, Any] = attrs.field(factory=dict)
    version: str = "0"

    def envelope(self) -> dict[str, Any]:
        """The event as EventBridge delivers it to a target (JSON data, wire names)."""
        return {
            "version": self.version,
            "id": self.id,
            "detail-type": self.detail_type,
            "source": self.source,
            "account": self.account,
            "time": self.time.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region": self.region,
            "resources": list(self.resources),
            "detail": self.detail,
        }


def event_id(seed: int, n: int) -> str:
    """The id of the ``n``-th event of a fake: a UUID of its own sequence, so sending events never changes the ids of
    tasks and other resources."""
    h = hashlib.sha256(f"{seed}:event:{n}".encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{h[16:20]}-{h[20:32]}"


def iso_time(when: datetime.datetime) -> str:
    """A time as the ``detail`` of AWS's events writes it: UTC, milliseconds, ``Z`` (``2020-01-23T17:57:34.402Z``)."""
    when = when.astimezone(datetime.UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


#: A note in the journal: ``(builder, region, time, *what the builder needs)``, the region being the
#: :class:`~ecskit.backends.fake.core.region.Region` record the event belongs to. The journal also holds items that
#: are not entries: they belong to the marker entry before them (see :mod:`ecskit.backends.fake.engine.bus`).
Entry = tuple[Any, ...] | list[Any]


class Builder(Protocol):
    """What turns journal entries into events (one per kind of entry; see :mod:`ecskit.backends.fake.engine.bus`)."""

    def settle(self, world: Any, entries: list[Entry]) -> None:
        """Called once per flush with every entry of this builder, in order, before any is built (a builder whose
        events depend on each other works them out here)."""

    def build(self, world: Any, entry: Entry) -> BusEvent | None:
        """The event of ``entry`` (its ``id`` is set when it is published); None for an entry that is no event."""
        ...

    def build_item(self, world: Any, marker: Entry, item: Any) -> BusEvent:
        """The event of an item of ``marker`` (for builders that note items: see
        :mod:`ecskit.backends.fake.engine.bus`)."""
        ...


@attrs.define(eq=False)
class Subscription:
    """A callback of :meth:`~ecskit.backends.fake.eventbridge.FakeEvents.subscribe`: which events it takes (None:
    any) and whether it still does."""

    callback: Callable[[dict[str, Any]], object]
    account: str
    region: str
    sources: frozenset[str] | None = None
    detail_types: frozenset[str] | None = None
    active: bool = True

    def wants(self, event: BusEvent) -> bool:
        """Whether this subscription takes ``event``."""
        return (
            self.active
            and event.account == self.account
            and event.region == self.region
            and (self.sources is None or event.source in self.sources)
            and (self.detail_types is None or event.detail_type in self.detail_types)
        )

    def cancel(self) -> None:
        """Take no more events."""
        self.active = False


@attrs.define(eq=False)
class Relay:
    """The fake's events on their way (never saved: a save flushes the journal first)."""

    #: What happened and has not been made an event yet, in order (see the module docstring): entries, and the
    #: items of markers.
    journal: list[Any] = attrs.field(factory=list)
    #: The callbacks that take events.
    subscriptions: list[Subscription] = attrs.field(factory=list)
    #: Events sent and not yet given to their subscribers, in order.
    waiting: list[tuple[Subscription, BusEvent]] = attrs.field(factory=list)
    #: What callbacks raised, to be raised from the call that sent the events once it is done.
    errors: list[BaseException] = attrs.field(factory=list)
    #: Whether callbacks are being called now (a callback's own calls to the fake do not call them again).
    notifying: bool = False
    #: Whether virtual time is running (the engine's steps), rather than an API call.
    stepping: bool = False
    #: The region of the last marker in the journal, while virtual time has not moved since (items noted now need no
    #: other marker); None when a marker is needed.
    marked: Any = None
    #: Items completed from a task that had changed again unseen: what no API call does (a check the tests make).
    inexact: int = 0
