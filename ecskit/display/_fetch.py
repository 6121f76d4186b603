"""What the views read from a backend (any: the fake, AWS, a Client), through the ECS verbs, every page of it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ecskit.backends.verbs import EcsVerbs
from ecskit.models.ecs import (
    ContainerInstance,
    DescribeContainerInstancesRequest,
    DescribeTasksRequest,
    ListContainerInstancesRequest,
    ListTasksRequest,
    Task,
)

__all__ = ["instances", "task_arns", "tasks"]

#: DescribeTasks and DescribeContainerInstances take at most 100 ARNs a call (ECS API reference).
_BATCH = 100


def _chunks(items: Sequence[str]) -> Iterable[tuple[str, ...]]:
    for start in range(0, len(items), _BATCH):
        yield tuple(items[start : start + _BATCH])


def task_arns(backend: EcsVerbs, cluster: str, *, service: str | None = None) -> list[str]:
    """The ARNs of the tasks of ``cluster`` (of ``service`` only, when given) that are meant to run."""
    found: list[str] = []
    request = ListTasksRequest(cluster=cluster, service_name=service)
    while True:
        page = backend.list_tasks(request)
        found.extend(page.task_arns or ())
        if not page.next_token:
            return found
        request = ListTasksRequest(cluster=cluster, service_name=service, next_token=page.next_token)


def tasks(backend: EcsVerbs, cluster: str, arns: Sequence[str]) -> tuple[Task, ...]:
    """DescribeTasks of ``arns``, in batches, in order."""
    found: list[Task] = []
    for chunk in _chunks(arns):
        found.extend(backend.describe_tasks(DescribeTasksRequest(cluster=cluster, tasks=chunk)).tasks or ())
    return tuple(found)


def instances(backend: EcsVerbs, cluster: str, arns: Sequence[str] | None = None) -> tuple[ContainerInstance, ...]:
    """DescribeContainerInstances of ``arns`` (every registered instance of ``cluster`` when None)."""
    if arns is None:
        listed: list[str] = []
        request = ListContainerInstancesRequest(cluster=cluster)
        while True:
            page = backend.list_container_instances(request)
            listed.extend(page.container_instance_arns or ())
            if not page.next_token:
                break
            request = ListContainerInstancesRequest(cluster=cluster, next_token=page.next_token)
        arns = listed
    found: list[ContainerInstance] = []
    for chunk in _chunks(arns):
        answer = backend.describe_container_instances(
            DescribeContainerInstancesRequest(cluster=cluster, container_instances=chunk)
        )
        found.extend(answer.container_instances or ())
    return tuple(found)
