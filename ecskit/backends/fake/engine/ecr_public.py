"""Where Amazon ECR Public answers, and whose public registry a call is about.

ECR Public's API has endpoints in us-east-1 and us-west-2 only ("Amazon ECR Public endpoints and quotas", AWS
General Reference: https://docs.aws.amazon.com/general/latest/gr/ecr-public.html). The fake answers as AWS does:

* **us-east-1** serves every operation;
* **us-west-2** refuses GetAuthorizationToken with UnsupportedCommandException and AWS's text ("GetAuthorizationToken
  command is only supported in us-east-1.", quoted from AWS in
  https://github.com/codeship-library/aws-utilities/pull/117). What else us-west-2 answers is not documented: the
  fake is lenient there and serves the other operations from the same registry;
* **any other Region** has no endpoint: the call fails as it does on AWS, before any answer, with
  :class:`~ecskit.errors.EndpointUnreachable` (``EndpointConnectionError``; ``Could not connect to the endpoint URL:
  "https://api.ecr-public.eu-west-2.amazonaws.com/"`` in https://github.com/aws/aws-cli/issues/5917), the
  exception :class:`~ecskit.backends.boto3.Boto3Backend` raises for it.

Every account has one public registry, kept in its us-east-1 records whichever Region answers. A call naming
another account's registry (``registryId``) is refused with AccessDeniedException, as for private ECR
(``ecskit.backends.fake.engine.ecr_access``): the fake calls as the root user of its account, and
cross-account access needs a resource policy that the fake does not evaluate yet.
"""

from __future__ import annotations

from ecskit.backends.fake.core.ecr_public import (
    HOME_REGION,
    PublicRepositoryRecord,
    find_public_repository,
    repository_arn,
)
from ecskit.backends.fake.core.ecr_public_input import check_repository_name
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.engine.ecr_access import caller_arn, target
from ecskit.errors import EndpointUnreachable
from ecskit.texts import ecr

__all__ = ["HOME_ONLY", "SERVED_REGIONS", "endpoint_url", "home", "registry_of", "repository_of"]

#: The Regions with an ECR Public endpoint.
SERVED_REGIONS = frozenset({HOME_REGION, "us-west-2"})
#: Operations that the other served Region refuses (UnsupportedCommandException).
HOME_ONLY = frozenset({"GetAuthorizationToken"})


def endpoint_url(region: str) -> str:
    """The URL of ECR Public's API in ``region`` (as botocore makes it)."""
    return f"https://api.ecr-public.{region}.amazonaws.com/"


def home(env: Env, operation: str) -> Env:
    """The view of the caller's account in :data:`~ecskit.backends.fake.core.ecr_public.HOME_REGION`, where its
    public registry is kept; refused as AWS refuses ``operation`` in the Region of ``env`` (see the module)."""
    region = env.region
    if region == HOME_REGION:
        return env
    if region not in SERVED_REGIONS:
        raise EndpointUnreachable(
            f'Could not connect to the endpoint URL: "{endpoint_url(region)}"',
            code="EndpointConnectionError",
            operation=operation,
        )
    if operation in HOME_ONLY:
        refuse(ecr.PUBLIC_REGION, operation=operation, region=HOME_REGION)
    return env.elsewhere(env.account, HOME_REGION)


def registry_of(env: Env, operation: str, registry_id: str | None = None, repository: str | None = None) -> Env:
    """The view of the registry a call names (``registryId``, the caller's own when None), after :func:`home`;
    AccessDeniedException for another account's registry (``repository``, when the call names one, is the
    resource the refusal names)."""
    where = target(home(env, operation), registry_id)
    if where.account != env.account:
        action = f"ecr-public:{operation}"
        resource = repository_arn(where.account, repository or "*")
        refuse(ecr.PUBLIC_ACCESS_DENIED, principal=caller_arn(env), action=action, resource=resource)
    return where


def repository_of(env: Env, operation: str, registry_id: str | None, name: str) -> tuple[Env, PublicRepositoryRecord]:
    """The view of the registry a call names (:func:`registry_of`) and its repository ``name`` (a name that is not
    one is InvalidParameterException; a repository that is not there, RepositoryNotFoundException)."""
    where = registry_of(env, operation, registry_id, name)
    check_repository_name(name)
    return where, find_public_repository(where.state.ecr_public, name, where.account)
