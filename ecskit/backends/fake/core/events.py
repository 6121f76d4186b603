"""What virtual time brings: typed events, each due at a time of the clock, queued in one heap for the whole fake
(every account and Region), run in order by :func:`ecskit.backends.fake.engine.run.advance`.

Events are plain data (saved with the fake); what each one does is the engine's. They are attrs classes with
slots but not frozen: a busy fake makes one per task step, and a frozen class's ``__init__`` costs twice as much;
nothing changes an event once it is queued.
"""

from __future__ import annotations

import enum

import attrs

from ecskit.models.ecs import AgentUpdateStatus

__all__ = [
    "AgentStep",
    "CapacityRetry",
    "DaemonReconcile",
    "Event",
    "ForgetTask",
    "HookTimeout",
    "ImageRestored",
    "ImageScanStep",
    "InstanceReady",
    "LifecyclePreviewDone",
    "LifecycleRun",
    "Queued",
    "Reconcile",
    "ReplicationDue",
    "Step",
    "TaskStep",
]


class Step(enum.StrEnum):
    """A step of a task's lifecycle (:mod:`ecskit.backends.fake.engine.lifecycle`)."""

    PROVISIONED = "provisioned"
    PULLED = "pulled"
    PULL_FAILED = "pull-failed"
    START = "start"
    EXITED = "exited"
    HEALTHY = "healthy"
    UNHEALTHY = "unhealthy"
    ACTIVATED = "activated"
    DEACTIVATE = "deactivate"
    STOPPING = "stopping"
    CONTAINERS_STOPPED = "containers-stopped"
    STOPPED = "stopped"


@attrs.define(kw_only=True)
class TaskStep:
    """A step of task ``task`` (of its ``container``, for container steps); dropped when the task's epoch moved on
    (it was told to stop since)."""

    task: str
    epoch: int
    step: Step
    container: str = ""
    #: :attr:`Step.EXITED`: the container's exit code.
    exit_code: int | None = None


@attrs.define(kw_only=True)
class ForgetTask:
    """A STOPPED task is forgotten (AWS shows stopped tasks for an hour)."""

    task: str


@attrs.define(kw_only=True)
class Reconcile:
    """The service scheduler looks at service ``service``."""

    service: str


@attrs.define(kw_only=True)
class HookTimeout:
    """Pause hook ``hook`` of service deployment ``deployment`` (of service ``service``) times out, unless it was
    acted on since."""

    service: str
    deployment: str
    hook: str


@attrs.define(kw_only=True)
class DaemonReconcile:
    """The fake looks at daemon ``daemon``: its tasks, on the instances of its capacity providers, and its
    deployment's rollout."""

    daemon: str


@attrs.define(kw_only=True)
class CapacityRetry:
    """A cluster tries again to place the tasks waiting for capacity (and to scale out for them)."""

    cluster: str


@attrs.define(kw_only=True)
class InstanceReady:
    """An instance launched by a scale-out of Auto Scaling group ``group`` is up."""

    group: str
    instance: str


@attrs.define(kw_only=True)
class AgentStep:
    """A container instance's agent update reaches ``status``."""

    instance: str
    status: AgentUpdateStatus


@attrs.define(kw_only=True)
class ImageRestored:
    """An archived image of private ECR repository ``repository`` that UpdateImageStorageClass is restoring
    (ACTIVATING) is ACTIVE again."""

    repository: str
    digest: str


@attrs.define(kw_only=True)
class LifecycleRun:
    """The lifecycle policy of ECR repository ``repository`` runs (dropped when the policy was set again or
    deleted since: its ``epoch`` moved on)."""

    repository: str
    epoch: int


@attrs.define(kw_only=True)
class LifecyclePreviewDone:
    """The lifecycle policy preview of ECR repository ``repository`` that was due at ``done_at`` completes."""

    repository: str
    done_at: float


@attrs.define(kw_only=True)
class ImageScanStep:
    """The scan of image ``digest`` of ECR repository ``repository`` moves on: a scan under way completes
    (``step`` ``done``), or continuous scanning checks the image is still eligible (``eligibility``). Dropped when
    the image's scan ``epoch`` moved on (a new scan, or a new schedule, since)."""

    repository: str
    digest: str
    epoch: int
    step: str


@attrs.define(kw_only=True)
class ReplicationDue:
    """An image pushed to private ECR repository ``repository`` (``tag``: the push's tag, if any) reaches the
    replication destination ``region`` / ``registry_id``, or fails to: ``failure`` is ECR's failure code when the
    destination refused it as the push started, and ``may_create`` whether it let ECR create the repository."""

    repository: str
    digest: str
    tag: str | None = None
    region: str
    registry_id: str
    failure: str | None = None
    may_create: bool = True
    #: when it was due (the replication record it completes has the same ``done_at``)
    done_at: float


#: Every kind of event.
Event = (
    TaskStep
    | ForgetTask
    | Reconcile
    | HookTimeout
    | DaemonReconcile
    | CapacityRetry
    | InstanceReady
    | AgentStep
    | ImageRestored
    | LifecycleRun
    | LifecyclePreviewDone
    | ImageScanStep
    | ReplicationDue
)


@attrs.frozen(kw_only=True)
class Queued:
    """An event in the queue: when it is due, in which account and Region (``seq`` orders events due at once)."""

    due: float
    seq: int
    account: str
    region: str
    event: Event
