"""Images of public repositories: DescribeImages, DescribeImageTags, BatchDeleteImage.

They read and change a repository's :class:`~ecskit.backends.fake.core.ecr.ImageStore`, the one ECR's push flow
fills, so pushed images show here as they arrive.

* DescribeImages names images by digest, tag or both; one that is not there is ImageNotFoundException with ECR's
  text. Without ``imageIds`` it pages through every image in push order.
* DescribeImageTags pages through every tag, each with the image it names. (A tag's ``createdAt`` is when its image
  was pushed: the fake does not keep when a tag moved.)
* BatchDeleteImage, per the API reference: a tag alone removes that tag, and the image with it when it was its last
  tag; a digest (with or without its tag) removes the image and all its tags. What cannot be deleted is a failure
  with ECR's code and reason, never an error: no digest and no tag (``MissingDigestAndTag``), a digest that is not
  one (``InvalidImageDigest``), an image that is not there (``ImageNotFound``; aws/aws-cli#6424 shows AWS's
  answer), an image a manifest list of the repository still names (``ImageReferencedByManifestList``).
"""

from __future__ import annotations

import re
from typing import NoReturn

from ecskit.backends.fake.api.ecr_public import render
from ecskit.backends.fake.core.ecr import ImageRecord, ImageStore
from ecskit.backends.fake.core.ecr_public import PublicRepositoryRecord
from ecskit.backends.fake.core.ecr_public_input import check_length, check_max_results, constraint
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.paging import ECR_PUBLIC_PAGING, paginate
from ecskit.backends.fake.engine.ecr_public import repository_of
from ecskit.backends.fake.registry import handles
from ecskit.models import ecr
from ecskit.models.ecr_public import (
    BatchDeleteImageRequest,
    BatchDeleteImageResponse,
    DescribeImagesRequest,
    DescribeImagesResponse,
    DescribeImageTagsRequest,
    DescribeImageTagsResponse,
    ImageFailure,
    ImageFailureCode,
    ImageIdentifier,
    ImageTagDetail,
)
from ecskit.texts import ecr as ecr_texts

__all__ = ["batch_delete_image", "describe_image_tags", "describe_images"]

#: A digest ECR accepts (the service model's ``LayerDigest`` pattern).
DIGEST_PATTERN = "[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+"
_DIGEST = re.compile(DIGEST_PATTERN)


def _find(store: ImageStore, ident: ImageIdentifier) -> ImageRecord | None:
    """The image an ECR Public identifier names (the store resolves ECR's identifiers, of the same members)."""
    return store.resolve(ecr.ImageIdentifier(image_digest=ident.image_digest, image_tag=ident.image_tag))


def _not_found(record: PublicRepositoryRecord, ident: ImageIdentifier) -> NoReturn:
    """ECR's ImageNotFoundException (absent members written ``'null'``, as AWS writes them in
    https://github.com/hashicorp/terraform-provider-aws/issues/35268)."""
    refuse(
        ecr_texts.PUBLIC_IMAGE_NOT_FOUND,
        digest=ident.image_digest or "null",
        tag=ident.image_tag or "null",
        name=record.name,
        registry=record.registry_id,
    )


@handles(DescribeImagesRequest)
def describe_images(env: Env, req: DescribeImagesRequest) -> DescribeImagesResponse:
    """DescribeImages: the images named (each once), or a page of every image (100 unless ``maxResults`` says
    otherwise, at most 1000). Paging with ``imageIds`` is refused ("If you specify images with imageIds, you can't
    use this option", API reference); the text of that refusal is ecskit's."""
    _, record = repository_of(env, "DescribeImages", req.registry_id, req.repository_name)
    store = record.store
    if req.image_ids is not None:
        check_length("imageIds", req.image_ids, low=1, high=100)
        if req.next_token is not None or req.max_results is not None:
            constraint("imageIds", "nextToken and maxResults cannot be used with imageIds")
        found: dict[str, ImageRecord] = {}
        for ident in req.image_ids:
            image = _find(store, ident)
            if image is None:
                _not_found(record, ident)
            found.setdefault(image.digest, image)
        return DescribeImagesResponse(image_details=tuple(render.image_detail(record, i) for i in found.values()))
    page, token = paginate(
        list(store.images.values()),
        req.next_token,
        check_max_results(req.max_results),
        limit=1000,
        texts=ECR_PUBLIC_PAGING,
    )
    return DescribeImagesResponse(image_details=tuple(render.image_detail(record, i) for i in page), next_token=token)


@handles(DescribeImageTagsRequest)
def describe_image_tags(env: Env, req: DescribeImageTagsRequest) -> DescribeImageTagsResponse:
    """DescribeImageTags: a page of every tag of the repository (images in push order, each image's tags in the
    order they were put on it), with the image each names."""
    _, record = repository_of(env, "DescribeImageTags", req.registry_id, req.repository_name)
    tagged = [(tag, image) for image in record.store.images.values() for tag in image.tags]
    page, token = paginate(
        tagged, req.next_token, check_max_results(req.max_results), limit=1000, texts=ECR_PUBLIC_PAGING
    )
    details = tuple(
        ImageTagDetail(image_tag=tag, created_at=image.pushed_at, image_detail=render.referenced_image(record, image))
        for tag, image in page
    )
    return DescribeImageTagsResponse(image_tag_details=details, next_token=token)


def _failure(ident: ImageIdentifier, code: ImageFailureCode, reason: str) -> ImageFailure:
    return ImageFailure(image_id=ident, failure_code=code, failure_reason=reason)


def _referrers(store: ImageStore) -> dict[str, set[str]]:
    """Image digest -> the digests of the image indexes and manifest lists of the store that name it."""
    found: dict[str, set[str]] = {}
    for image in store.images.values():
        for child in image.children:
            found.setdefault(child, set()).add(image.digest)
    return found


@handles(BatchDeleteImageRequest)
def batch_delete_image(env: Env, req: BatchDeleteImageRequest) -> BatchDeleteImageResponse:
    """BatchDeleteImage: deletes what it can, in the order given, and reports the rest as failures (see the
    module for which)."""
    _, record = repository_of(env, "BatchDeleteImage", req.registry_id, req.repository_name)
    check_length("imageIds", req.image_ids, low=1, high=100)
    store = record.store
    deleted: list[ImageIdentifier] = []
    failures: list[ImageFailure] = []
    referrers: dict[str, set[str]] | None = None  # found once, when an image is to go
    for ident in req.image_ids:
        digest, tag = ident.image_digest, ident.image_tag
        image = _find(store, ident)
        if digest is None and tag is None:
            # AWS's reason (localstack's ECR tests pin it against AWS; getmoto/moto's ECR tests too)
            failures.append(
                _failure(
                    ident,
                    ImageFailureCode.MISSING_DIGEST_AND_TAG,
                    "Invalid request parameters: both tag and digest cannot be null",
                )
            )
        elif digest is not None and _DIGEST.fullmatch(digest) is None:
            failures.append(
                _failure(
                    ident,
                    ImageFailureCode.INVALID_IMAGE_DIGEST,
                    f"Invalid request parameters: image digest should satisfy the regex '{DIGEST_PATTERN}'",
                )
            )
        elif image is None:
            failures.append(_failure(ident, ImageFailureCode.IMAGE_NOT_FOUND, "Requested image not found"))
        elif digest is None and len(image.tags) > 1:
            assert tag is not None  # neither-nor was a failure above
            store.drop_tag(tag)
            deleted.append(ImageIdentifier(image_digest=image.digest, image_tag=tag))
        else:
            if referrers is None:
                referrers = _referrers(store)
            parents = referrers.get(image.digest)
            if parents:
                # ECR's reason, as AWS answers it (quoted in public ECR cleanup scripts and lifecycle previews)
                failures.append(
                    _failure(
                        ident,
                        ImageFailureCode.IMAGE_REFERENCED_BY_MANIFEST_LIST,
                        f"Requested image referenced by manifest list: [{', '.join(sorted(parents))}]",
                    )
                )
                continue
            tags = list(image.tags)
            store.drop_image(image.digest)
            for child in image.children:  # what this index named may now go too
                referrers.get(child, set()).discard(image.digest)
            deleted.extend(ImageIdentifier(image_digest=image.digest, image_tag=t) for t in tags)
            if not tags:
                deleted.append(ImageIdentifier(image_digest=image.digest))
    return BatchDeleteImageResponse(image_ids=tuple(deleted), failures=tuple(failures))
