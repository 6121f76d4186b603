"""Sending events to the fake's EventBridge: how every part of the engine reports what happened, in order.

* :func:`emit` sends one event whose ``detail`` is at hand (ECR's pushes, deletes, scans, replications): it is
  published at once (after what was noted before it), and returned with its ``id``. :func:`post` is the same for
  what the engine sends among the changes it notes (ECS's service actions and deployments): it waits in the journal
  behind them.
* :func:`note` is the cheap way, for what happens often (every change of every ECS task): it notes a
  :data:`~ecskit.backends.fake.core.bus.Entry` in the relay's journal, and the event is built from it when events are
  read (:func:`flush`; see :mod:`ecskit.backends.fake.core.bus` for why).

Either way an event gets the next number of the fake's sequence (its id is made from it), goes to the
:class:`~ecskit.backends.fake.core.region.Region`'s ``bus`` in order, to the targets of the rules it matches
(:mod:`~ecskit.backends.fake.engine.eventbridge_rules`; rules change only after a flush, so an event meets the rules
of its time), and to the subscribers that take it. Subscribers are called by :func:`notify` at the points where the
fake is consistent: after each call and after each step of virtual time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from ecskit.backends.fake.core.bus import Builder, BusEvent, Entry, event_id
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.region import Region, World
from ecskit.backends.fake.engine.eventbridge_rules import deliver

__all__ = ["MARKER", "emit", "flush", "made", "note", "notify", "post", "raise_errors"]


def made(
    state: Region,
    time: datetime.datetime,
    source: str,
    detail_type: str,
    *,
    resources: Iterable[str],
    detail: dict[str, Any],
) -> BusEvent:
    """An event of ``state``'s account and Region (not yet published: its ``id`` is set when it is)."""
    return BusEvent(
        id="",
        detail_type=detail_type,
        source=source,
        account=state.account,
        time=time,
        region=state.region,
        resources=tuple(resources),
        detail=detail,
    )


def emit(
    env: Env,
    source: str,
    detail_type: str,
    detail: dict[str, Any],
    resources: Iterable[str] = (),
    *,
    time: datetime.datetime | None = None,
) -> BusEvent:
    """Send one event of ``env``'s account and Region, at the current virtual time (or ``time``: PutEvents' own):
    what was noted before it is published first, then it (numbered: its ``id`` is set; on the Region's ``bus``)."""
    world = env.world
    flush(world)
    event = made(env.state, time or env.clock.now(), source, detail_type, resources=resources, detail=detail)
    _publish(world, env.state, event)
    return event


def post(env: Env, source: str, detail_type: str, detail: dict[str, Any], resources: Iterable[str] = ()) -> None:
    """:func:`emit`, without making the events noted before it now: for what the engine sends among the changes it
    notes (ECS's service actions and deployments), so that the events of a busy fake are still built only when read.
    The event waits in the journal after them (its ``id`` is set when it is published)."""
    state = env.state
    event = made(state, env.clock.now(), source, detail_type, resources=resources, detail=detail)
    journal = env.world.relay.journal
    if journal:
        journal.append((_READY, state, event.time, event))
    else:
        _publish(env.world, state, event)


class _Ready:
    """Events made by :func:`post` that waited in the journal: entries ``(self, region, time, event)``."""

    def settle(self, world: World, entries: list[Entry]) -> None:
        """Nothing to work out."""

    def build(self, world: World, entry: Entry) -> BusEvent:
        """The event, as it was made."""
        event: BusEvent = entry[3]
        return event


_READY = _Ready()


class _Marker:
    """Marks where the items of a builder begin in the journal: ``(self, region, time, builder)``; the items after it
    that are not entries (records, models: see :mod:`ecskit.backends.fake.engine.ecs_events`) are the builder's, of
    that region and time, built by its ``build_item(world, marker, item)``."""

    def settle(self, world: World, entries: list[Entry]) -> None:
        """Nothing to work out."""

    def build(self, world: World, entry: Entry) -> None:
        """A marker is no event."""
        return None


#: The builder of markers: entries ``(MARKER, region, time, builder)``, after which the items of the journal that
#: are not entries are ``builder``'s, of that region and time (built by its ``build_item``).
MARKER = _Marker()


def note(env: Env, builder: Builder, *payload: Any) -> None:
    """Note what happened in ``env``'s account and Region now; ``builder`` makes the event of it when events are
    read (``builder.build(world, (builder, region, time, *payload))``)."""
    env.world.relay.journal.append((builder, env.state, env.clock.now(), *payload))


def flush(world: World) -> None:
    """Make the events of everything noted, in order."""
    relay = world.relay
    journal = relay.journal
    if not journal:
        return
    relay.journal = []
    relay.marked = None
    kinds: dict[int, tuple[Builder, list[Entry]]] = {}
    for entry in journal:
        if type(entry) is tuple or type(entry) is list:
            kinds.setdefault(id(entry[0]), (entry[0], []))[1].append(entry)
    for builder, entries in kinds.values():
        builder.settle(world, entries)
    marker: Any = None
    for entry in journal:
        if type(entry) is not tuple and type(entry) is not list:  # an item of the last marker
            _publish(world, marker[1], marker[3].build_item(world, marker, entry))
            noted = getattr(entry, "noted", None)
            if noted is not None:  # read now: no longer to be completed
                entry.noted = None
        elif entry[0] is MARKER:
            marker = entry
        else:
            _publish(world, entry[1], entry[0].build(world, entry))


def _publish(world: World, state: Region, event: BusEvent) -> None:
    """Number ``event``, keep it on ``state``'s bus and take it to the rules' targets and the subscribers."""
    world.events_sent += 1
    event.id = event_id(world.ids.seed, world.events_sent)
    state.bus.append(event)
    if state.eventbridge.rules:
        deliver(state, event)
    relay = world.relay
    for subscription in relay.subscriptions:
        if subscription.wants(event):
            relay.waiting.append((subscription, event))


def notify(world: World) -> None:
    """Give the subscribers the events sent since they were last given some, in order. A callback that raises does
    not stop the others: its exception is kept for :func:`raise_errors`. Calls a callback makes to the fake send
    their events to the subscribers too, after the callback returns."""
    relay = world.relay
    if relay.notifying or not relay.subscriptions:
        return
    relay.notifying = True
    try:
        while True:
            flush(world)
            if not relay.waiting:
                break
            waiting, relay.waiting = relay.waiting, []
            for subscription, event in waiting:
                if not subscription.active:
                    continue
                try:
                    subscription.callback(event.envelope())
                except Exception as exc:  # a subscriber's error must not stop the fake (see above)
                    relay.errors.append(exc)
    finally:
        relay.notifying = False


def raise_errors(world: World) -> None:
    """Raise what a subscriber's callback raised, once the call that sent its event is done (the first error; the
    number of others is noted on it)."""
    relay = world.relay
    if not relay.errors or relay.notifying:
        return
    errors, relay.errors = relay.errors, []
    first = errors[0]
    if len(errors) > 1:
        first.add_note(f"{len(errors) - 1} more exception(s) were raised by event subscribers in the same call")
    raise first
