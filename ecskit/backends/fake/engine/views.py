"""Tasks and container instances as Amazon ECS shows them (DescribeTasks, RunTask, StopTask,
DescribeContainerInstances): the wire models made from the records, with the caches that keep showing them cheap.

They live in the engine, not with the handlers' renderer (:mod:`~ecskit.backends.fake.api.ecs.render`, which
re-exports them), because the fake's EventBridge shows them too: an ECS Task State Change event's ``detail`` is the
task as DescribeTasks shows it, and a Container Instance State Change's the instance as DescribeContainerInstances
shows it (:mod:`~ecskit.backends.fake.engine.ecs_events`).
"""

from __future__ import annotations

from typing import Any

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.instances import InstanceRecord
from ecskit.backends.fake.core.network import eni_details
from ecskit.backends.fake.core.tasks import ContainerState, TaskRecord
from ecskit.backends.fake.engine.placement import remaining_resources
from ecskit.models import evolve, make, replace
from ecskit.models.ecs import (
    Attachment,
    Attribute,
    Container,
    ContainerInstance,
    ContainerInstanceHealthStatus,
    EphemeralStorage,
    InstanceHealthCheckResult,
    InstanceHealthCheckState,
    InstanceHealthCheckType,
    ManagedAgent,
    ManagedAgentName,
    NetworkInterface,
    Tag,
    Task,
)

__all__ = ["container_instance", "launched", "stopping", "task"]


def _health(record: InstanceRecord) -> ContainerInstanceHealthStatus:
    """The instance's health: its container runtime has been OK since it registered (the fake's agents never
    fail their checks)."""
    since = record.registered_at
    check = InstanceHealthCheckResult(
        type=InstanceHealthCheckType.CONTAINER_RUNTIME,
        status=InstanceHealthCheckState.OK,
        last_updated=since,
        last_status_change=since,
    )
    return ContainerInstanceHealthStatus(overall_status=InstanceHealthCheckState.OK, details=(check,))


def container_instance(
    env: Env, record: InstanceRecord, *, tags: bool = False, health: bool = False
) -> ContainerInstance:
    """A container instance as DescribeContainerInstances shows it (tags and health only when asked for; shown
    again only when its version has moved on)."""
    cached = record.shown
    if cached is not None and cached[0] == record.version:
        shown = cached[1]
    else:
        remaining = remaining_resources(env, record) if record.live else record.registered_resources
        shown = make(
            ContainerInstance,
            {
                "container_instance_arn": record.arn,
                "ec2_instance_id": record.ec2_instance_id,
                "capacity_provider_name": record.capacity_provider,
                "version": record.version,
                "version_info": record.version_info,
                "remaining_resources": remaining,
                "registered_resources": record.registered_resources,
                "status": record.status,
                "agent_connected": record.agent_connected,
                "running_tasks_count": record.running,
                "pending_tasks_count": record.pending,
                "agent_update_status": record.agent_update_status,
                "attributes": record.attributes,
                "registered_at": record.registered_at,
                "attachments": (),
                "tags": (),
            },
        )
        record.shown = (record.version, shown)
    if not (tags or health):
        return shown
    return replace(
        shown,
        tags=env.state.tags.get(record.arn, ()) if tags else (),
        health_status=_health(record) if health else None,
    )


def _container(record: TaskRecord, state: ContainerState) -> Container:
    eni = record.eni
    attached = eni is not None and eni.status != "PRECREATED"
    agent = (state.exec_agent or state.last_status) if record.enable_execute_command else None
    key = (
        state.last_status,
        state.exit_code,
        state.reason,
        state.health,
        state.runtime_id,
        state.bindings,
        attached,
        agent,
        state.exec_agent_reason,
    )
    cached = state.shown
    if cached is not None and cached[0] == key:
        return cached[1]
    interfaces: tuple[NetworkInterface, ...] = ()
    if eni is not None and attached:
        interfaces = (NetworkInterface(attachment_id=eni.attachment_id, private_ipv4_address=eni.address),)
    shown = make(
        Container,
        {
            "container_arn": state.arn,
            "task_arn": record.arn,
            "name": state.name,
            "image": state.image,
            "image_digest": state.image_digest,
            "runtime_id": state.runtime_id,
            "last_status": state.last_status,
            "exit_code": state.exit_code,
            "reason": state.reason,
            "network_bindings": state.bindings,
            "network_interfaces": interfaces,
            "health_status": state.health,
            "cpu": state.cpu,
            "memory": state.memory,
            "memory_reservation": state.memory_reservation,
            "managed_agents": (
                (
                    ManagedAgent(
                        name=ManagedAgentName.EXECUTE_COMMAND_AGENT, last_status=agent, reason=state.exec_agent_reason
                    ),
                )
                if agent is not None
                else None
            ),
        },
    )
    state.shown = (key, shown)
    return shown


def _attachments(env: Env, record: TaskRecord) -> tuple[Attachment, ...]:
    eni = record.eni
    if eni is None:
        return ()
    details = eni_details(eni.subnet_id, eni.eni_id, eni.address, env.region)
    if eni.status == "PRECREATED":
        details = details[:1]  # the subnet only, until the ENI is attached
    return (Attachment(id=eni.attachment_id, type="ElasticNetworkInterface", status=eni.status, details=details),)


def _attributes(record: TaskRecord) -> tuple[Attribute, ...]:
    return (Attribute(name="ecs.cpu-architecture", value=record.architecture),) if record.architecture else ()


def _first(env: Env, record: TaskRecord) -> Task:
    """A task shown for the first time: every member (later showings replace only those that change)."""
    fargate = record.platform_version is not None
    return Task(
        attachments=_attachments(env, record),
        attributes=_attributes(record),
        availability_zone=record.availability_zone,
        capacity_provider_name=record.capacity_provider,
        cluster_arn=env.arn(f"cluster/{record.cluster}"),
        connectivity=record.connectivity,
        connectivity_at=record.connectivity_at,
        container_instance_arn=record.instance_arn,
        containers=tuple([_container(record, c) for c in record.containers]),
        cpu=record.cpu,
        created_at=record.created_at,
        desired_status=record.desired_status,
        enable_execute_command=record.enable_execute_command,
        execution_stopped_at=record.execution_stopped_at,
        group=record.group,
        health_status=record.health,
        last_status=record.last_status,
        launch_type=record.launch_type,
        memory=record.memory,
        overrides=record.overrides,
        platform_version=record.platform_version,
        platform_family=record.platform_family,
        pull_started_at=record.pull_started_at,
        pull_stopped_at=record.pull_stopped_at,
        started_at=record.started_at,
        started_by=record.started_by,
        stop_code=record.stop_code,
        stopped_at=record.stopped_at,
        stopped_reason=record.stopped_reason,
        stopping_at=record.stopping_at,
        tags=(),
        task_arn=record.arn,
        task_definition_arn=record.definition_arn,
        version=record.version,
        ephemeral_storage=EphemeralStorage(size_in_gib=20) if fargate else None,
    )


def _changing(env: Env, record: TaskRecord) -> dict[str, Any]:
    """The members of a task's showing that change as it lives."""
    return {
        "attachments": _attachments(env, record),
        "availability_zone": record.availability_zone,
        "connectivity": record.connectivity,
        "connectivity_at": record.connectivity_at,
        "container_instance_arn": record.instance_arn,
        "containers": tuple([_container(record, c) for c in record.containers]),
        "desired_status": record.desired_status,
        "execution_stopped_at": record.execution_stopped_at,
        "health_status": record.health,
        "last_status": record.last_status,
        "pull_started_at": record.pull_started_at,
        "pull_stopped_at": record.pull_stopped_at,
        "started_at": record.started_at,
        "stop_code": record.stop_code,
        "stopped_at": record.stopped_at,
        "stopped_reason": record.stopped_reason,
        "stopping_at": record.stopping_at,
        "version": record.version,
    }


def task(env: Env, record: TaskRecord, tags: tuple[Tag, ...] = ()) -> Task:
    """A task as DescribeTasks shows it (shown again only when its version has moved on; the first showing of a
    task starts from the first showing of its launch's: the members every task of one call shares)."""
    cached = record.shown
    if cached is not None and cached[0] == record.version:
        shown = cached[1]
    elif cached is not None:
        shown = evolve(cached[1], _changing(env, record))
        record.shown = (record.version, shown)
    else:
        origin = record.origin
        first = origin.shown[1] if origin is not None and origin.shown is not None else None
        if first is None:
            shown = _first(env, record)
            if origin is not None:
                origin.shown = (-1, shown)
        else:
            changes = _changing(env, record)
            changes.update(
                task_arn=record.arn,
                created_at=record.created_at,
                capacity_provider_name=record.capacity_provider,
                attributes=_attributes(record),
            )
            shown = evolve(first, changes)
        record.shown = (record.version, shown)
    return replace(shown, tags=tags) if tags else shown


def launched(env: Env, records: list[TaskRecord], tags: tuple[Tag, ...] = ()) -> tuple[Task, ...]:
    """The tasks one RunTask or StartTask call just made, as its response shows them.

    Tasks of one call were made from one template at one instant and nothing has moved them since (events run only
    as time advances): two of them with the same status and version differ only in what each was given of its own
    (ARN, capacity provider, instance, zone, ENI, container ARNs). So the first is shown in full and each sibling
    is the first's showing with those members replaced (the test suite checks this against showing each in full).
    """
    shown: list[Task] = []
    first: Task | None = None
    head: TaskRecord | None = None
    for record in records:
        if first is None or head is None or record.shown is not None or not _siblings(head, record):
            one = task(env, record)
            if first is None:
                first, head = one, record
        else:
            one = evolve(
                first,
                {
                    "task_arn": record.arn,
                    "created_at": record.created_at,
                    "capacity_provider_name": record.capacity_provider,
                    "container_instance_arn": record.instance_arn,
                    "availability_zone": record.availability_zone,
                    "attachments": _attachments(env, record),
                    "containers": tuple(
                        [
                            evolve(c, {"container_arn": state.arn, "task_arn": record.arn})
                            for c, state in zip(first.containers or (), record.containers, strict=True)
                        ]
                    ),
                    "pull_started_at": record.pull_started_at,
                    "connectivity": record.connectivity,
                    "connectivity_at": record.connectivity_at,
                },
            )
            record.shown = (record.version, one)
        shown.append(replace(one, tags=tags) if tags else one)
    return tuple(shown)


def _siblings(head: TaskRecord, record: TaskRecord) -> bool:
    return (
        record.origin is head.origin
        and record.version == head.version
        and record.last_status == head.last_status
        and record.created_at == head.created_at
        and len(record.containers) == len(head.containers)
        and record.architecture == head.architecture
    )


def stopping(env: Env, record: TaskRecord, before: tuple[int, Task] | None, version: int) -> Task:
    """A task just told to stop, as StopTask shows it. ``before`` is its showing before (and ``version`` its
    version then): telling a task to stop changes exactly its desired status, stop code and reason, stopping time and
    version (:func:`ecskit.backends.fake.engine.lifecycle.request_stop`), so a showing of the version before needs
    only those members again."""
    if before is None or before[0] != version or record.version != version + 1:
        return task(env, record)
    changes = {
        "desired_status": record.desired_status,
        "stop_code": record.stop_code,
        "stopped_reason": record.stopped_reason,
        "stopping_at": record.stopping_at,
        "version": record.version,
    }
    shown = evolve(before[1], changes)
    record.shown = (record.version, shown)
    return shown
