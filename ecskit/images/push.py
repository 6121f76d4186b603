"""Push an image to an ECR repository through any backend, the way docker pushes it
(https://docs.aws.amazon.com/AmazonECR/latest/userguide/docker-push-ecr-image.html, and the API reference of each
call): BatchCheckLayerAvailability for every blob; for each blob ECR does not have, InitiateLayerUpload, its bytes in
parts with UploadLayerPart (in byte order), CompleteLayerUpload with its digest; then PutImage with the manifest. A
multi-architecture image pushes each of its images first (untagged, by digest), then the index.

It speaks the Backend protocol only (``backend.ecr.<verb>``), so it pushes to the fake, to AWS through boto3, or
through a :class:`~ecskit.Client`, alike.
"""

from __future__ import annotations

import attrs

from ecskit.backends.base import ServiceVerbs
from ecskit.errors import ConflictError
from ecskit.images.samples import ImageBlob, TestImage, TestIndex
from ecskit.models.ecr import (
    BatchCheckLayerAvailabilityRequest,
    CompleteLayerUploadRequest,
    Image,
    InitiateLayerUploadRequest,
    LayerAvailability,
    PutImageRequest,
    UploadLayerPartRequest,
)

__all__ = ["Pushed", "push_image"]

#: BatchCheckLayerAvailability takes at most 100 digests a call (ECR API reference).
_CHECK_BATCH = 100


@attrs.frozen(kw_only=True)
class Pushed:
    """What a push did."""

    #: the image's digest (the index's, for a multi-architecture image)
    digest: str
    tag: str | None
    #: the blobs uploaded, in order
    uploaded: tuple[str, ...]
    #: the blobs ECR already had (BatchCheckLayerAvailability said AVAILABLE), in order
    skipped: tuple[str, ...]
    #: PutImage's answer for the image (for the index, of a multi-architecture image)
    image: Image


def push_image(
    backend: ServiceVerbs,
    image: TestImage | TestIndex,
    *,
    repository: str,
    tag: str | None = None,
    registry_id: str | None = None,
    part_size: int | None = None,
) -> Pushed:
    """Push ``image`` to ``repository`` (of ``registry_id``, the caller's registry by default), tagged ``tag``.

    Blobs are uploaded in parts of ``part_size`` bytes (default: the part size InitiateLayerUpload advises); ECR
    refuses parts other than the last below 5 MiB (LayerPartTooSmallException) and an upload of no bytes at all
    (EmptyUploadException). The backend's errors propagate as they are (ecskit exceptions with ECR's codes).
    """
    push = _Push(backend=backend, repository=repository, registry_id=registry_id, part_size=part_size)
    push.upload(image.blobs)
    if isinstance(image, TestIndex):
        for child in image.images:
            try:
                push.put(child.manifest, child.media_type, child.digest, None)
            except ConflictError as exc:  # pushed before (by this index or another): a push goes on, as docker's
                if exc.code != "ImageAlreadyExistsException":
                    raise
    answer = push.put(image.manifest, image.media_type, image.digest, tag)
    return Pushed(
        digest=image.digest, tag=tag, uploaded=tuple(push.uploaded), skipped=tuple(push.skipped), image=answer
    )


@attrs.define(kw_only=True)
class _Push:
    """One push: where to, and what it uploaded."""

    backend: ServiceVerbs
    repository: str
    registry_id: str | None
    part_size: int | None
    uploaded: list[str] = attrs.field(factory=list)
    skipped: list[str] = attrs.field(factory=list)

    def upload(self, blobs: tuple[ImageBlob, ...]) -> None:
        """Upload the blobs ECR does not have."""
        ecr = self.backend.ecr
        available: set[str] = set()
        digests = [blob.digest for blob in blobs]
        for start in range(0, len(digests), _CHECK_BATCH):
            checked = ecr.batch_check_layer_availability(
                BatchCheckLayerAvailabilityRequest(
                    registry_id=self.registry_id,
                    repository_name=self.repository,
                    layer_digests=tuple(digests[start : start + _CHECK_BATCH]),
                )
            )
            available.update(
                layer.layer_digest or ""
                for layer in checked.layers or ()
                if layer.layer_availability == LayerAvailability.AVAILABLE
            )
        for blob in blobs:
            if blob.digest in available:
                self.skipped.append(blob.digest)
            else:
                self._upload(blob)

    def _upload(self, blob: ImageBlob) -> None:
        ecr = self.backend.ecr
        started = ecr.initiate_layer_upload(
            InitiateLayerUploadRequest(registry_id=self.registry_id, repository_name=self.repository)
        )
        upload_id = started.upload_id or ""
        size = self.part_size or started.part_size or blob.size or 1
        for first in range(0, blob.size, size):
            part = blob.data[first : first + size]
            ecr.upload_layer_part(
                UploadLayerPartRequest(
                    registry_id=self.registry_id,
                    repository_name=self.repository,
                    upload_id=upload_id,
                    part_first_byte=first,
                    part_last_byte=first + len(part) - 1,
                    layer_part_blob=part,
                )
            )
        try:
            ecr.complete_layer_upload(
                CompleteLayerUploadRequest(
                    registry_id=self.registry_id,
                    repository_name=self.repository,
                    upload_id=upload_id,
                    layer_digests=(blob.digest,),
                )
            )
        except ConflictError as exc:  # another push completed it meanwhile: ECR has it, which is what was wanted
            if exc.code != "LayerAlreadyExistsException":
                raise
            self.skipped.append(blob.digest)
            return
        self.uploaded.append(blob.digest)

    def put(self, manifest: str, media_type: str, digest: str, tag: str | None) -> Image:
        """PutImage."""
        answer = self.backend.ecr.put_image(
            PutImageRequest(
                registry_id=self.registry_id,
                repository_name=self.repository,
                image_manifest=manifest,
                image_manifest_media_type=media_type,
                image_tag=tag,
                image_digest=digest,
            )
        )
        return answer.image or Image()
