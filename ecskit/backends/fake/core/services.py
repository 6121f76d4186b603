"""The fake's records of services: a service (what it runs and how, as CreateService and UpdateService set it),
its deployments (ECS controller) or task sets (EXTERNAL and CODE_DEPLOY controllers), the events it wrote, what the
service scheduler keeps about it, the service deployment records DescribeServiceDeployments shows, with the pause
hooks a deployment waits at, and the Service Connect namespaces services name. Counts of running and pending tasks
are derived from the tasks when shown. Service revisions are kept as the wire model DescribeServiceRevisions shows
(:class:`~ecskit.models.ecs.ServiceRevision`): nothing changes one once it is made.
"""

from __future__ import annotations

import datetime

import attrs

from ecskit.backends.fake.core.base import derived
from ecskit.models.ecs import (
    CapacityProviderStrategyItem,
    DeploymentConfiguration,
    DeploymentController,
    DeploymentLifecycleHookAction,
    DeploymentLifecycleHookStage,
    DeploymentLifecycleHookStatus,
    DeploymentRolloutState,
    LaunchType,
    LoadBalancer,
    NetworkConfiguration,
    PlacementConstraint,
    PlacementStrategy,
    PropagateTags,
    Scale,
    SchedulingStrategy,
    ServiceConnectConfiguration,
    ServiceDeploymentLifecycleStage,
    ServiceDeploymentRollbackMonitorsStatus,
    ServiceDeploymentStatus,
    ServiceEvent,
    ServiceRegistry,
    StabilityStatus,
)
from ecskit.validation import Finding

__all__ = [
    "TASK_SET_CONTROLLERS",
    "DeploymentRecord",
    "NamespaceRecord",
    "PauseRecord",
    "ServiceDeploymentRecord",
    "ServiceRecord",
    "TaskSetRecord",
]

#: The deployment controllers whose services run task sets instead of deployments.
TASK_SET_CONTROLLERS = frozenset({"EXTERNAL", "CODE_DEPLOY"})


@attrs.define(kw_only=True)
class DeploymentRecord:
    """One deployment of a service (the PRIMARY one first in :attr:`ServiceRecord.deployments`)."""

    id: str
    task_definition: str
    #: The ARN of the service revision it deploys.
    revision: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    #: PRIMARY or ACTIVE (an older one still draining).
    status: str = "PRIMARY"
    #: The desired count of the PRIMARY deployment (an older one's is its live tasks, derived when shown).
    desired_count: int = 0
    failed_tasks: int = 0
    rollout_state: DeploymentRolloutState = DeploymentRolloutState.IN_PROGRESS
    rollout_state_reason: str | None = None
    launch_type: LaunchType | None = None
    capacity_provider_strategy: tuple[CapacityProviderStrategyItem, ...] | None = None
    platform_version: str | None = None
    network_configuration: NetworkConfiguration | None = None


@attrs.define(kw_only=True)
class TaskSetRecord:
    """One task set of a service of the EXTERNAL or CODE_DEPLOY deployment controller: what its tasks run and how
    many of the service's desired count it keeps (``scale``); its tasks are started by its id."""

    id: str
    arn: str
    task_definition: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    scale: Scale
    #: PRIMARY, ACTIVE, or DRAINING (deleted: its tasks are stopping; it goes once they have).
    status: str = "ACTIVE"
    external_id: str | None = None
    #: CODE_DEPLOY for a set CodeDeploy made (none for the sets of an external deployment).
    started_by: str | None = None
    launch_type: LaunchType | None = None
    capacity_provider_strategy: tuple[CapacityProviderStrategyItem, ...] | None = None
    platform_version: str | None = None
    network_configuration: NetworkConfiguration | None = None
    load_balancers: tuple[LoadBalancer, ...] = ()
    service_registries: tuple[ServiceRegistry, ...] = ()
    stability_status: StabilityStatus = StabilityStatus.STABILIZING
    stability_status_at: datetime.datetime | None = None
    #: The CreateTaskSet request's clientToken and the request (as JSON text), to tell an idempotent retry.
    client_token: str | None = None
    request: str = ""
    #: The ``runtime`` findings of ecskit's validation on it with its task definition (derived).
    runtime: tuple[Finding, ...] | None = derived(default=None)


@attrs.define(kw_only=True)
class ServiceRecord:
    """One service (deleted ones stay, INACTIVE, as AWS keeps describing them)."""

    arn: str
    name: str
    cluster: str
    status: str
    #: None for a service of the EXTERNAL controller until a task set is made its primary one.
    task_definition: str | None
    scheduling_strategy: SchedulingStrategy
    deployment_configuration: DeploymentConfiguration
    deployment_controller: DeploymentController
    created_at: datetime.datetime
    created_by: str
    desired_count: int = 0
    launch_type: LaunchType | None = None
    capacity_provider_strategy: tuple[CapacityProviderStrategyItem, ...] | None = None
    platform_version: str | None = None
    load_balancers: tuple[LoadBalancer, ...] = ()
    service_registries: tuple[ServiceRegistry, ...] = ()
    placement_constraints: tuple[PlacementConstraint, ...] = ()
    placement_strategy: tuple[PlacementStrategy, ...] = ()
    network_configuration: NetworkConfiguration | None = None
    health_check_grace_period_seconds: int | None = None
    enable_ecs_managed_tags: bool = False
    propagate_tags: PropagateTags | None = None
    enable_execute_command: bool = False
    #: Its Service Connect configuration, as CreateService or UpdateService gave it (the cluster's default
    #: namespace filled in).
    service_connect: ServiceConnectConfiguration | None = None
    #: Its deployments, the PRIMARY one first (ECS controller only).
    deployments: list[DeploymentRecord] = attrs.field(factory=list)
    #: Its task sets, oldest first (EXTERNAL and CODE_DEPLOY controllers only).
    task_sets: list[TaskSetRecord] = attrs.field(factory=list)
    #: Its events, newest first (at most 100, as on AWS).
    events: list[ServiceEvent] = attrs.field(factory=list)
    current_service_deployment: str | None = None
    # -- the service scheduler's own ------------------------------------------------------------------------------
    #: The CreateService request that made it (as JSON text), to tell an idempotent retry.
    request: str = ""
    #: Tasks already counted as failed by the circuit breaker.
    counted: list[str] = attrs.field(factory=list)
    #: Whether the last reconcile found it steady (a steady-state event is written once per reaching it).
    steady: bool = False
    #: The last "unable to place" message written (not repeated while it stays the same).
    unplaced: str | None = None
    #: The task definition of the last COMPLETED deployment (what a circuit-breaker rollback deploys again).
    stable: str | None = None
    #: The service revision of the last COMPLETED deployment (the one a rollback deploys again).
    stable_revision: str | None = None
    #: When the queued retry of unplaced tasks is due (None: no retry queued).
    retry_at: float | None = None
    #: deployment id -> its service deployment ARN.
    deployment_arns: dict[str, str] = attrs.field(factory=dict)
    #: Whether the event saying its deployment cannot complete was written.
    stalled: bool = False
    #: The ``runtime`` findings of ecskit's validation on it with its task definition (derived).
    runtime: tuple[Finding, ...] | None = derived(default=None)

    @property
    def primary(self) -> DeploymentRecord:
        """Its PRIMARY deployment."""
        return self.deployments[0]

    @property
    def runs_task_sets(self) -> bool:
        """Whether its deployment controller runs task sets (EXTERNAL, CODE_DEPLOY) rather than deployments."""
        return str(self.deployment_controller.type or "ECS") in TASK_SET_CONTROLLERS

    @property
    def primary_set(self) -> TaskSetRecord | None:
        """Its PRIMARY task set, if it has one."""
        return next((s for s in self.task_sets if s.status == "PRIMARY"), None)

    @property
    def daemon(self) -> bool:
        """Whether it uses the DAEMON scheduling strategy."""
        return self.scheduling_strategy == SchedulingStrategy.DAEMON

    @property
    def group(self) -> str:
        """The task group of its tasks."""
        return f"service:{self.name}"


@attrs.define(kw_only=True)
class ServiceDeploymentRecord:
    """One service deployment (DescribeServiceDeployments, ListServiceDeployments)."""

    arn: str
    service_arn: str
    cluster_arn: str
    created_at: datetime.datetime
    status: ServiceDeploymentStatus
    updated_at: datetime.datetime
    #: The service revision it deploys, and the one it replaces (None for a service's first).
    target: str
    source: str | None = None
    deployment_configuration: DeploymentConfiguration | None = None
    status_reason: str | None = None
    finished_at: datetime.datetime | None = None
    requested: int = 0
    running: int = 0
    pending: int = 0
    circuit_breaker: ServiceDeploymentRollbackMonitorsStatus = ServiceDeploymentRollbackMonitorsStatus.DISABLED
    failures: int = 0
    threshold: int = 0
    rollback_reason: str | None = None
    rollback_started_at: datetime.datetime | None = None
    rollback_revision: str | None = None
    stopped_at: datetime.datetime | None = None
    #: Where it is (shown while a pause hook holds it).
    lifecycle_stage: ServiceDeploymentLifecycleStage | None = None
    #: Its pause hooks met so far, in order (the one AWAITING_ACTION last).
    pauses: list[PauseRecord] = attrs.field(factory=list)
    #: When its bake time ends, in seconds of virtual time (None: it has not started baking).
    bake_until: float | None = None


@attrs.define(kw_only=True)
class PauseRecord:
    """A pause lifecycle hook a service deployment reached (ContinueServiceDeployment acts on it)."""

    hook_id: str
    stage: DeploymentLifecycleHookStage
    status: DeploymentLifecycleHookStatus
    expires_at: datetime.datetime
    timeout_action: DeploymentLifecycleHookAction
    #: When it expires, in seconds of virtual time (its timeout event is due then).
    due: float


@attrs.define(kw_only=True)
class NamespaceRecord:
    """A Cloud Map namespace that Service Connect uses (the fake has no Cloud Map: a namespace is made when a
    cluster's defaults or a service first name it)."""

    name: str
    id: str
    arn: str
