"""Images put straight into a public repository's store, for tests of the calls that read and delete images (until
docker's push flow serves ECR Public, this is how images get there).

The records are what a push would leave: the manifest's exact text, its sha256 as the digest, the config blob with
its media type, the image's size (config and layers), its tags in order.
"""

from __future__ import annotations

import hashlib
import json

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.core.ecr import Blob, ImageRecord, ImageStore
from ecskit.backends.fake.core.ecr_public import HOME_REGION

__all__ = ["CONFIG_TYPE", "DOCKER_V2", "INDEX_TYPE", "put_image", "put_index", "store_of"]

DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json"
CONFIG_TYPE = "application/vnd.docker.container.image.v1+json"
LAYER_TYPE = "application/vnd.docker.image.rootfs.diff.tar.gzip"
INDEX_TYPE = "application/vnd.oci.image.index.v1+json"


def store_of(fake: FakeBackend, repository: str) -> ImageStore:
    """The image store of a public repository of ``fake``'s account (kept in its us-east-1 records)."""
    return fake.scoped(region=HOME_REGION).records().ecr_public.repositories[repository].store


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _add(store: ImageStore, image: ImageRecord, tags: tuple[str, ...]) -> ImageRecord:
    store.images[image.digest] = image
    for tag in tags:
        store.put_tag(tag, image)
    return image


def put_image(
    fake: FakeBackend, repository: str, *tags: str, seed: str = "", layer_sizes: tuple[int, ...] = (1000,)
) -> ImageRecord:
    """A single-platform Docker image of layers of ``layer_sizes`` bytes (``seed`` makes its content, so its digest,
    differ from another's), tagged with ``tags`` (moved from the images they named), pushed now."""
    config = json.dumps({"architecture": "amd64", "os": "linux", "seed": seed}).encode()
    layers = [(_digest(f"{seed}:{i}:{n}".encode()), n) for i, n in enumerate(layer_sizes)]
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": DOCKER_V2,
            "config": {"mediaType": CONFIG_TYPE, "size": len(config), "digest": _digest(config)},
            "layers": [{"mediaType": LAYER_TYPE, "size": n, "digest": d} for d, n in layers],
        },
        indent=3,
    )
    store = store_of(fake, repository)
    store.blobs[_digest(config)] = Blob(digest=_digest(config), size=len(config), media_type=CONFIG_TYPE)
    for d, n in layers:
        store.blobs[d] = Blob(digest=d, size=n, media_type=LAYER_TYPE)
    image = ImageRecord(
        digest=_digest(manifest.encode()),
        manifest=manifest,
        media_type=DOCKER_V2,
        pushed_at=fake.clock.now(),
        size=len(config) + sum(layer_sizes),
        blobs=(_digest(config), *(d for d, _ in layers)),
    )
    return _add(store, image, tags)


def put_index(fake: FakeBackend, repository: str, children: tuple[ImageRecord, ...], *tags: str) -> ImageRecord:
    """An OCI image index naming ``children`` (images of the same repository), tagged with ``tags``."""
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": INDEX_TYPE,
            "manifests": [{"mediaType": c.media_type, "size": len(c.manifest), "digest": c.digest} for c in children],
        }
    )
    image = ImageRecord(
        digest=_digest(manifest.encode()),
        manifest=manifest,
        media_type=INDEX_TYPE,
        pushed_at=fake.clock.now(),
        size=max((c.size for c in children), default=0),
        children=tuple(c.digest for c in children),
    )
    return _add(store_of(fake, repository), image, tags)
