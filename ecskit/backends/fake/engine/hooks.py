"""The lifecycle stages of a service deployment of the BLUE_GREEN, LINEAR or CANARY strategy: pause hooks
(ContinueServiceDeployment), bake time, and what the service scheduler may do at each stage.

AWS's model ("Lifecycle hooks for Amazon ECS service deployments" and "Pause hooks for Amazon ECS service
deployments", https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-lifecycle-hooks.html and
pause-lifecycle-hooks.html): a deployment goes through lifecycle stages; a ``PAUSE`` hook at a stage makes ECS give
it a ``hookId`` (``ecs-pause-...``), send an ``ECS Hook State Change`` event HOOK_AWAITING_ACTION, and wait until
ContinueServiceDeployment (CONTINUE or ROLLBACK) or the hook's timeout (``timeoutInMinutes``, 1440 unless set; its
``action``, ROLLBACK unless set). ``bakeTimeInMinutes`` is how long both revisions run after the production
traffic shifted, before the old one goes.

The fake has no listener rules to shift traffic with: it runs these deployments as a blue/green scale-up, in these
stages (each stage's hook, when there is one, holds the deployment at its start)::

    RECONCILE_SERVICE (only when more than one older deployment still runs) -> PRE_SCALE_UP
    -> SCALE_UP (the new revision's tasks start, all of them, whatever maximumPercent; the old ones stay)
    -> POST_SCALE_UP -> TEST_TRAFFIC_SHIFT -> POST_TEST_TRAFFIC_SHIFT
    -> PRODUCTION_TRAFFIC_SHIFT (its hooks: PRE_PRODUCTION_TRAFFIC_SHIFT) -> POST_PRODUCTION_TRAFFIC_SHIFT
    -> BAKE_TIME (bakeTimeInMinutes of virtual time) -> CLEAN_UP (the old revision's tasks stop)

SCALE_UP ends when the new revision has its desired count of healthy tasks. Lambda hooks pass at once: the fake
runs no Lambda function (they are not shown in ``lifecycleHookDetails``). A ROLLING deployment has no such stages.
"""

from __future__ import annotations

import base64
import datetime

import attrs

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.events import HookTimeout, Reconcile
from ecskit.backends.fake.core.services import PauseRecord, ServiceDeploymentRecord, ServiceRecord
from ecskit.backends.fake.engine.bus import post
from ecskit.models.ecs import (
    DeploymentLifecycleHookAction,
    DeploymentLifecycleHookStage,
    DeploymentLifecycleHookStatus,
    DeploymentLifecycleHookTargetType,
    DeploymentStrategy,
    ServiceDeploymentLifecycleStage,
    ServiceDeploymentStatus,
)

__all__ = ["FREE", "HOOK_TIMEOUT_MINUTES", "Hold", "current_record", "hold", "resolve_pause", "staged_and_unfinished"]

#: How long a pause hook waits unless its timeoutConfiguration says (the pause hooks page: 1,440 minutes).
HOOK_TIMEOUT_MINUTES = 1440
_S = ServiceDeploymentLifecycleStage
_H = DeploymentLifecycleHookStage
#: The fake's stages, in order, with the hook stage met at the start of each (None: no hook there).
_STAGES: tuple[tuple[ServiceDeploymentLifecycleStage, DeploymentLifecycleHookStage | None], ...] = (
    (_S.RECONCILE_SERVICE, _H.RECONCILE_SERVICE),
    (_S.PRE_SCALE_UP, _H.PRE_SCALE_UP),
    (_S.SCALE_UP, None),
    (_S.POST_SCALE_UP, _H.POST_SCALE_UP),
    (_S.TEST_TRAFFIC_SHIFT, None),
    (_S.POST_TEST_TRAFFIC_SHIFT, _H.POST_TEST_TRAFFIC_SHIFT),
    (_S.PRODUCTION_TRAFFIC_SHIFT, _H.PRE_PRODUCTION_TRAFFIC_SHIFT),
    (_S.POST_PRODUCTION_TRAFFIC_SHIFT, _H.POST_PRODUCTION_TRAFFIC_SHIFT),
    (_S.BAKE_TIME, None),
    (_S.CLEAN_UP, None),
)
_ORDER = [stage for stage, _ in _STAGES]
_HOOK_AT = dict(_STAGES)
_SCALE_UP = _ORDER.index(_S.SCALE_UP)
_STAGED = frozenset({DeploymentStrategy.BLUE_GREEN, DeploymentStrategy.LINEAR, DeploymentStrategy.CANARY})


@attrs.frozen
class Hold:
    """What the scheduler may do with a service's tasks at its deployment's stage."""

    #: Start tasks of the PRIMARY deployment.
    scale_up: bool
    #: Keep the healthy tasks of older deployments.
    keep_old: bool
    #: Start the PRIMARY deployment's whole desired count, whatever maximumPercent.
    full: bool


#: A rolling deployment's: nothing held.
FREE = Hold(scale_up=True, keep_old=False, full=False)
_BEFORE = Hold(scale_up=False, keep_old=True, full=False)
_DURING = Hold(scale_up=True, keep_old=True, full=True)


def current_record(env: Env, service: ServiceRecord) -> ServiceDeploymentRecord | None:
    """The service deployment record of ``service``'s PRIMARY deployment, or None."""
    arn = service.deployment_arns.get(service.primary.id)
    return env.state.service_deployments.get(arn) if arn is not None else None


def _hook_event(env: Env, service: ServiceRecord, record: ServiceDeploymentRecord, pause: PauseRecord) -> None:
    """An ``ECS Hook State Change`` event of ``pause`` (the pause hooks page's sample)."""
    names = {
        DeploymentLifecycleHookStatus.AWAITING_ACTION: "HOOK_AWAITING_ACTION",
        DeploymentLifecycleHookStatus.SUCCEEDED: "HOOK_SUCCEEDED",
        DeploymentLifecycleHookStatus.FAILED: "HOOK_FAILED",
        DeploymentLifecycleHookStatus.TIMED_OUT: "HOOK_TIMED_OUT",
    }
    detail = {
        "eventType": "INFO",
        "eventName": names.get(pause.status, str(pause.status)),
        "hookId": pause.hook_id,
        "hookType": "PAUSE",
        "expiresAt": pause.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "lifecycleStage": str(pause.stage),
        "clusterArn": record.cluster_arn,
        "serviceArn": service.arn,
        "serviceDeploymentArn": record.arn,
        "updatedAt": env.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    post(env, "aws.ecs", "ECS Hook State Change", detail, (service.arn,))


def _hook_id(env: Env) -> str:
    """``ecs-pause-`` and 43 characters of URL-safe base64, as the pause hooks page shows a hookId."""
    raw = bytes.fromhex(env.ids.hex32() + env.ids.hex32())
    return "ecs-pause-" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _pause(
    env: Env, service: ServiceRecord, record: ServiceDeploymentRecord, stage: DeploymentLifecycleHookStage
) -> PauseRecord | None:
    """The pause of the deployment at hook stage ``stage``: the one met before, or a new one (AWAITING_ACTION, its
    timeout queued) when the deployment configuration has a PAUSE hook there; None when it has none."""
    met = next((p for p in record.pauses if p.stage == stage), None)
    if met is not None:
        return met
    hook = next(
        (
            h
            for h in service.deployment_configuration.lifecycle_hooks or ()
            if h.target_type == DeploymentLifecycleHookTargetType.PAUSE and stage in (h.lifecycle_stages or ())
        ),
        None,
    )
    if hook is None:
        return None
    timeout = hook.timeout_configuration
    minutes = timeout.timeout_in_minutes if timeout is not None and timeout.timeout_in_minutes else None
    action = timeout.action if timeout is not None and timeout.action is not None else None
    seconds = 60.0 * (minutes or HOOK_TIMEOUT_MINUTES)
    pause = PauseRecord(
        hook_id=_hook_id(env),
        stage=stage,
        status=DeploymentLifecycleHookStatus.AWAITING_ACTION,
        expires_at=env.clock.now() + datetime.timedelta(seconds=seconds),
        timeout_action=action or DeploymentLifecycleHookAction.ROLLBACK,
        due=env.now + seconds,
    )
    record.pauses.append(pause)
    env.at(pause.due, HookTimeout(service=service.arn, deployment=record.arn, hook=pause.hook_id))
    _hook_event(env, service, record, pause)
    return pause


def hold(env: Env, service: ServiceRecord, primary_serving: int, older_live: int) -> Hold:
    """Where the PRIMARY deployment of ``service`` is (moving it on through the stages whose conditions hold), and
    what the scheduler may do there. ``primary_serving``: the PRIMARY deployment's healthy tasks; ``older_live``:
    how many older deployments still run tasks."""
    strategy = service.deployment_configuration.strategy
    if strategy is None or strategy not in _STAGED:
        return FREE
    record = current_record(env, service)
    if record is None or record.status != ServiceDeploymentStatus.IN_PROGRESS:
        return FREE
    if record.lifecycle_stage is None:
        first = _S.RECONCILE_SERVICE if older_live > 1 else _S.PRE_SCALE_UP
        record.lifecycle_stage = first
    while True:
        stage = record.lifecycle_stage
        index = _ORDER.index(stage)
        hook = _HOOK_AT[stage]
        pause = _pause(env, service, record, hook) if hook is not None else None
        if pause is not None and pause.status == DeploymentLifecycleHookStatus.AWAITING_ACTION:
            break
        if stage == _S.SCALE_UP and primary_serving < service.desired_count:
            break
        if stage == _S.BAKE_TIME:
            if record.bake_until is None:
                minutes = service.deployment_configuration.bake_time_in_minutes or 0
                record.bake_until = env.now + 60.0 * minutes
                if minutes:
                    env.at(record.bake_until, Reconcile(service=service.arn))
            if env.now < record.bake_until:
                break
        if stage == _S.CLEAN_UP:
            return FREE
        record.lifecycle_stage = _ORDER[index + 1]
        record.updated_at = env.clock.now()
    return _BEFORE if _ORDER.index(record.lifecycle_stage) < _SCALE_UP else _DURING


def staged_and_unfinished(env: Env, service: ServiceRecord) -> bool:
    """Whether ``service``'s deployment goes through stages and has not reached CLEAN_UP (it cannot complete)."""
    strategy = service.deployment_configuration.strategy
    if strategy is None or strategy not in _STAGED:
        return False
    record = current_record(env, service)
    return (
        record is not None
        and record.status == ServiceDeploymentStatus.IN_PROGRESS
        and record.lifecycle_stage != _S.CLEAN_UP
    )


def resolve_pause(
    env: Env,
    service: ServiceRecord,
    record: ServiceDeploymentRecord,
    pause: PauseRecord,
    status: DeploymentLifecycleHookStatus,
) -> None:
    """A pause is acted on (SUCCEEDED, FAILED) or times out (TIMED_OUT): its status, its event; the scheduler looks
    again. What comes of it (the deployment goes on, or rolls back) is the caller's."""
    pause.status = status
    record.updated_at = env.clock.now()
    _hook_event(env, service, record, pause)
