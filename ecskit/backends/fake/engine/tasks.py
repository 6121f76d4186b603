"""What a task's change of status moves beside the task: its cluster's and its container instance's counters (a
task counts as pending while PROVISIONING, PENDING or ACTIVATING, as running while RUNNING), its version, and its
service's scheduler, which looks again whenever one of its tasks changes."""

from __future__ import annotations

from ecskit.backends.fake.core.daemons import DaemonRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.events import DaemonReconcile, Reconcile
from ecskit.backends.fake.core.tasks import PENDING_STATES, RUNNING, TaskRecord
from ecskit.backends.fake.engine.ecs_events import task_changed

__all__ = [
    "count",
    "poke_cluster",
    "poke_daemon",
    "poke_service",
    "poke_task_service",
    "service_arn_of",
    "set_status",
]


def count(env: Env, task: TaskRecord, old: str | None, new: str | None, *, bump: bool = True) -> None:
    """Count a task's move from ``old`` to ``new`` lastStatus in its cluster and on its instance (whose version
    goes up, unless ``bump`` is false: counting again what was counted before)."""
    was_running, was_pending = old == RUNNING, old in PENDING_STATES
    running, pending = new == RUNNING, new in PENDING_STATES
    if was_running == running and was_pending == pending:
        return
    cluster = env.state.clusters.get(task.cluster)
    if cluster is not None:
        cluster.running += running - was_running
        cluster.pending += pending - was_pending
    if task.placement is not None:
        instance = env.state.instances.get(task.placement.instance_id)
        if instance is not None:
            instance.running += running - was_running
            instance.pending += pending - was_pending
            instance.version += bump


def set_status(env: Env, task: TaskRecord, status: str) -> None:
    """Move ``task`` to lastStatus ``status``: counters, version, its event, and its service told."""
    old = task.last_status
    task.last_status = status
    task.version += 1
    count(env, task, old, status)
    task_changed(env, task)
    poke_task_service(env, task)


def service_arn_of(env: Env, task: TaskRecord) -> str | None:
    """The ARN of the service ``task`` belongs to, or None for a standalone task."""
    name = task.service_name
    return env.arn(f"service/{task.cluster}/{name}") if name is not None else None


def poke_service(env: Env, arn: str, due: float | None = None) -> None:
    """Queue a reconcile of service ``arn`` (now unless ``due``); once: a reconcile already queued is enough."""
    state = env.state
    if arn in state.pokes or arn not in state.services:
        return
    state.pokes.add(arn)
    env.at(env.now if due is None else due, Reconcile(service=arn))


def poke_daemon(env: Env, daemon: DaemonRecord) -> None:
    """Queue a reconcile of ``daemon`` now (once: one already queued is enough)."""
    if not daemon.poked:
        daemon.poked = True
        env.at(env.now, DaemonReconcile(daemon=daemon.arn))


def poke_task_service(env: Env, task: TaskRecord) -> None:
    """The scheduler of ``task``'s service (or its daemon) looks again (a task changed)."""
    group = task.group
    if group.startswith("service:"):
        poke_service(env, env.arn(f"service/{task.cluster}/{group[8:]}"))
    elif group.startswith("daemon:"):
        daemon = env.state.daemons.get(env.arn(f"daemon/{task.cluster}/{group[7:]}"))
        if daemon is not None:
            poke_daemon(env, daemon)


def poke_cluster(env: Env, cluster: str) -> None:
    """Queue a reconcile of every daemon, then of every ACTIVE or DRAINING service, of a cluster (its instances
    changed): daemon tasks start "before scheduling other tasks" (CreateDaemon's API reference)."""
    for daemon in env.state.daemons.values():
        if daemon.cluster == cluster:
            poke_daemon(env, daemon)
    for arn, service in env.state.services.items():
        if service.cluster == cluster and service.status != "INACTIVE":
            poke_service(env, arn)
