"""The fake's records of ECS Managed Daemons: daemon task definitions (revisions of a family, apart from task
definitions), daemons, and their deployments. A daemon revision is kept as the wire model DescribeDaemonRevisions
shows (:class:`~ecskit.models.ecs.DaemonRevision`): nothing changes one once it is made. Which task runs which
revision is the daemon's record (:attr:`DaemonRecord.tasks`); the tasks themselves are the cluster's tasks."""

from __future__ import annotations

import datetime

import attrs

from ecskit.backends.fake.core.base import derived
from ecskit.backends.fake.core.definitions import DefinitionRecord
from ecskit.codec import from_api, to_api
from ecskit.models.ecs import (
    Compatibility,
    DaemonDeploymentConfiguration,
    DaemonDeploymentRollbackMonitorsStatus,
    DaemonDeploymentStatus,
    DaemonPropagateTags,
    DaemonStatus,
    DaemonTaskDefinition,
    DaemonTaskDefinitionStatus,
    RegisterTaskDefinitionRequest,
    TaskDefinition,
    TaskDefinitionStatus,
)
from ecskit.validation.registered import registered_container
from ecskit.validation.sizes import registered_cpu, registered_memory

__all__ = ["DaemonDefinitionRecord", "DaemonDeploymentRecord", "DaemonRecord", "as_task_definition", "runs"]


@attrs.define(kw_only=True)
class DaemonDefinitionRecord:
    """One revision of a daemon task definition family."""

    family: str
    revision: int
    arn: str
    status: DaemonTaskDefinitionStatus
    registered_at: datetime.datetime
    registered_by: str
    delete_requested_at: datetime.datetime | None = None
    #: The revision as registered (its ARN, family and revision filled in); its status members are the record's,
    #: filled in when it is shown.
    body: DaemonTaskDefinition
    #: The task definition its tasks run, as the engine launches tasks (derived, made on first use).
    runs: DefinitionRecord | None = derived(default=None)

    @property
    def active(self) -> bool:
        """Whether the revision is ACTIVE."""
        return self.status == DaemonTaskDefinitionStatus.ACTIVE


def as_task_definition(body: DaemonTaskDefinition) -> RegisterTaskDefinitionRequest:
    """A daemon task definition as the RegisterTaskDefinition request of the same containers, volumes, sizes and roles
    (EC2): what ecskit's validation reads. Its container definitions and volumes are those of task definitions
    (their members are a subset, by the same wire names)."""
    data = to_api(body)
    taken = ("family", "taskRoleArn", "executionRoleArn", "containerDefinitions", "volumes", "cpu", "memory")
    request = {name: data[name] for name in taken if name in data}
    request["requiresCompatibilities"] = ["EC2"]
    return from_api(request, RegisterTaskDefinitionRequest)


def runs(record: DaemonDefinitionRecord) -> DefinitionRecord:
    """The task definition a daemon task definition's tasks run (made once), as RegisterTaskDefinition would store
    it for EC2 with the network mode left out: the daemon's ARN, family and revision, defaults filled in."""
    if record.runs is not None:
        return record.runs
    form = as_task_definition(record.body)
    body = TaskDefinition(
        task_definition_arn=record.arn,
        family=record.family,
        revision=record.revision,
        task_role_arn=form.task_role_arn,
        execution_role_arn=form.execution_role_arn,
        container_definitions=tuple(registered_container(c, "bridge") for c in form.container_definitions),
        volumes=form.volumes or (),
        cpu=registered_cpu(form.cpu) if form.cpu is not None else None,
        memory=registered_memory(form.memory) if form.memory is not None else None,
        status=TaskDefinitionStatus.ACTIVE,
        requires_compatibilities=(Compatibility.EC2,),
        compatibilities=(Compatibility.EC2,),
        registered_at=record.registered_at,
        registered_by=record.registered_by,
    )
    record.runs = DefinitionRecord(
        family=record.family,
        revision=record.revision,
        arn=record.arn,
        status=TaskDefinitionStatus.ACTIVE,
        registered_at=record.registered_at,
        registered_by=record.registered_by,
        body=body,
    )
    return record.runs


@attrs.define(kw_only=True)
class DaemonRecord:
    """One daemon (deleted ones are forgotten once their tasks have stopped)."""

    arn: str
    name: str
    cluster: str
    status: DaemonStatus
    created_at: datetime.datetime
    updated_at: datetime.datetime
    #: The ARN of the daemon revision it deploys now.
    revision: str
    #: The names of the capacity providers whose instances run it.
    capacity_providers: tuple[str, ...]
    #: As CreateDaemon or UpdateDaemon gave it, AWS's defaults filled in.
    deployment_configuration: DaemonDeploymentConfiguration
    propagate_tags: DaemonPropagateTags | None = None
    enable_ecs_managed_tags: bool = False
    enable_execute_command: bool = False
    #: The ARN of its latest deployment.
    deployment: str
    #: The CreateDaemon request that made it (as JSON text), to tell an idempotent retry.
    request: str = ""
    #: task ARN -> the daemon revision it runs (its tasks the fake still remembers, in launch order).
    tasks: dict[str, str] = attrs.field(factory=dict)
    #: Whether a reconcile of it is queued.
    poked: bool = False
    #: ``<instance ARN> <revision ARN>`` of the daemon tasks that could not be placed, and were reported so (once).
    impaired: list[str] = attrs.field(factory=list)

    @property
    def group(self) -> str:
        """The task group of its tasks."""
        return f"daemon:{self.name}"


@attrs.define(kw_only=True)
class DaemonDeploymentRecord:
    """One daemon deployment: the rollout of a daemon revision over the daemon's instances, a batch of them at a
    time."""

    arn: str
    daemon_arn: str
    cluster_arn: str
    status: DaemonDeploymentStatus
    #: The daemon revision it deploys (None: the deployment of a DeleteDaemon, which drains every task), and the ones
    #: it replaces (the daemon's revision before it first: the one a rollback goes back to).
    target: str | None
    sources: tuple[str, ...] = ()
    capacity_providers: tuple[str, ...] = ()
    configuration: DaemonDeploymentConfiguration
    created_at: datetime.datetime
    status_reason: str | None = None
    started_at: datetime.datetime | None = None
    stopped_at: datetime.datetime | None = None
    finished_at: datetime.datetime | None = None
    circuit_breaker: DaemonDeploymentRollbackMonitorsStatus = DaemonDeploymentRollbackMonitorsStatus.MONITORING
    failures: int = 0
    threshold: int = 0
    rollback_reason: str | None = None
    rollback_started_at: datetime.datetime | None = None
    rollback_target: str | None = None
    # -- the rollout's own ------------------------------------------------------------------------------------------
    #: The container instances (ARNs) of the batch being replaced now.
    batch: list[str] = attrs.field(factory=list)
    #: When its bake time ends, in seconds of virtual time (None: not baking).
    baked_at: float | None = None
    #: Failed daemon tasks already counted by the circuit breaker.
    counted: list[str] = attrs.field(factory=list)

    @property
    def live(self) -> bool:
        """Whether it is still rolling out (or rolling back)."""
        return self.status in (
            DaemonDeploymentStatus.PENDING,
            DaemonDeploymentStatus.IN_PROGRESS,
            DaemonDeploymentStatus.ROLLBACK_IN_PROGRESS,
        )
