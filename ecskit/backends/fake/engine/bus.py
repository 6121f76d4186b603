"""Sending events to the fake's EventBridge: :func:`emit` is how every part of the engine (ECS's task and service
changes, ECR's pushes, scans and replications) reports what happened, in order."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ecskit.backends.fake.core.bus import BusEvent, event_id
from ecskit.backends.fake.core.env import Env

__all__ = ["emit"]


def emit(env: Env, source: str, detail_type: str, detail: dict[str, Any], resources: Iterable[str] = ()) -> BusEvent:
    """Send one event of ``env``'s account and Region, at the current virtual time."""
    world = env.world
    world.events_sent += 1
    event = BusEvent(
        id=event_id(world.ids.seed, world.events_sent),
        detail_type=detail_type,
        source=source,
        account=env.account,
        time=env.clock.now(),
        region=env.region,
        resources=tuple(resources),
        detail=detail,
    )
    env.state.bus.append(event)
    return event
