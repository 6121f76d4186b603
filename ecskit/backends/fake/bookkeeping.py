"""Counters and derived fields the API models show, kept in step with the tasks and the placement view:

* a cluster's ``registeredContainerInstancesCount``, ``runningTasksCount`` and ``pendingTasksCount``;
* a container instance's ``runningTasksCount``, ``pendingTasksCount`` and ``remainingResources``, and its
  ``version``, which goes up with every change, as on AWS.

A task counts as pending while PROVISIONING, PENDING or ACTIVATING, and as running while RUNNING.
"""

from __future__ import annotations

import attrs

from ecskit.backends.fake.env import Env, fail
from ecskit.backends.fake.runtime import cluster_index
from ecskit.models.ecs import Cluster, ContainerInstance, Resource
from ecskit.placement import resource_models

__all__ = [
    "PENDING_STATES",
    "adjust_cluster",
    "find_instance",
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
    """A container instance of ``cluster`` by id or ARN (INACTIVE ones included), or None."""
    arn = ref if ref.startswith("arn:") else instance_arn(env, cluster, ref)
    found = env.state.container_instances.get(arn)
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


def remaining_resources(env: Env, cluster: str, model: ContainerInstance) -> tuple[Resource, ...]:
    """``remainingResources`` of a registered instance, from its cluster's placement view."""
    arn = model.container_instance_arn or ""
    instance = cluster_index(env.state, cluster)[arn]
    remaining = resource_models(instance.remaining, instance.ports_in_use)
    gpus = gpu_ids(model)
    if gpus:
        left = gpus[: instance.remaining.gpu]
        remaining += (Resource(name="GPU", type="STRINGSET", string_set_value=left),)
    return remaining


def sync_instance(env: Env, cluster: str, arn: str, *, running: int = 0, pending: int = 0) -> None:
    """Refresh a registered instance's model after a change: remaining resources, task counters (by the deltas
    given) and version."""
    model = env.state.container_instances.get(arn)
    if model is None or arn not in cluster_index(env.state, cluster):
        return
    env.state.container_instances[arn] = attrs.evolve(
        model,
        remaining_resources=remaining_resources(env, cluster, model),
        running_tasks_count=(model.running_tasks_count or 0) + running,
        pending_tasks_count=(model.pending_tasks_count or 0) + pending,
        version=(model.version or 0) + 1,
    )


def adjust_cluster(env: Env, cluster: str, *, registered: int = 0, running: int = 0, pending: int = 0) -> Cluster:
    """Change a cluster's counters by the deltas given."""
    found = env.state.clusters.get(cluster)
    if found is None:  # pragma: no cover - tasks and instances keep their cluster
        fail("ClusterNotFoundException", "Cluster not found.")
    updated = attrs.evolve(
        found,
        registered_container_instances_count=(found.registered_container_instances_count or 0) + registered,
        running_tasks_count=(found.running_tasks_count or 0) + running,
        pending_tasks_count=(found.pending_tasks_count or 0) + pending,
    )
    env.state.clusters[cluster] = updated
    return updated


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
