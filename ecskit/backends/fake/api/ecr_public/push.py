"""Docker's push to a public repository: BatchCheckLayerAvailability, InitiateLayerUpload, UploadLayerPart,
CompleteLayerUpload and PutImage.

ECR Public takes images the way private ECR does, so these handlers run private ECR's push flow
(:mod:`ecskit.backends.fake.engine.ecr_push`) on the public repository's store, with its refusals and texts. The
differences are ECR Public's own: calls go to us-east-1 (see :mod:`ecskit.backends.fake.engine.ecr_public`), and a
public repository has no tag immutability setting (ECR Public's CreateRepository and its Repository shape have
none), so a tag always moves.
"""

from __future__ import annotations

from ecskit.backends.fake.core.ecr_public import PublicRepositoryRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.engine import ecr_push
from ecskit.backends.fake.engine.ecr_public import repository_of
from ecskit.backends.fake.engine.ecr_push import (
    PART_SIZE,
    StoreName,
    complete_upload,
    initiate_upload,
    layer_answers,
    upload_part,
)
from ecskit.backends.fake.registry import handles
from ecskit.models import ecr_public as ecr_public_models
from ecskit.models.ecr_public import (
    BatchCheckLayerAvailabilityRequest,
    BatchCheckLayerAvailabilityResponse,
    CompleteLayerUploadRequest,
    CompleteLayerUploadResponse,
    Image,
    ImageIdentifier,
    InitiateLayerUploadRequest,
    InitiateLayerUploadResponse,
    PutImageRequest,
    PutImageResponse,
    UploadLayerPartRequest,
    UploadLayerPartResponse,
)

__all__ = [
    "batch_check_layer_availability",
    "complete_layer_upload",
    "initiate_layer_upload",
    "put_image",
    "upload_layer_part",
]


def _name(record: PublicRepositoryRecord) -> StoreName:
    return StoreName(registry_id=record.registry_id, repository=record.name)


def _never_immutable(_: str) -> bool:
    return False


@handles(BatchCheckLayerAvailabilityRequest)
def batch_check_layer_availability(
    env: Env, req: BatchCheckLayerAvailabilityRequest
) -> BatchCheckLayerAvailabilityResponse:
    """BatchCheckLayerAvailability: AVAILABLE (with size and media type) for each blob the repository has,
    UNAVAILABLE for the others; a malformed digest is a failure."""
    _, record = repository_of(env, "BatchCheckLayerAvailability", req.registry_id, req.repository_name)
    layers, failures = layer_answers(record.store, req.layer_digests, ecr_public_models)
    return BatchCheckLayerAvailabilityResponse(layers=layers, failures=failures)


@handles(InitiateLayerUploadRequest)
def initiate_layer_upload(env: Env, req: InitiateLayerUploadRequest) -> InitiateLayerUploadResponse:
    """InitiateLayerUpload: a new upload id and the part size to send."""
    where, record = repository_of(env, "InitiateLayerUpload", req.registry_id, req.repository_name)
    upload = initiate_upload(where, record.store)
    return InitiateLayerUploadResponse(upload_id=upload.upload_id, part_size=PART_SIZE)


@handles(UploadLayerPartRequest)
def upload_layer_part(env: Env, req: UploadLayerPartRequest) -> UploadLayerPartResponse:
    """UploadLayerPart: parts in byte order (else InvalidLayerPartException)."""
    _, record = repository_of(env, "UploadLayerPart", req.registry_id, req.repository_name)
    last = upload_part(
        record.store,
        _name(record),
        req.upload_id,
        first=req.part_first_byte,
        last=req.part_last_byte,
        data=req.layer_part_blob,
    )
    return UploadLayerPartResponse(
        registry_id=record.registry_id, repository_name=record.name, upload_id=req.upload_id, last_byte_received=last
    )


@handles(CompleteLayerUploadRequest)
def complete_layer_upload(env: Env, req: CompleteLayerUploadRequest) -> CompleteLayerUploadResponse:
    """CompleteLayerUpload: the bytes' sha256 must be the digest given (InvalidLayerException); a blob the repository
    has is LayerAlreadyExistsException; no bytes EmptyUploadException."""
    _, record = repository_of(env, "CompleteLayerUpload", req.registry_id, req.repository_name)
    blob = complete_upload(record.store, _name(record), req.upload_id, req.layer_digests)
    return CompleteLayerUploadResponse(
        registry_id=record.registry_id, repository_name=record.name, upload_id=req.upload_id, layer_digest=blob.digest
    )


@handles(PutImageRequest)
def put_image(env: Env, req: PutImageRequest) -> PutImageResponse:
    """PutImage: private ECR's checks in order (:func:`~ecskit.backends.fake.engine.ecr_push.put_image`); tags always
    move."""
    where, record = repository_of(env, "PutImage", req.registry_id, req.repository_name)
    image = ecr_push.put_image(
        where,
        record.store,
        _name(record),
        manifest=req.image_manifest,
        media_type=req.image_manifest_media_type,
        tag=req.image_tag,
        digest=req.image_digest,
        immutable=_never_immutable,
    )
    return PutImageResponse(
        image=Image(
            registry_id=record.registry_id,
            repository_name=record.name,
            image_id=ImageIdentifier(image_digest=image.digest, image_tag=req.image_tag),
            image_manifest=image.manifest,
            image_manifest_media_type=image.media_type,
        )
    )
