"""Contract: the ECS operations added for ecskit issue 14 behave the same on every backend where AWS's behaviour is
documented: UpdateClusterSettings, DescribeServiceRevisions, StopServiceDeployment, ListServicesByNamespace,
ExecuteCommand, the daemon task definitions and daemons. moto (5.2) implements none of these operations (its server
answers "The ... action has not been implemented" with a 500): each test is a strict xfail there, saying so."""

from __future__ import annotations

import pytest

from ecskit import from_api
from ecskit.backends.base import Backend
from ecskit.errors import BackendError, InvalidRequestError, NotFoundError
from ecskit.models.ecs import (
    ClusterSetting,
    ClusterSettingName,
    CreateServiceRequest,
    DaemonContainerDefinition,
    DeleteDaemonTaskDefinitionRequest,
    DescribeDaemonRequest,
    DescribeDaemonTaskDefinitionRequest,
    DescribeServiceDeploymentsRequest,
    DescribeServiceRevisionsRequest,
    ExecuteCommandRequest,
    ListDaemonTaskDefinitionsRequest,
    ListServicesByNamespaceRequest,
    RegisterDaemonTaskDefinitionRequest,
    StopServiceDeploymentRequest,
    UpdateClusterSettingsRequest,
)
from tests.contract.conftest import moto_differs, register_instance
from tests.support.fake_ecs import cluster, run, taskdef


def test_update_cluster_settings(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request, "AWS sets the cluster's settings; moto does not implement UpdateClusterSettings (a server error)"
    )
    cluster(backend, "contract-settings")
    setting = ClusterSetting(name=ClusterSettingName.CONTAINER_INSIGHTS, value="enabled")
    shown = backend.update_cluster_settings(
        UpdateClusterSettingsRequest(cluster="contract-settings", settings=(setting,))
    ).cluster
    assert shown is not None
    # the AWS CLI's update-cluster-settings example answers with the cluster and its settings
    assert [(str(s.name), s.value) for s in shown.settings or ()] == [("containerInsights", "enabled")]


def test_a_services_deployment_deploys_a_service_revision(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS describes service deployments and revisions; moto implements neither (a server error)")
    cluster(backend)
    first = taskdef(backend, "app")
    doc = {"cluster": "web", "serviceName": "web", "taskDefinition": first, "desiredCount": 0}
    service = backend.create_service(from_api(doc, CreateServiceRequest)).service
    assert service is not None
    found = backend.describe_service_deployments(
        DescribeServiceDeploymentsRequest(service_deployment_arns=(service.current_service_deployment or "",))
    )
    target = (found.service_deployments or ())[0].target_service_revision
    assert target is not None
    assert ":service-revision/web/web/" in (target.arn or "")  # the AWS CLI's examples' form
    revisions = backend.describe_service_revisions(
        DescribeServiceRevisionsRequest(service_revision_arns=(target.arn or "",))
    )
    (revision,) = revisions.service_revisions or ()
    assert (revision.task_definition or "").endswith(":task-definition/app:1")
    assert revision.service_arn == service.service_arn


def test_stop_an_unknown_service_deployment(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS says ServiceDeploymentNotFoundException; moto does not implement StopServiceDeployment (a server error)",
    )
    arn = "arn:aws:ecs:us-east-1:123456789012:service-deployment/web/web/nope"
    with pytest.raises(NotFoundError) as info:
        backend.stop_service_deployment(StopServiceDeploymentRequest(service_deployment_arn=arn))
    # "The service deploy ARN that you specified in the StopServiceDeployment doesn't exist." (the error's doc)
    assert info.value.code == "ServiceDeploymentNotFoundException"


def test_services_of_an_unknown_namespace(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request, "AWS says NamespaceNotFoundException; moto does not implement ListServicesByNamespace (a server error)"
    )
    with pytest.raises(NotFoundError) as info:
        backend.list_services_by_namespace(ListServicesByNamespaceRequest(namespace="contract-nowhere"))
    assert info.value.code == "NamespaceNotFoundException"


def test_execute_command_needs_ecs_exec(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request, "AWS refuses with InvalidParameterException; moto does not implement ExecuteCommand (a server error)"
    )
    cluster(backend)
    register_instance(request, backend, "web")
    task = (run(backend, cluster="web", taskDefinition=taskdef(backend, "app")).tasks or ())[0]
    exec_request = ExecuteCommandRequest(cluster="web", task=task.task_arn or "", command="ls", interactive=True)
    with pytest.raises(InvalidRequestError) as info:
        backend.execute_command(exec_request)
    # fabfuel/ecs-deploy issue 193 quotes AWS's answer to a task run without enableExecuteCommand
    assert info.value.code == "InvalidParameterException"
    assert info.value.message.startswith("The execute command failed because execute command was not enabled")


def test_daemon_task_definitions(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS registers and describes daemon task definitions; moto implements no daemon operation (a server error)",
    )
    container = DaemonContainerDefinition(
        name="agent", image="public.ecr.aws/docker/library/busybox:latest", memory_reservation=64
    )
    arn = backend.register_daemon_task_definition(
        RegisterDaemonTaskDefinitionRequest(family="contract-agent", container_definitions=(container,))
    ).daemon_task_definition_arn
    assert (arn or "").endswith(":daemon-task-definition/contract-agent:1")  # the developer guide's ARN form
    shown = backend.describe_daemon_task_definition(
        DescribeDaemonTaskDefinitionRequest(daemon_task_definition="contract-agent")
    ).daemon_task_definition
    assert shown is not None
    assert (shown.family, shown.revision, str(shown.status)) == ("contract-agent", 1, "ACTIVE")
    listed = backend.list_daemon_task_definitions(ListDaemonTaskDefinitionsRequest(family="contract-agent"))
    assert [d.arn for d in listed.daemon_task_definitions or ()] == [arn]
    deleted = backend.delete_daemon_task_definition(
        DeleteDaemonTaskDefinitionRequest(daemon_task_definition="contract-agent:1")
    )
    assert deleted.daemon_task_definition_arn == arn


def test_describe_an_unknown_daemon(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS says DaemonNotFoundException; moto does not implement DescribeDaemon (a server error)")
    with pytest.raises(BackendError) as info:
        backend.describe_daemon(DescribeDaemonRequest(daemon_arn="arn:aws:ecs:us-east-1:123456789012:daemon/web/nope"))
    assert info.value.code == "DaemonNotFoundException"
