"""The service scheduler: one reconcile of a service, run from the lifecycle's event heap.

A reconcile is queued (once) when something the service depends on changes: the service is created, updated or
deleted, one of its tasks changes ``lastStatus`` or ``desiredStatus``, or an instance of its cluster is registered,
drained, reactivated or deregistered. While tasks cannot be placed it retries every :data:`RETRY_SECONDS`. A steady
service queues nothing, so idle fakes cost nothing.

REPLICA (``desired`` tasks; ``max`` = floor(desired * maximumPercent / 100), ``min`` = ceil(desired *
minimumHealthyPercent / 100)):

* the PRIMARY deployment's live tasks (not on a DRAINING instance) are brought to ``desired``: extras are stopped
  (pending ones first), missing ones started, as long as the service's tasks that are not STOPPED stay <= ``max``;
* tasks of older deployments, and tasks on DRAINING instances, are stopped: those not healthy (not RUNNING, or
  UNHEALTHY) at once, healthy ones only while the healthy tasks stay >= ``min``;
* a PRIMARY deployment alone, with ``desired`` tasks RUNNING and none pending, is COMPLETED; older deployments
  leave the list when their last task has stopped; "(service x) has reached a steady state." is written once each
  time the service gets there.

DAEMON: one task of the PRIMARY deployment on each ACTIVE instance (of the service's launch type) that can take it;
tasks of older deployments are stopped first (minimumHealthyPercent 0), tasks on DRAINING instances are stopped.

Circuit breaker: a task of an IN_PROGRESS PRIMARY deployment that stops by itself (failed pull, essential
container exit) or turns UNHEALTHY (the scheduler stops it) counts as failed; at
:func:`~ecskit.backends.fake.deployments.failure_threshold` failures the deployment is FAILED, and with
``rollback`` the task definition of the last COMPLETED deployment is deployed again.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ecskit.backends.fake import lifecycle, targets
from ecskit.backends.fake.bookkeeping import PENDING_STATES
from ecskit.backends.fake.deployments import add_event, failure_threshold, new_deployment, next_provider
from ecskit.backends.fake.deployments import set_service_deployment as record
from ecskit.backends.fake.env import Env
from ecskit.backends.fake.launch import (
    Launch,
    launch_fargate,
    launch_for,
    launch_on_instances,
    start_placed,
    subnets_of,
)
from ecskit.backends.fake.provisioning import launch_by_provider
from ecskit.backends.fake.runtime import RECONCILE, ServiceRun, cluster_index, schedule
from ecskit.backends.fake.task_protection import is_protected
from ecskit.errors import BackendError
from ecskit.models import replace
from ecskit.models.ecs import (
    Deployment,
    DeploymentRolloutState,
    Failure,
    HealthStatus,
    LaunchType,
    PlacementConstraint,
    PropagateTags,
    Rollback,
    SchedulingStrategy,
    Service,
    ServiceDeploymentStatus,
    Tag,
    Task,
    TaskDefinition,
    TaskDefinitionPlacementConstraint,
    TaskStopCode,
)
from ecskit.placement import SERVICE_DEFAULT_STRATEGIES, place_on

__all__ = ["RETRY_SECONDS", "definition_of", "reconcile", "service_tasks"]

#: How long the scheduler waits before trying again to place tasks that fit nowhere.
RETRY_SECONDS = 30.0
_STOPPED, _RUNNING = "STOPPED", "RUNNING"
_SELF_STOPS = (TaskStopCode.TASK_FAILED_TO_START, TaskStopCode.ESSENTIAL_CONTAINER_EXITED)
_PHRASES = {
    "AGENT": "has an agent that is not connected",
    "ATTRIBUTE": "is missing an attribute required by your task",
    "RESOURCE:CPU": "has insufficient CPU units available",
    "RESOURCE:MEMORY": "has insufficient memory available",
    "RESOURCE:GPU": "has insufficient GPU resources available",
    "RESOURCE:PORTS": "is already using a port required by your task",
    "RESOURCE:ENI": "has insufficient free elastic network interfaces",
    "MemberOf placement constraint unsatisfied": "does not satisfy a memberOf placement constraint",
    "DistinctInstance placement constraint unsatisfied": "already runs a task of this service (distinctInstance)",
}
_ORDER = list(_PHRASES)


def definition_of(env: Env, arn: str) -> TaskDefinition:
    """The task definition of an ARN (or ``family:revision``) the service holds."""
    family, _, revision = arn.rsplit("/", 1)[-1].partition(":")
    return env.state.task_definitions[family][int(revision) - 1]


def service_tasks(env: Env, service: Service) -> list[Task]:
    """The service's tasks the fake still remembers (STOPPED ones included), oldest first."""
    group = f"service:{service.service_name}"
    return [t for t in env.state.tasks.values() if t.group == group and t.cluster_arn == service.cluster_arn]


def _live(task: Task) -> bool:
    return task.desired_status == _RUNNING and task.last_status != _STOPPED


def _healthy(task: Task) -> bool:
    return _live(task) and task.last_status == _RUNNING and task.health_status != HealthStatus.UNHEALTHY


def _draining(env: Env, task: Task) -> bool:
    model = env.state.container_instances.get(task.container_instance_arn or "")
    return model is not None and model.status != "ACTIVE"


def _name(service: Service) -> str:
    return f"(service {service.service_name})"


def _ids(tasks: Sequence[Task]) -> str:
    return " ".join(f"(task {(t.task_arn or '').rsplit('/', 1)[-1]})" for t in tasks)


def _stop(env: Env, service: Service, tasks: Sequence[Task], reason: str) -> Service:
    for task in tasks:
        lifecycle.request_stop(env, task.task_arn or "", TaskStopCode.SERVICE_SCHEDULER_INITIATED, reason)
    if tasks:
        service = add_event(env, service, f"{_name(service)} has stopped {len(tasks)} running tasks: {_ids(tasks)}.")
    return service


def _tags(env: Env, service: Service, td: TaskDefinition, cluster: str) -> tuple[Tag, ...]:
    tags: dict[str | None, Tag] = {}
    if service.propagate_tags == PropagateTags.SERVICE:
        tags.update((t.key, t) for t in env.state.tags.get(service.service_arn or "", ()))
    elif service.propagate_tags == PropagateTags.TASK_DEFINITION:
        tags.update((t.key, t) for t in env.state.tags.get(td.task_definition_arn or "", ()))
    if service.enable_ecs_managed_tags:
        tags["aws:ecs:clusterName"] = Tag(key="aws:ecs:clusterName", value=cluster)
        tags["aws:ecs:serviceName"] = Tag(key="aws:ecs:serviceName", value=service.service_name)
    return tuple(tags.values())


def _launch(env: Env, service: Service, deployment: Deployment) -> Launch:
    td = definition_of(env, deployment.task_definition or "")
    cluster = (service.cluster_arn or "").rsplit("/", 1)[-1]
    network = service.network_configuration
    subnets = subnets_of(network) if str(td.network_mode or "bridge") == "awsvpc" else None
    return launch_for(
        env,
        td,
        cluster_arn=service.cluster_arn or "",
        overrides=None,
        group=f"service:{service.service_name}",
        started_by=deployment.id,
        tags=_tags(env, service, td, cluster),
        subnets=subnets,
        enable_execute_command=bool(service.enable_execute_command),
        platform_version=service.platform_version if service.platform_version not in (None, "LATEST") else None,
    )


def _constraints(service: Service, td: TaskDefinition) -> list[PlacementConstraint | TaskDefinitionPlacementConstraint]:
    return [*(service.placement_constraints or ()), *(td.placement_constraints or ())]


def _unplaced(service: Service, failures: Sequence[Failure], detail: str | None) -> str:
    head = f"{_name(service)} was unable to place a task because no container instance met all of its requirements."
    ranked = [f for f in failures if f.reason in _PHRASES and f.arn]
    if not ranked:
        return f"{head} Reason: {detail or 'No Container Instances were found in your cluster.'}"
    closest = max(ranked, key=lambda f: _ORDER.index(f.reason or ""))
    instance = (closest.arn or "").rsplit("/", 1)[-1]
    return (
        f"{head} The closest matching container-instance {instance} {_PHRASES[closest.reason or '']}. "
        "For more information, see the Troubleshooting section."
    )


def _start(env: Env, service: Service, run: ServiceRun, deployment: Deployment, count: int) -> Service:
    """Start ``count`` tasks of ``deployment``; writes the events (started, or unable to place)."""
    launch = _launch(env, service, deployment)
    started: list[Task] = []
    failures: list[Failure] = []
    detail: str | None = None
    try:
        if service.capacity_provider_strategy:
            counts: dict[str, int] = {}
            for task in service_tasks(env, service):
                if _live(task) and task.capacity_provider_name:
                    counts[task.capacity_provider_name] = counts.get(task.capacity_provider_name, 0) + 1
            for _ in range(count):
                provider = next_provider(service.capacity_provider_strategy, counts)
                tasks, failed = launch_by_provider(
                    env,
                    launch,
                    provider,
                    constraints=_constraints(service, launch.definition),
                    strategies=service.placement_strategy or SERVICE_DEFAULT_STRATEGIES,
                )
                started += tasks
                failures += failed
                counts[provider] = counts.get(provider, 0) + len(tasks)
        elif service.launch_type == LaunchType.FARGATE:
            tasks, failures = launch_fargate(env, launch, [None] * count)
            started += tasks
        else:
            tasks, failures = launch_on_instances(
                env,
                launch,
                count=count,
                launch_type=service.launch_type or LaunchType.EC2,
                constraints=_constraints(service, launch.definition),
                strategies=service.placement_strategy or SERVICE_DEFAULT_STRATEGIES,
            )
            started += tasks
    except BackendError as exc:
        detail = exc.message if hasattr(exc, "message") else str(exc)
    if started:
        service = add_event(env, service, f"{_name(service)} has started {len(started)} tasks: {_ids(started)}.")
    if len(started) < count:
        message = _unplaced(service, failures, detail)
        if message != run.unplaced:
            service = add_event(env, service, message)
            run.unplaced = message
        if run.retry_at is None or run.retry_at <= env.now:
            run.retry_at = env.now + RETRY_SECONDS
            schedule(env.state, run.retry_at, service.service_arn or "", 0, RECONCILE)
    else:
        run.unplaced = None
    return service


def _serving(env: Env, service: Service, task: Task) -> bool:
    """Healthy for the scheduler: RUNNING, not UNHEALTHY, and healthy in the service's target groups."""
    return _healthy(task) and targets.task_targets_healthy(env, service, task)


def _failed_check(env: Env, task: Task) -> str | None:
    """Why the scheduler replaces a task that fails its health checks (None: it does not)."""
    if task.health_status == HealthStatus.UNHEALTHY:
        return "Task failed container health checks"
    group = targets.unhealthy_target_group(env, task)
    return f"Task failed ELB health checks in (target-group {group})" if group is not None else None


def _stop_unhealthy(env: Env, service: Service, tasks: list[Task]) -> list[Task]:
    """Stop the live tasks that failed container or load balancer health checks after the health check grace
    period; returns them."""
    grace = service.health_check_grace_period_seconds or 0
    now = env.clock.now()
    unhealthy: list[Task] = []
    for task in tasks:
        reason = _failed_check(env, task) if _live(task) else None
        if reason is None:
            continue
        ran = (now - task.started_at).total_seconds() if task.started_at is not None else grace
        if ran < grace:  # still in the grace period: look again when it ends
            schedule(env.state, env.now + grace - ran, service.service_arn or "", 0, RECONCILE)
            continue
        lifecycle.request_stop(env, task.task_arn or "", TaskStopCode.SERVICE_SCHEDULER_INITIATED, reason)
        unhealthy.append(task)
    return unhealthy


def _count_failures(env: Env, service: Service, run: ServiceRun, tasks: list[Task]) -> Service:
    unhealthy = _stop_unhealthy(env, service, tasks)
    deployments = list(service.deployments or ())
    primary = deployments[0]
    if primary.rollout_state != DeploymentRolloutState.IN_PROGRESS:
        return service
    failed = 0
    for task in tasks:
        arn = task.task_arn or ""
        if task.started_by != primary.id or arn in run.counted:
            continue
        if task in unhealthy or (task.desired_status == _STOPPED and task.stop_code in _SELF_STOPS):
            run.counted.append(arn)
            failed += 1
    if not failed:
        return service
    primary = replace(primary, failed_tasks=(primary.failed_tasks or 0) + failed)
    config = service.deployment_configuration
    breaker = config.deployment_circuit_breaker if config is not None else None
    if (
        breaker is None
        or not breaker.enable
        or (primary.failed_tasks or 0) < failure_threshold(service.desired_count or 0)
    ):
        return replace(service, deployments=(primary, *deployments[1:]))
    reason = "ECS deployment circuit breaker: tasks failed to start."
    primary = replace(
        primary, rollout_state=DeploymentRolloutState.FAILED, rollout_state_reason=reason, updated_at=env.clock.now()
    )
    service = replace(service, deployments=(primary, *deployments[1:]))
    service = add_event(
        env, service, f"{_name(service)} (deployment {primary.id}) deployment failed: tasks failed to start."
    )
    rollback = breaker.rollback and run.stable is not None and run.stable != primary.task_definition
    status = ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS if rollback else ServiceDeploymentStatus.STOPPED
    arn = record(env, service, primary, status, reason=reason, failures=primary.failed_tasks or 0)
    if not rollback or run.stable is None:
        return service
    env.state.service_deployments[arn] = replace(
        env.state.service_deployments[arn],
        rollback=Rollback(reason=reason, started_at=env.clock.now(), service_revision_arn=run.stable),
    )
    again = new_deployment(env, service, run.stable, service.desired_count or 0)
    run.deployment_arns[again.id or ""] = arn
    old = tuple(replace(d, status="ACTIVE") for d in (primary, *deployments[1:]))
    service = replace(service, task_definition=run.stable, deployments=(again, *old))
    service = add_event(env, service, f"{_name(service)} (deployment {again.id}) rolling back to {run.stable}.")
    run.steady = False
    return service


def _replica(env: Env, service: Service, run: ServiceRun, tasks: list[Task]) -> Service:
    primary = (service.deployments or ())[0]
    desired = service.desired_count or 0
    config = service.deployment_configuration
    maximum = math.floor(desired * ((config.maximum_percent if config else None) or 200) / 100)
    minimum = math.ceil(desired * ((config.minimum_healthy_percent if config else None) or 0) / 100)
    live = [t for t in tasks if _live(t)]
    alive = [t for t in tasks if t.last_status != _STOPPED]
    mine = [t for t in live if t.started_by == primary.id and not _draining(env, t)]
    scale = f"Scaling activity initiated by (deployment {primary.id})"
    if len(mine) > desired:
        # Scale-in protected tasks are not stopped to scale in (task_protection; the scheduler looks again when
        # their protection ends, as it is queued then).
        extra = sorted(mine, key=lambda t: (t.last_status == _RUNNING, t.created_at), reverse=False)
        extra = [t for t in extra if not is_protected(env, t.task_arn or "")]
        return _stop(env, service, extra[: len(mine) - desired], scale)
    others = [t for t in live if t not in mine]
    healthy = [t for t in live if _serving(env, service, t)]
    stop = [t for t in others if not _serving(env, service, t)]
    room = len(healthy) - minimum
    for task in others:
        if room <= 0:
            break
        if _serving(env, service, task) and not is_protected(env, task.task_arn or ""):
            stop.append(task)
            room -= 1
    start = min(desired - len(mine), maximum - len(alive))
    if start > 0:
        service = _start(env, service, run, primary, start)
    return _stop(env, service, stop, scale)


def _daemon(env: Env, service: Service, run: ServiceRun, tasks: list[Task]) -> Service:
    primary = (service.deployments or ())[0]
    launch = _launch(env, service, primary)
    index = cluster_index(env.state, launch.cluster)
    external = service.launch_type == LaunchType.EXTERNAL
    live = [t for t in tasks if _live(t)]
    started: list[Task] = []
    stop: list[Task] = []
    wanted = 0
    for instance in list(index):
        on = [t for t in live if t.container_instance_arn == instance.id]
        if instance.status != "ACTIVE":
            stop += on
            continue
        if ("ecs.capability.external" in instance.attributes) != external:  # pragma: no cover - mixed clusters
            continue
        if any(t.started_by == primary.id for t in on):
            wanted += 1
            continue
        old = [t for t in on if t.started_by != primary.id]
        if old:
            wanted += 1
            stop += old
            continue
        placed = place_on(
            launch.demand,
            instance.id,
            instances=index,
            group=launch.group,
            constraints=_constraints(service, launch.definition),
        )
        if placed.tasks:
            wanted += 1
            one = start_placed(env, launch, placed.tasks[0], LaunchType.EXTERNAL if external else LaunchType.EC2)
            if not isinstance(one, Failure):
                started.append(one)
    service = replace(service, desired_count=wanted)
    if started:
        service = add_event(env, service, f"{_name(service)} has started {len(started)} tasks: {_ids(started)}.")
    return _stop(env, service, stop, f"Scaling activity initiated by (deployment {primary.id})")


def _counted(env: Env, service: Service, tasks: list[Task]) -> Service:
    """The service's and its deployments' counters from its tasks; finished deployments settled."""
    running = [t for t in tasks if t.last_status == _RUNNING]
    pending = [t for t in tasks if t.last_status in PENDING_STATES]
    deployments: list[Deployment] = []
    for n, dep in enumerate(service.deployments or ()):
        mine = [t for t in tasks if t.started_by == dep.id]
        if n and not any(t.last_status != _STOPPED for t in mine):
            continue  # an older deployment whose last task has stopped leaves the list
        counted = replace(
            dep,
            running_count=sum(t in running for t in mine),
            pending_count=sum(t in pending for t in mine),
            desired_count=service.desired_count if not n else sum(_live(t) for t in mine),
        )
        deployments.append(counted)
    return replace(service, running_count=len(running), pending_count=len(pending), deployments=tuple(deployments))


def _settle(env: Env, service: Service, run: ServiceRun, tasks: list[Task]) -> Service:
    deployments = list(service.deployments or ())
    primary = deployments[0]
    alive = [t for t in tasks if t.last_status != _STOPPED]
    steady = (
        len(deployments) == 1
        and primary.running_count == service.desired_count
        and not primary.pending_count
        and len(alive) == service.desired_count
        and all(_serving(env, service, t) for t in alive)
    )
    if steady and primary.rollout_state == DeploymentRolloutState.IN_PROGRESS:
        primary = replace(
            primary,
            rollout_state=DeploymentRolloutState.COMPLETED,
            rollout_state_reason=f"ECS deployment {primary.id} completed.",
            updated_at=env.clock.now(),
        )
        service = replace(service, deployments=(primary,))
        arn = run.deployment_arns.get(primary.id or "")
        rolled_back = arn is not None and (
            env.state.service_deployments[arn].status == ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS
        )
        status = ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL if rolled_back else ServiceDeploymentStatus.SUCCESSFUL
        if rolled_back and arn is not None:
            now = env.clock.now()
            env.state.service_deployments[arn] = replace(
                env.state.service_deployments[arn], status=status, finished_at=now, updated_at=now
            )
        else:
            record(env, service, primary, status, failures=primary.failed_tasks or 0)
        run.stable = primary.task_definition
    if steady and not run.steady:
        service = add_event(env, service, f"{_name(service)} has reached a steady state.")
    run.steady = steady
    return service


def reconcile(env: Env, arn: str) -> None:
    """One pass of the scheduler over service ``arn`` (see the module's documentation)."""
    env.state.pokes.discard(arn)
    service = env.state.services.get(arn)
    run = env.state.service_runs.get(arn)
    if service is None or run is None or service.status == "INACTIVE":
        return
    tasks = service_tasks(env, service)
    if service.status == "DRAINING":
        live = [t for t in tasks if _live(t)]
        service = _stop(env, service, live, "Service was deleted")
        if not any(t.last_status != _STOPPED for t in service_tasks(env, service)):
            service = replace(service, status="INACTIVE")
    else:
        service = _count_failures(env, service, run, tasks)
        if service.scheduling_strategy == SchedulingStrategy.DAEMON:
            service = _daemon(env, service, run, tasks)
        else:
            service = _replica(env, service, run, service_tasks(env, service))
    tasks = service_tasks(env, service)
    service = _counted(env, service, tasks)
    if service.status == "ACTIVE":
        service = _settle(env, service, run, tasks)
    env.state.services[arn] = service
