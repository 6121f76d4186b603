"""Repository policies of public repositories: SetRepositoryPolicy, GetRepositoryPolicy, DeleteRepositoryPolicy.

* A policy is kept as the text it was set with. (AWS answers with its own pretty-printed copy of the document, as
  the AWS CLI examples of ``aws ecr-public get-repository-policy`` show; the fake keeps yours, which reads back as
  the same JSON.)
* A text that is not a policy document, or a statement without a principal or an action, is refused with ECR's
  text (:func:`~ecskit.backends.fake.core.ecr_public_input.check_policy`).
* ``force`` (set a policy that would lock you out) is accepted and not needed: the fake does not judge lockouts.
"""

from __future__ import annotations

from ecskit.backends.fake.core.ecr_public import PublicRepositoryRecord
from ecskit.backends.fake.core.ecr_public_input import check_policy
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.engine.ecr_public import repository_of
from ecskit.backends.fake.registry import handles
from ecskit.models.ecr_public import (
    DeleteRepositoryPolicyRequest,
    DeleteRepositoryPolicyResponse,
    GetRepositoryPolicyRequest,
    GetRepositoryPolicyResponse,
    SetRepositoryPolicyRequest,
    SetRepositoryPolicyResponse,
)
from ecskit.texts import ecr

__all__ = ["delete_repository_policy", "get_repository_policy", "set_repository_policy"]


def _policy(record: PublicRepositoryRecord) -> str:
    """The repository's policy, or RepositoryPolicyNotFoundException (ECR's text, as getmoto/moto's ECR tests pin
    it)."""
    if record.policy is None:
        refuse(ecr.PUBLIC_POLICY_NOT_FOUND, name=record.name, registry=record.registry_id)
    return record.policy


@handles(SetRepositoryPolicyRequest)
def set_repository_policy(env: Env, req: SetRepositoryPolicyRequest) -> SetRepositoryPolicyResponse:
    """SetRepositoryPolicy: sets (or replaces) the repository's policy."""
    _, record = repository_of(env, "SetRepositoryPolicy", req.registry_id, req.repository_name)
    check_policy(req.policy_text)
    record.policy = req.policy_text
    return SetRepositoryPolicyResponse(
        registry_id=record.registry_id, repository_name=record.name, policy_text=record.policy
    )


@handles(GetRepositoryPolicyRequest)
def get_repository_policy(env: Env, req: GetRepositoryPolicyRequest) -> GetRepositoryPolicyResponse:
    """GetRepositoryPolicy: the repository's policy."""
    _, record = repository_of(env, "GetRepositoryPolicy", req.registry_id, req.repository_name)
    return GetRepositoryPolicyResponse(
        registry_id=record.registry_id, repository_name=record.name, policy_text=_policy(record)
    )


@handles(DeleteRepositoryPolicyRequest)
def delete_repository_policy(env: Env, req: DeleteRepositoryPolicyRequest) -> DeleteRepositoryPolicyResponse:
    """DeleteRepositoryPolicy: removes the policy and answers with the text it had."""
    _, record = repository_of(env, "DeleteRepositoryPolicy", req.registry_id, req.repository_name)
    text = _policy(record)
    record.policy = None
    return DeleteRepositoryPolicyResponse(registry_id=record.registry_id, repository_name=record.name, policy_text=text)
