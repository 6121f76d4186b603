"""Task sets: what the services of the EXTERNAL and CODE_DEPLOY deployment controllers run, and how the service
scheduler keeps them (ECS developer guide, "Deploy Amazon ECS services using a third-party controller":
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-external.html, and the API reference of
TaskSet: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskSet.html).

* A task set keeps ``computedDesiredCount`` tasks: the service's ``desiredCount`` times its ``scale`` percentage,
  "always rounded up" (1.2 tasks are 2); a DRAINING set keeps none. Its tasks are started by its id
  (``startedBy`` ``ecs-svc/<digits>``), with its task definition, launch type or capacity provider strategy,
  platform version and network configuration, and register in its own target groups (two sets, two target groups:
  blue/green). Extras are stopped (pending ones first, scale-in protected ones not), tasks that failed container or
  load balancer health checks are replaced, and tasks on a DRAINING container instance are stopped once enough
  others serve.
* ``stabilityStatus`` is STEADY_STATE when ``runningCount`` equals ``computedDesiredCount``, ``pendingCount`` is 0,
  no task runs on a DRAINING instance and every task is healthy (load balancer and container health checks), else
  STABILIZING; ``stabilityStatusAt`` is when it last changed. Reaching it writes "(service web, taskSet ecs-svc/1)
  updated state to STEADY_STATE."; all sets steady (none DRAINING) is the service's steady state (its event, and
  SERVICE_STEADY_STATE). A DRAINING set goes once its last task has stopped.
* The PRIMARY set's task definition, launch type, capacity provider strategy, platform version, network
  configuration, load balancers and service registries are the service's ("If no primary task set is defined for a
  service, when describing the service, the task set fields are null").
"""

from __future__ import annotations

import math

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.find import is_protected, service_tasks, task_set_arn
from ecskit.backends.fake.core.services import ServiceRecord, TaskSetRecord
from ecskit.backends.fake.core.tasks import PENDING_STATES, RUNNING, STOPPED, TaskRecord
from ecskit.backends.fake.engine.deployments import add_event
from ecskit.backends.fake.engine.ecs_events import steady_state
from ecskit.backends.fake.engine.service_tasks import (
    draining,
    label,
    of_task_set,
    serving,
    start,
    stop,
    stop_unhealthy,
)
from ecskit.models.ecs import (
    CapacityProviderStrategyItem,
    LaunchType,
    LoadBalancer,
    NetworkConfiguration,
    Scale,
    ScaleUnit,
    ServiceRegistry,
    StabilityStatus,
)

__all__ = [
    "NO_SCALE",
    "computed_desired_count",
    "counts",
    "drain",
    "make_primary",
    "new_task_set",
    "number",
    "prune",
    "reconcile_sets",
    "set_id",
    "unsettle",
]

#: The scale of a task set made without one (the AWS CLI's create-task-set example shows ``0.0`` ``PERCENT``).
NO_SCALE = Scale(value=0.0, unit=ScaleUnit.PERCENT)


def set_id(env: Env) -> str:
    """A new task set id: ``ecs-svc/`` and 19 digits, as AWS's (the ids of deployments have the same form)."""
    digits = str(int(env.ids.hex32()[:16], 16) % 10**19).rjust(19, "0")
    return f"ecs-svc/{digits}"


def new_task_set(
    env: Env,
    service: ServiceRecord,
    *,
    task_definition: str,
    scale: Scale,
    launch_type: LaunchType | None,
    capacity_provider_strategy: tuple[CapacityProviderStrategyItem, ...] | None,
    platform_version: str | None,
    network_configuration: NetworkConfiguration | None,
    load_balancers: tuple[LoadBalancer, ...],
    service_registries: tuple[ServiceRegistry, ...],
    external_id: str | None = None,
    started_by: str | None = None,
    draw_id: bool = True,
) -> TaskSetRecord:
    """A new ACTIVE task set of ``service`` (not added to it: the caller checks it first; without ``draw_id`` its
    id is left empty, for :func:`number` once it is accepted, so that a refused call draws no id)."""
    ident = set_id(env) if draw_id else ""
    now = env.clock.now()
    return TaskSetRecord(
        id=ident,
        arn=task_set_arn(env, service, ident),
        task_definition=task_definition,
        created_at=now,
        updated_at=now,
        scale=scale,
        external_id=external_id,
        started_by=started_by,
        launch_type=launch_type,
        capacity_provider_strategy=capacity_provider_strategy,
        platform_version=platform_version,
        network_configuration=network_configuration,
        load_balancers=load_balancers,
        service_registries=service_registries,
        stability_status_at=now,
    )


def number(env: Env, service: ServiceRecord, task_set: TaskSetRecord) -> None:
    """Give an accepted task set its id and ARN."""
    task_set.id = set_id(env)
    task_set.arn = task_set_arn(env, service, task_set.id)


def computed_desired_count(service: ServiceRecord, task_set: TaskSetRecord) -> int:
    """The tasks a set keeps: ``desiredCount`` times its scale percentage, rounded up (0 for a DRAINING set)."""
    if task_set.status == "DRAINING" or service.status != "ACTIVE":
        return 0
    # Rounded to 9 places first: 3 * 33.33 / 100 is 0.9999, one task; 10 * 10.1 / 100 must not become 2.
    return math.ceil(round(service.desired_count * (task_set.scale.value or 0.0) / 100, 9))


def counts(task_set: TaskSetRecord, tasks: list[TaskRecord]) -> tuple[int, int]:
    """(runningCount, pendingCount) of a set, from its tasks."""
    mine = [t for t in tasks if t.started_by == task_set.id]
    return sum(t.last_status == RUNNING for t in mine), sum(t.last_status in PENDING_STATES for t in mine)


def make_primary(env: Env, service: ServiceRecord, task_set: TaskSetRecord) -> None:
    """Make ``task_set`` the PRIMARY one (the one before turns ACTIVE); its settings become the service's."""
    now = env.clock.now()
    for other in service.task_sets:
        if other.status == "PRIMARY" and other is not task_set:
            other.status = "ACTIVE"
            other.updated_at = now
    task_set.status = "PRIMARY"
    task_set.updated_at = now
    _show_on_service(service, task_set)


def _show_on_service(service: ServiceRecord, task_set: TaskSetRecord | None) -> None:
    """The PRIMARY set's settings on the service (none: they are null)."""
    service.task_definition = task_set.task_definition if task_set is not None else None
    service.launch_type = task_set.launch_type if task_set is not None else None
    service.capacity_provider_strategy = task_set.capacity_provider_strategy if task_set is not None else None
    service.platform_version = task_set.platform_version if task_set is not None else None
    service.network_configuration = task_set.network_configuration if task_set is not None else None
    service.load_balancers = task_set.load_balancers if task_set is not None else ()
    service.service_registries = task_set.service_registries if task_set is not None else ()
    service.runtime = None


def unsettle(env: Env, task_set: TaskSetRecord) -> None:
    """A change of what a set keeps makes it STABILIZING at once, until the scheduler looks again (the AWS CLI's
    update-task-set and delete-task-set examples answer STABILIZING, stabilityStatusAt the time of the change)."""
    now = env.clock.now()
    task_set.updated_at = now
    if task_set.stability_status != StabilityStatus.STABILIZING:
        task_set.stability_status = StabilityStatus.STABILIZING
        task_set.stability_status_at = now


def drain(env: Env, service: ServiceRecord, task_set: TaskSetRecord) -> None:
    """DeleteTaskSet: the set turns DRAINING (a PRIMARY one leaves the service without one)."""
    was_primary = task_set.status == "PRIMARY"
    task_set.status = "DRAINING"
    unsettle(env, task_set)
    if was_primary and service.deployment_controller.type == "EXTERNAL":
        _show_on_service(service, None)


def prune(env: Env, service: ServiceRecord, tasks: list[TaskRecord]) -> None:
    """DRAINING sets whose last task has stopped leave the service (their tags with them)."""
    kept: list[TaskSetRecord] = []
    for task_set in service.task_sets:
        gone = (task_set.status == "DRAINING" or service.status != "ACTIVE") and not any(
            t.started_by == task_set.id and t.last_status != STOPPED for t in tasks
        )
        if gone:
            env.state.tags.pop(task_set.arn, None)
        else:
            kept.append(task_set)
    service.task_sets = kept


def _scale_set(env: Env, service: ServiceRecord, task_set: TaskSetRecord, live: list[TaskRecord]) -> None:
    mine = [t for t in live if t.started_by == task_set.id]
    scaling = f"Scaling activity initiated by (deployment {task_set.id})"
    want = computed_desired_count(service, task_set)
    placed = [t for t in mine if not draining(env, t)]
    if len(placed) > want:
        extra = sorted(placed, key=lambda t: (t.last_status == RUNNING, t.created_at))
        extra = [t for t in extra if not is_protected(env, t.arn)]
        stop(env, service, extra[: len(placed) - want], scaling, task_set)
    elif len(placed) < want:
        start(env, service, want - len(placed), of_task_set(task_set))
    moving = [t for t in mine if draining(env, t)]
    if moving and (want == 0 or sum(serving(env, service, t) for t in placed) >= want):
        stop(env, service, moving, scaling, task_set)


def _stability(env: Env, service: ServiceRecord, task_set: TaskSetRecord, tasks: list[TaskRecord]) -> bool:
    mine = [t for t in tasks if t.started_by == task_set.id and t.last_status != STOPPED]
    running, pending = counts(task_set, mine)
    return (
        running == computed_desired_count(service, task_set)
        and pending == 0
        and not any(draining(env, t) for t in mine)
        and all(serving(env, service, t) for t in mine)
    )


def reconcile_sets(env: Env, service: ServiceRecord, tasks: list[TaskRecord]) -> None:
    """One pass of the scheduler over an ACTIVE service of task sets (see the module's documentation)."""
    stop_unhealthy(env, service, tasks)
    live = [t for t in tasks if t.live]
    for task_set in service.task_sets:
        _scale_set(env, service, task_set, live)
    tasks = service_tasks(env, service)
    prune(env, service, tasks)
    now = env.clock.now()
    steady = True
    for task_set in service.task_sets:
        stable = _stability(env, service, task_set, tasks) and task_set.status != "DRAINING"
        status = StabilityStatus.STEADY_STATE if stable else StabilityStatus.STABILIZING
        if status != task_set.stability_status:
            task_set.stability_status = status
            task_set.stability_status_at = now
            if stable:
                add_event(env, service, f"{label(service, task_set)} updated state to STEADY_STATE.")
        steady = steady and stable
    if steady and not service.steady:
        add_event(env, service, f"{label(service)} has reached a steady state.")
        steady_state(env, service)
    service.steady = steady
