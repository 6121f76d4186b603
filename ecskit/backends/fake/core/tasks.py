"""The fake's record of a task: what it runs, where, its lifecycle state and its containers', and what it holds
(its placement on an instance, its ENI) while it is not STOPPED. DescribeTasks shows it as a Task (rendered at the
edge); the task lifecycle (:mod:`ecskit.backends.fake.engine.lifecycle`) moves it."""

from __future__ import annotations

import datetime
import enum

import attrs

from ecskit.backends.fake.core.base import derived
from ecskit.models.ecs import (
    Connectivity,
    Container,
    HealthStatus,
    LaunchType,
    NetworkBinding,
    Task,
    TaskOverride,
    TaskStopCode,
)
from ecskit.placement import TaskPlacement

__all__ = [
    "PENDING_STATES",
    "RUNNING",
    "STOPPED",
    "ContainerState",
    "Doom",
    "DoomStep",
    "Eni",
    "TaskRecord",
]

RUNNING, STOPPED = "RUNNING", "STOPPED"
#: The lastStatus values a task counts as pending in (in its cluster and on its instance).
PENDING_STATES = frozenset({"PROVISIONING", "PENDING", "ACTIVATING"})


@attrs.define(kw_only=True, slots=False)  # a __dict__: a task is made by copying its launch's template
class ContainerState:
    """One container of a task."""

    name: str
    arn: str
    image: str
    #: As the task shows it: the container's cpu units, memory and memoryReservation (as text).
    cpu: str
    memory: str | None = None
    memory_reservation: str | None = None
    last_status: str = "PENDING"
    exit_code: int | None = None
    reason: str | None = None
    health: HealthStatus = HealthStatus.UNKNOWN
    runtime_id: str | None = None
    image_digest: str | None = None
    #: The digest of the image its pull got from the fake's ECR (shown as ``imageDigest`` once it runs).
    pulled_digest: str | None = None
    #: Host port bindings (bridge and host network modes), once it runs.
    bindings: tuple[NetworkBinding, ...] | None = None
    #: Its ECS Exec agent's status as the container's agent last reported it with SubmitTaskStateChange (None: as
    #: the container is: PENDING, RUNNING, STOPPED), and the reason given.
    exec_agent: str | None = None
    exec_agent_reason: str | None = None
    #: Its last showing at the edge, with what it showed then (a derived cache).
    shown: tuple[tuple[object, ...], Container] | None = derived(default=None)


@attrs.define(kw_only=True)
class Eni:
    """The ENI of an awsvpc task: its attachment, its subnet and address."""

    attachment_id: str
    eni_id: str
    subnet_id: str
    address: str
    #: PRECREATED, ATTACHED, DETACHING, DELETED.
    status: str = "PRECREATED"


class DoomStep(enum.StrEnum):
    """The step at which a task that cannot work stops, as AWS stops it."""

    #: Its resources cannot be prepared (``ResourceInitializationError``): it fails before pulling.
    INIT = "init"
    #: An image cannot be pulled (``CannotPullContainerError``).
    PULL = "pull"
    #: A container cannot be created or started (``CannotCreateContainerError``, ``CannotStartContainerError``).
    START = "start"
    #: An essential container exits as soon as it runs.
    EXIT = "exit"
    #: A container fails its health checks.
    HEALTH = "health"


@attrs.frozen(kw_only=True)
class Doom:
    """How a task whose task definition or launch breaks a ``runtime`` rule stops: at which step, with AWS's stop
    code and reason (decided at launch, from the rule's effect)."""

    step: DoomStep
    stop_code: TaskStopCode
    reason: str
    #: The container it happens to (None: the task's).
    container: str | None = None


@attrs.define(kw_only=True, slots=False)  # a __dict__: a task is made by copying its launch's template
class TaskRecord:
    """One task; STOPPED tasks are forgotten an hour after they stop, as on AWS."""

    arn: str
    cluster: str
    definition_arn: str
    group: str
    launch_type: LaunchType
    created_at: datetime.datetime
    #: The task's cpu and memory as it shows them (the task definition's, or what its containers add up to).
    cpu: str
    memory: str
    containers: list[ContainerState]
    #: The overrides the task shows (the call's, or one empty entry per container).
    overrides: TaskOverride
    started_by: str | None = None
    capacity_provider: str | None = None
    #: Fargate: its platform version and family, CPU architecture and default ephemeral storage.
    platform_version: str | None = None
    platform_family: str | None = None
    architecture: str | None = None
    enable_execute_command: bool = False
    instance_arn: str | None = None
    availability_zone: str | None = None
    last_status: str = "PROVISIONING"
    desired_status: str = RUNNING
    health: HealthStatus = HealthStatus.UNKNOWN
    connectivity: Connectivity | None = None
    connectivity_at: datetime.datetime | None = None
    pull_started_at: datetime.datetime | None = None
    pull_stopped_at: datetime.datetime | None = None
    started_at: datetime.datetime | None = None
    stopping_at: datetime.datetime | None = None
    execution_stopped_at: datetime.datetime | None = None
    stopped_at: datetime.datetime | None = None
    stop_code: TaskStopCode | None = None
    stopped_reason: str | None = None
    #: Goes up with every change, as on AWS.
    version: int = 1
    eni: Eni | None = None
    # -- the lifecycle's own ---------------------------------------------------------------------------------------
    #: Bumped when the task is told to stop: events of its running lifecycle are then dropped.
    epoch: int = 0
    #: Its placement on a container instance while it is not STOPPED (None on Fargate, and while it waits for
    #: capacity).
    placement: TaskPlacement | None = None
    #: Containers whose start is queued (so that a second dependency holding does not queue it twice).
    starting: list[str] = attrs.field(factory=list)
    #: The reason its image pull is going to fail with.
    pull_error: str | None = None
    #: How it stops when its task definition or launch breaks a ``runtime`` rule (None: it works).
    doom: Doom | None = None
    #: Its last showing at the edge, with the version it showed (a derived cache).
    shown: tuple[int, Task] | None = derived(default=None)
    #: The template it was made from (its launch's: what every task of one call shares), whose first showing
    #: the showing of each of its tasks starts from (derived).
    origin: TaskRecord | None = derived(default=None)
    #: Where in the fake's journal of events its last change made by an API call is, while that change is still to
    #: be completed (derived: see ecskit.backends.fake.engine.ecs_events).
    noted: int | None = derived(default=None)

    @property
    def id(self) -> str:
        """The task's id (the last part of its ARN)."""
        return self.arn.rsplit("/", 1)[-1]

    @property
    def live(self) -> bool:
        """Told to run and not STOPPED."""
        return self.desired_status == RUNNING and self.last_status != STOPPED

    @property
    def family(self) -> str:
        """The family of its task definition."""
        return self.definition_arn.rsplit("/", 1)[-1].split(":", 1)[0]

    @property
    def service_name(self) -> str | None:
        """The name of the service it belongs to (None for a standalone task)."""
        return self.group[len("service:") :] if self.group.startswith("service:") else None

    def container(self, name: str) -> ContainerState:
        """Its container ``name``."""
        return next(c for c in self.containers if c.name == name)
