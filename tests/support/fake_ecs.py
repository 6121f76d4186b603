"""Helpers for tests that run tasks: identity documents, instance registration and small task definitions."""

from __future__ import annotations

import json
from typing import Any

from ecskit import from_api
from ecskit.backends.base import Backend
from ecskit.models.ecs import (
    ContainerInstance,
    CreateClusterRequest,
    DescribeTasksRequest,
    RegisterContainerInstanceRequest,
    RegisterTaskDefinitionRequest,
    Resource,
    RunTaskRequest,
    RunTaskResponse,
    Task,
)

Doc = dict[str, Any]


def identity_document(
    instance_id: str, instance_type: str = "m5.large", zone: str = "us-east-1a", **members: Any
) -> str:
    """An instance identity document as the ECS agent sends it."""
    return json.dumps(
        {
            "instanceId": instance_id,
            "instanceType": instance_type,
            "availabilityZone": zone,
            "region": zone[:-1],
            "imageId": "ami-0123456789abcdef0",
            "privateIp": "10.0.0.10",
            "accountId": "123456789012",
            "architecture": "x86_64",
            **members,
        }
    )


def ec2_id(n: int) -> str:
    """A well-formed EC2 instance id."""
    return f"i-{n:017x}"


def register(
    backend: Backend, cluster: str, n: int, instance_type: str = "m5.large", zone: str = "us-east-1a"
) -> ContainerInstance:
    """Register EC2 instance number ``n`` with ``cluster``."""
    request = RegisterContainerInstanceRequest(
        cluster=cluster, instance_identity_document=identity_document(ec2_id(n), instance_type, zone)
    )
    found = backend.register_container_instance(request).container_instance
    assert found is not None
    return found


def register_external(backend: Backend, cluster: str, cpu: int = 2048, memory: int = 4096) -> ContainerInstance:
    """Register an EXTERNAL (ECS Anywhere) instance."""
    total = (
        Resource(name="CPU", type="INTEGER", integer_value=cpu),
        Resource(name="MEMORY", type="INTEGER", integer_value=memory),
    )
    found = backend.register_container_instance(
        RegisterContainerInstanceRequest(cluster=cluster, total_resources=total)
    ).container_instance
    assert found is not None
    return found


def cluster(backend: Backend, name: str = "web", **members: Any) -> None:
    """Create a cluster."""
    backend.create_cluster(from_api({"clusterName": name, **members}, CreateClusterRequest))


def container(name: str = "app", image: str = "nginx:1.27", **members: Any) -> Doc:
    """A container definition (256 MiB reserved unless told)."""
    return {"name": name, "image": image, "essential": True, "memoryReservation": 256, **members}


def taskdef(backend: Backend, family: str, *containers: Doc, **members: Any) -> str:
    """Register a task definition (bridge mode unless told); returns ``family:revision``."""
    doc = {"family": family, "containerDefinitions": list(containers) or [container()], **members}
    td = backend.register_task_definition(from_api(doc, RegisterTaskDefinitionRequest)).task_definition
    assert td is not None
    return f"{family}:{td.revision}"


def fargate_taskdef(backend: Backend, family: str = "fg", *containers: Doc, **members: Any) -> str:
    """Register a Fargate task definition (awsvpc, 0.25 vCPU, 512 MiB)."""
    plain = [{k: v for k, v in c.items() if k != "memoryReservation"} for c in containers or (container(),)]
    return taskdef(
        backend,
        family,
        *plain,
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="256",
        memory="512",
        **members,
    )


def run(backend: Backend, **members: Any) -> RunTaskResponse:
    """RunTask with wire members."""
    return backend.run_task(from_api(members, RunTaskRequest))


def awsvpc(*subnets: str) -> Doc:
    """An awsvpc networkConfiguration."""
    return {"awsvpcConfiguration": {"subnets": list(subnets) or ["subnet-0123456789abcdef0"]}}


def describe(backend: Backend, cluster: str, *arns: str | None) -> list[Task]:
    """DescribeTasks, asserting nothing is missing."""
    found = backend.describe_tasks(DescribeTasksRequest(cluster=cluster, tasks=tuple(a or "" for a in arns)))
    assert not found.failures, found.failures
    return list(found.tasks or ())


def detail(task: Task, name: str) -> str | None:
    """A detail of a task's ENI attachment."""
    for attachment in task.attachments or ():
        for pair in attachment.details or ():
            if pair.name == name:
                return pair.value
    return None
