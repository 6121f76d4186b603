"""What a task definition references in AWS, which role needs access to it, and with which actions.

ECS reads some resources on the task's behalf before the containers start, with the *task execution role*
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html):

* private ECR images (``ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn]/REPO[:TAG|@DIGEST]``, and the dual-stack
  ``ACCOUNT.dkr-ecr.REGION.on.aws``): ``ecr:GetAuthorizationToken`` (on ``*``: it takes no resource) and
  ``ecr:BatchCheckLayerAvailability``, ``ecr:GetDownloadUrlForLayer``, ``ecr:BatchGetImage`` on the repository.
  Public ECR (``public.ecr.aws``) and Docker Hub images need nothing;
* ``awslogs`` log groups: ``logs:CreateLogStream`` and ``logs:PutLogEvents``, and ``logs:CreateLogGroup`` with
  ``awslogs-create-group: true``;
* secrets of container ``secrets`` and ``logConfiguration.secretOptions``: ``secretsmanager:GetSecretValue`` on
  a Secrets Manager secret, ``ssm:GetParameters`` on an SSM parameter (a ``valueFrom`` is a parameter name, a
  parameter ARN, or a secret ARN possibly followed by ``:json-key:version-stage:version-id``)
  (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar.html);
* private registry credentials (``repositoryCredentials.credentialsParameter``, a Secrets Manager secret ARN or
  name) and FSx for Windows File Server domain credentials (``authorizationConfig.credentialsParameter``);
* ``environmentFiles`` and a FireLens configuration file in S3: ``s3:GetObject`` on the object and
  ``s3:GetBucketLocation`` on its bucket.

The containers themselves use the *task role*: EFS volumes with IAM authorization need
``elasticfilesystem:ClientMount``, and ``elasticfilesystem:ClientWrite`` when a container mounts them writable
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html).

Names become ARNs with the account, Region and partition given; paths are JSON paths in the task definition's
register form (``containerDefinitions[0].secrets[1].valueFrom``). Values that are not what the field expects
(template placeholders in an image name, an ARN of another service) are skipped: validation reports them.
On the EC2 launch type without an execution role, the container instance role pulls images and writes logs
instead; the references are the same.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from typing import Any

import attrs

from ecskit.codec.paths import wire_path
from ecskit.codec.taskdefs import register_request_from
from ecskit.iam._patterns import literal
from ecskit.iam.arns import (
    check_scope,
    efs_file_system_arn,
    log_group_arn,
    parse_arn,
    partition_of_region,
    repository_arn,
    s3_bucket_arn,
    secret_arn,
    ssm_parameter_arn,
)
from ecskit.models.ecs import (
    ContainerDefinition,
    DescribeTaskDefinitionResponse,
    EFSAuthorizationConfigIAM,
    LogDriver,
    RegisterTaskDefinitionRequest,
    TaskDefinition,
)

__all__ = [
    "ECR_PULL_ACTIONS",
    "EFS_ROOT_ACCESS",
    "EXEC_ACTIONS",
    "EcrImage",
    "Permission",
    "Reference",
    "ResourceKind",
    "RoleKind",
    "parse_ecr_image",
    "required_permissions",
    "task_definition_references",
]

#: The actions that pull an image from an ECR repository (on the repository ARN).
ECR_PULL_ACTIONS = ("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage")
#: The actions ECS Exec needs in the task role (on ``*``)
#: (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html).
EXEC_ACTIONS = (
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
)
#: The EFS action that lets a client act as root on the file system (optional, see :func:`~ecskit.iam.task_role`).
EFS_ROOT_ACCESS = "elasticfilesystem:ClientRootAccess"

_GET_AUTHORIZATION_TOKEN = "ecr:GetAuthorizationToken"


class RoleKind(enum.StrEnum):
    """Which role of a task needs a permission."""

    #: The task execution role: ECS uses it to start the task (pull images, fetch secrets, create log streams).
    EXECUTION = "execution"
    #: The task role: the containers' own AWS credentials.
    TASK = "task"


class ResourceKind(enum.StrEnum):
    """What kind of AWS resource a task definition references."""

    ECR_REPOSITORY = "ecr-repository"
    LOG_GROUP = "log-group"
    SECRET = "secretsmanager-secret"
    PARAMETER = "ssm-parameter"
    S3_OBJECT = "s3-object"
    EFS_FILE_SYSTEM = "efs-file-system"


@attrs.frozen(kw_only=True)
class Permission:
    """One action on one resource that a role of the task needs, and the field of the task definition asking it."""

    #: The role that needs it.
    role: RoleKind
    #: The IAM action, e.g. ``secretsmanager:GetSecretValue``.
    action: str
    #: The resource the action is authorised on: an ARN, or ``*`` for actions that take no resource. Where the
    #: task definition does not tell the whole ARN, the unknown part is ``*`` (a log group's streams:
    #: ``...:log-group:NAME:*``) or ``?`` characters (the suffix of a secret named without its ARN:
    #: ``...:secret:NAME-??????``): a policy grants it when one of its patterns matches that text.
    resource: str
    #: The JSON path of the field it comes from, e.g. ``containerDefinitions[0].secrets[1].valueFrom``.
    path: str
    #: Why, in words: ``fetch secret DB_PASSWORD of container 'app'``.
    reason: str


@attrs.frozen(kw_only=True)
class Reference:
    """One AWS resource a task definition references, and every permission it takes."""

    #: What it is.
    kind: ResourceKind
    #: Its ARN, as IAM authorises it (a log group as ``...:log-group:NAME:*``).
    arn: str
    #: The value as the field holds it (an image name, a parameter name, a ``valueFrom``, ...).
    value: str
    #: The JSON path of the field.
    path: str
    #: The role that needs access.
    role: RoleKind
    #: The ``Resource`` element that grants exactly this resource in a policy of version ``2012-10-17``: the ARN
    #: with ``$``, ``*`` and ``?`` escaped, and wildcards only where the ARN is not fully known (a log group's
    #: streams, the random suffix of a secret named without its ARN).
    grant: str
    #: The permissions it takes, in a stable order; some may be on other resources (``ecr:GetAuthorizationToken``
    #: on ``*``, ``s3:GetBucketLocation`` on the bucket).
    permissions: tuple[Permission, ...]

    @property
    def actions(self) -> tuple[str, ...]:
        """The actions needed on :attr:`arn` itself."""
        return tuple(p.action for p in self.permissions if p.resource == self.arn)


@attrs.frozen(kw_only=True)
class EcrImage:
    """A container image in an ECR private registry."""

    #: The account of the registry (not necessarily the task's).
    account: str
    region: str
    partition: str
    repository: str
    tag: str | None = None
    digest: str | None = None

    @property
    def repository_arn(self) -> str:
        """The repository's ARN, on which the pull actions are authorised."""
        return repository_arn(self.repository, account=self.account, region=self.region, partition=self.partition)


# https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html (IPv4, FIPS and dual-stack hosts)
_ECR_IMAGE = re.compile(
    r"(?P<account>\d{12})\.(?:dkr\.ecr(?:-fips)?|dkr-ecr(?:-fips)?)\.(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+)"
    r"\.(?P<domain>amazonaws\.com(?:\.cn)?|on\.aws)"
    r"/(?P<repository>[^:@\s]+)(?::(?P<tag>[^:@/\s]+))?(?:@(?P<digest>[^@\s]+))?"
)


def parse_ecr_image(image: str, *, partition: str = "aws") -> EcrImage | None:
    """The ECR private image an image name points to, or None (Docker Hub, ``public.ecr.aws``, other registries).

    >>> parse_ecr_image("111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/web:1.4").repository_arn
    'arn:aws:ecr:eu-west-1:111122223333:repository/team/web'
    >>> parse_ecr_image("public.ecr.aws/nginx/nginx:1.27") is None
    True
    """
    found = _ECR_IMAGE.fullmatch(image.strip())
    if found is None:
        return None
    region = found["region"]
    cn = found["domain"].endswith(".cn")
    return EcrImage(
        account=found["account"],
        region=region,
        partition="aws-cn" if cn else partition_of_region(region, partition),
        repository=found["repository"],
        tag=found["tag"],
        digest=found["digest"],
    )


@attrs.frozen
class _Scope:
    account: str
    region: str
    partition: str


def _register(
    td: RegisterTaskDefinitionRequest | TaskDefinition | DescribeTaskDefinitionResponse,
) -> RegisterTaskDefinitionRequest:
    if isinstance(td, RegisterTaskDefinitionRequest):
        return td
    return register_request_from(td)


def _path(*steps: str | int) -> str:
    return wire_path(RegisterTaskDefinitionRequest, *steps)


def _execution(action: str, resource: str, path: str, reason: str) -> Permission:
    return Permission(role=RoleKind.EXECUTION, action=action, resource=resource, path=path, reason=reason)


def _value_from(
    value: str, path: str, reason: str, scope: _Scope, *, names_are_secrets: bool = False
) -> Reference | None:
    """A ``valueFrom``-like value: a Secrets Manager secret or an SSM parameter, by ARN or by name."""
    if value.startswith("arn:"):
        arn = parse_arn(value)
        if arn is None:
            return None
        secret = secret_arn(value)
        if secret is not None:
            kind, resource, action = ResourceKind.SECRET, secret, "secretsmanager:GetSecretValue"
        elif arn.service == "ssm" and arn.resource.startswith("parameter/"):
            kind, resource, action = ResourceKind.PARAMETER, value, "ssm:GetParameters"
        else:
            return None
    elif not value:
        return None
    elif names_are_secrets:
        # A secret by name: its ARN ends in a random "-" + 6 characters that only Secrets Manager knows.
        prefix = f"arn:{scope.partition}:secretsmanager:{scope.region}:{scope.account}:secret:{value}"
        permission = _execution("secretsmanager:GetSecretValue", f"{prefix}-??????", path, reason)
        return Reference(
            kind=ResourceKind.SECRET,
            arn=permission.resource,
            value=value,
            path=path,
            role=RoleKind.EXECUTION,
            grant=f"{literal(prefix)}-??????",
            permissions=(permission,),
        )
    else:
        resource = ssm_parameter_arn(value, account=scope.account, region=scope.region, partition=scope.partition)
        kind, action = ResourceKind.PARAMETER, "ssm:GetParameters"
    permission = _execution(action, resource, path, reason)
    return Reference(
        kind=kind,
        arn=resource,
        value=value,
        path=path,
        role=RoleKind.EXECUTION,
        grant=literal(resource),
        permissions=(permission,),
    )


def _s3_object(value: str, path: str, reason: str) -> Reference | None:
    bucket = s3_bucket_arn(value)
    if bucket is None:
        return None
    permissions = (
        _execution("s3:GetObject", value, path, reason),
        _execution("s3:GetBucketLocation", bucket, path, reason),
    )
    return Reference(
        kind=ResourceKind.S3_OBJECT,
        arn=value,
        value=value,
        path=path,
        role=RoleKind.EXECUTION,
        grant=literal(value),
        permissions=permissions,
    )


def _image(container: ContainerDefinition, i: int, scope: _Scope) -> Iterator[Reference]:
    if not container.image:
        return
    image = parse_ecr_image(container.image, partition=scope.partition)
    if image is None:
        return
    path = _path("container_definitions", i, "image")
    reason = f"pull image {container.image} of container {container.name!r}"
    arn = image.repository_arn
    permissions = (
        _execution(_GET_AUTHORIZATION_TOKEN, "*", path, reason),
        *(_execution(action, arn, path, reason) for action in ECR_PULL_ACTIONS),
    )
    yield Reference(
        kind=ResourceKind.ECR_REPOSITORY,
        arn=arn,
        value=container.image,
        path=path,
        role=RoleKind.EXECUTION,
        grant=literal(arn),
        permissions=permissions,
    )


def _secrets(container: ContainerDefinition, i: int, scope: _Scope) -> Iterator[Reference]:
    name = container.name
    credentials = container.repository_credentials
    if credentials is not None and credentials.credentials_parameter:
        path = _path("container_definitions", i, "repository_credentials", "credentials_parameter")
        reason = f"authenticate to the private registry of container {name!r}"
        found = _value_from(credentials.credentials_parameter, path, reason, scope, names_are_secrets=True)
        if found is not None:
            yield found
    for j, secret in enumerate(container.secrets or ()):
        path = _path("container_definitions", i, "secrets", j, "value_from")
        found = _value_from(secret.value_from, path, f"fetch secret {secret.name} of container {name!r}", scope)
        if found is not None:
            yield found
    log = container.log_configuration
    for j, secret in enumerate((log.secret_options if log is not None else None) or ()):
        path = _path("container_definitions", i, "log_configuration", "secret_options", j, "value_from")
        reason = f"fetch log option {secret.name} of container {name!r}"
        found = _value_from(secret.value_from, path, reason, scope)
        if found is not None:
            yield found


def _files(container: ContainerDefinition, i: int) -> Iterator[Reference]:
    for j, env_file in enumerate(container.environment_files or ()):
        path = _path("container_definitions", i, "environment_files", j, "value")
        found = _s3_object(env_file.value, path, f"read environment file of container {container.name!r}")
        if found is not None:
            yield found
    firelens = container.firelens_configuration
    options = (firelens.options if firelens is not None else None) or {}
    if options.get("config-file-type") == "s3" and options.get("config-file-value"):
        path = _path("container_definitions", i, "firelens_configuration", "options", "config-file-value")
        found = _s3_object(options["config-file-value"], path, f"read FireLens configuration of {container.name!r}")
        if found is not None:
            yield found


def _logs(container: ContainerDefinition, i: int, scope: _Scope) -> Iterator[Reference]:
    log = container.log_configuration
    if log is None or log.log_driver != LogDriver.AWSLOGS or not log.options:
        return
    group = log.options.get("awslogs-group")
    if not group:
        return
    region = log.options.get("awslogs-region") or scope.region
    arn = log_group_arn(group, account=scope.account, region=region, partition=scope.partition)
    path = _path("container_definitions", i, "log_configuration", "options", "awslogs-group")
    reason = f"send the logs of container {container.name!r} to {group}"
    permissions = [_execution(action, arn, path, reason) for action in ("logs:CreateLogStream", "logs:PutLogEvents")]
    if str(log.options.get("awslogs-create-group", "")).lower() == "true":
        create_path = _path("container_definitions", i, "log_configuration", "options", "awslogs-create-group")
        permissions.append(_execution("logs:CreateLogGroup", arn, create_path, f"create log group {group}"))
    yield Reference(
        kind=ResourceKind.LOG_GROUP,
        arn=arn,
        value=group,
        path=path,
        role=RoleKind.EXECUTION,
        grant=f"{literal(arn.removesuffix(':*'))}:*",
        permissions=tuple(permissions),
    )


def _writable_volumes(td: RegisterTaskDefinitionRequest) -> set[str]:
    return {
        m.source_volume
        for c in td.container_definitions
        for m in c.mount_points or ()
        if m.source_volume and not m.read_only
    }


def _volumes(td: RegisterTaskDefinitionRequest, scope: _Scope) -> Iterator[Reference]:
    writable = _writable_volumes(td)
    for i, volume in enumerate(td.volumes or ()):
        fsx = volume.fsx_windows_file_server_volume_configuration
        auth = fsx.authorization_config if fsx is not None else None
        if auth is not None and auth.credentials_parameter:
            path = _path(
                "volumes",
                i,
                "fsx_windows_file_server_volume_configuration",
                "authorization_config",
                "credentials_parameter",
            )
            reason = f"join the FSx for Windows File Server domain of volume {volume.name!r}"
            found = _value_from(auth.credentials_parameter, path, reason, scope)
            if found is not None:
                yield found
        efs = volume.efs_volume_configuration
        efs_auth = efs.authorization_config if efs is not None else None
        if (
            efs is None
            or not efs.file_system_id
            or efs_auth is None
            or efs_auth.iam != EFSAuthorizationConfigIAM.ENABLED
        ):
            continue
        arn = efs_file_system_arn(
            efs.file_system_id, account=scope.account, region=scope.region, partition=scope.partition
        )
        path = _path("volumes", i, "efs_volume_configuration", "authorization_config", "iam")
        actions = ["elasticfilesystem:ClientMount"]
        if volume.name in writable:
            actions.append("elasticfilesystem:ClientWrite")
        reason = f"mount EFS volume {volume.name!r} with IAM authorization"
        permissions = tuple(
            Permission(role=RoleKind.TASK, action=a, resource=arn, path=path, reason=reason) for a in actions
        )
        yield Reference(
            kind=ResourceKind.EFS_FILE_SYSTEM,
            arn=arn,
            value=efs.file_system_id,
            path=path,
            role=RoleKind.TASK,
            grant=literal(arn),
            permissions=permissions,
        )


def task_definition_references(
    td: RegisterTaskDefinitionRequest | TaskDefinition | DescribeTaskDefinitionResponse,
    *,
    account: str,
    region: str,
    partition: str = "aws",
) -> tuple[Reference, ...]:
    """Every AWS resource ``td`` references, container by container, then volume by volume.

    ``account``, ``region`` and ``partition`` are where the task runs: they turn names (log groups, parameters)
    into ARNs. ARNs in the task definition and ECR image names keep their own account and Region.
    """
    check_scope(account=account, region=region, partition=partition)
    request = _register(td)
    scope = _Scope(account, region, partition)
    found: list[Reference] = []
    for i, container in enumerate(request.container_definitions):
        found.extend(_image(container, i, scope))
        found.extend(_secrets(container, i, scope))
        found.extend(_files(container, i))
        found.extend(_logs(container, i, scope))
    found.extend(_volumes(request, scope))
    return tuple(found)


def required_permissions(
    td: RegisterTaskDefinitionRequest | TaskDefinition | DescribeTaskDefinitionResponse,
    *,
    account: str,
    region: str,
    partition: str = "aws",
    exec_enabled: bool = False,
) -> tuple[Permission, ...]:
    """Every permission the roles of ``td``'s tasks need, in the order of the fields, without repeats.

    The same action on the same resource asked by two fields is listed for each (the paths differ).
    ``exec_enabled``: the service or RunTask call sets ``enableExecuteCommand``, so the task role needs the ECS
    Exec actions (path ``enableExecuteCommand``).

    >>> from ecskit.models.ecs import ContainerDefinition, RegisterTaskDefinitionRequest, Secret
    >>> td = RegisterTaskDefinitionRequest(family="web", container_definitions=(ContainerDefinition(
    ...     name="app", image="nginx", secrets=(Secret(name="DB_PASSWORD", value_from="/prod/db/password"),)),))
    >>> for p in required_permissions(td, account="111122223333", region="us-east-1"):
    ...     print(p.role, p.action, p.path)
    ...     print(p.resource)
    execution ssm:GetParameters containerDefinitions[0].secrets[0].valueFrom
    arn:aws:ssm:us-east-1:111122223333:parameter/prod/db/password
    """
    seen: dict[tuple[Any, ...], Permission] = {}
    for reference in task_definition_references(td, account=account, region=region, partition=partition):
        for permission in reference.permissions:
            seen.setdefault((permission.role, permission.action, permission.resource, permission.path), permission)
    if exec_enabled:
        for action in EXEC_ACTIONS:
            permission = Permission(
                role=RoleKind.TASK, action=action, resource="*", path="enableExecuteCommand", reason="ECS Exec"
            )
            seen.setdefault((permission.role, action, "*", permission.path), permission)
    return tuple(seen.values())
