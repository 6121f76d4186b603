"""Images made up for tests: deterministic layers of the sizes asked for, a config naming the platform, and the
manifest that ties them together; and multi-architecture indexes of several such images.

>>> image = TestImage(layer_sizes=(1000, 2000), seed="web")
>>> image.size, len(image.blobs), image.digest == TestImage(layer_sizes=(1000, 2000), seed="web").digest
(3000, 3, True)
>>> index = TestIndex(images=(image, TestImage(layer_sizes=(500,), seed="web", architecture="arm64")))
>>> index.media_type, index.size, [i.platform.architecture for i in index.images]
('application/vnd.docker.distribution.manifest.list.v2+json', 3000, ['amd64', 'arm64'])

Everything is a pure function of the fields: the same image has the same bytes and digests on every run, and two
images differ in their layers when their ``seed`` (or sizes) differ. :func:`~ecskit.images.push.push_image` pushes
them the way docker does. The manifest text is written as docker writes it (three-space indents), and an image's
digest is the SHA-256 of that text.
"""

from __future__ import annotations

import functools
import json
import random
from collections.abc import Mapping
from typing import ClassVar

import attrs

from ecskit.errors import UsageError
from ecskit.images import media
from ecskit.images.digests import manifest_digest, sha256_digest
from ecskit.images.manifests import Descriptor, Manifest, Platform, image_size, index_size

__all__ = ["ImageBlob", "TestImage", "TestIndex"]

_LAYER_TYPES = {media.DOCKER_MANIFEST: media.DOCKER_LAYER, media.OCI_MANIFEST: media.OCI_LAYER_GZIP}
_CONFIG_TYPES = {media.DOCKER_MANIFEST: media.DOCKER_CONFIG, media.OCI_MANIFEST: media.OCI_CONFIG}


@attrs.frozen(kw_only=True)
class ImageBlob:
    """A blob of an image (a layer or its config): its bytes and how a manifest names it."""

    media_type: str
    data: bytes = attrs.field(repr=lambda data: f"<{len(data)} bytes>")

    @property
    def digest(self) -> str:
        """``sha256:`` and the hex of the SHA-256 of the bytes."""
        return sha256_digest(self.data)

    @property
    def size(self) -> int:
        """The number of bytes."""
        return len(self.data)

    def descriptor(self) -> Descriptor:
        """How a manifest names this blob."""
        return Descriptor(media_type=self.media_type, digest=self.digest, size=self.size)


@attrs.frozen(kw_only=True, slots=False)
class TestImage:
    """One platform's image of deterministic layers of ``layer_sizes`` bytes (Docker Schema 2 by default, or an
    OCI image manifest with ``media_type``). ``artifact_type`` and ``subject`` make it an OCI artifact that refers to
    another image (a signature, an SBOM: what ListImageReferrers finds)."""

    __test__: ClassVar[bool] = False  # a helper named Test*: pytest must not collect it

    layer_sizes: tuple[int, ...] = (1024,)
    #: what makes the bytes of two images of the same sizes differ
    seed: str = "ecskit"
    architecture: str = "amd64"
    os: str = "linux"
    variant: str | None = None
    #: :data:`~ecskit.images.media.DOCKER_MANIFEST` or :data:`~ecskit.images.media.OCI_MANIFEST`
    media_type: str = media.DOCKER_MANIFEST
    #: the config's labels
    labels: Mapping[str, str] = attrs.field(factory=dict, eq=False)
    artifact_type: str | None = None
    subject: Descriptor | None = None
    annotations: Mapping[str, str] | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        if self.media_type not in _LAYER_TYPES:
            raise UsageError(f"a test image is a Docker Schema 2 or an OCI image manifest, not {self.media_type!r}")
        if any(size < 0 for size in self.layer_sizes):
            raise UsageError(f"layer sizes are numbers of bytes, not {self.layer_sizes}")
        if (self.artifact_type is not None or self.subject is not None) and self.media_type != media.OCI_MANIFEST:
            raise UsageError("artifactType and subject are members of OCI image manifests: use media.OCI_MANIFEST")

    @functools.cached_property
    def layers(self) -> tuple[ImageBlob, ...]:
        """The layers: ``layer_sizes`` bytes each, drawn from a generator seeded by the seed, index and size."""
        kind = _LAYER_TYPES[self.media_type]
        return tuple(
            ImageBlob(media_type=kind, data=random.Random(f"{self.seed}/{i}/{size}").randbytes(size))
            for i, size in enumerate(self.layer_sizes)
        )

    @functools.cached_property
    def config(self) -> ImageBlob:
        """The config blob: the platform, the layers' ids and the labels, as compact JSON."""
        doc: dict[str, object] = {
            "architecture": self.architecture,
            "os": self.os,
            "config": {"Labels": dict(self.labels)} if self.labels else {},
            "created": "1970-01-01T00:00:00Z",
            "rootfs": {"type": "layers", "diff_ids": [layer.digest for layer in self.layers]},
        }
        if self.variant is not None:
            doc["variant"] = self.variant
        data = json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()
        return ImageBlob(media_type=_CONFIG_TYPES[self.media_type], data=data)

    @property
    def blobs(self) -> tuple[ImageBlob, ...]:
        """What a push uploads before the manifest: the config, then each distinct layer."""
        seen: set[str] = set()
        found: list[ImageBlob] = []
        for blob in (self.config, *self.layers):
            if blob.digest not in seen:
                seen.add(blob.digest)
                found.append(blob)
        return tuple(found)

    @functools.cached_property
    def manifest(self) -> str:
        """The manifest's text, as docker writes it."""
        doc: dict[str, object] = {"schemaVersion": 2, "mediaType": self.media_type}
        if self.artifact_type is not None:
            doc["artifactType"] = self.artifact_type
        doc["config"] = self.config.descriptor().to_json()
        doc["layers"] = [layer.descriptor().to_json() for layer in self.layers]
        if self.subject is not None:
            doc["subject"] = self.subject.to_json()
        if self.annotations:
            doc["annotations"] = dict(self.annotations)
        return json.dumps(doc, indent=3)

    @property
    def digest(self) -> str:
        """The image's digest: the SHA-256 of the manifest's text."""
        return manifest_digest(self.manifest)

    @property
    def size(self) -> int:
        """``imageSizeInBytes`` as ECR counts it (:func:`~ecskit.images.manifests.image_size`)."""
        layers = tuple(layer.descriptor() for layer in self.layers)
        return image_size(Manifest(media_type=self.media_type, schema_version=2, layers=layers))

    @property
    def platform(self) -> Platform:
        """The platform it runs on."""
        return Platform(architecture=self.architecture, os=self.os, variant=self.variant)

    def descriptor(self) -> Descriptor:
        """How an index (or a referrer's ``subject``) names this image."""
        return Descriptor(
            media_type=self.media_type,
            digest=self.digest,
            size=len(self.manifest.encode()),
            platform=self.platform,
        )

    def referrer(
        self, artifact_type: str, *, seed: str = "referrer", layer_sizes: tuple[int, ...] = (64,)
    ) -> TestImage:
        """An OCI artifact of ``artifact_type`` whose ``subject`` is this image (a signature, an SBOM, ...)."""
        subject = Descriptor(media_type=self.media_type, digest=self.digest, size=len(self.manifest.encode()))
        return TestImage(
            layer_sizes=layer_sizes,
            seed=f"{self.seed}/{seed}",
            media_type=media.OCI_MANIFEST,
            artifact_type=artifact_type,
            subject=subject,
        )


@attrs.frozen(kw_only=True, slots=False)
class TestIndex:
    """A multi-architecture image: an index of ``images``, a Docker manifest list unless they are all OCI manifests
    (then an OCI image index), or of ``index_type``."""

    __test__: ClassVar[bool] = False  # a helper named Test*: pytest must not collect it

    images: tuple[TestImage, ...]
    #: :data:`~ecskit.images.media.DOCKER_MANIFEST_LIST` or :data:`~ecskit.images.media.OCI_INDEX` (None: chosen
    #: from the images')
    index_type: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.index_type is not None and self.index_type not in media.INDEXES:
            raise UsageError(f"an index is a Docker manifest list or an OCI image index, not {self.index_type!r}")

    @functools.cached_property
    def manifest(self) -> str:
        """The index's text, as docker writes it."""
        doc = {
            "schemaVersion": 2,
            "mediaType": self.media_type,
            "manifests": [image.descriptor().to_json() for image in self.images],
        }
        return json.dumps(doc, indent=3)

    @property
    def media_type(self) -> str:
        """The index's media type (``index_type``, else chosen from the images')."""
        if self.index_type is not None:
            return self.index_type
        oci = bool(self.images) and all(image.media_type == media.OCI_MANIFEST for image in self.images)
        return media.OCI_INDEX if oci else media.DOCKER_MANIFEST_LIST

    @property
    def digest(self) -> str:
        """The index's digest: the SHA-256 of its text."""
        return manifest_digest(self.manifest)

    @property
    def size(self) -> int:
        """``imageSizeInBytes`` as ECR counts it: the largest of its images (:func:`index_size`)."""
        return index_size(image.size for image in self.images)

    @property
    def blobs(self) -> tuple[ImageBlob, ...]:
        """Every blob of its images, each once."""
        seen: dict[str, ImageBlob] = {}
        for image in self.images:
            for blob in image.blobs:
                seen.setdefault(blob.digest, blob)
        return tuple(seen.values())
