"""Virtual time: the queue of events of the whole fake, run in order (:func:`advance`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.events import (
    AgentStep,
    CapacityRetry,
    DaemonReconcile,
    ForgetTask,
    HookTimeout,
    ImageRestored,
    ImageScanStep,
    InstanceReady,
    LifecyclePreviewDone,
    LifecycleRun,
    Reconcile,
    ReplicationDue,
    TaskStep,
)
from ecskit.backends.fake.core.region import World
from ecskit.backends.fake.engine import (
    agents,
    daemons,
    ecr_images,
    ecr_lifecycle,
    ecr_scans,
    lifecycle,
    provisioning,
    scheduler,
)
from ecskit.backends.fake.engine.bus import notify
from ecskit.backends.fake.engine.deployments import hook_timed_out
from ecskit.backends.fake.engine.ecr_replication import finish_replication
from ecskit.errors import UsageError

__all__ = ["HANDLERS", "advance"]

#: What each kind of event does.
HANDLERS: dict[type[Any], Callable[[Env, Any], None]] = {
    TaskStep: lifecycle.run_step,
    ForgetTask: lambda env, event: lifecycle.forget(env, event.task),
    Reconcile: scheduler.reconcile,
    HookTimeout: hook_timed_out,
    DaemonReconcile: daemons.reconcile,
    CapacityRetry: provisioning.retry,
    InstanceReady: provisioning.instance_ready,
    AgentStep: agents.advance_update,
    ImageRestored: ecr_images.finish_restore,
    LifecycleRun: ecr_lifecycle.run_policy,
    LifecyclePreviewDone: ecr_lifecycle.finish_preview,
    ImageScanStep: ecr_scans.run_step,
    ReplicationDue: finish_replication,
}


def advance(world: World, seconds: float) -> None:
    """Move virtual time forward by ``seconds``, running every event that falls due on the way, in order."""
    if seconds < 0:
        raise UsageError(f"cannot advance by a negative time ({seconds} seconds)")
    clock = world.clock
    target = clock.elapsed + seconds
    relay = world.relay
    stepping, relay.stepping = relay.stepping, True  # the engine's steps note their events as they go
    try:
        while True:
            queued = world.pop_due(target)
            if queued is None:
                break
            due, _, account, region, event = queued
            clock.advance_to(max(clock.elapsed, due))
            HANDLERS[type(event)](Env(world, world.region(account, region)), event)
            if relay.subscriptions:  # subscribers see each step's events before the next step
                notify(world)
    finally:
        relay.stepping = stepping
        relay.marked = None  # time moved: what is noted next needs a marker of its time
    clock.advance_to(target)
