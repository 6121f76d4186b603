"""Starting and stopping the tasks of a service, as its scheduler does, for a deployment (ECS controller) or a task
set (EXTERNAL and CODE_DEPLOY controllers) alike: what they run and where is a :class:`Source`. Beside them, how
the scheduler tells a task that serves (RUNNING, healthy, healthy in its target groups) and replaces one that
failed its health checks, and the service events both write.

The events about a task set's tasks name the set as AWS's do: "(service web, taskSet ecs-svc/1234) has started 1
tasks: (task ...)." (the service events of a deployment of task sets, as the README of
https://github.com/humanmade/altis-cli shows them).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.events import Reconcile
from ecskit.backends.fake.core.find import definition_of, service_tasks
from ecskit.backends.fake.core.services import ServiceRecord, TaskSetRecord
from ecskit.backends.fake.core.tasks import RUNNING, TaskRecord
from ecskit.backends.fake.engine import lifecycle, targets
from ecskit.backends.fake.engine.capacity import next_provider
from ecskit.backends.fake.engine.deployments import add_event
from ecskit.backends.fake.engine.ecs_events import service_action
from ecskit.backends.fake.engine.launch import Launch, launch_fargate, launch_for, launch_on_instances, subnets_of
from ecskit.backends.fake.engine.provisioning import launch_by_provider
from ecskit.backends.fake.engine.verdicts import definition_findings, service_findings, task_set_findings
from ecskit.errors import BackendError
from ecskit.models.ecs import (
    CapacityProviderStrategyItem,
    Failure,
    HealthStatus,
    LaunchType,
    NetworkConfiguration,
    PlacementConstraint,
    PropagateTags,
    Tag,
    TaskDefinitionPlacementConstraint,
    TaskStopCode,
)
from ecskit.placement import SERVICE_DEFAULT_STRATEGIES, Reason, unplaced_event

__all__ = [
    "RETRY_SECONDS",
    "Source",
    "constraints",
    "draining",
    "healthy",
    "ids",
    "label",
    "launch_of",
    "of_service",
    "of_task_set",
    "serving",
    "start",
    "stop",
    "stop_unhealthy",
]

#: How long the scheduler waits before trying again to place tasks that fit nowhere.
RETRY_SECONDS = 30.0
#: Placement failure reasons, in the order ECS checks them (the closest matching instance failed the latest check).
_ORDER = list(Reason)


@attrs.frozen(kw_only=True)
class Source:
    """What the tasks of one deployment or task set run, and how: their ``startedBy`` is its id."""

    started_by: str
    task_definition: str
    launch_type: LaunchType | None
    capacity_provider_strategy: tuple[CapacityProviderStrategyItem, ...] | None
    platform_version: str | None
    network_configuration: NetworkConfiguration | None
    #: The task set it is (None: the service's PRIMARY deployment).
    task_set: TaskSetRecord | None = None


def of_service(service: ServiceRecord, task_definition: str, started_by: str) -> Source:
    """The service's own settings (the ECS controller: its PRIMARY deployment runs them)."""
    return Source(
        started_by=started_by,
        task_definition=task_definition,
        launch_type=service.launch_type,
        capacity_provider_strategy=service.capacity_provider_strategy,
        platform_version=service.platform_version,
        network_configuration=service.network_configuration,
    )


def of_task_set(task_set: TaskSetRecord) -> Source:
    """A task set's settings."""
    return Source(
        started_by=task_set.id,
        task_definition=task_set.task_definition,
        launch_type=task_set.launch_type,
        capacity_provider_strategy=task_set.capacity_provider_strategy,
        platform_version=task_set.platform_version,
        network_configuration=task_set.network_configuration,
        task_set=task_set,
    )


def label(service: ServiceRecord, task_set: TaskSetRecord | None = None) -> str:
    """How a service event names the service (and the task set it is about)."""
    return f"(service {service.name})" if task_set is None else f"(service {service.name}, taskSet {task_set.id})"


def ids(tasks: Sequence[TaskRecord]) -> str:
    """The tasks as service events list them."""
    return " ".join(f"(task {t.id})" for t in tasks)


def stop(
    env: Env, service: ServiceRecord, tasks: Sequence[TaskRecord], reason: str, task_set: TaskSetRecord | None = None
) -> None:
    """Stop ``tasks`` for the scheduler (SERVICE_SCHEDULER_INITIATED, with ``reason``), and write the event."""
    for task in tasks:
        lifecycle.request_stop(env, task, TaskStopCode.SERVICE_SCHEDULER_INITIATED, reason)
    if tasks:
        add_event(env, service, f"{label(service, task_set)} has stopped {len(tasks)} running tasks: {ids(tasks)}.")


def _tags(env: Env, service: ServiceRecord, definition_arn: str) -> tuple[Tag, ...]:
    tags: dict[str | None, Tag] = {}
    if service.propagate_tags == PropagateTags.SERVICE:
        tags.update((t.key, t) for t in env.state.tags.get(service.arn, ()))
    elif service.propagate_tags == PropagateTags.TASK_DEFINITION:
        tags.update((t.key, t) for t in env.state.tags.get(definition_arn, ()))
    if service.enable_ecs_managed_tags:
        tags["aws:ecs:clusterName"] = Tag(key="aws:ecs:clusterName", value=service.cluster)
        tags["aws:ecs:serviceName"] = Tag(key="aws:ecs:serviceName", value=service.name)
    return tuple(tags.values())


def launch_of(env: Env, service: ServiceRecord, source: Source) -> Launch:
    """The launch of ``source``'s tasks (kept and reused by the launch engine while nothing changes)."""
    definition = definition_of(env, source.task_definition)
    mode = str(definition.body.network_mode or "bridge")
    subnets = subnets_of(source.network_configuration) if mode == "awsvpc" else None
    verdicts = (
        service_findings(env, service) if source.task_set is None else task_set_findings(env, service, source.task_set)
    )
    version = source.platform_version
    return launch_for(
        env,
        definition,
        cluster=service.cluster,
        overrides=None,
        group=service.group,
        started_by=source.started_by,
        tags=_tags(env, service, source.task_definition),
        subnets=subnets,
        enable_execute_command=service.enable_execute_command,
        platform_version=version if version not in (None, "LATEST") else None,
        findings=definition_findings(definition) + verdicts,
    )


def constraints(
    service: ServiceRecord, launch: Launch
) -> list[PlacementConstraint | TaskDefinitionPlacementConstraint]:
    """The placement constraints of a service's tasks: the service's and its task definition's."""
    return [*service.placement_constraints, *(launch.effective.placement_constraints or ())]


def _unplaced(service: ServiceRecord, failures: Sequence[Failure], detail: str | None) -> str:
    ranked = [(Reason(f.reason), f.arn) for f in failures if f.reason in _ORDER and f.arn]
    if not ranked:
        head = f"{label(service)} was unable to place a task because no container instance met all of its requirements."
        return f"{head} Reason: {detail or 'No Container Instances were found in your cluster.'}"
    reason, arn = max(ranked, key=lambda pair: _ORDER.index(pair[0]))
    return unplaced_event(service.name, arn.rsplit("/", 1)[-1], reason)


def start(env: Env, service: ServiceRecord, count: int, source: Source) -> None:
    """Start ``count`` tasks of ``source``; writes the events (started, or unable to place) and queues a retry of
    what could not be placed."""
    launch = launch_of(env, service, source)
    started: list[TaskRecord] = []
    failures: list[Failure] = []
    detail: str | None = None
    try:
        if source.capacity_provider_strategy:
            counts: dict[str, int] = {}
            for task in service_tasks(env, service):
                if task.live and task.capacity_provider and task.started_by == source.started_by:
                    counts[task.capacity_provider] = counts.get(task.capacity_provider, 0) + 1
            for _ in range(count):
                provider = next_provider(source.capacity_provider_strategy, counts)
                tasks, failed = launch_by_provider(
                    env,
                    launch,
                    provider,
                    constraints=constraints(service, launch),
                    strategies=service.placement_strategy or SERVICE_DEFAULT_STRATEGIES,
                )
                started += tasks
                failures += failed
                counts[provider] = counts.get(provider, 0) + len(tasks)
        elif source.launch_type == LaunchType.FARGATE:
            tasks, failures = launch_fargate(env, launch, [None] * count)
            started += tasks
        else:
            tasks, failures = launch_on_instances(
                env,
                launch,
                count=count,
                launch_type=source.launch_type or LaunchType.EC2,
                constraints=constraints(service, launch),
                strategies=service.placement_strategy or SERVICE_DEFAULT_STRATEGIES,
            )
            started += tasks
    except BackendError as exc:
        detail = exc.message
    if started:
        add_event(env, service, f"{label(service, source.task_set)} has started {len(started)} tasks: {ids(started)}.")
    if len(started) < count:
        blocked = launch.not_placed
        event = blocked.effect.service_event if blocked is not None and blocked.effect is not None else None
        if event:  # the rule's event names the closest instance: every instance failed for the same reason
            closest = next((f.arn for f in failures if f.arn), "")
            message = event.format(service=service.name, instance=closest.rsplit("/", 1)[-1])
        else:
            message = _unplaced(service, failures, detail)
        if message != service.unplaced:
            add_event(env, service, message)
            service.unplaced = message
            ranked = [Reason(f.reason) for f in failures if f.reason in _ORDER]
            reason = str(max(ranked, key=_ORDER.index)) if ranked else None
            service_action(env, service, "SERVICE_TASK_PLACEMENT_FAILURE", "ERROR", reason=reason)
        if service.retry_at is None or service.retry_at <= env.now:
            service.retry_at = env.now + RETRY_SECONDS
            env.at(service.retry_at, Reconcile(service=service.arn))
    else:
        service.unplaced = None


def healthy(task: TaskRecord) -> bool:
    """Live, RUNNING and not UNHEALTHY."""
    return task.live and task.last_status == RUNNING and task.health != HealthStatus.UNHEALTHY


def draining(env: Env, task: TaskRecord) -> bool:
    """Whether the task's container instance is no longer ACTIVE (DRAINING or deregistered)."""
    instance = env.state.instances.get(task.instance_arn or "")
    return instance is not None and instance.status != "ACTIVE"


def serving(env: Env, service: ServiceRecord, task: TaskRecord) -> bool:
    """Healthy for the scheduler: RUNNING, not UNHEALTHY, and healthy in its target groups."""
    return healthy(task) and targets.task_targets_healthy(env, service, task)


def _failed_check(env: Env, task: TaskRecord) -> str | None:
    """Why the scheduler replaces a task that fails its health checks (None: it does not)."""
    if task.health == HealthStatus.UNHEALTHY:
        return "Task failed container health checks"
    group = targets.unhealthy_target_group(env, task)
    return f"Task failed ELB health checks in (target-group {group})" if group is not None else None


def stop_unhealthy(env: Env, service: ServiceRecord, tasks: list[TaskRecord]) -> list[TaskRecord]:
    """Stop the live tasks that failed container or load balancer health checks after the health check grace
    period; returns them."""
    grace = service.health_check_grace_period_seconds or 0
    now = env.clock.now()
    unhealthy: list[TaskRecord] = []
    for task in tasks:
        reason = _failed_check(env, task) if task.live else None
        if reason is None:
            continue
        ran = (now - task.started_at).total_seconds() if task.started_at is not None else grace
        if ran < grace:  # still in the grace period: look again when it ends
            env.later(grace - ran, Reconcile(service=service.arn))
            continue
        lifecycle.request_stop(env, task, TaskStopCode.SERVICE_SCHEDULER_INITIATED, reason)
        unhealthy.append(task)
    return unhealthy
