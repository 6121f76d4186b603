"""What the ECR contract tests share: a repository made for one test (and removed after it, so real AWS is left as
it was), and small test images pushed the way docker pushes them.

A test image is a Docker v2 schema2 image of one gzipped tar layer and a config blob, built in memory: its bytes are
real (a config whose ``rootfs.diff_ids`` names the layer's uncompressed tar), so real ECR takes it as docker's own.
:func:`push` goes through docker's push flow, as the Docker registry API proxy does it on ECR: which blobs does
the repository lack (BatchCheckLayerAvailability), upload each of those (InitiateLayerUpload, UploadLayerPart,
CompleteLayerUpload), then PutImage with the manifest (see "Pushing a Docker image" and the API reference's note
that these operations are what the proxy uses:
https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_InitiateLayerUpload.html).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import tarfile
from collections.abc import Iterator

import attrs

from ecskit.backends.base import Backend
from ecskit.errors import BackendError
from ecskit.models.ecr import (
    BatchCheckLayerAvailabilityRequest,
    CompleteLayerUploadRequest,
    CreateRepositoryRequest,
    DeleteRepositoryRequest,
    ImageTagMutability,
    ImageTagMutabilityExclusionFilter,
    InitiateLayerUploadRequest,
    LayerAvailability,
    PutImageRequest,
    Repository,
    UploadLayerPartRequest,
)

MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json"
CONFIG_V1 = "application/vnd.docker.container.image.v1+json"
LAYER_TAR_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip"


def sha256(data: bytes) -> str:
    """``sha256:<hex>`` of ``data``: how a registry names a blob or a manifest."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _layer(content: bytes) -> tuple[bytes, bytes]:
    """A gzipped tar holding one file of ``content``, and the uncompressed tar (its diff id's bytes); both the same
    for the same content (fixed times)."""
    tar_bytes = io.BytesIO()
    with tarfile.open(fileobj=tar_bytes, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        info = tarfile.TarInfo("app/data.txt")
        info.size, info.mtime, info.mode = len(content), 0, 0o644
        tar.addfile(info, io.BytesIO(content))
    raw = tar_bytes.getvalue()
    return gzip.compress(raw, mtime=0), raw


@attrs.frozen
class DockerImage:
    """A Docker v2 schema2 image: its config blob, its one layer, and the manifest naming both (as pushed)."""

    config: bytes
    layer: bytes
    manifest: str

    @property
    def digest(self) -> str:
        """The image's digest: sha256 of the manifest's bytes, as ECR computes it."""
        return sha256(self.manifest.encode())

    @property
    def blobs(self) -> tuple[bytes, bytes]:
        """The blobs docker uploads for it: the layer, then the config."""
        return (self.layer, self.config)


def image(layer_text: str = "hello", *, created: str = "2024-01-01T00:00:00Z") -> DockerImage:
    """A test image whose layer holds ``layer_text``; ``created`` tells apart images of the same layer (another
    config, so another manifest and digest)."""
    layer, tar = _layer(layer_text.encode())
    config = json.dumps(
        {
            "architecture": "amd64",
            "os": "linux",
            "created": created,
            "config": {"Cmd": ["/bin/sh"]},
            "rootfs": {"type": "layers", "diff_ids": [sha256(tar)]},
        },
        separators=(",", ":"),
    ).encode()
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": MANIFEST_V2,
            "config": {"mediaType": CONFIG_V1, "size": len(config), "digest": sha256(config)},
            "layers": [{"mediaType": LAYER_TAR_GZIP, "size": len(layer), "digest": sha256(layer)}],
        },
        indent=3,  # docker's own manifests are indented: a registry keeps the bytes as they are
    )
    return DockerImage(config=config, layer=layer, manifest=manifest)


def upload_blob(backend: Backend, repository: str, data: bytes) -> str:
    """Upload one blob in one part (InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload); its digest."""
    ecr = backend.ecr
    upload_id = ecr.initiate_layer_upload(InitiateLayerUploadRequest(repository_name=repository)).upload_id
    assert upload_id
    ecr.upload_layer_part(
        UploadLayerPartRequest(
            repository_name=repository,
            upload_id=upload_id,
            part_first_byte=0,
            part_last_byte=len(data) - 1,
            layer_part_blob=data,
        )
    )
    done = ecr.complete_layer_upload(
        CompleteLayerUploadRequest(repository_name=repository, upload_id=upload_id, layer_digests=(sha256(data),))
    )
    assert done.layer_digest == sha256(data)
    return done.layer_digest


def push(backend: Backend, repository: str, docker_image: DockerImage, tag: str | None = None) -> str:
    """Push ``docker_image`` as docker does: upload the blobs the repository lacks, then put the manifest (tagged
    ``tag``). Returns the digest the backend gave the image (tests name images by it, so that a backend computing
    digests its own way fails only the test of digests)."""
    digests = [sha256(blob) for blob in docker_image.blobs]
    checked = backend.ecr.batch_check_layer_availability(
        BatchCheckLayerAvailabilityRequest(repository_name=repository, layer_digests=tuple(digests))
    )
    present = {
        layer.layer_digest for layer in checked.layers or () if layer.layer_availability == LayerAvailability.AVAILABLE
    }
    for blob, digest in zip(docker_image.blobs, digests, strict=True):
        if digest not in present:
            upload_blob(backend, repository, blob)
    put = backend.ecr.put_image(
        PutImageRequest(
            repository_name=repository,
            image_manifest=docker_image.manifest,
            image_manifest_media_type=MANIFEST_V2,
            image_tag=tag,
        )
    ).image
    assert put is not None
    assert put.image_id is not None
    assert put.image_id.image_digest
    return put.image_id.image_digest


def remove_repository(backend: Backend, name: str) -> None:
    """Delete repository ``name`` with its images, if it is there."""
    with contextlib.suppress(BackendError):
        backend.ecr.delete_repository(DeleteRepositoryRequest(repository_name=name, force=True))


@contextlib.contextmanager
def repository(
    backend: Backend,
    name: str,
    mutability: ImageTagMutability | None = None,
    exclusions: tuple[ImageTagMutabilityExclusionFilter, ...] | None = None,
) -> Iterator[Repository]:
    """A repository ``name`` for the length of a test (deleted, with its images, after it)."""
    created = backend.ecr.create_repository(
        CreateRepositoryRequest(
            repository_name=name,
            image_tag_mutability=mutability,
            image_tag_mutability_exclusion_filters=exclusions,
        )
    ).repository
    assert created is not None
    try:
        yield created
    finally:
        remove_repository(backend, name)
