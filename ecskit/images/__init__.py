"""Container images as Amazon ECR keeps them: media types (:mod:`~.media`), digests (:mod:`~.digests`), manifests
read as ECR reads them (:mod:`~.manifests`), images made up for tests (:mod:`~.samples`), and pushing and pulling
images through any backend the way docker does (:mod:`~.push`, :mod:`~.pull`).

This package is pure (no backend; the push speaks the Backend protocol): tests and tools import it without a fake.
"""

from ecskit.images import media
from ecskit.images.digests import is_digest, manifest_digest, sha256_digest
from ecskit.images.manifests import (
    Descriptor,
    Manifest,
    ManifestKind,
    Platform,
    image_size,
    index_size,
    parse_manifest,
)
from ecskit.images.pull import Pulled, pull_image
from ecskit.images.push import Pushed, push_image
from ecskit.images.samples import ImageBlob, TestImage, TestIndex

__all__ = [
    "Descriptor",
    "ImageBlob",
    "Manifest",
    "ManifestKind",
    "Platform",
    "Pulled",
    "Pushed",
    "TestImage",
    "TestIndex",
    "image_size",
    "index_size",
    "is_digest",
    "manifest_digest",
    "media",
    "parse_manifest",
    "pull_image",
    "push_image",
    "sha256_digest",
]
