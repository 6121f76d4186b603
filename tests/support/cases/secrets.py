"""Cases for ecskit/validation/rules/secrets.py."""

from __future__ import annotations

from tests.support.rulecases import (
    EXECUTION_ROLE,
    Case,
    container,
    ec2_taskdef,
    fargate_container,
    fargate_taskdef,
)

_SSM_ARN = "arn:aws:ssm:us-east-1:123456789012:parameter/app/db-password"
_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf"
_ECR_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0"
_ENV_FILE = "arn:aws:s3:::my-bucket/app/prod.env"


def _secret(value_from: str) -> dict[str, str]:
    return {"name": "DB_PASSWORD", "valueFrom": value_from}


def _with_secrets(*value_from: str) -> dict[str, object]:
    return ec2_taskdef(container(secrets=[_secret(v) for v in value_from]), executionRoleArn=EXECUTION_ROLE)


def _env_files(*values: str, **members: object) -> dict[str, object]:
    files = [{"value": v, "type": "s3"} for v in values]
    return ec2_taskdef(container(environmentFiles=files), **{"executionRoleArn": EXECUTION_ROLE, **members})


CASES = [
    Case(
        rule="secret-valuefrom-format",
        bad=_with_secrets("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
        good=_with_secrets(_SSM_ARN, _SECRET_ARN, "/app/db-password", _SECRET_ARN + ":password::"),
        path="containerDefinitions[0].secrets[0].valueFrom",
    ),
    Case(
        rule="secret-valuefrom-format",
        name="name",
        bad=_with_secrets("db password"),
        good=_with_secrets("db.password:3", "${DbPasswordParameter}"),
    ),
    Case(
        rule="secret-valuefrom-format",
        name="secret-options",
        bad=ec2_taskdef(
            container(
                logConfiguration={
                    "logDriver": "splunk",
                    "options": {"splunk-url": "https://splunk.example.com:8088"},
                    "secretOptions": [{"name": "splunk-token", "valueFrom": "arn:aws:secretsmanager:us-east-1:1:x"}],
                }
            ),
            executionRoleArn=EXECUTION_ROLE,
        ),
        good=ec2_taskdef(
            container(
                logConfiguration={
                    "logDriver": "splunk",
                    "options": {"splunk-url": "https://splunk.example.com:8088"},
                    "secretOptions": [{"name": "splunk-token", "valueFrom": _SECRET_ARN}],
                }
            ),
            executionRoleArn=EXECUTION_ROLE,
        ),
        path="containerDefinitions[0].logConfiguration.secretOptions[0].valueFrom",
    ),
    Case(
        rule="secret-exec-role-required",
        bad=ec2_taskdef(container(secrets=[_secret(_SSM_ARN)])),
        good=ec2_taskdef(container(secrets=[_secret(_SSM_ARN)]), executionRoleArn=EXECUTION_ROLE),
        path="containerDefinitions[0].secrets",
    ),
    Case(
        rule="secret-repo-creds",
        bad=ec2_taskdef(
            container(repositoryCredentials={"credentialsParameter": _SSM_ARN}), executionRoleArn=EXECUTION_ROLE
        ),
        good=ec2_taskdef(
            container(repositoryCredentials={"credentialsParameter": _SECRET_ARN}), executionRoleArn=EXECUTION_ROLE
        ),
        path="containerDefinitions[0].repositoryCredentials.credentialsParameter",
    ),
    Case(
        rule="secret-repo-creds",
        name="exec-role",
        bad=ec2_taskdef(container(repositoryCredentials={"credentialsParameter": "dockerhub"})),
        good=ec2_taskdef(
            container(repositoryCredentials={"credentialsParameter": "dockerhub"}), executionRoleArn=EXECUTION_ROLE
        ),
        path="containerDefinitions[0].repositoryCredentials",
    ),
    Case(
        rule="env-files-max-10",
        bad=_env_files(*[f"arn:aws:s3:::my-bucket/{i}.env" for i in range(11)]),
        good=_env_files(*[f"arn:aws:s3:::my-bucket/{i}.env" for i in range(10)]),
        path="containerDefinitions[0].environmentFiles",
    ),
    Case(
        rule="env-files-value-format",
        bad=_env_files("s3://my-bucket/app/prod.env"),
        good=_env_files(_ENV_FILE),
        path="containerDefinitions[0].environmentFiles[0].value",
    ),
    Case(
        rule="env-files-extension",
        bad=_env_files("arn:aws:s3:::my-bucket/app/prod.txt"),
        good=_env_files(_ENV_FILE),
        path="containerDefinitions[0].environmentFiles[0].value",
    ),
    Case(
        rule="env-files-exec-role-required",
        bad=_env_files(_ENV_FILE, executionRoleArn=None),
        good=_env_files(_ENV_FILE),
        path="containerDefinitions[0].environmentFiles",
    ),
    Case(
        rule="iam-exec-when-required",
        bad=fargate_taskdef(executionRoleArn=None),
        good=ec2_taskdef(container(image=_ECR_IMAGE, logConfiguration=fargate_container()["logConfiguration"])),
        path="executionRoleArn",
    ),
    Case(
        rule="iam-exec-role-at-launch",
        name="ecr-external",
        bad=ec2_taskdef(container(image=_ECR_IMAGE), requiresCompatibilities=["EXTERNAL"]),
        good=ec2_taskdef(container(image="public.ecr.aws/nginx/nginx:1.27"), requiresCompatibilities=["EXTERNAL"]),
    ),
]
