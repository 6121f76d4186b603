"""Task definitions, roles and a report helper shared by the preflight tests."""

from __future__ import annotations

from collections.abc import Iterable

from ecskit.iam import TASKS_SERVICE, execution_role, task_role, trust_policy
from ecskit.models.ecs import (
    Compatibility,
    ContainerDefinition,
    EnvironmentFile,
    EnvironmentFileType,
    LogConfiguration,
    LogDriver,
    NetworkMode,
    RegisterTaskDefinitionRequest,
    Secret,
)
from ecskit.models.iam import Effect, PolicyDocument, PolicyVersion, Role, Statement
from ecskit.preflight import RULES
from ecskit.validation import Report
from tests.unit.preflight.networks import ACCOUNT, REGION

IMAGE = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/web:1.0"
REPOSITORY = f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/web"
SECRET = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db-AbCdEf"
EXECUTION = f"arn:aws:iam::{ACCOUNT}:role/web-execution"
TASK = f"arn:aws:iam::{ACCOUNT}:role/web-task"
LOG_GROUP = "containerDefinitions[0].logConfiguration.options['awslogs-group']"


def taskdef(
    *,
    image: str = IMAGE,
    secrets: bool = True,
    logs: bool = True,
    execution: str | None = EXECUTION,
    task: str | None = TASK,
    compat: Compatibility = Compatibility.FARGATE,
    log_region: str = REGION,
    env_file: bool = False,
) -> RegisterTaskDefinitionRequest:
    """A Fargate web task: a private ECR image, a Secrets Manager secret and an SSM parameter, awslogs."""
    return RegisterTaskDefinitionRequest(
        family="web",
        network_mode=NetworkMode.AWSVPC,
        requires_compatibilities=(compat,),
        cpu="256",
        memory="512",
        execution_role_arn=execution,
        task_role_arn=task,
        container_definitions=(
            ContainerDefinition(
                name="app",
                image=image,
                secrets=(Secret(name="DB", value_from=SECRET), Secret(name="TOKEN", value_from="/prod/token"))
                if secrets
                else None,
                environment_files=(EnvironmentFile(value="arn:aws:s3:::config/app.env", type=EnvironmentFileType.S3),)
                if env_file
                else None,
                log_configuration=LogConfiguration(
                    log_driver=LogDriver.AWSLOGS,
                    options={"awslogs-group": "/ecs/web", "awslogs-region": log_region, "awslogs-stream-prefix": "web"},
                )
                if logs
                else None,
            ),
        ),
    )


TD = taskdef()
EXEC_ROLE = execution_role(TD, account=ACCOUNT, region=REGION)
TASK_ROLE = task_role(TD, account=ACCOUNT, region=REGION)


def only(report: Report, rule: str) -> tuple[str, str]:
    """The path and message of the one finding of ``report``, which must be of ``rule``."""
    assert [f.rule for f in report.findings] == [rule], report.format()
    finding = report.findings[0]
    assert finding.docs == RULES[rule].docs
    assert finding.severity is RULES[rule].severity
    return finding.path, finding.message


def role(name: str, grants: Iterable[tuple[str | tuple[str, ...], str]], *, trust: str = TASKS_SERVICE) -> Role:
    """A role trusting ``trust`` with one inline policy allowing each (actions, resource)."""
    statements = tuple(Statement(effect=Effect.ALLOW, action=a, resource=r) for a, r in grants)
    return Role(
        role_name=name,
        assume_role_policy=trust_policy(trust),
        inline_policies={"p": PolicyDocument(version=PolicyVersion.V2012_10_17, statement=statements)}
        if statements
        else None,
    )
