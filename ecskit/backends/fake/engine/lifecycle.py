"""The task lifecycle over virtual time: each step of a task is an event
(:class:`~ecskit.backends.fake.core.events.TaskStep`) due at a time of the clock; advancing the clock runs the
steps due, in order (nothing loops over seconds)::

    PROVISIONING ─► PENDING ─► ACTIVATING ─► RUNNING ─► DEACTIVATING ─► STOPPING ─► DEPROVISIONING ─► STOPPED

* PROVISIONING only for awsvpc tasks (their ENI is attached: :data:`PROVISIONING_SECONDS` on EC2,
  :data:`FARGATE_PROVISIONING_SECONDS` on Fargate); other tasks start PENDING.
* PENDING: the images are pulled (:data:`PULL_SECONDS`), then the containers start in ``dependsOn`` order: those
  without dependencies at once, each other one :data:`CONTAINER_START_SECONDS` after its conditions hold (START: the
  dependency started; COMPLETE / SUCCESS: it exited (with 0); HEALTHY: its health check passed). A container others
  wait on with COMPLETE or SUCCESS exits 0 after :data:`INIT_CONTAINER_SECONDS` unless a fault says otherwise.
  Images of the fake's ECR are pulled from it (:mod:`~ecskit.backends.fake.engine.ecr_pull`): one that is not there,
  or that the task may not pull, stops the task with ``CannotPullContainerError``.
* ACTIVATING once every container has started (or completed), for :data:`ACTIVATING_SECONDS`; then RUNNING
  (``startedAt``). A bridge task is RUNNING 10 s after RunTask, an awsvpc one on EC2 15 s, a Fargate one 20 s.
* Health checks: a container with a ``healthCheck`` turns HEALTHY ``interval`` seconds (default 30) after it starts;
  the task is HEALTHY when all its essential containers with health checks are.
* Stopping (StopTask, an essential container's exit, a failed pull): ``desiredStatus`` STOPPED at once, then
  DEACTIVATING after :data:`STOP_SIGNAL_SECONDS` (STOPPING directly when nothing runs yet),
  STOPPING after :data:`DEACTIVATING_SECONDS`, the containers exit (143, SIGTERM) after :data:`STOPPING_SECONDS`
  (``executionStoppedAt``), DEPROVISIONING for :data:`DEPROVISIONING_SECONDS` for awsvpc tasks, then STOPPED
  (``stoppedAt``): only then are the task's CPU, memory, ports and ENI address free again.
* STOPPED tasks are forgotten :data:`STOPPED_TASK_RETENTION_SECONDS` after they stop (AWS shows them for an hour).
* A task whose task definition or launch breaks a ``runtime`` rule of ecskit's validation stops at the step AWS
  stops it at, with AWS's stop code and reason (its :class:`~ecskit.backends.fake.core.tasks.Doom`, decided at
  launch).

Describing a task never moves it (moto's DescribeTasks does).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.events import ForgetTask, Step, TaskStep
from ecskit.backends.fake.core.find import definition_of
from ecskit.backends.fake.core.image_refs import stand_in_digest
from ecskit.backends.fake.core.tasks import RUNNING, STOPPED, ContainerState, DoomStep, TaskRecord
from ecskit.backends.fake.engine import ecr_pull, roles, targets
from ecskit.backends.fake.engine.ecs_events import instance_changed, task_changed
from ecskit.backends.fake.engine.placement import cluster_index
from ecskit.backends.fake.engine.tasks import poke_task_service, set_status
from ecskit.models.ecs import (
    Connectivity,
    ContainerCondition,
    ContainerDefinition,
    HealthStatus,
    NetworkBinding,
    TaskStopCode,
    TransportProtocol,
)
from ecskit.placement import release

__all__ = [
    "ACTIVATING_SECONDS",
    "CONTAINER_START_SECONDS",
    "DEACTIVATING_SECONDS",
    "DEPROVISIONING_SECONDS",
    "ESSENTIAL_EXITED",
    "FARGATE_PROVISIONING_SECONDS",
    "INIT_CONTAINER_SECONDS",
    "PROVISIONING_SECONDS",
    "PULL_SECONDS",
    "STOPPED_TASK_RETENTION_SECONDS",
    "STOPPING_SECONDS",
    "STOP_SIGNAL_SECONDS",
    "abandon",
    "agent_reported",
    "begin",
    "exec_agent_status",
    "exit_reported",
    "forget",
    "request_stop",
    "run_step",
    "start_pull",
]

#: PROVISIONING of an awsvpc task on EC2: its ENI is attached.
PROVISIONING_SECONDS = 5.0
#: PROVISIONING of a Fargate task: capacity found, ENI attached.
FARGATE_PROVISIONING_SECONDS = 10.0
#: PENDING: the images are pulled (``pullStartedAt`` to ``pullStoppedAt``), or found missing.
PULL_SECONDS = 8.0
#: From a container's dependencies holding to its start.
CONTAINER_START_SECONDS = 1.0
#: How long a container others wait on with COMPLETE or SUCCESS runs before it exits 0 (unless a fault says).
INIT_CONTAINER_SECONDS = 5.0
#: ACTIVATING: every container started; then RUNNING.
ACTIVATING_SECONDS = 2.0
#: From the stop request (``stoppingAt``) to DEACTIVATING (or STOPPING when nothing ran yet).
STOP_SIGNAL_SECONDS = 1.0
#: DEACTIVATING, then STOPPING.
DEACTIVATING_SECONDS = 1.0
#: STOPPING: the containers get SIGTERM and exit (``executionStoppedAt``).
STOPPING_SECONDS = 2.0
#: DEPROVISIONING of an awsvpc task: its ENI is detached; then STOPPED.
DEPROVISIONING_SECONDS = 3.0
#: How long a STOPPED task stays describable.
STOPPED_TASK_RETENTION_SECONDS = 3600.0
#: Docker's defaults for a health check's interval and retries.
HEALTH_INTERVAL_SECONDS = 30
HEALTH_RETRIES = 3
#: The exit code of a container stopped by SIGTERM.
SIGTERM_EXIT_CODE = 143
#: The stoppedReason of a task whose essential container exited.
ESSENTIAL_EXITED = "Essential container in task exited"
#: How long a doomed container runs before its essential exit (a container that exits at once, as AWS shows it).
_DOOMED_EXIT_SECONDS = 1.0
PENDING = "PENDING"
#: The stop reason of a task whose containers can never start (their dependencies can never hold).
FAILED_TO_START = "Task failed to start"


def _definitions(env: Env, task: TaskRecord) -> dict[str, ContainerDefinition]:
    return {c.name or "": c for c in definition_of(env, task.definition_arn).body.container_definitions or ()}


def _changed(env: Env, task: TaskRecord) -> None:
    """A member of ``task`` other than its lastStatus changed: its version goes up, its event is sent, its service
    looks again."""
    task.version += 1
    task_changed(env, task)
    poke_task_service(env, task)


def _hex(*parts: str) -> str:
    return hashlib.sha256(":".join(parts).encode()).hexdigest()


def _later(
    env: Env, task: TaskRecord, seconds: float, step: Step, container: str = "", *, code: int | None = None
) -> None:
    env.later(seconds, TaskStep(task=task.arn, epoch=task.epoch, step=step, container=container, exit_code=code))


def begin(env: Env, task: TaskRecord, provisioning: float | None) -> None:
    """Start a new task's lifecycle: PROVISIONING for ``provisioning`` seconds (awsvpc), else the image pull (the
    new task is already PENDING, pulling: see :func:`start_pull`)."""
    if provisioning is not None:
        _later(env, task, provisioning, Step.PROVISIONED)
    else:
        _schedule_pull(env, task)


def _provisioned(env: Env, task: TaskRecord, _: TaskStep) -> None:
    if task.eni is not None:
        task.eni.status = "ATTACHED"
    start_pull(env, task)
    set_status(env, task, PENDING)
    _schedule_pull(env, task)


def start_pull(env: Env, task: TaskRecord) -> None:
    """The members of a task that starts pulling its images (its status is set by the caller: PENDING)."""
    now = env.clock.now()
    task.pull_started_at = now
    task.connectivity = Connectivity.CONNECTED
    task.connectivity_at = now


def _schedule_pull(env: Env, task: TaskRecord) -> None:
    doom = task.doom
    if doom is not None and doom.step is DoomStep.INIT:  # the task's resources cannot be prepared: never pulls
        task.pull_error = doom.reason
        _later(env, task, PULL_SECONDS, Step.PULL_FAILED, task.containers[0].name if task.containers else "")
        return
    refused = env.state.roles and roles.start_failure(env, definition_of(env, task.definition_arn).body, task.id)
    if refused:  # the execution role cannot fetch what the task needs: it never starts
        task.pull_error = refused
        _later(env, task, PULL_SECONDS, Step.PULL_FAILED, task.containers[0].name if task.containers else "")
        return
    for container in task.containers:
        error = env.faults.pull_failure(container.image)
        if error is None and doom is not None and doom.step is DoomStep.PULL and doom.container == container.name:
            error = doom.reason
        if error is None:  # an image of the fake's ECR: is it there, and may the task pull it?
            pulled = ecr_pull.pull(env, task, container.image)
            if pulled is not None:
                error, container.pulled_digest = pulled.error, pulled.digest
        if error is not None:
            task.pull_error = error
            _later(env, task, PULL_SECONDS, Step.PULL_FAILED, container.name)
            return
    _later(env, task, PULL_SECONDS, Step.PULLED)


def _pull_failed(env: Env, task: TaskRecord, step: TaskStep) -> None:
    error = task.pull_error or "CannotPullContainerError"
    for container in task.containers:
        if container.name == step.container:
            container.reason = error
        container.last_status = STOPPED
    _changed(env, task)
    code = task.doom.stop_code if task.doom is not None else TaskStopCode.TASK_FAILED_TO_START
    request_stop(env, task, code, error)


def _pulled(env: Env, task: TaskRecord, _: TaskStep) -> None:
    task.pull_stopped_at = env.clock.now()
    _changed(env, task)
    definitions = _definitions(env, task)
    for name, definition in definitions.items():
        if not definition.depends_on:
            _start_container(env, task, name, definitions)
            if task.desired_status == STOPPED:
                return
    _progress(env, task, definitions)


def _start(env: Env, task: TaskRecord, step: TaskStep) -> None:
    if step.container in task.starting:
        task.starting.remove(step.container)
    definitions = _definitions(env, task)
    _start_container(env, task, step.container, definitions)
    if task.desired_status != STOPPED:
        _progress(env, task, definitions)


def _waited_to_complete(name: str, definitions: dict[str, ContainerDefinition]) -> bool:
    return any(
        d.container_name == name and d.condition in (ContainerCondition.COMPLETE, ContainerCondition.SUCCESS)
        for c in definitions.values()
        for d in c.depends_on or ()
    )


def _start_container(env: Env, task: TaskRecord, name: str, definitions: dict[str, ContainerDefinition]) -> None:
    container = task.container(name)
    definition = definitions[name]
    doom = task.doom
    if doom is not None and doom.step is DoomStep.START and doom.container in (name, None):
        container.last_status = STOPPED
        container.reason = doom.reason
        _changed(env, task)
        request_stop(env, task, doom.stop_code, doom.reason)
        return
    image = definition.image or ""
    container.last_status = RUNNING
    container.runtime_id = _hex(task.arn, name)[:64]
    container.image_digest = container.pulled_digest or stand_in_digest(image)
    container.bindings = _bindings(env, task, name)
    _changed(env, task)
    exit_ = env.faults.exit_of(image)
    if exit_ is not None:
        _later(env, task, exit_.after_seconds, Step.EXITED, name, code=exit_.exit_code)
    elif doom is not None and doom.step is DoomStep.EXIT and doom.container in (name, None):
        _later(env, task, _DOOMED_EXIT_SECONDS, Step.EXITED, name, code=1)
    elif _waited_to_complete(name, definitions):
        _later(env, task, INIT_CONTAINER_SECONDS, Step.EXITED, name, code=0)
    check = definition.health_check
    if check is not None:
        interval = check.interval or HEALTH_INTERVAL_SECONDS
        failing = doom is not None and doom.step is DoomStep.HEALTH and doom.container in (name, None)
        if env.faults.is_unhealthy(image) or failing:
            delay = (check.start_period or 0) + interval * (check.retries or HEALTH_RETRIES)
            _later(env, task, delay, Step.UNHEALTHY, name)
        else:
            _later(env, task, interval, Step.HEALTHY, name)


def _bindings(env: Env, task: TaskRecord, name: str) -> tuple[NetworkBinding, ...] | None:
    """The container's host port bindings (bridge and host modes), dynamic ports in the order placement gave."""
    body = definition_of(env, task.definition_arn).body
    mode = str(body.network_mode or "bridge")
    if mode not in ("bridge", "host") or task.placement is None:
        return None
    dynamic = {
        TransportProtocol.TCP: list(task.placement.dynamic_tcp_ports),
        TransportProtocol.UDP: list(task.placement.dynamic_udp_ports),
    }
    for container in body.container_definitions or ():
        found: list[NetworkBinding] = []
        for mapping in container.port_mappings or ():
            protocol = mapping.protocol or TransportProtocol.TCP
            if mapping.container_port_range is not None:
                low, _, high = mapping.container_port_range.partition("-")
                ports = list(range(int(low), int(high or low) + 1))
            else:
                ports = [mapping.container_port or 0]
            for port in ports:
                if mode == "host":
                    host = (mapping.host_port or port) if mapping.container_port_range is None else port
                elif mapping.host_port and mapping.container_port_range is None:
                    host = mapping.host_port
                else:
                    host = dynamic[protocol].pop(0)
                found.append(NetworkBinding(bind_ip="0.0.0.0", container_port=port, host_port=host, protocol=protocol))
        if container.name == name:
            return tuple(found)
    return ()  # pragma: no cover - every container of a task is in its task definition


def _satisfied(dep: ContainerState | None, condition: ContainerCondition) -> bool | None:
    """Whether a dependency condition holds (None: it never will, as for a container the task does not have)."""
    if dep is None:
        return None
    exited = dep.last_status == STOPPED and dep.exit_code is not None
    never = dep.last_status == STOPPED and dep.exit_code is None
    if condition is ContainerCondition.START:
        return None if never else dep.last_status == RUNNING or exited
    if condition is ContainerCondition.COMPLETE:
        return None if never else exited
    if condition is ContainerCondition.SUCCESS:
        return None if never or (exited and dep.exit_code != 0) else exited
    return (
        None
        if dep.last_status == STOPPED or dep.health == HealthStatus.UNHEALTHY
        else dep.health == HealthStatus.HEALTHY
    )


def _progress(env: Env, task: TaskRecord, definitions: dict[str, ContainerDefinition]) -> None:
    """Queue the containers whose dependencies now hold; give up on those whose never will; settle the task."""
    if task.desired_status == STOPPED or task.pull_stopped_at is None:
        return
    by_name = {c.name: c for c in task.containers}
    changed = True
    while changed:  # a container that can never start blocks the containers waiting on it
        changed = False
        for container in task.containers:
            name = container.name
            if container.last_status != PENDING or name in task.starting:
                continue
            states = [
                _satisfied(by_name.get(d.container_name), d.condition) for d in definitions[name].depends_on or ()
            ]
            if None in states:
                _never_starts(env, task, [container])
                if definitions[name].essential is not False:
                    request_stop(env, task, TaskStopCode.TASK_FAILED_TO_START, FAILED_TO_START)
                    return
                changed = True
            elif all(states):
                task.starting.append(name)
                _later(env, task, CONTAINER_START_SECONDS, Step.START, name)
    if task.last_status == PENDING and all(c.last_status != PENDING for c in task.containers):
        set_status(env, task, "ACTIVATING")
        _later(env, task, ACTIVATING_SECONDS, Step.ACTIVATED)
    elif not task.starting and not any(c.last_status == RUNNING for c in task.containers):
        # Containers wait on each other (or on themselves) and none runs or is starting: nothing can ever change.
        _never_starts(env, task, [c for c in task.containers if c.last_status == PENDING])
        request_stop(env, task, TaskStopCode.TASK_FAILED_TO_START, FAILED_TO_START)


def _never_starts(env: Env, task: TaskRecord, containers: list[ContainerState]) -> None:
    """Containers whose dependencies can never hold: they stop without running, saying why the task failed (the
    stop reason of the ``dep-*`` rules; ECS's own text for the container is not public)."""
    for container in containers:
        container.last_status = STOPPED
        container.reason = FAILED_TO_START
    _changed(env, task)


def _activated(env: Env, task: TaskRecord, _: TaskStep) -> None:
    task.started_at = env.clock.now()
    set_status(env, task, RUNNING)
    service = targets.service_of(env, task)
    balancers = targets.balancers_of(service, task) if service is not None else ()
    if service is not None and balancers:
        targets.register_task(env, task, service, answers=_answers(env, task, balancers))


def _answers(env: Env, task: TaskRecord, entries: tuple[object, ...]) -> bool:
    """Whether the application answers the load balancer's health check: a container with a health check
    answers as its check says (followed live); one without fails only under an ``unhealthy`` fault."""
    definitions = _definitions(env, task)
    for entry in entries:
        definition = definitions.get(getattr(entry, "container_name", None) or "")
        if definition is None or definition.health_check is not None:
            continue
        if env.faults.is_unhealthy(definition.image or ""):
            return False
    return True


def _exited(env: Env, task: TaskRecord, step: TaskStep) -> None:
    container = task.container(step.container)
    if container.last_status != RUNNING:
        return
    container.last_status = STOPPED
    container.exit_code = step.exit_code
    _changed(env, task)
    definitions = _definitions(env, task)
    if definitions[step.container].essential is not False:
        doom = task.doom
        if doom is not None and doom.step is DoomStep.EXIT and step.exit_code != 0:
            request_stop(env, task, doom.stop_code, doom.reason)
        else:
            request_stop(env, task, TaskStopCode.ESSENTIAL_CONTAINER_EXITED, ESSENTIAL_EXITED)
    else:
        _progress(env, task, definitions)


def exit_reported(env: Env, task: TaskRecord, name: str, exit_code: int | None, reason: str | None) -> bool:
    """A container's agent reports that the RUNNING container ``name`` exited: as if it had exited by itself (with
    ``exit_code`` and ``reason``), an essential one stopping the task. False (nothing changes) for a container that
    is not RUNNING, or a task told to stop."""
    container = task.container(name)
    if container.last_status != RUNNING or task.desired_status == STOPPED:
        return False
    container.reason = reason
    _exited(env, task, TaskStep(task=task.arn, epoch=task.epoch, step=Step.EXITED, container=name, exit_code=exit_code))
    return True


def agent_reported(env: Env, task: TaskRecord, name: str, status: str, reason: str | None) -> None:
    """A container's agent reports the status of its ECS Exec agent (DescribeTasks shows it; ExecuteCommand needs it
    RUNNING)."""
    container = task.container(name)
    container.exec_agent, container.exec_agent_reason = status, reason
    _changed(env, task)


def exec_agent_status(task: TaskRecord, container: ContainerState) -> str | None:
    """The status of the ECS Exec agent of a container (None: the task has ECS Exec off): as the container is,
    unless the agent reported otherwise."""
    if not task.enable_execute_command:
        return None
    return container.exec_agent or container.last_status


def _health(env: Env, task: TaskRecord, step: TaskStep, status: HealthStatus) -> None:
    container = task.container(step.container)
    if container.last_status != RUNNING:
        return
    container.health = status
    definitions = _definitions(env, task)
    checked = [
        c.health
        for c in task.containers
        if definitions[c.name].essential is not False and definitions[c.name].health_check is not None
    ]
    overall = HealthStatus.UNKNOWN
    if HealthStatus.UNHEALTHY in checked:
        overall = HealthStatus.UNHEALTHY
    elif checked and all(h == HealthStatus.HEALTHY for h in checked):
        overall = HealthStatus.HEALTHY
    task.health = overall
    _changed(env, task)
    _progress(env, task, definitions)


def request_stop(env: Env, task: TaskRecord, code: TaskStopCode, reason: str) -> None:
    """Tell a task to stop (the first reason given wins)."""
    if STOPPED in (task.desired_status, task.last_status):
        return
    task.epoch += 1
    task.starting.clear()
    task.desired_status = STOPPED
    task.stop_code = code
    task.stopped_reason = reason
    task.stopping_at = env.clock.now()
    _changed(env, task)
    step = Step.DEACTIVATE if task.last_status in (RUNNING, "ACTIVATING") else Step.STOPPING
    _later(env, task, STOP_SIGNAL_SECONDS, step)


def _deactivate(env: Env, task: TaskRecord, _: TaskStep) -> None:
    set_status(env, task, "DEACTIVATING")
    # A load-balanced task stays DEACTIVATING while its targets drain (the target group's deregistration delay).
    draining = targets.deregister_task(env, task)
    _later(env, task, max(DEACTIVATING_SECONDS, draining), Step.STOPPING)


def _stopping(env: Env, task: TaskRecord, _: TaskStep) -> None:
    set_status(env, task, "STOPPING")
    if any(c.last_status == RUNNING for c in task.containers):
        _later(env, task, STOPPING_SECONDS, Step.CONTAINERS_STOPPED)
    else:
        _containers_stopped(env, task, None)


def _containers_stopped(env: Env, task: TaskRecord, _: TaskStep | None) -> None:
    for container in task.containers:
        if container.last_status == RUNNING:
            container.exit_code = SIGTERM_EXIT_CODE
        container.last_status = STOPPED
    task.execution_stopped_at = env.clock.now()
    if task.eni is not None:
        task.eni.status = "DETACHING"
        set_status(env, task, "DEPROVISIONING")
        _later(env, task, DEPROVISIONING_SECONDS, Step.STOPPED)
    else:
        _stopped(env, task, None)


def _stopped(env: Env, task: TaskRecord, _: TaskStep | None) -> None:
    """STOPPED: everything the task held is free again."""
    now = env.clock.now()
    if task.placement is not None:
        index = cluster_index(env, task.cluster)
        if task.placement.instance_id in index:
            release(index, task.placement)
        instance = env.state.instances.get(task.placement.instance_id)
        if instance is not None:
            instance.version += 1  # its remaining resources changed
            instance_changed(env, instance, -1, task.placement)
    if task.eni is not None:
        subnet = env.state.subnets.get(task.eni.subnet_id)
        if subnet is not None:
            subnet.release(task.eni.address)
        task.eni.status = "DELETED"
    targets.deregister_task(env, task)  # a task stopped at once (abandoned) still leaves its target groups
    task.stopped_at = now
    task.execution_stopped_at = task.execution_stopped_at or now
    set_status(env, task, STOPPED)
    task.placement = None
    env.later(STOPPED_TASK_RETENTION_SECONDS, ForgetTask(task=task.arn))


def abandon(env: Env, task: TaskRecord, reason: str) -> None:
    """Stop a task at once (its container instance is deregistered with ``force``)."""
    task.epoch += 1
    now = env.clock.now()
    for container in task.containers:
        container.last_status = STOPPED
    task.desired_status = STOPPED
    task.stopped_reason = task.stopped_reason or reason
    task.stopping_at = task.stopping_at or now
    _stopped(env, task, None)


def forget(env: Env, arn: str) -> None:
    """A STOPPED task is forgotten (its tags with it)."""
    task = env.state.tasks.get(arn)
    if task is not None and task.last_status == STOPPED:
        env.state.drop_task(arn)


_STEPS: dict[Step, Callable[[Env, TaskRecord, TaskStep], None]] = {
    Step.PROVISIONED: _provisioned,
    Step.PULLED: _pulled,
    Step.PULL_FAILED: _pull_failed,
    Step.START: _start,
    Step.EXITED: _exited,
    Step.HEALTHY: lambda env, task, step: _health(env, task, step, HealthStatus.HEALTHY),
    Step.UNHEALTHY: lambda env, task, step: _health(env, task, step, HealthStatus.UNHEALTHY),
    Step.ACTIVATED: _activated,
    Step.DEACTIVATE: _deactivate,
    Step.STOPPING: _stopping,
    Step.CONTAINERS_STOPPED: _containers_stopped,
    Step.STOPPED: _stopped,
}


def run_step(env: Env, step: TaskStep) -> None:
    """Run one due step (steps of an older epoch of their task, or of a task gone, are dropped)."""
    task = env.state.tasks.get(step.task)
    if task is None or task.epoch != step.epoch or task.last_status == STOPPED:
        return
    _STEPS[step.step](env, task, step)
