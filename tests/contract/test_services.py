"""Contract: services behave the same on every backend (moto stores services but never schedules their tasks)."""

from __future__ import annotations

from typing import Any

import pytest

from ecskit import Client, from_api
from ecskit.backends.base import Backend
from ecskit.errors import ConflictError, InvalidRequestError
from ecskit.models.ecs import (
    CreateServiceRequest,
    DeleteServiceRequest,
    DescribeServicesRequest,
    ListServicesRequest,
    SchedulingStrategy,
    Service,
    UpdateServiceRequest,
)
from tests.contract.conftest import moto_differs, register_instance
from tests.support.fake_ecs import cluster, taskdef


def _create(backend: Backend, name: str = "web", **members: Any) -> Service:
    doc = {"cluster": "web", "serviceName": name, "launchType": "EC2", **members}
    service = backend.create_service(from_api(doc, CreateServiceRequest)).service
    assert service is not None
    return service


def _get(backend: Backend, name: str = "web") -> Service:
    found = backend.describe_services(DescribeServicesRequest(cluster="web", services=(name,)))
    return (found.services or ())[0]


@pytest.fixture
def web(backend: Backend) -> str:
    cluster(backend)
    return taskdef(backend, "app")


def test_create_and_describe(backend: Backend, web: str) -> None:
    created = _create(backend, taskDefinition=web, desiredCount=2)
    assert created.status == "ACTIVE"
    assert created.service_name == "web"
    assert created.desired_count == 2
    assert created.service_arn is not None
    assert created.service_arn.endswith(":service/web/web")
    assert created.task_definition is not None
    assert created.task_definition.endswith("task-definition/app:1")
    assert len(created.deployments or ()) == 1
    assert (created.deployments or ())[0].status == "PRIMARY"
    described = _get(backend)
    assert described.service_arn == created.service_arn


def test_deployment_configuration_defaults(request: pytest.FixtureRequest, backend: Backend, web: str) -> None:
    moto_differs(
        request, "AWS echoes deploymentConfiguration with maximumPercent 200 / minimumHealthyPercent 100; moto omits it"
    )
    created = _create(backend, taskDefinition=web, desiredCount=1)
    config = created.deployment_configuration
    assert config is not None
    assert (config.maximum_percent, config.minimum_healthy_percent) == (200, 100)


def test_describe_missing(backend: Backend, web: str) -> None:
    _create(backend, taskDefinition=web, desiredCount=0)
    found = backend.describe_services(DescribeServicesRequest(cluster="web", services=("web", "ghost")))
    assert [s.service_name for s in found.services or ()] == ["web"]
    assert [f.reason for f in found.failures or ()] == ["MISSING"]


def test_list_services(backend: Backend, web: str) -> None:
    for name in ("a", "b", "c"):
        _create(backend, name, taskDefinition=web, desiredCount=0)
    arns = backend.list_services(ListServicesRequest(cluster="web")).service_arns or ()
    assert sorted(a.rsplit("/", 1)[-1] for a in arns) == ["a", "b", "c"]


def test_update_desired_count(backend: Backend, web: str) -> None:
    _create(backend, taskDefinition=web, desiredCount=1)
    updated = backend.update_service(UpdateServiceRequest(cluster="web", service="web", desired_count=3)).service
    assert updated is not None
    assert updated.desired_count == 3
    assert _get(backend).desired_count == 3


def test_new_task_definition_starts_a_deployment(request: pytest.FixtureRequest, backend: Backend, web: str) -> None:
    moto_differs(request, "AWS adds a PRIMARY deployment for the new task definition; moto keeps one stale deployment")
    _create(backend, taskDefinition=web, desiredCount=1)
    second = taskdef(backend, "app")
    updated = backend.update_service(UpdateServiceRequest(cluster="web", service="web", task_definition=second))
    deployments = (updated.service.deployments or ()) if updated.service else ()
    assert [d.status for d in deployments] == ["PRIMARY", "ACTIVE"]
    assert (deployments[0].task_definition or "").endswith("app:2")


def test_delete_needs_force_when_scaled(backend: Backend, web: str) -> None:
    _create(backend, taskDefinition=web, desiredCount=2)
    with pytest.raises(InvalidRequestError):
        backend.delete_service(DeleteServiceRequest(cluster="web", service="web"))
    deleted = backend.delete_service(DeleteServiceRequest(cluster="web", service="web", force=True)).service
    assert deleted is not None
    assert deleted.status in ("DRAINING", "INACTIVE")


def test_update_after_delete_is_refused(request: pytest.FixtureRequest, backend: Backend, web: str) -> None:
    moto_differs(request, "AWS raises ServiceNotActiveException for a deleted service; moto accepts the update")
    _create(backend, taskDefinition=web, desiredCount=0)
    backend.delete_service(DeleteServiceRequest(cluster="web", service="web"))
    with pytest.raises(ConflictError):
        backend.update_service(UpdateServiceRequest(cluster="web", service="web", desired_count=1))


def test_create_is_not_idempotent_with_another_definition(
    request: pytest.FixtureRequest, backend: Backend, web: str
) -> None:
    moto_differs(request, "AWS refuses 'Creation of service was not idempotent.'; moto overwrites the service")
    _create(backend, taskDefinition=web, desiredCount=1)
    with pytest.raises(InvalidRequestError, match="not idempotent"):
        _create(backend, taskDefinition=web, desiredCount=2)


def test_daemon_refuses_a_desired_count(request: pytest.FixtureRequest, backend: Backend, web: str) -> None:
    moto_differs(request, "AWS refuses a desiredCount for a DAEMON service; moto accepts it")
    with pytest.raises(InvalidRequestError):
        _create(backend, taskDefinition=web, desiredCount=3, schedulingStrategy=SchedulingStrategy.DAEMON.value)


def test_scheduler_starts_tasks(request: pytest.FixtureRequest, backend: Backend, web: str) -> None:
    moto_differs(request, "AWS starts desiredCount tasks; moto never starts a service's tasks")
    register_instance(request, backend, "web", 1)
    _create(backend, taskDefinition=web, desiredCount=1)
    Client(backend, validate=False).wait_until(lambda: _get(backend).running_count == 1, timeout=300, interval=15)


def test_a_deleted_service_is_described_but_not_listed(
    request: pytest.FixtureRequest, backend: Backend, web: str
) -> None:
    # "the service is no longer visible in the console or in the ListServices API operation [...] Services in the
    # DRAINING or INACTIVE status can still be viewed with the DescribeServices API operation" (DeleteService)
    moto_differs(request, "AWS stops listing a deleted service at once; moto still lists it")
    _create(backend, "gone", taskDefinition=web, desiredCount=0)
    _create(backend, "kept", taskDefinition=web, desiredCount=0)
    backend.delete_service(DeleteServiceRequest(cluster="web", service="gone"))
    arns = backend.list_services(ListServicesRequest(cluster="web")).service_arns or ()
    assert [a.rsplit("/", 1)[-1] for a in arns] == ["kept"]
    assert _get(backend, "gone").status in ("DRAINING", "INACTIVE")


def test_create_shows_what_aws_fills_in(request: pytest.FixtureRequest, backend: Backend, web: str) -> None:
    # the AWS CLI's create-service example: "placementConstraints": [], "placementStrategy": [],
    # "schedulingStrategy": "REPLICA", "enableECSManagedTags": false, "propagateTags": "NONE"
    moto_differs(
        request,
        "AWS shows placementConstraints and placementStrategy as empty lists, propagateTags NONE and "
        "enableECSManagedTags false; moto leaves the lists out",
    )
    created = _create(backend, taskDefinition=web, desiredCount=0)
    assert (created.placement_constraints, created.placement_strategy) == ((), ())
    assert created.scheduling_strategy == SchedulingStrategy.REPLICA
    assert (created.enable_ecs_managed_tags, created.propagate_tags) == (False, "NONE")


@pytest.mark.parametrize(
    "members",
    [
        {"placementStrategy": [{"field": "memory"}]},
        {"placementConstraints": [{"expression": "attribute:ecs.os-type == linux"}]},
    ],
    ids=["strategy", "constraint"],
)
def test_placement_without_a_type_is_refused(
    request: pytest.FixtureRequest, backend: Backend, web: str, members: dict[str, Any]
) -> None:
    """A placement strategy or constraint has a type (required: AWS CloudFormation's AWS::ECS::Service
    PlacementStrategy and PlacementConstraint); CreateService refuses one without, as RunTask does (issue 18)."""
    moto_differs(request, "AWS refuses a placement strategy or constraint without a type; moto creates the service")
    with pytest.raises(InvalidRequestError) as info:
        _create(backend, taskDefinition=web, desiredCount=1, **members)
    assert info.value.code == "InvalidParameterException"
