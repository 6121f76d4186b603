"""Every member of every structure shape of botocore's ECS and ECR models is modelled, with its wire name.

Walks the installed botocore model (not the generator's output) and checks the classes, attributes, wire
names, requiredness and enum values of ``ecskit.models.ecs`` / ``ecskit.models.ecr``.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs
import botocore.session
import pytest

import ecskit.models.ecr as ecr_models
import ecskit.models.ecs as ecs_models
from ecskit.codec._plan import struct_plan

#: The operations the foundation issue names; all other operations are modelled too.
IN_SCOPE = {
    "ecs": [
        "RegisterTaskDefinition",
        "DescribeTaskDefinition",
        "ListTaskDefinitions",
        "DeregisterTaskDefinition",
        "CreateCluster",
        "DescribeClusters",
        "UpdateCluster",
        "PutClusterCapacityProviders",
        "CreateCapacityProvider",
        "DescribeCapacityProviders",
        "RegisterContainerInstance",
        "DescribeContainerInstances",
        "UpdateContainerInstancesState",
        "PutAttributes",
        "ListAttributes",
        "CreateService",
        "UpdateService",
        "DescribeServices",
        "DeleteService",
        "DescribeServiceDeployments",
        "RunTask",
        "StartTask",
        "StopTask",
        "DescribeTasks",
        "ListTasks",
        "CreateTaskSet",
        "TagResource",
        "ListTagsForResource",
    ],
    "ecr": [
        "CreateRepository",
        "DescribeRepositories",
        "PutImage",
        "BatchGetImage",
        "DescribeImages",
        "BatchDeleteImage",
        "PutImageTagMutability",
        "SetRepositoryPolicy",
        "PutLifecyclePolicy",
        "StartLifecyclePolicyPreview",
        "GetLifecyclePolicyPreview",
        "PutImageScanningConfiguration",
        "StartImageScan",
        "DescribeImageScanFindings",
        "PutReplicationConfiguration",
        "DescribeImageReplicationStatus",
    ],
}
MODULES: dict[str, Any] = {"ecs": ecs_models, "ecr": ecr_models}


def _reachable(service: Any, operations: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    stack: list[Any] = []
    for name in operations:
        op = service.operation_model(name)
        stack.extend(s for s in (op.input_shape, op.output_shape) if s is not None)
    while stack:
        shape = stack.pop()
        if shape.name in found:
            continue
        found[shape.name] = shape
        if shape.type_name == "structure":
            stack.extend(shape.members.values())
        elif shape.type_name == "list":
            stack.append(shape.member)
        elif shape.type_name == "map":
            stack.extend([shape.key, shape.value])
    return found


def _check(service_name: str, operations: list[str]) -> tuple[int, int, int]:
    service = botocore.session.get_session().get_service_model(service_name)
    module = MODULES[service_name]
    structures = members = enums = 0
    for name, shape in _reachable(service, operations).items():
        if shape.type_name == "structure" and not shape.metadata.get("exception"):
            cls = getattr(module, name)
            assert attrs.has(cls), name
            plan = struct_plan(cls)
            assert set(plan.by_wire) == set(shape.members), f"{name}: members differ"
            required = {f.wire for f in plan.fields if f.required}
            assert required == set(shape.required_members), f"{name}: required members differ"
            structures += 1
            members += len(shape.members)
        elif shape.type_name == "string" and shape.enum:
            cls = getattr(module, name)
            assert issubclass(cls, enum.StrEnum), name
            assert [m.value for m in cls] == list(shape.enum), f"{name}: enum values differ"
            enums += 1
    return structures, members, enums


@pytest.mark.parametrize("service_name", ["ecs", "ecr"])
def test_every_member_of_in_scope_shapes_is_modelled(service_name: str) -> None:
    structures, members, enums = _check(service_name, IN_SCOPE[service_name])
    print(
        f"{service_name}: in-scope operations reach {structures} structures with {members} members "
        f"and {enums} enums; modelled: {members}/{members} members (100%)"
    )
    assert structures > 50 if service_name == "ecs" else structures > 30


@pytest.mark.parametrize("service_name", ["ecs", "ecr"])
def test_every_member_of_every_operation_is_modelled(service_name: str) -> None:
    service = botocore.session.get_session().get_service_model(service_name)
    structures, members, enums = _check(service_name, list(service.operation_names))
    print(
        f"{service_name}: all {len(service.operation_names)} operations reach {structures} structures with "
        f"{members} members and {enums} enums; modelled: {members}/{members} members (100%)"
    )
    assert structures > 0


def test_shared_names_differ_between_services() -> None:
    # Tag, Attribute and Resource exist in both APIs with different members.
    for name in ("Tag", "Attribute", "Resource"):
        assert getattr(ecs_models, name) is not getattr(ecr_models, name)
    assert {f.wire for f in struct_plan(ecs_models.Tag).fields} == {"key", "value"}
    assert {f.wire for f in struct_plan(ecr_models.Tag).fields} == {"Key", "Value"}
