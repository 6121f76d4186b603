"""The task lifecycle over virtual time, driven by :meth:`~ecskit.backends.fake.FakeBackend.advance`.

A task moves through AWS's states, each transition an event on a heap keyed by due time (advancing the clock runs
the events due, in order; nothing loops over seconds)::

    PROVISIONING ─► PENDING ─► ACTIVATING ─► RUNNING ─► DEACTIVATING ─► STOPPING ─► DEPROVISIONING ─► STOPPED

* PROVISIONING only for awsvpc tasks (their ENI is attached: :data:`PROVISIONING_SECONDS` on EC2,
  :data:`FARGATE_PROVISIONING_SECONDS` on Fargate); other tasks start PENDING.
* PENDING: the images are pulled (:data:`PULL_SECONDS`), then the containers start in ``dependsOn`` order: those
  without dependencies at once, each other one :data:`CONTAINER_START_SECONDS` after its conditions hold (START: the
  dependency started; COMPLETE / SUCCESS: it exited (with 0); HEALTHY: its health check passed). A container others
  wait on with COMPLETE or SUCCESS exits 0 after :data:`INIT_CONTAINER_SECONDS` unless a fault says otherwise.
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

Describing a task never moves it (moto's DescribeTasks does).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import Any

from ecskit.backends.fake import roles, targets
from ecskit.backends.fake.bookkeeping import task_status_changed
from ecskit.backends.fake.env import Env
from ecskit.backends.fake.network import eni_details
from ecskit.backends.fake.runtime import Event, TaskRun, cluster_index, poke_service, schedule, service_of_task
from ecskit.models import replace
from ecskit.models.ecs import (
    Attachment,
    Connectivity,
    Container,
    ContainerCondition,
    ContainerDefinition,
    HealthStatus,
    NetworkBinding,
    NetworkInterface,
    Service,
    Task,
    TaskDefinition,
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
    "begin",
    "fire",
    "pull_started",
    "request_stop",
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

RUNNING, STOPPED, PENDING = "RUNNING", "STOPPED", "PENDING"


def _definition(env: Env, task: Task) -> TaskDefinition:
    family, _, revision = (task.task_definition_arn or "").rsplit("/", 1)[-1].partition(":")
    return env.state.task_definitions[family][int(revision) - 1]


def _definitions(env: Env, task: Task) -> dict[str, ContainerDefinition]:
    return {c.name or "": c for c in _definition(env, task).container_definitions or ()}


def _put(env: Env, run: TaskRun, old: Task, new: Task | None = None, *, released: bool = False, **changes: Any) -> Task:
    """Store a changed task (its version goes up) and count a change of its lastStatus.

    ``changes`` are applied in the same rebuild as the version (a Task has 37 members: one rebuild, not two).
    """
    new = replace(new if new is not None else old, version=(old.version or 0) + 1, **changes)
    env.state.tasks[new.task_arn or ""] = new
    if old.last_status != new.last_status or released:
        instance = run.placement.instance_id if run.placement is not None else None
        task_status_changed(env, run.cluster, instance, old.last_status, new.last_status, refresh=released)
    if (old.last_status, old.desired_status, old.health_status) != (
        new.last_status,
        new.desired_status,
        new.health_status,
    ):
        service = service_of_task(new.cluster_arn, new.group)
        if service is not None:
            poke_service(env.state, service, env.now)
    return new


def _container(task: Task, name: str) -> Container:
    return next(c for c in task.containers or () if c.name == name)


def _with(task: Task, name: str, **changes: Any) -> Task:
    containers = tuple(replace(c, **changes) if c.name == name else c for c in task.containers or ())
    return replace(task, containers=containers)


def _hex(*parts: str) -> str:
    return hashlib.sha256(":".join(parts).encode()).hexdigest()


def _attachment(task: Task, status: str) -> tuple[Attachment, ...] | None:
    return tuple(replace(a, status=status) for a in task.attachments or ()) or task.attachments


def _later(env: Env, run: TaskRun, seconds: float, kind: str, container: str = "") -> None:
    schedule(env.state, env.now + seconds, run.arn, run.epoch, kind, container=container)


def begin(env: Env, run: TaskRun, provisioning: float | None) -> None:
    """Start a new task's lifecycle: PROVISIONING for ``provisioning`` seconds (awsvpc), else the image pull,
    which the new task's model already shows (:func:`~ecskit.backends.fake.lifecycle.pull_started`)."""
    if provisioning is not None:
        _later(env, run, provisioning, "provisioned")
    else:
        _schedule_pull(env, run, env.state.tasks[run.arn])


def _provisioned(env: Env, run: TaskRun, _: str) -> None:
    task = env.state.tasks[run.arn]
    details = eni_details(run.subnet_id or "", run.eni_id, run.address, env.region)
    attachments = tuple(replace(a, status="ATTACHED", details=details) for a in task.attachments or ())
    interfaces = tuple(NetworkInterface(attachment_id=a.id, private_ipv4_address=run.address) for a in attachments[:1])
    containers = tuple(replace(c, network_interfaces=interfaces) for c in task.containers or ())
    _put(env, run, task, attachments=attachments, containers=containers)
    _start_pull(env, run)


def pull_started(now: datetime.datetime) -> dict[str, Any]:
    """The members of a task that has just started pulling its images (PENDING, agent connected)."""
    return {
        "last_status": PENDING,
        "pull_started_at": now,
        "connectivity": Connectivity.CONNECTED,
        "connectivity_at": now,
    }


def _start_pull(env: Env, run: TaskRun) -> None:
    task = _put(env, run, env.state.tasks[run.arn], **pull_started(env.clock.now()))
    _schedule_pull(env, run, task)


def _schedule_pull(env: Env, run: TaskRun, task: Task) -> None:
    refused = env.state.roles and roles.start_failure(env, _definition(env, task), run.arn.rsplit("/", 1)[-1])
    if refused:  # the execution role cannot fetch what the task needs: it never starts
        run.pull_error = refused
        first = (task.containers or ())[0].name or "" if task.containers else ""
        _later(env, run, PULL_SECONDS, "pull_failed", first)
        return
    for container in task.containers or ():
        error = env.faults.pull_failure(container.image or "")
        if error is not None:
            run.pull_error = error
            _later(env, run, PULL_SECONDS, "pull_failed", container.name or "")
            return
    _later(env, run, PULL_SECONDS, "pulled")


def _pull_failed(env: Env, run: TaskRun, name: str) -> None:
    task = env.state.tasks[run.arn]
    error = run.pull_error or "CannotPullContainerError"
    changed = _with(task, name, reason=error)
    changed = replace(changed, containers=tuple(replace(c, last_status=STOPPED) for c in changed.containers or ()))
    _put(env, run, task, changed)
    request_stop(env, run.arn, TaskStopCode.TASK_FAILED_TO_START, error)


def _pulled(env: Env, run: TaskRun, _: str) -> None:
    task = env.state.tasks[run.arn]
    _put(env, run, task, pull_stopped_at=env.clock.now())
    definitions = _definitions(env, task)
    for name, definition in definitions.items():
        if not definition.depends_on:
            _start_container(env, run, name, definitions)
    _progress(env, run, definitions)


def _start(env: Env, run: TaskRun, name: str) -> None:
    if name in run.starting:
        run.starting.remove(name)
    definitions = _definitions(env, env.state.tasks[run.arn])
    _start_container(env, run, name, definitions)
    _progress(env, run, definitions)


def _waited_to_complete(name: str, definitions: dict[str, ContainerDefinition]) -> bool:
    return any(
        d.container_name == name and d.condition in (ContainerCondition.COMPLETE, ContainerCondition.SUCCESS)
        for c in definitions.values()
        for d in c.depends_on or ()
    )


def _start_container(env: Env, run: TaskRun, name: str, definitions: dict[str, ContainerDefinition]) -> None:
    task = env.state.tasks[run.arn]
    definition = definitions[name]
    image = definition.image or ""
    changed = _with(
        task,
        name,
        last_status=RUNNING,
        runtime_id=_hex(run.arn, name)[:64],
        image_digest="sha256:" + _hex(image),
        network_bindings=_bindings(env, task, run, name),
    )
    _put(env, run, task, changed)
    exit_ = env.faults.exit_of(image)
    if exit_ is not None:
        _later(env, run, exit_.after_seconds, f"exit:{exit_.exit_code}", name)
    elif _waited_to_complete(name, definitions):
        _later(env, run, INIT_CONTAINER_SECONDS, "exit:0", name)
    check = definition.health_check
    if check is not None:
        interval = check.interval or HEALTH_INTERVAL_SECONDS
        if env.faults.is_unhealthy(image):
            delay = (check.start_period or 0) + interval * (check.retries or HEALTH_RETRIES)
            _later(env, run, delay, "unhealthy", name)
        else:
            _later(env, run, interval, "healthy", name)


def _bindings(env: Env, task: Task, run: TaskRun, name: str) -> tuple[NetworkBinding, ...] | None:
    """The container's host port bindings (bridge and host modes), dynamic ports in the order placement gave."""
    definition = _definition(env, task)
    mode = str(definition.network_mode or "bridge")
    if mode not in ("bridge", "host") or run.placement is None:
        return None
    dynamic = {
        TransportProtocol.TCP: list(run.placement.dynamic_tcp_ports),
        TransportProtocol.UDP: list(run.placement.dynamic_udp_ports),
    }
    for container in definition.container_definitions or ():
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


def _satisfied(dep: Container, condition: ContainerCondition) -> bool | None:
    """Whether a dependency condition holds (None: it never will)."""
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
        if dep.last_status == STOPPED or dep.health_status == HealthStatus.UNHEALTHY
        else (dep.health_status == HealthStatus.HEALTHY)
    )


def _progress(env: Env, run: TaskRun, definitions: dict[str, ContainerDefinition]) -> None:
    """Queue the containers whose dependencies now hold; give up on those whose never will; settle the task."""
    task = env.state.tasks[run.arn]
    if task.desired_status == STOPPED or task.pull_stopped_at is None:
        return
    changed = True
    while changed:  # a container that can never start blocks the containers waiting on it
        changed = False
        for container in task.containers or ():
            name = container.name or ""
            if container.last_status != PENDING or name in run.starting:
                continue
            states = [
                _satisfied(_container(task, d.container_name), d.condition) for d in definitions[name].depends_on or ()
            ]
            if None in states:
                task = _put(
                    env,
                    run,
                    task,
                    _with(task, name, last_status=STOPPED, reason="Dependency condition can no longer be satisfied"),
                )
                if definitions[name].essential is not False:
                    request_stop(env, run.arn, TaskStopCode.TASK_FAILED_TO_START, "Task failed to start")
                    return
                changed = True
            elif all(states):
                run.starting.append(name)
                _later(env, run, CONTAINER_START_SECONDS, "start", name)
    if task.last_status == PENDING and all(c.last_status != PENDING for c in task.containers or ()):
        _put(env, run, task, last_status="ACTIVATING")
        _later(env, run, ACTIVATING_SECONDS, "activated")


def _activated(env: Env, run: TaskRun, _: str) -> None:
    task = env.state.tasks[run.arn]
    task = _put(env, run, task, last_status=RUNNING, started_at=env.clock.now())
    service = targets.service_of(env, task)
    if service is not None and service.load_balancers:
        targets.register_task(env, task, service, answers=_answers(env, task, service))


def _answers(env: Env, task: Task, service: Service) -> bool:
    """Whether the application answers the load balancer's health check: a container with a health check
    answers as its check says (followed live); one without fails only under an ``unhealthy`` fault."""
    definitions = _definitions(env, task)
    for entry in service.load_balancers or ():
        definition = definitions.get(entry.container_name or "")
        if definition is None or definition.health_check is not None:
            continue
        if env.faults.is_unhealthy(definition.image or ""):
            return False
    return True


def _exited(env: Env, run: TaskRun, name: str, code: int) -> None:
    task = env.state.tasks[run.arn]
    if _container(task, name).last_status != RUNNING:
        return
    _put(env, run, task, _with(task, name, last_status=STOPPED, exit_code=code))
    definitions = _definitions(env, task)
    if definitions[name].essential is not False:
        request_stop(env, run.arn, TaskStopCode.ESSENTIAL_CONTAINER_EXITED, ESSENTIAL_EXITED)
    else:
        _progress(env, run, definitions)


def _health(env: Env, run: TaskRun, name: str, status: HealthStatus) -> None:
    task = env.state.tasks[run.arn]
    if _container(task, name).last_status != RUNNING:
        return
    changed = _with(task, name, health_status=status)
    definitions = _definitions(env, task)
    checked = [
        c.health_status
        for c in changed.containers or ()
        if definitions[c.name or ""].essential is not False and definitions[c.name or ""].health_check is not None
    ]
    overall = HealthStatus.UNKNOWN
    if HealthStatus.UNHEALTHY in checked:
        overall = HealthStatus.UNHEALTHY
    elif checked and all(h == HealthStatus.HEALTHY for h in checked):
        overall = HealthStatus.HEALTHY
    _put(env, run, task, changed, health_status=overall)
    _progress(env, run, definitions)


def request_stop(env: Env, arn: str, code: TaskStopCode, reason: str) -> Task:
    """Tell a task to stop (the first reason given wins); returns the task as StopTask shows it."""
    task = env.state.tasks[arn]
    run = env.state.runs.get(arn)
    if run is None or task.desired_status == STOPPED:
        return task
    run.epoch += 1
    run.starting.clear()
    task = _put(
        env, run, task, desired_status=STOPPED, stop_code=code, stopped_reason=reason, stopping_at=env.clock.now()
    )
    kind = "deactivate" if task.last_status in (RUNNING, "ACTIVATING") else "stopping"
    _later(env, run, STOP_SIGNAL_SECONDS, kind)
    return task


def _deactivate(env: Env, run: TaskRun, _: str) -> None:
    task = env.state.tasks[run.arn]
    task = _put(env, run, task, last_status="DEACTIVATING")
    # A load-balanced task stays DEACTIVATING while its targets drain (the target group's deregistration delay).
    draining = targets.deregister_task(env, task)
    _later(env, run, max(DEACTIVATING_SECONDS, draining), "stopping")


def _stopping(env: Env, run: TaskRun, _: str) -> None:
    task = env.state.tasks[run.arn]
    task = _put(env, run, task, last_status="STOPPING")
    if any(c.last_status == RUNNING for c in task.containers or ()):
        _later(env, run, STOPPING_SECONDS, "containers_stopped")
    else:
        _containers_stopped(env, run, "")


def _containers_stopped(env: Env, run: TaskRun, _: str) -> None:
    task = env.state.tasks[run.arn]
    containers = tuple(
        replace(c, last_status=STOPPED, exit_code=SIGTERM_EXIT_CODE)
        if c.last_status == RUNNING
        else replace(c, last_status=STOPPED)
        for c in task.containers or ()
    )
    changed = replace(task, containers=containers, execution_stopped_at=env.clock.now())
    if run.subnet_id is not None:
        changed = replace(changed, last_status="DEPROVISIONING", attachments=_attachment(task, "DETACHING"))
        _put(env, run, task, changed)
        _later(env, run, DEPROVISIONING_SECONDS, "stopped")
    else:
        _put(env, run, task, changed)
        _stopped(env, run, "")


def _stopped(env: Env, run: TaskRun, _: str) -> None:
    """STOPPED: everything the task held is free again."""
    task = env.state.tasks[run.arn]
    now = env.clock.now()
    if run.placement is not None:
        index = cluster_index(env.state, run.cluster)
        if run.placement.instance_id in index:
            release(index, run.placement)
    if run.subnet_id is not None and run.address is not None:
        env.state.subnets[run.subnet_id].release(run.address)
    targets.deregister_task(env, task)  # a task stopped at once (abandoned) still leaves its target groups
    del env.state.runs[run.arn]
    changed = replace(task, last_status=STOPPED, stopped_at=now, attachments=_attachment(task, "DELETED"))
    changed = replace(changed, execution_stopped_at=changed.execution_stopped_at or now)
    _put(env, run, task, changed, released=run.placement is not None)
    schedule(env.state, env.now + STOPPED_TASK_RETENTION_SECONDS, run.arn, 0, "forget")


def abandon(env: Env, arn: str, reason: str) -> None:
    """Stop a task at once (its container instance is deregistered with ``force``)."""
    run = env.state.runs[arn]
    task = env.state.tasks[arn]
    run.epoch += 1
    now = env.clock.now()
    containers = tuple(replace(c, last_status=STOPPED) for c in task.containers or ())
    changed = replace(
        task,
        desired_status=STOPPED,
        stopped_reason=task.stopped_reason or reason,
        stopping_at=task.stopping_at or now,
        containers=containers,
    )
    env.state.tasks[arn] = _put(env, run, task, changed)
    _stopped(env, run, "")


def _forget(env: Env, arn: str) -> None:
    task = env.state.tasks.get(arn)
    if task is not None and task.last_status == STOPPED:
        del env.state.tasks[arn]
        env.state.tags.pop(arn, None)


_HANDLERS: dict[str, Callable[[Env, TaskRun, str], None]] = {
    "provisioned": _provisioned,
    "pulled": _pulled,
    "pull_failed": _pull_failed,
    "start": _start,
    "healthy": lambda env, run, name: _health(env, run, name, HealthStatus.HEALTHY),
    "unhealthy": lambda env, run, name: _health(env, run, name, HealthStatus.UNHEALTHY),
    "activated": _activated,
    "deactivate": _deactivate,
    "stopping": _stopping,
    "containers_stopped": _containers_stopped,
    "stopped": _stopped,
}


def fire(env: Env, event: Event) -> None:
    """Run one due event (events of an older epoch of their task, or of a task gone, are dropped)."""
    if event.kind == "forget":
        _forget(env, event.arn)
        return
    run = env.state.runs.get(event.arn)
    if run is None or run.epoch != event.epoch:
        return
    if event.kind.startswith("exit:"):
        _exited(env, run, event.container, int(event.kind[5:]))
    else:
        _HANDLERS[event.kind](env, run, event.container)
