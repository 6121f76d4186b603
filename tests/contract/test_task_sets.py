"""Contract: task sets of services of the EXTERNAL deployment controller behave the same on every backend (moto
serves task sets in part: it stores them, but computes no counts and refuses little).

What AWS does comes from the API reference of the task set operations and of TaskSet, the AWS CLI's examples of
create-task-set, describe-task-sets, update-task-set, delete-task-set and update-service-primary-task-set, the ECS
developer guide's "Deploy Amazon ECS services using a third-party controller", and the public reports of AWS's
answers named in ecskit/backends/fake/api/ecs/task_sets.py."""

from __future__ import annotations

from typing import Any

import pytest

from ecskit import Client, from_api
from ecskit.backends.base import Backend
from ecskit.errors import InvalidRequestError, NotFoundError
from ecskit.models.ecs import (
    CreateServiceRequest,
    CreateTaskSetRequest,
    DeleteTaskSetRequest,
    DescribeServicesRequest,
    DescribeTaskSetsRequest,
    ListTagsForResourceRequest,
    Service,
    Tag,
    TagResourceRequest,
    TaskSet,
    TaskSetField,
    UpdateServicePrimaryTaskSetRequest,
    UpdateServiceRequest,
    UpdateTaskSetRequest,
)
from tests.contract.conftest import moto_differs, register_instance
from tests.support.fake_ecs import cluster, taskdef


def _external(backend: Backend, name: str = "ext", desired: int = 4, **members: Any) -> Service:
    doc = {
        "cluster": "web",
        "serviceName": name,
        "desiredCount": desired,
        "deploymentController": {"type": "EXTERNAL"},
        **members,
    }
    service = backend.create_service(from_api(doc, CreateServiceRequest)).service
    assert service is not None
    return service


def _create(backend: Backend, td: str, service: str = "ext", **members: Any) -> TaskSet:
    doc = {"cluster": "web", "service": service, "taskDefinition": td, "launchType": "EC2", **members}
    made = backend.create_task_set(from_api(doc, CreateTaskSetRequest)).task_set
    assert made is not None
    return made


def _describe(backend: Backend, *refs: str | None) -> list[TaskSet]:
    found = backend.describe_task_sets(
        DescribeTaskSetsRequest(cluster="web", service="ext", task_sets=tuple(r or "" for r in refs))
    )
    return list(found.task_sets or ())


def _scale(percent: float) -> dict[str, Any]:
    return {"scale": {"value": percent, "unit": "PERCENT"}}


@pytest.fixture
def app(backend: Backend) -> str:
    cluster(backend)
    return taskdef(backend, "app")


def test_an_external_service_needs_no_task_definition(backend: Backend, app: str) -> None:
    service = _external(backend)
    assert service.status == "ACTIVE"
    assert service.task_definition is None
    assert not service.task_sets
    assert not service.deployments


def test_an_external_service_without_a_primary_task_set_has_no_launch_type(
    request: pytest.FixtureRequest, backend: Backend, app: str
) -> None:
    moto_differs(
        request,
        "AWS shows the task set fields of an EXTERNAL service null until it has a primary task set; "
        "moto shows launchType EC2",
    )
    assert _external(backend).launch_type is None


def test_an_external_service_refuses_a_task_definition(
    request: pytest.FixtureRequest, backend: Backend, app: str
) -> None:
    moto_differs(request, "AWS refuses 'TaskDefinition must be blank.' for an EXTERNAL service; moto accepts one")
    with pytest.raises(InvalidRequestError, match=r"TaskDefinition must be blank\."):
        _external(backend, taskDefinition=app)


def test_create_and_describe_a_task_set(backend: Backend, app: str) -> None:
    _external(backend)
    made = _create(backend, app, externalId="deploy-1")
    assert made.id is not None
    assert made.id.startswith("ecs-svc/")
    assert made.task_set_arn is not None
    assert made.task_set_arn.endswith(f":task-set/web/ext/{made.id}")
    assert made.service_arn is not None
    assert made.service_arn.endswith(":service/web/ext")
    assert (made.status, made.external_id, made.launch_type) == ("ACTIVE", "deploy-1", "EC2")
    assert (made.task_definition or "").endswith("task-definition/app:1")
    (described,) = _describe(backend, made.task_set_arn)
    assert described.id == made.id
    (by_id,) = _describe(backend, made.id)
    assert by_id.task_set_arn == made.task_set_arn


def test_a_task_set_without_a_scale_keeps_no_task(request: pytest.FixtureRequest, backend: Backend, app: str) -> None:
    moto_differs(
        request,
        "AWS gives a task set made without a scale 0.0 PERCENT (the CLI's create-task-set "
        "example); moto gives it 100.0",
    )
    _external(backend)
    made = _create(backend, app)
    assert made.scale is not None
    assert (made.scale.value, made.scale.unit) == (0.0, "PERCENT")


def test_the_computed_desired_count_is_rounded_up(request: pytest.FixtureRequest, backend: Backend, app: str) -> None:
    moto_differs(request, "AWS computes computedDesiredCount (desiredCount times scale, rounded up); moto has none")
    _external(backend, desired=4)
    made = _create(backend, app, **_scale(0))
    updated = backend.update_task_set(
        from_api({"cluster": "web", "service": "ext", "taskSet": made.id, **_scale(30)}, UpdateTaskSetRequest)
    ).task_set
    assert updated is not None
    assert updated.computed_desired_count == 2  # 4 x 30% = 1.2, rounded up


def test_update_a_task_set_scale(backend: Backend, app: str) -> None:
    _external(backend, desired=0)
    made = _create(backend, app)
    doc = {"cluster": "web", "service": "ext", "taskSet": made.task_set_arn, **_scale(50)}
    updated = backend.update_task_set(from_api(doc, UpdateTaskSetRequest)).task_set
    assert updated is not None
    assert updated.scale is not None
    assert updated.scale.value == 50.0
    (described,) = _describe(backend, made.id)
    assert described.scale == updated.scale


def test_the_primary_task_set_is_the_service_s(backend: Backend, app: str) -> None:
    _external(backend, desired=0)
    first = _create(backend, app)
    second = _create(backend, app)
    primary = backend.update_service_primary_task_set(
        UpdateServicePrimaryTaskSetRequest(cluster="web", service="ext", primary_task_set=first.task_set_arn or "")
    ).task_set
    assert primary is not None
    assert primary.status == "PRIMARY"
    backend.update_service_primary_task_set(
        UpdateServicePrimaryTaskSetRequest(cluster="web", service="ext", primary_task_set=second.task_set_arn or "")
    )
    assert [s.status for s in _describe(backend, first.id, second.id)] == ["ACTIVE", "PRIMARY"]
    service = (backend.describe_services(DescribeServicesRequest(cluster="web", services=("ext",))).services or ())[0]
    assert (service.task_definition or "").endswith("task-definition/app:1")
    assert sorted(s.status or "" for s in service.task_sets or ()) == ["ACTIVE", "PRIMARY"]


def test_a_task_set_named_by_its_id_becomes_primary(request: pytest.FixtureRequest, backend: Backend, app: str) -> None:
    moto_differs(
        request,
        "AWS takes a task set's id or ARN as primaryTaskSet; moto makes it PRIMARY only when "
        "named by its ARN (by its id it answers it ACTIVE)",
    )
    _external(backend, desired=0)
    made = _create(backend, app)
    primary = backend.update_service_primary_task_set(
        UpdateServicePrimaryTaskSetRequest(cluster="web", service="ext", primary_task_set=made.id or "")
    ).task_set
    assert primary is not None
    assert primary.status == "PRIMARY"


def test_deleting_a_scaled_task_set_needs_force_and_drains_it(
    request: pytest.FixtureRequest, backend: Backend, app: str
) -> None:
    moto_differs(
        request,
        "AWS refuses to delete a task set scaled above zero without force, and answers it "
        "DRAINING; moto deletes it at once and answers it ACTIVE",
    )
    _external(backend, desired=0)
    made = _create(backend, app, **_scale(100))
    backend.update_service_primary_task_set(
        UpdateServicePrimaryTaskSetRequest(cluster="web", service="ext", primary_task_set=made.id or "")
    )
    backend.update_service(UpdateServiceRequest(cluster="web", service="ext", desired_count=1))
    with pytest.raises(InvalidRequestError):
        backend.delete_task_set(DeleteTaskSetRequest(cluster="web", service="ext", task_set=made.id or ""))
    deleted = backend.delete_task_set(
        DeleteTaskSetRequest(cluster="web", service="ext", task_set=made.id or "", force=True)
    ).task_set
    assert deleted is not None
    assert deleted.status == "DRAINING"


def test_describe_reports_a_missing_task_set(request: pytest.FixtureRequest, backend: Backend, app: str) -> None:
    moto_differs(request, "AWS reports a task set that is not there as a failure MISSING; moto leaves it out")
    _external(backend)
    made = _create(backend, app)
    found = backend.describe_task_sets(
        DescribeTaskSetsRequest(cluster="web", service="ext", task_sets=(made.id or "", "ecs-svc/1234567890123456789"))
    )
    assert [s.id for s in found.task_sets or ()] == [made.id]
    assert [f.reason for f in found.failures or ()] == ["MISSING"]


def test_describe_needs_task_sets(request: pytest.FixtureRequest, backend: Backend, app: str) -> None:
    moto_differs(
        request, "AWS refuses DescribeTaskSets without taskSets ('TaskSets cannot be empty.'); moto describes them all"
    )
    _external(backend)
    _create(backend, app)
    with pytest.raises(InvalidRequestError, match=r"TaskSets cannot be empty\."):
        backend.describe_task_sets(DescribeTaskSetsRequest(cluster="web", service="ext"))


def test_update_of_a_missing_task_set(request: pytest.FixtureRequest, backend: Backend, app: str) -> None:
    moto_differs(
        request, "AWS raises TaskSetNotFoundException for a task set that is not there; moto fails with a server error"
    )
    _external(backend)
    doc = {"cluster": "web", "service": "ext", "taskSet": "ecs-svc/1234567890123456789", **_scale(10)}
    with pytest.raises(NotFoundError) as info:
        backend.update_task_set(from_api(doc, UpdateTaskSetRequest))
    assert info.value.code == "TaskSetNotFoundException"


def test_task_sets_only_for_external_services(request: pytest.FixtureRequest, backend: Backend, app: str) -> None:
    moto_differs(
        request,
        "AWS refuses a task set for a service of the ECS controller ('Amazon ECS only supports "
        "task set management on services configured to use external deployment controllers.'); moto "
        "makes one",
    )
    backend.create_service(
        from_api(
            {"cluster": "web", "serviceName": "rolling", "taskDefinition": app, "desiredCount": 0}, CreateServiceRequest
        )
    )
    with pytest.raises(InvalidRequestError, match="only supports task set management"):
        _create(backend, app, service="rolling")


def test_task_sets_have_tags(backend: Backend, app: str) -> None:
    _external(backend)
    made = _create(backend, app, tags=[{"key": "color", "value": "blue"}])
    arn = made.task_set_arn or ""
    backend.tag_resource(TagResourceRequest(resource_arn=arn, tags=(Tag(key="team", value="web"),)))
    listed = backend.list_tags_for_resource(ListTagsForResourceRequest(resource_arn=arn)).tags or ()
    assert sorted((t.key, t.value) for t in listed) == [("color", "blue"), ("team", "web")]
    (shown,) = (
        backend.describe_task_sets(
            DescribeTaskSetsRequest(cluster="web", service="ext", task_sets=(arn,), include=(TaskSetField.TAGS,))
        ).task_sets
        or ()
    )
    assert sorted(t.key or "" for t in shown.tags or ()) == ["color", "team"]


def test_the_scheduler_runs_a_task_set(request: pytest.FixtureRequest, backend: Backend, app: str) -> None:
    moto_differs(
        request,
        "AWS keeps computedDesiredCount tasks of a task set and counts them (runningCount); moto has no runningCount",
    )
    register_instance(request, backend, "web", 1)
    _external(backend, desired=1)
    made = _create(backend, app, **_scale(100))

    def running() -> bool:
        return _describe(backend, made.id)[0].running_count == 1

    Client(backend, validate=False).wait_until(running, timeout=300, interval=15)
