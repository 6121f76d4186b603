"""Who may do what in the fake's ECR: the registry a call is about (its ``registryId``, or the caller's own) and
whether the caller may take an ECR action on a repository there.

The fake calls as the root user of the view's account. Within one account that is always allowed, unless a
repository or registry policy denies it explicitly. A call on another account's registry needs that registry's
repository policy to allow the caller (cross-account access in ECR is granted by resource policies:
https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html).
"""

from __future__ import annotations

from ecskit.backends.fake.core.ecr import RepositoryRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import fail

__all__ = ["authorize", "caller_arn", "target"]


def caller_arn(env: Env) -> str:
    """The principal the fake's calls are made as: the root user of the view's account."""
    return f"arn:aws:iam::{env.account}:root"


def target(env: Env, registry_id: str | None) -> Env:
    """The view of the registry a call names (``registryId``; the caller's own when None), in the call's Region."""
    if registry_id is None or registry_id == env.account:
        return env
    if not (len(registry_id) == 12 and registry_id.isdigit()):
        fail(
            "InvalidParameterException",
            "Invalid parameter at 'registryId' failed to satisfy constraint: "
            "'must satisfy regular expression pattern: [0-9]{12}'",
        )
    return env.elsewhere(registry_id, env.region)


def authorize(env: Env, where: Env, repository: RepositoryRecord | None, action: str) -> None:
    """Refuse (AccessDeniedException, as ECR does) unless the caller of ``env`` may take ``action``
    (``ecr:BatchGetImage``, ...) on ``repository`` of the registry ``where``."""
    if where.account == env.account:
        return
    resource = repository.arn if repository is not None else where.arn("repository/*", "ecr")
    fail(
        "AccessDeniedException",
        f"User: {caller_arn(env)} is not authorized to perform: {action} on resource: {resource} "
        "because no resource-based policy allows the " + action + " action",
    )
