"""Contract: pull-through cache rules are created, described and deleted the same on every backend.

Sources: the ECR API reference (CreatePullThroughCacheRule, DescribePullThroughCacheRules,
DeletePullThroughCacheRule) and the user guide's "Sync an upstream registry with an Amazon ECR private registry"
(Amazon ECR Public, ``public.ecr.aws``, needs no credentials; the upstream registries ECR supports are listed
there: another is refused with UnsupportedUpstreamRegistryException).

moto has no pull-through cache: every test here is an expected failure on moto.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from ecskit.backends.base import Backend
from ecskit.errors import BackendError, ConflictError, InvalidRequestError, NotFoundError
from ecskit.models.ecr import (
    CreatePullThroughCacheRuleRequest,
    DeletePullThroughCacheRuleRequest,
    DescribePullThroughCacheRulesRequest,
    DescribeRegistryRequest,
)
from tests.contract.conftest import moto_differs

PREFIX = "contract-ecr-public"
UPSTREAM = "public.ecr.aws"


@pytest.fixture(autouse=True)
def _no_rule_left(backend: Backend) -> Iterator[None]:
    """A rule outlives a test on AWS: remove the test's."""
    yield
    with contextlib.suppress(BackendError):
        backend.ecr.delete_pull_through_cache_rule(DeletePullThroughCacheRuleRequest(ecr_repository_prefix=PREFIX))


def _create(backend: Backend, prefix: str = PREFIX, upstream: str = UPSTREAM) -> None:
    backend.ecr.create_pull_through_cache_rule(
        CreatePullThroughCacheRuleRequest(ecr_repository_prefix=prefix, upstream_registry_url=upstream)
    )


def test_create_describe_delete(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS creates, describes and deletes pull-through cache rules; moto does not implement "
        "CreatePullThroughCacheRule (a server error, HTTP 500)",
    )
    account = backend.ecr.describe_registry(DescribeRegistryRequest()).registry_id
    created = backend.ecr.create_pull_through_cache_rule(
        CreatePullThroughCacheRuleRequest(ecr_repository_prefix=PREFIX, upstream_registry_url=UPSTREAM)
    )
    assert (created.ecr_repository_prefix, created.upstream_registry_url) == (PREFIX, UPSTREAM)
    assert created.registry_id == account
    assert created.created_at is not None
    described = backend.ecr.describe_pull_through_cache_rules(
        DescribePullThroughCacheRulesRequest(ecr_repository_prefixes=(PREFIX,))
    ).pull_through_cache_rules
    assert [(r.ecr_repository_prefix, r.upstream_registry_url, r.registry_id) for r in described or ()] == [
        (PREFIX, UPSTREAM, account)
    ]
    deleted = backend.ecr.delete_pull_through_cache_rule(
        DeletePullThroughCacheRuleRequest(ecr_repository_prefix=PREFIX)
    )
    assert (deleted.ecr_repository_prefix, deleted.upstream_registry_url) == (PREFIX, UPSTREAM)
    with pytest.raises(NotFoundError) as info:
        backend.ecr.describe_pull_through_cache_rules(
            DescribePullThroughCacheRulesRequest(ecr_repository_prefixes=(PREFIX,))
        )
    assert info.value.code == "PullThroughCacheRuleNotFoundException"


def test_a_prefix_has_one_rule(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS refuses a second rule for a prefix with PullThroughCacheRuleAlreadyExistsException; moto does not "
        "implement CreatePullThroughCacheRule (a server error, HTTP 500)",
    )
    _create(backend)
    with pytest.raises(ConflictError) as info:
        _create(backend, upstream="quay.io")
    assert info.value.code == "PullThroughCacheRuleAlreadyExistsException"
    described = backend.ecr.describe_pull_through_cache_rules(
        DescribePullThroughCacheRulesRequest(ecr_repository_prefixes=(PREFIX,))
    ).pull_through_cache_rules
    assert [r.upstream_registry_url for r in described or ()] == [UPSTREAM]  # the refusal changed nothing


def test_delete_an_unknown_rule(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS answers the deletion of a rule that does not exist with PullThroughCacheRuleNotFoundException; moto does "
        "not implement DeletePullThroughCacheRule (a server error, HTTP 500)",
    )
    with pytest.raises(NotFoundError) as info:
        backend.ecr.delete_pull_through_cache_rule(DeletePullThroughCacheRuleRequest(ecr_repository_prefix=PREFIX))
    assert info.value.code == "PullThroughCacheRuleNotFoundException"


def test_an_upstream_ecr_does_not_support_is_refused(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS refuses an upstream registry it does not support with UnsupportedUpstreamRegistryException; moto does not "
        "implement CreatePullThroughCacheRule (a server error, HTTP 500)",
    )
    with pytest.raises(InvalidRequestError) as info:
        _create(backend, upstream="registry.example.com")
    assert info.value.code == "UnsupportedUpstreamRegistryException"
    with pytest.raises(NotFoundError):  # the refusal changed nothing
        backend.ecr.describe_pull_through_cache_rules(
            DescribePullThroughCacheRulesRequest(ecr_repository_prefixes=(PREFIX,))
        )
