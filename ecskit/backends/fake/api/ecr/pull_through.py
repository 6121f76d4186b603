"""Pull through cache rules: CreatePullThroughCacheRule, DescribePullThroughCacheRules, UpdatePullThroughCacheRule,
DeletePullThroughCacheRule, ValidatePullThroughCacheRule. What a pull through a rule does is
:func:`~ecskit.backends.fake.engine.ecr_pull_through.repository_for_pull`.

A rule is checked as ECR checks it (sources in each function's docstring and in the modules named):

* ``ecrRepositoryPrefix`` and ``upstreamRepositoryPrefix``: 2 to 30 characters of the API's pattern, or ``ROOT``
  (:mod:`~ecskit.backends.fake.core.ecr_prefixes`); one rule per prefix (PullThroughCacheRuleAlreadyExistsException);
  "You can set the upstream repository prefix only when the Amazon ECR repository prefix has a non-ROOT value"
  (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private-wildcards.html).
* The upstream: one of the registries ECR supports, named by its URL (UnsupportedUpstreamRegistryException;
  :mod:`~ecskit.backends.fake.engine.ecr_upstream`). Those that need authentication need a ``credentialArn``:
  "UnsupportedUpstreamRegistryException: The specified upstream registry requires authentication" (quoted in a
  public note of imsameerkhan12/devops-master-prep; the message's end is not shown there).
* ``credentialArn``: a Secrets Manager secret of the API's pattern, whose name starts with ``ecr-pullthroughcache/``,
  in the rule's account and Region ("The account and Region that the secret is in must match the account and Region
  that the pull through cache rule is in":
  https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-creating-rule.html). A secret of another
  account is UnableToAccessSecretException (the service-linked role reads only secrets of its own account:
  AWSECRPullThroughCache_ServiceRolePolicy's ``aws:ResourceAccount`` condition); one of another Region,
  SecretNotFoundException. The fake has no Secrets Manager: a secret of the right account and Region is taken as
  there and readable, so UnableToDecryptSecretValueException never happens here.
* At most 50 rules per registry ("Pull through cache rules per registry ... 50", not adjustable:
  https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html), else LimitExceededException.
* ``customRoleArn`` (for an Amazon ECR upstream): up to 2048 characters; that the role is of the registry's account
  and that a cross-account upstream has one are not checked (no public source shows how ECR refuses them).

Texts: where no public copy of ECR's message exists, the message is the API reference's description of the
exception (botocore's model), which keeps AWS's words.
"""

from __future__ import annotations

import datetime
import re

import attrs

from ecskit.backends.fake.core.ecr_prefixes import ROOT, check_prefix, prefix_key
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.paging import ECR_PAGING, paginate
from ecskit.backends.fake.engine.ecr_access import authorize, target
from ecskit.backends.fake.engine.ecr_upstream import CREDENTIALS_NEEDED, check_upstream
from ecskit.backends.fake.registry import handles
from ecskit.models.ecr import (
    CreatePullThroughCacheRuleRequest,
    CreatePullThroughCacheRuleResponse,
    DeletePullThroughCacheRuleRequest,
    DeletePullThroughCacheRuleResponse,
    DescribePullThroughCacheRulesRequest,
    DescribePullThroughCacheRulesResponse,
    PullThroughCacheRule,
    UpdatePullThroughCacheRuleRequest,
    UpdatePullThroughCacheRuleResponse,
    UpstreamRegistry,
    ValidatePullThroughCacheRuleRequest,
    ValidatePullThroughCacheRuleResponse,
)
from ecskit.texts import ecr

__all__ = [
    "RULES_PER_REGISTRY",
    "create_pull_through_cache_rule",
    "delete_pull_through_cache_rule",
    "describe_pull_through_cache_rules",
    "update_pull_through_cache_rule",
    "validate_pull_through_cache_rule",
]

#: The quota of pull through cache rules per registry.
RULES_PER_REGISTRY = 50
_PREFIX_LENGTH = {"low": 2, "high": 30}
_CREDENTIAL = r"^arn:aws(-\w+)*:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr\-pullthroughcache\/[a-zA-Z0-9\/_+=.@-]+$"
_CREDENTIAL_PATTERN = re.compile(_CREDENTIAL)


def _registry(env: Env, registry_id: str | None, action: str) -> Env:
    """The view of the registry a call names, if the caller may act on it."""
    where = target(env, registry_id)
    authorize(env, where, None, action)
    return where


def _invalid(member: str, constraint: str) -> None:
    refuse(ecr.CONSTRAINT, member=member, constraint=constraint)


def _find(where: Env, prefix: str) -> tuple[str, PullThroughCacheRule]:
    key = check_prefix("ecrRepositoryPrefix", prefix, **_PREFIX_LENGTH)
    rule = where.state.ecr.pull_through.get(key)
    if rule is None:
        refuse(ecr.PULL_THROUGH_NOT_FOUND)
    return key, rule


def _check_secret(where: Env, arn: str) -> None:
    """A ``credentialArn`` ECR can read for a rule of ``where``'s registry (see the module's docstring)."""
    if not 50 <= len(arn) <= 612 or _CREDENTIAL_PATTERN.fullmatch(arn) is None:
        _invalid("credentialArn", f"Member must satisfy regular expression pattern: {_CREDENTIAL}")
    region, account = arn.split(":")[3:5]
    if account != where.account:
        refuse(ecr.SECRET_INACCESSIBLE)
    if region != where.region:
        refuse(ecr.SECRET_NOT_FOUND)


def _check_role(arn: str | None) -> None:
    if arn is not None and len(arn) > 2048:
        _invalid("customRoleArn", "Member must have length less than or equal to 2048")


@handles(CreatePullThroughCacheRuleRequest)
def create_pull_through_cache_rule(
    env: Env, req: CreatePullThroughCacheRuleRequest
) -> CreatePullThroughCacheRuleResponse:
    """CreatePullThroughCacheRule: checked as the module says; an Amazon ECR upstream without an
    ``upstreamRepositoryPrefix`` shows ``ROOT`` ("When this field isn't specified, Amazon ECR will use the ROOT")."""
    where = _registry(env, req.registry_id, "ecr:CreatePullThroughCacheRule")
    key = check_prefix("ecrRepositoryPrefix", req.ecr_repository_prefix, **_PREFIX_LENGTH)
    upstream = check_upstream(req.upstream_registry_url, req.upstream_registry)
    upstream_prefix = req.upstream_repository_prefix
    if upstream_prefix is not None:
        check_prefix("upstreamRepositoryPrefix", upstream_prefix, **_PREFIX_LENGTH)
        if key == ROOT and prefix_key(upstream_prefix) != ROOT:
            refuse(ecr.PULL_THROUGH_UPSTREAM_PREFIX)
    elif upstream is UpstreamRegistry.ECR:
        upstream_prefix = ROOT
    if upstream in CREDENTIALS_NEEDED and req.credential_arn is None:
        refuse(ecr.PULL_THROUGH_NEEDS_CREDENTIALS)
    if req.credential_arn is not None:
        _check_secret(where, req.credential_arn)
    _check_role(req.custom_role_arn)
    rules = where.state.ecr.pull_through
    if key in rules:
        refuse(ecr.PULL_THROUGH_EXISTS)
    if len(rules) >= RULES_PER_REGISTRY:
        refuse(ecr.PULL_THROUGH_LIMIT)
    now = env.clock.now()
    rule = rules[key] = PullThroughCacheRule(
        ecr_repository_prefix=req.ecr_repository_prefix,
        upstream_registry_url=req.upstream_registry_url,
        created_at=now,
        updated_at=now,
        registry_id=where.account,
        credential_arn=req.credential_arn,
        custom_role_arn=req.custom_role_arn,
        upstream_repository_prefix=upstream_prefix,
        upstream_registry=upstream,
    )
    return CreatePullThroughCacheRuleResponse(
        ecr_repository_prefix=rule.ecr_repository_prefix,
        upstream_registry_url=rule.upstream_registry_url,
        created_at=rule.created_at,
        registry_id=rule.registry_id,
        upstream_registry=rule.upstream_registry,
        credential_arn=rule.credential_arn,
        custom_role_arn=rule.custom_role_arn,
        upstream_repository_prefix=rule.upstream_repository_prefix,
    )


@handles(DescribePullThroughCacheRulesRequest)
def describe_pull_through_cache_rules(
    env: Env, req: DescribePullThroughCacheRulesRequest
) -> DescribePullThroughCacheRulesResponse:
    """DescribePullThroughCacheRules: every rule (in the order they were created), or those of the prefixes named,
    where a prefix with no rule is PullThroughCacheRuleNotFoundException (as the Terraform AWS provider relies on:
    hashicorp/terraform-provider-aws, ``internal/service/ecr/pull_through_cache_rule.go``); up to 100 a page unless
    ``maxResults`` (1 to 1000) says otherwise."""
    where = _registry(env, req.registry_id, "ecr:DescribePullThroughCacheRules")
    prefixes = req.ecr_repository_prefixes
    if prefixes is None:
        rules = list(where.state.ecr.pull_through.values())
    else:
        if not 1 <= len(prefixes) <= 100:
            _invalid("ecrRepositoryPrefixes", "Member must have length between 1 and 100")
        found = dict(_find(where, prefix) for prefix in prefixes)
        rules = list(found.values())
    page, token = paginate(
        rules, req.next_token, req.max_results if req.max_results is not None else 100, limit=1000, texts=ECR_PAGING
    )
    return DescribePullThroughCacheRulesResponse(pull_through_cache_rules=tuple(page), next_token=token)


@handles(UpdatePullThroughCacheRuleRequest)
def update_pull_through_cache_rule(
    env: Env, req: UpdatePullThroughCacheRuleRequest
) -> UpdatePullThroughCacheRuleResponse:
    """UpdatePullThroughCacheRule: a new ``credentialArn`` (checked as at creation) or ``customRoleArn``; what the
    request leaves out is kept."""
    where = _registry(env, req.registry_id, "ecr:UpdatePullThroughCacheRule")
    key, rule = _find(where, req.ecr_repository_prefix)
    if req.credential_arn is not None:
        _check_secret(where, req.credential_arn)
    _check_role(req.custom_role_arn)
    now: datetime.datetime = env.clock.now()
    rule = where.state.ecr.pull_through[key] = attrs.evolve(
        rule,
        credential_arn=req.credential_arn or rule.credential_arn,
        custom_role_arn=req.custom_role_arn or rule.custom_role_arn,
        updated_at=now,
    )
    return UpdatePullThroughCacheRuleResponse(
        ecr_repository_prefix=rule.ecr_repository_prefix,
        registry_id=rule.registry_id,
        updated_at=now,
        credential_arn=rule.credential_arn,
        custom_role_arn=rule.custom_role_arn,
        upstream_repository_prefix=rule.upstream_repository_prefix,
    )


@handles(DeletePullThroughCacheRuleRequest)
def delete_pull_through_cache_rule(
    env: Env, req: DeletePullThroughCacheRuleRequest
) -> DeletePullThroughCacheRuleResponse:
    """DeletePullThroughCacheRule: the rule is gone; "Deleting a pull through cache rule doesn't have any effect on
    the repositories or images that were cached, it only stops future caching behavior"
    (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html)."""
    where = _registry(env, req.registry_id, "ecr:DeletePullThroughCacheRule")
    key, rule = _find(where, req.ecr_repository_prefix)
    del where.state.ecr.pull_through[key]
    return DeletePullThroughCacheRuleResponse(
        ecr_repository_prefix=rule.ecr_repository_prefix,
        upstream_registry_url=rule.upstream_registry_url,
        created_at=rule.created_at,
        registry_id=rule.registry_id,
        credential_arn=rule.credential_arn,
        custom_role_arn=rule.custom_role_arn,
        upstream_repository_prefix=rule.upstream_repository_prefix,
    )


@handles(ValidatePullThroughCacheRuleRequest)
def validate_pull_through_cache_rule(
    env: Env, req: ValidatePullThroughCacheRuleRequest
) -> ValidatePullThroughCacheRuleResponse:
    """ValidatePullThroughCacheRule: ECR reads the rule's secret and signs in to the upstream. The fake can do
    neither (no Secrets Manager, no registry outside AWS), and what it could know was checked when the rule was
    made, so every rule is valid here (``isValid`` true, no ``failure``)."""
    where = _registry(env, req.registry_id, "ecr:ValidatePullThroughCacheRule")
    _, rule = _find(where, req.ecr_repository_prefix)
    return ValidatePullThroughCacheRuleResponse(
        ecr_repository_prefix=rule.ecr_repository_prefix,
        registry_id=rule.registry_id,
        upstream_registry_url=rule.upstream_registry_url,
        credential_arn=rule.credential_arn,
        custom_role_arn=rule.custom_role_arn,
        upstream_repository_prefix=rule.upstream_repository_prefix,
        is_valid=True,
    )
