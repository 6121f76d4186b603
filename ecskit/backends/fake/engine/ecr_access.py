"""Who may do what in the fake's ECR: the registry a call is about (its ``registryId``, or the caller's own) and
whether the caller may take an ECR action on a repository there.

The caller is the view's principal (:meth:`FakeBackend.scoped(principal=...)
<ecskit.backends.fake.FakeBackend.scoped>`), by default the root user of the view's account; a task's execution
role pulling an image is passed as ``principal``. The decision is ecskit's IAM evaluator
(:func:`ecskit.iam.authorize`), by AWS's rules for one account and across accounts:

* the resource-based policies are the repository's policy and the registry policy. With the registry policy scope
  ``V2`` (the default) the registry policy applies to every ECR request; with ``V1`` only to
  ``ecr:ReplicateImage``, ``ecr:BatchImportUpstreamImage`` and ``ecr:CreateRepository``
  (https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions.html);
* the caller's identity-based policies are those of a role declared with
  :meth:`~ecskit.backends.fake.FakeBackend.put_role` (in the caller's account and Region); a root user, and any
  principal whose policies were never declared, may do everything in its own account (as undeclared roles do
  everywhere in the fake);
* within the registry's own account the identity-based or the resource-based policy must allow; across accounts
  both must (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html);
  an explicit ``Deny`` wins everywhere;
* a condition the fake cannot decide (``aws:SourceIp``, ``aws:PrincipalOrgID``, ...) is not held against the caller:
  an UNDETERMINED answer is allowed, as :mod:`~ecskit.backends.fake.engine.roles` does for roles.

A refusal is AccessDeniedException with AWS's text, e.g. (aws-actions/amazon-ecr-login#232, across accounts)
``User: arn:aws:sts::A:assumed-role/cp-sw-actions-runner/GitHubActions is not authorized to perform:
ecr:InitiateLayerUpload on resource: arn:aws:ecr:us-west-2:B:repository/runner-test because no resource-based
policy allows the ecr:InitiateLayerUpload action``.
"""

from __future__ import annotations

from ecskit.backends.fake.core.ecr import RepositoryRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import fail, refuse
from ecskit.backends.fake.core.region import Region
from ecskit.backends.fake.engine.ecr_policies import V1_REGISTRY_ACTIONS, read_policy
from ecskit.errors import UsageError
from ecskit.iam import Access, Caller, CallerKind, ContextValue, Decision, Evaluation, evaluate_role
from ecskit.iam import authorize as iam_authorize
from ecskit.models.iam import PolicyDocument, Role
from ecskit.texts import ecr

__all__ = ["access", "authorize", "caller_arn", "principal_account", "registry_policy_scope", "target"]


def caller_arn(env: Env) -> str:
    """The principal the view's calls are made as: its principal, else the root user of its account."""
    return env.principal or f"arn:aws:iam::{env.account}:root"


def principal_account(principal: str) -> str:
    """The account of an IAM user, role or assumed-role ARN; UsageError for anything else."""
    caller = Caller.parse(principal)
    if caller.account is None or caller.kind is CallerKind.SERVICE:
        raise UsageError(f"{principal!r} is not an IAM user or role of an account")
    return caller.account


def target(env: Env, registry_id: str | None) -> Env:
    """The view of the registry a call names (``registryId``; the caller's own when None), in the call's Region."""
    if registry_id is None or registry_id == env.account:
        return env
    if not (len(registry_id) == 12 and registry_id.isdigit()):
        refuse(ecr.CONSTRAINT, member="registryId", constraint="must satisfy regular expression pattern: [0-9]{12}")
    if (registry_id, env.region) not in env.world.regions:
        # A registry never used has no policy, so no other account may act on it: its view is an empty record that
        # is not stored (asking about it changes nothing).
        return Env(env.world, Region(account=registry_id, region=env.region))
    return env.elsewhere(registry_id, env.region)


def registry_policy_scope(where: Env) -> str:
    """The registry policy scope of a registry: ``V2`` unless PutAccountSetting set ``V1``."""
    return where.state.ecr.settings.get("REGISTRY_POLICY_SCOPE", "V2")


def _declared_role(env: Env, caller: Caller) -> Role | None:
    """The role declared with put_role that a role or session caller acts as (looked up in the caller's account and
    the view's Region), or None."""
    if caller.kind not in (CallerKind.ROLE, CallerKind.ASSUMED_ROLE) or caller.account is None:
        return None
    home = env.world.regions.get((caller.account, env.region))  # never made here: a check changes nothing
    roles = home.roles if home is not None else {}
    if caller.role_arn is not None and caller.role_arn in roles:
        return roles[caller.role_arn]
    for arn, role in roles.items():
        if role.role_name == caller.name and arn.split(":")[4] == caller.account:
            return role
    return None


def _policies(where: Env, repository: RepositoryRecord | None, action: str) -> list[PolicyDocument]:
    registry = where.state.ecr
    found = []
    if registry.policy is not None and (registry_policy_scope(where) == "V2" or action in V1_REGISTRY_ACTIONS):
        found.append(read_policy(registry.policy))
    if repository is not None and repository.policy is not None:
        found.append(read_policy(repository.policy))
    return found


def access(
    env: Env,
    where: Env,
    repository: RepositoryRecord | None,
    action: str,
    *,
    principal: str | None = None,
    name: str | None = None,
    resource: str | None = None,
) -> Access:
    """What ecskit's IAM evaluator says about the caller of ``env`` (or ``principal``: a user, role or session ARN)
    taking ``action`` (``ecr:BatchGetImage``, ...) on ``repository`` of the registry ``where`` (or on the
    repository ``name`` that does not exist yet, or on every repository). An action on no repository (a registry
    setting, ``ecr:GetAuthorizationToken``) gives ``resource="*"``: then only the caller's identity-based policies
    and the registry policy count."""
    caller = Caller.parse(principal or caller_arn(env))
    if resource is None:
        resource = where.arn(f"repository/{repository.name if repository is not None else name or '*'}", "ecr")
    policies = _policies(where, repository, action)
    role = _declared_role(env, caller)
    identity: Evaluation | None = evaluate_role(role, action, resource) if role is not None else None
    if not policies and identity is None and caller.account == where.account:
        # The common case (the account's own calls, no policy anywhere): nothing to evaluate.
        return Access(
            caller=caller,
            action=action,
            resource=resource,
            decision=Decision.ALLOWED,
            resource_evaluation=Evaluation(action=action, resource=resource, decision=Decision.IMPLICIT_DENY),
        )
    context: dict[str, ContextValue] = {
        "aws:RequestedRegion": where.region,
        "aws:SecureTransport": True,
        "aws:CurrentTime": env.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "aws:EpochTime": int(env.clock.now().timestamp()),
    }
    return iam_authorize(
        caller,
        action,
        resource,
        resource_account=where.account,
        resource_policies=policies,
        identity=identity,
        context=context,
    )


def authorize(
    env: Env,
    where: Env,
    repository: RepositoryRecord | None,
    action: str,
    *,
    principal: str | None = None,
    name: str | None = None,
    resource: str | None = None,
) -> None:
    """Refuse (AccessDeniedException, with AWS's text) unless the caller of ``env`` (or ``principal``) may take
    ``action`` on ``repository`` of the registry ``where`` (see :func:`access`); an undecidable answer is allowed."""
    found = access(env, where, repository, action, principal=principal, name=name, resource=resource)
    if found.decision in (Decision.IMPLICIT_DENY, Decision.EXPLICIT_DENY):
        fail("AccessDeniedException", found.message)
