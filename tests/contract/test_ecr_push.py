"""Contract: docker's push flow and the image queries behave the same on every backend.

Sources: the ECR API reference pages of BatchCheckLayerAvailability, InitiateLayerUpload, UploadLayerPart,
CompleteLayerUpload, PutImage, BatchGetImage, DescribeImages, ListImages and BatchDeleteImage
(https://docs.aws.amazon.com/AmazonECR/latest/APIReference/); an image's digest is the sha256 of its manifest
(the "Docker Registry HTTP API V2" content digests ECR implements); BatchDeleteImage's failure for a missing image
as ECR answers it: ``{"failureCode":"ImageNotFound","failureReason":"Requested image not found"}`` (aws/aws-cli#6424).
"""

from __future__ import annotations

import pytest

from ecskit.backends.base import Backend
from ecskit.errors import ConflictError, InvalidRequestError, NotFoundError
from ecskit.images import TestImage
from ecskit.models.ecr import (
    BatchCheckLayerAvailabilityRequest,
    BatchDeleteImageRequest,
    BatchGetImageRequest,
    CompleteLayerUploadRequest,
    DescribeImagesFilter,
    DescribeImagesRequest,
    ImageFailureCode,
    ImageIdentifier,
    InitiateLayerUploadRequest,
    LayerAvailability,
    ListImagesFilter,
    ListImagesRequest,
    PutImageRequest,
    TagStatus,
    UploadLayerPartRequest,
)
from tests.contract.conftest import moto_differs
from tests.contract.ecr_support import image, push, repository, sha256, upload_blob

REPO = "contract-ecr-push"


def _initiate(backend: Backend) -> str:
    upload_id = backend.ecr.initiate_layer_upload(InitiateLayerUploadRequest(repository_name=REPO)).upload_id
    assert upload_id
    return upload_id


def _part(backend: Backend, upload_id: str, first: int, data: bytes) -> int | None:
    return backend.ecr.upload_layer_part(
        UploadLayerPartRequest(
            repository_name=REPO,
            upload_id=upload_id,
            part_first_byte=first,
            part_last_byte=first + len(data) - 1,
            layer_part_blob=data,
        )
    ).last_byte_received


def _digests(backend: Backend, tag_status: TagStatus | None = None) -> set[str]:
    """The digests ListImages lists (those of ``tag_status`` only, when given)."""
    only = ListImagesFilter(tag_status=tag_status) if tag_status else None
    listed = backend.ecr.list_images(ListImagesRequest(repository_name=REPO, filter=only)).image_ids or ()
    return {i.image_digest or "" for i in listed}


def test_a_pushed_image_pulls_byte_for_byte(backend: Backend) -> None:
    pushed = image("byte for byte")
    with repository(backend, REPO) as repo:
        ecr = backend.ecr
        layer = pushed.layers[0].data
        layer_digest = sha256(layer)
        before = ecr.batch_check_layer_availability(
            BatchCheckLayerAvailabilityRequest(repository_name=REPO, layer_digests=(layer_digest,))
        )
        assert not [la for la in before.layers or () if la.layer_availability == LayerAvailability.AVAILABLE]

        upload_id = _initiate(backend)
        assert _part(backend, upload_id, 0, layer) == len(layer) - 1
        done = ecr.complete_layer_upload(
            CompleteLayerUploadRequest(repository_name=REPO, upload_id=upload_id, layer_digests=(layer_digest,))
        )
        assert (done.layer_digest, done.upload_id, done.repository_name) == (layer_digest, upload_id, REPO)
        after = ecr.batch_check_layer_availability(
            BatchCheckLayerAvailabilityRequest(repository_name=REPO, layer_digests=(layer_digest,))
        )
        assert [(la.layer_digest, la.layer_availability, la.layer_size) for la in after.layers or ()] == [
            (layer_digest, LayerAvailability.AVAILABLE, len(layer))
        ]
        upload_blob(backend, REPO, pushed.config.data)

        put = ecr.put_image(
            PutImageRequest(
                repository_name=REPO,
                image_manifest=pushed.manifest,
                image_manifest_media_type=pushed.media_type,
                image_tag="v1",
            )
        ).image
        assert put is not None
        assert put.image_id is not None
        assert put.image_id.image_tag == "v1"
        assert (put.repository_name, put.registry_id) == (REPO, repo.registry_id)

        got = ecr.batch_get_image(
            BatchGetImageRequest(repository_name=REPO, image_ids=(ImageIdentifier(image_tag="v1"),))
        )
        assert got.failures == ()
        [pulled] = got.images or ()
        assert pulled.image_manifest == pushed.manifest  # byte for byte, indentation and all
        assert pulled.image_manifest_media_type == pushed.media_type
        assert pulled.image_id == put.image_id


def test_the_digest_is_the_manifests_sha256(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS names an image by the sha256 of its manifest's bytes; moto hashes the manifest's layer digests "
        "instead, so two manifests of the same layers (another config) get one digest",
    )
    first, second = image("same layer", build="1"), image("same layer", build="2")
    with repository(backend, REPO):
        for blob in (first.layers[0], first.config, second.config):
            upload_blob(backend, REPO, blob.data)
        for one, tag in ((first, "first"), (second, "second")):
            # docker sends no imageDigest: ECR computes it
            put = backend.ecr.put_image(
                PutImageRequest(
                    repository_name=REPO,
                    image_manifest=one.manifest,
                    image_manifest_media_type=one.media_type,
                    image_tag=tag,
                )
            ).image
            assert put is not None
            assert put.image_id == ImageIdentifier(image_digest=sha256(one.manifest.encode()), image_tag=tag)
        assert _digests(backend) == {first.digest, second.digest}


def test_describe_images_shows_what_ecr_knows(backend: Backend) -> None:
    pushed = image("described")
    with repository(backend, REPO) as repo:
        digest = push(backend, REPO, pushed, "v1")
        [detail] = backend.ecr.describe_images(DescribeImagesRequest(repository_name=REPO)).image_details or ()
        assert detail.image_digest == digest
        assert detail.image_tags == ("v1",)
        assert (detail.repository_name, detail.registry_id) == (REPO, repo.registry_id)
        assert detail.image_manifest_media_type == pushed.media_type
        assert detail.image_pushed_at is not None


def test_the_size_is_of_the_compressed_layers(backend: Backend, request: pytest.FixtureRequest) -> None:
    # DescribeImages: the size of the layers as pushed (compressed); the config is not counted
    moto_differs(
        request,
        "AWS counts imageSizeInBytes as the sum of the image's layers; moto reports the size of its config",
    )
    pushed = TestImage(layer_sizes=(3000, 5000), seed="sized")
    with repository(backend, REPO):
        push(backend, REPO, pushed, "v1")
        [detail] = backend.ecr.describe_images(DescribeImagesRequest(repository_name=REPO)).image_details or ()
        assert detail.image_size_in_bytes == pushed.size == 8000


#: ECR's smallest layer part but the last: "Layer parts must be at least 5 MiB in size." (LayerPartTooSmallException)
MIN_PART = 5 * 1024 * 1024


def test_parts_arrive_in_order(backend: Backend) -> None:
    layer = bytes(MIN_PART) + b"the last part"
    with repository(backend, REPO):
        upload_id = _initiate(backend)
        assert _part(backend, upload_id, 0, layer[:MIN_PART]) == MIN_PART - 1
        with pytest.raises(InvalidRequestError) as info:
            _part(backend, upload_id, MIN_PART + 4, layer[MIN_PART + 4 :])  # 4 bytes skipped
        assert info.value.code == "InvalidLayerPartException"
        assert _part(backend, upload_id, MIN_PART, layer[MIN_PART:]) == len(layer) - 1  # the refusal changed nothing
        done = backend.ecr.complete_layer_upload(
            CompleteLayerUploadRequest(repository_name=REPO, upload_id=upload_id, layer_digests=(sha256(layer),))
        )
        assert done.layer_digest == sha256(layer)


def test_a_part_but_the_last_is_at_least_5_mib(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS refuses to complete an upload whose parts but the last are smaller than 5 MiB "
        "(LayerPartTooSmallException); moto completes it",
    )
    layer = image("small parts").layers[0].data
    with repository(backend, REPO):
        upload_id = _initiate(backend)
        _part(backend, upload_id, 0, layer[:10])
        _part(backend, upload_id, 10, layer[10:])
        with pytest.raises(InvalidRequestError) as info:
            backend.ecr.complete_layer_upload(
                CompleteLayerUploadRequest(repository_name=REPO, upload_id=upload_id, layer_digests=(sha256(layer),))
            )
        assert info.value.code == "LayerPartTooSmallException"
        checked = backend.ecr.batch_check_layer_availability(
            BatchCheckLayerAvailabilityRequest(repository_name=REPO, layer_digests=(sha256(layer),))
        )
        assert not [la for la in checked.layers or () if la.layer_availability == LayerAvailability.AVAILABLE]


def test_an_upload_of_nothing_is_refused(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS refuses to complete an upload that received no bytes (EmptyUploadException); moto completes it as "
        "the empty layer",
    )
    with repository(backend, REPO):
        upload_id = _initiate(backend)
        with pytest.raises(InvalidRequestError) as info:
            backend.ecr.complete_layer_upload(
                CompleteLayerUploadRequest(repository_name=REPO, upload_id=upload_id, layer_digests=(sha256(b""),))
            )
        assert info.value.code == "EmptyUploadException"


def test_a_layer_whose_digest_does_not_match_is_refused(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS checks the uploaded bytes against the digest CompleteLayerUpload names (InvalidLayerException); moto "
        "ignores the digest named and completes the upload under the digest of the bytes",
    )
    layer = image("mismatch").layers[0].data
    with repository(backend, REPO):
        upload_id = _initiate(backend)
        _part(backend, upload_id, 0, layer)
        with pytest.raises(InvalidRequestError) as info:
            backend.ecr.complete_layer_upload(
                CompleteLayerUploadRequest(
                    repository_name=REPO, upload_id=upload_id, layer_digests=(sha256(b"other bytes"),)
                )
            )
        assert info.value.code == "InvalidLayerException"
        checked = backend.ecr.batch_check_layer_availability(
            BatchCheckLayerAvailabilityRequest(repository_name=REPO, layer_digests=(sha256(b"other bytes"),))
        )
        assert not [la for la in checked.layers or () if la.layer_availability == LayerAvailability.AVAILABLE]


def test_a_layer_uploaded_twice_already_exists(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS refuses to complete the upload of a layer the repository already has (LayerAlreadyExistsException); "
        "moto completes it again",
    )
    layer = image("twice").layers[0].data
    with repository(backend, REPO):
        upload_blob(backend, REPO, layer)
        upload_id = _initiate(backend)
        _part(backend, upload_id, 0, layer)
        with pytest.raises(ConflictError) as info:
            backend.ecr.complete_layer_upload(
                CompleteLayerUploadRequest(repository_name=REPO, upload_id=upload_id, layer_digests=(sha256(layer),))
            )
        assert info.value.code == "LayerAlreadyExistsException"


def test_a_manifest_whose_layers_were_never_uploaded(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS refuses a manifest that names blobs the repository does not have (LayersNotFoundException); moto "
        "stores the manifest",
    )
    with repository(backend, REPO):
        with pytest.raises(NotFoundError) as info:
            backend.ecr.put_image(
                PutImageRequest(repository_name=REPO, image_manifest=image("never").manifest, image_tag="v1")
            )
        assert info.value.code == "LayersNotFoundException"
        assert _digests(backend) == set()  # the refusal changed nothing


def test_a_digest_that_is_not_the_manifests(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS refuses a PutImage whose imageDigest is not the sha256 of the manifest "
        "(ImageDigestDoesNotMatchException); moto never checks the digest given",
    )
    pushed = image("digest")
    with repository(backend, REPO):
        digest = push(backend, REPO, pushed, "v1")
        with pytest.raises(InvalidRequestError) as info:
            backend.ecr.put_image(
                PutImageRequest(
                    repository_name=REPO,
                    image_manifest=pushed.manifest,
                    image_tag="v2",
                    image_digest=sha256(b"another manifest"),
                )
            )
        assert info.value.code == "ImageDigestDoesNotMatchException"
        tags = backend.ecr.list_images(ListImagesRequest(repository_name=REPO)).image_ids or ()
        assert [(i.image_digest, i.image_tag) for i in tags] == [(digest, "v1")]  # the refusal changed nothing


def test_a_manifest_that_is_not_json(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS refuses a manifest that is not JSON (InvalidParameterException); moto raises a bare Exception (a "
        "server error, HTTP 500)",
    )
    with repository(backend, REPO):
        with pytest.raises(InvalidRequestError) as info:
            backend.ecr.put_image(PutImageRequest(repository_name=REPO, image_manifest="not json", image_tag="v1"))
        assert info.value.code == "InvalidParameterException"
        assert _digests(backend) == set()


def test_put_image_into_an_unknown_repository(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS answers a PutImage into a repository that does not exist with RepositoryNotFoundException; moto "
        "raises a bare Exception (a server error, HTTP 500)",
    )
    with pytest.raises(NotFoundError) as info:
        backend.ecr.put_image(PutImageRequest(repository_name="contract-ecr-none", image_manifest=image().manifest))
    assert info.value.code == "RepositoryNotFoundException"


def test_batch_get_reports_what_it_cannot_find(backend: Backend) -> None:
    with repository(backend, REPO):
        push(backend, REPO, image("found"), "v1")
        got = backend.ecr.batch_get_image(
            BatchGetImageRequest(
                repository_name=REPO, image_ids=(ImageIdentifier(image_tag="v1"), ImageIdentifier(image_tag="gone"))
            )
        )
        assert [i.image_id.image_tag for i in got.images or () if i.image_id] == ["v1"]
        assert [(f.image_id, f.failure_code) for f in got.failures or ()] == [
            (ImageIdentifier(image_tag="gone"), ImageFailureCode.IMAGE_NOT_FOUND)
        ]


def test_list_images_filters_by_tag_status(backend: Backend) -> None:
    with repository(backend, REPO):
        tagged = push(backend, REPO, image("tagged"), "v1")
        untagged = push(backend, REPO, image("untagged"))
        assert _digests(backend) == {tagged, untagged}
        assert _digests(backend, TagStatus.TAGGED) == {tagged}
        assert _digests(backend, TagStatus.UNTAGGED) == {untagged}


def test_describe_images_filters_by_tag_status(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request, "AWS applies DescribeImages' tagStatus filter; moto ignores the filter and describes every image"
    )
    with repository(backend, REPO):
        tagged = push(backend, REPO, image("tagged"), "v1")
        untagged = push(backend, REPO, image("untagged"))

        def described(status: TagStatus) -> list[tuple[str | None, tuple[str, ...] | None]]:
            details = backend.ecr.describe_images(
                DescribeImagesRequest(repository_name=REPO, filter=DescribeImagesFilter(tag_status=status))
            ).image_details
            return [(d.image_digest, d.image_tags) for d in details or ()]

        assert described(TagStatus.UNTAGGED) == [(untagged, None)]
        assert described(TagStatus.TAGGED) == [(tagged, ("v1",))]


def test_list_images_pages(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS returns at most maxResults image ids per ListImages page; moto ignores maxResults")
    with repository(backend, REPO):
        pushed = [push(backend, REPO, image(f"page {n}"), f"v{n}") for n in range(3)]
        pages = list(backend.paginate(ListImagesRequest(repository_name=REPO, max_results=2)))
        listed = [i.image_digest or "" for page in pages for i in page.image_ids or ()]
        assert all(len(page.image_ids or ()) <= 2 for page in pages)
        assert sorted(listed) == sorted(pushed)  # each once, across pages
        assert len(pages) == 2


def test_describe_an_image_that_is_not_there(backend: Backend) -> None:
    with repository(backend, REPO):
        with pytest.raises(NotFoundError) as info:
            backend.ecr.describe_images(
                DescribeImagesRequest(repository_name=REPO, image_ids=(ImageIdentifier(image_tag="gone"),))
            )
        assert info.value.code == "ImageNotFoundException"


def test_batch_delete_reports_failures(backend: Backend) -> None:
    with repository(backend, REPO):
        kept = push(backend, REPO, image("kept"), "kept")
        dropped = push(backend, REPO, image("dropped"), "dropped")
        deleted = backend.ecr.batch_delete_image(
            BatchDeleteImageRequest(
                repository_name=REPO,
                image_ids=(ImageIdentifier(image_digest=dropped), ImageIdentifier(image_tag="gone")),
            )
        )
        assert [i.image_digest for i in deleted.image_ids or ()] == [dropped]
        assert [(f.image_id, f.failure_code, f.failure_reason) for f in deleted.failures or ()] == [
            (ImageIdentifier(image_tag="gone"), ImageFailureCode.IMAGE_NOT_FOUND, "Requested image not found")
        ]
        assert _digests(backend) == {kept}


def test_deleting_one_tag_of_two_keeps_the_image(backend: Backend) -> None:
    # "You can remove a tag from an image by specifying the image's tag in your request. When you remove the last
    # tag from an image, the image is deleted from your repository." (BatchDeleteImage, API reference)
    pushed = image("two tags")
    with repository(backend, REPO):
        digest = push(backend, REPO, pushed, "a")
        push(backend, REPO, pushed, "b")
        deleted = backend.ecr.batch_delete_image(
            BatchDeleteImageRequest(repository_name=REPO, image_ids=(ImageIdentifier(image_tag="a"),))
        )
        assert [(i.image_digest, i.image_tag) for i in deleted.image_ids or ()] == [(digest, "a")]
        [detail] = backend.ecr.describe_images(DescribeImagesRequest(repository_name=REPO)).image_details or ()
        assert detail.image_tags == ("b",)
        backend.ecr.batch_delete_image(
            BatchDeleteImageRequest(repository_name=REPO, image_ids=(ImageIdentifier(image_tag="b"),))
        )
        assert _digests(backend) == set()
