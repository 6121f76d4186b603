"""Contract: ListServiceDeployments behaves the same on every backend."""

from __future__ import annotations

import pytest

from ecskit import from_api
from ecskit.backends.base import Backend
from ecskit.errors import NotFoundError
from ecskit.models.ecs import (
    CreateServiceRequest,
    DescribeServiceRevisionsRequest,
    ListServiceDeploymentsRequest,
    UpdateServiceRequest,
)
from tests.contract.conftest import moto_differs
from tests.support.fake_ecs import cluster, taskdef


def test_a_new_service_has_one_deployment(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS lists a service's deployments; moto fails with a server error")
    cluster(backend)
    first = taskdef(backend, "app")
    doc = {"cluster": "web", "serviceName": "web", "launchType": "EC2", "taskDefinition": first, "desiredCount": 0}
    service = backend.create_service(from_api(doc, CreateServiceRequest)).service
    assert service is not None
    listed = backend.list_service_deployments(ListServiceDeploymentsRequest(cluster="web", service="web"))
    assert [d.service_arn for d in listed.service_deployments or ()] == [service.service_arn]
    second = taskdef(backend, "app")
    backend.update_service(UpdateServiceRequest(cluster="web", service="web", task_definition=second))
    listed = backend.list_service_deployments(ListServiceDeploymentsRequest(cluster="web", service="web"))
    revisions = [d.target_service_revision_arn or "" for d in listed.service_deployments or ()]
    assert len(revisions) == 2
    # a service revision (service-revision/<cluster>/<service>/<id>), as the AWS CLI's examples show
    assert all(":service-revision/web/web/" in r for r in revisions)
    newest = backend.describe_service_revisions(DescribeServiceRevisionsRequest(service_revision_arns=(revisions[0],)))
    assert [(r.task_definition or "")[-len(":task-definition/app:2") :] for r in newest.service_revisions or ()] == [
        ":task-definition/app:2"
    ]  # the newest first


def test_an_unknown_service(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS says ServiceNotFoundException; moto fails with a server error")
    cluster(backend)
    with pytest.raises(NotFoundError) as info:
        backend.list_service_deployments(ListServiceDeploymentsRequest(cluster="web", service="nope"))
    assert info.value.code == "ServiceNotFoundException"
