"""Contract: image tags move, stay and refuse the same on every backend.

Sources: the user guide's "Image tag mutability" page (a MUTABLE repository lets a tag be overwritten; IMMUTABLE
refuses it; exclusion filters name tags that stay mutable), "Retagging an image" (PutImage with an image's
manifest and a new tag), PutImage in the API reference (ImageAlreadyExistsException,
ImageTagAlreadyExistsException), and ECR's texts as users quote them: "Image with digest 'sha256:<...>' and tag
'canary' already exists in the repository with name '<...>' in registry with id '<...>'"
(buildkite-plugins/ecr-buildkite-plugin#111); "The image tag 'latest' already exists in the 'app_service_image'
repository and cannot be overwritten because the repository is immutable." (aws/containers-roadmap#862).
"""

from __future__ import annotations

import pytest

from ecskit.backends.base import Backend
from ecskit.errors import ConflictError
from ecskit.models.ecr import (
    ImageIdentifier,
    ImageTagMutability,
    ImageTagMutabilityExclusionFilter,
    ImageTagMutabilityExclusionFilterType,
    ListImagesFilter,
    ListImagesRequest,
    PutImageRequest,
    TagStatus,
)
from tests.contract.conftest import moto_differs
from tests.contract.ecr_support import image, push, repository

REPO = "contract-ecr-tags"


def _tags(backend: Backend) -> dict[str, str]:
    """Tag -> the digest it names."""
    listed = backend.ecr.list_images(
        ListImagesRequest(repository_name=REPO, filter=ListImagesFilter(tag_status=TagStatus.TAGGED))
    ).image_ids
    return {i.image_tag or "": i.image_digest or "" for i in listed or ()}


def _untagged(backend: Backend) -> set[str]:
    listed = backend.ecr.list_images(
        ListImagesRequest(repository_name=REPO, filter=ListImagesFilter(tag_status=TagStatus.UNTAGGED))
    ).image_ids
    return {i.image_digest or "" for i in listed or ()}


def test_a_moved_tag_leaves_the_old_image_untagged(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS moves a tag pushed again in a MUTABLE repository and keeps the image it named, untagged; moto deletes "
        "that image",
    )
    with repository(backend, REPO):
        old = push(backend, REPO, image("old"), "latest")
        new = push(backend, REPO, image("new"), "latest")
        assert _tags(backend) == {"latest": new}
        assert _untagged(backend) == {old}


def test_retagging_adds_a_tag_to_the_same_image(backend: Backend) -> None:
    pushed = image("retag")
    with repository(backend, REPO):
        digest = push(backend, REPO, pushed, "v1")
        again = backend.ecr.put_image(
            PutImageRequest(
                repository_name=REPO,
                image_manifest=pushed.manifest,
                image_manifest_media_type=pushed.media_type,
                image_tag="prod",
            )
        ).image
        assert again is not None
        assert again.image_id == ImageIdentifier(image_digest=digest, image_tag="prod")
        assert _tags(backend) == {"v1": digest, "prod": digest}


def test_the_same_image_and_tag_again_already_exists(backend: Backend) -> None:
    pushed = image("same again")
    with repository(backend, REPO) as repo:
        digest = push(backend, REPO, pushed, "v1")
        with pytest.raises(ConflictError) as info:
            backend.ecr.put_image(
                PutImageRequest(
                    repository_name=REPO,
                    image_manifest=pushed.manifest,
                    image_manifest_media_type=pushed.media_type,
                    image_tag="v1",
                )
            )
        assert info.value.code == "ImageAlreadyExistsException"
        assert info.value.message == (
            f"Image with digest '{digest}' and tag 'v1' already exists in the repository with name '{REPO}' in "
            f"registry with id '{repo.registry_id}'"
        )


def test_an_immutable_tag_is_not_moved(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS refuses to move a tag in an IMMUTABLE repository with ImageTagAlreadyExistsException; moto refuses it "
        "with ImageAlreadyExistsException",
    )
    with repository(backend, REPO, ImageTagMutability.IMMUTABLE):
        first = push(backend, REPO, image("first"), "v1")
        with pytest.raises(ConflictError) as info:
            push(backend, REPO, image("second"), "v1")
        assert info.value.code == "ImageTagAlreadyExistsException"
        assert (
            f"The image tag 'v1' already exists in the '{REPO}' repository and cannot be overwritten because the "
            "repository is immutable"
        ) in info.value.message
        assert _tags(backend) == {"v1": first}  # the refusal changed nothing


def test_an_immutable_repository_still_takes_new_tags(backend: Backend) -> None:
    with repository(backend, REPO, ImageTagMutability.IMMUTABLE):
        first = push(backend, REPO, image("first"), "v1")
        second = push(backend, REPO, image("second"), "v2")
        assert _tags(backend) == {"v1": first, "v2": second}


def test_an_excluded_tag_stays_mutable(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS refuses to move an immutable tag with ImageTagAlreadyExistsException; moto refuses it with "
        "ImageAlreadyExistsException",
    )
    latest = ImageTagMutabilityExclusionFilter(
        filter_type=ImageTagMutabilityExclusionFilterType.WILDCARD, filter="latest"
    )
    with repository(backend, REPO, ImageTagMutability.IMMUTABLE_WITH_EXCLUSION, (latest,)):
        first = push(backend, REPO, image("first"), "latest")
        push(backend, REPO, image("first"), "v1")
        second = push(backend, REPO, image("second"), "latest")  # excluded: it moves
        assert _tags(backend) == {"latest": second, "v1": first}
        with pytest.raises(ConflictError) as info:
            push(backend, REPO, image("second"), "v1")  # not excluded: it stays
        assert info.value.code == "ImageTagAlreadyExistsException"


def test_an_excluded_tag_stays_immutable(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS reads an exclusion filter as a wildcard (v* names the tags that start with v); moto matches it as a "
        "regular expression (v* matches every tag), so it refuses to move latest (with ImageAlreadyExistsException)",
    )
    releases = ImageTagMutabilityExclusionFilter(
        filter_type=ImageTagMutabilityExclusionFilterType.WILDCARD, filter="v*"
    )
    with repository(backend, REPO, ImageTagMutability.MUTABLE_WITH_EXCLUSION, (releases,)):
        first = push(backend, REPO, image("first"), "v1")
        push(backend, REPO, image("first"), "latest")
        second = push(backend, REPO, image("second"), "latest")  # not excluded: it moves
        assert _tags(backend) == {"latest": second, "v1": first}
        with pytest.raises(ConflictError) as info:
            push(backend, REPO, image("second"), "v1")  # excluded: it stays
        assert info.value.code == "ImageTagAlreadyExistsException"
        assert _tags(backend) == {"latest": second, "v1": first}
