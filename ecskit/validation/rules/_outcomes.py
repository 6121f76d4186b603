"""What AWS does with a broken document: the error codes refused calls get, the effects of runtime rules, and the
public pages that show AWS's own texts.

Stop codes and reasons follow the "stopped task error codes" page (``STOPPED_ERRORS``); placement failures follow
"API failure reasons" (``failures[].reason``) and the service event messages page.
"""

from __future__ import annotations

from ecskit.models.ecs import TaskStopCode
from ecskit.placement import Reason, unplaced_event
from ecskit.validation.engine import Effect, Outcome, Phase

__all__ = [
    "ADVICE",
    "API",
    "CLIENT",
    "DOUBT_REGISTERS",
    "INVALID",
    "PLATFORM_INCOMPATIBLE",
    "PLATFORM_UNKNOWN",
    "RUNTIME",
    "cannot_create",
    "cannot_pull",
    "cannot_start",
    "deployment_stalled",
    "launch_refused",
    "not_placed",
    "resource_init",
    "stopped",
]

API, RUNTIME, ADVICE = Phase.API, Phase.RUNTIME, Phase.ADVICE

#: RegisterTaskDefinition, CreateCapacityProvider: "These errors are usually caused by a client action."
CLIENT = "ClientException"
#: CreateService, RunTask, CreateCluster, PutClusterCapacityProviders; ECR PutLifecyclePolicy.
INVALID = "InvalidParameterException"
#: CreateService/RunTask on a Fargate platform version that lacks a capability the task definition needs.
PLATFORM_INCOMPATIBLE = "PlatformTaskDefinitionIncompatibilityException"
#: CreateService/RunTask naming a Fargate platform version that does not exist.
PLATFORM_UNKNOWN = "PlatformUnknownException"

_GUIDE = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"
#: The stop codes and the error classes a stoppedReason starts with.
STOPPED_ERRORS = _GUIDE + "stopped-task-error-codes.html"
#: ``failures[].reason`` of RunTask/StartTask (RESOURCE:*, ATTRIBUTE, ...).
API_FAILURES = _GUIDE + "api_failures_messages.html"
#: The service event messages ("was unable to place a task ...").
SERVICE_EVENTS = _GUIDE + "service-event-messages.html"
#: ResourceInitializationError texts (secrets, registry auth, log streams, environment files).
RESOURCE_INIT_ERRORS = _GUIDE + "resource-initialization-error.html"
#: CannotPullContainerError texts.
PULL_ERRORS = _GUIDE + "task_cannot_pull_image.html"
#: CannotStartContainerError texts.
START_ERRORS = _GUIDE + "cannot-start-container.html"


def stopped(
    reason: str, *, code: TaskStopCode = TaskStopCode.TASK_FAILED_TO_START, source: str | None = None
) -> Effect:
    """The task is placed, then stops with ``code`` and ``reason`` (TaskFailedToStart unless said otherwise)."""
    return Effect(outcome=Outcome.STOPPED, stop_code=code, stopped_reason=reason, source=source)


def cannot_pull(detail: str, *, source: str | None = None) -> Effect:
    """The image cannot be pulled: TaskFailedToStart, ``CannotPullContainerError: <detail>``."""
    return stopped(f"CannotPullContainerError: {detail}", source=source)


def cannot_create(detail: str, *, source: str | None = None) -> Effect:
    """Docker refuses to create the container: TaskFailedToStart, ``CannotCreateContainerError: <detail>``."""
    return stopped(f"CannotCreateContainerError: Error response from daemon: {detail}", source=source)


def cannot_start(detail: str, *, source: str | None = None) -> Effect:
    """The container is created but cannot start: TaskFailedToStart, ``CannotStartContainerError: <detail>``."""
    return stopped(f"CannotStartContainerError: Error response from daemon: {detail}", source=source)


def resource_init(detail: str, *, source: str | None = None) -> Effect:
    """What the task needs before its containers start (secrets, registry auth, log stream, volumes) cannot be
    had: TaskFailedToStart, ``ResourceInitializationError: <detail>``."""
    return stopped(f"ResourceInitializationError: {detail}", source=source)


def not_placed(failure_reason: Reason, *, source: str | None = SERVICE_EVENTS) -> Effect:
    """The task is never placed: RunTask's ``failures[].reason`` and the service event naming the closest instance
    (:func:`ecskit.placement.unplaced_event`, with ``{service}`` and ``{instance}`` left to fill in)."""
    return Effect(
        outcome=Outcome.NOT_PLACED,
        failure_reason=str(failure_reason),
        service_event=unplaced_event("{service}", "{instance}", failure_reason),
        source=source,
    )


def deployment_stalled(event: str, *, source: str | None = None) -> Effect:
    """The tasks run but the service's deployment never completes; ``event`` is what the service reports."""
    return Effect(outcome=Outcome.DEPLOYMENT_STALLED, service_event=event, source=source)


def launch_refused(code: str, message: str, *, source: str | None = None) -> Effect:
    """The task definition registers, but CreateService and RunTask refuse it with ``code`` and ``message``."""
    return Effect(outcome=Outcome.LAUNCH_REFUSED, error_code=code, error_message=message, source=source)


#: The doubt of rules whose refusal at registration is not documented (they take the lenient side: runtime).
DOUBT_REGISTERS = (
    "Whether RegisterTaskDefinition refuses this is not documented; ecskit assumes it registers and the task fails."
)
