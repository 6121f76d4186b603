"""The upstream registries of pull through cache rules: which ones ECR supports, the URL each is named by, which
need credentials, what each holds, and copying an image from one into a repository of the cache.

The registries and their URLs are those of the ECR API reference (CreatePullThroughCacheRule's
``upstreamRegistryUrl``: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html)
and of the user guide, which says which need a Secrets Manager secret: "Amazon ECR Public, Kubernetes container
image registry, and Quay (doesn't require authentication)"; "Docker Hub, Microsoft Azure Container Registry, GitHub
Container Registry, GitLab Container Registry and Chainguard Registry (requires authentication with AWS Secrets
Manager secret)"; "Amazon ECR (requires authentication with AWS IAM role)"
(https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html). The API reference gives no URL for
Chainguard: the fake takes its registry's host, ``cgr.dev``.

What an upstream holds: an Amazon ECR upstream (``<account>.dkr.ecr.<region>.amazonaws.com``) is one of the fake's own
registries, read as it is; every other upstream holds the images declared with :func:`declare_image` (the fake reaches
no registry outside AWS; see :mod:`~ecskit.backends.fake.core.ecr_upstream`).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any

import attrs

from ecskit._text import parse_json
from ecskit.backends.fake.core.ecr import Blob, ImageRecord, ImageStore
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.errors import UsageError
from ecskit.models.ecr import UpstreamRegistry
from ecskit.texts import ecr

__all__ = [
    "CREDENTIALS_NEEDED",
    "cache_image",
    "check_upstream",
    "declare_image",
    "ecr_upstream",
    "upstream_store",
]

#: The upstream registries named by one fixed host.
_HOSTS: dict[str, UpstreamRegistry] = {
    "public.ecr.aws": UpstreamRegistry.ECR_PUBLIC,
    "quay.io": UpstreamRegistry.QUAY,
    "registry.k8s.io": UpstreamRegistry.K8S,
    "registry-1.docker.io": UpstreamRegistry.DOCKER_HUB,
    "ghcr.io": UpstreamRegistry.GITHUB_CONTAINER_REGISTRY,
    "registry.gitlab.com": UpstreamRegistry.GITLAB_CONTAINER_REGISTRY,
    "cgr.dev": UpstreamRegistry.CHAINGUARD,
}
_AZURE = re.compile(r"[a-z0-9]+\.azurecr\.io")
_ECR = re.compile(r"([0-9]{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com")
#: The upstream registries a rule must name a Secrets Manager secret for (``credentialArn``).
CREDENTIALS_NEEDED = frozenset(
    {
        UpstreamRegistry.DOCKER_HUB,
        UpstreamRegistry.AZURE_CONTAINER_REGISTRY,
        UpstreamRegistry.GITHUB_CONTAINER_REGISTRY,
        UpstreamRegistry.GITLAB_CONTAINER_REGISTRY,
        UpstreamRegistry.CHAINGUARD,
    }
)


def _registry_of(url: str) -> UpstreamRegistry | None:
    if url in _HOSTS:
        return _HOSTS[url]
    if _AZURE.fullmatch(url):
        return UpstreamRegistry.AZURE_CONTAINER_REGISTRY
    if _ECR.fullmatch(url):
        return UpstreamRegistry.ECR
    return None


def check_upstream(url: str, named: UpstreamRegistry | None) -> UpstreamRegistry:
    """The upstream registry ``url`` names (it must be the one ``upstreamRegistry`` names, when given), or ECR's
    UnsupportedUpstreamRegistryException with the text a public report quotes
    (https://github.com/goharbor/harbor/issues/20174)."""
    found = _registry_of(url)
    if found is None or (named is not None and named != found):
        refuse(ecr.UPSTREAM_UNSUPPORTED, url=url)
    return found


def ecr_upstream(url: str) -> tuple[str, str] | None:
    """The (account, Region) of an Amazon ECR upstream's URL, or None for any other upstream."""
    match = _ECR.fullmatch(url)
    return (match[1], match[2]) if match else None


def upstream_store(env: Env, url: str, repository: str) -> ImageStore | None:
    """What the repository ``repository`` of the upstream ``url`` holds: for Amazon ECR, that repository of the
    fake's own registry (None when there is none); for any other upstream, the images declared for it."""
    where = ecr_upstream(url)
    if where is None:
        return env.world.upstream.find(url, repository)
    region = env.world.regions.get(where)  # never made up: an account the fake never saw holds nothing
    record = region.ecr.repositories.get(repository) if region is not None else None
    return record.store if record is not None else None


def cache_image(source: ImageStore, image: ImageRecord, target: ImageStore, now: datetime.datetime) -> ImageRecord:
    """Copy ``image`` of ``source`` into ``target`` (with its blobs, and the images an index names, as ECR caches a
    multi-architecture image whole); returns the copy (the one ``target`` had already, if so)."""
    found = target.images.get(image.digest)
    if found is not None:
        return found
    for child in image.children:
        if child in source.images and child not in target.images:
            cache_image(source, source.images[child], target, now)
    for digest in image.blobs:
        blob = source.blobs.get(digest)
        if blob is not None and digest not in target.blobs:
            target.blobs[digest] = attrs.evolve(blob)
    copy = attrs.evolve(
        image,
        pushed_at=now,
        tags=[],
        last_pulled_at=None,
        status="ACTIVE",
        last_archived_at=None,
        last_activated_at=None,
        replications=[],
        scan=None,  # a copy is not scanned until its own registry scans it
    )
    target.add_image(copy)  # not a bare insert: the store's derived indexes must learn of it
    return copy


# -- declared images ------------------------------------------------------------------------------------------------

_DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
_DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
_DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _made_up_manifest(seed: str, layers: Sequence[int]) -> str:
    """A Docker image manifest (schema 2) of layers of the given sizes, whose digests depend on ``seed`` only."""
    config = json.dumps({"architecture": "amd64", "os": "linux", "seed": seed}).encode()
    document = {
        "schemaVersion": 2,
        "mediaType": _DOCKER_MANIFEST,
        "config": {"mediaType": _DOCKER_CONFIG, "size": len(config), "digest": _sha256(config)},
        "layers": [
            {"mediaType": _DOCKER_LAYER, "size": size, "digest": _sha256(f"{seed} layer {i}".encode())}
            for i, size in enumerate(layers)
        ],
    }
    return json.dumps(document, indent=3)


def _descriptor(item: Any, where: str) -> tuple[str, int, str | None]:
    if not isinstance(item, dict):
        raise UsageError(f"{where} is not a descriptor object")
    digest, size, media_type = item.get("digest"), item.get("size"), item.get("mediaType")
    if not (isinstance(digest, str) and re.fullmatch(r"sha256:[0-9a-f]{64}", digest)):
        raise UsageError(f"{where}.digest must be sha256:<64 hex digits>, not {digest!r}")
    if not (isinstance(size, int) and not isinstance(size, bool) and size >= 0):
        raise UsageError(f"{where}.size must be a number of bytes, not {size!r}")
    return digest, size, media_type if isinstance(media_type, str) else None


def _image_of(manifest: str, store: ImageStore, now: datetime.datetime) -> tuple[ImageRecord, list[Blob]]:
    """The image a manifest is (an image, or an index of images ``store`` holds), and its blobs."""
    try:
        document = parse_json(manifest)
    except ValueError as exc:
        raise UsageError(f"the manifest is not JSON: {exc}") from None
    if not isinstance(document, dict):
        raise UsageError("the manifest is not a JSON object")
    media_type = document.get("mediaType")
    if not isinstance(media_type, str):
        raise UsageError("the manifest has no mediaType")
    digest = _sha256(manifest.encode())
    if "manifests" in document:  # an image index or manifest list: its images must be declared first
        children = [_descriptor(item, f"manifests[{i}]") for i, item in enumerate(document["manifests"] or [])]
        missing = [d for d, _, _ in children if d not in store.images]
        if missing:
            raise UsageError(f"declare the images the index names first: {', '.join(missing)} are not declared")
        size = sum(store.images[d].size for d, _, _ in children)
        image = ImageRecord(
            digest=digest,
            manifest=manifest,
            media_type=media_type,
            pushed_at=now,
            size=size,
            children=tuple(d for d, _, _ in children),
        )
        return image, []
    if "config" not in document or not isinstance(document.get("layers"), list):
        raise UsageError("the manifest has neither config and layers (an image) nor manifests (an index)")
    config = _descriptor(document["config"], "config")
    layers = [_descriptor(item, f"layers[{i}]") for i, item in enumerate(document["layers"])]
    blobs = [Blob(digest=d, size=s, media_type=t) for d, s, t in (config, *layers)]
    image = ImageRecord(
        digest=digest,
        manifest=manifest,
        media_type=media_type,
        pushed_at=now,
        size=sum(s for _, s, _ in layers),
        blobs=tuple(b.digest for b in blobs),
    )
    return image, blobs


def declare_image(
    env: Env,
    url: str,
    repository: str,
    tag: str | None,
    *,
    manifest: str | None = None,
    layers: Sequence[int] = (2_000_000,),
) -> ImageRecord:
    """Declare that the repository ``repository`` of the upstream registry ``url`` holds an image, tagged ``tag``
    (untagged when None, for the images of an index): the image of ``manifest`` (its exact text; an index names
    images declared before it), or a made-up Docker image of ``layers`` (their sizes in bytes) whose digests
    depend only on ``url``, ``repository`` and ``tag``. Moving a tag to another image is what a push upstream does.

    Raises UsageError for an Amazon ECR or unknown upstream URL, a bad manifest, or a negative layer size."""
    found = _registry_of(url)
    if found is None:
        raise UsageError(f"{url!r} is no upstream registry of pull through cache: use one of {', '.join(_HOSTS)}")
    if found is UpstreamRegistry.ECR:
        raise UsageError(f"{url} is an Amazon ECR registry: push the image to that registry of the fake instead")
    if manifest is None:
        if any(size < 0 for size in layers):
            raise UsageError(f"layer sizes are numbers of bytes, not {list(layers)}")
        manifest = _made_up_manifest(f"{url}/{repository}:{tag}", layers)
    upstream = env.world.upstream
    image, blobs = _image_of(manifest, upstream.find(url, repository) or ImageStore(), env.clock.now())
    store = upstream.store(url, repository)  # only now: a refused declaration changes nothing
    image = store.images.setdefault(image.digest, image)
    for blob in blobs:
        store.blobs.setdefault(blob.digest, blob)
    if tag is not None:
        store.put_tag(tag, image)
    return image
