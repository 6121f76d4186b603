"""The fake's Amazon ECR records: each account's private registry in each Region (:class:`PrivateRegistry`), its
repositories (:class:`RepositoryRecord`), and what every repository of ECR and ECR Public holds
(:class:`ImageStore`: images by digest, tags, the blobs pushed to it, the uploads under way).

The records keep what ECR keeps, in the types ECR gives them: an image is the manifest's exact text and the sha256
of its bytes (its digest); a tag names one image of its repository; a blob (a layer or a config) is known by its
digest and size once its upload is complete. The lookups every handler needs (:func:`find_repository`,
:meth:`ImageStore.resolve`) and ECR's own texts for a missing repository or image live here too.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TypeVar

import attrs

from ecskit.backends.fake.core.base import derived
from ecskit.backends.fake.core.ecr_scanning import ScanRecord
from ecskit.backends.fake.core.errors import refuse
from ecskit.models.ecr import (
    EncryptionConfiguration,
    EncryptionType,
    ImageIdentifier,
    ImageTagMutability,
    ImageTagMutabilityExclusionFilter,
    LifecyclePolicyPreviewResult,
    LifecyclePolicyPreviewSummary,
    PullThroughCacheRule,
    RegistryScanningConfiguration,
    ReplicationConfiguration,
    RepositoryCreationTemplate,
    SigningConfiguration,
    Tag,
)
from ecskit.texts import ecr

__all__ = [
    "Blob",
    "ImageRecord",
    "ImageStore",
    "LifecyclePreviewRecord",
    "PrivateRegistry",
    "ReplicationRecord",
    "RepositoryRecord",
    "Upload",
    "find_named",
    "find_repository",
    "registry_host",
]


R = TypeVar("R")


def registry_host(account: str, region: str) -> str:
    """The host name of an account's private registry in a Region (``<account>.dkr.ecr.<region>.amazonaws.com``)."""
    return f"{account}.dkr.ecr.{region}.amazonaws.com"


@attrs.define(kw_only=True)
class Blob:
    """A layer or config blob of a repository, uploaded whole (CompleteLayerUpload checked its digest)."""

    digest: str
    #: bytes
    size: int
    #: the media type a manifest gave it, once one did
    media_type: str | None = None


@attrs.define(kw_only=True)
class Upload:
    """A layer upload under way (InitiateLayerUpload .. CompleteLayerUpload)."""

    upload_id: str
    #: the bytes received so far, parts in order (UploadLayerPart appends at ``len(data)``)
    data: bytes = b""
    started_at: datetime.datetime
    #: the size of each part received, in order (CompleteLayerUpload checks all but the last against ECR's minimum)
    parts: list[int] = attrs.field(factory=list)


@attrs.define(kw_only=True)
class ReplicationRecord:
    """The replication of an image's last push to one destination of the registry's replication configuration
    (what DescribeImageReplicationStatus shows)."""

    #: the destination's Region and registry (account) id
    region: str
    registry_id: str
    #: ``IN_PROGRESS``, ``COMPLETE`` or ``FAILED``
    status: str = "IN_PROGRESS"
    failure_code: str | None = None
    #: seconds of virtual time at which it completes (or fails): the replication event of the same time is its own
    done_at: float = 0.0


@attrs.define(kw_only=True)
class ImageRecord:
    """One image of a repository: a manifest, as pushed, and what ECR knows of it."""

    #: ``sha256:<hex>`` of the manifest's bytes
    digest: str
    #: the manifest, byte for byte as pushed (BatchGetImage answers with it)
    manifest: str
    #: the manifest's media type (its ``mediaType``, or the one PutImage named)
    media_type: str
    pushed_at: datetime.datetime
    #: the size ECR shows (``imageSizeInBytes``)
    size: int
    #: its tags, in the order they were put on it
    tags: list[str] = attrs.field(factory=list)
    #: the digests of the blobs it is made of (config first, then layers), for a single-platform image
    blobs: tuple[str, ...] = ()
    #: the digests of the manifests an image index or manifest list names
    children: tuple[str, ...] = ()
    #: ``artifactType`` or the config's media type, for an artifact other than a container image
    artifact_media_type: str | None = None
    #: the digest of the image this one refers to (an OCI ``subject``: a signature, an SBOM, ...)
    subject: str | None = None
    last_pulled_at: datetime.datetime | None = None
    #: ``ACTIVE``, ``ARCHIVED`` or ``ACTIVATING`` (ECR's image archiving)
    status: str = "ACTIVE"
    last_archived_at: datetime.datetime | None = None
    last_activated_at: datetime.datetime | None = None
    #: the signing profiles of the registry's managed signing rules that applied when it was pushed
    signing_profiles: tuple[str, ...] = ()
    #: its vulnerability scan, once one started
    scan: ScanRecord | None = None
    #: its replications, one per destination, as its last push started them (private ECR only)
    replications: list[ReplicationRecord] = attrs.field(factory=list)


@attrs.define(kw_only=True)
class ImageStore:
    """What a repository holds, on ECR and ECR Public alike: images by digest (in push order), blobs by digest
    and the uploads under way. Images come and go through :meth:`add_image` and :meth:`drop_image`, tags through
    :meth:`put_tag` and :meth:`drop_tag`, which keep the derived indexes right."""

    images: dict[str, ImageRecord] = attrs.field(factory=dict)
    blobs: dict[str, Blob] = attrs.field(factory=dict)
    uploads: dict[str, Upload] = attrs.field(factory=dict)
    #: tag -> the digest of the image it names (from the images' tags)
    by_tag: dict[str, str] | None = derived(default=None)
    #: blob or child manifest digest -> the digests of the images that name it (from the images' blobs and children)
    users: dict[str, set[str]] | None = derived(default=None)

    def tag_index(self) -> dict[str, str]:
        """Tag -> the digest of the image it names (kept up to date by :meth:`put_tag` and :meth:`drop_tag`)."""
        index = self.by_tag
        if index is None:
            index = self.by_tag = {tag: image.digest for image in self.images.values() for tag in image.tags}
        return index

    def put_tag(self, tag: str, image: ImageRecord) -> ImageRecord | None:
        """Point ``tag`` at ``image``; returns the image it named before (now without it), if another."""
        index = self.tag_index()
        before_digest = index.get(tag)
        before = self.images.get(before_digest) if before_digest is not None else None
        if before is image:
            return None
        if before is not None:
            before.tags.remove(tag)
        image.tags.append(tag)
        index[tag] = image.digest
        return before

    def drop_tag(self, tag: str) -> None:
        """Take ``tag`` off the image it names (the image stays, untagged if it had no other tag)."""
        digest = self.tag_index().pop(tag, None)
        if digest is not None:
            self.images[digest].tags.remove(tag)

    def user_index(self) -> dict[str, set[str]]:
        """Blob or child manifest digest -> the digests of the images whose manifests name it (kept up to date by
        :meth:`add_image` and :meth:`drop_image`)."""
        index = self.users
        if index is None:
            index = self.users = {}
            for image in self.images.values():
                for named in (*image.blobs, *image.children):
                    index.setdefault(named, set()).add(image.digest)
        return index

    def add_image(self, image: ImageRecord) -> None:
        """Store a new image (untagged: :meth:`put_tag` tags it)."""
        self.images[image.digest] = image
        if self.users is not None:
            for named in (*image.blobs, *image.children):
                self.users.setdefault(named, set()).add(image.digest)
        if self.by_tag is not None:
            for tag in image.tags:
                self.by_tag[tag] = image.digest

    def drop_image(self, digest: str) -> ImageRecord:
        """Forget an image and its tags."""
        image = self.images.pop(digest)
        index = self.tag_index()
        for tag in image.tags:
            index.pop(tag, None)
        if self.users is not None:
            for named in (*image.blobs, *image.children):
                found = self.users.get(named)
                if found is not None:
                    found.discard(digest)
                    if not found:
                        del self.users[named]
        return image

    def resolve(self, ident: ImageIdentifier) -> ImageRecord | None:
        """The image an identifier names: by digest, by tag, or both (then the tag must name that digest)."""
        by_digest = self.images.get(ident.image_digest) if ident.image_digest else None
        if ident.image_tag is None:
            return by_digest
        digest = self.tag_index().get(ident.image_tag)
        if digest is None or (ident.image_digest and digest != ident.image_digest):
            return None
        return self.images.get(digest)


@attrs.define(kw_only=True)
class LifecyclePreviewRecord:
    """A lifecycle policy preview (StartLifecyclePolicyPreview): the policy it previews and when it completes."""

    policy: str
    started_at: datetime.datetime
    #: seconds of virtual time at which the preview is COMPLETE
    done_at: float
    #: what it found, once COMPLETE (None while IN_PROGRESS): the images acted on, oldest push first
    results: tuple[LifecyclePolicyPreviewResult, ...] | None = None
    summary: LifecyclePolicyPreviewSummary | None = None


@attrs.define(kw_only=True)
class RepositoryRecord:
    """One private repository."""

    name: str
    arn: str
    #: the registry (account) id
    registry_id: str
    #: ``<registry host>/<name>``
    uri: str
    created_at: datetime.datetime
    tag_mutability: ImageTagMutability = ImageTagMutability.MUTABLE
    mutability_exclusions: tuple[ImageTagMutabilityExclusionFilter, ...] = ()
    scan_on_push: bool = False
    encryption: EncryptionConfiguration = attrs.field(
        factory=lambda: EncryptionConfiguration(encryption_type=EncryptionType.AES256)
    )
    #: the repository policy's text, as set
    policy: str | None = None
    #: the lifecycle policy's text, as set, and when it was set
    lifecycle_policy: str | None = None
    lifecycle_set_at: datetime.datetime | None = None
    #: when the lifecycle policy last ran
    lifecycle_run_at: datetime.datetime | None = None
    #: which scheduled lifecycle run is this policy's (set anew each time the policy is set, 0 when deleted): the
    #: runs of a policy set before are dropped
    lifecycle_epoch: int = 0
    preview: LifecyclePreviewRecord | None = None
    tags: tuple[Tag, ...] = ()
    store: ImageStore = attrs.field(factory=ImageStore)
    #: what made it, when not CreateRepository: ``PULL_THROUGH_CACHE`` or ``REPLICATION``
    created_by: str | None = None
    #: pull through cache: tag -> when its upstream was last checked (a pull 24 hours later checks it again)
    upstream_checked: dict[str, datetime.datetime] = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class PrivateRegistry:
    """One account's private registry in one Region, and its settings."""

    #: repository name -> repository (in creation order)
    repositories: dict[str, RepositoryRecord] = attrs.field(factory=dict)
    #: the registry policy's text, as set
    policy: str | None = None
    replication: ReplicationConfiguration | None = None
    scanning: RegistryScanningConfiguration | None = None
    #: ecrRepositoryPrefix -> rule
    pull_through: dict[str, PullThroughCacheRule] = attrs.field(factory=dict)
    #: prefix -> template
    templates: dict[str, RepositoryCreationTemplate] = attrs.field(factory=dict)
    #: account setting name -> value (PutAccountSetting)
    settings: dict[str, str] = attrs.field(factory=dict)
    signing: SigningConfiguration | None = None
    #: principal ARNs whose pulls do not update lastRecordedPullTime
    pull_time_exclusions: list[str] = attrs.field(factory=list)
    #: principal ARN -> when it was excluded (RegisterPullTimeUpdateExclusion's createdAt)
    exclusions_since: dict[str, datetime.datetime] = attrs.field(factory=dict)
    #: the ARN of the account's AWS managed ``aws/ecr`` KMS key, once a repository used it
    managed_key: str | None = None
    #: Amazon Inspector's ECR re-scan duration (``DAYS_14``, ..., ``LIFETIME``): how long after its push (or its
    #: last pull) continuous scanning keeps an image
    rescan_duration: str = "DAYS_14"


def find_repository(registry: PrivateRegistry, name: str, registry_id: str) -> RepositoryRecord:
    """The repository of ``name``, or ECR's RepositoryNotFoundException."""
    return find_named(registry.repositories, name, registry_id)


def find_named(repositories: Mapping[str, R], name: str, registry_id: str) -> R:
    """The repository of ``name`` in ``repositories`` (of ECR or ECR Public: both answer a missing one with the same
    RepositoryNotFoundException text)."""
    found = repositories.get(name)
    if found is None:
        refuse(ecr.REPOSITORY_NOT_FOUND, name=name, registry=registry_id)
    return found
