"""The images a lifecycle policy is evaluated on: what ECR knows of each image that its rules read.

:class:`LifecycleImage` is the evaluator's own view of an image. :func:`read_images` makes them from what users
have: ``DescribeImages`` output (the typed :class:`~ecskit.models.ecr.ImageDetail` models of its pages, or the
JSON that ``aws ecr describe-images`` prints, one page or a list of pages), so the pages a backend returns feed the
evaluator directly.

The times each count type reads, from "Lifecycle policy evaluation rules"
(https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html#lp_evaluation_rules):

* images are ordered, and ``sinceImagePushed`` measured, from when they were pushed; for an image archived and
  restored since, from when it was restored (``last_activated_at``): the guide says so of the order, and ecskit
  takes the same time for the age, the lenient side (a restored image is not expired the day it comes back);
* ``sinceImagePulled`` counts from the last recorded pull, or the push for an image never pulled, or the restore
  for one not pulled since it was restored: the latest of the three;
* ``sinceImageTransitioned`` counts from when the image was archived (``last_archived_at``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

import attrs

from ecskit.codec import Document, from_api, load_document
from ecskit.errors import ConversionError, FieldError, UsageError
from ecskit.models.ecr import DescribeImagesResponse, ImageDetail, ImageStatus
from ecskit.models.lifecycle import LifecycleStorageClass

__all__ = [
    "ImagesInput",
    "LifecycleImage",
    "RepositoryImages",
    "read_images",
    "read_repository",
    "storage_class_of",
]

_STORAGE = {
    "ACTIVE": LifecycleStorageClass.STANDARD,
    "ARCHIVED": LifecycleStorageClass.ARCHIVE,
}


def _aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Times are compared with each other and with now: each must say its time zone."""
    if value is not None and (not isinstance(value, datetime.datetime) or value.utcoffset() is None):
        raise UsageError(f"LifecycleImage.{attribute.name} must be a timezone-aware datetime, got {value!r}")


def storage_class_of(status: str | None) -> LifecycleStorageClass | None:
    """The storage class a rule selects an image of ``imageStatus`` from: ``ACTIVE`` (or absent, as on images
    pushed before archiving existed) is standard, ``ARCHIVED`` archive; an image being restored (``ACTIVATING``)
    is in neither, and no rule acts on it until it is back (ecskit's reading: the guide does not say)."""
    if status is None:
        return LifecycleStorageClass.STANDARD
    return _STORAGE.get(str(status))


@attrs.frozen(kw_only=True)
class LifecycleImage:
    """One image of a repository, as a lifecycle policy sees it."""

    #: ``imageDigest``: the image's id.
    digest: str
    #: ``imagePushedAt``.
    pushed_at: datetime.datetime = attrs.field(validator=_aware)
    #: ``imageTags``: empty for an untagged image.
    tags: tuple[str, ...] = ()
    #: ``lastRecordedPullTime``: None if never pulled.
    last_pulled_at: datetime.datetime | None = attrs.field(default=None, validator=_aware)
    #: ``imageStatus``: ``ACTIVE``, ``ARCHIVED`` or ``ACTIVATING``.
    status: str = ImageStatus.ACTIVE.value
    #: ``lastArchivedAt``.
    last_archived_at: datetime.datetime | None = attrs.field(default=None, validator=_aware)
    #: ``lastActivatedAt``: when it was last restored from the archive.
    last_activated_at: datetime.datetime | None = attrs.field(default=None, validator=_aware)
    #: For an image index or manifest list: the digests of the manifests it names (ECR does not expire or archive
    #: those while the index is there). DescribeImages does not show them; the fake knows them.
    manifests: tuple[str, ...] = ()

    @property
    def storage_class(self) -> LifecycleStorageClass | None:
        """The storage class rules select this image from (None while it is being restored)."""
        return storage_class_of(self.status)

    @property
    def pushed_time(self) -> datetime.datetime:
        """The time images are ordered by and ``sinceImagePushed`` measures: the push, or the restore after it."""
        activated = self.last_activated_at
        return activated if activated is not None and activated > self.pushed_at else self.pushed_at

    @property
    def pulled_time(self) -> datetime.datetime:
        """The time ``sinceImagePulled`` measures: the latest of the push, the last pull and the last restore."""
        latest = self.pushed_at
        for time in (self.last_pulled_at, self.last_activated_at):
            if time is not None and time > latest:
                latest = time
        return latest

    @classmethod
    def from_detail(cls, detail: ImageDetail, where: str = "imageDetails") -> LifecycleImage:
        """The image an :class:`~ecskit.models.ecr.ImageDetail` of DescribeImages describes; a detail without
        ``imageDigest`` or ``imagePushedAt`` (which ECR always shows) is a ConversionError naming ``where``."""
        digest, pushed = detail.image_digest, detail.image_pushed_at
        if digest is None or pushed is None:
            missing = [name for name, v in (("imageDigest", digest), ("imagePushedAt", pushed)) if v is None]
            errors = [
                FieldError(path=f"{where}.{name}", code="missing-key", message=f"{name} is required")
                for name in missing
            ]
            raise ConversionError("ImageDetail", errors)
        return cls(
            digest=digest,
            pushed_at=pushed,
            tags=detail.image_tags or (),
            last_pulled_at=detail.last_recorded_pull_time,
            status=ImageStatus.ACTIVE.value if detail.image_status is None else detail.image_status.value,
            last_archived_at=detail.last_archived_at,
            last_activated_at=detail.last_activated_at,
        )


#: What :func:`read_images` takes: images (:class:`LifecycleImage` or :class:`~ecskit.models.ecr.ImageDetail`),
#: DescribeImages responses, or DescribeImages output as a dict, JSON text or a JSON file (one response, a list of
#: responses, or a list of image details).
ImagesInput: TypeAlias = (
    Iterable[LifecycleImage | ImageDetail | DescribeImagesResponse | Mapping[str, Any]]
    | DescribeImagesResponse
    | Document
)


@attrs.frozen(kw_only=True)
class RepositoryImages:
    """The images of one repository and, where the DescribeImages output says, which repository it is."""

    images: tuple[LifecycleImage, ...]
    #: ``registryId`` of the image details (None when they do not say).
    registry_id: str | None = None
    #: ``repositoryName`` of the image details (None when they do not say).
    repository_name: str | None = None


def read_images(images: ImagesInput) -> tuple[LifecycleImage, ...]:
    """The images of one repository from any form of DescribeImages output (see :data:`ImagesInput`).

    >>> read_images({"imageDetails": [{"imageDigest": "sha256:aa", "imageTags": ["v1"],
    ...                                "imagePushedAt": "2025-01-01T00:00:00Z"}]})[0].tags
    ('v1',)
    """
    return read_repository(images).images


def read_repository(images: ImagesInput) -> RepositoryImages:
    """As :func:`read_images`, keeping the ``registryId`` and ``repositoryName`` the image details name."""
    reader = _Reader()
    reader.read(images)
    return RepositoryImages(images=tuple(reader.out), registry_id=reader.registry, repository_name=reader.name)


class _Reader:
    """Collects images from the forms of :data:`ImagesInput`, noting the first registry and repository named."""

    def __init__(self) -> None:
        self.out: list[LifecycleImage] = []
        self.registry: str | None = None
        self.name: str | None = None

    def details(self, details: Iterable[ImageDetail], where: str) -> None:
        for i, detail in enumerate(details):
            self.detail(detail, f"{where}[{i}]")

    def detail(self, detail: ImageDetail, where: str) -> None:
        self.out.append(LifecycleImage.from_detail(detail, where))
        if self.name is None and detail.repository_name is not None:
            self.registry, self.name = detail.registry_id, detail.repository_name

    def read(self, images: ImagesInput) -> None:
        if isinstance(images, DescribeImagesResponse):
            self.details(images.image_details or (), "imageDetails")
            return
        loaded: object = images
        if not isinstance(images, Iterable) or isinstance(images, str | bytes | Mapping):
            loaded = load_document(images, "DescribeImagesResponse")
        if isinstance(loaded, dict):
            response = from_api(loaded, DescribeImagesResponse, unknown="ignore")
            self.details(response.image_details or (), "imageDetails")
            return
        if not isinstance(loaded, Iterable) or isinstance(loaded, str | bytes):
            kind = type(loaded).__name__
            raise UsageError(f"expected DescribeImages output (an object with imageDetails), got {kind}")
        for index, item in enumerate(loaded):
            self.item(item, f"[{index}]")

    def item(self, item: object, where: str) -> None:
        if isinstance(item, LifecycleImage):
            self.out.append(item)
        elif isinstance(item, ImageDetail):
            self.detail(item, where)
        elif isinstance(item, DescribeImagesResponse):
            self.details(item.image_details or (), f"{where}.imageDetails")
        elif isinstance(item, dict) and "imageDetails" in item:
            page = from_api(item, DescribeImagesResponse, unknown="ignore")
            self.details(page.image_details or (), f"{where}.imageDetails")
        elif isinstance(item, dict):
            self.detail(from_api(item, ImageDetail, unknown="ignore"), where)
        else:
            raise UsageError(f"{where}: expected an image detail or a DescribeImages page, got {type(item).__name__}")
