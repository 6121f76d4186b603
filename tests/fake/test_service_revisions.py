"""FakeBackend: service revisions (DescribeServiceRevisions) and the service deployments that name them."""

from __future__ import annotations

from typing import Any

import pytest

from ecskit import from_api
from ecskit.backends.fake import FakeBackend, Faults
from ecskit.errors import InvalidRequestError
from ecskit.images import TestImage, push_image
from ecskit.models.ecr import CreateRepositoryRequest
from ecskit.models.ecs import (
    CreateServiceRequest,
    DescribeServiceDeploymentsRequest,
    DescribeServiceRevisionsRequest,
    DescribeServicesRequest,
    LaunchType,
    ListServiceDeploymentsRequest,
    ServiceDeploymentStatus,
    ServiceRevision,
    UpdateServiceRequest,
)
from tests.support.fake_ecs import awsvpc, cluster, container, fargate_taskdef, register, taskdef

PREFIX = "arn:aws:ecs:us-east-1:123456789012"


def _fake(faults: Faults | None = None) -> FakeBackend:
    fake = FakeBackend(faults=faults)
    cluster(fake)
    for n in range(2):
        register(fake, "web", n)
    return fake


def _create(fake: FakeBackend, **members: Any) -> str:
    doc = {"cluster": "web", "serviceName": "api", "desiredCount": 1, **members}
    service = fake.create_service(from_api(doc, CreateServiceRequest)).service
    assert service is not None
    assert service.current_service_deployment is not None
    return service.current_service_deployment


def _revisions(fake: FakeBackend, *arns: str) -> list[ServiceRevision]:
    found = fake.describe_service_revisions(DescribeServiceRevisionsRequest(service_revision_arns=arns))
    assert not found.failures
    return list(found.service_revisions or ())


def _target(fake: FakeBackend, deployment: str) -> str:
    found = fake.describe_service_deployments(DescribeServiceDeploymentsRequest(service_deployment_arns=(deployment,)))
    record = (found.service_deployments or ())[0]
    assert record.target_service_revision is not None
    return record.target_service_revision.arn or ""


def test_a_new_service_deploys_its_first_revision() -> None:
    fake = _fake()
    deployment = _create(fake, taskDefinition=taskdef(fake, "app", container(image="nginx:1.27")))
    arn = _target(fake, deployment)
    # The ARN form of the AWS CLI's describe-service-revisions example; the id is the deployment's digits.
    assert arn.startswith(f"{PREFIX}:service-revision/web/api/")
    assert arn.rsplit("/", 1)[-1] == deployment.rsplit("/", 1)[-1]
    (revision,) = _revisions(fake, arn)
    assert revision.service_arn == f"{PREFIX}:service/web/api"
    assert revision.cluster_arn == f"{PREFIX}:cluster/web"
    assert revision.task_definition == f"{PREFIX}:task-definition/app:1"
    assert revision.launch_type == LaunchType.EC2
    assert revision.guard_duty_enabled is False
    assert revision.service_connect_configuration is not None
    assert revision.service_connect_configuration.enabled is False  # as the CLI example shows a service without it
    assert [(i.container_name, i.image) for i in revision.container_images or ()] == [("app", "nginx:1.27")]


def test_the_revision_digest_is_the_one_the_tasks_show() -> None:
    fake = _fake()
    deployment = _create(fake, taskDefinition=taskdef(fake, "app", container(image="nginx:1.27")))
    fake.advance(30)
    (revision,) = _revisions(fake, _target(fake, deployment))
    shown = fake.client("ecs")
    arns = shown.list_tasks(cluster="web")["taskArns"]
    digest = shown.describe_tasks(cluster="web", tasks=arns)["tasks"][0]["containers"][0]["imageDigest"]
    assert [i.image_digest for i in revision.container_images or ()] == [digest]


def test_an_image_of_the_fakes_ecr_shows_the_digest_its_tag_names() -> None:
    fake = _fake()
    fake.ecr.create_repository(CreateRepositoryRequest(repository_name="web"))
    pushed = push_image(fake, TestImage(layer_sizes=(64,)), repository="web", tag="1.0")
    image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0"
    deployment = _create(fake, taskDefinition=taskdef(fake, "app", container(image=image)))
    (revision,) = _revisions(fake, _target(fake, deployment))
    assert [i.image_digest for i in revision.container_images or ()] == [pushed.digest]


def test_a_fargate_revision_has_its_network_and_platform() -> None:
    fake = FakeBackend()
    cluster(fake)
    network = awsvpc("subnet-0123456789abcdef0")
    deployment = _create(fake, taskDefinition=fargate_taskdef(fake), launchType="FARGATE", networkConfiguration=network)
    (revision,) = _revisions(fake, _target(fake, deployment))
    assert (revision.launch_type, revision.platform_version, revision.platform_family) == (
        LaunchType.FARGATE,
        "LATEST",
        "Linux",
    )
    assert revision.network_configuration is not None
    assert revision.network_configuration.awsvpc_configuration is not None
    assert revision.network_configuration.awsvpc_configuration.subnets == ("subnet-0123456789abcdef0",)


def test_an_update_deploys_a_new_revision_that_replaces_the_old() -> None:
    fake = _fake()
    first = _create(fake, taskDefinition=taskdef(fake, "app"))
    fake.advance(60)
    service = fake.update_service(
        UpdateServiceRequest(cluster="web", service="api", task_definition=taskdef(fake, "app", container(image="b")))
    ).service
    assert service is not None
    assert service.current_service_deployment is not None
    second = service.current_service_deployment
    found = fake.describe_service_deployments(DescribeServiceDeploymentsRequest(service_deployment_arns=(second,)))
    record = (found.service_deployments or ())[0]
    assert [s.arn for s in record.source_service_revisions or ()] == [_target(fake, first)]
    listed = fake.list_service_deployments(ListServiceDeploymentsRequest(cluster="web", service="api"))
    assert [d.target_service_revision_arn for d in listed.service_deployments or ()] == [
        _target(fake, second),
        _target(fake, first),
    ]
    old, new = _revisions(fake, _target(fake, first), _target(fake, second))
    assert (old.task_definition, new.task_definition) == (
        f"{PREFIX}:task-definition/app:1",
        f"{PREFIX}:task-definition/app:2",
    )


def test_a_circuit_breaker_rollback_deploys_the_previous_revision_again() -> None:
    fake = _fake(Faults().fail_pull("broken:1"))
    breaker = {"deploymentCircuitBreaker": {"enable": True, "rollback": True}}
    first = _create(fake, taskDefinition=taskdef(fake, "app"), deploymentConfiguration=breaker)
    fake.advance(60)
    fake.update_service(
        UpdateServiceRequest(
            cluster="web", service="api", task_definition=taskdef(fake, "app", container(image="broken:1"))
        )
    )
    fake.advance(600)
    service = fake.describe_services(DescribeServicesRequest(cluster="web", services=("api",))).services
    assert service is not None
    current = service[0].current_service_deployment or ""
    found = fake.describe_service_deployments(DescribeServiceDeploymentsRequest(service_deployment_arns=(current,)))
    record = (found.service_deployments or ())[0]
    assert record.status == ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL
    assert record.rollback is not None
    assert record.rollback.service_revision_arn == _target(fake, first)  # no new revision: the one it replaced
    assert len(fake.records().service_revisions) == 2


def test_unknown_revisions_are_missing_and_the_list_has_bounds() -> None:
    fake = _fake()
    _create(fake, taskDefinition=taskdef(fake, "app"))
    found = fake.describe_service_revisions(DescribeServiceRevisionsRequest(service_revision_arns=("arn:nope",)))
    assert (found.service_revisions, [(f.arn, f.reason) for f in found.failures or ()]) == (
        (),
        [("arn:nope", "MISSING")],
    )
    for arns in ((), tuple(f"arn:{n}" for n in range(21))):
        with pytest.raises(InvalidRequestError) as info:
            fake.describe_service_revisions(DescribeServiceRevisionsRequest(service_revision_arns=arns))
        assert info.value.code == "InvalidParameterException"


def test_revisions_survive_a_save_and_restore() -> None:
    fake = _fake()
    deployment = _create(fake, taskDefinition=taskdef(fake, "app"))
    again = FakeBackend.restore(fake.save())
    assert _revisions(again, _target(again, deployment)) == _revisions(fake, _target(fake, deployment))
    assert again.save() == fake.save()
