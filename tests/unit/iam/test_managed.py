"""The table of AWS managed policies, and the package's public face."""

from __future__ import annotations

import importlib
import pkgutil
import types

import pytest

import ecskit.iam
from ecskit.codec import from_json, to_json
from ecskit.iam import AWS_MANAGED_POLICIES, Decision, ManagedPolicy, evaluate, managed_policy
from ecskit.models.iam import PolicyDocument, PolicyVersion


def test_every_policy_has_an_arn_and_a_document() -> None:
    assert len(AWS_MANAGED_POLICIES) == len(ManagedPolicy) == 6
    for policy in ManagedPolicy:
        document = AWS_MANAGED_POLICIES[policy.arn()]
        assert document.version is PolicyVersion.V2012_10_17
        assert document.statements
        assert managed_policy(policy.arn()) == document
        assert from_json(to_json(document), PolicyDocument) == document
        assert policy.arn().endswith("/" + policy.policy_name)


def test_partitions() -> None:
    china = managed_policy("arn:aws-cn:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role")
    assert china is not None
    assert china == ManagedPolicy.CONTAINER_INSTANCE.document("aws-cn")
    assert "arn:aws-cn:ecs:*:*:task/*/*" in china.statements[2].resources
    assert ManagedPolicy.ECS_SERVICE_ROLE.arn("aws-us-gov") == (
        "arn:aws-us-gov:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy"
    )


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:iam::111122223333:policy/AmazonECSTaskExecutionRolePolicy",
        "arn:aws:iam::aws:policy/AmazonECSTaskExecutionRolePolicy",  # wrong path
        "arn:aws:iam::aws:policy/AdministratorAccess",
        "AmazonECSTaskExecutionRolePolicy",
    ],
)
def test_other_arns_are_not_in_the_table(arn: str) -> None:
    assert managed_policy(arn) is None


def test_the_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        AWS_MANAGED_POLICIES["x"] = ManagedPolicy.TASK_EXECUTION.document()  # type: ignore[index]


@pytest.mark.parametrize(
    ("policy", "action", "resource", "allowed"),
    [
        (ManagedPolicy.TASK_EXECUTION, "ecr:BatchGetImage", "arn:aws:ecr:us-east-1:1:repository/x", True),
        (ManagedPolicy.TASK_EXECUTION, "secretsmanager:GetSecretValue", "*", False),
        (ManagedPolicy.ECR_READ_ONLY, "ecr:DescribeImages", "*", True),
        (ManagedPolicy.ECR_READ_ONLY, "ecr:PutImage", "*", False),
        (ManagedPolicy.CLOUDWATCH_LOGS_FULL_ACCESS, "logs:DeleteLogGroup", "*", True),
        (ManagedPolicy.SSM_MANAGED_INSTANCE_CORE, "ssmmessages:OpenDataChannel", "*", True),
        (ManagedPolicy.ECS_SERVICE_ROLE, "logs:CreateLogGroup", "arn:aws:logs:us-east-1:1:log-group:/aws/ecs/x", True),
        (ManagedPolicy.ECS_SERVICE_ROLE, "logs:CreateLogGroup", "arn:aws:logs:us-east-1:1:log-group:/mine", False),
        (ManagedPolicy.CONTAINER_INSTANCE, "ecs:SubmitTaskStateChange", "*", True),
        (ManagedPolicy.CONTAINER_INSTANCE, "ecs:ListTagsForResource", "arn:aws:ecs:us-east-1:1:task/c/t", True),
        (ManagedPolicy.CONTAINER_INSTANCE, "ecs:ListTagsForResource", "arn:aws:ecs:us-east-1:1:cluster/c", False),
    ],
)
def test_documents_grant_what_aws_publishes(policy: ManagedPolicy, action: str, resource: str, allowed: bool) -> None:
    result = evaluate([policy.document()], action, resource)
    assert result.decision is (Decision.ALLOWED if allowed else Decision.IMPLICIT_DENY)


def test_public_modules_export_their_documented_names() -> None:
    modules = [ecskit.iam] + [
        importlib.import_module(f"ecskit.iam.{m.name}")
        for m in pkgutil.iter_modules(ecskit.iam.__path__)
        if not m.name.startswith("_")
    ]
    assert {m.__name__ for m in modules} >= {
        "ecskit.iam.arns",
        "ecskit.iam.conditions",
        "ecskit.iam.evaluate",
        "ecskit.iam.managed",
        "ecskit.iam.references",
        "ecskit.iam.roles",
        "ecskit.iam.trust",
    }
    for module in modules:
        assert module.__doc__, module.__name__
        exported = module.__all__
        assert len(set(exported)) == len(exported)
        for name in exported:
            value = getattr(module, name)
            if callable(value) and not isinstance(value, types.GenericAlias):
                assert value.__doc__, f"{module.__name__}.{name}"
        # every public function and class defined in the module is exported
        for name, value in vars(module).items():
            if not name.startswith("_") and getattr(value, "__module__", None) == module.__name__:
                assert name in exported, f"{module.__name__}.{name}"
