"""Trust policies: which AWS service may assume a role, and on behalf of which account.

ECS assumes task roles and task execution roles as ``ecs-tasks.amazonaws.com``; a container instance runs with
a role that EC2 (``ec2.amazonaws.com``) assumes, an ECS Anywhere instance with one that Systems Manager
(``ssm.amazonaws.com``) assumes, and ECS itself acts through its service-linked role (``ecs.amazonaws.com``).

A service principal acts for every AWS customer, so AWS advises a condition on ``aws:SourceAccount`` (and
``aws:SourceArn``) in the trust policy against the confused-deputy problem
(https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html,
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html).

>>> from ecskit.codec import to_json
>>> print(to_json(trust_policy(TASKS_SERVICE, source_account="111122223333"), indent=2))
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "Service": "ecs-tasks.amazonaws.com"
      },
      "Action": "sts:AssumeRole",
      "Condition": {
        "StringEquals": {
          "aws:SourceAccount": "111122223333"
        }
      }
    }
  ]
}
"""

from __future__ import annotations

from ecskit.models.iam import ConditionValue, Effect, PolicyDocument, PolicyVersion, PrincipalType, Statement

__all__ = [
    "ASSUME_ROLE",
    "EC2_SERVICE",
    "ECS_SERVICE",
    "SSM_SERVICE",
    "TASKS_SERVICE",
    "trust_policy",
    "trusted_services",
]

#: The service principal that assumes task roles and task execution roles.
TASKS_SERVICE = "ecs-tasks.amazonaws.com"
#: The service principal that assumes the role of an EC2 container instance (through its instance profile).
EC2_SERVICE = "ec2.amazonaws.com"
#: The service principal that assumes the role of an ECS Anywhere (SSM-managed) instance.
SSM_SERVICE = "ssm.amazonaws.com"
#: The service principal of ECS itself, trusted by the service-linked role.
ECS_SERVICE = "ecs.amazonaws.com"
#: The action a trust policy allows.
ASSUME_ROLE = "sts:AssumeRole"


def trust_policy(service: str, *, source_account: str | None = None, source_arn: str | None = None) -> PolicyDocument:
    """A trust policy that lets ``service`` assume the role, only for ``source_account`` / ``source_arn`` if given.

    ``source_arn`` may hold wildcards (``arn:aws:ecs:us-east-1:111122223333:*``): it is tested with ``ArnLike``.
    """
    condition: dict[str, dict[str, ConditionValue]] = {}
    if source_account is not None:
        condition["StringEquals"] = {"aws:SourceAccount": source_account}
    if source_arn is not None:
        condition["ArnLike"] = {"aws:SourceArn": source_arn}
    statement = Statement(
        effect=Effect.ALLOW,
        principal={PrincipalType.SERVICE.value: service},
        action=ASSUME_ROLE,
        condition=condition or None,
    )
    return PolicyDocument(version=PolicyVersion.V2012_10_17, statement=(statement,))


def trusted_services(document: PolicyDocument) -> tuple[str, ...]:
    """The service principals that the ``Allow`` statements of a trust policy name, in order, without repeats.

    >>> trusted_services(trust_policy(EC2_SERVICE))
    ('ec2.amazonaws.com',)
    """
    found: dict[str, None] = {}
    for statement in document.statements:
        if statement.effect == Effect.ALLOW:
            found.update(dict.fromkeys(statement.principal_values(PrincipalType.SERVICE)))
    return tuple(found)
