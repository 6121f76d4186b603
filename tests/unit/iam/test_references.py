"""What a task definition references: each kind of field, its ARN, its JSON path, its role and actions."""

from __future__ import annotations

import pytest

from ecskit.codec import from_api, to_api
from ecskit.errors import ConversionError
from ecskit.iam import (
    Permission,
    ResourceKind,
    RoleKind,
    parse_ecr_image,
    required_permissions,
    task_definition_references,
)
from ecskit.iam.arns import kms_key_arn, parse_arn, role_arn, s3_bucket_arn, secret_arn
from ecskit.iam.trust import trust_policy
from ecskit.models.ecs import (
    ContainerDefinition,
    DescribeTaskDefinitionResponse,
    RegisterTaskDefinitionRequest,
    TaskDefinition,
)
from ecskit.models.iam import Role

ACCOUNT, REGION = "111122223333", "eu-west-1"
IMAGE = "444455556666.dkr.ecr.us-east-1.amazonaws.com/team/web:1.4"
REPO = "arn:aws:ecr:us-east-1:444455556666:repository/team/web"
SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf"


def taskdef(containers: list[dict[str, object]], **extra: object) -> RegisterTaskDefinitionRequest:
    document = {"family": "web", "containerDefinitions": containers, **extra}
    return from_api(document, RegisterTaskDefinitionRequest)


def refs(td: RegisterTaskDefinitionRequest) -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    return [
        (r.kind.value, r.arn, r.path, r.role.value, r.actions)
        for r in task_definition_references(td, account=ACCOUNT, region=REGION)
    ]


@pytest.mark.parametrize(
    ("image", "arn"),
    [
        (IMAGE, REPO),
        ("111122223333.dkr.ecr.eu-west-1.amazonaws.com/web", "arn:aws:ecr:eu-west-1:111122223333:repository/web"),
        (
            "111122223333.dkr.ecr.eu-west-1.amazonaws.com/web@sha256:abc",
            "arn:aws:ecr:eu-west-1:111122223333:repository/web",
        ),
        (
            "111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com/a/b/c:t",
            "arn:aws-us-gov:ecr:us-gov-west-1:111122223333:repository/a/b/c",
        ),
        (
            "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/web:1",
            "arn:aws-cn:ecr:cn-north-1:111122223333:repository/web",
        ),
        ("111122223333.dkr-ecr.eu-west-1.on.aws/web:1", "arn:aws:ecr:eu-west-1:111122223333:repository/web"),
    ],
)
def test_private_ecr_images(image: str, arn: str) -> None:
    parsed = parse_ecr_image(image)
    assert parsed is not None
    assert parsed.repository_arn == arn


def test_image_tag_and_digest() -> None:
    parsed = parse_ecr_image("111122223333.dkr.ecr.eu-west-1.amazonaws.com/web:1.2@sha256:abc")
    assert parsed is not None
    assert (parsed.repository, parsed.tag, parsed.digest) == ("web", "1.2", "sha256:abc")


@pytest.mark.parametrize(
    "image",
    [
        "nginx:1.27",
        "library/nginx",
        "public.ecr.aws/nginx/nginx:1.27",
        "ghcr.io/org/app:1",
        "localhost:5000/app",
        "${AWS_ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com/app:latest",
        "1234.dkr.ecr.us-east-1.amazonaws.com/app",
        "111122223333.dkr.ecr.us-east-1.amazonaws.com",
    ],
)
def test_not_private_ecr(image: str) -> None:
    assert parse_ecr_image(image) is None
    assert refs(taskdef([{"name": "app", "image": image}])) == []


def test_every_kind_of_reference() -> None:
    td = taskdef(
        [
            {
                "name": "app",
                "image": IMAGE,
                "repositoryCredentials": {"credentialsParameter": SECRET},
                "secrets": [
                    {"name": "A", "valueFrom": "/prod/a"},
                    {"name": "B", "valueFrom": "plain"},
                    {"name": "C", "valueFrom": "arn:aws:ssm:us-east-1:444455556666:parameter/shared/c"},
                    {"name": "D", "valueFrom": SECRET + ":password:AWSCURRENT:"},
                    {"name": "E", "valueFrom": "arn:aws:kms:eu-west-1:111122223333:key/k"},
                ],
                "environmentFiles": [{"value": "arn:aws:s3:::conf/app/web.env", "type": "s3"}],
                "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {
                        "awslogs-group": "/ecs/web",
                        "awslogs-region": "us-west-2",
                        "awslogs-create-group": "True",
                    },
                    "secretOptions": [{"name": "token", "valueFrom": "/logs/token"}],
                },
                "mountPoints": [{"sourceVolume": "data", "containerPath": "/data"}],
            },
            {
                "name": "router",
                "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
                "firelensConfiguration": {
                    "type": "fluentbit",
                    "options": {"config-file-type": "s3", "config-file-value": "arn:aws:s3:::conf/fluent.conf"},
                },
                "logConfiguration": {"logDriver": "json-file"},
                "mountPoints": [{"sourceVolume": "shared", "containerPath": "/s", "readOnly": True}],
            },
        ],
        volumes=[
            {
                "name": "data",
                "efsVolumeConfiguration": {"fileSystemId": "fs-1", "authorizationConfig": {"iam": "ENABLED"}},
            },
            {
                "name": "shared",
                "efsVolumeConfiguration": {"fileSystemId": "fs-2", "authorizationConfig": {"iam": "ENABLED"}},
            },
            {
                "name": "plain",
                "efsVolumeConfiguration": {"fileSystemId": "fs-3", "authorizationConfig": {"iam": "DISABLED"}},
            },
            {
                "name": "win",
                "fsxWindowsFileServerVolumeConfiguration": {
                    "fileSystemId": "fs-4",
                    "rootDirectory": "share",
                    "authorizationConfig": {"credentialsParameter": SECRET, "domain": "corp.example.com"},
                },
            },
        ],
    )
    c0 = "containerDefinitions[0]"
    pull = ("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage")
    get_secret, get_params = ("secretsmanager:GetSecretValue",), ("ssm:GetParameters",)
    log_group = "arn:aws:logs:us-west-2:111122223333:log-group:/ecs/web:*"
    assert refs(td) == [
        ("ecr-repository", REPO, f"{c0}.image", "execution", pull),
        ("secretsmanager-secret", SECRET, f"{c0}.repositoryCredentials.credentialsParameter", "execution", get_secret),
        (
            "ssm-parameter",
            f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/prod/a",
            f"{c0}.secrets[0].valueFrom",
            "execution",
            get_params,
        ),
        (
            "ssm-parameter",
            f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/plain",
            f"{c0}.secrets[1].valueFrom",
            "execution",
            get_params,
        ),
        (
            "ssm-parameter",
            "arn:aws:ssm:us-east-1:444455556666:parameter/shared/c",
            f"{c0}.secrets[2].valueFrom",
            "execution",
            get_params,
        ),
        ("secretsmanager-secret", SECRET, f"{c0}.secrets[3].valueFrom", "execution", get_secret),
        (
            "ssm-parameter",
            f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/logs/token",
            f"{c0}.logConfiguration.secretOptions[0].valueFrom",
            "execution",
            get_params,
        ),
        (
            "s3-object",
            "arn:aws:s3:::conf/app/web.env",
            f"{c0}.environmentFiles[0].value",
            "execution",
            ("s3:GetObject",),
        ),
        (
            "log-group",
            log_group,
            f"{c0}.logConfiguration.options['awslogs-group']",
            "execution",
            ("logs:CreateLogStream", "logs:PutLogEvents", "logs:CreateLogGroup"),
        ),
        (
            "s3-object",
            "arn:aws:s3:::conf/fluent.conf",
            "containerDefinitions[1].firelensConfiguration.options['config-file-value']",
            "execution",
            ("s3:GetObject",),
        ),
        (
            "efs-file-system",
            f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/fs-1",
            "volumes[0].efsVolumeConfiguration.authorizationConfig.iam",
            "task",
            ("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"),
        ),
        (
            "efs-file-system",
            f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/fs-2",
            "volumes[1].efsVolumeConfiguration.authorizationConfig.iam",
            "task",
            ("elasticfilesystem:ClientMount",),
        ),
        (
            "secretsmanager-secret",
            SECRET,
            "volumes[3].fsxWindowsFileServerVolumeConfiguration.authorizationConfig.credentialsParameter",
            "execution",
            get_secret,
        ),
    ]
    permissions = required_permissions(td, account=ACCOUNT, region=REGION)
    create = [p for p in permissions if p.action == "logs:CreateLogGroup"]
    assert [(p.resource, p.path) for p in create] == [
        (log_group, f"{c0}.logConfiguration.options['awslogs-create-group']")
    ]
    bucket = [p for p in permissions if p.action == "s3:GetBucketLocation"]
    assert [p.resource for p in bucket] == ["arn:aws:s3:::conf", "arn:aws:s3:::conf"]
    token = [p for p in permissions if p.action == "ecr:GetAuthorizationToken"]
    assert [(p.resource, p.path, p.reason) for p in token] == [
        ("*", f"{c0}.image", f"pull image {IMAGE} of container 'app'")
    ]


def test_a_secret_named_without_its_arn() -> None:
    td = taskdef([{"name": "app", "image": "ghcr.io/o/app", "repositoryCredentials": {"credentialsParameter": "ghcr"}}])
    [reference] = task_definition_references(td, account=ACCOUNT, region=REGION)
    prefix = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:ghcr"
    assert reference.kind is ResourceKind.SECRET
    assert reference.arn == prefix + "-??????"
    assert reference.grant == prefix + "-??????"
    assert reference.value == "ghcr"


def test_the_grant_escapes_what_a_pattern_would_read() -> None:
    td = taskdef(
        [{"name": "app", "image": "nginx", "environmentFiles": [{"value": "arn:aws:s3:::b/a*b?$.env", "type": "s3"}]}]
    )
    [reference] = task_definition_references(td, account=ACCOUNT, region=REGION)
    assert reference.arn == "arn:aws:s3:::b/a*b?$.env"
    assert reference.grant == "arn:aws:s3:::b/a${*}b${?}${$}.env"


def test_log_group_defaults_and_other_drivers() -> None:
    td = taskdef(
        [
            {
                "name": "a",
                "image": "nginx",
                "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g"}},
            },
            {
                "name": "b",
                "image": "nginx",
                "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-region": "x"}},
            },
            {
                "name": "c",
                "image": "nginx",
                "logConfiguration": {"logDriver": "splunk", "options": {"awslogs-group": "g"}},
            },
        ]
    )
    [reference] = task_definition_references(td, account=ACCOUNT, region=REGION)
    assert reference.arn == f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:g:*"
    assert reference.grant == f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:g:*"
    assert reference.actions == ("logs:CreateLogStream", "logs:PutLogEvents")


def test_partition_applies_to_names() -> None:
    td = taskdef([{"name": "a", "image": "nginx", "secrets": [{"name": "A", "valueFrom": "p"}]}])
    [reference] = task_definition_references(td, account=ACCOUNT, region="cn-north-1", partition="aws-cn")
    assert reference.arn == f"arn:aws-cn:ssm:cn-north-1:{ACCOUNT}:parameter/p"


def test_every_form_of_a_task_definition_gives_the_same() -> None:
    td = taskdef([{"name": "app", "image": IMAGE, "secrets": [{"name": "A", "valueFrom": "/a"}]}])
    data = to_api(td)
    described = from_api({**data, "revision": 3, "status": "ACTIVE"}, TaskDefinition)
    response = DescribeTaskDefinitionResponse(task_definition=described)
    expected = task_definition_references(td, account=ACCOUNT, region=REGION)
    assert task_definition_references(described, account=ACCOUNT, region=REGION) == expected
    assert task_definition_references(response, account=ACCOUNT, region=REGION) == expected


def test_required_permissions_keep_each_field_once() -> None:
    td = taskdef([{"name": "a", "image": IMAGE}, {"name": "b", "image": IMAGE}])
    permissions = required_permissions(td, account=ACCOUNT, region=REGION)
    assert len(permissions) == 8  # 4 actions for each of the two fields
    assert len({(p.action, p.resource, p.path) for p in permissions}) == 8
    assert {p.path for p in permissions} == {"containerDefinitions[0].image", "containerDefinitions[1].image"}


def test_required_permissions_with_ecs_exec() -> None:
    td = taskdef([{"name": "a", "image": "nginx"}])
    assert required_permissions(td, account=ACCOUNT, region=REGION) == ()
    exec_permissions = required_permissions(td, account=ACCOUNT, region=REGION, exec_enabled=True)
    assert [p.action for p in exec_permissions] == [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
    ]
    assert all(
        p
        == Permission(role=RoleKind.TASK, action=p.action, resource="*", path="enableExecuteCommand", reason="ECS Exec")
        for p in exec_permissions
    )


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"account": "1111", "region": REGION}, "account"),
        ({"account": None, "region": REGION}, "account"),
        ({"account": ACCOUNT, "region": "Europe"}, "region"),
        ({"account": ACCOUNT, "region": REGION, "partition": "azure"}, "partition"),
    ],
)
def test_bad_scope_is_a_clear_error(arguments: dict[str, object], path: str) -> None:
    td = taskdef([{"name": "a", "image": "nginx"}])
    with pytest.raises(ConversionError) as info:
        task_definition_references(td, **arguments)  # type: ignore[arg-type]
    assert [e.path for e in info.value.errors] == [path]


def test_arn_helpers() -> None:
    assert secret_arn("arn:aws:secretsmanager:r:1:secret:x-AbCdEf") == "arn:aws:secretsmanager:r:1:secret:x-AbCdEf"
    assert secret_arn("arn:aws:ssm:r:1:parameter/x") is None
    assert secret_arn("not an arn") is None
    assert s3_bucket_arn("arn:aws:s3:::b/k/l") == "arn:aws:s3:::b"
    assert s3_bucket_arn("arn:aws:s3:::b") is None
    assert s3_bucket_arn("arn:aws:s3:us-east-1:1:accesspoint/x") is None
    assert parse_arn("arn:aws:s3") is None
    assert str(parse_arn("arn:aws:ecs:r:1:task/c/1")) == "arn:aws:ecs:r:1:task/c/1"
    assert kms_key_arn("k-1", account=ACCOUNT, region=REGION) == f"arn:aws:kms:{REGION}:{ACCOUNT}:key/k-1"
    key = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/k-1"
    assert kms_key_arn(key, account=ACCOUNT, region=REGION) == key
    for bad in ("alias/mine", f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/mine", ""):
        with pytest.raises(ConversionError, match="kms_keys"):
            kms_key_arn(bad, account=ACCOUNT, region=REGION)


def test_role_arn() -> None:
    plain = Role(role_name="web", assume_role_policy=trust_policy("ecs-tasks.amazonaws.com"))
    assert role_arn(plain, ACCOUNT) == f"arn:aws:iam::{ACCOUNT}:role/web"
    pathed = Role(role_name="web", path="/apps/", assume_role_policy=plain.assume_role_policy)
    assert role_arn(pathed, ACCOUNT, "aws-cn") == f"arn:aws-cn:iam::{ACCOUNT}:role/apps/web"
    bad = Role(role_name="web", path="apps", assume_role_policy=plain.assume_role_policy)
    with pytest.raises(ConversionError, match="path"):
        role_arn(bad, ACCOUNT)


def test_unreadable_values_are_skipped() -> None:
    td = RegisterTaskDefinitionRequest(
        family="x",
        container_definitions=(
            ContainerDefinition(name="a", image=""),
            ContainerDefinition(name="b", image="nginx", environment_files=()),
        ),
    )
    assert task_definition_references(td, account=ACCOUNT, region=REGION) == ()
    empty_fs = taskdef(
        [{"name": "a", "image": "nginx"}],
        volumes=[
            {"name": "v", "efsVolumeConfiguration": {"fileSystemId": "", "authorizationConfig": {"iam": "ENABLED"}}}
        ],
    )
    assert task_definition_references(empty_fs, account=ACCOUNT, region=REGION) == ()
    bad_env = taskdef([{"name": "a", "image": "nginx", "environmentFiles": [{"value": "s3://b/k", "type": "s3"}]}])
    assert task_definition_references(bad_env, account=ACCOUNT, region=REGION) == ()
