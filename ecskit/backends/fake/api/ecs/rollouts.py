"""Service revisions and acting on service deployments: DescribeServiceRevisions, StopServiceDeployment,
ContinueServiceDeployment. The revisions and the stages of a deployment are the engine's
(:mod:`~ecskit.backends.fake.engine.deployments`, :mod:`~ecskit.backends.fake.engine.hooks`).

* DescribeServiceRevisions (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html):
  1 to 20 ARNs; an unknown one is a failure with reason MISSING.
* StopServiceDeployment ("Stopping Amazon ECS service deployments",
  https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stop-service-deployment.html): ``ROLLBACK`` (also when
  ``stopType`` is not given) of a PENDING or IN_PROGRESS deployment moves it to ROLLBACK_REQUESTED, and the service's
  scheduler then rolls it back to the revision it replaces (ROLLBACK_IN_PROGRESS, then ROLLBACK_SUCCESSFUL), "even if
  you didn't configure the service deployment for the rollback option"; stopping one that is already stopping or
  rolling back changes nothing ("continues"). ``ABORT``, which the API accepts but AWS does not document, stops the
  deployment where it is without a rollback (STOP_REQUESTED, then STOPPED): ecskit's reading. A deployment that has
  finished, or a service's first (there is nothing to roll back to), is a ConflictException.
* ContinueServiceDeployment ("Continuing service deployments",
  https://docs.aws.amazon.com/AmazonECS/latest/developerguide/continue-service-deployment.html): the pause hook
  ``hookId`` of an IN_PROGRESS deployment must be AWAITING_ACTION; ``CONTINUE`` (the default) lets the deployment go
  on to its next stage, ``ROLLBACK`` rolls it back as StopServiceDeployment does.

An unknown service deployment is ServiceDeploymentNotFoundException. AWS's texts for these refusals are not public:
the fake's are ecskit's wording, in AWS's form.
"""

from __future__ import annotations

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.services import ServiceDeploymentRecord, ServiceRecord
from ecskit.backends.fake.engine.deployments import request
from ecskit.backends.fake.engine.hooks import resolve_pause
from ecskit.backends.fake.engine.tasks import poke_service
from ecskit.backends.fake.registry import handles
from ecskit.models.ecs import (
    ContinueServiceDeploymentRequest,
    ContinueServiceDeploymentResponse,
    DeploymentLifecycleHookAction,
    DeploymentLifecycleHookStatus,
    DescribeServiceRevisionsRequest,
    DescribeServiceRevisionsResponse,
    Failure,
    ServiceDeploymentStatus,
    ServiceRevision,
    StopServiceDeploymentRequest,
    StopServiceDeploymentResponse,
    StopServiceDeploymentStopType,
)
from ecskit.texts import ecs

__all__ = ["continue_service_deployment", "describe_service_revisions", "stop_service_deployment"]

_MAX_REVISIONS = 20
_S = ServiceDeploymentStatus
#: What StopServiceDeployment may stop, and what it lets go on as it is.
_STOPPABLE = (_S.PENDING, _S.IN_PROGRESS)
_STOPPING = (_S.STOP_REQUESTED, _S.ROLLBACK_REQUESTED, _S.ROLLBACK_IN_PROGRESS)
#: The reasons the fake records (ecskit's wording).
_STOP_ROLLBACK = "ECS deployment rollback requested by StopServiceDeployment."
_STOP_ABORT = "ECS deployment stopped by StopServiceDeployment."


@handles(DescribeServiceRevisionsRequest)
def describe_service_revisions(env: Env, req: DescribeServiceRevisionsRequest) -> DescribeServiceRevisionsResponse:
    """DescribeServiceRevisions (see the module's documentation)."""
    if not 1 <= len(req.service_revision_arns) <= _MAX_REVISIONS:
        refuse(ecs.SERVICE_REVISIONS_COUNT, limit=_MAX_REVISIONS)
    found: list[ServiceRevision] = []
    failures: list[Failure] = []
    for arn in req.service_revision_arns:
        revision = env.state.service_revisions.get(arn)
        if revision is None:
            failures.append(Failure(arn=arn, reason="MISSING"))
        else:
            found.append(revision)
    return DescribeServiceRevisionsResponse(service_revisions=tuple(found), failures=tuple(failures))


def _deployment(env: Env, arn: str) -> tuple[ServiceDeploymentRecord, ServiceRecord | None]:
    record = env.state.service_deployments.get(arn)
    if record is None:
        refuse(ecs.SERVICE_DEPLOYMENT_NOT_FOUND, arn=arn)
    return record, env.state.services.get(record.service_arn)


@handles(StopServiceDeploymentRequest)
def stop_service_deployment(env: Env, req: StopServiceDeploymentRequest) -> StopServiceDeploymentResponse:
    """StopServiceDeployment (see the module's documentation)."""
    record, service = _deployment(env, req.service_deployment_arn)
    done = StopServiceDeploymentResponse(service_deployment_arn=record.arn)
    if record.status in _STOPPING:
        return done
    if record.status not in _STOPPABLE or service is None or service.status != "ACTIVE":
        refuse(ecs.SERVICE_DEPLOYMENT_FINISHED, {"resourceIds": [record.arn]}, status=record.status)
    if req.stop_type == StopServiceDeploymentStopType.ABORT:
        request(env, service, record, _S.STOP_REQUESTED, _STOP_ABORT)
    else:
        if record.source is None:
            refuse(ecs.SERVICE_DEPLOYMENT_NO_ROLLBACK, {"resourceIds": [record.arn]})
        request(env, service, record, _S.ROLLBACK_REQUESTED, _STOP_ROLLBACK)
    poke_service(env, service.arn)
    return done


@handles(ContinueServiceDeploymentRequest)
def continue_service_deployment(env: Env, req: ContinueServiceDeploymentRequest) -> ContinueServiceDeploymentResponse:
    """ContinueServiceDeployment (see the module's documentation)."""
    record, service = _deployment(env, req.service_deployment_arn)
    pause = next((p for p in record.pauses if p.hook_id == req.hook_id), None)
    waiting = pause is not None and pause.status == DeploymentLifecycleHookStatus.AWAITING_ACTION
    if pause is None or not waiting or record.status != _S.IN_PROGRESS or service is None:
        refuse(ecs.HOOK_NOT_AWAITING, hook=req.hook_id)
    if req.action == DeploymentLifecycleHookAction.ROLLBACK:
        resolve_pause(env, service, record, pause, DeploymentLifecycleHookStatus.FAILED)
        reason = f"The lifecycle hook {pause.hook_id} at {pause.stage} asked for a rollback."
        request(env, service, record, _S.ROLLBACK_REQUESTED, reason)
    else:
        resolve_pause(env, service, record, pause, DeploymentLifecycleHookStatus.SUCCEEDED)
    poke_service(env, service.arn)
    return ContinueServiceDeploymentResponse(service_deployment_arn=record.arn)
