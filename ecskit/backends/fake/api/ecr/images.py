"""Images: PutImage (the manifest that makes an image of uploaded blobs), BatchGetImage (a pull: the manifest, byte
for byte), BatchDeleteImage, ListImages, DescribeImages, UpdateImageStorageClass (archive and restore) and
ListImageReferrers (OCI referrers, by ``subject``).

What they do is the engine's (:mod:`~ecskit.backends.fake.engine.ecr_push`,
:mod:`~ecskit.backends.fake.engine.ecr_images`); each handler finds the repository the call names (``registryId``
and all) and renders ECR's answer. Image lists are in push order.

* BatchGetImage answers with the manifest as it was pushed, whatever ``acceptedMediaTypes`` says: ECR converts
  between Docker Schema 2 and OCI manifests only when pulled by tag, and otherwise answers with what it has ("ECR
  didn't have content that matched the requested media type and couldn't transform it, but is still a valid
  response", the ECR team in awslabs/amazon-ecr-containerd-resolver#13); the fake never converts (a converted
  manifest would have another digest, and the conversion's exact bytes are not documented).
* An archived image is listed and described (status ARCHIVED) but cannot be pulled: BatchGetImage reports it as
  ImageNotFound ("Requests to pull the archived image will fail with a 404 error", ECR user guide).
"""

from __future__ import annotations

import functools

from ecskit.backends.fake.core.ecr import ImageRecord, RepositoryRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.paging import ECR_PAGING, paginate
from ecskit.backends.fake.engine.ecr_access import authorize, caller_arn, target
from ecskit.backends.fake.engine.ecr_checks import check_length, check_range, invalid
from ecskit.backends.fake.engine.ecr_events import image_deleted, image_pushed, storage_class_changed
from ecskit.backends.fake.engine.ecr_images import (
    ACTIVE,
    delete_images,
    find_image,
    is_immutable,
    listed,
    named_image,
    record_pull,
    referrers,
    repository_for,
    set_storage_class,
    status_matches,
    store_name,
)
from ecskit.backends.fake.engine.ecr_pull_through import repository_for_pull
from ecskit.backends.fake.engine.ecr_push import put_image as push_manifest
from ecskit.backends.fake.engine.ecr_registry import signing_profiles
from ecskit.backends.fake.engine.ecr_replication import replicate_push
from ecskit.backends.fake.engine.ecr_scans import close_findings, described, scan_on_push
from ecskit.backends.fake.registry import handles
from ecskit.images.manifests import parse_manifest
from ecskit.models.ecr import (
    ArtifactStatus,
    BatchDeleteImageRequest,
    BatchDeleteImageResponse,
    BatchGetImageRequest,
    BatchGetImageResponse,
    DescribeImageSigningStatusRequest,
    DescribeImageSigningStatusResponse,
    DescribeImagesRequest,
    DescribeImagesResponse,
    Image,
    ImageDetail,
    ImageFailure,
    ImageFailureCode,
    ImageIdentifier,
    ImageReferrer,
    ImageSigningStatus,
    ImageStatus,
    ListImageReferrersRequest,
    ListImageReferrersResponse,
    ListImagesRequest,
    ListImagesResponse,
    PutImageRequest,
    PutImageResponse,
    SigningStatus,
    TagStatus,
    TargetStorageClass,
    UpdateImageStorageClassRequest,
    UpdateImageStorageClassResponse,
)

__all__ = [
    "SIGNING_SECONDS",
    "batch_delete_image",
    "batch_get_image",
    "describe_image_signing_status",
    "describe_images",
    "list_image_referrers",
    "list_images",
    "put_image",
    "update_image_storage_class",
]

#: Page sizes: ListImages and DescribeImages give up to 100 unless asked for up to 1000; ListImageReferrers 20, up
#: to 50 (ECR API reference).
_PAGE, _MAX_PAGE, _REFERRERS_PAGE, _MAX_REFERRERS_PAGE = 100, 1000, 20, 50


@handles(PutImageRequest)
def put_image(env: Env, req: PutImageRequest) -> PutImageResponse:
    """PutImage: see :func:`~ecskit.backends.fake.engine.ecr_push.put_image` for every refusal, in order."""
    where, repository = repository_for(env, req.registry_id, req.repository_name, "ecr:PutImage")
    count = len(repository.store.images)
    image = push_manifest(
        where,
        repository.store,
        store_name(repository),
        manifest=req.image_manifest,
        media_type=req.image_manifest_media_type,
        tag=req.image_tag,
        digest=req.image_digest,
        immutable=functools.partial(is_immutable, repository),
    )
    new = len(repository.store.images) > count
    if new:  # a new image: signed under the managed signing rules of the day
        image.signing_profiles = signing_profiles(where.state.ecr, repository.name)
    image_pushed(where, repository, image, req.image_tag)
    if new:
        scan_on_push(where, repository, image)
    replicate_push(where, repository, image, req.image_tag)
    return PutImageResponse(image=_image(repository, image, req.image_tag))


@handles(BatchGetImageRequest)
def batch_get_image(env: Env, req: BatchGetImageRequest) -> BatchGetImageResponse:
    """BatchGetImage: each image id answered with the manifest, or a failure (ECR's codes and reasons); each image
    pulled gets ``lastRecordedPullTime`` (unless the caller is excluded from pull-time updates). A repository a
    pull through cache rule covers is made on its first pull, and the upstream image a tag names is cached
    (:func:`~ecskit.backends.fake.engine.ecr_pull_through.repository_for_pull`)."""
    check_length(req.image_ids, "imageIds", 1, 100)
    check_length(req.accepted_media_types, "acceptedMediaTypes", 1, 100)
    where = target(env, req.registry_id)
    authorize(env, where, where.state.ecr.repositories.get(req.repository_name), "ecr:BatchGetImage")
    for ident in req.image_ids:
        repository_for_pull(where, req.repository_name, ident)
    where, repository = repository_for(env, req.registry_id, req.repository_name, "ecr:BatchGetImage")
    principal = caller_arn(env)
    images: list[Image] = []
    failures: list[ImageFailure] = []
    for ident in req.image_ids:
        image, failure = find_image(repository.store, ident.image_digest, ident.image_tag)
        if image is not None and image.status != ACTIVE:
            image, failure = None, ("ImageNotFound", "Requested image not found")
        if image is None or failure is not None:
            code, reason = failure or ("ImageNotFound", "Requested image not found")
            failures.append(ImageFailure(image_id=ident, failure_code=ImageFailureCode(code), failure_reason=reason))
            continue
        record_pull(where, image, principal)
        images.append(_image(repository, image, ident.image_tag))
    return BatchGetImageResponse(images=tuple(images), failures=tuple(failures))


@handles(BatchDeleteImageRequest)
def batch_delete_image(env: Env, req: BatchDeleteImageRequest) -> BatchDeleteImageResponse:
    """BatchDeleteImage: by tag (the tag goes; the image with it when it was its last) or by digest (the image and
    every tag); failures with ECR's codes (:func:`~ecskit.backends.fake.engine.ecr_images.delete_images`)."""
    where, repository = repository_for(env, req.registry_id, req.repository_name, "ecr:BatchDeleteImage")
    check_length(req.image_ids, "imageIds", 1, 100)
    images = dict(repository.store.images)  # what the deleted ids were, for their events
    gone, failed = delete_images(repository.store, [(i.image_digest, i.image_tag) for i in req.image_ids])
    for digest, tag in gone:
        image_deleted(where, repository, images[digest], [tag])
    for digest in dict.fromkeys(digest for digest, _ in gone):
        if digest not in repository.store.images:  # the image went, not only a tag
            close_findings(where, repository, images[digest])
    return BatchDeleteImageResponse(
        image_ids=tuple(ImageIdentifier(image_digest=digest, image_tag=tag) for digest, tag in gone),
        failures=tuple(
            ImageFailure(image_id=req.image_ids[at], failure_code=ImageFailureCode(code), failure_reason=reason)
            for at, (code, reason) in failed
        ),
    )


@handles(ListImagesRequest)
def list_images(env: Env, req: ListImagesRequest) -> ListImagesResponse:
    """ListImages: one id per tag of each tagged image and one per untagged image, filtered by tag status and image
    status (ACTIVE unless asked), a page at a time."""
    _, repository = repository_for(env, req.registry_id, req.repository_name, "ecr:ListImages")
    check_range(req.max_results, "maxResults", 1, _MAX_PAGE)
    wanted = req.filter
    entries = listed(
        repository.store,
        wanted.tag_status if wanted is not None else None,
        wanted.image_status if wanted is not None else None,
    )
    page, token = paginate(entries, req.next_token, req.max_results or _PAGE, limit=_MAX_PAGE, texts=ECR_PAGING)
    return ListImagesResponse(
        image_ids=tuple(ImageIdentifier(image_digest=image.digest, image_tag=tag) for image, tag in page),
        next_token=token,
    )


@handles(DescribeImagesRequest)
def describe_images(env: Env, req: DescribeImagesRequest) -> DescribeImagesResponse:
    """DescribeImages: the images named (ImageNotFoundException, ECR's text, for one that is not there), or every
    image that passes the filter (tag status; image status, ACTIVE unless asked), a page at a time."""
    _, repository = repository_for(env, req.registry_id, req.repository_name, "ecr:DescribeImages")
    store = repository.store
    if req.image_ids is not None:
        if req.next_token is not None or req.max_results is not None:
            invalid("imageIds", "nextToken and maxResults cannot be used when you specify images with imageIds")
        check_length(req.image_ids, "imageIds", 1, 100)
        found: dict[str, ImageRecord] = {}
        for ident in req.image_ids:
            image = named_image(repository, ident)
            found.setdefault(image.digest, image)
        return DescribeImagesResponse(image_details=tuple(_detail(repository, i) for i in found.values()))
    check_range(req.max_results, "maxResults", 1, _MAX_PAGE)
    tags = req.filter.tag_status if req.filter is not None else None
    status = req.filter.image_status if req.filter is not None else None
    chosen = [
        image
        for image in store.images.values()
        if status_matches(image, status)
        and (tags in (None, TagStatus.ANY) or bool(image.tags) == (tags == TagStatus.TAGGED))
    ]
    page, token = paginate(chosen, req.next_token, req.max_results or _PAGE, limit=_MAX_PAGE, texts=ECR_PAGING)
    return DescribeImagesResponse(image_details=tuple(_detail(repository, i) for i in page), next_token=token)


#: How long the fake takes to sign a pushed image (IN_PROGRESS until then, COMPLETE after): its own choice.
SIGNING_SECONDS = 10.0


@handles(DescribeImageSigningStatusRequest)
def describe_image_signing_status(
    env: Env, req: DescribeImageSigningStatusRequest
) -> DescribeImageSigningStatusResponse:
    """DescribeImageSigningStatus: one status per signing profile of the registry's managed signing rules that
    applied to the repository when the image was pushed ("Managed signing", ECR user guide); an image pushed before
    any rule applied has none. The fake signs in :data:`SIGNING_SECONDS` of virtual time, and never fails to."""
    _, repository = repository_for(env, req.registry_id, req.repository_name, "ecr:DescribeImageSigningStatus")
    image = named_image(repository, req.image_id)
    done = (env.clock.now() - image.pushed_at).total_seconds() >= SIGNING_SECONDS
    status = SigningStatus.COMPLETE if done else SigningStatus.IN_PROGRESS
    return DescribeImageSigningStatusResponse(
        repository_name=repository.name,
        image_id=ImageIdentifier(image_digest=image.digest, image_tag=req.image_id.image_tag),
        registry_id=repository.registry_id,
        signing_statuses=tuple(
            ImageSigningStatus(signing_profile_arn=arn, status=status) for arn in image.signing_profiles
        ),
    )


@handles(UpdateImageStorageClassRequest)
def update_image_storage_class(env: Env, req: UpdateImageStorageClassRequest) -> UpdateImageStorageClassResponse:
    """UpdateImageStorageClass: ARCHIVE archives an ACTIVE image at once; STANDARD restores an ARCHIVED one
    (ACTIVATING, ACTIVE within 20 minutes of virtual time)."""
    where, repository = repository_for(env, req.registry_id, req.repository_name, "ecr:UpdateImageStorageClass")
    image = named_image(repository, req.image_id)
    before = image.status
    status = set_storage_class(where, repository, image, req.target_storage_class == TargetStorageClass.ARCHIVE)
    if status == "ARCHIVED" and before != status:
        storage_class_changed(where, repository, image)
    return UpdateImageStorageClassResponse(
        registry_id=repository.registry_id,
        repository_name=repository.name,
        image_id=ImageIdentifier(image_digest=image.digest, image_tag=req.image_id.image_tag),
        image_status=ImageStatus(status),
    )


@handles(ListImageReferrersRequest)
def list_image_referrers(env: Env, req: ListImageReferrersRequest) -> ListImageReferrersResponse:
    """ListImageReferrers: the artifacts whose OCI ``subject`` is the image (filtered by artifact type and status,
    ACTIVE unless asked), a page at a time. It needs ``ecr:BatchGetImage`` (ECR API reference). A referrer's size is
    its manifest's, as the OCI referrers API gives it."""
    _, repository = repository_for(env, req.registry_id, req.repository_name, "ecr:BatchGetImage")
    check_range(req.max_results, "maxResults", 1, _MAX_REFERRERS_PAGE)
    wanted = req.filter
    found = referrers(
        repository.store,
        req.subject_id.image_digest,
        wanted.artifact_types if wanted is not None else None,
        wanted.artifact_status if wanted is not None else None,
    )
    page, token = paginate(
        found, req.next_token, req.max_results or _REFERRERS_PAGE, limit=_MAX_REFERRERS_PAGE, texts=ECR_PAGING
    )
    return ListImageReferrersResponse(referrers=tuple(_referrer(i) for i in page), next_token=token)


def _image(repository: RepositoryRecord, image: ImageRecord, tag: str | None) -> Image:
    return Image(
        registry_id=repository.registry_id,
        repository_name=repository.name,
        image_id=ImageIdentifier(image_digest=image.digest, image_tag=tag),
        image_manifest=image.manifest,
        image_manifest_media_type=image.media_type,
    )


def _detail(repository: RepositoryRecord, image: ImageRecord) -> ImageDetail:
    scan_status, scan_summary = described(image)
    return ImageDetail(
        registry_id=repository.registry_id,
        repository_name=repository.name,
        image_digest=image.digest,
        image_tags=tuple(image.tags) or None,
        image_size_in_bytes=image.size,
        image_pushed_at=image.pushed_at,
        image_scan_status=scan_status,
        image_scan_findings_summary=scan_summary,
        image_manifest_media_type=image.media_type,
        artifact_media_type=image.artifact_media_type,
        last_recorded_pull_time=image.last_pulled_at,
        subject_manifest_digest=image.subject,
        image_status=ImageStatus(image.status),
        last_archived_at=image.last_archived_at,
        last_activated_at=image.last_activated_at,
    )


def _referrer(image: ImageRecord) -> ImageReferrer:
    return ImageReferrer(
        digest=image.digest,
        media_type=image.media_type,
        artifact_type=image.artifact_media_type,
        size=len(image.manifest.encode()),
        annotations=dict(parse_manifest(image.manifest, image.media_type).annotations or {}) or None,
        artifact_status=ArtifactStatus(image.status),
    )
