"""ecskit.images, without any backend: manifests read as ECR reads them, digests, sizes, and the test images.

Sources: Docker Image Manifest V2 Schema 2 (https://distribution.github.io/distribution/spec/manifest-v2-2/), the
OCI image manifest and index specifications, ECR's "Container image manifest formats" and ``ImageDetail``'s
``imageSizeInBytes``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecskit.errors import ConversionError, FieldError, UsageError
from ecskit.images import (
    Descriptor,
    ManifestKind,
    Platform,
    TestImage,
    TestIndex,
    image_size,
    index_size,
    is_digest,
    manifest_digest,
    media,
    parse_manifest,
)

D1, D2, D3 = (f"sha256:{c * 64}" for c in "abc")


def docker(config: Any = None, layers: Any = None, **extra: Any) -> str:
    doc = {
        "schemaVersion": 2,
        "mediaType": media.DOCKER_MANIFEST,
        "config": config or {"mediaType": media.DOCKER_CONFIG, "size": 7, "digest": D1},
        "layers": layers if layers is not None else [{"mediaType": media.DOCKER_LAYER, "size": 100, "digest": D2}],
        **extra,
    }
    return json.dumps(doc)


def paths(text: str, media_type: str | None = None) -> list[str]:
    with pytest.raises(ConversionError) as info:
        parse_manifest(text, media_type)
    assert info.value.target == "image manifest"
    return [e.path for e in info.value.errors]


def test_a_docker_image_manifest() -> None:
    manifest = parse_manifest(docker())
    assert manifest.kind is ManifestKind.IMAGE
    assert manifest.media_type == media.DOCKER_MANIFEST
    assert manifest.config == Descriptor(media_type=media.DOCKER_CONFIG, digest=D1, size=7)
    assert [b.digest for b in manifest.blobs] == [D1, D2]
    assert manifest.artifact_media_type == media.DOCKER_CONFIG


def test_an_oci_artifact_with_a_subject() -> None:
    text = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": media.OCI_MANIFEST,
            "artifactType": "application/spdx+json",
            "config": {"mediaType": media.OCI_EMPTY, "size": 2, "digest": D1},
            "layers": [{"mediaType": "application/spdx+json", "size": 10, "digest": D2}],
            "subject": {"mediaType": media.OCI_MANIFEST, "size": 500, "digest": D3},
            "annotations": {"org.opencontainers.image.created": "2024-01-01T00:00:00Z"},
        }
    )
    manifest = parse_manifest(text)
    assert manifest.subject is not None
    assert manifest.subject.digest == D3
    assert manifest.artifact_media_type == "application/spdx+json"
    assert manifest.annotations == {"org.opencontainers.image.created": "2024-01-01T00:00:00Z"}


def test_an_index_names_its_manifests_and_their_platforms() -> None:
    text = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": media.DOCKER_MANIFEST_LIST,
            "manifests": [
                {
                    "mediaType": media.DOCKER_MANIFEST,
                    "size": 500,
                    "digest": D1,
                    "platform": {"architecture": "amd64", "os": "linux"},
                },
                {
                    "mediaType": media.DOCKER_MANIFEST,
                    "size": 501,
                    "digest": D2,
                    "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"},
                },
            ],
        }
    )
    manifest = parse_manifest(text)
    assert manifest.kind is ManifestKind.INDEX
    assert [(m.digest, m.platform) for m in manifest.manifests] == [
        (D1, Platform(architecture="amd64", os="linux")),
        (D2, Platform(architecture="arm64", os="linux", variant="v8")),
    ]
    assert manifest.blobs == ()
    assert manifest.artifact_media_type is None


def test_a_schema_1_manifest_names_its_layers_once_oldest_first() -> None:
    text = json.dumps({"schemaVersion": 1, "fsLayers": [{"blobSum": D2}, {"blobSum": D1}, {"blobSum": D1}]})
    manifest = parse_manifest(text, media.DOCKER_MANIFEST_V1_SIGNED)
    assert [b.digest for b in manifest.blobs] == [D1, D2]
    assert manifest.config is None
    assert manifest.layers[0].size is None
    assert image_size(manifest, {D1: 30, D2: 40}) == 70  # sizes from the registry: Schema 1 declares none


def test_the_media_type_is_the_given_one_or_the_manifests_and_they_must_agree() -> None:
    doc = json.loads(docker())
    del doc["mediaType"]
    assert paths(json.dumps(doc)) == ["mediaType"]
    assert parse_manifest(json.dumps(doc), media.DOCKER_MANIFEST).media_type == media.DOCKER_MANIFEST
    assert paths(docker(), media.OCI_MANIFEST) == ["mediaType"]
    assert paths(json.dumps({"schemaVersion": 2, "mediaType": media.DOCKER_CONFIG})) == ["mediaType"]


def test_every_bad_field_is_named_at_once() -> None:
    text = docker(
        config={"mediaType": 5, "size": -1, "digest": "latest"},
        layers=[{"mediaType": media.DOCKER_LAYER, "digest": D2}, "x"],
        schemaVersion=3,
    )
    assert paths(text) == [
        "schemaVersion",
        "config.mediaType",
        "config.digest",
        "config.size",
        "layers[0].size",
        "layers[1]",
    ]


@pytest.mark.parametrize("text", ["", "{", "[]", "null", "7", '"x"', "[" * 100_000])
def test_what_is_not_a_json_object_is_a_conversion_error(text: str) -> None:
    assert paths(text) == [""]


#: JSON of the shapes manifests have (the keys they use, nested), or any text.
_MANIFEST_KEYS = st.sampled_from(["mediaType", "schemaVersion", "config", "layers", "manifests", "size", "digest"])
_JSONISH = st.recursive(
    st.none() | st.integers() | st.text(max_size=5) | st.sampled_from(sorted(media.MANIFESTS)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_MANIFEST_KEYS, inner, max_size=4),
)


@given(st.text(max_size=200) | _JSONISH.map(json.dumps))
def test_any_text_is_a_manifest_or_a_conversion_error(text: str) -> None:
    # any other exception fails the test; a refusal names at least one field
    assert _errors(text) != ()


def _errors(text: str) -> tuple[FieldError, ...] | None:
    """The fields a refusal of ``text`` names, or None when it is read."""
    try:
        parse_manifest(text)
    except ConversionError as exc:
        return exc.errors
    return None


def test_image_size_counts_each_distinct_layer_not_the_config_nor_foreign_layers() -> None:
    layers = [
        {"mediaType": media.DOCKER_LAYER, "size": 100, "digest": D2},
        {"mediaType": media.DOCKER_LAYER, "size": 100, "digest": D2},
        {"mediaType": media.DOCKER_FOREIGN_LAYER, "size": 9999, "digest": D3},
    ]
    manifest = parse_manifest(docker(layers=layers))
    assert image_size(manifest) == 100
    assert [b.digest for b in manifest.blobs] == [D1, D2]  # foreign layers are never pushed
    assert image_size(manifest, {D2: 90}) == 90  # what the registry stored wins
    assert index_size([10, 30, 20]) == 30
    assert index_size([]) == 0


def test_digests() -> None:
    assert manifest_digest("{}") == "sha256:" + hashlib.sha256(b"{}").hexdigest()
    assert manifest_digest("é") == "sha256:" + hashlib.sha256("é".encode()).hexdigest()
    assert is_digest(D1)
    assert is_digest("sha512:ab")
    assert not is_digest("sha256:")
    assert not is_digest("v1.0")


def test_test_images_are_deterministic_and_distinct() -> None:
    image = TestImage(layer_sizes=(10, 20), seed="web")
    assert image == TestImage(layer_sizes=(10, 20), seed="web")
    assert image.manifest == TestImage(layer_sizes=(10, 20), seed="web").manifest
    assert image.digest != TestImage(layer_sizes=(10, 20), seed="api").digest
    assert [len(layer.data) for layer in image.layers] == [10, 20]
    parsed = parse_manifest(image.manifest)
    assert [b.digest for b in parsed.blobs] == [b.digest for b in image.blobs]
    assert image_size(parsed) == image.size == 30
    assert json.loads(image.config.data)["architecture"] == "amd64"
    assert image.manifest.startswith('{\n   "schemaVersion": 2')  # docker writes three-space indents


def test_a_test_index_is_a_list_of_docker_images_or_an_oci_index_of_oci_ones() -> None:
    docker_images = (TestImage(seed="a"), TestImage(seed="b", architecture="arm64"))
    assert TestIndex(images=docker_images).media_type == media.DOCKER_MANIFEST_LIST
    oci = tuple(TestImage(seed=s, media_type=media.OCI_MANIFEST) for s in "ab")
    index = TestIndex(images=oci)
    assert index.media_type == media.OCI_INDEX
    parsed = parse_manifest(index.manifest)
    assert [m.digest for m in parsed.manifests] == [i.digest for i in oci]
    assert {b.digest for b in index.blobs} == {b.digest for i in oci for b in i.blobs}


def test_a_referrer_names_its_subject() -> None:
    image = TestImage()
    signature = image.referrer("application/vnd.dev.cosign.artifact.sig.v1+json")
    parsed = parse_manifest(signature.manifest)
    assert parsed.subject is not None
    assert parsed.subject.digest == image.digest
    assert parsed.artifact_type == "application/vnd.dev.cosign.artifact.sig.v1+json"


@pytest.mark.parametrize(
    "members",
    [
        {"media_type": media.DOCKER_MANIFEST_LIST},
        {"layer_sizes": (-1,)},
        {"artifact_type": "application/x"},  # a Docker manifest has no artifactType
    ],
)
def test_a_test_image_that_cannot_be_is_refused(members: dict[str, Any]) -> None:
    with pytest.raises(UsageError, match=r"(image|layer|OCI)"):
        TestImage(**members)
