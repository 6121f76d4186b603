"""Images of the fake's private ECR repositories once pushed: finding them by tag or digest, pulling them (and
recording the pull), deleting them, listing them, their storage class (archive and restore) and their referrers.

:func:`pull` is what the rest of the fake calls to pull an image by reference (ECS launching a task). The lookups
(:func:`find_image`, :func:`delete_images`, :func:`listed`, :func:`referrers`) work on an
:class:`~ecskit.backends.fake.core.ecr.ImageStore`, so ECR Public shares them; failures are ECR's failure codes
with ECR's reasons (recorded from AWS by LocalStack's ECR tests, and the AWS CLI's batch-delete-image example).
"""

from __future__ import annotations

from collections.abc import Sequence

from ecskit._glob import glob
from ecskit.backends.fake.core.ecr import ImageRecord, ImageStore, RepositoryRecord, find_repository
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import fail, refuse
from ecskit.backends.fake.core.events import ImageRestored
from ecskit.backends.fake.engine.ecr_access import authorize, caller_arn, target
from ecskit.backends.fake.engine.ecr_events import storage_class_changed
from ecskit.backends.fake.engine.ecr_push import StoreName
from ecskit.images.digests import is_digest
from ecskit.models.ecr import ImageIdentifier, ImageTagMutability, TagStatus
from ecskit.texts import ecr

__all__ = [
    "ACTIVE",
    "RESTORE_SECONDS",
    "Failure",
    "delete_images",
    "find_image",
    "finish_restore",
    "image_not_found",
    "is_immutable",
    "listed",
    "named_image",
    "pull",
    "record_pull",
    "referrers",
    "repository_for",
    "set_storage_class",
    "status_matches",
    "store_name",
]

#: An image's status while it can be pulled.
ACTIVE = "ACTIVE"
#: How long a restore from the archive takes: "You can expect ECR to restore the image within 20 minutes" ("Archiving
#: an image in Amazon ECR", ECR user guide).
RESTORE_SECONDS = 20 * 60

#: A failure of one image id: ECR's ``ImageFailureCode`` and its reason.
Failure = tuple[str, str]

_NOT_FOUND: Failure = ("ImageNotFound", "Requested image not found")


def repository_for(env: Env, registry_id: str | None, name: str, action: str) -> tuple[Env, RepositoryRecord]:
    """The registry a call names and its repository ``name``, once the caller may take ``action`` on it
    (AccessDeniedException before RepositoryNotFoundException: another account's caller learns nothing)."""
    where = target(env, registry_id)
    authorize(env, where, where.state.ecr.repositories.get(name), action)
    return where, find_repository(where.state.ecr, name, where.account)


def store_name(repository: RepositoryRecord) -> StoreName:
    """The names ECR's messages give a repository's store."""
    return StoreName(registry_id=repository.registry_id, repository=repository.name)


def is_immutable(repository: RepositoryRecord, tag: str) -> bool:
    """Whether the repository keeps ``tag`` on its image ("Image tag mutability", ECR user guide): always in an
    IMMUTABLE repository, never in a MUTABLE one; IMMUTABLE_WITH_EXCLUSION keeps every tag but those matching an
    exclusion filter, MUTABLE_WITH_EXCLUSION only those matching one (filters are wildcards: ``*`` matches any run
    of characters, everything else itself)."""
    mode = repository.tag_mutability
    if mode in (ImageTagMutability.MUTABLE, ImageTagMutability.IMMUTABLE):
        return mode == ImageTagMutability.IMMUTABLE
    matched = any(glob(f.filter, one=False).matches(tag) for f in repository.mutability_exclusions)
    return matched if mode == ImageTagMutability.MUTABLE_WITH_EXCLUSION else not matched


def image_not_found(name: StoreName, digest: str | None, tag: str | None) -> dict[str, str]:
    """The values of ECR's ImageNotFoundException text (``ecskit.texts.ecr.IMAGE_NOT_FOUND``): a member the call
    left out is ``null``."""
    return {"digest": digest or "null", "tag": tag or "null", "name": name.repository, "registry": name.registry_id}


def find_image(store: ImageStore, digest: str | None, tag: str | None) -> tuple[ImageRecord | None, Failure | None]:
    """The image an image id names, or the failure ECR reports for it: MissingDigestAndTag, InvalidImageDigest,
    InvalidImageTag, ImageTagDoesNotMatchDigest (the tag names another image), ImageNotFound."""
    if digest is None and tag is None:
        return None, ("MissingDigestAndTag", "Invalid request parameters: both tag and digest cannot be null")
    if digest is not None and not is_digest(digest):
        reason = "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'"
        return None, ("InvalidImageDigest", reason)
    if tag is not None:
        if not 1 <= len(tag) <= 300:
            return None, ("InvalidImageTag", "Invalid request parameters: image tag should have 1 to 300 characters")
        named = store.tag_index().get(tag)
        if named is None:
            return None, _NOT_FOUND
        if digest is not None and named != digest:
            reason = "Invalid request parameters: given tag does not map to the given digest"
            return None, ("ImageTagDoesNotMatchDigest", reason)
        return store.images[named], None
    assert digest is not None
    found = store.images.get(digest)
    return (found, None) if found is not None else (None, _NOT_FOUND)


def named_image(repository: RepositoryRecord, ident: ImageIdentifier) -> ImageRecord:
    """The image an id names, or ImageNotFoundException (ECR's text); InvalidParameterException, with the failure's
    reason, for an id that names nothing (no tag nor digest, a malformed digest or tag)."""
    image, failure = find_image(repository.store, ident.image_digest, ident.image_tag)
    if image is not None and failure is None:
        return image
    code, reason = failure or ("ImageNotFound", "")
    if code in ("ImageNotFound", "ImageTagDoesNotMatchDigest"):
        refuse(ecr.IMAGE_NOT_FOUND, **image_not_found(store_name(repository), ident.image_digest, ident.image_tag))
    fail("InvalidParameterException", reason)


def record_pull(where: Env, image: ImageRecord, principal: str) -> None:
    """Record a pull of ``image`` (``lastRecordedPullTime``) unless ``principal`` is one of the registry's pull-time
    update exclusions (RegisterPullTimeUpdateExclusion). ECR "refreshes the last image pull timestamp at least once
    every 24 hours"; the fake records every pull, which that allows."""
    if principal not in where.state.ecr.pull_time_exclusions:
        image.last_pulled_at = where.clock.now()


def pull(where: Env, repository: RepositoryRecord, reference: str, *, principal: str | None = None) -> ImageRecord:
    """Pull the image ``reference`` (a tag, or a digest) names from ``repository`` of the registry ``where``, as
    ``principal`` (the view's root user by default); ImageNotFoundException, ECR's text, when there is none that can
    be pulled (archived images cannot: "Requests to pull the archived image will fail", ECR user guide)."""
    digest, tag = (reference, None) if ":" in reference else (None, reference)  # a tag never has a colon
    image, failure = find_image(repository.store, digest, tag)
    if image is None or failure is not None or image.status != ACTIVE:
        refuse(ecr.IMAGE_NOT_FOUND, **image_not_found(store_name(repository), digest, tag))
    record_pull(where, image, principal or caller_arn(where))
    return image


def delete_images(
    store: ImageStore, ids: Sequence[tuple[str | None, str | None]]
) -> tuple[list[tuple[str, str | None]], list[tuple[int, Failure]]]:
    """BatchDeleteImage on a store: each ``(digest, tag)`` in turn. A tag comes off its image, and an image whose last
    tag that was goes with it (ECR API reference: "When you remove the last tag from an image, the image is deleted");
    a digest alone deletes the image and all its tags. An image an index of the store names is not deleted
    (ImageReferencedByManifestList). Returns what went, as ``(digest, tag)`` ids (one per tag for a deleted image),
    and the failures by position; an id that names what this call already deleted is neither."""
    gone: list[tuple[str, str | None]] = []
    failures: list[tuple[int, Failure]] = []
    deleted: set[str] = set()
    untagged: set[str] = set()
    for position, (digest, tag) in enumerate(ids):
        image, failure = find_image(store, digest, tag)
        if image is None or failure is not None:
            if (digest is not None and digest in deleted) or (tag is not None and tag in untagged):
                continue
            failures.append((position, failure or _NOT_FOUND))
            continue
        if tag is not None and len(image.tags) > 1:
            store.drop_tag(tag)
            untagged.add(tag)
            gone.append((image.digest, tag))
            continue
        users = store.user_index().get(image.digest, ())
        parents = sorted(p for p in users if image.digest in store.images[p].children)
        if parents:
            reason = f"Requested image referenced by manifest list: [{', '.join(parents)}]"
            failures.append((position, ("ImageReferencedByManifestList", reason)))
            continue
        store.drop_image(image.digest)
        deleted.add(image.digest)
        untagged.update(image.tags)
        gone.extend([(image.digest, t) for t in image.tags] or [(image.digest, None)])
    return gone, failures


def listed(
    store: ImageStore, tag_status: TagStatus | None, image_status: str | None
) -> list[tuple[ImageRecord, str | None]]:
    """ListImages' entries, in push order: one per tag of each tagged image, one for each untagged image, filtered by
    tag status (TAGGED, UNTAGGED, ANY: the default) and image status (ACTIVE, the default; ARCHIVED, ACTIVATING,
    ANY)."""
    found: list[tuple[ImageRecord, str | None]] = []
    for image in store.images.values():
        if not status_matches(image, image_status):
            continue
        if image.tags and tag_status != TagStatus.UNTAGGED:
            found.extend((image, tag) for tag in image.tags)
        elif not image.tags and tag_status != TagStatus.TAGGED:
            found.append((image, None))
    return found


def status_matches(image: ImageRecord, wanted: str | None) -> bool:
    """Whether an image's status passes an image status filter (None: ACTIVE only, as ECR's default; ANY: all)."""
    return wanted == "ANY" or image.status == (wanted or ACTIVE)


def referrers(
    store: ImageStore, subject: str, artifact_types: Sequence[str] | None, status: str | None
) -> list[ImageRecord]:
    """The images whose ``subject`` is ``subject`` (ListImageReferrers), in push order, of one of
    ``artifact_types`` (when given) and of status ``status`` (ACTIVE by default, ANY for all)."""
    wanted = set(artifact_types) if artifact_types else None
    return [
        image
        for image in store.images.values()
        if image.subject == subject
        and status_matches(image, status)
        and (wanted is None or image.artifact_media_type in wanted)
    ]


def set_storage_class(env: Env, repository: RepositoryRecord, image: ImageRecord, archive: bool) -> str:
    """UpdateImageStorageClass: ``archive`` moves an ACTIVE image to the archive (ARCHIVED at once), else an
    ARCHIVED image is restored (ACTIVATING, then ACTIVE :data:`RESTORE_SECONDS` later in virtual time). An image
    already where it is asked to go stays as it is (the fake's lenient reading: ECR documents no error for it); an
    image being restored cannot be archived (ImageStorageClassUpdateNotSupportedException, ecskit's wording).
    Returns the image's status."""
    if archive:
        if image.status == "ACTIVATING":
            refuse(ecr.IMAGE_RESTORING, digest=image.digest)
        if image.status == ACTIVE:
            image.status = "ARCHIVED"
            image.last_archived_at = env.clock.now()
    elif image.status == "ARCHIVED":
        image.status = "ACTIVATING"
        env.later(RESTORE_SECONDS, ImageRestored(repository=repository.name, digest=image.digest))
    return image.status


def finish_restore(env: Env, event: ImageRestored) -> None:
    """An image being restored is ACTIVE (unless it was deleted, or pushed again, meanwhile)."""
    repository = env.state.ecr.repositories.get(event.repository)
    image = repository.store.images.get(event.digest) if repository is not None else None
    if image is not None and image.status == "ACTIVATING":
        image.status = ACTIVE
        image.last_activated_at = env.clock.now()
        storage_class_changed(env, repository, image)  # type: ignore[arg-type]
