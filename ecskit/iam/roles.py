"""Roles an ECS deployment needs, made to measure: task execution role, task role, instance roles, service role.

* :func:`execution_role` grants exactly what a task definition references (:mod:`ecskit.iam.references`): no
  statement for what it does not use, each resource named, in the order of the task definition, no repeats;
* :func:`task_role` grants what the containers need from ECS's side (EFS with IAM authorization, ECS Exec)
  plus the statements you give;
* :func:`container_instance_role`, :func:`anywhere_instance_role` and :func:`service_linked_role` are the fixed
  roles of EC2 container instances, ECS Anywhere instances and ECS itself
  (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-ecs-iam-role-overview.html).

Task roles and execution roles trust ``ecs-tasks.amazonaws.com`` for the task's account only
(``aws:SourceAccount``), as AWS advises against the confused deputy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ecskit.errors import ConversionError, FieldError
from ecskit.iam._patterns import literal
from ecskit.iam.arns import check_scope, kms_key_arn
from ecskit.iam.managed import ManagedPolicy
from ecskit.iam.references import (
    EFS_ROOT_ACCESS,
    EXEC_ACTIONS,
    Reference,
    ResourceKind,
    RoleKind,
    task_definition_references,
)
from ecskit.iam.trust import EC2_SERVICE, ECS_SERVICE, SSM_SERVICE, TASKS_SERVICE, trust_policy
from ecskit.models.ecs import DescribeTaskDefinitionResponse, RegisterTaskDefinitionRequest, TaskDefinition
from ecskit.models.iam import Effect, InstanceProfile, PolicyDocument, PolicyVersion, Role, Statement

__all__ = [
    "AGENT_ACTIONS",
    "EXECUTION_POLICY_NAME",
    "SERVICE_LINKED_ROLE_NAME",
    "SERVICE_LINKED_ROLE_PATH",
    "TASK_POLICY_NAME",
    "anywhere_instance_role",
    "container_instance_role",
    "execution_role",
    "execution_role_policy",
    "instance_profile",
    "service_linked_role",
    "task_role",
    "task_role_policy",
]

#: The ECS actions the container agent calls on an EC2 or ECS Anywhere instance, ``ecs:Poll`` first: without
#: them the instance never registers or never gets tasks. (Image pulls and logs are separate: the execution
#: role does them when the task has one.)
#: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html
AGENT_ACTIONS: tuple[str, ...] = (
    "ecs:Poll",
    "ecs:CreateCluster",
    "ecs:DeregisterContainerInstance",
    "ecs:DiscoverPollEndpoint",
    "ecs:RegisterContainerInstance",
    "ecs:StartTelemetrySession",
    "ecs:UpdateContainerInstancesState",
    "ecs:SubmitAttachmentStateChanges",
    "ecs:SubmitContainerStateChange",
    "ecs:SubmitTaskStateChange",
)
#: The name of ECS's service-linked role.
SERVICE_LINKED_ROLE_NAME = "AWSServiceRoleForECS"
#: The path of ECS's service-linked role.
SERVICE_LINKED_ROLE_PATH = "/aws-service-role/ecs.amazonaws.com/"
#: The name of the inline policy of a generated execution role.
EXECUTION_POLICY_NAME = "task-execution"
#: The name of the inline policy of a generated task role.
TASK_POLICY_NAME = "task"

_ROLE_NAME = re.compile(r"[\w+=,.@-]{1,64}")

_TaskDefinitionInput = RegisterTaskDefinitionRequest | TaskDefinition | DescribeTaskDefinitionResponse

# The statements of an execution role policy, in this order: (Sid, actions). A reference's permissions fall
# into them by action; each statement names every resource that needs its actions, in first-use order.
_EXECUTION_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("EcrAuthorization", ("ecr:GetAuthorizationToken",)),
    ("EcrPull", ("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage")),
    ("LogStreams", ("logs:CreateLogStream", "logs:PutLogEvents")),
    ("LogGroupCreation", ("logs:CreateLogGroup",)),
    ("SecretsManager", ("secretsmanager:GetSecretValue",)),
    ("ParameterStore", ("ssm:GetParameters",)),
    ("S3Objects", ("s3:GetObject",)),
    ("S3Buckets", ("s3:GetBucketLocation",)),
    ("KmsDecrypt", ("kms:Decrypt",)),
)
_TASK_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("EfsMount", ("elasticfilesystem:ClientMount",)),
    ("EfsWrite", ("elasticfilesystem:ClientWrite",)),
    ("EfsRootAccess", (EFS_ROOT_ACCESS,)),
)


def _one_or_tuple(values: list[str]) -> str | tuple[str, ...]:
    return values[0] if len(values) == 1 else tuple(values)


def _grants(references: Iterable[Reference], role: RoleKind) -> list[tuple[str, str]]:
    """(action, Resource pattern) of every permission of ``role``, in order, without repeats."""
    out: dict[tuple[str, str], None] = {}
    for reference in references:
        if reference.role != role:
            continue
        for permission in reference.permissions:
            if permission.resource == "*":
                pattern = "*"
            elif permission.resource == reference.arn:
                pattern = reference.grant
            else:
                pattern = literal(permission.resource)
            out[(permission.action, pattern)] = None
    return list(out)


def _statements(grants: list[tuple[str, str]], groups: tuple[tuple[str, tuple[str, ...]], ...]) -> list[Statement]:
    statements = []
    grouped: set[str] = set()
    for sid, actions in groups:
        grouped.update(actions)
        resources = list(dict.fromkeys(r for a, r in grants if a in actions))
        if resources:
            needed = [a for a in actions if any(g == a for g, _ in grants)]
            statements.append(
                Statement(sid=sid, effect=Effect.ALLOW, action=_one_or_tuple(needed), resource=_one_or_tuple(resources))
            )
    # Actions of no group (none today) still get a statement each, never a silent drop.
    for action in dict.fromkeys(a for a, _ in grants if a not in grouped):
        resources = list(dict.fromkeys(r for a, r in grants if a == action))
        statements.append(Statement(effect=Effect.ALLOW, action=action, resource=_one_or_tuple(resources)))
    return statements


def _role_name(explicit: str | None, family: str, suffix: str) -> str:
    if explicit is not None:
        if not _ROLE_NAME.fullmatch(explicit):
            raise ConversionError(
                "Role",
                [
                    FieldError(
                        path="roleName",
                        code="bad-value",
                        message=f"an IAM role name is 1 to 64 of letters, digits and +=,.@_-; got {explicit!r}",
                    )
                ],
            )
        return explicit
    # A family may hold template placeholders ("${APP}"): keep the characters IAM allows, and the length.
    base = re.sub(r"[^\w+=,.@-]", "-", family) or "task"
    return f"{base[: 64 - len(suffix)]}{suffix}"


def _family(td: _TaskDefinitionInput) -> str:
    if isinstance(td, DescribeTaskDefinitionResponse):
        return td.task_definition.family if td.task_definition is not None and td.task_definition.family else "task"
    return td.family or "task"


def execution_role_policy(
    td: _TaskDefinitionInput,
    *,
    account: str,
    region: str,
    partition: str = "aws",
    kms_keys: Iterable[str] = (),
) -> PolicyDocument:
    """The inline policy of :func:`execution_role`: exactly what ``td`` references, nothing more.

    ``kms_keys`` (key ids or key ARNs) add ``kms:Decrypt`` for secrets and parameters encrypted with customer
    managed keys. A task definition that references nothing gives a document without statements.
    """
    references = task_definition_references(td, account=account, region=region, partition=partition)
    grants = _grants(references, RoleKind.EXECUTION)
    keys = [kms_key_arn(k, account=account, region=region, partition=partition) for k in kms_keys]
    grants.extend(dict.fromkeys(("kms:Decrypt", literal(k)) for k in keys))
    return PolicyDocument(version=PolicyVersion.V2012_10_17, statement=tuple(_statements(grants, _EXECUTION_GROUPS)))


def execution_role(
    td: _TaskDefinitionInput,
    *,
    account: str,
    region: str,
    partition: str = "aws",
    role_name: str | None = None,
    kms_keys: Iterable[str] = (),
) -> Role:
    """A task execution role for ``td``: trusts ``ecs-tasks.amazonaws.com`` for ``account``, grants what it uses.

    The role name defaults to ``<family>-execution``. The one inline policy, :data:`EXECUTION_POLICY_NAME`, is
    :func:`execution_role_policy`; a task definition that references nothing gets no inline policy.

    >>> from ecskit.models.ecs import ContainerDefinition, RegisterTaskDefinitionRequest
    >>> td = RegisterTaskDefinitionRequest(family="web", container_definitions=(ContainerDefinition(
    ...     name="app", image="111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1"),))
    >>> role = execution_role(td, account="111122223333", region="us-east-1")
    >>> [s.sid for s in role.inline_policies["task-execution"].statements]
    ['EcrAuthorization', 'EcrPull']
    """
    check_scope(account=account, region=region, partition=partition)
    policy = execution_role_policy(td, account=account, region=region, partition=partition, kms_keys=kms_keys)
    return Role(
        role_name=_role_name(role_name, _family(td), "-execution"),
        assume_role_policy=trust_policy(TASKS_SERVICE, source_account=account),
        inline_policies={EXECUTION_POLICY_NAME: policy} if policy.statements else None,
        description=f"ECS task execution role of {_family(td)} (generated by ecskit)",
    )


def task_role_policy(
    td: _TaskDefinitionInput,
    *,
    account: str,
    region: str,
    partition: str = "aws",
    statements: Iterable[Statement] = (),
    exec_enabled: bool = False,
    efs_root_access: bool = False,
) -> PolicyDocument:
    """The inline policy of :func:`task_role`: EFS access, ECS Exec when ``exec_enabled``, then ``statements``."""
    references = task_definition_references(td, account=account, region=region, partition=partition)
    grants = _grants(references, RoleKind.TASK)
    if efs_root_access:
        roots = [r.grant for r in references if r.kind == ResourceKind.EFS_FILE_SYSTEM]
        grants.extend(dict.fromkeys((EFS_ROOT_ACCESS, g) for g in roots))
    out = _statements(grants, _TASK_GROUPS)
    if exec_enabled:
        out.append(Statement(sid="EcsExec", effect=Effect.ALLOW, action=EXEC_ACTIONS, resource="*"))
    out.extend(statements)
    return PolicyDocument(version=PolicyVersion.V2012_10_17, statement=tuple(out))


def task_role(
    td: _TaskDefinitionInput,
    *,
    account: str,
    region: str,
    partition: str = "aws",
    role_name: str | None = None,
    statements: Iterable[Statement] = (),
    exec_enabled: bool = False,
    efs_root_access: bool = False,
) -> Role:
    """A task role for ``td``: trusts ``ecs-tasks.amazonaws.com`` for ``account``; see :func:`task_role_policy`.

    ``exec_enabled``: the ``ssmmessages`` actions ECS Exec needs. ``efs_root_access``: also
    ``elasticfilesystem:ClientRootAccess`` on the IAM-authorised EFS volumes. ``statements`` are your
    application's own. The role name defaults to ``<family>-task``.
    """
    check_scope(account=account, region=region, partition=partition)
    policy = task_role_policy(
        td,
        account=account,
        region=region,
        partition=partition,
        statements=statements,
        exec_enabled=exec_enabled,
        efs_root_access=efs_root_access,
    )
    return Role(
        role_name=_role_name(role_name, _family(td), "-task"),
        assume_role_policy=trust_policy(TASKS_SERVICE, source_account=account),
        inline_policies={TASK_POLICY_NAME: policy} if policy.statements else None,
        description=f"ECS task role of {_family(td)} (generated by ecskit)",
    )


def container_instance_role(
    *,
    role_name: str = "ecsInstanceRole",
    partition: str = "aws",
    inline: bool = False,
    ssm: bool = False,
) -> Role:
    """The role of EC2 container instances: trusts ``ec2.amazonaws.com``, grants AmazonEC2ContainerServiceforEC2Role.

    ``inline``: copy the managed policy's statements into an inline policy instead of attaching it by ARN.
    ``ssm``: also AmazonSSMManagedInstanceCore (Session Manager access to the instance). Put the role in an
    instance profile with :func:`instance_profile`.
    """
    policies = [ManagedPolicy.CONTAINER_INSTANCE, *([ManagedPolicy.SSM_MANAGED_INSTANCE_CORE] if ssm else [])]
    if inline:
        attached = None
        inline_policies = {p.policy_name: p.document(partition) for p in policies}
    else:
        attached, inline_policies = tuple(p.arn(partition) for p in policies), None
    return Role(
        role_name=_role_name(role_name, "", ""),
        assume_role_policy=trust_policy(EC2_SERVICE),
        managed_policy_arns=attached,
        inline_policies=inline_policies,
        description="ECS container instance role",
    )


def instance_profile(role: Role) -> InstanceProfile:
    """The instance profile that carries ``role`` to EC2 instances: same name and path.

    >>> instance_profile(container_instance_role()).roles
    ('ecsInstanceRole',)
    """
    return InstanceProfile(name=role.role_name, path=role.path, roles=(role.role_name,))


def anywhere_instance_role(
    *, role_name: str = "ecsAnywhereRole", partition: str = "aws", account: str | None = None
) -> Role:
    """The role of ECS Anywhere instances: trusts ``ssm.amazonaws.com``; SSM core and the container agent's policy.

    ``account``: trust Systems Manager for that account only (``aws:SourceAccount``).
    https://docs.aws.amazon.com/AmazonECS/latest/developerguide/iam-role-ecsanywhere.html
    """
    if account is not None:
        check_scope(account=account, partition=partition)
    return Role(
        role_name=_role_name(role_name, "", ""),
        assume_role_policy=trust_policy(SSM_SERVICE, source_account=account),
        managed_policy_arns=(
            ManagedPolicy.SSM_MANAGED_INSTANCE_CORE.arn(partition),
            ManagedPolicy.CONTAINER_INSTANCE.arn(partition),
        ),
        description="ECS Anywhere instance role",
    )


def service_linked_role(*, partition: str = "aws") -> Role:
    """ECS's service-linked role ``AWSServiceRoleForECS``, as IAM creates it: trusts ``ecs.amazonaws.com``.

    https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using-service-linked-roles.html
    """
    return Role(
        role_name=SERVICE_LINKED_ROLE_NAME,
        path=SERVICE_LINKED_ROLE_PATH,
        assume_role_policy=trust_policy(ECS_SERVICE),
        managed_policy_arns=(ManagedPolicy.ECS_SERVICE_ROLE.arn(partition),),
        description="Role to enable Amazon ECS to manage your cluster.",
    )
