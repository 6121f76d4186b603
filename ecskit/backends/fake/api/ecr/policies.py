"""Repository and registry policies: SetRepositoryPolicy, GetRepositoryPolicy, DeleteRepositoryPolicy,
PutRegistryPolicy, GetRegistryPolicy, DeleteRegistryPolicy.

A policy is kept once ECR would take it (:mod:`~ecskit.backends.fake.engine.ecr_policies`: a repository policy
re-printed as ECR answers it, a registry policy as given); from then on it decides who may do what
(:mod:`~ecskit.backends.fake.engine.ecr_access`). Without ``force``, SetRepositoryPolicy refuses a policy that would
stop the caller from setting the repository's policy again ("This is intended to prevent accidental repository lock
outs", the API reference; the text of the refusal is ecskit's wording in ECR's form). The not-found texts are the
ones moto records (``Repository policy does not exist for the repository with name 'web' in the registry with id
'123456789012'``, quoted in part by aws-controllers-k8s/community#1873; ``Registry policy does not exist in the
registry with id '123456789012'``).
"""

from __future__ import annotations

from typing import NoReturn

import attrs

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.engine.ecr_access import access, authorize, registry_policy_scope
from ecskit.backends.fake.engine.ecr_policies import check_registry_policy, check_repository_policy, stored_text
from ecskit.backends.fake.engine.ecr_repositories import open_repository
from ecskit.backends.fake.registry import handles
from ecskit.iam import Decision
from ecskit.models.ecr import (
    DeleteRegistryPolicyRequest,
    DeleteRegistryPolicyResponse,
    DeleteRepositoryPolicyRequest,
    DeleteRepositoryPolicyResponse,
    GetRegistryPolicyRequest,
    GetRegistryPolicyResponse,
    GetRepositoryPolicyRequest,
    GetRepositoryPolicyResponse,
    PutRegistryPolicyRequest,
    PutRegistryPolicyResponse,
    SetRepositoryPolicyRequest,
    SetRepositoryPolicyResponse,
)
from ecskit.texts import ecr

__all__ = [
    "delete_registry_policy",
    "delete_repository_policy",
    "get_registry_policy",
    "get_repository_policy",
    "put_registry_policy",
    "set_repository_policy",
]

_DENIED = (Decision.IMPLICIT_DENY, Decision.EXPLICIT_DENY)


def _no_repository_policy(name: str, registry_id: str) -> NoReturn:
    refuse(ecr.REPOSITORY_POLICY_NOT_FOUND, name=name, registry=registry_id)


def _no_registry_policy(registry_id: str) -> NoReturn:
    refuse(ecr.REGISTRY_POLICY_NOT_FOUND, registry=registry_id)


@handles(SetRepositoryPolicyRequest)
def set_repository_policy(env: Env, req: SetRepositoryPolicyRequest) -> SetRepositoryPolicyResponse:
    """SetRepositoryPolicy: replaces the repository's policy with one ECR takes."""
    where, record = open_repository(env, req.registry_id, req.repository_name, "ecr:SetRepositoryPolicy")
    check_repository_policy(req.policy_text)
    text = stored_text(req.policy_text)
    if not req.force:
        after = attrs.evolve(record, policy=text)
        if access(env, where, after, "ecr:SetRepositoryPolicy").decision in _DENIED:
            refuse(ecr.REPOSITORY_POLICY_LOCKOUT)
    record.policy = text
    return SetRepositoryPolicyResponse(
        registry_id=where.account, repository_name=record.name, policy_text=record.policy
    )


@handles(GetRepositoryPolicyRequest)
def get_repository_policy(env: Env, req: GetRepositoryPolicyRequest) -> GetRepositoryPolicyResponse:
    """GetRepositoryPolicy: the policy's text as it was set."""
    where, record = open_repository(env, req.registry_id, req.repository_name, "ecr:GetRepositoryPolicy")
    if record.policy is None:
        _no_repository_policy(record.name, where.account)
    return GetRepositoryPolicyResponse(
        registry_id=where.account, repository_name=record.name, policy_text=record.policy
    )


@handles(DeleteRepositoryPolicyRequest)
def delete_repository_policy(env: Env, req: DeleteRepositoryPolicyRequest) -> DeleteRepositoryPolicyResponse:
    """DeleteRepositoryPolicy: removes the policy and answers with its text."""
    where, record = open_repository(env, req.registry_id, req.repository_name, "ecr:DeleteRepositoryPolicy")
    text = record.policy
    if text is None:
        _no_repository_policy(record.name, where.account)
    record.policy = None
    return DeleteRepositoryPolicyResponse(registry_id=where.account, repository_name=record.name, policy_text=text)


@handles(PutRegistryPolicyRequest)
def put_registry_policy(env: Env, req: PutRegistryPolicyRequest) -> PutRegistryPolicyResponse:
    """PutRegistryPolicy: replaces the registry policy with one ECR takes under the registry's policy scope."""
    authorize(env, env, None, "ecr:PutRegistryPolicy", resource="*")
    check_registry_policy(req.policy_text, registry_policy_scope(env))
    env.state.ecr.policy = req.policy_text
    return PutRegistryPolicyResponse(registry_id=env.account, policy_text=req.policy_text)


@handles(GetRegistryPolicyRequest)
def get_registry_policy(env: Env, req: GetRegistryPolicyRequest) -> GetRegistryPolicyResponse:
    """GetRegistryPolicy: the registry policy's text as it was put."""
    authorize(env, env, None, "ecr:GetRegistryPolicy", resource="*")
    text = env.state.ecr.policy
    if text is None:
        _no_registry_policy(env.account)
    return GetRegistryPolicyResponse(registry_id=env.account, policy_text=text)


@handles(DeleteRegistryPolicyRequest)
def delete_registry_policy(env: Env, req: DeleteRegistryPolicyRequest) -> DeleteRegistryPolicyResponse:
    """DeleteRegistryPolicy: removes the registry policy and answers with its text."""
    authorize(env, env, None, "ecr:DeleteRegistryPolicy", resource="*")
    text = env.state.ecr.policy
    if text is None:
        _no_registry_policy(env.account)
    env.state.ecr.policy = None
    return DeleteRegistryPolicyResponse(registry_id=env.account, policy_text=text)
