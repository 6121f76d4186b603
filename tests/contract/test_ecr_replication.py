"""Contract: the replication configuration and DescribeImageReplicationStatus behave the same on every backend.

What a backend can show through its own Region: the configuration as put (PutReplicationConfiguration,
DescribeRegistry), ECR's refusals of one over its limits (API reference: at most 10 rules, filters of the pattern
``^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$``), and the status of each push's replication to
a Region of the account (IN_PROGRESS, then COMPLETE: "The majority of images replicate in less than 30 minutes",
https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html). moto keeps the configuration of one rule
but replicates nothing and has no DescribeImageReplicationStatus (/work/shared/reference/moto-divergences.md, ECR
"Replication").
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from ecskit.backends.base import Backend
from ecskit.backends.boto3 import Boto3Backend
from ecskit.backends.fake import FakeBackend
from ecskit.codec import from_api
from ecskit.errors import BackendError
from ecskit.images import TestImage, push_image
from ecskit.models.ecr import (
    CreateRepositoryRequest,
    DeleteRepositoryRequest,
    DescribeImageReplicationStatusRequest,
    DescribeRegistryRequest,
    ImageIdentifier,
    ImageReplicationStatus,
    PutReplicationConfigurationRequest,
    ReplicationConfiguration,
    ReplicationStatus,
)
from tests.contract.conftest import moto_differs

REPO = "contract-ecr-replication"
NO_STATUS = (
    "AWS answers DescribeImageReplicationStatus with the status of each destination of the image's push; moto does "
    "not implement the operation"
)


def _home(backend: Backend) -> str:
    if isinstance(backend, Boto3Backend):
        region: str = backend.client_for("ecr").meta.region_name
        return region
    assert isinstance(backend, FakeBackend)
    return backend.region


def _destination(backend: Backend) -> tuple[str, str]:
    """A Region of the backend's own registry other than its own, and the registry's id."""
    registry = backend.ecr.describe_registry(DescribeRegistryRequest()).registry_id
    assert registry
    return ("us-east-2" if _home(backend) == "us-west-2" else "us-west-2"), registry


def _configuration(*rules: dict[str, object]) -> ReplicationConfiguration:
    return from_api({"rules": list(rules)}, ReplicationConfiguration)


def _rule(region: str, registry: str, *filters: str) -> dict[str, object]:
    found: dict[str, object] = {"destinations": [{"region": region, "registryId": registry}]}
    if filters:
        found["repositoryFilters"] = [{"filter": f, "filterType": "PREFIX_MATCH"} for f in filters]
    return found


@contextlib.contextmanager
def _replicating(backend: Backend, config: ReplicationConfiguration) -> Iterator[ReplicationConfiguration]:
    """``config`` in force (and the registry left without replication, and without the test's repository, after)."""
    put = backend.ecr.put_replication_configuration(
        PutReplicationConfigurationRequest(replication_configuration=config)
    ).replication_configuration
    assert put is not None
    try:
        yield put
    finally:
        backend.ecr.put_replication_configuration(
            PutReplicationConfigurationRequest(replication_configuration=_configuration())
        )
        with contextlib.suppress(BackendError):
            backend.ecr.delete_repository(DeleteRepositoryRequest(repository_name=REPO, force=True))


def _statuses(backend: Backend, digest: str) -> tuple[ImageReplicationStatus, ...]:
    got = backend.ecr.describe_image_replication_status(
        DescribeImageReplicationStatusRequest(repository_name=REPO, image_id=ImageIdentifier(image_digest=digest))
    )
    assert got.repository_name == REPO
    return got.replication_statuses or ()


def _push(backend: Backend, seed: str, tag: str = "v1") -> str:
    return push_image(backend, TestImage(seed=seed, layer_sizes=(512,)), repository=REPO, tag=tag).digest


def test_the_configuration_is_described_as_put(backend: Backend) -> None:
    region, registry = _destination(backend)
    config = _configuration(_rule(region, registry, "contract"))
    with _replicating(backend, config) as put:
        assert put == config
        assert backend.ecr.describe_registry(DescribeRegistryRequest()).replication_configuration == config
    assert backend.ecr.describe_registry(DescribeRegistryRequest()).replication_configuration == _configuration()


def test_several_rules_are_taken(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS takes up to 10 rules; moto refuses more than one (ValidationException: This feature is disabled)",
    )
    region, registry = _destination(backend)
    config = _configuration(_rule(region, registry, "contract"), _rule(region, registry, "other"))
    with _replicating(backend, config):
        assert backend.ecr.describe_registry(DescribeRegistryRequest()).replication_configuration == config


def test_more_than_10_rules_are_refused(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS refuses 11 rules with InvalidParameterException; moto with ValidationException")
    region, registry = _destination(backend)
    with pytest.raises(BackendError) as refused:
        backend.ecr.put_replication_configuration(
            PutReplicationConfigurationRequest(
                replication_configuration=_configuration(*[_rule(region, registry)] * 11)
            )
        )
    assert refused.value.code == "InvalidParameterException"


def test_a_filter_outside_the_pattern_is_refused(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request, "AWS refuses a repository filter outside its pattern (InvalidParameterException); moto keeps it"
    )
    region, registry = _destination(backend)
    bad = _configuration(_rule(region, registry, "Contract"))
    with pytest.raises(BackendError) as refused:
        backend.ecr.put_replication_configuration(PutReplicationConfigurationRequest(replication_configuration=bad))
    assert refused.value.code == "InvalidParameterException"
    assert backend.ecr.describe_registry(DescribeRegistryRequest()).replication_configuration == _configuration()


def test_an_image_pushed_before_the_configuration_has_no_status(
    backend: Backend, request: pytest.FixtureRequest
) -> None:
    moto_differs(request, NO_STATUS)
    region, registry = _destination(backend)
    backend.ecr.create_repository(CreateRepositoryRequest(repository_name=REPO))
    with _replicating(backend, _configuration()):
        digest = _push(backend, "before")
        backend.ecr.put_replication_configuration(
            PutReplicationConfigurationRequest(replication_configuration=_configuration(_rule(region, registry)))
        )
        assert _statuses(backend, digest) == ()


def test_a_push_replicates_to_the_destination(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, NO_STATUS)
    region, registry = _destination(backend)
    backend.ecr.create_repository(CreateRepositoryRequest(repository_name=REPO))
    with _replicating(backend, _configuration(_rule(region, registry, "contract"))):
        digest = _push(backend, "after")
        [first] = _statuses(backend, digest)
        assert (first.region, first.registry_id) == (region, registry)
        assert first.status in (ReplicationStatus.IN_PROGRESS, ReplicationStatus.COMPLETE)
        status: ReplicationStatus | None = first.status
        for _ in range(60):  # 30 minutes at most
            if status != ReplicationStatus.IN_PROGRESS:
                break
            backend.clock.sleep(30)
            status = _statuses(backend, digest)[0].status
        assert status == ReplicationStatus.COMPLETE


def test_the_status_of_an_image_or_repository_that_is_not_there(
    backend: Backend, request: pytest.FixtureRequest
) -> None:
    moto_differs(request, NO_STATUS)
    backend.ecr.create_repository(CreateRepositoryRequest(repository_name=REPO))
    with _replicating(backend, _configuration()):
        with pytest.raises(BackendError) as image:
            _statuses(backend, "sha256:" + "0" * 64)
        assert image.value.code == "ImageNotFoundException"
        with pytest.raises(BackendError) as repository:
            backend.ecr.describe_image_replication_status(
                DescribeImageReplicationStatusRequest(
                    repository_name=f"{REPO}-missing", image_id=ImageIdentifier(image_tag="v1")
                )
            )
        assert repository.value.code == "RepositoryNotFoundException"
