"""Contract: task definitions behave the same on every backend."""

from __future__ import annotations

from typing import Any

import pytest

from ecskit import from_api
from ecskit.backends.base import Backend
from ecskit.errors import InvalidRequestError
from ecskit.models.ecs import (
    DeleteTaskDefinitionsRequest,
    DeregisterTaskDefinitionRequest,
    DescribeTaskDefinitionRequest,
    ListTaskDefinitionFamiliesRequest,
    ListTaskDefinitionsRequest,
    RegisterTaskDefinitionRequest,
    TaskDefinitionStatus,
)
from tests.contract.conftest import moto_differs
from tests.support.rulecases import fargate_taskdef


def _register(backend: Backend, doc: dict[str, Any]) -> Any:
    return backend.register_task_definition(from_api(doc, RegisterTaskDefinitionRequest)).task_definition


def test_revisions_and_deregistration(backend: Backend) -> None:
    doc = fargate_taskdef(family="contract-app")
    first = _register(backend, doc)
    second = _register(backend, doc)
    assert second.revision == first.revision + 1
    assert second.status == "ACTIVE"
    assert second.container_definitions[0].name == "app"
    latest = backend.describe_task_definition(DescribeTaskDefinitionRequest(task_definition="contract-app"))
    assert latest.task_definition is not None
    assert latest.task_definition.revision == second.revision
    backend.deregister_task_definition(
        DeregisterTaskDefinitionRequest(task_definition=f"contract-app:{second.revision}")
    )
    listed = backend.list_task_definitions(ListTaskDefinitionsRequest(family_prefix="contract-app"))
    assert second.task_definition_arn not in (listed.task_definition_arns or ())
    assert first.task_definition_arn in (listed.task_definition_arns or ())


def test_invalid_fargate_size_is_rejected(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS rejects cpu 512 with memory 512 for FARGATE; moto accepts any size")
    with pytest.raises(InvalidRequestError) as info:
        _register(backend, fargate_taskdef(family="contract-bad", cpu="512", memory="512"))
    assert info.value.code == "ClientException"


def test_unknown_task_definition(backend: Backend) -> None:
    with pytest.raises(InvalidRequestError) as info:
        backend.describe_task_definition(DescribeTaskDefinitionRequest(task_definition="contract-none:1"))
    assert info.value.code == "ClientException"


def test_registration_shows_what_aws_fills_in(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request, "AWS converts '1 vCPU' / '2 GB' to CPU units and MiB and shows container defaults; moto echoes"
    )
    doc = {
        "family": "contract-units",
        "networkMode": "awsvpc",
        "requiresCompatibilities": ["FARGATE"],
        "cpu": "1 vCPU",
        "memory": "2 GB",
        "containerDefinitions": [{"name": "app", "image": "nginx", "portMappings": [{"containerPort": 80}]}],
    }
    td = _register(backend, doc)
    assert (td.cpu, td.memory) == ("1024", "2048")
    (container,) = td.container_definitions
    assert (container.essential, container.cpu) == (True, 0)
    (mapping,) = container.port_mappings
    assert (mapping.protocol, mapping.host_port) == ("tcp", 80)


def test_registration_fills_bridge_ports_and_health_checks(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS shows hostPort 0 for a bridge mapping registered without one and the health check's interval 30, "
        "timeout 5 and retries 3; moto echoes the mapping and health check as sent",
    )
    health = {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]}
    doc = {
        "family": "contract-bridge",
        "networkMode": "bridge",
        "containerDefinitions": [
            {
                "name": "app",
                "image": "nginx",
                "memory": 128,
                "portMappings": [{"containerPort": 80}],
                "healthCheck": health,
            }
        ],
    }
    (container,) = _register(backend, doc).container_definitions
    (mapping,) = container.port_mappings
    assert (mapping.protocol, mapping.host_port) == ("tcp", 0)
    check = container.health_check
    assert check is not None
    assert (check.interval, check.timeout, check.retries, check.start_period) == (30, 5, 3, None)


def _family(backend: Backend, family: str) -> str:
    doc = {"family": family, "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 128}]}
    return str(_register(backend, doc).task_definition_arn)


def test_family_prefix_names_a_whole_family(backend: Backend) -> None:
    # ListTaskDefinitions: "familyPrefix: The full family name to filter the ListTaskDefinitions results with";
    # ListTaskDefinitionFamilies: "familyPrefix: The familyPrefix is a string that's used to filter the results".
    short = _family(backend, "contract-fam")
    _family(backend, "contract-family")
    listed = backend.list_task_definitions(ListTaskDefinitionsRequest(family_prefix="contract-fam"))
    assert listed.task_definition_arns == (short,)
    families = backend.list_task_definition_families(ListTaskDefinitionFamiliesRequest(family_prefix="contract-fam"))
    assert {"contract-fam", "contract-family"} <= set(families.families or ())


def test_registration_shows_empty_volumes_and_constraints(backend: Backend) -> None:
    # the AWS CLI's register-task-definition and describe-task-definition examples: "volumes": [],
    # "placementConstraints": [] for a task definition registered without them
    doc = {"family": "contract-empty", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 128}]}
    td = _register(backend, doc)
    assert (td.volumes, td.placement_constraints) == ((), ())
    described = backend.describe_task_definition(DescribeTaskDefinitionRequest(task_definition="contract-empty"))
    assert described.task_definition is not None
    assert (described.task_definition.volumes, described.task_definition.placement_constraints) == ((), ())


def test_a_host_port_mapped_twice_is_refused(backend: Backend, request: pytest.FixtureRequest) -> None:
    # "TCP host port '3000' is mapped multiple times in task." (aws/amazon-ecs-agent#1220)
    moto_differs(request, "AWS refuses two mappings of one TCP host port in a task (ClientException); moto accepts")
    containers = [
        {"name": n, "image": "nginx", "memory": 128, "portMappings": [{"containerPort": p, "hostPort": 8080}]}
        for n, p in (("a", 80), ("b", 81))
    ]
    with pytest.raises(InvalidRequestError) as info:
        _register(backend, {"family": "contract-ports", "containerDefinitions": containers})
    assert info.value.code == "ClientException"
    assert info.value.message == "TCP host port '8080' is mapped multiple times in task."


def test_one_host_port_per_protocol(backend: Backend) -> None:
    containers = [
        {
            "name": n,
            "image": "nginx",
            "memory": 128,
            "portMappings": [{"containerPort": 53, "hostPort": 53, "protocol": proto}],
        }
        for n, proto in (("tcp", "tcp"), ("udp", "udp"))
    ]
    assert _register(backend, {"family": "contract-dns", "containerDefinitions": containers}) is not None


def test_deletion_failures_are_sentences(backend: Backend) -> None:
    active = _family(backend, "contract-delete")
    answer = backend.delete_task_definitions(DeleteTaskDefinitionsRequest(task_definitions=(active, "contract-none:1")))
    reasons = {f.arn: f.reason for f in answer.failures or ()}
    assert reasons[active] == (
        "The specified task definition is still in ACTIVE status. Please deregister the target and try again."
    )
    assert reasons["contract-none:1"] == (
        "The specified task definition does not exist. Specify a valid account, family, revision and try again."
    )


def test_a_deleted_revision_is_described_and_listed(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS keeps a deleted revision, DELETE_IN_PROGRESS, described and listed by that status; moto forgets it "
        "(DescribeTaskDefinition: 'Unable to describe task definition.')",
    )
    arn = _family(backend, "contract-gone")
    backend.deregister_task_definition(DeregisterTaskDefinitionRequest(task_definition=arn))
    backend.delete_task_definitions(DeleteTaskDefinitionsRequest(task_definitions=(arn,)))
    described = backend.describe_task_definition(DescribeTaskDefinitionRequest(task_definition=arn)).task_definition
    assert described is not None
    assert described.status == "DELETE_IN_PROGRESS"
    listed = backend.list_task_definitions(
        ListTaskDefinitionsRequest(family_prefix="contract-gone", status=TaskDefinitionStatus.DELETE_IN_PROGRESS)
    )
    assert listed.task_definition_arns == (arn,)


def test_inference_accelerators_register(backend: Backend) -> None:
    # the API still takes them; a task that needs one finds no instance (td-inference-accelerator: runtime)
    doc = {
        "family": "contract-ei",
        "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 128}],
        "inferenceAccelerators": [{"deviceName": "dev1", "deviceType": "eia2.medium"}],
    }
    assert _register(backend, doc) is not None
