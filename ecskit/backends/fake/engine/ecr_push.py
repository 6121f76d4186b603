"""Docker's push flow on an :class:`~ecskit.backends.fake.core.ecr.ImageStore`, as ECR serves it: which blobs the
registry has (BatchCheckLayerAvailability), uploads in byte-ordered parts (InitiateLayerUpload, UploadLayerPart,
CompleteLayerUpload) and the manifest that makes an image of them (PutImage).

Everything here works on a store and the names its messages use (:class:`StoreName`), so ECR and ECR Public share
it: what differs (ECR's tag immutability) is an argument. Every function checks everything before it changes
anything: a refused call changes nothing.

Sources: the ECR API reference of each operation (its errors), "Amazon ECR service quotas" (layer parts of 5 MiB at
least but the last, 4,200 parts at most), "Container image manifest formats", "Image tag mutability"; the texts
quoted from AWS's answers are cited where they are used, the others are ecskit's wording in ECR's form.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any, NoReturn

import attrs

from ecskit.backends.fake.core.ecr import Blob, ImageRecord, ImageStore, Upload
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.engine.ecr_checks import check_digest, check_length, invalid
from ecskit.errors import ConversionError
from ecskit.images.digests import is_digest, sha256_digest
from ecskit.images.manifests import Manifest, ManifestKind, image_size, index_size, parse_manifest
from ecskit.texts import ecr

__all__ = [
    "MAX_PART",
    "MAX_PARTS",
    "MIN_PART",
    "PART_SIZE",
    "LayerCheck",
    "StoreName",
    "check_layers",
    "complete_upload",
    "initiate_upload",
    "layer_answers",
    "put_image",
    "upload_part",
]

#: The part size InitiateLayerUpload advises: ECR's maximum layer part size (10 MiB, "Amazon ECR service quotas").
PART_SIZE = 10 * 1024 * 1024
#: The smallest part but the last (5 MiB, "Minimum layer part size"; LayerPartTooSmallException).
MIN_PART = 5 * 1024 * 1024
#: The largest part UploadLayerPart takes (``layerPartBlob``: 20971520 bytes, ECR API reference).
MAX_PART = 20971520
#: The most parts one upload may have ("Layer parts", 4,200).
MAX_PARTS = 4200
#: PutImage's ``imageManifest`` length limit (ECR API reference).
MAX_MANIFEST = 4194304


@attrs.frozen(kw_only=True)
class StoreName:
    """Where a store is, in the words of ECR's messages."""

    registry_id: str
    repository: str

    @property
    def where(self) -> str:
        """``the repository with name '<r>' in registry with id '<id>'``."""
        return f"the repository with name '{self.repository}' in registry with id '{self.registry_id}'"


@attrs.frozen(kw_only=True)
class LayerCheck:
    """BatchCheckLayerAvailability's answer for one digest: the blob when the store has it, a failure (ECR's code and
    reason) for a digest that is not one, else neither (the layer is UNAVAILABLE)."""

    digest: str
    blob: Blob | None = None
    failure: tuple[str, str] | None = None


def check_layers(store: ImageStore, digests: tuple[str, ...]) -> list[LayerCheck]:
    """Whether ``store`` has each blob. An empty digest is a MissingLayerDigest failure and one that is not a digest
    an InvalidLayerDigest failure (ECR's failure codes; the reasons are ecskit's wording)."""
    check_length(digests, "layerDigests", 1, 100)
    found: list[LayerCheck] = []
    for digest in digests:
        if not digest:
            failure = ("MissingLayerDigest", "Invalid request parameters: layer digest cannot be empty")
            found.append(LayerCheck(digest=digest, failure=failure))
        elif not is_digest(digest):
            failure = (
                "InvalidLayerDigest",
                "Invalid request parameters: layer digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'",
            )
            found.append(LayerCheck(digest=digest, failure=failure))
        else:
            found.append(LayerCheck(digest=digest, blob=store.blobs.get(digest)))
    return found


def layer_answers(store: ImageStore, digests: tuple[str, ...], models: ModuleType) -> tuple[tuple[Any, ...], ...]:
    """BatchCheckLayerAvailability's ``layers`` and ``failures`` (:func:`check_layers`) as the wire models of
    ``models``: :mod:`ecskit.models.ecr` or :mod:`ecskit.models.ecr_public`, whose Layer, LayerFailure and their enums
    have the same members."""
    layers: list[Any] = []
    failures: list[Any] = []
    for check in check_layers(store, digests):
        if check.failure is not None:
            code, reason = check.failure
            failures.append(
                models.LayerFailure(
                    layer_digest=check.digest, failure_code=models.LayerFailureCode(code), failure_reason=reason
                )
            )
        elif check.blob is not None:
            layers.append(
                models.Layer(
                    layer_digest=check.digest,
                    layer_availability=models.LayerAvailability.AVAILABLE,
                    layer_size=check.blob.size,
                    media_type=check.blob.media_type,
                )
            )
        else:
            layers.append(
                models.Layer(layer_digest=check.digest, layer_availability=models.LayerAvailability.UNAVAILABLE)
            )
    return tuple(layers), tuple(failures)


def initiate_upload(env: Env, store: ImageStore) -> Upload:
    """A new upload (InitiateLayerUpload); :data:`PART_SIZE` is the part size to advise."""
    upload = Upload(upload_id=env.ids.uuid(), started_at=env.clock.now())
    store.uploads[upload.upload_id] = upload
    return upload


def upload_part(store: ImageStore, name: StoreName, upload_id: str, *, first: int, last: int, data: bytes) -> int:
    """Append a part to an upload (UploadLayerPart); returns the last byte received.

    The part must start where the upload's bytes end and hold exactly ``last - first + 1`` bytes, at most
    :data:`MAX_PART`: else InvalidLayerPartException ("The layer part size is not valid, or the first byte specified
    is not consecutive to the last byte of a previous layer part upload", ECR API reference), with the members ECR's
    exception has (``registryId``, ``repositoryName``, ``uploadId``, ``lastValidByteReceived``).
    """
    upload = _upload(store, name, upload_id)
    received = len(upload.data)
    reason = None
    if first != received and not received:
        reason = f"the first byte {first} is not byte 0, where an upload begins"
    elif first != received:
        reason = f"the first byte {first} is not consecutive to the last byte received, {received - 1}"
    elif last < first or len(data) != last - first + 1:
        reason = f"the part holds {len(data)} bytes, not the {last - first + 1} from byte {first} to byte {last}"
    elif len(data) > MAX_PART:
        reason = f"the part holds {len(data)} bytes, more than {MAX_PART}"
    if reason is not None:
        fields: dict[str, object] = {
            "registryId": name.registry_id,
            "repositoryName": name.repository,
            "uploadId": upload_id,
        }
        if received:
            fields["lastValidByteReceived"] = received - 1
        refuse(ecr.INVALID_LAYER_PART, fields, upload=upload_id, reason=reason)
    if len(upload.parts) >= MAX_PARTS:
        refuse(ecr.LAYER_PARTS_LIMIT, upload=upload_id, where=name.where, limit=MAX_PARTS)
    upload.data += data
    upload.parts.append(len(data))
    return last


def complete_upload(store: ImageStore, name: StoreName, upload_id: str, digests: tuple[str, ...]) -> Blob:
    """Make a blob of an upload's bytes (CompleteLayerUpload), when their sha256 is one of ``digests``.

    Refusals: UploadNotFoundException; EmptyUploadException (no bytes; AWS's text, devcontainers/cli#814);
    LayerPartTooSmallException (a part but the last below 5 MiB); InvalidLayerException (the bytes' digest is not
    the one given); LayerAlreadyExistsException (the store has that blob).
    """
    check_length(digests, "layerDigests", 1, 100)
    for digest in digests:
        check_digest(digest, "layerDigests")
    upload = _upload(store, name, upload_id)
    if not upload.data:
        refuse(ecr.EMPTY_UPLOAD, upload=upload_id, where=name.where)
    if any(size < MIN_PART for size in upload.parts[:-1]):
        refuse(ecr.LAYER_PART_TOO_SMALL)
    computed = sha256_digest(upload.data)
    if computed not in digests:
        refuse(ecr.INVALID_LAYER, computed=computed, specified=list(digests))
    if computed in store.blobs:
        refuse(ecr.LAYER_EXISTS, digest=computed, where=name.where)
    blob = Blob(digest=computed, size=len(upload.data))
    del store.uploads[upload_id]
    store.blobs[computed] = blob
    return blob


def put_image(
    env: Env,
    store: ImageStore,
    name: StoreName,
    *,
    manifest: str,
    media_type: str | None,
    tag: str | None,
    digest: str | None,
    immutable: Callable[[str], bool],
) -> ImageRecord:
    """Make (or tag) the image of ``manifest`` (PutImage); returns it. ``immutable(tag)`` says whether the store's
    rules keep ``tag`` where it is (ECR's tag immutability; never, on ECR Public).

    In order: the members' lengths; the digest of the manifest's bytes against ``digest``
    (ImageDigestDoesNotMatchException); the manifest read as :func:`~ecskit.images.manifests.parse_manifest` reads it
    (InvalidParameterException, "Invalid JSON syntax", ECR's one text for every manifest it cannot read: aws/aws-cli
    #8620, aws/aws-sdk#193, containers/image#584); an image's blobs uploaded (LayersNotFoundException), an index's
    images pushed (ReferencedImagesNotFoundException); the tag: an immutable tag already in the store, even on the
    same image, is ImageTagAlreadyExistsException (aws/containers-roadmap#2179), the same image and tag (or no tag)
    again is ImageAlreadyExistsException. A mutable tag moves: the image it named stays, untagged if that was its
    last tag. An archived (or restoring) image pushed again is ACTIVE at once ("Restoring an image", ECR user guide).
    """
    check_length(manifest, "imageManifest", 1, MAX_MANIFEST)
    check_length(tag, "imageTag", 1, 300)
    try:
        computed = sha256_digest(manifest.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate: no bytes to hash, and not JSON either
        _unreadable()
    if digest is not None and digest != computed:
        # AWS's text, as docker clients show it: google/go-containerregistry#1568
        refuse(ecr.IMAGE_DIGEST_MISMATCH, digest=digest, name=name.repository, registry=name.registry_id)
    try:
        parsed = parse_manifest(manifest, media_type)
    except ConversionError:
        _unreadable()
    _check_content(store, name, parsed)
    existing = store.images.get(computed)
    active = existing is not None and existing.status == "ACTIVE"
    if tag is not None:
        current = store.tag_index().get(tag)
        if current is not None and immutable(tag):
            # AWS's text: aws/containers-roadmap#862, moby/buildkit#3776
            refuse(ecr.IMAGE_TAG_EXISTS, tag=tag, name=name.repository)
        if current == computed and active:
            _already(computed, tag, name)
    elif active:
        _already(computed, None, name)
    image = existing or _new_image(env, store, computed, manifest, parsed)
    if existing is None:
        store.add_image(image)
        for blob in parsed.blobs:
            stored = store.blobs[blob.digest]
            stored.media_type = stored.media_type or blob.media_type
    elif not active:
        image.status = "ACTIVE"
        image.last_activated_at = env.clock.now()
    if tag is not None:
        store.put_tag(tag, image)
    return image


def _check_content(store: ImageStore, name: StoreName, parsed: Manifest) -> None:
    if parsed.kind is ManifestKind.INDEX:
        absent = [m.digest for m in parsed.manifests if m.digest not in store.images]
        if absent:
            refuse(ecr.REFERENCED_IMAGES_NOT_FOUND, where=name.where, digests=", ".join(absent))
        return
    missing = [b.digest for b in parsed.blobs if b.digest not in store.blobs]
    if missing:
        # AWS's text: oras-project/oras-py#54
        refuse(ecr.LAYERS_NOT_FOUND, digests=", ".join(missing), name=name.repository, registry=name.registry_id)


def _new_image(env: Env, store: ImageStore, digest: str, manifest: str, parsed: Manifest) -> ImageRecord:
    children = tuple(dict.fromkeys(m.digest for m in parsed.manifests))
    if parsed.kind is ManifestKind.INDEX:
        size = index_size(store.images[child].size for child in children)
    else:
        size = image_size(parsed, {b.digest: store.blobs[b.digest].size for b in parsed.blobs})
    return ImageRecord(
        digest=digest,
        manifest=manifest,
        media_type=parsed.media_type,
        pushed_at=env.clock.now(),
        size=size,
        blobs=tuple(b.digest for b in parsed.blobs),
        children=children,
        artifact_media_type=parsed.artifact_media_type,
        subject=parsed.subject.digest if parsed.subject is not None else None,
    )


def _upload(store: ImageStore, name: StoreName, upload_id: str) -> Upload:
    upload = store.uploads.get(upload_id)
    if upload is None:
        refuse(ecr.UPLOAD_NOT_FOUND, upload=upload_id, where=name.where)
    return upload


def _already(digest: str, tag: str | None, name: StoreName) -> NoReturn:
    # AWS's text: buildkite-plugins/ecr-buildkite-plugin#111, CircleCI-Public/aws-ecr-orb#261 ('null' when no tag:
    # how ECR writes an absent member in its other texts, "imageId {imageDigest:'null', ...}")
    refuse(
        ecr.IMAGE_EXISTS,
        digest=digest,
        tag=tag if tag is not None else "null",
        name=name.repository,
        registry=name.registry_id,
    )


def _unreadable() -> NoReturn:
    invalid("ImageManifest", "Invalid JSON syntax")
