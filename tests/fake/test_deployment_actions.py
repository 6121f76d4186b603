"""FakeBackend: acting on service deployments: StopServiceDeployment (ROLLBACK, ABORT) and ContinueServiceDeployment
with the stages, pause hooks and bake time of blue/green deployments."""

from __future__ import annotations

from typing import Any

import pytest

from ecskit import from_api
from ecskit.backends.fake import FakeBackend
from ecskit.errors import ConflictError, InvalidRequestError, NotFoundError
from ecskit.models.ecs import (
    ContinueServiceDeploymentRequest,
    CreateServiceRequest,
    DeploymentLifecycleHookAction,
    DeploymentLifecycleHookStatus,
    DescribeServiceDeploymentsRequest,
    DescribeServicesRequest,
    Service,
    ServiceDeployment,
    ServiceDeploymentLifecycleStage,
    ServiceDeploymentStatus,
    StopServiceDeploymentRequest,
    StopServiceDeploymentStopType,
    UpdateServiceRequest,
)
from tests.support.fake_ecs import cluster, container, register, taskdef

_S = ServiceDeploymentStatus
_L = ServiceDeploymentLifecycleStage


def _fake() -> FakeBackend:
    fake = FakeBackend()
    cluster(fake)
    for n in range(3):
        register(fake, "web", n)
    taskdef(fake, "app", container(image="nginx:1"))
    taskdef(fake, "app", container(image="nginx:2"))
    return fake


def _create(fake: FakeBackend, **members: Any) -> Service:
    doc = {"cluster": "web", "serviceName": "api", "taskDefinition": "app:1", "desiredCount": 2, **members}
    service = fake.create_service(from_api(doc, CreateServiceRequest)).service
    assert service is not None
    return service


def _service(fake: FakeBackend) -> Service:
    return (fake.describe_services(DescribeServicesRequest(cluster="web", services=("api",))).services or ())[0]


def _current(fake: FakeBackend) -> ServiceDeployment:
    arn = _service(fake).current_service_deployment or ""
    found = fake.describe_service_deployments(DescribeServiceDeploymentsRequest(service_deployment_arns=(arn,)))
    return (found.service_deployments or ())[0]


def _update(fake: FakeBackend, revision: str = "app:2") -> ServiceDeployment:
    fake.update_service(UpdateServiceRequest(cluster="web", service="api", task_definition=revision))
    return _current(fake)


def _images(fake: FakeBackend) -> list[str]:
    ecs = fake.client("ecs")
    arns = ecs.list_tasks(cluster="web")["taskArns"]
    tasks = ecs.describe_tasks(cluster="web", tasks=arns)["tasks"] if arns else []
    return sorted(t["containers"][0]["image"] for t in tasks if t["lastStatus"] == "RUNNING")


def _stop(fake: FakeBackend, arn: str, stop_type: StopServiceDeploymentStopType | None = None) -> None:
    request = StopServiceDeploymentRequest(service_deployment_arn=arn, stop_type=stop_type)
    assert fake.stop_service_deployment(request).service_deployment_arn == arn


# -- StopServiceDeployment -------------------------------------------------------------------------------------------


def test_rollback_goes_back_to_the_revision_the_deployment_replaces() -> None:
    fake = _fake()
    _create(fake)
    fake.advance(60)
    first = _current(fake)
    second = _update(fake)
    _stop(fake, second.service_deployment_arn or "")  # ROLLBACK is what a stop without a type does
    assert _current(fake).status == _S.ROLLBACK_REQUESTED  # "moves to the ROLLBACK_REQUESTED state"
    fake.advance(1)
    assert _current(fake).status == _S.ROLLBACK_IN_PROGRESS
    fake.advance(120)
    record = _current(fake)
    assert record.service_deployment_arn == second.service_deployment_arn  # the rollback is counted in it
    assert record.status == _S.ROLLBACK_SUCCESSFUL
    assert record.rollback is not None
    assert record.target_service_revision is not None
    assert first.target_service_revision is not None
    assert record.rollback.service_revision_arn == first.target_service_revision.arn
    assert record.rollback.started_at is not None
    service = _service(fake)
    assert service.task_definition == "arn:aws:ecs:us-east-1:123456789012:task-definition/app:1"
    assert [d.rollout_state for d in service.deployments or ()] == ["COMPLETED"]
    assert _images(fake) == ["nginx:1", "nginx:1"]


def test_rollback_without_the_rollback_option_configured() -> None:
    """ "You can use this option even if you didn't configure the service deployment for the rollback option.\""""
    fake = _fake()
    _create(fake, deploymentConfiguration={"deploymentCircuitBreaker": {"enable": False, "rollback": False}})
    fake.advance(60)
    second = _update(fake)
    _stop(fake, second.service_deployment_arn or "", StopServiceDeploymentStopType.ROLLBACK)
    fake.advance(120)
    assert _current(fake).status == _S.ROLLBACK_SUCCESSFUL


def test_stopping_a_deployment_already_stopping_changes_nothing() -> None:
    fake = _fake()
    _create(fake)
    fake.advance(60)
    arn = _update(fake).service_deployment_arn or ""
    _stop(fake, arn)
    _stop(fake, arn)  # ROLLBACK_REQUESTED: "the service deployment continues the rollback operation"
    fake.advance(1)
    _stop(fake, arn)  # ROLLBACK_IN_PROGRESS: the same
    fake.advance(120)
    assert _current(fake).status == _S.ROLLBACK_SUCCESSFUL


def test_abort_stops_the_deployment_without_a_rollback() -> None:
    fake = _fake()
    _create(fake)
    fake.advance(60)
    arn = _update(fake).service_deployment_arn or ""
    _stop(fake, arn, StopServiceDeploymentStopType.ABORT)
    assert _current(fake).status == _S.STOP_REQUESTED
    fake.advance(1)
    record = _current(fake)
    assert record.status == _S.STOPPED
    assert record.stopped_at is not None
    assert record.rollback is None
    fake.advance(300)
    assert _current(fake).status == _S.STOPPED  # never SUCCESSFUL afterwards
    assert (_service(fake).deployments or ())[0].rollout_state == "FAILED"


def test_a_finished_deployment_cannot_be_stopped() -> None:
    fake = _fake()
    _create(fake)
    fake.advance(60)
    record = _current(fake)
    assert record.status == _S.SUCCESSFUL
    with pytest.raises(ConflictError) as info:
        _stop(fake, record.service_deployment_arn or "")
    assert info.value.code == "ConflictException"
    assert _current(fake).status == _S.SUCCESSFUL  # a refused call changes nothing


def test_a_services_first_deployment_has_nothing_to_roll_back_to() -> None:
    fake = _fake()
    arn = _create(fake).current_service_deployment or ""
    with pytest.raises(ConflictError) as info:
        _stop(fake, arn)
    assert info.value.code == "ConflictException"
    assert _current(fake).status == _S.IN_PROGRESS


def test_an_unknown_deployment() -> None:
    fake = _fake()
    with pytest.raises(NotFoundError) as info:
        _stop(fake, "arn:aws:ecs:us-east-1:123456789012:service-deployment/web/api/nope")
    assert info.value.code == "ServiceDeploymentNotFoundException"
    with pytest.raises(NotFoundError):
        fake.continue_service_deployment(ContinueServiceDeploymentRequest(service_deployment_arn="x", hook_id="y"))


# -- Stages, pause hooks and bake time --------------------------------------------------------------------------------


def _blue_green(**members: Any) -> dict[str, Any]:
    return {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 0, **members}


def _pause(*stages: str, **timeout: Any) -> dict[str, Any]:
    hook: dict[str, Any] = {"targetType": "PAUSE", "lifecycleStages": list(stages)}
    if timeout:
        hook["timeoutConfiguration"] = timeout
    return hook


def _continue(fake: FakeBackend, action: DeploymentLifecycleHookAction | None = None) -> None:
    record = _current(fake)
    (hook,) = [
        h for h in record.lifecycle_hook_details or () if h.status == DeploymentLifecycleHookStatus.AWAITING_ACTION
    ]
    request = ContinueServiceDeploymentRequest(
        service_deployment_arn=record.service_deployment_arn or "", hook_id=hook.hook_id or "", action=action
    )
    assert fake.continue_service_deployment(request).service_deployment_arn == record.service_deployment_arn


def test_a_pause_before_scale_up_holds_the_new_revision_back() -> None:
    fake = _fake()
    _create(fake, deploymentConfiguration=_blue_green(lifecycleHooks=[_pause("PRE_SCALE_UP")]))
    fake.advance(60)
    record = _current(fake)
    assert (record.status, record.lifecycle_stage) == (_S.IN_PROGRESS, _L.PRE_SCALE_UP)
    (hook,) = record.lifecycle_hook_details or ()
    assert (hook.status, str(hook.target_type), hook.timeout_action) == (
        DeploymentLifecycleHookStatus.AWAITING_ACTION,
        "PAUSE",
        DeploymentLifecycleHookAction.ROLLBACK,  # the pause hooks page: ROLLBACK unless told
    )
    assert (hook.hook_id or "").startswith("ecs-pause-")
    assert len(hook.hook_id or "") == len("ecs-pause-") + 43  # as the page's example hookId
    assert hook.expires_at is not None
    assert record.created_at is not None
    assert (hook.expires_at - record.created_at).total_seconds() == 1440 * 60  # 24 hours unless told
    assert _images(fake) == []
    _continue(fake)
    fake.advance(60)
    assert _current(fake).status == _S.SUCCESSFUL
    assert [h.status for h in _current(fake).lifecycle_hook_details or ()] == [DeploymentLifecycleHookStatus.SUCCEEDED]
    assert _images(fake) == ["nginx:1", "nginx:1"]


def test_a_pause_after_scale_up_keeps_both_revisions_running() -> None:
    fake = _fake()
    _create(fake, deploymentConfiguration=_blue_green(lifecycleHooks=[_pause("POST_SCALE_UP")]))
    fake.advance(60)
    _continue(fake)
    fake.advance(60)
    _update(fake)
    fake.advance(120)
    record = _current(fake)
    assert (record.status, record.lifecycle_stage) == (_S.IN_PROGRESS, _L.POST_SCALE_UP)
    assert _images(fake) == ["nginx:1", "nginx:1", "nginx:2", "nginx:2"]  # blue and green, whatever maximumPercent
    _continue(fake)
    fake.advance(60)
    assert _current(fake).status == _S.SUCCESSFUL
    assert _images(fake) == ["nginx:2", "nginx:2"]


def test_continue_with_rollback_rolls_the_deployment_back() -> None:
    fake = _fake()
    _create(fake, deploymentConfiguration=_blue_green(lifecycleHooks=[_pause("POST_SCALE_UP")]))
    fake.advance(60)
    _continue(fake)
    fake.advance(60)
    _update(fake)
    fake.advance(60)
    _continue(fake, DeploymentLifecycleHookAction.ROLLBACK)
    fake.advance(120)
    record = _current(fake)
    assert record.status == _S.ROLLBACK_SUCCESSFUL
    assert [h.status for h in record.lifecycle_hook_details or ()] == [DeploymentLifecycleHookStatus.FAILED]
    assert _images(fake) == ["nginx:1", "nginx:1"]


def test_a_pause_times_out_with_its_action() -> None:
    fake = _fake()
    hooks = [_pause("PRE_SCALE_UP", timeoutInMinutes=10, action="CONTINUE")]
    _create(fake, deploymentConfiguration=_blue_green(lifecycleHooks=hooks))
    fake.advance(599)
    assert _current(fake).lifecycle_stage == _L.PRE_SCALE_UP
    fake.advance(60)
    record = _current(fake)
    assert [h.status for h in record.lifecycle_hook_details or ()] == [DeploymentLifecycleHookStatus.TIMED_OUT]
    assert record.status == _S.SUCCESSFUL


def test_a_pause_that_times_out_rolls_back_by_default() -> None:
    fake = _fake()
    _create(fake, deploymentConfiguration=_blue_green(lifecycleHooks=[_pause("POST_SCALE_UP", timeoutInMinutes=5)]))
    fake.advance(60)
    _continue(fake)
    fake.advance(60)
    _update(fake)
    fake.advance(400)
    record = _current(fake)
    assert record.status == _S.ROLLBACK_SUCCESSFUL
    assert [h.status for h in record.lifecycle_hook_details or ()] == [DeploymentLifecycleHookStatus.TIMED_OUT]


def test_bake_time_keeps_the_old_revision_running() -> None:
    fake = _fake()
    _create(fake, deploymentConfiguration=_blue_green(bakeTimeInMinutes=2))
    fake.advance(200)
    assert _current(fake).status == _S.SUCCESSFUL
    _update(fake)
    fake.advance(60)
    record = _current(fake)
    assert (record.status, record.lifecycle_stage) == (_S.IN_PROGRESS, _L.BAKE_TIME)
    assert _images(fake) == ["nginx:1", "nginx:1", "nginx:2", "nginx:2"]
    fake.advance(120)
    record = _current(fake)
    assert (record.status, record.lifecycle_stage) == (_S.SUCCESSFUL, _L.CLEAN_UP)
    assert _images(fake) == ["nginx:2", "nginx:2"]


def test_hook_events_are_sent() -> None:
    fake = _fake()
    _create(fake, deploymentConfiguration=_blue_green(lifecycleHooks=[_pause("PRE_SCALE_UP")]))
    fake.advance(1)
    _continue(fake)
    events = [e for e in fake.events.sent() if e["detail-type"] == "ECS Hook State Change"]
    assert [e["detail"]["eventName"] for e in events] == ["HOOK_AWAITING_ACTION", "HOOK_SUCCEEDED"]
    detail = events[0]["detail"]
    assert (detail["hookType"], detail["lifecycleStage"]) == ("PAUSE", "PRE_SCALE_UP")
    assert detail["serviceDeploymentArn"] == _current(fake).service_deployment_arn


def test_only_a_pause_awaiting_action_can_be_continued() -> None:
    fake = _fake()
    _create(fake, deploymentConfiguration=_blue_green(lifecycleHooks=[_pause("PRE_SCALE_UP")]))
    fake.advance(1)
    arn = _current(fake).service_deployment_arn or ""
    with pytest.raises(InvalidRequestError) as info:
        fake.continue_service_deployment(ContinueServiceDeploymentRequest(service_deployment_arn=arn, hook_id="nope"))
    assert info.value.code == "InvalidParameterException"
    _continue(fake)
    hook = (_current(fake).lifecycle_hook_details or ())[0].hook_id or ""
    with pytest.raises(InvalidRequestError):  # SUCCEEDED already
        fake.continue_service_deployment(ContinueServiceDeploymentRequest(service_deployment_arn=arn, hook_id=hook))


def test_a_rolling_deployment_has_no_stages() -> None:
    fake = _fake()
    _create(fake, deploymentConfiguration={"lifecycleHooks": [_pause("PRE_SCALE_UP")]})
    fake.advance(60)
    record = _current(fake)
    assert (record.status, record.lifecycle_stage, record.lifecycle_hook_details) == (_S.SUCCESSFUL, None, None)


def test_a_paused_deployment_survives_a_save_and_restore() -> None:
    fake = _fake()
    _create(fake, deploymentConfiguration=_blue_green(lifecycleHooks=[_pause("PRE_SCALE_UP")]))
    fake.advance(10)
    again = FakeBackend.restore(fake.save())
    assert again.save() == fake.save()
    _continue(again)
    again.advance(60)
    assert _current(again).status == _S.SUCCESSFUL
