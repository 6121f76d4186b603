"""The role generators: exact execution roles, task roles, instance roles, the service-linked role."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecskit.codec import from_api, from_json, to_json
from ecskit.errors import ConversionError
from ecskit.iam import (
    SERVICE_LINKED_ROLE_NAME,
    TASKS_SERVICE,
    Decision,
    ManagedPolicy,
    Permission,
    RoleKind,
    anywhere_instance_role,
    can_assume,
    container_instance_role,
    evaluate_role,
    execution_role,
    execution_role_policy,
    instance_profile,
    required_permissions,
    role_arn,
    service_linked_role,
    task_role,
)
from ecskit.iam.trust import EC2_SERVICE, ECS_SERVICE, SSM_SERVICE, trusted_services
from ecskit.models.ecs import RegisterTaskDefinitionRequest
from ecskit.models.iam import Effect, Role, Statement

ACCOUNT, REGION = "111122223333", "us-east-1"
OTHER_ACCOUNT = "444455556666"


def taskdef(containers: list[dict[str, Any]], **extra: Any) -> RegisterTaskDefinitionRequest:
    return from_api({"family": "web", "containerDefinitions": containers, **extra}, RegisterTaskDefinitionRequest)


WEB = taskdef(
    [
        {
            "name": "app",
            "image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/web:1",
            "secrets": [
                {"name": "DB", "valueFrom": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:db-AbCdEf:password::"}
            ],
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web"}},
        },
        {
            "name": "sidecar",
            "image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/web:1",
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web"}},
        },
    ]
)


def test_execution_role_is_exactly_what_the_task_definition_uses() -> None:
    role = execution_role(WEB, account=ACCOUNT, region=REGION)
    assert role.role_name == "web-execution"
    assert role.managed_policy_arns is None
    assert role.inline_policies is not None
    assert list(role.inline_policies) == ["task-execution"]
    policy = role.inline_policies["task-execution"]
    assert [(s.sid, s.effect, s.action, s.resource) for s in policy.statements] == [
        ("EcrAuthorization", Effect.ALLOW, "ecr:GetAuthorizationToken", "*"),
        (
            "EcrPull",
            Effect.ALLOW,
            ("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"),
            f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/web",
        ),
        (
            "LogStreams",
            Effect.ALLOW,
            ("logs:CreateLogStream", "logs:PutLogEvents"),
            f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ecs/web:*",
        ),
        (
            "SecretsManager",
            Effect.ALLOW,
            "secretsmanager:GetSecretValue",
            f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:db-AbCdEf",
        ),
    ]
    assert all(s.condition is None and s.principal is None for s in policy.statements)


def test_execution_role_trusts_ecs_tasks_for_the_account_only() -> None:
    role = execution_role(WEB, account=ACCOUNT, region=REGION)
    assert trusted_services(role.assume_role_policy) == (TASKS_SERVICE,)
    [statement] = role.assume_role_policy.statements
    assert statement.condition == {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
    assert can_assume(role, TASKS_SERVICE, account=ACCOUNT).allowed
    assert can_assume(role, TASKS_SERVICE, account=OTHER_ACCOUNT).decision is Decision.IMPLICIT_DENY


def test_execution_role_without_references_has_no_policy() -> None:
    plain = taskdef([{"name": "app", "image": "nginx:1.27"}])
    assert execution_role_policy(plain, account=ACCOUNT, region=REGION).statements == ()
    assert execution_role(plain, account=ACCOUNT, region=REGION).inline_policies is None


def test_execution_role_order_follows_the_task_definition() -> None:
    td = taskdef(
        [
            {
                "name": "b",
                "image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/zeta",
                "secrets": [{"name": "S", "valueFrom": "/z"}],
            },
            {
                "name": "a",
                "image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/alpha",
                "secrets": [{"name": "S", "valueFrom": "/a"}],
            },
        ]
    )
    policy = execution_role_policy(td, account=ACCOUNT, region=REGION)
    assert policy == execution_role_policy(td, account=ACCOUNT, region=REGION)
    by_sid = {s.sid: s.resources for s in policy.statements}
    assert by_sid["EcrPull"] == (
        f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/zeta",
        f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/alpha",
    )
    assert by_sid["ParameterStore"] == (
        f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/z",
        f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/a",
    )


def test_log_group_creation_only_where_asked() -> None:
    td = taskdef(
        [
            {
                "name": "a",
                "image": "nginx",
                "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {"awslogs-group": "one", "awslogs-create-group": "true"},
                },
            },
            {
                "name": "b",
                "image": "nginx",
                "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "two"}},
            },
        ]
    )
    role = execution_role(td, account=ACCOUNT, region=REGION)
    one = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:one:*"
    two = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:two:*"
    assert evaluate_role(role, "logs:CreateLogGroup", one).allowed
    assert evaluate_role(role, "logs:CreateLogGroup", two).decision is Decision.IMPLICIT_DENY
    assert evaluate_role(
        role, "logs:PutLogEvents", f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:two:log-stream:x"
    ).allowed
    assert not evaluate_role(role, "logs:PutLogEvents", f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:three:*").allowed


def test_kms_keys() -> None:
    key = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/mrk-1"
    policy = execution_role_policy(WEB, account=ACCOUNT, region=REGION, kms_keys=[key, "k-2", key])
    [kms] = [s for s in policy.statements if s.sid == "KmsDecrypt"]
    assert kms.action == "kms:Decrypt"
    assert kms.resources == (key, f"arn:aws:kms:{REGION}:{ACCOUNT}:key/k-2")
    with pytest.raises(ConversionError, match="alias"):
        execution_role_policy(WEB, account=ACCOUNT, region=REGION, kms_keys=["alias/aws/ssm"])


def test_role_names() -> None:
    assert execution_role(WEB, account=ACCOUNT, region=REGION, role_name="custom").role_name == "custom"
    templated = taskdef([{"name": "a", "image": "nginx"}], family="${APP}-" + "x" * 80)
    name = execution_role(templated, account=ACCOUNT, region=REGION).role_name
    assert name.endswith("-execution")
    assert len(name) == 64
    assert name.startswith("--APP--x")
    with pytest.raises(ConversionError, match="roleName"):
        execution_role(WEB, account=ACCOUNT, region=REGION, role_name="no spaces")
    with pytest.raises(ConversionError, match="roleName"):
        task_role(WEB, account=ACCOUNT, region=REGION, role_name="x" * 65)


def test_generated_roles_round_trip_through_json() -> None:
    for role in (
        execution_role(WEB, account=ACCOUNT, region=REGION),
        task_role(WEB, account=ACCOUNT, region=REGION, exec_enabled=True),
        container_instance_role(inline=True, ssm=True),
        anywhere_instance_role(account=ACCOUNT),
        service_linked_role(),
    ):
        assert from_json(to_json(role), Role) == role


EFS = taskdef(
    [
        {
            "name": "app",
            "image": "nginx",
            "mountPoints": [
                {"sourceVolume": "rw", "containerPath": "/rw"},
                {"sourceVolume": "ro", "containerPath": "/ro", "readOnly": True},
            ],
        }
    ],
    volumes=[
        {"name": "rw", "efsVolumeConfiguration": {"fileSystemId": "fs-rw", "authorizationConfig": {"iam": "ENABLED"}}},
        {"name": "ro", "efsVolumeConfiguration": {"fileSystemId": "fs-ro", "authorizationConfig": {"iam": "ENABLED"}}},
    ],
)
RW = f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/fs-rw"
RO = f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/fs-ro"


def test_task_role_efs_and_exec() -> None:
    own = Statement(
        effect=Effect.ALLOW, action="dynamodb:GetItem", resource="arn:aws:dynamodb:us-east-1:111122223333:table/t"
    )
    role = task_role(EFS, account=ACCOUNT, region=REGION, statements=[own], exec_enabled=True)
    assert role.role_name == "web-task"
    assert role.inline_policies is not None
    policy = role.inline_policies["task"]
    assert [s.sid for s in policy.statements] == ["EfsMount", "EfsWrite", "EcsExec", None]
    assert policy.statements[-1] is own
    assert evaluate_role(role, "elasticfilesystem:ClientMount", RO).allowed
    assert evaluate_role(role, "elasticfilesystem:ClientWrite", RW).allowed
    assert not evaluate_role(role, "elasticfilesystem:ClientWrite", RO).allowed
    assert not evaluate_role(role, "elasticfilesystem:ClientRootAccess", RW).allowed
    assert evaluate_role(role, "ssmmessages:OpenDataChannel", "*").allowed
    assert evaluate_role(role, "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111122223333:table/t").allowed
    assert can_assume(role, TASKS_SERVICE, account=ACCOUNT).allowed
    for permission in required_permissions(EFS, account=ACCOUNT, region=REGION, exec_enabled=True):
        assert permission.role is RoleKind.TASK
        assert evaluate_role(role, permission.action, permission.resource).allowed
    root = task_role(EFS, account=ACCOUNT, region=REGION, efs_root_access=True)
    assert evaluate_role(root, "elasticfilesystem:ClientRootAccess", RO).allowed
    assert not evaluate_role(root, "ssmmessages:OpenDataChannel", "*").allowed


def test_task_role_without_anything_has_no_policy() -> None:
    assert task_role(WEB, account=ACCOUNT, region=REGION).inline_policies is None


def test_container_instance_role() -> None:
    managed = container_instance_role()
    assert managed.role_name == "ecsInstanceRole"
    assert managed.managed_policy_arns == ("arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",)
    assert managed.inline_policies is None
    assert trusted_services(managed.assume_role_policy) == (EC2_SERVICE,)
    assert can_assume(managed, EC2_SERVICE).allowed
    inline = container_instance_role(inline=True, ssm=True, partition="aws-cn")
    assert inline.managed_policy_arns is None
    assert inline.inline_policies is not None
    assert list(inline.inline_policies) == ["AmazonEC2ContainerServiceforEC2Role", "AmazonSSMManagedInstanceCore"]
    assert inline.inline_policies["AmazonEC2ContainerServiceforEC2Role"] == ManagedPolicy.CONTAINER_INSTANCE.document(
        "aws-cn"
    )
    with_ssm = container_instance_role(ssm=True)
    assert with_ssm.managed_policy_arns is not None
    assert with_ssm.managed_policy_arns[1] == "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
    assert evaluate_role(with_ssm, "ssm:UpdateInstanceInformation", "*").allowed
    profile = instance_profile(managed)
    assert (profile.name, profile.path, profile.roles) == ("ecsInstanceRole", None, ("ecsInstanceRole",))


def test_anywhere_instance_role() -> None:
    role = anywhere_instance_role()
    assert trusted_services(role.assume_role_policy) == (SSM_SERVICE,)
    assert role.managed_policy_arns == (
        "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
    )
    assert evaluate_role(role, "ecs:Poll", "*").allowed
    assert can_assume(role, SSM_SERVICE).allowed
    scoped = anywhere_instance_role(account=ACCOUNT)
    assert can_assume(scoped, SSM_SERVICE, account=ACCOUNT).allowed
    assert not can_assume(scoped, SSM_SERVICE, account=OTHER_ACCOUNT).allowed


def test_service_linked_role() -> None:
    role = service_linked_role()
    assert role.role_name == SERVICE_LINKED_ROLE_NAME == "AWSServiceRoleForECS"
    assert role.path == "/aws-service-role/ecs.amazonaws.com/"
    assert role.managed_policy_arns == ("arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy",)
    assert can_assume(role, ECS_SERVICE).allowed
    assert not can_assume(role, TASKS_SERVICE).allowed
    assert (
        role_arn(role, ACCOUNT)
        == f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"
    )


# -- the property: a generated role allows exactly what is required --------------------------------------------------

NAMES = st.sampled_from(["web", "api", "team/web", "a.b-c_d"])
ACCOUNTS = st.sampled_from([ACCOUNT, OTHER_ACCOUNT])
REGIONS = st.sampled_from(["us-east-1", "eu-west-1"])


@st.composite
def images(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["ecr", "ecr", "fips", "dual", "hub", "public"]))
    name = draw(NAMES)
    if kind == "hub":
        return f"{name}:1"
    if kind == "public":
        return f"public.ecr.aws/{name}:1"
    host = {"ecr": "dkr.ecr", "fips": "dkr.ecr-fips", "dual": "dkr-ecr"}[kind]
    domain = "on.aws" if kind == "dual" else "amazonaws.com"
    return f"{draw(ACCOUNTS)}.{host}.{draw(REGIONS)}.{domain}/{name}:{draw(st.sampled_from(['1', 'latest']))}"


@st.composite
def value_froms(draw: st.DrawFn) -> str:
    name = draw(NAMES)
    return draw(
        st.sampled_from(
            [
                name,
                f"/prod/{name}",
                f"arn:aws:ssm:{draw(REGIONS)}:{draw(ACCOUNTS)}:parameter/{name}",
                f"arn:aws:secretsmanager:{draw(REGIONS)}:{draw(ACCOUNTS)}:secret:{name}-AbCdEf",
                f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{name}-AbCdEf:key::",
            ]
        )
    )


S3_KEYS = st.text(alphabet="ab*?$/.", min_size=1, max_size=6)


@st.composite
def containers(draw: st.DrawFn, index: int) -> dict[str, Any]:
    container: dict[str, Any] = {"name": f"c{index}", "image": draw(images())}
    secrets = draw(st.lists(value_froms(), max_size=3))
    if secrets:
        container["secrets"] = [{"name": f"S{i}", "valueFrom": v} for i, v in enumerate(secrets)]
    if draw(st.booleans()):
        container["repositoryCredentials"] = {
            "credentialsParameter": draw(
                st.sampled_from(["hub", "arn:aws:secretsmanager:us-east-1:111122223333:secret:hub-XyZ123"])
            )
        }
    files = draw(st.lists(S3_KEYS, max_size=2))
    if files:
        container["environmentFiles"] = [{"value": f"arn:aws:s3:::{draw(NAMES)}/{k}", "type": "s3"} for k in files]
    if draw(st.booleans()):
        options = {"awslogs-group": draw(st.sampled_from(["/ecs/web", "/ecs/api", "app"]))}
        if draw(st.booleans()):
            options["awslogs-create-group"] = "true"
        if draw(st.booleans()):
            options["awslogs-region"] = draw(REGIONS)
        log: dict[str, Any] = {"logDriver": "awslogs", "options": options}
        if draw(st.booleans()):
            log["secretOptions"] = [{"name": "t", "valueFrom": draw(value_froms())}]
        container["logConfiguration"] = log
    return container


@st.composite
def task_definitions(draw: st.DrawFn) -> RegisterTaskDefinitionRequest:
    count = draw(st.integers(1, 3))
    return taskdef([draw(containers(i)) for i in range(count)])


def _sibling(permission: Permission) -> str:
    """A resource of the same kind that the task definition does not name (unless by chance: checked)."""
    resource = permission.resource
    if resource.endswith(":*"):
        return resource[:-2] + "-other:*"
    if resource.endswith("-??????"):
        return resource[:-7] + "-other-??????"
    return resource + "-other"


@given(td=task_definitions())
def test_generated_execution_role_allows_exactly_what_is_required(td: RegisterTaskDefinitionRequest) -> None:
    role = execution_role(td, account=ACCOUNT, region=REGION)
    required = [p for p in required_permissions(td, account=ACCOUNT, region=REGION) if p.role is RoleKind.EXECUTION]
    pairs = {(p.action, p.resource) for p in required}
    for permission in required:
        assert evaluate_role(role, permission.action, permission.resource).decision is Decision.ALLOWED, permission
    # Exactness: among the actions and resources in play, an action is allowed on a resource only when required
    # (actions that take no resource, on "*", are allowed everywhere).
    actions = {a for a, r in pairs if r != "*"}
    resources = {r for _, r in pairs if r != "*"}
    for action in actions:
        for resource in resources:
            allowed = evaluate_role(role, action, resource).allowed
            assert allowed == ((action, resource) in pairs), (action, resource)
    # a resource it does not name, and actions it does not need, are denied
    for permission in required:
        if permission.resource != "*" and (permission.action, _sibling(permission)) not in pairs:
            assert evaluate_role(role, permission.action, _sibling(permission)).decision is Decision.IMPLICIT_DENY
    for action in (
        "secretsmanager:PutSecretValue",
        "s3:PutObject",
        "ecr:PutImage",
        "logs:DeleteLogGroup",
        "iam:PassRole",
    ):
        assert evaluate_role(role, action, "*").decision is Decision.IMPLICIT_DENY
    other_secret = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:unrelated-QwErTy"
    assert evaluate_role(role, "secretsmanager:GetSecretValue", other_secret).decision is Decision.IMPLICIT_DENY
    # no duplicates anywhere in the policy
    for statement in role.inline_policies["task-execution"].statements if role.inline_policies else ():
        assert len(set(statement.actions)) == len(statement.actions)
        assert len(set(statement.resources)) == len(statement.resources)
