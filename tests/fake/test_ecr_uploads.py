"""The fake's ECR, docker's push of blobs: BatchCheckLayerAvailability, InitiateLayerUpload, UploadLayerPart,
CompleteLayerUpload and GetDownloadUrlForLayer, with ECR's refusals (one test each, ECR's code; the source of each
text is named in the engine, ecskit/backends/fake/engine/ecr_push.py), through the typed API and boto3.

ECR API reference, each operation's "Errors"; "Amazon ECR service quotas" for the part sizes.
"""

from __future__ import annotations

import hashlib
import itertools
import random
from typing import Any

import botocore.exceptions
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecskit.backends.fake import FakeBackend
from ecskit.errors import BackendError
from ecskit.images import TestImage, push_image, sha256_digest
from ecskit.models.ecr import (
    BatchCheckLayerAvailabilityRequest,
    CompleteLayerUploadRequest,
    GetDownloadUrlForLayerRequest,
    ImageIdentifier,
    LayerAvailability,
    LayerFailureCode,
    TargetStorageClass,
    UpdateImageStorageClassRequest,
)
from tests.support.ecr import complete, repository, send_part, start_upload, upload

MIB = 1024 * 1024


@pytest.fixture
def fake() -> FakeBackend:
    backend = FakeBackend()
    repository(backend, "web")
    return backend


def refused(fake: FakeBackend, code: str, call: Any, *args: Any) -> BackendError:
    """``call(*args)`` is refused with ``code`` and changes nothing."""
    before = fake.save()
    with pytest.raises(BackendError) as info:
        call(*args)
    assert info.value.code == code, info.value
    assert fake.save() == before
    return info.value


def test_a_blob_uploaded_in_parts_is_available_with_its_size() -> None:
    fake = FakeBackend()
    repository(fake)
    data = random.Random(1).randbytes(11 * MIB)
    digest = sha256_digest(data)
    upload_id = start_upload(fake)
    assert send_part(fake, upload_id, 0, data[: 5 * MIB]) == 5 * MIB - 1
    assert send_part(fake, upload_id, 5 * MIB, data[5 * MIB : 10 * MIB]) == 10 * MIB - 1
    send_part(fake, upload_id, 10 * MIB, data[10 * MIB :])  # the last part may be small
    assert complete(fake, upload_id, digest).layer_digest == digest
    checked = fake.ecr.batch_check_layer_availability(
        BatchCheckLayerAvailabilityRequest(repository_name="web", layer_digests=(digest, sha256_digest(b"other")))
    )
    layers = checked.layers or ()
    assert [(x.layer_digest, x.layer_availability, x.layer_size) for x in layers] == [
        (digest, LayerAvailability.AVAILABLE, 11 * MIB),
        (sha256_digest(b"other"), LayerAvailability.UNAVAILABLE, None),
    ]
    assert checked.failures == ()


def test_initiate_advises_ecr_part_size_and_ids_are_uuids(fake: FakeBackend) -> None:
    client = fake.client("ecr")
    started = client.initiate_layer_upload(repositoryName="web")
    assert started["partSize"] == 10 * MIB  # "Maximum layer part size: 10 MiB" (service quotas)
    assert len(started["uploadId"].split("-")) == 5


def test_check_availability_reports_malformed_and_missing_digests(fake: FakeBackend) -> None:
    checked = fake.ecr.batch_check_layer_availability(
        BatchCheckLayerAvailabilityRequest(repository_name="web", layer_digests=("", "not-a-digest"))
    )
    assert checked.layers == ()
    assert [(f.layer_digest, f.failure_code) for f in checked.failures or ()] == [
        ("", LayerFailureCode.MISSING_LAYER_DIGEST),
        ("not-a-digest", LayerFailureCode.INVALID_LAYER_DIGEST),
    ]


def test_a_part_out_of_order_is_invalid_layer_part_with_ecr_members(fake: FakeBackend) -> None:
    upload_id = start_upload(fake)
    send_part(fake, upload_id, 0, b"abcd")
    error = refused(fake, "InvalidLayerPartException", send_part, fake, upload_id, 10, b"xy")
    assert error.fields == {
        "registryId": "123456789012",
        "repositoryName": "web",
        "uploadId": upload_id,
        "lastValidByteReceived": 3,
    }
    # the same refusal through boto3: ECR's members beside the error, as botocore parses them
    client = fake.client("ecr")
    with pytest.raises(botocore.exceptions.ClientError) as info:
        client.upload_layer_part(
            repositoryName="web", uploadId=upload_id, partFirstByte=2, partLastByte=3, layerPartBlob=b"cd"
        )
    response: dict[str, Any] = dict(info.value.response)
    assert response["Error"]["Code"] == "InvalidLayerPartException"
    assert response["lastValidByteReceived"] == 3
    assert response["uploadId"] == upload_id


def test_a_first_part_must_start_at_byte_0(fake: FakeBackend) -> None:
    upload_id = start_upload(fake)
    error = refused(fake, "InvalidLayerPartException", send_part, fake, upload_id, 1, b"x")
    assert "lastValidByteReceived" not in error.fields  # nothing was received
    assert "byte 0" in error.message


def test_a_part_whose_range_is_not_its_size_is_invalid(fake: FakeBackend) -> None:
    upload_id = start_upload(fake)
    client = fake.client("ecr")
    with pytest.raises(botocore.exceptions.ClientError) as info:
        client.upload_layer_part(
            repositoryName="web", uploadId=upload_id, partFirstByte=0, partLastByte=9, layerPartBlob=b"short"
        )
    assert info.value.response["Error"]["Code"] == "InvalidLayerPartException"


def test_an_unknown_upload_is_upload_not_found(fake: FakeBackend) -> None:
    unknown = "00000000-0000-0000-0000-000000000000"
    refused(fake, "UploadNotFoundException", send_part, fake, unknown, 0, b"x")
    refused(fake, "UploadNotFoundException", complete, fake, unknown, sha256_digest(b"x"))
    # an upload of another repository is not this one's
    repository(fake, "api")
    other = start_upload(fake, "api")
    refused(fake, "UploadNotFoundException", send_part, fake, other, 0, b"x")


def test_completing_an_upload_of_no_bytes_is_empty_upload(fake: FakeBackend) -> None:
    upload_id = start_upload(fake)
    error = refused(fake, "EmptyUploadException", complete, fake, upload_id, sha256_digest(b""))
    # AWS's text (devcontainers/cli#814)
    assert error.message == (
        f"The upload with id '{upload_id}' in the repository with name 'web' in registry with id '123456789012' "
        "cannot be completed because it does not have any parts"
    )


def test_a_part_below_5_mib_but_the_last_is_too_small(fake: FakeBackend) -> None:
    upload_id = start_upload(fake)
    send_part(fake, upload_id, 0, b"a" * 100)
    send_part(fake, upload_id, 100, b"b" * 100)
    error = refused(
        fake, "LayerPartTooSmallException", complete, fake, upload_id, sha256_digest(b"a" * 100 + b"b" * 100)
    )
    assert error.message == "Layer parts must be at least 5 MiB in size."


def test_bytes_whose_digest_is_not_the_one_given_are_an_invalid_layer(fake: FakeBackend) -> None:
    upload_id = start_upload(fake)
    send_part(fake, upload_id, 0, b"layer")
    error = refused(fake, "InvalidLayerException", complete, fake, upload_id, sha256_digest(b"another"))
    assert sha256_digest(b"layer") in error.message


def test_a_malformed_digest_is_an_invalid_parameter(fake: FakeBackend) -> None:
    upload_id = start_upload(fake)
    send_part(fake, upload_id, 0, b"layer")
    error = refused(fake, "InvalidParameterException", complete, fake, upload_id, "sha256:not-hex")
    assert error.message.startswith("Invalid parameter at 'layerDigests' failed to satisfy constraint:")
    request = CompleteLayerUploadRequest(repository_name="web", upload_id=upload_id, layer_digests=())
    refused(fake, "InvalidParameterException", fake.ecr.complete_layer_upload, request)


def test_a_blob_the_repository_has_is_layer_already_exists(fake: FakeBackend) -> None:
    upload(fake, b"layer", sha256_digest(b"layer"))
    upload_id = start_upload(fake)
    send_part(fake, upload_id, 0, b"layer")
    refused(fake, "LayerAlreadyExistsException", complete, fake, upload_id, sha256_digest(b"layer"))


def test_a_completed_upload_is_gone(fake: FakeBackend) -> None:
    upload_id = start_upload(fake)
    send_part(fake, upload_id, 0, b"layer")
    complete(fake, upload_id, sha256_digest(b"layer"))
    assert fake.records().ecr.repositories["web"].store.uploads == {}
    refused(fake, "UploadNotFoundException", send_part, fake, upload_id, 5, b"more")


def test_download_urls_are_for_layers_of_pullable_images(fake: FakeBackend) -> None:
    image = TestImage(layer_sizes=(100,))
    push_image(fake, image, repository="web", tag="v1")
    layer = image.layers[0].digest
    url = fake.ecr.get_download_url_for_layer(GetDownloadUrlForLayerRequest(repository_name="web", layer_digest=layer))
    assert url.layer_digest == layer
    assert (url.download_url or "").startswith("https://")
    unknown = sha256_digest(b"never pushed")
    error = refused(
        fake,
        "LayersNotFoundException",
        fake.ecr.get_download_url_for_layer,
        GetDownloadUrlForLayerRequest(repository_name="web", layer_digest=unknown),
    )
    # AWS's text (monken/aws-ecr-public#11)
    assert f"The layer with digest '{unknown}' does not exist within the repository with name 'web'" in error.message
    # uploaded, but no image names it: "You can only get URLs for image layers that are referenced in an image"
    upload(fake, b"loose", sha256_digest(b"loose"))
    refused(
        fake,
        "LayerInaccessibleException",
        fake.ecr.get_download_url_for_layer,
        GetDownloadUrlForLayerRequest(repository_name="web", layer_digest=sha256_digest(b"loose")),
    )
    # named only by an archived image, which cannot be pulled
    fake.ecr.update_image_storage_class(
        UpdateImageStorageClassRequest(
            repository_name="web",
            image_id=ImageIdentifier(image_tag="v1"),
            target_storage_class=TargetStorageClass.ARCHIVE,
        )
    )
    refused(
        fake,
        "LayerInaccessibleException",
        fake.ecr.get_download_url_for_layer,
        GetDownloadUrlForLayerRequest(repository_name="web", layer_digest=layer),
    )


# -- parts in any order and size ---------------------------------------------------------------------------------------

_DATA = random.Random(7).randbytes(12 * MIB)


@settings(max_examples=20, deadline=None)
@given(
    size=st.integers(min_value=0, max_value=12 * MIB),
    cuts=st.lists(st.integers(min_value=1, max_value=12 * MIB - 1), max_size=4),
    order=st.randoms(use_true_random=False),
    claim_wrong=st.booleans(),
)
def test_parts_in_any_order_and_size_reassemble_or_are_refused(
    size: int, cuts: list[int], order: random.Random, claim_wrong: bool
) -> None:
    """Whatever parts arrive in whatever order, each call answers or is refused with ECR's code, never a crash;
    the blob exists exactly when the parts arrived in byte order, each but the last of 5 MiB at least, and the
    digest given is the bytes'."""
    fake = FakeBackend()
    repository(fake)
    data = _DATA[:size]
    bounds = sorted({0, size, *(c for c in cuts if c < size)})
    parts = [(a, data[a:b]) for a, b in itertools.pairwise(bounds)]
    sent = parts[:]
    order.shuffle(sent)
    upload_id = start_upload(fake)
    accepted: list[int] = []
    for first, part in sent:
        if first == sum(len(p) for f, p in parts if f in accepted):
            send_part(fake, upload_id, first, part)
            accepted.append(first)
        else:
            with pytest.raises(BackendError) as info:
                send_part(fake, upload_id, first, part)
            assert info.value.code == "InvalidLayerPartException"
    received = b"".join(part for first, part in sorted(parts) if first in accepted)
    in_order = [first for first, _ in parts][: len(accepted)] == accepted
    assert in_order  # only the byte-ordered prefix of the parts is ever accepted
    digest = hashlib.sha256(b"wrong" if claim_wrong else received).hexdigest()
    store = fake.records().ecr.repositories["web"].store
    sizes = [len(p) for f, p in sorted(parts) if f in accepted]
    expected = (
        "EmptyUploadException"
        if not received
        else "LayerPartTooSmallException"
        if any(s < 5 * MIB for s in sizes[:-1])
        else "InvalidLayerException"
        if claim_wrong
        else None
    )
    if expected is not None:
        with pytest.raises(BackendError) as refusal:
            complete(fake, upload_id, f"sha256:{digest}")
        assert refusal.value.code == expected
        assert not store.blobs
        return
    complete(fake, upload_id, f"sha256:{digest}")
    assert received
    assert not claim_wrong
    assert all(s >= 5 * MIB for s in sizes[:-1])
    assert store.blobs[f"sha256:{digest}"].size == len(received)


def test_an_upload_has_at_most_4200_parts(fake: FakeBackend) -> None:
    # "Layer parts: 4,200" (Amazon ECR service quotas); UploadLayerPart's LimitExceededException
    upload_id = start_upload(fake)
    for n in range(4200):
        send_part(fake, upload_id, n, b"x")
    refused(fake, "LimitExceededException", send_part, fake, upload_id, 4200, b"x")


def test_an_upload_under_way_survives_a_snapshot(fake: FakeBackend) -> None:
    data = random.Random(3).randbytes(6 * MIB)
    upload_id = start_upload(fake)
    send_part(fake, upload_id, 0, data[: 5 * MIB])
    text = fake.save()
    again = FakeBackend.restore(text)
    assert again.save() == text
    send_part(again, upload_id, 5 * MIB, data[5 * MIB :])
    assert complete(again, upload_id, sha256_digest(data)).layer_digest == sha256_digest(data)
