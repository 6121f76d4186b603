"""FakeBackend: declared IAM roles are enforced with AWS's errors (trust at registration, execution role at start)."""

from __future__ import annotations

import pytest

from ecskit import from_api
from ecskit.backends.fake import FakeBackend
from ecskit.errors import InvalidRequestError
from ecskit.iam import execution_role
from ecskit.models.ecs import RegisterTaskDefinitionRequest, RunTaskRequest, TaskStopCode
from ecskit.models.iam import Effect, PolicyDocument, Role, Statement
from tests.support.fake_ecs import cluster, describe, register

ACCOUNT, REGION = "123456789012", "us-east-1"
IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/web:1.2"
SECRET = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:db-AbCdEf"


def _document(**members: object) -> RegisterTaskDefinitionRequest:
    doc = {
        "family": "web",
        "executionRoleArn": f"arn:aws:iam::{ACCOUNT}:role/web-execution",
        "containerDefinitions": [
            {
                "name": "app",
                "image": IMAGE,
                "memory": 256,
                "secrets": [{"name": "DB_PASSWORD", "valueFrom": SECRET}],
                "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {"awslogs-group": "/ecs/web", "awslogs-region": REGION, "awslogs-stream-prefix": "web"},
                },
            }
        ],
        **members,
    }
    return from_api(doc, RegisterTaskDefinitionRequest)


def _without(role: Role, action: str) -> Role:
    """The role with ``action`` removed from its inline policy."""
    policies = {}
    for name, policy in (role.inline_policies or {}).items():
        statements = []
        for statement in policy.statements:
            kept = tuple(a for a in statement.actions if a != action)
            if kept:
                statements.append(Statement(effect=statement.effect, action=kept, resource=statement.resource))
        policies[name] = PolicyDocument(version=policy.version, statement=tuple(statements))
    return Role(role_name=role.role_name, assume_role_policy=role.assume_role_policy, inline_policies=policies)


def _started(fake: FakeBackend) -> str:
    cluster(fake)
    register(fake, "web", 0)
    fake.register_task_definition(_document())
    (task,) = fake.run_task(RunTaskRequest(cluster="web", task_definition="web")).tasks or ()
    fake.advance(30)
    (task,) = describe(fake, "web", task.task_arn)
    assert task.stop_code == TaskStopCode.TASK_FAILED_TO_START or task.last_status == "RUNNING"
    return task.stopped_reason or ""


def test_a_generated_execution_role_starts_the_task() -> None:
    fake = FakeBackend()
    fake.put_role(execution_role(_document(), account=ACCOUNT, region=REGION, role_name="web-execution"))
    assert _started(fake) == ""


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("ecr:GetAuthorizationToken", "ResourceInitializationError: unable to pull secrets or registry auth"),
        (
            "ecr:BatchGetImage",
            f"CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref {IMAGE}",
        ),
        ("secretsmanager:GetSecretValue", "unable to retrieve secret from asm"),
        ("logs:CreateLogStream", "ResourceInitializationError: failed to validate logger args"),
    ],
)
def test_a_missing_permission_stops_the_task_with_the_reason_aws_gives(action: str, expected: str) -> None:
    fake = FakeBackend()
    role = execution_role(_document(), account=ACCOUNT, region=REGION, role_name="web-execution")
    fake.put_role(_without(role, action))
    reason = _started(fake)
    assert reason.startswith(expected) or expected in reason
    if not action.startswith("ecr:Batch"):
        assert f"is not authorized to perform: {action}" in reason


def test_a_role_ecs_cannot_assume_is_refused_at_registration() -> None:
    fake = FakeBackend()
    trust = PolicyDocument(
        statement=(Statement(effect=Effect.ALLOW, principal={"Service": "ec2.amazonaws.com"}, action="sts:AssumeRole"),)
    )
    fake.put_role(Role(role_name="web-execution", assume_role_policy=trust))
    with pytest.raises(InvalidRequestError, match="ECS was unable to assume the role"):
        fake.register_task_definition(_document())


def test_undeclared_roles_allow_everything() -> None:
    assert _started(FakeBackend()) == ""


def test_roles_survive_save_and_restore() -> None:
    fake = FakeBackend()
    fake.put_role(execution_role(_document(), account=ACCOUNT, region=REGION, role_name="web-execution"))
    restored = FakeBackend.restore(fake.save())
    assert restored.save() == fake.save()
