"""The service scheduler: one reconcile of a service, run as an event of virtual time.

A reconcile is queued (once) when something the service depends on changes: the service is created, updated or
deleted, one of its tasks changes ``lastStatus`` or ``desiredStatus``, or an instance of its cluster is registered,
drained, reactivated or deregistered. While tasks cannot be placed it retries every
:data:`~.service_tasks.RETRY_SECONDS`. A steady service queues nothing, so idle fakes cost nothing.

REPLICA (``desired`` tasks; ``max`` = floor(desired * maximumPercent / 100), ``min`` = ceil(desired *
minimumHealthyPercent / 100)):

* the PRIMARY deployment's live tasks (not on a DRAINING instance) are brought to ``desired``: extras are stopped
  (pending ones first), missing ones started, as long as the service's tasks that are not STOPPED stay <= ``max``;
* tasks of older deployments, and tasks on DRAINING instances, are stopped: those not healthy (not RUNNING, or
  UNHEALTHY) at once, healthy ones only while the healthy tasks stay >= ``min``;
* a PRIMARY deployment alone, with ``desired`` tasks RUNNING and none pending, is COMPLETED; older deployments
  leave the list when their last task has stopped; "(service x) has reached a steady state." is written once each
  time the service gets there. A deployment that a ``runtime`` finding says can never progress never completes,
  and its event is written once.

DAEMON: one task of the PRIMARY deployment on each ACTIVE instance (of the service's launch type) that can take it;
tasks of older deployments are stopped first (minimumHealthyPercent 0), tasks on DRAINING instances are stopped.

Task sets (services of the EXTERNAL and CODE_DEPLOY deployment controllers) are scheduled by
:mod:`~.task_sets` instead, on the same reconcile.

Circuit breaker: a task of an IN_PROGRESS PRIMARY deployment that stops by itself (failed pull, essential
container exit) or turns UNHEALTHY (the scheduler stops it) counts as failed; at
:func:`~.deployments.failure_threshold` failures the deployment is FAILED, and with ``rollback`` the task
definition of the last COMPLETED deployment is deployed again.
"""

from __future__ import annotations

import math

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.events import Reconcile
from ecskit.backends.fake.core.find import is_protected, service_tasks
from ecskit.backends.fake.core.services import ServiceRecord
from ecskit.backends.fake.core.tasks import PENDING_STATES, RUNNING, STOPPED, TaskRecord
from ecskit.backends.fake.engine import task_sets
from ecskit.backends.fake.engine.deployments import (
    act_on_requests,
    add_event,
    failure_threshold,
    roll_back,
    set_service_deployment,
)
from ecskit.backends.fake.engine.ecs_events import (
    CIRCUIT_BREAKER_FAILED,
    COMPLETED,
    FAILED,
    deployment_changed,
    service_action,
    steady_state,
)
from ecskit.backends.fake.engine.hooks import FREE, hold, staged_and_unfinished
from ecskit.backends.fake.engine.launch import start_placed
from ecskit.backends.fake.engine.placement import cluster_index
from ecskit.backends.fake.engine.service_tasks import (
    RETRY_SECONDS,
    constraints,
    draining,
    ids,
    label,
    launch_of,
    of_service,
    serving,
    stop_unhealthy,
)
from ecskit.backends.fake.engine.service_tasks import (
    start as start_tasks,
)
from ecskit.backends.fake.engine.service_tasks import (
    stop as stop_tasks,
)
from ecskit.backends.fake.engine.verdicts import service_findings
from ecskit.models.ecs import (
    DeploymentRolloutState,
    Failure,
    LaunchType,
    ServiceDeploymentStatus,
    TaskStopCode,
)
from ecskit.placement import place_on
from ecskit.validation.engine import Outcome

__all__ = ["RETRY_SECONDS", "reconcile"]

#: The reason of the Deployment State Change of a circuit breaker's rollback (its ``{deployment}``: the new one).
_ROLLING_BACK = "ECS deployment circuit breaker: rolling back to deploymentId {deployment}."
_SELF_STOPS = (TaskStopCode.TASK_FAILED_TO_START, TaskStopCode.ESSENTIAL_CONTAINER_EXITED)


def _start(env: Env, service: ServiceRecord, count: int) -> None:
    """Start ``count`` tasks of the PRIMARY deployment."""
    primary = service.primary
    start_tasks(env, service, count, of_service(service, primary.task_definition, primary.id))


def _count_failures(env: Env, service: ServiceRecord, tasks: list[TaskRecord]) -> None:
    unhealthy = stop_unhealthy(env, service, tasks)
    primary = service.primary
    if primary.rollout_state != DeploymentRolloutState.IN_PROGRESS:
        return
    failed = 0
    for task in tasks:
        if task.started_by != primary.id or task.arn in service.counted:
            continue
        if task in unhealthy or (task.desired_status == STOPPED and task.stop_code in _SELF_STOPS):
            service.counted.append(task.arn)
            failed += 1
    if not failed:
        return
    primary.failed_tasks += failed
    breaker = service.deployment_configuration.deployment_circuit_breaker
    if breaker is None or not breaker.enable or primary.failed_tasks < failure_threshold(service.desired_count):
        return
    reason = "ECS deployment circuit breaker: tasks failed to start."
    primary.rollout_state = DeploymentRolloutState.FAILED
    primary.rollout_state_reason = reason
    primary.updated_at = env.clock.now()
    deployment_changed(env, service, primary.id, FAILED, CIRCUIT_BREAKER_FAILED)
    add_event(env, service, f"{label(service)} (deployment {primary.id}) deployment failed: tasks failed to start.")
    stable = service.stable
    rollback = bool(breaker.rollback) and stable is not None and stable != primary.task_definition
    status = ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS if rollback else ServiceDeploymentStatus.STOPPED
    record = set_service_deployment(env, service, primary, status, reason=reason, failures=primary.failed_tasks)
    if rollback and service.stable_revision is not None:
        roll_back(env, service, record, service.stable_revision, reason=reason, event=_ROLLING_BACK)


def _replica(env: Env, service: ServiceRecord, tasks: list[TaskRecord]) -> None:
    primary = service.primary
    desired = service.desired_count
    config = service.deployment_configuration
    maximum = math.floor(desired * (config.maximum_percent or 200) / 100)
    minimum = math.ceil(desired * (config.minimum_healthy_percent or 0) / 100)
    live = [t for t in tasks if t.live]
    alive = [t for t in tasks if t.last_status != STOPPED]
    mine = [t for t in live if t.started_by == primary.id and not draining(env, t)]
    scale = f"Scaling activity initiated by (deployment {primary.id})"
    if len(mine) > desired:
        # Scale-in protected tasks are not stopped to scale in (the scheduler looks again when their protection
        # ends, as it is queued then).
        extra = sorted(mine, key=lambda t: (t.last_status == RUNNING, t.created_at))
        extra = [t for t in extra if not is_protected(env, t.arn)]
        stop_tasks(env, service, extra[: len(mine) - desired], scale)
        return
    others = [t for t in live if t not in mine]
    held = FREE
    if config.strategy is not None:  # a deployment of stages (blue/green, linear, canary): where is it?
        in_service = sum(serving(env, service, t) for t in mine)
        held = hold(env, service, in_service, len(service.deployments) - 1)
    healthy = [t for t in live if serving(env, service, t)]
    stop = [t for t in others if not serving(env, service, t)]
    room = len(healthy) - minimum if not held.keep_old else 0
    for task in others:
        if room <= 0:
            break
        if serving(env, service, task) and not is_protected(env, task.arn):
            stop.append(task)
            room -= 1
    start = desired - len(mine) if held.full else min(desired - len(mine), maximum - len(alive))
    if not held.scale_up:
        start = 0
    if start > 0:
        _start(env, service, start)
    stop_tasks(env, service, stop, scale)


def _daemon(env: Env, service: ServiceRecord, tasks: list[TaskRecord]) -> None:
    primary = service.primary
    launch = launch_of(env, service, of_service(service, primary.task_definition, primary.id))
    index = cluster_index(env, service.cluster)
    external = service.launch_type == LaunchType.EXTERNAL
    live = [t for t in tasks if t.live]
    started: list[TaskRecord] = []
    stop: list[TaskRecord] = []
    wanted = 0
    for instance in list(index):
        on = [t for t in live if t.instance_arn == instance.id]
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
            launch.demand, instance.id, instances=index, group=launch.group, constraints=constraints(service, launch)
        )
        if placed.tasks:
            wanted += 1
            one = start_placed(env, launch, placed.tasks[0], LaunchType.EXTERNAL if external else LaunchType.EC2)
            if not isinstance(one, Failure):
                started.append(one)
    if wanted != service.desired_count:
        service.desired_count = wanted
        service_action(env, service, "SERVICE_DESIRED_COUNT_UPDATED")
    primary.desired_count = wanted
    if started:
        add_event(env, service, f"{label(service)} has started {len(started)} tasks: {ids(started)}.")
    stop_tasks(env, service, stop, f"Scaling activity initiated by (deployment {primary.id})")


def _prune(service: ServiceRecord, tasks: list[TaskRecord]) -> None:
    """Older deployments whose last task has stopped leave the list."""
    kept = [service.deployments[0]]
    for deployment in service.deployments[1:]:
        if any(t.started_by == deployment.id and t.last_status != STOPPED for t in tasks):
            kept.append(deployment)
    service.deployments = kept


def _stall(env: Env, service: ServiceRecord) -> bool:
    """Whether a ``runtime`` finding says the service's deployment can never complete (its event written once)."""
    for finding in service_findings(env, service):
        effect = finding.effect
        if effect is not None and effect.outcome is Outcome.DEPLOYMENT_STALLED:
            if not service.stalled and effect.service_event:
                add_event(env, service, effect.service_event.format(service=service.name, instance=""))
                service.stalled = True
            return True
    return False


def _settle(env: Env, service: ServiceRecord, tasks: list[TaskRecord]) -> None:
    primary = service.primary
    mine = [t for t in tasks if t.started_by == primary.id]
    alive = [t for t in tasks if t.last_status != STOPPED]
    steady = (
        len(service.deployments) == 1
        and sum(t.last_status == RUNNING for t in mine) == service.desired_count
        and not any(t.last_status in PENDING_STATES for t in mine)
        and len(alive) == service.desired_count
        and all(serving(env, service, t) for t in alive)
    )
    if steady and (_stall(env, service) or staged_and_unfinished(env, service)):
        steady = False
    if steady and primary.rollout_state == DeploymentRolloutState.IN_PROGRESS:
        primary.rollout_state = DeploymentRolloutState.COMPLETED
        primary.rollout_state_reason = f"ECS deployment {primary.id} completed."
        primary.updated_at = env.clock.now()
        arn = service.deployment_arns.get(primary.id)
        record = env.state.service_deployments.get(arn) if arn is not None else None
        if record is not None and record.status == ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS:
            now = env.clock.now()
            record.status = ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL
            record.finished_at = record.updated_at = now
            deployment_changed(env, service, primary.id, COMPLETED, primary.rollout_state_reason)
        else:
            set_service_deployment(
                env, service, primary, ServiceDeploymentStatus.SUCCESSFUL, failures=primary.failed_tasks
            )
        service.stable = primary.task_definition
        service.stable_revision = primary.revision
    if steady and not service.steady:
        add_event(env, service, f"{label(service)} has reached a steady state.")
        steady_state(env, service)
    service.steady = steady


def reconcile(env: Env, event: Reconcile) -> None:
    """One pass of the scheduler over a service (see the module's documentation)."""
    arn = event.service
    env.state.pokes.discard(arn)
    service = env.state.services.get(arn)
    if service is None or service.status == "INACTIVE":
        return
    tasks = service_tasks(env, service)
    if service.status == "DRAINING":
        stop_tasks(env, service, [t for t in tasks if t.live], "Service was deleted")
        if not any(t.last_status != STOPPED for t in tasks):
            service.status = "INACTIVE"
        if service.runs_task_sets:
            task_sets.prune(env, service, service_tasks(env, service))
            return
    elif service.runs_task_sets:
        task_sets.reconcile_sets(env, service, tasks)
        return
    else:
        act_on_requests(env, service)
        _count_failures(env, service, tasks)
        if service.daemon:
            _daemon(env, service, tasks)
        else:
            _replica(env, service, service_tasks(env, service))
    tasks = service_tasks(env, service)
    _prune(service, tasks)
    if service.status == "ACTIVE":
        _settle(env, service, tasks)
