"""The events Amazon ECR sends to EventBridge about images, as the fake sends them ("Amazon ECR events and
EventBridge", ECR user guide: https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html, whose
sample events the tests compare with). ``source`` is ``aws.ecr``; ``detail`` members are ECR's kebab-case ones.

* **ECR Image Action** (:func:`image_pushed`, :func:`image_deleted`, :func:`storage_class_changed`):
  ``action-type`` PUSH ("sent when each image push is completed": every PutImage that makes an image or puts a tag
  on one), DELETE ("sent when an image is deleted": one per tag an image loses, or one without ``image-tag`` for an
  untagged image), UPDATE_STORAGE_CLASS (``target-storage-class`` ARCHIVE when an image is archived, STANDARD with
  ``last-activated-at`` when a restore completes; with ``manifest-media-type`` and ``artifact-media-type``);
  ``result`` SUCCESS; ``resources`` empty, as in the samples.
* **ECR Referrer Action**: the same for a referrer (an image with an OCI ``subject``: a signature, an SBOM): "the
  ``detail-type`` is ``ECR Referrer Action`` to distinguish it from regular image actions", with its media types.
* **ECR Pull Through Cache Action** (:func:`pull_through_cached`): ``sync-status`` SUCCESS when a pull caches the
  image an upstream tag names, with ``rule-version``, ``ecr-repository-prefix``, ``repository-name``,
  ``upstream-registry-url``, ``image-tag``, ``image-digest``; ``resources``: the repository's ARN.

Lifecycle policies: the user guide documents no event of their own ("When Amazon ECR performs an action based on a
lifecycle policy, this is captured as an event in AWS CloudTrail", "Lifecycle policies"), and no ``EXPIRE``
action type; an image a policy expires is deleted, and "the following event is sent when an image is deleted": the
fake sends DELETE for it (and UPDATE_STORAGE_CLASS for one a policy archives).

ECR Public sends no events. Image Scan, Scan Resource Change and Replication Action are sent where the fake scans
and replicates.
"""

from __future__ import annotations

from typing import Any

from ecskit.backends.fake.core.bus import iso_time
from ecskit.backends.fake.core.ecr import ImageRecord, RepositoryRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.engine.bus import emit
from ecskit.models.ecr import PullThroughCacheRule

__all__ = [
    "SOURCE",
    "image_deleted",
    "image_pushed",
    "pull_through_cached",
    "storage_class_changed",
]

#: The events' ``source``.
SOURCE = "aws.ecr"


def _action(
    env: Env, repository: RepositoryRecord, image: ImageRecord, action: str, *, tag: str | None = None, **more: Any
) -> None:
    referrer = image.subject is not None
    detail: dict[str, Any] = {
        "result": "SUCCESS",
        "repository-name": repository.name,
        "image-digest": image.digest,
        "action-type": action,
    }
    if tag is not None:
        detail["image-tag"] = tag
    if referrer or more:
        detail["manifest-media-type"] = image.media_type
        artifact = image.artifact_media_type
        if artifact is None and image.blobs:  # a container image: its config's media type, as the samples show
            config = repository.store.blobs.get(image.blobs[0])
            artifact = config.media_type if config is not None else None
        if artifact is not None:
            detail["artifact-media-type"] = artifact
    detail.update(more)
    emit(env, SOURCE, "ECR Referrer Action" if referrer else "ECR Image Action", detail)


def image_pushed(env: Env, repository: RepositoryRecord, image: ImageRecord, tag: str | None) -> None:
    """An image push completed (PutImage): PUSH, with the tag pushed."""
    _action(env, repository, image, "PUSH", tag=tag)


def image_deleted(env: Env, repository: RepositoryRecord, image: ImageRecord, tags: list[str | None]) -> None:
    """An image lost ``tags`` (None: an untagged image went): one DELETE each."""
    for tag in tags:
        _action(env, repository, image, "DELETE", tag=tag)


def storage_class_changed(env: Env, repository: RepositoryRecord, image: ImageRecord) -> None:
    """An image was archived, or its restore completed: UPDATE_STORAGE_CLASS."""
    if image.status == "ARCHIVED":
        _action(env, repository, image, "UPDATE_STORAGE_CLASS", **{"target-storage-class": "ARCHIVE"})
    elif image.last_activated_at is not None:
        activated = iso_time(image.last_activated_at)
        _action(
            env,
            repository,
            image,
            "UPDATE_STORAGE_CLASS",
            **{"target-storage-class": "STANDARD", "last-activated-at": activated},
        )


def pull_through_cached(
    env: Env, rule: PullThroughCacheRule, repository: RepositoryRecord, tag: str, image: ImageRecord
) -> None:
    """A pull through ``rule`` cached the image ``tag`` names upstream: ECR Pull Through Cache Action, SUCCESS. ECR
    does not say what ``rule-version`` counts; the fake's rules have no versions, and it gives the sample's ``1``."""
    detail = {
        "rule-version": "1",
        "sync-status": "SUCCESS",
        "ecr-repository-prefix": rule.ecr_repository_prefix,
        "repository-name": repository.name,
        "upstream-registry-url": rule.upstream_registry_url,
        "image-tag": tag,
        "image-digest": image.digest,
    }
    emit(env, SOURCE, "ECR Pull Through Cache Action", detail, (repository.arn,))
