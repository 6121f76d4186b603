"""What the ECR contract tests share: a repository made for one test (and removed after it, so real AWS is left as
it was), test images pushed the way docker pushes them (:func:`ecskit.images.push_image`, through the backend's
ECR verbs), and one blob uploaded on its own.

Docker's push flow is what the Docker registry API proxy does on ECR: which blobs does the repository lack
(BatchCheckLayerAvailability), upload each of those (InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload),
then PutImage with the manifest (https://docs.aws.amazon.com/AmazonECR/latest/userguide/docker-push-ecr-image.html).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator

from ecskit.backends.base import Backend
from ecskit.errors import BackendError
from ecskit.images import TestImage, TestIndex, push_image
from ecskit.models.ecr import (
    CompleteLayerUploadRequest,
    CreateRepositoryRequest,
    DeleteRepositoryRequest,
    ImageTagMutability,
    ImageTagMutabilityExclusionFilter,
    InitiateLayerUploadRequest,
    Repository,
    UploadLayerPartRequest,
)


def sha256(data: bytes) -> str:
    """``sha256:<hex>`` of ``data``: how a registry names a blob or a manifest."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def image(seed: str = "contract", **labels: str) -> TestImage:
    """A small test image (one 1 KiB layer): images of different seeds differ in their layer; images of one seed
    and different ``labels`` share the layer and differ in their config (so in their manifest and digest)."""
    return TestImage(layer_sizes=(1024,), seed=seed, labels=labels)


def upload_blob(backend: Backend, repository: str, data: bytes) -> str:
    """Upload one blob in one part (InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload); its digest."""
    ecr = backend.ecr
    upload_id = ecr.initiate_layer_upload(InitiateLayerUploadRequest(repository_name=repository)).upload_id
    assert upload_id
    ecr.upload_layer_part(
        UploadLayerPartRequest(
            repository_name=repository,
            upload_id=upload_id,
            part_first_byte=0,
            part_last_byte=len(data) - 1,
            layer_part_blob=data,
        )
    )
    done = ecr.complete_layer_upload(
        CompleteLayerUploadRequest(repository_name=repository, upload_id=upload_id, layer_digests=(sha256(data),))
    )
    assert done.layer_digest == sha256(data)
    return done.layer_digest


def push(backend: Backend, repository: str, test_image: TestImage | TestIndex, tag: str | None = None) -> str:
    """Push ``test_image`` as docker does, tagged ``tag``; the digest the backend gave the image."""
    pushed = push_image(backend, test_image, repository=repository, tag=tag)
    assert pushed.image.image_id is not None
    assert pushed.image.image_id.image_digest
    return pushed.image.image_id.image_digest


def remove_repository(backend: Backend, name: str) -> None:
    """Delete repository ``name`` with its images, if it is there."""
    with contextlib.suppress(BackendError):
        backend.ecr.delete_repository(DeleteRepositoryRequest(repository_name=name, force=True))


@contextlib.contextmanager
def repository(
    backend: Backend,
    name: str,
    mutability: ImageTagMutability | None = None,
    exclusions: tuple[ImageTagMutabilityExclusionFilter, ...] | None = None,
) -> Iterator[Repository]:
    """A repository ``name`` for the length of a test (deleted, with its images, after it)."""
    created = backend.ecr.create_repository(
        CreateRepositoryRequest(
            repository_name=name,
            image_tag_mutability=mutability,
            image_tag_mutability_exclusion_filters=exclusions,
        )
    ).repository
    assert created is not None
    try:
        yield created
    finally:
        remove_repository(backend, name)
