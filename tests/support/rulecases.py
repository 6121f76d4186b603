"""Rule test cases: for every rule, a document that triggers it and a close one that does not.

Each module of ``tests/support/cases/`` defines ``CASES: list[Case]``; ``tests/unit/validation/test_rule_cases.py``
runs them all and fails when a catalog rule has no case. Documents are written as wire dicts (what users write),
built from the clean baselines below, which themselves must give no finding at all.
"""

from __future__ import annotations

import copy
from typing import Any

import attrs

from ecskit.codec import from_api
from ecskit.models.ecs import (
    Cluster,
    CreateCapacityProviderRequest,
    CreateClusterRequest,
    CreateServiceRequest,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
)
from ecskit.models.lifecycle import LifecyclePolicy
from ecskit.validation import (
    Report,
    validate_capacity_provider,
    validate_cluster,
    validate_lifecycle_policy,
    validate_run_task,
    validate_service,
    validate_task_definition,
)

Doc = dict[str, Any]
ACCOUNT = "123456789012"
EXECUTION_ROLE = f"arn:aws:iam::{ACCOUNT}:role/ecsTaskExecutionRole"
TASK_ROLE = f"arn:aws:iam::{ACCOUNT}:role/app-task"


@attrs.frozen(kw_only=True)
class Case:
    """One rule's failing (``bad``) and passing (``good``) example."""

    rule: str
    bad: Doc
    good: Doc
    #: taskdef | service | run-task | cluster | capacity-provider | lifecycle-policy
    kind: str = "taskdef"
    #: For service and run-task cases: the task definition both documents run (wire form).
    taskdef: Doc | None = None
    #: Task definition for the good document only, when it differs from ``taskdef``.
    good_taskdef: Doc | None = None
    #: For service and run-task cases: the cluster (DescribeClusters' Cluster, wire form).
    cluster: Doc | None = None
    #: The path the finding must have on ``bad``, when given.
    path: str | None = None
    #: A short name, when a rule has several cases.
    name: str = ""


def run(kind: str, doc: Doc, taskdef: Doc | None = None, cluster: Doc | None = None) -> Report:
    """Validate a wire document of one kind, as the library's users would."""
    td = from_api(taskdef, RegisterTaskDefinitionRequest) if taskdef is not None else None
    cl = from_api(cluster, Cluster) if cluster is not None else None
    if kind == "taskdef":
        return validate_task_definition(from_api(doc, RegisterTaskDefinitionRequest))
    if kind == "service":
        return validate_service(from_api(doc, CreateServiceRequest), task_definition=td, cluster=cl)
    if kind == "run-task":
        return validate_run_task(from_api(doc, RunTaskRequest), task_definition=td, cluster=cl)
    if kind == "cluster":
        return validate_cluster(from_api(doc, CreateClusterRequest))
    if kind == "capacity-provider":
        return validate_capacity_provider(from_api(doc, CreateCapacityProviderRequest))
    if kind == "lifecycle-policy":
        return validate_lifecycle_policy(from_api(doc, LifecyclePolicy))
    raise AssertionError(f"unknown case kind {kind}")


def container(**members: Any) -> Doc:
    """A clean Linux container definition; keyword arguments are wire members to add or replace."""
    return {"name": "app", "image": "nginx:1.27", "essential": True, "memory": 512, **members}


def awslogs(**options: str) -> Doc:
    """A complete awslogs log configuration."""
    return {
        "logDriver": "awslogs",
        "options": {
            "awslogs-group": "/ecs/app",
            "awslogs-region": "us-east-1",
            "awslogs-stream-prefix": "app",
            **options,
        },
    }


def fargate_container(**members: Any) -> Doc:
    """A clean container for a Fargate task definition."""
    doc = {"name": "app", "image": "nginx:1.27", "essential": True, "logConfiguration": awslogs(), **members}
    return doc


def ec2_taskdef(*containers: Doc, **members: Any) -> Doc:
    """A clean EC2 (bridge mode) task definition."""
    return {
        "family": "app",
        "networkMode": "bridge",
        "requiresCompatibilities": ["EC2"],
        "containerDefinitions": list(containers) or [container()],
        **members,
    }


def fargate_taskdef(*containers: Doc, **members: Any) -> Doc:
    """A clean Fargate task definition (awsvpc, 0.25 vCPU / 512 MiB, execution role for awslogs)."""
    return {
        "family": "app",
        "networkMode": "awsvpc",
        "requiresCompatibilities": ["FARGATE"],
        "cpu": "256",
        "memory": "512",
        "executionRoleArn": EXECUTION_ROLE,
        "containerDefinitions": list(containers) or [fargate_container()],
        **members,
    }


def network_configuration(**members: Any) -> Doc:
    """An awsvpc network configuration."""
    return {
        "awsvpcConfiguration": {
            "subnets": ["subnet-0123456789abcdef0"],
            "securityGroups": ["sg-0123456789abcdef0"],
            **members,
        }
    }


def ec2_service(**members: Any) -> Doc:
    """A clean REPLICA service on EC2 (bridge mode task definition)."""
    return {"serviceName": "web", "taskDefinition": "app:1", "desiredCount": 2, "launchType": "EC2", **members}


def fargate_service(**members: Any) -> Doc:
    """A clean REPLICA service on Fargate."""
    return {
        "serviceName": "web",
        "taskDefinition": "app:1",
        "desiredCount": 2,
        "launchType": "FARGATE",
        "networkConfiguration": network_configuration(),
        **members,
    }


def with_changes(doc: Doc, **members: Any) -> Doc:
    """A deep copy of ``doc`` with top-level members replaced (``None`` removes one)."""
    out = copy.deepcopy(doc)
    for k, v in members.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = v
    return out
