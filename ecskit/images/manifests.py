"""Image manifests read as ECR reads them: what a manifest is (one platform's image, or an index of images), the
blobs a push must have uploaded before it, the manifests an index names, the image an OCI referrer refers to
(``subject``), its artifact type, and the size ECR shows for the image.

>>> text = '''{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
...  "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7,
...             "digest": "sha256:aaaa"},
...  "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 1000,
...              "digest": "sha256:bbbb"}]}'''
>>> manifest = parse_manifest(text)
>>> manifest.kind, [b.digest for b in manifest.blobs], image_size(manifest)
(<ManifestKind.IMAGE: 'image'>, ['sha256:aaaa', 'sha256:bbbb'], 1000)

Sources: the Docker Image Manifest V2 Schema 2 specification
(https://distribution.github.io/distribution/spec/manifest-v2-2/), the OCI image manifest and index specifications
(https://github.com/opencontainers/image-spec/blob/main/manifest.md, ``image-index.md``), and ECR's "Container image
manifest formats" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-manifest-formats.html). Text that
is not such a manifest is refused with :class:`~ecskit.errors.ConversionError`, naming each bad field.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ecskit.errors import ConversionError, FieldError
from ecskit.images import media
from ecskit.images.digests import is_digest

__all__ = ["Descriptor", "Manifest", "ManifestKind", "Platform", "image_size", "index_size", "parse_manifest"]

#: What :class:`~ecskit.errors.ConversionError` names as the document read.
TARGET = "image manifest"


class ManifestKind(enum.StrEnum):
    """What a manifest describes."""

    #: One platform's image (or an artifact): a config and layers.
    IMAGE = "image"
    #: A multi-architecture image: a list of image manifests (Docker manifest list, OCI image index).
    INDEX = "index"


@attrs.frozen(kw_only=True)
class Platform:
    """The platform an image of an index runs on."""

    architecture: str
    os: str
    variant: str | None = None
    os_version: str | None = None

    def to_json(self) -> dict[str, str]:
        """The ``platform`` object of an index entry."""
        found = {"architecture": self.architecture, "os": self.os}
        if self.os_version is not None:
            found["os.version"] = self.os_version
        if self.variant is not None:
            found["variant"] = self.variant
        return found


@attrs.frozen(kw_only=True)
class Descriptor:
    """A reference to content by digest: a config, a layer, a manifest of an index, a subject."""

    media_type: str
    digest: str
    #: bytes; None where the manifest does not say (Docker Schema 1 layers)
    size: int | None
    platform: Platform | None = None
    artifact_type: str | None = None
    annotations: Mapping[str, str] | None = attrs.field(default=None, eq=False)

    def to_json(self) -> dict[str, Any]:
        """The descriptor as a manifest writes it."""
        found: dict[str, Any] = {"mediaType": self.media_type, "digest": self.digest}
        if self.size is not None:
            found["size"] = self.size
        if self.platform is not None:
            found["platform"] = self.platform.to_json()
        if self.artifact_type is not None:
            found["artifactType"] = self.artifact_type
        if self.annotations:
            found["annotations"] = dict(self.annotations)
        return found


@attrs.frozen(kw_only=True)
class Manifest:
    """What ECR needs of a manifest."""

    #: the manifest's media type (its ``mediaType``, or the one it was read as)
    media_type: str
    schema_version: int
    #: an image's config (None for an index, and for Docker Schema 1)
    config: Descriptor | None = None
    #: an image's layers, in order
    layers: tuple[Descriptor, ...] = ()
    #: an index's manifests, in order
    manifests: tuple[Descriptor, ...] = ()
    #: the manifest this one refers to (an OCI referrer: a signature, an SBOM, an attestation)
    subject: Descriptor | None = None
    #: the OCI ``artifactType``
    artifact_type: str | None = None
    annotations: Mapping[str, str] | None = attrs.field(default=None, eq=False)

    @property
    def kind(self) -> ManifestKind:
        """An image or an index."""
        return ManifestKind.INDEX if self.media_type in media.INDEXES else ManifestKind.IMAGE

    @property
    def blobs(self) -> tuple[Descriptor, ...]:
        """The blobs a push uploads before the manifest: the config, then each layer once, in order; foreign
        (non-distributable) layers are left out, since clients never push them."""
        seen: set[str] = set()
        found: list[Descriptor] = []
        for blob in (self.config, *self.layers):
            if blob is None or blob.digest in seen or blob.media_type in media.FOREIGN_LAYERS:
                continue
            seen.add(blob.digest)
            found.append(blob)
        return tuple(found)

    @property
    def artifact_media_type(self) -> str | None:
        """What ECR shows as ``artifactMediaType``: the ``artifactType``, else the config's media type (None for an
        index and for Schema 1)."""
        if self.artifact_type is not None:
            return self.artifact_type
        return self.config.media_type if self.config is not None else None


def image_size(manifest: Manifest, blob_sizes: Mapping[str, int] | None = None) -> int:
    """``imageSizeInBytes`` of one platform's image, as ECR counts it: the sum of its layers' (compressed) sizes,
    each distinct layer once; the config is not counted, nor are foreign layers (ECR does not store them).

    ``blob_sizes`` (digest -> bytes, what the registry stored) wins over the sizes the manifest declares (Schema 1
    declares none). ECR's DescribeImages reference says the size is of the compressed layers, as pushed ("the Docker
    client compresses image layers before pushing them"), not what ``docker images`` shows. For an index, see
    :func:`index_size`.
    """
    sizes = blob_sizes or {}
    seen: set[str] = set()
    total = 0
    for layer in manifest.layers:
        if layer.digest in seen or layer.media_type in media.FOREIGN_LAYERS:
            continue
        seen.add(layer.digest)
        total += sizes.get(layer.digest, layer.size or 0)
    return total


def index_size(child_sizes: Iterable[int]) -> int:
    """``imageSizeInBytes`` of a manifest list or image index: "the max size of all manifests in the list"
    (ECR API reference, ``ImageDetail``); 0 for an empty one."""
    return max(child_sizes, default=0)


def parse_manifest(text: str, media_type: str | None = None) -> Manifest:
    """Read a manifest as ECR's PutImage does; ``media_type`` is PutImage's ``imageManifestMediaType``.

    The media type is ``media_type`` or the manifest's own ``mediaType`` (ECR: "If you push an image manifest that
    does not contain the mediaType field, you must specify the imageManifestMediaType"); when both are given they
    must agree. It must be one ECR stores (:data:`~ecskit.images.media.MANIFESTS`). Raises
    :class:`~ecskit.errors.ConversionError` naming every bad field: text that is not JSON, not an object, of an
    unknown media type, without the members its kind requires, with a bad digest or size.
    """
    errors: list[FieldError] = []
    try:
        text.encode("utf-8")  # a manifest is UTF-8 bytes: a lone surrogate has none
        doc = json.loads(text)
    except (ValueError, TypeError) as exc:  # json's and the codec's errors are ValueErrors; a non-str a TypeError
        raise ConversionError(TARGET, [FieldError(path="", code="not-json", message=f"not JSON: {exc}")]) from None
    except RecursionError:
        raise ConversionError(TARGET, [FieldError(path="", code="not-json", message="nested too deeply")]) from None
    if not isinstance(doc, dict):
        raise ConversionError(TARGET, [_wrong("", "a JSON object", doc)])
    declared = _string(doc, "mediaType", "", errors, required=False)
    kind = _media_type(declared, media_type, errors)
    version = doc.get("schemaVersion")
    wanted_version = 1 if kind in media.V1_MANIFESTS else 2
    if version is None:
        errors.append(_missing("schemaVersion"))
    elif not _is_int(version) or version != wanted_version:
        errors.append(FieldError(path="schemaVersion", code="bad-value", message=f"expected {wanted_version}"))
    if kind is None:
        raise ConversionError(TARGET, errors)
    if kind in media.V1_MANIFESTS:
        manifest = _v1(doc, kind, errors)
    elif kind in media.INDEXES:
        manifest = _index(doc, kind, errors)
    else:
        manifest = _image(doc, kind, errors)
    if errors:
        raise ConversionError(TARGET, errors)
    return manifest


def _media_type(declared: str | None, given: str | None, errors: list[FieldError]) -> str | None:
    if declared is not None and given is not None and declared != given:
        errors.append(
            FieldError(
                path="mediaType",
                code="bad-value",
                message=f"the manifest says {declared!r} but it was pushed as {given!r}",
            )
        )
        return None
    found = given if given is not None else declared
    if found is None:
        errors.append(_missing("mediaType", hint="or give the manifest's media type with it"))
        return None
    if found not in media.MANIFESTS:
        errors.append(
            FieldError(
                path="mediaType",
                code="bad-value",
                message=f"{found!r} is not a manifest media type ECR stores",
                hint="one of " + ", ".join(sorted(media.MANIFESTS)),
            )
        )
        return None
    return found


def _image(doc: dict[str, Any], kind: str, errors: list[FieldError]) -> Manifest:
    config = _descriptor(doc.get("config"), "config", errors) if "config" in doc else None
    if "config" not in doc:
        errors.append(_missing("config"))
    layers = _descriptors(doc, "layers", errors)
    return Manifest(
        media_type=kind,
        schema_version=2,
        config=config,
        layers=layers,
        subject=_descriptor(doc["subject"], "subject", errors) if "subject" in doc else None,
        artifact_type=_string(doc, "artifactType", "", errors, required=False),
        annotations=_annotations(doc.get("annotations"), "annotations", errors),
    )


def _index(doc: dict[str, Any], kind: str, errors: list[FieldError]) -> Manifest:
    return Manifest(
        media_type=kind,
        schema_version=2,
        manifests=_descriptors(doc, "manifests", errors),
        subject=_descriptor(doc["subject"], "subject", errors) if "subject" in doc else None,
        artifact_type=_string(doc, "artifactType", "", errors, required=False),
        annotations=_annotations(doc.get("annotations"), "annotations", errors),
    )


def _v1(doc: dict[str, Any], kind: str, errors: list[FieldError]) -> Manifest:
    layers: list[Descriptor] = []
    entries = doc.get("fsLayers")
    if not isinstance(entries, list):
        errors.append(_missing("fsLayers") if entries is None else _wrong("fsLayers", "a list", entries))
        entries = []
    # Schema 1 lists layers newest first, the empty layer many times; a push uploads each once.
    for i, entry in enumerate(entries):
        path = f"fsLayers[{i}]"
        if not isinstance(entry, dict):
            errors.append(_wrong(path, "an object", entry))
            continue
        digest = _string(entry, "blobSum", path, errors, required=True)
        if digest is not None and _digest_ok(digest, f"{path}.blobSum", errors):
            layers.append(Descriptor(media_type=media.DOCKER_LAYER, digest=digest, size=None))
    return Manifest(media_type=kind, schema_version=1, layers=tuple(reversed(layers)))


def _descriptors(doc: dict[str, Any], key: str, errors: list[FieldError]) -> tuple[Descriptor, ...]:
    value = doc.get(key)
    if value is None:
        errors.append(_missing(key))
        return ()
    if not isinstance(value, list):
        errors.append(_wrong(key, "a list", value))
        return ()
    found = (_descriptor(item, f"{key}[{i}]", errors) for i, item in enumerate(value))
    return tuple(d for d in found if d is not None)


def _descriptor(value: object, path: str, errors: list[FieldError]) -> Descriptor | None:
    if not isinstance(value, dict):
        errors.append(_wrong(path, "an object", value))
        return None
    count = len(errors)
    media_type = _string(value, "mediaType", path, errors, required=True)
    digest = _string(value, "digest", path, errors, required=True)
    if digest is not None:
        _digest_ok(digest, _join(path, "digest"), errors)
    size = value.get("size")
    if size is None:
        errors.append(_missing(_join(path, "size")))
    elif not _is_int(size) or size < 0:
        errors.append(_wrong(_join(path, "size"), "a whole number of bytes", size))
    platform = _platform(value["platform"], _join(path, "platform"), errors) if "platform" in value else None
    artifact_type = _string(value, "artifactType", path, errors, required=False)
    annotations = _annotations(value.get("annotations"), _join(path, "annotations"), errors)
    if len(errors) > count or media_type is None or digest is None or not _is_int(size):
        return None
    return Descriptor(
        media_type=media_type,
        digest=digest,
        size=size,
        platform=platform,
        artifact_type=artifact_type,
        annotations=annotations,
    )


def _platform(value: object, path: str, errors: list[FieldError]) -> Platform | None:
    if not isinstance(value, dict):
        errors.append(_wrong(path, "an object", value))
        return None
    architecture = _string(value, "architecture", path, errors, required=True)
    os = _string(value, "os", path, errors, required=True)
    variant = _string(value, "variant", path, errors, required=False)
    os_version = _string(value, "os.version", path, errors, required=False)
    if architecture is None or os is None:
        return None
    return Platform(architecture=architecture, os=os, variant=variant, os_version=os_version)


def _annotations(value: object, path: str, errors: list[FieldError]) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        errors.append(_wrong(path, "an object of strings", value))
        return None
    return {str(k): v for k, v in value.items()}


def _string(doc: dict[str, Any], key: str, path: str, errors: list[FieldError], *, required: bool) -> str | None:
    value = doc.get(key)
    if value is None:
        if required:
            errors.append(_missing(_join(path, key)))
        return None
    if not isinstance(value, str):
        errors.append(_wrong(_join(path, key), "a string", value))
        return None
    return value


def _digest_ok(digest: str, path: str, errors: list[FieldError]) -> bool:
    if is_digest(digest):
        return True
    errors.append(
        FieldError(path=path, code="bad-value", message=f"{digest!r} is not a digest", hint="sha256:<64 hex digits>")
    )
    return False


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _missing(path: str, hint: str | None = None) -> FieldError:
    return FieldError(path=path, code="missing-key", message="required", hint=hint)


def _wrong(path: str, expected: str, value: object) -> FieldError:
    return FieldError(path=path, code="wrong-type", message=f"expected {expected}, got {type(value).__name__}")
