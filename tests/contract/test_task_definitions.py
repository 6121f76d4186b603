"""Contract: task definitions behave the same on every backend."""

from __future__ import annotations

from typing import Any

import pytest

from ecskit import from_api
from ecskit.backends.base import Backend
from ecskit.errors import InvalidRequestError
from ecskit.models.ecs import (
    DeregisterTaskDefinitionRequest,
    DescribeTaskDefinitionRequest,
    ListTaskDefinitionsRequest,
    RegisterTaskDefinitionRequest,
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
