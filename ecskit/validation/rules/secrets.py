"""Rules on what ECS fetches for a task with the execution role: secrets, log secretOptions, private registry
credentials, environment files, and (on Fargate, ECS Anywhere, Managed Instances) awslogs and private ECR images."""

from __future__ import annotations

import re

from ecskit.models.ecs import ContainerDefinition, Secret
from ecskit.validation.context import TaskDefContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._common import placeholder
from ecskit.validation.rules._outcomes import (
    ADVICE,
    API,
    CLIENT,
    DOUBT_REGISTERS,
    RESOURCE_INIT_ERRORS,
    RUNTIME,
    resource_init,
)

TD, CONTAINER = Kind.TASK_DEFINITION, Kind.CONTAINER
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None


MAX_ENV_FILES = 10
#: arn:<partition>:<service>:<region>:<account>:<resource>
ARN = re.compile(r"arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)\Z", re.DOTALL)
SECRET_RESOURCE = re.compile(r"secret:[\w/+=.@-]+(?::[^:]*){0,3}\Z")
PARAMETER_RESOURCE = re.compile(r"parameter/[\w./-]+(?::[\w.-]+)?\Z")
#: An SSM parameter name (same Region), optionally with a :version or :label selector.
PARAMETER_NAME = re.compile(r"/?[\w.-]+(?:/[\w.-]+)*(?::[\w.-]+)?\Z", re.ASCII)
REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}\Z")
ACCOUNT = re.compile(r"\d{12}\Z")
S3_OBJECT_ARN = re.compile(r"arn:aws[a-z-]*:s3:::[^/]+/.+\Z")
#: Private ECR registries: <account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn] and the dual-stack endpoints.
ECR_PRIVATE = (".dkr.ecr.", ".dkr.ecr-fips.", ".dkr-ecr.", ".dkr-ecr-fips.")
#: Launch types on which ECS (not the instance) pulls images and ships awslogs with the execution role.
EXEC_ROLE_COMPAT = frozenset({"FARGATE", "EXTERNAL", "MANAGED_INSTANCES"})


def _arn_problem(text: str, services: tuple[str, ...]) -> str | None:
    """Why ``text`` is not an ARN of one of ``services`` (ssm, secretsmanager), or None when it is one."""
    m = ARN.match(text)
    if m is None:
        return "is not a well-formed ARN"
    partition, service, region, account, resource = m.groups()
    if service not in services:
        return f"is an ARN of {service or 'no service'}, not of {' or '.join(services)}"
    if not partition.startswith("aws"):
        return f"has partition {partition!r}"
    if not REGION.match(region):
        return "has no valid Region"
    if not ACCOUNT.match(account):
        return "has no 12-digit account id"
    if service == "secretsmanager" and not SECRET_RESOURCE.match(resource):
        return "does not name a secret (secret:<name>)"
    if service == "ssm" and not PARAMETER_RESOURCE.match(resource):
        return "does not name a parameter (parameter/<name>)"
    return None


def _value_from_problem(value: str) -> str | None:
    if placeholder(value):
        return None
    if value.startswith("arn:"):
        return _arn_problem(value, ("secretsmanager", "ssm"))
    if not PARAMETER_NAME.match(value):
        return "is neither a Secrets Manager/SSM ARN nor an SSM parameter name"
    return None


def _secret_hits(ctx: TaskDefContext, items: tuple[Secret, ...], path: tuple[str | int, ...]) -> list[Hit]:
    hits = []
    for j, s in enumerate(items):
        problem = _value_from_problem(s.value_from)
        if problem is not None:
            hits.append(
                Hit(
                    ctx.path(*path, j, "value_from"),
                    f"valueFrom {s.value_from!r} of secret {s.name!r} {problem}",
                    "use arn:aws:secretsmanager:<region>:<account>:secret:<name>, "
                    "arn:aws:ssm:<region>:<account>:parameter/<name>, or an SSM parameter name",
                )
            )
    return hits


@rule(
    "secret-valuefrom-format",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=resource_init(
        "unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve "
        "secrets from ssm",
        source=RESOURCE_INIT_ERRORS,
    ),
    summary="secrets[].valueFrom (and logConfiguration.secretOptions[].valueFrom) is a Secrets Manager ARN, an "
    "SSM parameter ARN, or an SSM parameter name.",
    why="These are the only supported values; anything else cannot be resolved and the task stops with "
    "ResourceInitializationError (unable to pull secrets).",
    fix="Give the secret's full ARN, or the SSM parameter's ARN (its name only works in the same Region).",
    docs=_docs.SECRETS,
)
def valuefrom_format(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    lc = c.log_configuration
    options = lc.secret_options if lc is not None else None
    if not c.secrets and not options:
        return None
    base: tuple[str | int, ...] = ("container_definitions", i)
    hits = _secret_hits(ctx, c.secrets or (), (*base, "secrets"))
    if options:
        hits += _secret_hits(ctx, options, (*base, "log_configuration", "secret_options"))
    return hits or None


_SECRETS_MESSAGE = "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'."


@rule(
    "secret-exec-role-required",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/fabfuel/ecs-deploy/issues/87",
    summary="A container with secrets or log secretOptions has a task execution role to fetch them with.",
    why='ECS fetches secrets with the task execution role: RegisterTaskDefinition fails with "When you are '
    "specifying container secrets, you must also specify a value for 'executionRoleArn'.\" (the public copy is for "
    "container secrets; ecskit assumes log secretOptions are checked alike).",
    fix="Set executionRoleArn to a role with ssm:GetParameters / secretsmanager:GetSecretValue (and kms:Decrypt "
    "for a customer managed key).",
    docs=_docs.SECRETS,
)
def exec_role_required(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if ctx.td.execution_role_arn:
        return None
    lc = c.log_configuration
    hits = []
    if c.secrets:
        hint = f"container {c.name!r} has secrets but the task has no execution role: set executionRoleArn"
        hits.append(Hit(ctx.cpath(i, "secrets"), _SECRETS_MESSAGE, hint))
    if lc is not None and lc.secret_options:
        hits.append(
            Hit(
                ctx.cpath(i, "log_configuration", "secret_options"),
                _SECRETS_MESSAGE,
                f"container {c.name!r} has log secretOptions but the task has no execution role: set executionRoleArn",
            )
        )
    return hits or None


@rule(
    "secret-repo-creds",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=resource_init(
        "unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve "
        "secret from asm",
        source=RESOURCE_INIT_ERRORS,
    ),
    summary="repositoryCredentials.credentialsParameter names a Secrets Manager secret, and the task has an "
    "execution role to read it.",
    why="Private registry credentials are read from Secrets Manager with the task execution role; otherwise the "
    "image cannot be pulled (CannotPullContainerError / ResourceInitializationError).",
    fix="Use the secret's ARN (or its name, in the same Region) and set executionRoleArn to a role allowed "
    "secretsmanager:GetSecretValue on it.",
    docs=_docs.EXECUTION_ROLE,
    when="repository_credentials",
)
def repo_creds(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    creds = c.repository_credentials
    if creds is None:
        return None
    hits = []
    parameter = creds.credentials_parameter
    if not parameter:
        hits.append(
            Hit(ctx.cpath(i, "repository_credentials", "credentials_parameter"), "credentialsParameter is empty")
        )
    elif parameter.startswith("arn:") and not placeholder(parameter):
        problem = _arn_problem(parameter, ("secretsmanager",))
        if problem is not None:
            hits.append(
                Hit(
                    ctx.cpath(i, "repository_credentials", "credentials_parameter"),
                    f"credentialsParameter {parameter!r} {problem}",
                )
            )
    if not ctx.td.execution_role_arn:
        hits.append(
            Hit(
                ctx.cpath(i, "repository_credentials"),
                f"container {c.name!r} pulls with repositoryCredentials but the task has no execution role",
            )
        )
    return hits or None


@rule(
    "env-files-max-10",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="A container has at most 10 environment files.",
    why="You can specify up to ten environment files; RegisterTaskDefinition rejects more.",
    fix="Merge environment files, or move values into secrets or the environment list.",
    docs=_docs.ENV_FILES,
    when="environment_files",
)
def env_files_max(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    files = c.environment_files
    if not files or len(files) <= MAX_ENV_FILES:
        return None
    return [Hit(ctx.cpath(i, "environment_files"), f"{len(files)} environment files; at most 10 are allowed")]


@rule(
    "env-files-value-format",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=resource_init("failed to download env files", source=RESOURCE_INIT_ERRORS),
    summary="environmentFiles[].value is the ARN of an S3 object.",
    why="Environment files are objects in Amazon S3, given by their ARN; anything else cannot be downloaded and "
    "the task fails to start (ResourceInitializationError).",
    fix="Use arn:aws:s3:::<bucket>/<key>.env.",
    docs=_docs.ENV_FILES,
    when="environment_files",
)
def env_files_value_format(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.environment_files:
        return None
    hits = [
        Hit(
            ctx.cpath(i, "environment_files", j, "value"),
            f"{f.value!r} is not an S3 object ARN",
            "use arn:aws:s3:::<bucket>/<key>.env",
        )
        for j, f in enumerate(c.environment_files)
        if not S3_OBJECT_ARN.match(f.value) and not placeholder(f.value)
    ]
    return hits or None


@rule(
    "env-files-extension",
    W,
    CONTAINER,
    phase=ADVICE,
    doubt="The docs say the file must end in .env; what happens otherwise is not documented.",
    summary="Environment files have the .env extension.",
    why="The documentation says the file must have a .env file extension.",
    fix="Rename the S3 object to end in .env.",
    docs=_docs.ENV_FILES,
    when="environment_files",
)
def env_files_extension(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.environment_files:
        return None
    hits = [
        Hit(ctx.cpath(i, "environment_files", j, "value"), f"{f.value!r} does not end in .env")
        for j, f in enumerate(c.environment_files)
        if S3_OBJECT_ARN.match(f.value) and not f.value.endswith(".env") and not placeholder(f.value)
    ]
    return hits or None


@rule(
    "env-files-exec-role-required",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=resource_init("failed to download env files", source=RESOURCE_INIT_ERRORS),
    doubt=DOUBT_REGISTERS,
    summary="A container with environment files has a task execution role to download them with.",
    why="ECS downloads environment files with the task execution role (s3:GetObject, s3:GetBucketLocation); "
    "without one the task fails to start.",
    fix="Set executionRoleArn to a role allowed s3:GetObject on the files and s3:GetBucketLocation on the bucket.",
    docs=_docs.ENV_FILES,
    when="environment_files",
)
def env_files_exec_role(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.environment_files or ctx.td.execution_role_arn:
        return None
    return [
        Hit(
            ctx.cpath(i, "environment_files"),
            f"container {c.name!r} has environment files but the task has no execution role",
        )
    ]


def _driver(c: ContainerDefinition) -> str | None:
    lc = c.log_configuration
    return str(lc.log_driver) if lc is not None else None


def _private_ecr(image: str | None) -> bool:
    return image is not None and any(marker in image for marker in ECR_PRIVATE)


def _needs(ctx: TaskDefContext) -> tuple[list[str | None], list[str | None]]:
    """The containers that use awslogs, and those that pull private ECR images."""
    logs = [
        c.name
        for c in ctx.containers
        if c.log_configuration is not None and c.log_configuration.log_driver == "awslogs"
    ]
    return logs, [c.name for c in ctx.containers if _private_ecr(c.image)]


def _reasons(logs: list[str | None], images: list[str | None]) -> str:
    reasons = []
    if images:
        reasons.append(f"pulls private ECR images ({', '.join(repr(n) for n in images)})")
    if logs:
        reasons.append(f"uses awslogs ({', '.join(repr(n) for n in logs)})")
    return " and ".join(reasons)


_EXEC_HINT = "set executionRoleArn, e.g. arn:aws:iam::<account>:role/ecsTaskExecutionRole"


@rule(
    "iam-exec-when-required",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/hashicorp/terraform-provider-aws/issues/3051",
    summary="A Fargate task definition that uses awslogs or a private ECR image has a task execution role.",
    why="On Fargate ECS pulls private ECR images and sends awslogs logs with the task execution role: "
    'RegisterTaskDefinition fails with "Fargate requires task definition to have execution role ARN to support ECR '
    'images." (or "... to support log driver awslogs.").',
    fix="Set executionRoleArn to a role with the AmazonECSTaskExecutionRolePolicy managed policy.",
    docs=_docs.EXECUTION_ROLE,
)
def exec_when_required(ctx: TaskDefContext) -> Hits:
    if ctx.td.execution_role_arn or not ctx.fargate:
        return None
    logs, images = _needs(ctx)
    if not logs and not images:
        return None
    what = "ECR images" if images else "log driver awslogs"
    message = f"Fargate requires task definition to have execution role ARN to support {what}."
    hint = f"the task {_reasons(logs, images)}: {_EXEC_HINT}"
    return [Hit(ctx.path("execution_role_arn"), message, hint)]


@rule(
    "iam-exec-role-at-launch",
    E,
    TD,
    phase=RUNTIME,
    effect=resource_init(
        "unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr "
        "registry auth: no credentials",
        source=RESOURCE_INIT_ERRORS,
    ),
    summary="An ECS Anywhere or Managed Instances task definition that uses awslogs or a private ECR image has a "
    "task execution role.",
    why="On these capacities, as on Fargate, ECS pulls private ECR images and sends awslogs logs with the task "
    "execution role; RegisterTaskDefinition checks this for Fargate only, so elsewhere the task registers and "
    "stops at launch (split from iam-exec-when-required).",
    fix="Set executionRoleArn to a role with the AmazonECSTaskExecutionRolePolicy managed policy.",
    docs=_docs.EXECUTION_ROLE,
)
def exec_role_at_launch(ctx: TaskDefContext) -> Hits:
    if ctx.td.execution_role_arn or ctx.fargate or not (ctx.compat & EXEC_ROLE_COMPAT):
        return None
    logs, images = _needs(ctx)
    if not logs and not images:
        return None
    where = "/".join(sorted(ctx.compat & EXEC_ROLE_COMPAT))
    message = f"the task runs on {where} and {_reasons(logs, images)}, but has no execution role"
    return [Hit(ctx.path("execution_role_arn"), message, _EXEC_HINT)]
