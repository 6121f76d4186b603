"""ARNs of what an ECS task touches: made from names with an account, a Region and a partition, and read back.

Formats: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html and the service authorization
reference of each service (https://docs.aws.amazon.com/service-authorization/latest/reference/).

>>> ssm_parameter_arn("/prod/db/password", account="111122223333", region="eu-west-1")
'arn:aws:ssm:eu-west-1:111122223333:parameter/prod/db/password'
>>> parse_arn("arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf:password::").resource
'secret:db-AbCdEf:password::'
"""

from __future__ import annotations

import re

import attrs

from ecskit.errors import ConversionError, FieldError
from ecskit.models.iam import Role

__all__ = [
    "Arn",
    "check_scope",
    "efs_file_system_arn",
    "kms_key_arn",
    "log_group_arn",
    "parse_arn",
    "partition_of_region",
    "repository_arn",
    "role_arn",
    "s3_bucket_arn",
    "secret_arn",
    "ssm_parameter_arn",
]

_ACCOUNT = re.compile(r"\d{12}")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d+")
_PARTITION = re.compile(r"aws(-[a-z]+)*")
_ROLE_PATH = re.compile(r"/([\x21-\x7e]*/)?")


def _fits(pattern: re.Pattern[str], value: object) -> bool:
    # Callers are not always type-checked: a None or a number is reported, not a TypeError.
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def check_scope(*, account: str, region: str | None = None, partition: str = "aws") -> None:
    """Raise :class:`~ecskit.errors.ConversionError` naming each of account, Region, partition that is malformed."""
    errors = []
    if not _fits(_ACCOUNT, account):
        errors.append(
            FieldError(path="account", code="bad-value", message=f"expected a 12-digit account id, got {account!r}")
        )
    if region is not None and not _fits(_REGION, region):
        errors.append(
            FieldError(
                path="region", code="bad-value", message=f"expected a Region such as 'us-east-1', got {region!r}"
            )
        )
    if not _fits(_PARTITION, partition):
        errors.append(
            FieldError(
                path="partition",
                code="bad-value",
                message=f"expected a partition such as 'aws' or 'aws-cn', got {partition!r}",
            )
        )
    if errors:
        raise ConversionError("arguments", errors)


def partition_of_region(region: str, default: str = "aws") -> str:
    """The partition a Region belongs to: ``aws-cn`` for ``cn-*``, ``aws-us-gov`` for ``us-gov-*``, else ``default``."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return default


@attrs.frozen(kw_only=True)
class Arn:
    """An ARN in its six parts: ``arn:partition:service:region:account:resource``."""

    partition: str
    service: str
    region: str
    account: str
    #: Everything after the fifth colon, colons included (``secret:name-AbCdEf:json-key::``).
    resource: str

    def __str__(self) -> str:
        return f"arn:{self.partition}:{self.service}:{self.region}:{self.account}:{self.resource}"


def parse_arn(text: str) -> Arn | None:
    """The parts of an ARN, or None when ``text`` is not one."""
    parts = text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or not parts[1] or not parts[2]:
        return None
    return Arn(partition=parts[1], service=parts[2], region=parts[3], account=parts[4], resource=parts[5])


def role_arn(role: Role, account: str, partition: str = "aws") -> str:
    """The ARN of ``role`` in ``account``: ``arn:aws:iam::111122223333:role/path/name``.

    >>> from ecskit.iam.roles import service_linked_role
    >>> role_arn(service_linked_role(), "111122223333")
    'arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS'
    """
    path = role.path or "/"
    if not _ROLE_PATH.fullmatch(path):
        raise ConversionError(
            "Role",
            [FieldError(path="path", code="bad-value", message=f"an IAM path starts and ends with '/', got {path!r}")],
        )
    return f"arn:{partition}:iam::{account}:role{path}{role.role_name}"


def repository_arn(repository: str, *, account: str, region: str, partition: str = "aws") -> str:
    """``arn:aws:ecr:REGION:ACCOUNT:repository/NAME`` of an ECR private repository."""
    return f"arn:{partition}:ecr:{region}:{account}:repository/{repository}"


def log_group_arn(name: str, *, account: str, region: str, partition: str = "aws") -> str:
    """``arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*``: the log group and its streams, as policies name them.

    The trailing ``:*`` is the form CloudWatch Logs reports in ``DescribeLogGroups`` and the one
    ``logs:CreateLogStream`` and ``logs:PutLogEvents`` need: a grant on ``log-group:NAME`` alone does not cover
    the streams (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/iam-access-control-overview-cwl.html).
    """
    return f"arn:{partition}:logs:{region}:{account}:log-group:{name}:*"


def ssm_parameter_arn(name: str, *, account: str, region: str, partition: str = "aws") -> str:
    """The ARN of an SSM parameter from its name; a hierarchical name's leading ``/`` is not doubled."""
    return f"arn:{partition}:ssm:{region}:{account}:parameter/{name.removeprefix('/')}"


def secret_arn(value_from: str) -> str | None:
    """The secret of a Secrets Manager ``valueFrom``, without ``:json-key:version-stage:version-id``; None if not one.

    >>> secret_arn("arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:username:AWSCURRENT:")
    'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf'
    """
    arn = parse_arn(value_from)
    if arn is None or arn.service != "secretsmanager" or not arn.resource.startswith("secret:"):
        return None
    name = arn.resource.split(":")[1]
    return str(attrs.evolve(arn, resource=f"secret:{name}")) if name else None


def efs_file_system_arn(file_system_id: str, *, account: str, region: str, partition: str = "aws") -> str:
    """``arn:aws:elasticfilesystem:REGION:ACCOUNT:file-system/fs-...``."""
    return f"arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{file_system_id}"


def s3_bucket_arn(object_arn: str) -> str | None:
    """The bucket ARN of an S3 object ARN (``arn:aws:s3:::bucket/key`` -> ``arn:aws:s3:::bucket``); None if not one."""
    arn = parse_arn(object_arn)
    if arn is None or arn.service != "s3" or arn.region or arn.account:
        return None
    bucket, slash, key = arn.resource.partition("/")
    return f"arn:{arn.partition}:s3:::{bucket}" if bucket and slash and key else None


def kms_key_arn(key: str, *, account: str, region: str, partition: str = "aws") -> str:
    """A KMS key ARN from a key ARN (kept) or a key id; aliases are refused (``kms:Decrypt`` is granted on keys)."""
    if key.startswith("arn:"):
        arn = parse_arn(key)
        if arn is not None and arn.service == "kms" and arn.resource.startswith("key/"):
            return key
    elif key and not key.startswith("alias/") and "/" not in key and ":" not in key:
        return f"arn:{partition}:kms:{region}:{account}:key/{key}"
    raise ConversionError(
        "arguments",
        [
            FieldError(
                path="kms_keys",
                code="bad-value",
                message=f"expected a KMS key id or key ARN, got {key!r}",
                hint="kms:Decrypt is authorised on the key ARN; an alias does not match it",
            )
        ],
    )
