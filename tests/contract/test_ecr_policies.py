"""Contract: repository and registry policies are set, read and deleted the same on every backend, and a policy
that is not JSON is refused.

Sources: the ECR API reference (SetRepositoryPolicy, GetRepositoryPolicy, DeleteRepositoryPolicy,
PutRegistryPolicy, GetRegistryPolicy, DeleteRegistryPolicy); the user guide's policy examples ("Private repository
policy examples", "Private registry permissions" for the replication statement); ECR's texts as users quote them:
"Repository policy does not exist for the repository with name 'daily/all' in the registry with id '...'"
(snyk/driftctl#1549), "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy
provided'" (awsdocs/amazon-ecr-user-guide#20) and "... 'Invalid registry policy provided'" (pulumi/pulumi-aws#2326).

ECR keeps a policy as JSON, not as the text sent (AWS answers with it reformatted), so policies are compared parsed.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import pytest

from ecskit.backends.base import Backend
from ecskit.errors import InvalidRequestError, NotFoundError
from ecskit.models.ecr import (
    DeleteRegistryPolicyRequest,
    DeleteRepositoryPolicyRequest,
    DescribeRegistryRequest,
    GetRegistryPolicyRequest,
    GetRepositoryPolicyRequest,
    PutRegistryPolicyRequest,
    SetRepositoryPolicyRequest,
)
from tests.contract.ecr_support import repository

REPO = "contract-ecr-policy"


def _pull_policy(account: str) -> dict[str, Any]:
    """The user guide's "allow another account to pull" statement (here: the registry's own account)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AllowPull",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            }
        ],
    }


def _replication_policy(account: str) -> dict[str, Any]:
    """The user guide's registry policy letting an account replicate into this registry."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReplicationAccess",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
                "Resource": "*",
            }
        ],
    }


@pytest.fixture
def account(backend: Backend) -> Iterator[str]:
    """The registry's account. A registry policy outlives a test on AWS: the one there before is put back after."""
    ecr = backend.ecr
    registry_id = ecr.describe_registry(DescribeRegistryRequest()).registry_id
    assert registry_id
    try:
        before: str | None = ecr.get_registry_policy(GetRegistryPolicyRequest()).policy_text
    except NotFoundError:
        before = None
    yield registry_id
    if before is not None:
        ecr.put_registry_policy(PutRegistryPolicyRequest(policy_text=before))
        return
    with contextlib.suppress(NotFoundError):
        ecr.delete_registry_policy(DeleteRegistryPolicyRequest())


def test_repository_policy_set_get_delete(backend: Backend, account: str) -> None:
    policy = _pull_policy(account)
    with repository(backend, REPO):
        ecr = backend.ecr
        put = ecr.set_repository_policy(
            SetRepositoryPolicyRequest(repository_name=REPO, policy_text=json.dumps(policy))
        )
        assert (put.repository_name, put.registry_id) == (REPO, account)
        assert json.loads(put.policy_text or "") == policy
        got = ecr.get_repository_policy(GetRepositoryPolicyRequest(repository_name=REPO))
        assert json.loads(got.policy_text or "") == policy
        deleted = ecr.delete_repository_policy(DeleteRepositoryPolicyRequest(repository_name=REPO))
        assert json.loads(deleted.policy_text or "") == policy
        with pytest.raises(NotFoundError) as info:
            ecr.get_repository_policy(GetRepositoryPolicyRequest(repository_name=REPO))
        assert info.value.code == "RepositoryPolicyNotFoundException"
        assert info.value.message == (
            f"Repository policy does not exist for the repository with name '{REPO}' in the registry with id "
            f"'{account}'"
        )


def test_a_repository_policy_that_is_not_json_is_refused(backend: Backend, account: str) -> None:
    policy = _pull_policy(account)
    with repository(backend, REPO):
        ecr = backend.ecr
        ecr.set_repository_policy(SetRepositoryPolicyRequest(repository_name=REPO, policy_text=json.dumps(policy)))
        with pytest.raises(InvalidRequestError) as info:
            ecr.set_repository_policy(SetRepositoryPolicyRequest(repository_name=REPO, policy_text='{"Version": '))
        assert info.value.code == "InvalidParameterException"
        assert info.value.message == (
            "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'"
        )
        got = ecr.get_repository_policy(GetRepositoryPolicyRequest(repository_name=REPO))
        assert json.loads(got.policy_text or "") == policy  # the refusal changed nothing


def test_registry_policy_put_get_delete(backend: Backend, account: str) -> None:
    policy = _replication_policy(account)
    ecr = backend.ecr
    put = ecr.put_registry_policy(PutRegistryPolicyRequest(policy_text=json.dumps(policy)))
    assert put.registry_id == account
    assert json.loads(put.policy_text or "") == policy
    got = ecr.get_registry_policy(GetRegistryPolicyRequest())
    assert json.loads(got.policy_text or "") == policy
    deleted = ecr.delete_registry_policy(DeleteRegistryPolicyRequest())
    assert json.loads(deleted.policy_text or "") == policy
    with pytest.raises(NotFoundError) as info:
        ecr.get_registry_policy(GetRegistryPolicyRequest())
    assert info.value.code == "RegistryPolicyNotFoundException"


def test_a_registry_policy_that_is_not_json_is_refused(backend: Backend, account: str) -> None:
    policy = _replication_policy(account)
    ecr = backend.ecr
    ecr.put_registry_policy(PutRegistryPolicyRequest(policy_text=json.dumps(policy)))
    with pytest.raises(InvalidRequestError) as info:
        ecr.put_registry_policy(PutRegistryPolicyRequest(policy_text="not a policy"))
    assert info.value.code == "InvalidParameterException"
    assert info.value.message == (
        "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid registry policy provided'"
    )
    got = ecr.get_registry_policy(GetRegistryPolicyRequest())
    assert json.loads(got.policy_text or "") == policy  # the refusal changed nothing
