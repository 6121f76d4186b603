"""Pull an image from an ECR repository through any backend, the way docker pulls it: BatchGetImage for the manifest
(by tag or digest), then, for a multi-architecture image, the manifest of the platform asked for, then
GetDownloadUrlForLayer for each blob (ECR API reference: "When an image is pulled, the BatchGetImage API is called
once to retrieve the image manifest", and GetDownloadUrlForLayer "once per image layer that is not already
cached").
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ecskit.backends.base import ServiceVerbs
from ecskit.errors import backend_error
from ecskit.images import media
from ecskit.images.manifests import Manifest, ManifestKind, Platform, parse_manifest
from ecskit.models.ecr import BatchGetImageRequest, GetDownloadUrlForLayerRequest, ImageIdentifier

__all__ = ["Pulled", "pull_image"]


@attrs.frozen(kw_only=True)
class Pulled:
    """What a pull got."""

    #: the digest of the manifest pulled (the platform's, when an index was resolved to one)
    digest: str
    #: the manifest, byte for byte as ECR answered
    text: str
    manifest: Manifest
    #: blob digest -> the URL ECR gave for it (none for an index)
    urls: Mapping[str, str] = attrs.field(factory=dict, eq=False)


def pull_image(
    backend: ServiceVerbs,
    repository: str,
    reference: str,
    *,
    registry_id: str | None = None,
    platform: Platform | None = None,
) -> Pulled:
    """Pull ``reference`` (a tag, or a ``sha256:`` digest) from ``repository``. An index is resolved to its image
    for ``platform`` (architecture, OS and, when given, variant) when one is given, else returned as it is.

    A failure of BatchGetImage (an image not there, archived, ...) is raised as ImageNotFoundException with ECR's
    failure reason; the backend's own errors propagate.
    """
    ident = ImageIdentifier(image_digest=reference) if ":" in reference else ImageIdentifier(image_tag=reference)
    got = backend.ecr.batch_get_image(
        BatchGetImageRequest(
            registry_id=registry_id,
            repository_name=repository,
            image_ids=(ident,),
            accepted_media_types=tuple(sorted(media.MANIFESTS)),
        )
    )
    found = got.images or ()
    if not found or found[0].image_manifest is None:
        reason = next((f.failure_reason for f in got.failures or () if f.failure_reason), "Requested image not found")
        raise backend_error("ImageNotFoundException", reason, operation="BatchGetImage")
    image = found[0]
    text = image.image_manifest or ""
    manifest = parse_manifest(text, image.image_manifest_media_type)
    digest = (image.image_id.image_digest if image.image_id else None) or reference
    if manifest.kind is ManifestKind.INDEX:
        if platform is None:
            return Pulled(digest=digest, text=text, manifest=manifest)
        chosen = next((m for m in manifest.manifests if _fits(m.platform, platform)), None)
        if chosen is None:
            raise backend_error(
                "ImageNotFoundException",
                f"the image {reference} has no manifest for {platform}",
                operation="BatchGetImage",
            )
        return pull_image(backend, repository, chosen.digest, registry_id=registry_id)
    urls = {
        blob.digest: backend.ecr.get_download_url_for_layer(
            GetDownloadUrlForLayerRequest(registry_id=registry_id, repository_name=repository, layer_digest=blob.digest)
        ).download_url
        or ""
        for blob in manifest.blobs
    }
    return Pulled(digest=digest, text=text, manifest=manifest, urls=urls)


def _fits(offered: Platform | None, wanted: Platform) -> bool:
    if offered is None:
        return False
    same = offered.architecture == wanted.architecture and offered.os == wanted.os
    return same and (wanted.variant is None or offered.variant == wanted.variant)
