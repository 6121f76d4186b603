"""Repositories and images put straight into a fake's records, for tests and examples that need an ECR repository
with images of given tags and ages without pushing them (no CreateRepository, no layer uploads, no PutImage).

The records are what those calls would have made: a repository of the account and Region of the records it is put
in, and images whose manifest is an OCI image manifest (or image index) unique to the image, whose digest is the
sha256 of that manifest's bytes. Tags move as in a MUTABLE repository: a tag given to a new image leaves the image
that had it.

>>> import datetime
>>> from ecskit.backends.fake import FakeBackend
>>> fake = FakeBackend()
>>> repo = seed_repository(fake.records(), "app", now=fake.clock.now())
>>> image = seed_image(repo, tags=("v1",), pushed_at=fake.clock.now() - datetime.timedelta(days=3))
>>> repo.uri, image.digest.startswith("sha256:"), repo.store.tag_index()["v1"] == image.digest
('123456789012.dkr.ecr.us-east-1.amazonaws.com/app', True, True)
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable

from ecskit.backends.fake.core.ecr import ImageRecord, RepositoryRecord, registry_host
from ecskit.backends.fake.core.region import Region
from ecskit.errors import UsageError

__all__ = ["IMAGE_INDEX", "IMAGE_MANIFEST", "seed_image", "seed_repository"]

#: The media types of the manifests made here.
IMAGE_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
IMAGE_INDEX = "application/vnd.oci.image.index.v1+json"
_CONFIG = "application/vnd.oci.image.config.v1+json"
_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def seed_repository(region: Region, name: str, *, now: datetime.datetime) -> RepositoryRecord:
    """A new private repository ``name`` in the account and Region of ``region`` (the records of
    :meth:`~ecskit.backends.fake.FakeBackend.records`); UsageError if one of that name exists."""
    if name in region.ecr.repositories:
        raise UsageError(f"the repository {name!r} exists already")
    account, where = region.account, region.region
    record = RepositoryRecord(
        name=name,
        arn=f"arn:aws:ecr:{where}:{account}:repository/{name}",
        registry_id=account,
        uri=f"{registry_host(account, where)}/{name}",
        created_at=now,
    )
    region.ecr.repositories[name] = record
    return record


def seed_image(
    repository: RepositoryRecord,
    *,
    pushed_at: datetime.datetime,
    tags: Iterable[str] = (),
    layer_size: int = 1024,
    manifests: Iterable[str] = (),
    last_pulled_at: datetime.datetime | None = None,
) -> ImageRecord:
    """A new image in ``repository``, pushed at ``pushed_at``: a single-platform image of one layer of
    ``layer_size`` bytes, or, given the digests of ``manifests`` already in the repository, an image index of them."""
    store = repository.store
    serial = len(store.images)
    children = tuple(manifests)
    blobs: tuple[str, ...] = ()
    if children:
        missing = [d for d in children if d not in store.images]
        if missing:
            raise UsageError(f"an image index names manifests not in {repository.name}: {', '.join(missing)}")
        entries = [
            {"mediaType": store.images[d].media_type, "digest": d, "size": len(store.images[d].manifest.encode())}
            for d in children
        ]
        body: dict[str, object] = {"schemaVersion": 2, "mediaType": IMAGE_INDEX, "manifests": entries}
        media_type, size = IMAGE_INDEX, 0
    else:
        config = _sha256(f"{repository.uri}#{serial}".encode())
        layer = _sha256(f"{repository.uri}#{serial}/layer".encode())
        body = {
            "schemaVersion": 2,
            "mediaType": IMAGE_MANIFEST,
            "config": {"mediaType": _CONFIG, "digest": config, "size": 2},
            "layers": [{"mediaType": _LAYER, "digest": layer, "size": layer_size}],
        }
        media_type, blobs, size = IMAGE_MANIFEST, (config, layer), layer_size
    manifest = json.dumps(body, separators=(",", ":"))
    digest = _sha256(manifest.encode())
    image = ImageRecord(
        digest=digest,
        manifest=manifest,
        media_type=media_type,
        pushed_at=pushed_at,
        size=size,
        blobs=blobs,
        children=children,
        last_pulled_at=last_pulled_at,
    )
    store.images[digest] = image
    for tag in tags:
        store.put_tag(tag, image)
    return image
