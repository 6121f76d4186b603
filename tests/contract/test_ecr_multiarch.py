"""Contract: multi-architecture images (a Docker manifest list or an OCI image index of per-platform images) are
pushed, pulled and refused the same on every backend.

Sources: the user guide's "Pushing a multi-architecture image to an Amazon ECR private repository" (each image is
pushed first, then the manifest list that names them); PutImage in the API reference
(ReferencedImagesNotFoundException: "The manifest list is referencing an image that does not exist"); ImageDetail's
imageSizeInBytes for a manifest list: "the max size of all manifests in the list".
"""

from __future__ import annotations

import pytest

from ecskit.backends.base import Backend
from ecskit.errors import NotFoundError
from ecskit.images import TestImage, TestIndex, media, push_image
from ecskit.models.ecr import (
    BatchDeleteImageRequest,
    BatchGetImageRequest,
    DescribeImagesRequest,
    ImageFailureCode,
    ImageIdentifier,
    ListImagesRequest,
    PutImageRequest,
)
from tests.contract.conftest import moto_differs
from tests.contract.ecr_support import push, repository

REPO = "contract-ecr-multiarch"


def _index(index_type: str | None = None, kind: str = media.DOCKER_MANIFEST) -> TestIndex:
    return TestIndex(
        images=(
            TestImage(layer_sizes=(2000,), seed="multi", media_type=kind),
            TestImage(layer_sizes=(1000, 500), seed="multi", architecture="arm64", media_type=kind),
        ),
        index_type=index_type,
    )


@pytest.mark.parametrize("kind", [media.DOCKER_MANIFEST, media.OCI_MANIFEST], ids=["docker", "oci"])
def test_an_index_is_pushed_and_pulled(backend: Backend, kind: str) -> None:
    index = _index(kind=kind)
    with repository(backend, REPO):
        digest = push(backend, REPO, index, "v1")
        got = backend.ecr.batch_get_image(
            BatchGetImageRequest(repository_name=REPO, image_ids=(ImageIdentifier(image_tag="v1"),))
        )
        [pulled] = got.images or ()
        assert pulled.image_manifest == index.manifest
        assert pulled.image_manifest_media_type == index.media_type
        listed = backend.ecr.list_images(ListImagesRequest(repository_name=REPO)).image_ids or ()
        assert {i.image_digest for i in listed} == {digest, *(image.digest for image in index.images)}


def test_an_index_is_as_large_as_its_largest_image(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS gives a manifest list the size of its largest image; moto gives it no imageSizeInBytes (it counts "
        "only manifests with layers)",
    )
    index = _index()
    with repository(backend, REPO):
        digest = push(backend, REPO, index, "v1")
        [detail] = (
            backend.ecr.describe_images(
                DescribeImagesRequest(repository_name=REPO, image_ids=(ImageIdentifier(image_digest=digest),))
            ).image_details
            or ()
        )
        assert detail.image_size_in_bytes == index.size == 2000


def test_an_index_of_images_never_pushed_is_refused(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS refuses a manifest list naming images the repository does not have (ReferencedImagesNotFoundException); "
        "moto stores it",
    )
    index = _index()
    with repository(backend, REPO):
        push_image(backend, index.images[0], repository=REPO)  # the arm64 image is missing
        with pytest.raises(NotFoundError) as info:
            backend.ecr.put_image(
                PutImageRequest(
                    repository_name=REPO,
                    image_manifest=index.manifest,
                    image_manifest_media_type=index.media_type,
                    image_tag="v1",
                )
            )
        assert info.value.code == "ReferencedImagesNotFoundException"
        listed = backend.ecr.list_images(ListImagesRequest(repository_name=REPO)).image_ids or ()
        assert [i.image_digest for i in listed] == [index.images[0].digest]  # the refusal changed nothing


def test_an_image_of_an_index_is_not_deleted_under_it(backend: Backend, request: pytest.FixtureRequest) -> None:
    # BatchDeleteImage reports the failure ImageReferencedByManifestList (ImageFailureCode, API reference): delete
    # the manifest list first.
    moto_differs(
        request,
        "AWS refuses to delete an image a manifest list names (failure ImageReferencedByManifestList); moto deletes "
        "it, and reports neither a deletion nor a failure",
    )
    index = _index()
    with repository(backend, REPO):
        push(backend, REPO, index, "v1")
        child = ImageIdentifier(image_digest=index.images[0].digest)
        deleted = backend.ecr.batch_delete_image(BatchDeleteImageRequest(repository_name=REPO, image_ids=(child,)))
        assert deleted.image_ids == ()
        assert [(f.image_id, f.failure_code) for f in deleted.failures or ()] == [
            (child, ImageFailureCode.IMAGE_REFERENCED_BY_MANIFEST_LIST)
        ]
        listed = backend.ecr.list_images(ListImagesRequest(repository_name=REPO)).image_ids or ()
        assert index.images[0].digest in {i.image_digest for i in listed}  # the refusal changed nothing
