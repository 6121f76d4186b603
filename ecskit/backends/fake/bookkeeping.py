"""Counters and derived fields the API models show, kept in step with the tasks and the placement view:

* a cluster's ``registeredContainerInstancesCount``, ``runningTasksCount`` and ``pendingTasksCount``;
* a container instance's ``runningTasksCount``, ``pendingTasksCount`` and ``remainingResources``, and its
  ``version``, which goes up with every change, as on AWS.

A task counts as pending while PROVISIONING, PENDING or ACTIVATING, and as running while RUNNING.
"""

from __future__ import annotations

from ecskit.backends.fake.env import Env, fail
from ecskit.backends.fake.runtime import cluster_index
from ecskit.backends.fake.state import RegionState
from ecskit.models import replace
from ecskit.models.ecs import Cluster, ContainerInstance, Resource
from ecskit.placement import resource_models

__all__ = [
    "PENDING_STATES",
    "adjust_cluster",
    "find_instance",
    "flush",
    "fresh_cluster",
    "fresh_instance",
    "gpu_ids",
    "instance_arn",
    "remaining_resources",
    "sync_instance",
    "task_status_changed",
]

PENDING_STATES = frozenset({"PROVISIONING", "PENDING", "ACTIVATING"})
RUNNING_STATES = frozenset({"RUNNING"})


def instance_arn(env: Env, cluster: str, instance_id: str) -> str:
    """The ARN of a container instance of ``cluster`` (the long format AWS uses today)."""
    return env.arn(f"container-instance/{cluster}/{instance_id}")


def find_instance(env: Env, cluster: str, ref: str) -> ContainerInstance | None:
    """A container instance of ``cluster`` by id or ARN (INACTIVE ones included), up to date, or None."""
    arn = ref if ref.startswith("arn:") else instance_arn(env, cluster, ref)
    found = fresh_instance(env.state, arn)
    run = env.state.instance_runs.get(arn)
    if found is None or (run is not None and run.cluster != cluster) or f"/{cluster}/" not in arn:
        return None
    return found


def gpu_ids(model: ContainerInstance) -> tuple[str, ...]:
    """The GPU ids the instance registered."""
    for resource in model.registered_resources or ():
        if resource.name == "GPU":
            return resource.string_set_value or ()
    return ()


def remaining_resources(state: RegionState, cluster: str, model: ContainerInstance) -> tuple[Resource, ...]:
    """``remainingResources`` of a registered instance, from its cluster's placement view."""
    arn = model.container_instance_arn or ""
    instance = cluster_index(state, cluster)[arn]
    remaining = resource_models(instance.remaining, instance.ports_in_use)
    gpus = gpu_ids(model)
    if gpus:
        left = gpus[: instance.remaining.gpu]
        remaining += (Resource(name="GPU", type="STRINGSET", string_set_value=left),)
    return remaining


def sync_instance(env: Env, cluster: str, arn: str, *, running: int = 0, pending: int = 0) -> None:
    """Note a change of a registered instance: task counters (by the deltas given), remaining resources, version.

    The model is rebuilt when it is next read (:func:`fresh_instance`), not at every task move: a task's life
    changes its instance several times, and rebuilding a 30-member model each time was a third of RunTask.
    """
    if arn not in env.state.container_instances or arn not in cluster_index(env.state, cluster):
        return
    old_running, old_pending, versions = env.state.stale_instances.get(arn, (0, 0, 0))
    env.state.stale_instances[arn] = (old_running + running, old_pending + pending, versions + 1)


def fresh_instance(state: RegionState, arn: str) -> ContainerInstance | None:
    """The model of a container instance with every change noted by :func:`sync_instance` applied."""
    model = state.container_instances.get(arn)
    stale = state.stale_instances.pop(arn, None)
    if model is None or stale is None:
        return model
    run = state.instance_runs.get(arn)
    if run is None or arn not in cluster_index(state, run.cluster):  # pragma: no cover - flushed on deregister
        return model
    running, pending, versions = stale
    model = replace(
        model,
        remaining_resources=remaining_resources(state, run.cluster, model),
        running_tasks_count=(model.running_tasks_count or 0) + running,
        pending_tasks_count=(model.pending_tasks_count or 0) + pending,
        version=(model.version or 0) + versions,
    )
    state.container_instances[arn] = model
    return model


def fresh_cluster(state: RegionState, name: str) -> Cluster | None:
    """The model of a cluster with the counts noted by :func:`adjust_cluster` applied."""
    found = state.clusters.get(name)
    stale = state.stale_clusters.pop(name, None)
    if found is None or stale is None:
        return found
    registered, running, pending = stale
    found = state.clusters[name] = replace(
        found,
        registered_container_instances_count=(found.registered_container_instances_count or 0) + registered,
        running_tasks_count=(found.running_tasks_count or 0) + running,
        pending_tasks_count=(found.pending_tasks_count or 0) + pending,
    )
    return found


def flush(state: RegionState) -> None:
    """Bring every container instance and cluster model up to date (before the state is saved)."""
    for arn in list(state.stale_instances):
        fresh_instance(state, arn)
    for name in list(state.stale_clusters):
        fresh_cluster(state, name)


def adjust_cluster(env: Env, cluster: str, *, registered: int = 0, running: int = 0, pending: int = 0) -> None:
    """Note a change of a cluster's counters by the deltas given; the model is rebuilt when it is next shown
    (:func:`fresh_cluster`), not at every task move or registration."""
    if cluster not in env.state.clusters:  # pragma: no cover - tasks and instances keep their cluster
        fail("ClusterNotFoundException", "Cluster not found.")
    was_registered, was_running, was_pending = env.state.stale_clusters.get(cluster, (0, 0, 0))
    env.state.stale_clusters[cluster] = (was_registered + registered, was_running + running, was_pending + pending)


def _deltas(old: str | None, new: str | None) -> tuple[int, int]:
    running = (new in RUNNING_STATES) - (old in RUNNING_STATES)
    pending = (new in PENDING_STATES) - (old in PENDING_STATES)
    return running, pending


def task_status_changed(
    env: Env, cluster: str, instance: str | None, old: str | None, new: str | None, *, refresh: bool = False
) -> None:
    """Count a task's move from ``old`` to ``new`` lastStatus in its cluster and container instance, and refresh
    the instance's model when a counter moved or ``refresh`` says its resources did."""
    running, pending = _deltas(old, new)
    if running or pending:
        adjust_cluster(env, cluster, running=running, pending=pending)
    if instance is not None and (running or pending or refresh):
        sync_instance(env, cluster, instance, running=running, pending=pending)
