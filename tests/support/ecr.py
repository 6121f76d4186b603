"""Helpers for tests of the fake's ECR: repositories made through the engine (the fake's CreateRepository is
another part's), and uploads of bytes in parts."""

from __future__ import annotations

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.core.ecr import RepositoryRecord
from ecskit.backends.fake.engine.ecr_repositories import new_repository
from ecskit.models.ecr import (
    CompleteLayerUploadRequest,
    CompleteLayerUploadResponse,
    ImageTagMutability,
    ImageTagMutabilityExclusionFilter,
    ImageTagMutabilityExclusionFilterType,
    InitiateLayerUploadRequest,
    UploadLayerPartRequest,
)


def repository(
    fake: FakeBackend,
    name: str = "web",
    mutability: ImageTagMutability = ImageTagMutability.MUTABLE,
    exclusions: tuple[str, ...] = (),
) -> RepositoryRecord:
    """Make repository ``name`` in the fake's view's account and Region, with tag ``mutability`` and wildcard
    exclusion filters."""
    filters = tuple(
        ImageTagMutabilityExclusionFilter(filter_type=ImageTagMutabilityExclusionFilterType.WILDCARD, filter=f)
        for f in exclusions
    )
    return new_repository(fake._env(), name, tag_mutability=mutability, mutability_exclusions=filters or None)


def start_upload(fake: FakeBackend, repo: str = "web") -> str:
    """A new upload's id."""
    upload_id = fake.ecr.initiate_layer_upload(InitiateLayerUploadRequest(repository_name=repo)).upload_id
    assert upload_id is not None
    return upload_id


def send_part(fake: FakeBackend, upload_id: str, first: int, data: bytes, repo: str = "web") -> int | None:
    """UploadLayerPart of ``data`` from byte ``first``; the last byte received."""
    request = UploadLayerPartRequest(
        repository_name=repo,
        upload_id=upload_id,
        part_first_byte=first,
        part_last_byte=first + len(data) - 1,
        layer_part_blob=data,
    )
    return fake.ecr.upload_layer_part(request).last_byte_received


def complete(fake: FakeBackend, upload_id: str, digest: str, repo: str = "web") -> CompleteLayerUploadResponse:
    """CompleteLayerUpload with ``digest``."""
    request = CompleteLayerUploadRequest(repository_name=repo, upload_id=upload_id, layer_digests=(digest,))
    return fake.ecr.complete_layer_upload(request)


def upload(fake: FakeBackend, data: bytes, digest: str, repo: str = "web") -> None:
    """Upload ``data`` in one part and complete it."""
    upload_id = start_upload(fake, repo)
    send_part(fake, upload_id, 0, data, repo)
    complete(fake, upload_id, digest, repo)
