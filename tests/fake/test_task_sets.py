"""FakeBackend: task sets of services of the EXTERNAL and CODE_DEPLOY deployment controllers (the sets, their
tasks in virtual time, blue/green behind two target groups, the refusals with AWS's texts).

Sources of what is asserted: the API reference of TaskSet, CreateTaskSet, UpdateTaskSet, DeleteTaskSet,
DescribeTaskSets, UpdateServicePrimaryTaskSet, CreateService and UpdateService; the ECS developer guide's "Deploy
Amazon ECS services using a third-party controller"; the AWS CLI's examples of the task set commands; and the
public reports of AWS's answers each refusal names (see ecskit/backends/fake/api/ecs/task_sets.py)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecskit import from_api
from ecskit.backends.fake import FakeBackend
from ecskit.errors import ConflictError, ConversionError, InvalidRequestError, NotFoundError
from ecskit.models.ecs import (
    ContainerInstanceStatus,
    CreateServiceRequest,
    CreateTaskSetRequest,
    DeleteServiceRequest,
    DeleteTaskSetRequest,
    DescribeServicesRequest,
    DescribeTaskSetsRequest,
    DescribeTasksRequest,
    ListTagsForResourceRequest,
    ListTasksRequest,
    Scale,
    ScaleUnit,
    Service,
    StabilityStatus,
    Tag,
    TagResourceRequest,
    Task,
    TaskSet,
    TaskSetField,
    UpdateContainerInstancesStateRequest,
    UpdateServicePrimaryTaskSetRequest,
    UpdateServiceRequest,
    UpdateTaskSetRequest,
)
from ecskit.models.elbv2 import (
    Listener,
    LoadBalancer,
    TargetGroup,
    TargetGroupHealthCheck,
    TargetHealthState,
    TargetType,
)
from tests.support.fake_ecs import awsvpc, cluster, container, fargate_taskdef, register, taskdef

TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"
CHECK = TargetGroupHealthCheck(interval_seconds=10, healthy_threshold_count=3, unhealthy_threshold_count=2)


def _fake(instances: int = 3) -> tuple[FakeBackend, str, str]:
    """A cluster of EC2 instances, two revisions of a task definition, and an EXTERNAL service of 4 tasks."""
    fake = FakeBackend()
    cluster(fake)
    for n in range(instances):
        register(fake, "web", n)
    blue = taskdef(fake, "app", container(portMappings=[{"containerPort": 80, "hostPort": 0}]))
    green = taskdef(fake, "app", container(portMappings=[{"containerPort": 80, "hostPort": 0}]))
    _external(fake)
    return fake, blue, green


def _external(fake: FakeBackend, name: str = "ext", desired: int = 4, **members: Any) -> Service:
    doc = {
        "cluster": "web",
        "serviceName": name,
        "desiredCount": desired,
        "deploymentController": {"type": "EXTERNAL"},
        **members,
    }
    service = fake.create_service(from_api(doc, CreateServiceRequest)).service
    assert service is not None
    return service


def _create(fake: FakeBackend, td: str, service: str = "ext", **members: Any) -> TaskSet:
    doc = {"cluster": "web", "service": service, "taskDefinition": td, **members}
    made = fake.create_task_set(from_api(doc, CreateTaskSetRequest)).task_set
    assert made is not None
    return made


def _scale(percent: float) -> dict[str, Any]:
    return {"scale": {"value": percent, "unit": "PERCENT"}}


def _sets(fake: FakeBackend, *refs: str | None, service: str = "ext") -> list[TaskSet]:
    found = fake.describe_task_sets(
        DescribeTaskSetsRequest(cluster="web", service=service, task_sets=tuple(r or "" for r in refs))
    )
    return list(found.task_sets or ())


def _set(fake: FakeBackend, ref: str | None, service: str = "ext") -> TaskSet:
    return _sets(fake, ref, service=service)[0]


def _service(fake: FakeBackend, name: str = "ext") -> Service:
    return (fake.describe_services(DescribeServicesRequest(cluster="web", services=(name,))).services or ())[0]


def _tasks(fake: FakeBackend, desired: str = "RUNNING") -> list[Task]:
    arns = fake.list_tasks(from_api({"cluster": "web", "desiredStatus": desired}, ListTasksRequest)).task_arns or ()
    if not arns:
        return []
    return list(fake.describe_tasks(DescribeTasksRequest(cluster="web", tasks=arns)).tasks or ())


def _primary(fake: FakeBackend, ref: str | None) -> TaskSet:
    made = fake.update_service_primary_task_set(
        UpdateServicePrimaryTaskSetRequest(cluster="web", service="ext", primary_task_set=ref or "")
    ).task_set
    assert made is not None
    return made


def _update(fake: FakeBackend, ref: str | None, percent: float) -> TaskSet:
    doc = {"cluster": "web", "service": "ext", "taskSet": ref, **_scale(percent)}
    made = fake.update_task_set(from_api(doc, UpdateTaskSetRequest)).task_set
    assert made is not None
    return made


# -- services of the EXTERNAL controller ------------------------------------------------------------------------------


def test_an_external_service_needs_no_task_definition_and_shows_task_sets_not_deployments() -> None:
    fake, _, _ = _fake()
    service = _service(fake)
    assert service.status == "ACTIVE"
    assert service.deployment_controller is not None
    assert service.deployment_controller.type == "EXTERNAL"
    # "If no primary task set is defined for a service, when describing the service, the task set fields are null."
    assert (service.task_definition, service.launch_type, service.network_configuration) == (None, None, None)
    assert service.task_sets == ()
    assert service.deployments == ()  # a Deployment "is used only when a service uses the ECS deployment controller"


@pytest.mark.parametrize(
    ("members", "text"),
    [
        ({"taskDefinition": "app"}, "TaskDefinition must be blank."),
        ({"networkConfiguration": awsvpc()}, "NetworkConfiguration must be null."),
        (
            {"loadBalancers": [{"targetGroupArn": TG, "containerName": "app", "containerPort": 80}]},
            "LoadBalancers must be empty or null.",
        ),
        ({"taskDefinition": ""}, "Family should not be null or empty."),
    ],
)
def test_an_external_service_refuses_what_its_task_sets_set(members: dict[str, Any], text: str) -> None:
    fake, _, _ = _fake()
    before = fake.save()
    with pytest.raises(InvalidRequestError) as info:
        _external(fake, "other", **members)
    assert (info.value.code, info.value.message) == ("InvalidParameterException", text)
    assert fake.save() == before


def test_an_external_service_takes_its_launch_settings_from_its_task_sets_only() -> None:
    """Lenient where AWS's answer is not public: a launch type or platform version given to an EXTERNAL service is
    accepted (validation advises against it: svc-external-task-set-settings) and not used; its task sets say."""
    fake, _, _ = _fake()
    service = _external(fake, "other", launchType="FARGATE", platformVersion="1.4.0")
    assert (service.launch_type, service.platform_version) == (None, None)


def _update_service(fake: FakeBackend, service: str = "ext", **members: Any) -> Service:
    doc = {"cluster": "web", "service": service, **members}
    updated = fake.update_service(from_api(doc, UpdateServiceRequest)).service
    assert updated is not None
    return updated


def test_update_service_of_an_external_service_changes_its_desired_count_not_its_task_sets_members() -> None:
    fake, blue, green = _fake()
    _create(fake, blue, **_scale(50))
    _update_service(fake, desiredCount=6)
    fake.advance(120)
    assert (_service(fake).desired_count, _service(fake).running_count) == (6, 3)
    before = fake.save()
    refused: list[tuple[dict[str, Any], str]] = [
        ({"taskDefinition": green}, "Unable to update task definition on services with a EXTERNAL deployment"),
        ({"networkConfiguration": awsvpc()}, "Unable to update network parameters on services with a"),
        ({"platformVersion": "1.4.0"}, "Unable to update platform version"),
        ({"loadBalancers": []}, "Unable to update load balancers"),
        ({"capacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}]}, "capacity provider strategy"),
    ]
    for members, text in refused:
        with pytest.raises(InvalidRequestError, match=text) as info:
            _update_service(fake, **members)
        assert info.value.code == "InvalidParameterException"
    assert fake.save() == before


# -- task sets: what CreateTaskSet makes, and what the scheduler keeps ------------------------------------------------


def test_a_new_task_set_is_active_keeps_no_task_without_a_scale_and_settles() -> None:
    fake, blue, _ = _fake()
    made = _create(fake, blue, externalId="deploy-1")
    # The AWS CLI's create-task-set example: id ecs-svc/<digits>, ARN task-set/<cluster>/<service>/<id>, ACTIVE,
    # scale 0.0 PERCENT when none is given, launch type EC2, STABILIZING until the scheduler looks at it.
    assert made.id is not None
    assert made.id.startswith("ecs-svc/")
    assert made.id[8:].isdigit()
    assert made.task_set_arn == f"arn:aws:ecs:us-east-1:123456789012:task-set/web/ext/{made.id}"
    assert made.service_arn == "arn:aws:ecs:us-east-1:123456789012:service/web/ext"
    assert made.cluster_arn == "arn:aws:ecs:us-east-1:123456789012:cluster/web"
    assert (made.status, made.external_id, made.launch_type) == ("ACTIVE", "deploy-1", "EC2")
    assert made.scale is not None
    assert (made.scale.value, made.scale.unit) == (0.0, "PERCENT")
    assert (made.computed_desired_count, made.running_count, made.pending_count) == (0, 0, 0)
    assert made.stability_status == StabilityStatus.STABILIZING
    assert (made.task_definition or "").endswith("task-definition/app:1")
    fake.advance(1)
    settled = _set(fake, made.id)
    assert settled.stability_status == StabilityStatus.STEADY_STATE
    assert _tasks(fake) == []


def test_a_task_set_runs_its_share_of_the_desired_count_and_its_tasks_are_started_by_it() -> None:
    fake, blue, _ = _fake()
    made = _create(fake, blue, **_scale(50))
    assert made.computed_desired_count == 2
    fake.advance(1)
    assert _set(fake, made.id).pending_count == 2
    fake.advance(120)
    shown = _set(fake, made.id)
    assert (shown.running_count, shown.pending_count, shown.stability_status) == (2, 0, StabilityStatus.STEADY_STATE)
    tasks = _tasks(fake)
    assert [t.started_by for t in tasks] == [made.id, made.id]
    assert all(t.group == "service:ext" for t in tasks)
    service = _service(fake)
    assert (service.running_count, service.pending_count, service.desired_count) == (2, 0, 4)
    messages = [e.message or "" for e in service.events or ()]
    assert f"(service ext, taskSet {made.id}) has started 2 tasks: " in messages[-1]
    assert f"(service ext, taskSet {made.id}) updated state to STEADY_STATE." in messages
    assert messages[0] == "(service ext) has reached a steady state."


@pytest.mark.parametrize(("desired", "percent", "computed"), [(4, 30, 2), (3, 33.33, 1), (10, 10, 1), (5, 0, 0)])
def test_the_computed_desired_count_is_always_rounded_up(desired: int, percent: float, computed: int) -> None:
    """ "This is calculated by multiplying the service's desiredCount by the task set's scale percentage. The result
    is always rounded up. For example, if the computed desired count is 1.2, it rounds up to 2 tasks." (TaskSet)"""
    fake, blue, _ = _fake()
    _update_service(fake, desiredCount=desired)
    assert _create(fake, blue, **_scale(percent)).computed_desired_count == computed


@given(desired=st.integers(0, 40), percent=st.floats(0, 100, allow_nan=False))
def test_the_computed_desired_count_is_the_least_whole_number_of_tasks_at_least_the_share(
    desired: int, percent: float
) -> None:
    fake = FakeBackend()
    cluster(fake)
    td = taskdef(fake, "app")
    _external(fake, desired=desired)
    computed = _create(fake, td, **_scale(percent)).computed_desired_count
    share = desired * percent / 100
    assert computed is not None
    assert share - 1e-6 <= computed < share + 1
    assert computed == math.ceil(round(share, 9))


def test_scaling_a_task_set_starts_and_stops_its_tasks() -> None:
    fake, blue, _ = _fake()
    made = _create(fake, blue, **_scale(100))
    fake.advance(120)
    assert _set(fake, made.id).running_count == 4
    shrunk = _update(fake, made.task_set_arn, 25)
    assert shrunk.scale is not None
    assert shrunk.scale.value == 25.0
    assert (shrunk.computed_desired_count, shrunk.stability_status) == (1, StabilityStatus.STABILIZING)
    fake.advance(1)
    assert _set(fake, made.id).stability_status == StabilityStatus.STABILIZING  # 3 tasks still stopping
    fake.advance(120)
    shown = _set(fake, made.id)
    assert (shown.running_count, shown.stability_status) == (1, StabilityStatus.STEADY_STATE)
    stopped = _tasks(fake, "STOPPED")
    assert len(stopped) == 3
    assert {t.stopped_reason for t in stopped} == {f"Scaling activity initiated by (deployment {made.id})"}
    assert {t.stop_code for t in stopped} == {"ServiceSchedulerInitiated"}


def test_the_primary_task_set_gives_the_service_its_settings() -> None:
    fake, blue, green = _fake()
    first = _create(fake, blue, **_scale(100))
    second = _create(fake, green, **_scale(0))
    primary = _primary(fake, first.id)
    assert primary.status == "PRIMARY"
    assert (_service(fake).task_definition or "").endswith("app:1")
    assert _service(fake).launch_type == "EC2"
    switched = _primary(fake, second.task_set_arn)
    assert switched.status == "PRIMARY"
    assert [s.status for s in _sets(fake, first.id, second.id)] == ["ACTIVE", "PRIMARY"]
    assert (_service(fake).task_definition or "").endswith("app:2")
    assert [s.status for s in _service(fake).task_sets or ()] == ["ACTIVE", "PRIMARY"]


def test_deleting_a_task_set_drains_it_and_it_goes_once_its_tasks_have_stopped() -> None:
    fake, blue, green = _fake()
    old = _create(fake, blue, **_scale(100), tags=[{"key": "color", "value": "blue"}])
    new = _create(fake, green, **_scale(100))
    _primary(fake, old.id)
    fake.advance(120)
    assert _service(fake).running_count == 8
    before = fake.save()
    with pytest.raises(InvalidRequestError, match="scaled above 0") as info:
        fake.delete_task_set(DeleteTaskSetRequest(cluster="web", service="ext", task_set=old.id or ""))
    assert info.value.code == "InvalidParameterException"
    assert fake.save() == before
    _primary(fake, new.id)
    deleted = fake.delete_task_set(
        DeleteTaskSetRequest(cluster="web", service="ext", task_set=old.id or "", force=True)
    )
    assert deleted.task_set is not None
    # The AWS CLI's delete-task-set example: DRAINING, computedDesiredCount 0, STABILIZING.
    assert (deleted.task_set.status, deleted.task_set.computed_desired_count) == ("DRAINING", 0)
    assert deleted.task_set.stability_status == StabilityStatus.STABILIZING
    fake.advance(120)
    found = fake.describe_task_sets(
        DescribeTaskSetsRequest(cluster="web", service="ext", task_sets=(old.id or "", new.id or ""))
    )
    assert [s.id for s in found.task_sets or ()] == [new.id]
    assert [(f.arn, f.reason) for f in found.failures or ()] == [(old.task_set_arn, "MISSING")]
    assert _service(fake).running_count == 4
    assert {t.started_by for t in _tasks(fake) if t.last_status != "STOPPED"} == {new.id}
    with pytest.raises(InvalidRequestError) as gone:  # its tags went with it (an unknown resource: see engine.tags)
        fake.list_tags_for_resource(ListTagsForResourceRequest(resource_arn=old.task_set_arn or ""))
    assert gone.value.message == "The specified resource could not be found."


def test_deleting_the_primary_task_set_leaves_the_service_without_its_settings() -> None:
    fake, blue, _ = _fake()
    only = _create(fake, blue, **_scale(0))
    _primary(fake, only.id)
    assert _service(fake).task_definition is not None
    deleted = fake.delete_task_set(DeleteTaskSetRequest(cluster="web", service="ext", task_set=only.id or ""))
    assert deleted.task_set is not None
    assert deleted.task_set.status == "DRAINING"
    assert (_service(fake).task_definition, _service(fake).launch_type) == (None, None)


def test_deleting_the_service_stops_every_task_set() -> None:
    fake, blue, green = _fake()
    _create(fake, blue, **_scale(50))
    _create(fake, green, **_scale(50))
    fake.advance(120)
    with pytest.raises(InvalidRequestError, match="scaled above 0"):
        fake.delete_service(DeleteServiceRequest(cluster="web", service="ext"))
    fake.delete_service(DeleteServiceRequest(cluster="web", service="ext", force=True))
    fake.advance(120)
    service = _service(fake)
    assert (service.status, service.running_count, service.task_sets) == ("INACTIVE", 0, ())


def test_a_task_set_takes_the_cluster_default_strategy_and_fargate_its_platform_version() -> None:
    fake = FakeBackend()
    cluster(
        fake,
        capacityProviders=["FARGATE"],
        defaultCapacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1}],
    )
    td = fargate_taskdef(fake)
    _external(fake, desired=1)
    made = _create(fake, td, networkConfiguration=awsvpc(), **_scale(100))
    assert made.launch_type is None
    assert [(i.capacity_provider, i.weight) for i in made.capacity_provider_strategy or ()] == [("FARGATE", 1)]
    assert made.platform_version == "LATEST"
    fake.advance(120)
    (task,) = _tasks(fake)
    assert (task.capacity_provider_name, task.last_status, task.started_by) == ("FARGATE", "RUNNING", made.id)
    launched = _create(fake, td, launchType="FARGATE", platformVersion="1.4.0", networkConfiguration=awsvpc())
    assert (launched.launch_type, launched.platform_version, launched.capacity_provider_strategy) == (
        "FARGATE",
        "1.4.0",
        None,
    )


def test_a_task_set_is_checked_as_the_service_of_its_settings_would_be() -> None:
    fake, _, _ = _fake()
    td = fargate_taskdef(fake)
    before = fake.save()
    with pytest.raises(InvalidRequestError, match="Network Configuration must be provided"):
        _create(fake, td, launchType="FARGATE")
    with pytest.raises(InvalidRequestError, match=r"TaskDefinition not found\."):
        _create(fake, "ghost:1")
    with pytest.raises(InvalidRequestError, match=r"Task definition does not support launch_type EXTERNAL\."):
        _create(fake, td, launchType="EXTERNAL", networkConfiguration=awsvpc())
    assert fake.save() == before


# -- refusals ---------------------------------------------------------------------------------------------------------


def test_only_external_services_have_their_task_sets_managed() -> None:
    fake, blue, _ = _fake()
    fake.create_service(
        from_api(
            {"cluster": "web", "serviceName": "rolling", "taskDefinition": blue, "desiredCount": 0},
            CreateServiceRequest,
        )
    )
    before = fake.save()
    for service in ("rolling",):
        with pytest.raises(InvalidRequestError) as info:
            _create(fake, blue, service=service)
        assert info.value.message == (
            "Amazon ECS only supports task set management on services configured to use external deployment "
            "controllers."
        )
    assert fake.save() == before
    # Reading them is not managing them: a rolling service has none.
    found = fake.describe_task_sets(DescribeTaskSetsRequest(cluster="web", service="rolling", task_sets=("ecs-svc/1",)))
    assert (found.task_sets, [f.reason for f in found.failures or ()]) == ((), ["MISSING"])


def test_task_set_calls_refuse_what_is_not_there() -> None:
    fake, blue, _ = _fake()
    made = _create(fake, blue)
    before = fake.save()
    with pytest.raises(NotFoundError) as missing:
        _update(fake, "ecs-svc/1", 10)
    assert (missing.value.code, missing.value.message) == (
        "TaskSetNotFoundException",
        "The specified task set does not exist.",
    )
    with pytest.raises(NotFoundError, match=r"The specified task set does not exist\."):
        fake.delete_task_set(DeleteTaskSetRequest(cluster="web", service="ext", task_set="ecs-svc/1"))
    with pytest.raises(NotFoundError, match=r"The specified task set does not exist\."):
        _primary(fake, "ecs-svc/1")
    with pytest.raises(NotFoundError) as no_service:
        _sets(fake, made.id, service="ghost")
    assert (no_service.value.code, no_service.value.message) == ("ServiceNotFoundException", "Service not found.")
    with pytest.raises(InvalidRequestError) as empty:
        fake.describe_task_sets(DescribeTaskSetsRequest(cluster="web", service="ext"))
    assert empty.value.message == "TaskSets cannot be empty."
    task_arn = "arn:aws:ecs:us-east-1:123456789012:task/web/0123456789abcdef0123456789abcdef"
    with pytest.raises(InvalidRequestError) as invalid:
        _sets(fake, task_arn)
    assert invalid.value.message == "Task Set Identifier is invalid"
    assert fake.save() == before


@pytest.mark.parametrize("percent", [-1, 100.5])
def test_a_scale_is_a_percentage_from_0_to_100(percent: float) -> None:
    fake, blue, _ = _fake()
    made = _create(fake, blue)
    before = fake.save()
    with pytest.raises(InvalidRequestError, match="between 0 and 100"):
        _create(fake, blue, **_scale(percent))
    with pytest.raises(InvalidRequestError, match="between 0 and 100"):
        _update(fake, made.id, percent)
    assert fake.save() == before


def test_a_scale_that_is_not_a_number_is_refused_before_the_call() -> None:
    """NaN has no JSON form: the codec refuses it (ConversionError) before the fake sees the request."""
    fake, blue, _ = _fake()
    before = fake.save()
    nan = Scale(value=float("nan"), unit=ScaleUnit.PERCENT)
    with pytest.raises(ConversionError, match="not a finite number"):
        fake.create_task_set(CreateTaskSetRequest(cluster="web", service="ext", task_definition=blue, scale=nan))
    assert fake.save() == before


def test_a_service_has_at_most_five_task_sets() -> None:
    fake, blue, _ = _fake()
    for _ in range(5):
        _create(fake, blue)
    before = fake.save()
    with pytest.raises(InvalidRequestError) as info:
        _create(fake, blue)
    assert info.value.message == (
        "5 deployments exist on the service. Unable to create new TaskSet since this exceeds the maximum limit."
    )
    assert fake.save() == before


def test_a_deleted_service_is_not_active_for_task_set_calls() -> None:
    fake, blue, _ = _fake()
    made = _create(fake, blue)
    fake.delete_service(DeleteServiceRequest(cluster="web", service="ext", force=True))
    fake.advance(60)
    with pytest.raises(ConflictError) as info:
        _update(fake, made.id, 10)
    assert (info.value.code, info.value.message) == ("ServiceNotActiveException", "Service was not ACTIVE.")


def test_a_draining_task_set_cannot_become_primary() -> None:
    fake, blue, _ = _fake()
    made = _create(fake, blue, **_scale(100))
    fake.advance(120)
    fake.delete_task_set(DeleteTaskSetRequest(cluster="web", service="ext", task_set=made.id or "", force=True))
    with pytest.raises(InvalidRequestError, match="DRAINING"):
        _primary(fake, made.id)


def test_the_same_client_token_and_request_return_the_same_task_set() -> None:
    fake, blue, _ = _fake()
    first = _create(fake, blue, clientToken="once", **_scale(50))
    again = _create(fake, blue, clientToken="once", **_scale(50))
    assert again.id == first.id
    other = _create(fake, blue, clientToken="once", **_scale(60))
    assert other.id != first.id
    assert len(_service(fake).task_sets or ()) == 2


# -- tags -------------------------------------------------------------------------------------------------------------


def test_task_sets_have_tags() -> None:
    fake, blue, _ = _fake()
    made = _create(fake, blue, tags=[{"key": "color", "value": "blue"}])
    assert [(t.key, t.value) for t in made.tags or ()] == [("color", "blue")]
    arn = made.task_set_arn or ""
    fake.tag_resource(TagResourceRequest(resource_arn=arn, tags=(Tag(key="team", value="web"),)))
    listed = fake.list_tags_for_resource(ListTagsForResourceRequest(resource_arn=arn)).tags or ()
    assert sorted((t.key, t.value) for t in listed) == [("color", "blue"), ("team", "web")]
    shown = fake.describe_task_sets(
        DescribeTaskSetsRequest(cluster="web", service="ext", task_sets=(arn,), include=(TaskSetField.TAGS,))
    ).task_sets
    assert sorted(t.key or "" for t in (shown or ())[0].tags or ()) == ["color", "team"]
    assert _set(fake, arn).tags is None  # tags only when asked for
    with pytest.raises(InvalidRequestError, match="reserved"):
        _create(fake, blue, tags=[{"key": "aws:x", "value": "y"}])
    with pytest.raises(NotFoundError) as info:
        fake.tag_resource(TagResourceRequest(resource_arn=arn[:-1] + "0", tags=(Tag(key="a", value="b"),)))
    assert (info.value.code, info.value.message) == (
        "ResourceNotFoundException",
        "The specified resource could not be found.",
    )


def test_services_have_tags() -> None:
    fake, _, _ = _fake()
    arn = _service(fake).service_arn or ""
    fake.tag_resource(TagResourceRequest(resource_arn=arn, tags=(Tag(key="team", value="web"),)))
    listed = fake.list_tags_for_resource(ListTagsForResourceRequest(resource_arn=arn)).tags or ()
    assert [(t.key, t.value) for t in listed] == [("team", "web")]
    with pytest.raises(NotFoundError):
        fake.tag_resource(TagResourceRequest(resource_arn=arn + "x", tags=(Tag(key="a", value="b"),)))


# -- CODE_DEPLOY ------------------------------------------------------------------------------------------------------


def test_a_code_deploy_service_runs_its_first_task_set() -> None:
    fake, blue, green = _fake()
    balancer = fake.create_load_balancer(LoadBalancer(load_balancer_name="web", subnets=("subnet-a", "subnet-b")))
    doc = {
        "cluster": "web",
        "serviceName": "bg",
        "taskDefinition": blue,
        "desiredCount": 2,
        "deploymentController": {"type": "CODE_DEPLOY"},
        **_balancer(_group(fake, "blue", balancer.load_balancer_arn or "")),
    }
    created = fake.create_service(from_api(doc, CreateServiceRequest)).service
    assert created is not None
    assert created.deployments == ()
    (first,) = created.task_sets or ()
    assert (first.status, first.task_definition, first.computed_desired_count) == (
        "PRIMARY",
        created.task_definition,
        2,
    )
    assert first.scale is not None
    assert first.scale.value == 100.0
    fake.advance(120)
    assert _service(fake, "bg").running_count == 2
    assert {t.started_by for t in _tasks(fake)} == {first.id}
    before = fake.save()
    with pytest.raises(InvalidRequestError) as info:
        _update_service(fake, "bg", taskDefinition=green)
    assert info.value.message == (
        "Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to "
        "trigger a new deployment."
    )
    with pytest.raises(InvalidRequestError, match="Unable to update network parameters on services with a CODE_DEPLOY"):
        _update_service(fake, "bg", networkConfiguration=awsvpc())
    with pytest.raises(InvalidRequestError, match="only supports task set management"):
        _create(fake, green, service="bg")
    assert fake.save() == before
    _update_service(fake, "bg", desiredCount=3)
    fake.advance(120)
    assert _service(fake, "bg").running_count == 3
    assert [s.id for s in _sets(fake, first.id, service="bg")] == [first.id]


# -- blue/green behind a load balancer --------------------------------------------------------------------------------


def _group(fake: FakeBackend, name: str, balancer: str) -> str:
    group = fake.create_target_group(
        TargetGroup(target_group_name=name, target_type=TargetType.INSTANCE, health_check=CHECK)
    )
    fake.create_listener(
        Listener(port=80 if name == "blue" else 8080, default_target_group=name), load_balancer_arn=balancer
    )
    return group.target_group_arn or ""


def _balancer(group: str) -> dict[str, Any]:
    return {"loadBalancers": [{"targetGroupArn": group, "containerName": "app", "containerPort": 80}]}


def test_blue_green_each_task_set_registers_in_its_own_target_group() -> None:
    fake, blue_td, green_td = _fake()
    balancer = fake.create_load_balancer(LoadBalancer(load_balancer_name="web", subnets=("subnet-a", "subnet-b")))
    blue_tg = _group(fake, "blue", balancer.load_balancer_arn or "")
    green_tg = _group(fake, "green", balancer.load_balancer_arn or "")
    blue = _create(fake, blue_td, **_scale(100), **_balancer(blue_tg))
    _primary(fake, blue.id)
    fake.advance(60)
    assert [d.target_health.state for d in fake.describe_target_health(blue_tg)] == [TargetHealthState.HEALTHY] * 4
    green = _create(fake, green_td, **_scale(100), **_balancer(green_tg))
    fake.advance(15)  # RUNNING, but its targets are still in their initial health checks: not steady
    shown = _set(fake, green.id)
    assert (shown.running_count, shown.stability_status) == (4, StabilityStatus.STABILIZING)
    assert {d.target_health.state for d in fake.describe_target_health(green_tg)} == {TargetHealthState.INITIAL}
    fake.advance(60)
    assert _set(fake, green.id).stability_status == StabilityStatus.STEADY_STATE
    assert [d.target_health.state for d in fake.describe_target_health(green_tg)] == [TargetHealthState.HEALTHY] * 4
    assert len(fake.describe_target_health(blue_tg)) == 4
    # Shift: the green set becomes primary (the service shows its target group), the blue one is deleted and drains.
    _primary(fake, green.task_set_arn)
    assert [lb.target_group_arn for lb in _service(fake).load_balancers or ()] == [green_tg]
    fake.delete_task_set(DeleteTaskSetRequest(cluster="web", service="ext", task_set=blue.id or "", force=True))
    fake.advance(5)
    assert {d.target_health.state for d in fake.describe_target_health(blue_tg)} == {TargetHealthState.DRAINING}
    fake.advance(600)
    assert fake.describe_target_health(blue_tg) == ()
    assert [s.id for s in _service(fake).task_sets or ()] == [green.id]


def test_a_task_set_with_two_target_groups_is_refused() -> None:
    fake, blue_td, _ = _fake()
    balancer = fake.create_load_balancer(LoadBalancer(load_balancer_name="web", subnets=("subnet-a", "subnet-b")))
    one = _group(fake, "blue", balancer.load_balancer_arn or "")
    two = _group(fake, "green", balancer.load_balancer_arn or "")
    entries = [{"targetGroupArn": g, "containerName": "app", "containerPort": 80} for g in (one, two)]
    with pytest.raises(InvalidRequestError, match="EXTERNAL controller supports one"):
        _create(fake, blue_td, loadBalancers=entries)


# -- events, snapshots ------------------------------------------------------------------------------------------------


def test_task_set_tasks_send_task_state_changes_and_the_service_its_steady_state() -> None:
    fake, blue, _ = _fake()
    made = _create(fake, blue, **_scale(25))
    fake.advance(120)
    changes = fake.events.sent(detail_type="ECS Task State Change")
    assert changes
    assert {e["detail"]["startedBy"] for e in changes} == {made.id}
    assert {e["detail"]["group"] for e in changes} == {"service:ext"}
    actions = [e["detail"]["eventName"] for e in fake.events.sent(detail_type="ECS Service Action")]
    assert "SERVICE_STEADY_STATE" in actions
    assert not fake.events.sent(detail_type="ECS Deployment State Change")


def test_task_sets_survive_a_snapshot() -> None:
    fake, blue, green = _fake()
    first = _create(fake, blue, **_scale(50), tags=[{"key": "color", "value": "blue"}])
    _primary(fake, first.id)
    second = _create(fake, green, **_scale(50))
    fake.advance(30)
    restored = FakeBackend.restore(fake.save())
    assert _sets(restored, first.id, second.id) == _sets(fake, first.id, second.id)
    assert _service(restored) == _service(fake)
    restored.advance(120)
    fake.advance(120)
    assert _service(restored).running_count == _service(fake).running_count == 4


def test_tasks_of_a_task_set_move_off_a_draining_instance() -> None:
    fake, blue, _ = _fake(instances=2)
    made = _create(fake, blue, **_scale(50))
    fake.advance(120)
    (first, *_) = _tasks(fake)
    fake.update_container_instances_state(
        UpdateContainerInstancesStateRequest(
            cluster="web",
            container_instances=(first.container_instance_arn or "",),
            status=ContainerInstanceStatus.DRAINING,
        )
    )
    fake.advance(1)
    assert _set(fake, made.id).stability_status == StabilityStatus.STABILIZING
    fake.advance(300)
    running = _tasks(fake)
    assert len(running) == 2
    assert first.container_instance_arn not in {t.container_instance_arn for t in running}
    assert _set(fake, made.id).stability_status == StabilityStatus.STEADY_STATE
