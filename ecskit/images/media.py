"""The media types of container images, as registries and Amazon ECR name them.

A *manifest* is either an image (one platform: a config blob and layer blobs) or an index of manifests (a
multi-architecture image: Docker's manifest list, OCI's image index). ECR accepts Docker Image Manifest V2
Schema 1 and Schema 2 and the OCI image specification
(https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-manifest-formats.html); the strings are those of the
Docker registry specification (https://distribution.github.io/distribution/spec/manifest-v2-2/) and of the OCI image
specification (https://github.com/opencontainers/image-spec/blob/main/media-types.md).
"""

from __future__ import annotations

__all__ = [
    "CONTAINER_CONFIGS",
    "DOCKER_CONFIG",
    "DOCKER_FOREIGN_LAYER",
    "DOCKER_LAYER",
    "DOCKER_MANIFEST",
    "DOCKER_MANIFEST_LIST",
    "DOCKER_MANIFEST_V1",
    "DOCKER_MANIFEST_V1_SIGNED",
    "FOREIGN_LAYERS",
    "IMAGE_MANIFESTS",
    "INDEXES",
    "MANIFESTS",
    "OCI_CONFIG",
    "OCI_EMPTY",
    "OCI_INDEX",
    "OCI_LAYER",
    "OCI_LAYER_GZIP",
    "OCI_LAYER_ZSTD",
    "OCI_MANIFEST",
    "V1_MANIFESTS",
]

#: Docker Image Manifest V2, Schema 2: one platform's image.
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
#: Docker's manifest list: a multi-architecture image (Schema 2).
DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
#: Docker Image Manifest V2, Schema 1 (Docker 1.9 and older), unsigned.
DOCKER_MANIFEST_V1 = "application/vnd.docker.distribution.manifest.v1+json"
#: Docker Image Manifest V2, Schema 1, signed (JWS).
DOCKER_MANIFEST_V1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws"
#: OCI image manifest: one platform's image, or an artifact.
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
#: OCI image index: a multi-architecture image.
OCI_INDEX = "application/vnd.oci.image.index.v1+json"

#: Docker's image config blob.
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
#: Docker's layer: a gzipped tar.
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"
#: Docker's foreign layer (Windows base layers): named by the manifest, fetched from elsewhere, never pushed.
DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"
#: OCI's image config blob.
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
#: OCI's layer: a tar.
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar"
#: OCI's layer: a gzipped tar.
OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"
#: OCI's layer: a zstd-compressed tar.
OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd"
#: OCI's empty descriptor (``{}``, two bytes): the config of an artifact that has none.
OCI_EMPTY = "application/vnd.oci.empty.v1+json"

#: The Schema 1 manifests (no config, no layer sizes).
V1_MANIFESTS = frozenset({DOCKER_MANIFEST_V1, DOCKER_MANIFEST_V1_SIGNED})
#: The manifests of one platform's image (or of an artifact).
IMAGE_MANIFESTS = frozenset({DOCKER_MANIFEST, OCI_MANIFEST}) | V1_MANIFESTS
#: The manifests of a multi-architecture image.
INDEXES = frozenset({DOCKER_MANIFEST_LIST, OCI_INDEX})
#: Every manifest media type ECR stores.
MANIFESTS = IMAGE_MANIFESTS | INDEXES
#: The config media types of container images (any other config media type makes the manifest an artifact).
CONTAINER_CONFIGS = frozenset({DOCKER_CONFIG, OCI_CONFIG})
#: Layers a manifest names but a push never uploads (Docker's foreign layers, OCI's non-distributable ones).
FOREIGN_LAYERS = frozenset(
    {
        DOCKER_FOREIGN_LAYER,
        "application/vnd.oci.image.layer.nondistributable.v1.tar",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
    }
)
