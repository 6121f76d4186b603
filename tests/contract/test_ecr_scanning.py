"""Contract: ECR image scanning behaves the same on every backend: StartImageScan (a basic scan, once per image per
24 hours), DescribeImageScanFindings (ScanNotFoundException before a scan), scan on push, and what cannot be scanned.

The test images are made up (their layers hold random bytes), so a real basic scan may end FAILED (no operating
system it can read) where the fake, which finds only what a test declares, ends COMPLETE: the tests ask for a scan
that ends, not for how.

Sources: the ECR API reference of StartImageScan ("A basic image scan can only be started once per 24 hours on an
individual image. This limit includes if an image was scanned on initial push") and DescribeImageScanFindings; AWS's
texts as public reports show them (named in ecskit.backends.fake.engine.ecr_scans). moto's divergences are those of
its ECR rows in moto-divergences.md ("Scan on push: scanOnPush=True triggers nothing ... describe_image_scan_findings
gives ScanNotFoundException"; "describe_images lacks imageScanStatus, imageScanFindingsSummary").
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from ecskit import Client
from ecskit.backends.base import Backend
from ecskit.errors import BackendError
from ecskit.images import TestImage, TestIndex, push_image
from ecskit.models.ecr import (
    DescribeImageScanFindingsRequest,
    DescribeImagesRequest,
    ImageIdentifier,
    ImageScanningConfiguration,
    PutImageScanningConfigurationRequest,
    ScanStatus,
    StartImageScanRequest,
)
from tests.contract.conftest import moto_differs
from tests.contract.ecr_support import repository

REPO = "contract-ecr-scanning"
#: How a scan may end.
_ENDED = (ScanStatus.COMPLETE, ScanStatus.FAILED)


@contextlib.contextmanager
def scanned_repository(backend: Backend, scan_on_push: bool = False) -> Iterator[None]:
    """:data:`REPO` for the length of a test (removed after it), scanning on push when asked
    (PutImageScanningConfiguration)."""
    with repository(backend, REPO):
        if scan_on_push:
            backend.ecr.put_image_scanning_configuration(
                PutImageScanningConfigurationRequest(
                    repository_name=REPO, image_scanning_configuration=ImageScanningConfiguration(scan_on_push=True)
                )
            )
        yield


def _tagged(tag: str) -> ImageIdentifier:
    return ImageIdentifier(image_tag=tag)


def _status(backend: Backend, tag: str) -> ScanStatus | None:
    found = backend.ecr.describe_image_scan_findings(
        DescribeImageScanFindingsRequest(repository_name=REPO, image_id=_tagged(tag))
    ).image_scan_status
    return found.status if found is not None else None


def _wait_for_the_end(backend: Backend, tag: str) -> ScanStatus | None:
    """Poll as botocore's image_scan_complete waiter does (every 5 seconds, 60 times) until the scan ends."""
    Client(backend).wait_until(lambda: _status(backend, tag) in _ENDED, timeout=300, interval=5)
    return _status(backend, tag)


def test_no_scan_before_one_is_started(backend: Backend) -> None:
    with scanned_repository(backend):
        push_image(backend, TestImage(seed="unscanned"), repository=REPO, tag="1.0")
        with pytest.raises(BackendError) as info:
            _status(backend, "1.0")
        assert info.value.code == "ScanNotFoundException"


def test_a_started_scan_is_in_progress_then_ends(backend: Backend) -> None:
    with scanned_repository(backend):
        pushed = push_image(backend, TestImage(seed="scanned"), repository=REPO, tag="1.0")
        started = backend.ecr.start_image_scan(StartImageScanRequest(repository_name=REPO, image_id=_tagged("1.0")))
        assert started.image_scan_status is not None
        assert started.image_scan_status.status == ScanStatus.IN_PROGRESS
        assert started.image_id is not None
        assert (started.repository_name, started.image_id.image_digest) == (REPO, pushed.digest)
        assert _wait_for_the_end(backend, "1.0") in _ENDED


def test_describe_images_shows_the_scan(request: pytest.FixtureRequest, backend: Backend) -> None:
    moto_differs(request, "AWS shows imageScanStatus in DescribeImages once an image is scanned; moto never does")
    with scanned_repository(backend):
        push_image(backend, TestImage(seed="described"), repository=REPO, tag="1.0")
        backend.ecr.start_image_scan(StartImageScanRequest(repository_name=REPO, image_id=_tagged("1.0")))
        ended = _wait_for_the_end(backend, "1.0")
        (image,) = backend.ecr.describe_images(DescribeImagesRequest(repository_name=REPO)).image_details or ()
        assert image.image_scan_status is not None
        assert image.image_scan_status.status == ended


def test_one_basic_scan_per_image_per_24_hours(backend: Backend) -> None:
    with scanned_repository(backend):
        push_image(backend, TestImage(seed="quota"), repository=REPO, tag="1.0")
        scan = StartImageScanRequest(repository_name=REPO, image_id=_tagged("1.0"))
        backend.ecr.start_image_scan(scan)
        with pytest.raises(BackendError) as info:
            backend.ecr.start_image_scan(scan)
        assert (info.value.code, info.value.message) == (
            "LimitExceededException",
            "The scan quota per image has been exceeded. Wait and try again.",
        )


def test_a_scan_of_an_image_or_repository_that_is_not_there(backend: Backend) -> None:
    with scanned_repository(backend):
        with pytest.raises(BackendError) as image:
            backend.ecr.start_image_scan(StartImageScanRequest(repository_name=REPO, image_id=_tagged("ghost")))
        assert image.value.code == "ImageNotFoundException"
    with pytest.raises(BackendError) as repo:
        backend.ecr.start_image_scan(StartImageScanRequest(repository_name=REPO, image_id=_tagged("1.0")))
    assert repo.value.code == "RepositoryNotFoundException"


def test_a_scan_on_push(request: pytest.FixtureRequest, backend: Backend) -> None:
    moto_differs(request, "AWS scans an image pushed to a scanOnPush repository; moto scans nothing on push")
    with scanned_repository(backend, scan_on_push=True):
        push_image(backend, TestImage(seed="on push"), repository=REPO, tag="1.0")
        assert _wait_for_the_end(backend, "1.0") in _ENDED


def test_an_image_index_cannot_be_scanned(request: pytest.FixtureRequest, backend: Backend) -> None:
    moto_differs(request, "AWS refuses to scan an image index (UnsupportedImageTypeException); moto scans it")
    index = TestIndex(images=(TestImage(seed="amd"), TestImage(seed="arm", architecture="arm64")))
    with scanned_repository(backend):
        push_image(backend, index, repository=REPO, tag="multi")
        with pytest.raises(BackendError) as info:
            backend.ecr.start_image_scan(StartImageScanRequest(repository_name=REPO, image_id=_tagged("multi")))
        assert info.value.code == "UnsupportedImageTypeException"
