"""The fake's ECR, images: PutImage (and docker's whole push through ``push_image``), BatchGetImage,
BatchDeleteImage, ListImages, DescribeImages, UpdateImageStorageClass and ListImageReferrers, with ECR's refusals and
failure codes, through the typed API and through boto3 (Boto3Backend over ``fake.client("ecr")``).

Sources: the ECR API reference of each operation; the ECR user guide's "Image tag mutability", "Container image
manifest formats", "Archiving an image"; AWS's texts as public reports quote them (named at each test).
"""

from __future__ import annotations

import json
from typing import Any

import botocore.exceptions
import pytest

from ecskit.backends.boto3 import Boto3Backend
from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.engine.ecr_images import pull
from ecskit.errors import BackendError
from ecskit.images import Platform, TestImage, TestIndex, media, pull_image, push_image, sha256_digest
from ecskit.models import replace
from ecskit.models.ecr import (
    BatchCheckLayerAvailabilityRequest,
    BatchDeleteImageRequest,
    BatchGetImageRequest,
    DescribeImagesFilter,
    DescribeImageSigningStatusRequest,
    DescribeImagesRequest,
    ImageFailureCode,
    ImageIdentifier,
    ImageStatus,
    ImageStatusFilter,
    ImageTagMutability,
    InitiateLayerUploadRequest,
    LayerAvailability,
    ListImageReferrersFilter,
    ListImageReferrersRequest,
    ListImagesFilter,
    ListImagesRequest,
    PutImageRequest,
    PutSigningConfigurationRequest,
    SigningConfiguration,
    SigningRepositoryFilter,
    SigningRepositoryFilterType,
    SigningRule,
    SubjectIdentifier,
    TagStatus,
    TargetStorageClass,
    UpdateImageStorageClassRequest,
)
from tests.support.ecr import repository, upload

ACCOUNT = "123456789012"


@pytest.fixture
def fake() -> FakeBackend:
    backend = FakeBackend()
    repository(backend, "web")
    return backend


def refused(fake: FakeBackend, code: str, request: Any) -> BackendError:
    """``request`` is refused with ``code`` and changes nothing."""
    before = fake.save()
    with pytest.raises(BackendError) as info:
        fake.send(request)
    assert info.value.code == code, info.value
    assert fake.save() == before
    return info.value


def put(manifest: str, tag: str | None = None, **members: Any) -> PutImageRequest:
    return PutImageRequest(repository_name="web", image_manifest=manifest, image_tag=tag, **members)


def tags_of(fake: FakeBackend, repo: str = "web") -> dict[str, tuple[str, ...]]:
    """digest -> tags, of every image (any status)."""
    details = fake.ecr.describe_images(
        DescribeImagesRequest(repository_name=repo, filter=DescribeImagesFilter(image_status=ImageStatusFilter.ANY))
    ).image_details
    return {d.image_digest or "": d.image_tags or () for d in details or ()}


def upload_blobs(fake: FakeBackend, image: TestImage, repo: str = "web") -> None:
    for blob in image.blobs:
        upload(fake, blob.data, blob.digest, repo)


# -- the push ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("through", ["typed", "boto3"])
def test_docker_push_makes_an_image_ecr_describes(through: str) -> None:
    fake = FakeBackend()
    repository(fake)
    backend = fake if through == "typed" else Boto3Backend(fake.client("ecr"))
    image = TestImage(layer_sizes=(1000, 2500))
    pushed = push_image(backend, image, repository="web", tag="v1")
    assert pushed.digest == image.digest == sha256_digest(image.manifest.encode())
    assert pushed.uploaded == tuple(b.digest for b in image.blobs)
    assert pushed.skipped == ()
    assert pushed.image.image_id == ImageIdentifier(image_digest=image.digest, image_tag="v1")
    (detail,) = fake.ecr.describe_images(DescribeImagesRequest(repository_name="web")).image_details or ()
    assert detail.image_digest == image.digest
    assert detail.image_tags == ("v1",)
    assert detail.image_size_in_bytes == 3500  # the layers, compressed; not the config
    assert detail.image_manifest_media_type == media.DOCKER_MANIFEST
    assert detail.artifact_media_type == media.DOCKER_CONFIG
    assert detail.image_status == ImageStatus.ACTIVE
    assert detail.image_pushed_at == fake.clock.now()
    assert detail.last_recorded_pull_time is None
    checked = fake.ecr.batch_check_layer_availability(
        BatchCheckLayerAvailabilityRequest(repository_name="web", layer_digests=tuple(b.digest for b in image.blobs))
    )
    assert [(x.layer_availability, x.layer_size, x.media_type) for x in checked.layers or ()] == [
        (LayerAvailability.AVAILABLE, image.config.size, media.DOCKER_CONFIG),
        (LayerAvailability.AVAILABLE, 1000, media.DOCKER_LAYER),
        (LayerAvailability.AVAILABLE, 2500, media.DOCKER_LAYER),
    ]


def test_a_second_push_skips_the_blobs_ecr_has(fake: FakeBackend) -> None:
    first = TestImage(layer_sizes=(1000, 2000), seed="base")
    second = TestImage(layer_sizes=(1000, 3000), seed="base")  # same first layer
    push_image(fake, first, repository="web", tag="v1")
    pushed = push_image(fake, second, repository="web", tag="v2")
    assert pushed.skipped == (first.layers[0].digest,)
    assert second.layers[1].digest in pushed.uploaded


def test_the_manifest_comes_back_byte_for_byte(fake: FakeBackend) -> None:
    image = TestImage(layer_sizes=(10,))
    upload_blobs(fake, image)
    # the same manifest, written otherwise: another image (its digest is of these bytes)
    text = json.dumps(json.loads(image.manifest), separators=(",", ":"), sort_keys=True) + "\n"
    answer = fake.ecr.put_image(put(text, "compact")).image
    assert answer is not None
    assert answer.image_id is not None
    assert answer.image_id.image_digest == sha256_digest(text.encode()) != image.digest
    got = fake.ecr.batch_get_image(
        BatchGetImageRequest(repository_name="web", image_ids=(ImageIdentifier(image_tag="compact"),))
    )
    (pulled,) = got.images or ()
    assert pulled.image_manifest == text
    assert pulled.image_manifest_media_type == media.DOCKER_MANIFEST
    client = fake.client("ecr")
    wire = client.batch_get_image(repositoryName="web", imageIds=[{"imageTag": "compact"}])
    assert wire["images"][0]["imageManifest"] == text


def test_a_manifest_without_media_type_takes_the_one_given() -> None:
    # a Helm chart's OCI manifest has no mediaType: pushed with imageManifestMediaType it is stored (aws/aws-sdk#193)
    fake = FakeBackend()
    repository(fake)
    image = TestImage(layer_sizes=(10,), media_type=media.OCI_MANIFEST)
    upload_blobs(fake, image)
    doc = json.loads(image.manifest)
    del doc["mediaType"]
    text = json.dumps(doc)
    refused(fake, "InvalidParameterException", put(text, "chart"))
    fake.ecr.put_image(put(text, "chart", image_manifest_media_type=media.OCI_MANIFEST))
    (detail,) = fake.ecr.describe_images(DescribeImagesRequest(repository_name="web")).image_details or ()
    assert detail.image_manifest_media_type == media.OCI_MANIFEST
    assert detail.artifact_media_type == media.OCI_CONFIG


def test_multi_architecture_images() -> None:
    fake = FakeBackend()
    repository(fake)
    amd = TestImage(layer_sizes=(4000, 1000), seed="app")
    arm = TestImage(layer_sizes=(3000,), seed="app", architecture="arm64", variant="v8")
    index = TestIndex(images=(amd, arm))
    pushed = push_image(Boto3Backend(fake.client("ecr")), index, repository="web", tag="latest")
    assert pushed.digest == index.digest
    details = {
        d.image_digest: d
        for d in fake.ecr.describe_images(DescribeImagesRequest(repository_name="web")).image_details or ()
    }
    assert set(details) == {amd.digest, arm.digest, index.digest}
    assert details[index.digest].image_tags == ("latest",)
    assert details[amd.digest].image_tags is None  # the images of an index are pushed untagged
    # "If the image is a manifest list, this will be the max size of all manifests in the list" (ImageDetail)
    assert details[index.digest].image_size_in_bytes == 5000
    assert details[index.digest].image_manifest_media_type == media.DOCKER_MANIFEST_LIST
    assert details[index.digest].artifact_media_type is None
    got = fake.ecr.batch_get_image(
        BatchGetImageRequest(repository_name="web", image_ids=(ImageIdentifier(image_tag="latest"),))
    )
    (pulled,) = got.images or ()
    assert pulled.image_manifest == index.manifest
    assert [m["platform"]["architecture"] for m in json.loads(pulled.image_manifest or "")["manifests"]] == [
        "amd64",
        "arm64",
    ]


def test_an_oci_index_of_oci_images() -> None:
    fake = FakeBackend()
    repository(fake)
    images = tuple(TestImage(layer_sizes=(n,), seed="oci", media_type=media.OCI_MANIFEST) for n in (10, 20))
    index = TestIndex(images=images)
    push_image(fake, index, repository="web", tag="v1")
    details = fake.ecr.describe_images(
        DescribeImagesRequest(repository_name="web", image_ids=(ImageIdentifier(image_tag="v1"),))
    ).image_details
    assert details is not None
    assert details[0].image_manifest_media_type == media.OCI_INDEX


def test_an_index_of_images_never_pushed_is_referenced_images_not_found(fake: FakeBackend) -> None:
    index = TestIndex(images=(TestImage(seed="a"), TestImage(seed="b")))
    push_image(fake, index.images[0], repository="web")
    error = refused(fake, "ReferencedImagesNotFoundException", put(index.manifest, "multi"))
    assert index.images[1].digest in error.message
    assert index.images[0].digest not in error.message


def test_a_manifest_whose_blobs_were_never_uploaded_is_layers_not_found(fake: FakeBackend) -> None:
    image = TestImage(layer_sizes=(10, 20))
    upload(fake, image.layers[0].data, image.layers[0].digest)
    error = refused(fake, "LayersNotFoundException", put(image.manifest, "v1"))
    # AWS's text (oras-project/oras-py#54): the config is a blob the push needs too
    assert error.message == (
        f"Layers with digests '[{image.config.digest}, {image.layers[1].digest}]' required for pushing image into "
        "repository with name 'web' in the registry with id '123456789012' do not exist"
    )


def test_a_digest_that_is_not_the_manifests_is_image_digest_does_not_match(fake: FakeBackend) -> None:
    image = TestImage()
    upload_blobs(fake, image)
    wrong = sha256_digest(b"something else")
    error = refused(fake, "ImageDigestDoesNotMatchException", put(image.manifest, "v1", image_digest=wrong))
    # AWS's text (google/go-containerregistry#1568)
    assert error.message == (
        f"The image with digest '{wrong}' in repository 'web' and registry ID '123456789012' does not match the "
        "image digest that Amazon ECR has calculated."
    )
    fake.ecr.put_image(put(image.manifest, "v1", image_digest=image.digest))


UNREADABLE = {
    "not JSON": "{not json",
    "not an object": "[1, 2]",
    "no media type": '{"schemaVersion": 2, "config": {}, "layers": []}',
    "an unknown media type": '{"schemaVersion": 2, "mediaType": "application/vnd.cncf.helm.config.v1+json"}',
    "a config that is not a descriptor": json.dumps(
        {"schemaVersion": 2, "mediaType": media.DOCKER_MANIFEST, "config": "x", "layers": []}
    ),
    "a layer digest that is not one": json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": media.DOCKER_MANIFEST,
            "config": {"mediaType": media.DOCKER_CONFIG, "size": 2, "digest": sha256_digest(b"{}")},
            "layers": [{"mediaType": media.DOCKER_LAYER, "size": 1, "digest": "latest"}],
        }
    ),
    "a lone surrogate": '{"mediaType": "\ud800"}',
}


@pytest.mark.parametrize("text", list(UNREADABLE.values()), ids=list(UNREADABLE))
def test_a_manifest_ecr_cannot_read_is_invalid_json_syntax(fake: FakeBackend, text: str) -> None:
    error = refused(fake, "InvalidParameterException", put(text, "v1"))
    # AWS's one text for all of these (aws/aws-cli#8620, containers/image#584)
    assert error.message == "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'"


def test_a_media_type_the_manifest_contradicts_is_refused(fake: FakeBackend) -> None:
    image = TestImage()
    upload_blobs(fake, image)
    refused(fake, "InvalidParameterException", put(image.manifest, "v1", image_manifest_media_type=media.OCI_MANIFEST))


def test_member_lengths_are_checked(fake: FakeBackend) -> None:
    image = TestImage()
    upload_blobs(fake, image)
    error = refused(fake, "InvalidParameterException", put(image.manifest, "t" * 301))
    assert error.message == (
        "Invalid parameter at 'imageTag' failed to satisfy constraint: 'Member must have length less than or equal "
        "to 300'"
    )
    refused(fake, "InvalidParameterException", put("", "v1"))


# -- tags --------------------------------------------------------------------------------------------------------------


def test_the_same_manifest_and_tag_again_is_image_already_exists(fake: FakeBackend) -> None:
    image = TestImage()
    push_image(fake, image, repository="web", tag="v1")
    error = refused(fake, "ImageAlreadyExistsException", put(image.manifest, "v1"))
    # AWS's text (buildkite-plugins/ecr-buildkite-plugin#111)
    assert error.message == (
        f"Image with digest '{image.digest}' and tag 'v1' already exists in the repository with name 'web' in "
        "registry with id '123456789012'"
    )
    refused(fake, "ImageAlreadyExistsException", put(image.manifest))
    fake.ecr.put_image(put(image.manifest, "v2"))  # a new tag is not a push of nothing
    assert tags_of(fake) == {image.digest: ("v1", "v2")}


def test_a_tag_moved_in_a_mutable_repository_leaves_the_old_image_untagged(fake: FakeBackend) -> None:
    old, new = TestImage(seed="old"), TestImage(seed="new")
    push_image(fake, old, repository="web", tag="latest")
    push_image(fake, new, repository="web", tag="latest")
    assert tags_of(fake) == {old.digest: (), new.digest: ("latest",)}
    untagged = fake.ecr.list_images(
        ListImagesRequest(repository_name="web", filter=ListImagesFilter(tag_status=TagStatus.UNTAGGED))
    )
    assert untagged.image_ids == (ImageIdentifier(image_digest=old.digest),)


def test_an_immutable_tag_is_image_tag_already_exists() -> None:
    fake = FakeBackend()
    repository(fake, "web", ImageTagMutability.IMMUTABLE)
    first, second = TestImage(seed="1"), TestImage(seed="2")
    push_image(fake, first, repository="web", tag="v1")
    upload_blobs(fake, second)
    error = refused(fake, "ImageTagAlreadyExistsException", put(second.manifest, "v1"))
    # AWS's text (aws/containers-roadmap#862)
    assert error.message == (
        "The image tag 'v1' already exists in the 'web' repository and cannot be overwritten because the repository "
        "is immutable."
    )
    # even the same image again (aws/containers-roadmap#2179)
    refused(fake, "ImageTagAlreadyExistsException", put(first.manifest, "v1"))
    fake.ecr.put_image(put(second.manifest, "v2"))
    assert tags_of(fake) == {first.digest: ("v1",), second.digest: ("v2",)}


@pytest.mark.parametrize(
    ("mutability", "moves", "stays"),
    [
        (ImageTagMutability.IMMUTABLE_WITH_EXCLUSION, ["dev-1", "dev-", "test-x"], ["v1", "release-1", "xdev-1"]),
        (ImageTagMutability.MUTABLE_WITH_EXCLUSION, ["v1", "release-1", "xdev-1"], ["dev-1", "dev-", "test-x"]),
    ],
)
def test_exclusion_filters_turn_the_rule_around_for_the_tags_they_match(
    mutability: ImageTagMutability, moves: list[str], stays: list[str]
) -> None:
    # "Image tag mutability" (ECR user guide); filters are wildcards, e.g. 'dev-*' (the CDK's example)
    fake = FakeBackend()
    repository(fake, "web", mutability, exclusions=("dev-*", "test-*"))
    first, second = TestImage(seed="1"), TestImage(seed="2")
    upload_blobs(fake, first)
    upload_blobs(fake, second)
    for tag in moves + stays:
        fake.ecr.put_image(put(first.manifest, tag))
    for tag in moves:
        fake.ecr.put_image(put(second.manifest, tag))
    for tag in stays:
        refused(fake, "ImageTagAlreadyExistsException", put(second.manifest, tag))
    assert set(tags_of(fake)[second.digest]) == set(moves)


# -- pulls -------------------------------------------------------------------------------------------------------------


def test_batch_get_image_failures_have_ecr_codes_and_reasons(fake: FakeBackend) -> None:
    image = TestImage()
    push_image(fake, image, repository="web", tag="v1")
    other = sha256_digest(b"other")
    ids = (
        ImageIdentifier(),
        ImageIdentifier(image_digest="invalid_digest"),
        ImageIdentifier(image_tag="v1", image_digest=other),
        ImageIdentifier(image_tag="v2"),
        ImageIdentifier(image_digest=other),
        ImageIdentifier(image_digest=image.digest),
    )
    got = fake.ecr.batch_get_image(BatchGetImageRequest(repository_name="web", image_ids=ids))
    # ECR's codes and reasons, as recorded from AWS in LocalStack's ECR tests
    assert [(f.image_id, f.failure_code, f.failure_reason) for f in got.failures or ()] == [
        (
            ids[0],
            ImageFailureCode.MISSING_DIGEST_AND_TAG,
            "Invalid request parameters: both tag and digest cannot be null",
        ),
        (
            ids[1],
            ImageFailureCode.INVALID_IMAGE_DIGEST,
            "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'",
        ),
        (
            ids[2],
            ImageFailureCode.IMAGE_TAG_DOES_NOT_MATCH_DIGEST,
            "Invalid request parameters: given tag does not map to the given digest",
        ),
        (ids[3], ImageFailureCode.IMAGE_NOT_FOUND, "Requested image not found"),
        (ids[4], ImageFailureCode.IMAGE_NOT_FOUND, "Requested image not found"),
    ]
    assert [i.image_id for i in got.images or ()] == [ImageIdentifier(image_digest=image.digest)]


def test_a_pull_records_the_time_unless_the_caller_is_excluded(fake: FakeBackend) -> None:
    image = TestImage()
    push_image(fake, image, repository="web", tag="v1")
    fake.advance(3600)
    request = BatchGetImageRequest(repository_name="web", image_ids=(ImageIdentifier(image_tag="v1"),))
    fake.ecr.batch_get_image(request)
    pulled_at = fake.clock.now()
    fake.advance(3600)
    fake.records().ecr.pull_time_exclusions.append(f"arn:aws:iam::{ACCOUNT}:root")
    fake.ecr.batch_get_image(request)
    (detail,) = fake.ecr.describe_images(DescribeImagesRequest(repository_name="web")).image_details or ()
    assert detail.last_recorded_pull_time == pulled_at


def test_the_engine_pulls_by_reference_for_the_rest_of_the_fake(fake: FakeBackend) -> None:
    image = TestImage()
    push_image(fake, image, repository="web", tag="v1")
    env = fake._env()
    record = fake.records().ecr.repositories["web"]
    assert pull(env, record, "v1").digest == image.digest
    assert pull(env, record, image.digest).last_pulled_at == fake.clock.now()
    with pytest.raises(BackendError) as info:
        pull(env, record, "v2")
    assert info.value.code == "ImageNotFoundException"
    # AWS's text (hashicorp/terraform-provider-aws#35268)
    assert info.value.message == (
        "The image with imageId {imageDigest:'null', imageTag:'v2'} does not exist within the repository with name "
        "'web' in the registry with id '123456789012'"
    )


@pytest.mark.parametrize("through", ["typed", "boto3"])
def test_docker_pull_of_a_tag_a_digest_and_a_platform(through: str) -> None:
    fake = FakeBackend()
    repository(fake)
    backend = fake if through == "typed" else Boto3Backend(fake.client("ecr"))
    amd, arm = TestImage(seed="p", layer_sizes=(10, 20)), TestImage(seed="p", architecture="arm64")
    index = TestIndex(images=(amd, arm))
    push_image(backend, index, repository="web", tag="latest")
    pulled = pull_image(backend, "web", "latest")
    assert pulled.digest == index.digest
    assert pulled.text == index.manifest
    assert pulled.urls == {}
    on_arm = pull_image(backend, "web", "latest", platform=Platform(architecture="arm64", os="linux"))
    assert on_arm.digest == arm.digest
    assert set(on_arm.urls) == {b.digest for b in arm.blobs}
    by_digest = pull_image(backend, "web", amd.digest)
    assert by_digest.text == amd.manifest
    with pytest.raises(BackendError) as info:
        pull_image(backend, "web", "latest", platform=Platform(architecture="s390x", os="linux"))
    assert info.value.code == "ImageNotFoundException"
    with pytest.raises(BackendError) as info:
        pull_image(backend, "web", "v9")
    assert info.value.code == "ImageNotFoundException"
    assert info.value.message == "Requested image not found"


# -- deletes -----------------------------------------------------------------------------------------------------------


def test_batch_delete_by_tag_and_by_digest(fake: FakeBackend) -> None:
    one, two = TestImage(seed="1"), TestImage(seed="2")
    push_image(fake, one, repository="web", tag="a")
    fake.ecr.put_image(put(one.manifest, "b"))
    push_image(fake, two, repository="web", tag="c")
    fake.ecr.put_image(put(two.manifest, "d"))
    # a tag of an image with others: only the tag goes
    deleted = fake.ecr.batch_delete_image(
        BatchDeleteImageRequest(repository_name="web", image_ids=(ImageIdentifier(image_tag="a"),))
    )
    assert deleted.image_ids == (ImageIdentifier(image_digest=one.digest, image_tag="a"),)
    assert tags_of(fake)[one.digest] == ("b",)
    # the last tag: the image goes with it ("When you remove the last tag from an image, the image is deleted")
    fake.ecr.batch_delete_image(
        BatchDeleteImageRequest(repository_name="web", image_ids=(ImageIdentifier(image_tag="b"),))
    )
    assert one.digest not in tags_of(fake)
    # a digest: the image and every tag, one id per tag
    deleted = fake.ecr.batch_delete_image(
        BatchDeleteImageRequest(repository_name="web", image_ids=(ImageIdentifier(image_digest=two.digest),))
    )
    assert deleted.image_ids == (
        ImageIdentifier(image_digest=two.digest, image_tag="c"),
        ImageIdentifier(image_digest=two.digest, image_tag="d"),
    )
    assert deleted.failures == ()
    assert tags_of(fake) == {}


def test_batch_delete_failures_have_ecr_codes(fake: FakeBackend) -> None:
    image = TestImage()
    push_image(fake, image, repository="web", tag="precise")
    ids = (
        ImageIdentifier(image_tag="nope"),
        ImageIdentifier(),
        ImageIdentifier(image_tag="precise", image_digest=sha256_digest(b"x")),
        ImageIdentifier(image_digest="bad"),
        ImageIdentifier(image_tag="t" * 301),  # ECR's tags have 1 to 300 characters
    )
    deleted = fake.ecr.batch_delete_image(BatchDeleteImageRequest(repository_name="web", image_ids=ids))
    assert deleted.image_ids == ()
    assert [(f.image_id, f.failure_code) for f in deleted.failures or ()] == [
        (ids[0], ImageFailureCode.IMAGE_NOT_FOUND),
        (ids[1], ImageFailureCode.MISSING_DIGEST_AND_TAG),
        (ids[2], ImageFailureCode.IMAGE_TAG_DOES_NOT_MATCH_DIGEST),
        (ids[3], ImageFailureCode.INVALID_IMAGE_DIGEST),
        (ids[4], ImageFailureCode.INVALID_IMAGE_TAG),
    ]
    # the AWS CLI's batch-delete-image example: "failureReason": "Requested image not found"
    assert (deleted.failures or ())[0].failure_reason == "Requested image not found"
    assert tags_of(fake) == {image.digest: ("precise",)}


def test_an_image_an_index_names_is_not_deleted(fake: FakeBackend) -> None:
    index = TestIndex(images=(TestImage(seed="a"), TestImage(seed="b", architecture="arm64")))
    push_image(fake, index, repository="web", tag="multi")
    child = index.images[0].digest
    deleted = fake.ecr.batch_delete_image(
        BatchDeleteImageRequest(repository_name="web", image_ids=(ImageIdentifier(image_digest=child),))
    )
    (failure,) = deleted.failures or ()
    assert failure.failure_code == ImageFailureCode.IMAGE_REFERENCED_BY_MANIFEST_LIST
    assert index.digest in (failure.failure_reason or "")
    # the index first, then its images
    deleted = fake.ecr.batch_delete_image(
        BatchDeleteImageRequest(
            repository_name="web",
            image_ids=(ImageIdentifier(image_tag="multi"), ImageIdentifier(image_digest=child)),
        )
    )
    assert deleted.failures == ()
    assert len(deleted.image_ids or ()) == 2
    assert set(tags_of(fake)) == {index.images[1].digest}


# -- listing and describing --------------------------------------------------------------------------------------------


def _scene(fake: FakeBackend) -> list[TestImage]:
    images = [TestImage(seed=str(n), layer_sizes=(n + 1,)) for n in range(5)]
    for n, image in enumerate(images):
        push_image(fake, image, repository="web", tag=f"v{n}" if n % 2 == 0 else None)
    fake.ecr.put_image(put(images[0].manifest, "latest"))
    return images


def test_list_images_filters_and_pages(fake: FakeBackend) -> None:
    images = _scene(fake)
    client = fake.client("ecr")
    tagged = client.list_images(repositoryName="web", filter={"tagStatus": "TAGGED"})["imageIds"]
    assert tagged == [
        {"imageDigest": images[0].digest, "imageTag": "v0"},
        {"imageDigest": images[0].digest, "imageTag": "latest"},
        {"imageDigest": images[2].digest, "imageTag": "v2"},
        {"imageDigest": images[4].digest, "imageTag": "v4"},
    ]
    untagged = client.list_images(repositoryName="web", filter={"tagStatus": "UNTAGGED"})["imageIds"]
    assert untagged == [{"imageDigest": images[1].digest}, {"imageDigest": images[3].digest}]
    pages = list(fake.paginate(ListImagesRequest(repository_name="web", max_results=2)))
    assert [len(p.image_ids or ()) for p in pages] == [2, 2, 2]
    every = [i for p in pages for i in p.image_ids or ()]
    assert len(every) == len(set(every)) == 6
    paginator = client.get_paginator("list_images")
    assert (
        sum(len(p["imageIds"]) for p in paginator.paginate(repositoryName="web", PaginationConfig={"PageSize": 4})) == 6
    )
    for wrong in (0, 1001):
        refused(fake, "InvalidParameterException", ListImagesRequest(repository_name="web", max_results=wrong))


def test_list_images_gives_100_a_page_unless_asked(fake: FakeBackend) -> None:
    for n in range(101):
        push_image(fake, TestImage(seed=f"i{n}", layer_sizes=(16,)), repository="web")
    first = fake.ecr.list_images(ListImagesRequest(repository_name="web"))
    assert len(first.image_ids or ()) == 100
    assert first.next_token
    assert len(fake.ecr.list_images(ListImagesRequest(repository_name="web", max_results=1000)).image_ids or ()) == 101


def test_describe_images_filters_pages_and_names(fake: FakeBackend) -> None:
    images = _scene(fake)
    tagged = fake.ecr.describe_images(
        DescribeImagesRequest(repository_name="web", filter=DescribeImagesFilter(tag_status=TagStatus.TAGGED))
    )
    assert [d.image_digest for d in tagged.image_details or ()] == [
        images[0].digest,
        images[2].digest,
        images[4].digest,
    ]
    assert (tagged.image_details or ())[0].image_tags == ("v0", "latest")
    pages = list(fake.paginate(DescribeImagesRequest(repository_name="web", max_results=2)))
    assert [d.image_digest for p in pages for d in p.image_details or ()] == [i.digest for i in images]
    named = fake.ecr.describe_images(
        DescribeImagesRequest(
            repository_name="web",
            image_ids=(ImageIdentifier(image_tag="latest"), ImageIdentifier(image_digest=images[0].digest)),
        )
    )
    assert [d.image_digest for d in named.image_details or ()] == [images[0].digest]
    error = refused(
        fake,
        "ImageNotFoundException",
        DescribeImagesRequest(repository_name="web", image_ids=(ImageIdentifier(image_tag="nope"),)),
    )
    assert error.message.startswith("The image with imageId {imageDigest:'null', imageTag:'nope'} does not exist")
    refused(
        fake,
        "InvalidParameterException",
        DescribeImagesRequest(repository_name="web", image_ids=(ImageIdentifier(image_tag="v0"),), max_results=5),
    )


# -- archive and restore -----------------------------------------------------------------------------------------------


def _storage(target: TargetStorageClass, tag: str = "v1") -> UpdateImageStorageClassRequest:
    return UpdateImageStorageClassRequest(
        repository_name="web", image_id=ImageIdentifier(image_tag=tag), target_storage_class=target
    )


def test_an_archived_image_is_listed_but_not_pulled_until_restored(fake: FakeBackend) -> None:
    image = TestImage()
    push_image(fake, image, repository="web", tag="v1")
    fake.advance(60)
    archived = fake.ecr.update_image_storage_class(_storage(TargetStorageClass.ARCHIVE))
    assert archived.image_status == ImageStatus.ARCHIVED
    assert fake.ecr.list_images(ListImagesRequest(repository_name="web")).image_ids == ()  # ACTIVE by default
    listed = fake.ecr.list_images(
        ListImagesRequest(repository_name="web", filter=ListImagesFilter(image_status=ImageStatusFilter.ARCHIVED))
    )
    assert listed.image_ids == (ImageIdentifier(image_digest=image.digest, image_tag="v1"),)
    pull_v1 = BatchGetImageRequest(repository_name="web", image_ids=(ImageIdentifier(image_tag="v1"),))
    assert [f.failure_code for f in fake.ecr.batch_get_image(pull_v1).failures or ()] == [
        ImageFailureCode.IMAGE_NOT_FOUND
    ]
    restoring = fake.ecr.update_image_storage_class(_storage(TargetStorageClass.STANDARD))
    assert restoring.image_status == ImageStatus.ACTIVATING
    refused(fake, "ImageStorageClassUpdateNotSupportedException", _storage(TargetStorageClass.ARCHIVE))
    fake.advance(19 * 60)
    assert fake.ecr.batch_get_image(pull_v1).images == ()
    fake.advance(60)  # "within 20 minutes"
    assert len(fake.ecr.batch_get_image(pull_v1).images or ()) == 1
    (detail,) = fake.ecr.describe_images(DescribeImagesRequest(repository_name="web")).image_details or ()
    assert detail.image_status == ImageStatus.ACTIVE
    assert detail.last_archived_at is not None
    assert detail.last_activated_at == fake.clock.now()


def test_pushing_an_archived_image_again_restores_it_at_once(fake: FakeBackend) -> None:
    image = TestImage()
    push_image(fake, image, repository="web", tag="v1")
    fake.ecr.update_image_storage_class(_storage(TargetStorageClass.ARCHIVE))
    fake.ecr.put_image(put(image.manifest))  # "that image will be immediately restored" (ECR user guide)
    (detail,) = fake.ecr.describe_images(DescribeImagesRequest(repository_name="web")).image_details or ()
    assert detail.image_status == ImageStatus.ACTIVE


def test_the_storage_class_of_a_missing_image_is_image_not_found(fake: FakeBackend) -> None:
    refused(fake, "ImageNotFoundException", _storage(TargetStorageClass.ARCHIVE, "nope"))


def test_a_restore_under_way_survives_a_snapshot(fake: FakeBackend) -> None:
    push_image(fake, TestImage(), repository="web", tag="v1")
    fake.ecr.update_image_storage_class(_storage(TargetStorageClass.ARCHIVE))
    fake.ecr.update_image_storage_class(_storage(TargetStorageClass.STANDARD))
    text = fake.save()
    again = FakeBackend.restore(text)
    assert again.save() == text
    again.advance(20 * 60)
    (detail,) = again.ecr.describe_images(DescribeImagesRequest(repository_name="web")).image_details or ()
    assert detail.image_status == ImageStatus.ACTIVE


# -- referrers ---------------------------------------------------------------------------------------------------------


def test_referrers_are_listed_by_subject(fake: FakeBackend) -> None:
    image = TestImage(media_type=media.OCI_MANIFEST)
    signature = image.referrer("application/vnd.dev.cosign.artifact.sig.v1+json", seed="sig")
    sbom = image.referrer("application/spdx+json", seed="sbom")
    for pushed in (image, signature, sbom):
        push_image(fake, pushed, repository="web", tag="v1" if pushed is image else None)
    subject = SubjectIdentifier(image_digest=image.digest)
    found = fake.ecr.list_image_referrers(ListImageReferrersRequest(repository_name="web", subject_id=subject))
    assert [(r.digest, r.artifact_type, r.size) for r in found.referrers or ()] == [
        (signature.digest, "application/vnd.dev.cosign.artifact.sig.v1+json", len(signature.manifest.encode())),
        (sbom.digest, "application/spdx+json", len(sbom.manifest.encode())),
    ]
    only = fake.ecr.list_image_referrers(
        ListImageReferrersRequest(
            repository_name="web",
            subject_id=subject,
            filter=ListImageReferrersFilter(artifact_types=("application/spdx+json",)),
        )
    )
    assert [r.digest for r in only.referrers or ()] == [sbom.digest]
    details = fake.ecr.describe_images(
        DescribeImagesRequest(repository_name="web", image_ids=(ImageIdentifier(image_digest=sbom.digest),))
    ).image_details
    assert details is not None
    assert details[0].subject_manifest_digest == image.digest
    assert details[0].artifact_media_type == "application/spdx+json"


# -- repositories, registries ------------------------------------------------------------------------------------------

EVERY_CALL: list[Any] = [
    BatchCheckLayerAvailabilityRequest(repository_name="nope", layer_digests=(sha256_digest(b""),)),
    InitiateLayerUploadRequest(repository_name="nope"),
    PutImageRequest(repository_name="nope", image_manifest="{}"),
    BatchGetImageRequest(repository_name="nope", image_ids=(ImageIdentifier(image_tag="v1"),)),
    BatchDeleteImageRequest(repository_name="nope", image_ids=(ImageIdentifier(image_tag="v1"),)),
    ListImagesRequest(repository_name="nope"),
    DescribeImagesRequest(repository_name="nope"),
    UpdateImageStorageClassRequest(
        repository_name="nope",
        image_id=ImageIdentifier(image_tag="v1"),
        target_storage_class=TargetStorageClass.ARCHIVE,
    ),
    ListImageReferrersRequest(repository_name="nope", subject_id=SubjectIdentifier(image_digest=sha256_digest(b""))),
]


@pytest.mark.parametrize("request_", EVERY_CALL, ids=lambda r: type(r).__name__)
def test_a_missing_repository_is_repository_not_found(fake: FakeBackend, request_: Any) -> None:
    error = refused(fake, "RepositoryNotFoundException", request_)
    assert error.message == "The repository with name 'nope' does not exist in the registry with id '123456789012'"


@pytest.mark.parametrize("request_", EVERY_CALL, ids=lambda r: type(r).__name__)
def test_another_accounts_registry_needs_its_permission(fake: FakeBackend, request_: Any) -> None:
    # until repository policies are evaluated (another part), no policy allows another account: ecr_access
    repository(fake.scoped(account="210987654321"), "nope")
    error = refused(fake, "AccessDeniedException", replace(request_, registry_id="210987654321"))
    assert "is not authorized to perform: ecr:" in error.message
    error = refused(fake, "InvalidParameterException", replace(request_, registry_id="12345"))
    assert "registryId" in error.message


def test_boto3_sees_ecr_codes(fake: FakeBackend) -> None:
    client = fake.client("ecr")
    with pytest.raises(client.exceptions.ImageNotFoundException):
        client.describe_images(repositoryName="web", imageIds=[{"imageTag": "nope"}])
    with pytest.raises(botocore.exceptions.ClientError) as info:
        client.put_image(repositoryName="web", imageManifest="{}")
    assert info.value.response["Error"]["Code"] == "InvalidParameterException"


def test_images_pushed_under_managed_signing_rules_are_signed(fake: FakeBackend) -> None:
    """Managed signing ("Managed signing", ECR user guide): an image pushed to a repository a signing rule's filters
    match gets a signing status per profile (IN_PROGRESS, then COMPLETE); an image pushed before the rule, or to a
    repository no filter matches, has none; an image that is not there is ImageNotFoundException."""
    repository(fake, "tools")
    before = push_image(fake, TestImage(seed="before"), repository="web", tag="old")
    profile = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/ecr_signing"
    web_only = SigningRepositoryFilter(filter="we*", filter_type=SigningRepositoryFilterType.WILDCARD_MATCH)
    fake.ecr.put_signing_configuration(
        PutSigningConfigurationRequest(
            signing_configuration=SigningConfiguration(
                rules=(
                    SigningRule(
                        signing_profile_arn=profile,
                        repository_filters=(web_only,),
                    ),
                )
            )
        )
    )
    signed = push_image(fake, TestImage(seed="after"), repository="web", tag="new")
    unsigned = push_image(fake, TestImage(seed="after"), repository="tools", tag="new")

    def statuses(repo: str, digest: str) -> list[tuple[str | None, str | None]]:
        answer = fake.ecr.describe_image_signing_status(
            DescribeImageSigningStatusRequest(repository_name=repo, image_id=ImageIdentifier(image_digest=digest))
        )
        return [(s.signing_profile_arn, s.status) for s in answer.signing_statuses or ()]

    assert statuses("web", signed.digest) == [(profile, "IN_PROGRESS")]
    fake.advance(10)
    assert statuses("web", signed.digest) == [(profile, "COMPLETE")]
    assert statuses("web", before.digest) == []
    assert statuses("tools", unsigned.digest) == []
    refused(
        fake,
        "ImageNotFoundException",
        DescribeImageSigningStatusRequest(repository_name="web", image_id=ImageIdentifier(image_tag="nope")),
    )
