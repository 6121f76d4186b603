"""Layers: BatchCheckLayerAvailability, InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload (docker's push of
the blobs an image is made of) and GetDownloadUrlForLayer (a pull of one).

The push flow is :mod:`ecskit.backends.fake.engine.ecr_push` (shared with ECR Public); these handlers find the
repository the call names (AccessDeniedException for another account's, RepositoryNotFoundException) and render
ECR's answers. Every call takes ``registryId``.
"""

from __future__ import annotations

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.engine.ecr_checks import check_digest
from ecskit.backends.fake.engine.ecr_images import ACTIVE, repository_for, store_name
from ecskit.backends.fake.engine.ecr_push import (
    PART_SIZE,
    complete_upload,
    initiate_upload,
    layer_answers,
    upload_part,
)
from ecskit.backends.fake.registry import handles
from ecskit.models import ecr as ecr_models
from ecskit.models.ecr import (
    BatchCheckLayerAvailabilityRequest,
    BatchCheckLayerAvailabilityResponse,
    CompleteLayerUploadRequest,
    CompleteLayerUploadResponse,
    GetDownloadUrlForLayerRequest,
    GetDownloadUrlForLayerResponse,
    InitiateLayerUploadRequest,
    InitiateLayerUploadResponse,
    UploadLayerPartRequest,
    UploadLayerPartResponse,
)
from ecskit.texts import ecr

__all__ = [
    "batch_check_layer_availability",
    "complete_layer_upload",
    "get_download_url_for_layer",
    "initiate_layer_upload",
    "upload_layer_part",
]


@handles(BatchCheckLayerAvailabilityRequest)
def batch_check_layer_availability(
    env: Env, req: BatchCheckLayerAvailabilityRequest
) -> BatchCheckLayerAvailabilityResponse:
    """BatchCheckLayerAvailability: AVAILABLE (with its size and media type) for each blob the repository has,
    UNAVAILABLE for the others; an empty or malformed digest is a failure (MissingLayerDigest, InvalidLayerDigest)."""
    _, repository = repository_for(env, req.registry_id, req.repository_name, "ecr:BatchCheckLayerAvailability")
    layers, failures = layer_answers(repository.store, req.layer_digests, ecr_models)
    return BatchCheckLayerAvailabilityResponse(layers=layers, failures=failures)


@handles(InitiateLayerUploadRequest)
def initiate_layer_upload(env: Env, req: InitiateLayerUploadRequest) -> InitiateLayerUploadResponse:
    """InitiateLayerUpload: a new upload id, and the part size to send (10 MiB, ECR's maximum layer part size)."""
    where, repository = repository_for(env, req.registry_id, req.repository_name, "ecr:InitiateLayerUpload")
    upload = initiate_upload(where, repository.store)
    return InitiateLayerUploadResponse(upload_id=upload.upload_id, part_size=PART_SIZE)


@handles(UploadLayerPartRequest)
def upload_layer_part(env: Env, req: UploadLayerPartRequest) -> UploadLayerPartResponse:
    """UploadLayerPart: parts in byte order (else InvalidLayerPartException, with ECR's members)."""
    _, repository = repository_for(env, req.registry_id, req.repository_name, "ecr:UploadLayerPart")
    last = upload_part(
        repository.store,
        store_name(repository),
        req.upload_id,
        first=req.part_first_byte,
        last=req.part_last_byte,
        data=req.layer_part_blob,
    )
    return UploadLayerPartResponse(
        registry_id=repository.registry_id,
        repository_name=repository.name,
        upload_id=req.upload_id,
        last_byte_received=last,
    )


@handles(CompleteLayerUploadRequest)
def complete_layer_upload(env: Env, req: CompleteLayerUploadRequest) -> CompleteLayerUploadResponse:
    """CompleteLayerUpload: the bytes' sha256 must be the digest given (InvalidLayerException); a blob the
    repository has is LayerAlreadyExistsException; no bytes EmptyUploadException; small parts
    LayerPartTooSmallException."""
    _, repository = repository_for(env, req.registry_id, req.repository_name, "ecr:CompleteLayerUpload")
    blob = complete_upload(repository.store, store_name(repository), req.upload_id, req.layer_digests)
    return CompleteLayerUploadResponse(
        registry_id=repository.registry_id,
        repository_name=repository.name,
        upload_id=req.upload_id,
        layer_digest=blob.digest,
    )


@handles(GetDownloadUrlForLayerRequest)
def get_download_url_for_layer(env: Env, req: GetDownloadUrlForLayerRequest) -> GetDownloadUrlForLayerResponse:
    """GetDownloadUrlForLayer: a (made-up, pre-signed-looking) S3 URL of a blob an image of the repository names.

    A blob the repository does not have is LayersNotFoundException (AWS's text: monken/aws-ecr-public#11); one that
    no pullable image names is LayerInaccessibleException ("You can only get URLs for image layers that are
    referenced in an image", ECR API reference).
    """
    where, repository = repository_for(env, req.registry_id, req.repository_name, "ecr:GetDownloadUrlForLayer")
    check_digest(req.layer_digest, "layerDigest")
    store = repository.store
    if req.layer_digest not in store.blobs:
        refuse(ecr.LAYER_NOT_FOUND, digest=req.layer_digest, name=repository.name, registry=repository.registry_id)
    users = store.user_index().get(req.layer_digest, ())
    if not any(store.images[digest].status == ACTIVE for digest in users):
        refuse(ecr.LAYER_INACCESSIBLE)
    url = (
        f"https://prod-{where.region}-starport-layer-bucket.s3.{where.region}.amazonaws.com/"
        f"{repository.registry_id}/{repository.name}/{req.layer_digest.replace(':', '/')}"
        "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600"
    )
    return GetDownloadUrlForLayerResponse(download_url=url, layer_digest=req.layer_digest)
