"""Image scanning on the fake's ECR: the vulnerability catalogue a test declares, basic scans (on push and
StartImageScan, once per image per 24 hours), DescribeImageScanFindings with its paging, and what DescribeImages
shows. Enhanced scanning is tests/fake/test_ecr_scanning_enhanced.py's; the events, test_ecr_scan_events.py's.

Sources: the ECR API reference (StartImageScan, DescribeImageScanFindings and its basic example, ImageScanStatus);
the ECR user guide's "Basic scanning" and "Filters to choose which repositories are scanned"; AWS's texts as public
reports show them (named at each test and in ecskit.backends.fake.engine.ecr_scans).
"""

from __future__ import annotations

import json
from typing import Any

import botocore.exceptions
import pytest

from ecskit.backends.fake import FakeBackend
from ecskit.errors import UsageError
from ecskit.images import TestImage, TestIndex, media, push_image
from ecskit.models.ecr import (
    DescribeImageScanFindingsRequest,
    DescribeImagesRequest,
    ImageIdentifier,
    ImageScanningConfiguration,
    ScanStatus,
    StartImageScanRequest,
    TargetStorageClass,
    UpdateImageStorageClassRequest,
)
from tests.support.fake_ecr import OWNER, refusal, repository
from tests.support.fake_scanning import (
    DAY,
    VECTOR,
    WEB,
    detail,
    ecr,
    enhanced,
    events,
    findings,
    openssl,
    scanned_on_push,
)


@pytest.fixture
def fake() -> FakeBackend:
    return FakeBackend()


# -- the catalogue and basic scans ------------------------------------------------------------------------------------


def test_a_declared_vulnerable_package_is_found_by_a_scan_on_push(fake: FakeBackend) -> None:
    """Declare openssl 1.1.1k and a CVE of openssl < 1.1.1l: the scan on push finds it, IN_PROGRESS then COMPLETE,
    and its finding has the members and attributes of the API reference's basic example."""
    scanned_on_push(fake)
    openssl(fake)
    pushed = push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    assert findings(fake)["imageScanStatus"] == {"status": "IN_PROGRESS"}
    assert "imageScanFindings" not in findings(fake)
    fake.advance(30)
    answer = findings(fake)
    assert answer["imageScanStatus"] == {"status": "COMPLETE", "description": "The scan was completed successfully."}
    assert answer["imageId"] == {"imageDigest": pushed.digest, "imageTag": "1.0"}
    scan = answer["imageScanFindings"]
    assert scan["findingSeverityCounts"] == {"CRITICAL": 1}
    assert scan["imageScanCompletedAt"] == fake.clock.now()
    (finding,) = scan["findings"]
    assert finding == {
        "name": "CVE-2021-3711",
        "description": "In order to decrypt SM2 encrypted data an application is expected to call the API function.",
        "uri": "https://nvd.nist.gov/vuln/detail/CVE-2021-3711",
        "severity": "CRITICAL",
        "attributes": [
            {"key": "package_version", "value": "1.1.1k"},
            {"key": "package_name", "value": "openssl"},
            {"key": "CVSS3_VECTOR", "value": VECTOR},
            {"key": "CVSS3_SCORE", "value": "9.8"},
        ],
    }


def test_describe_images_shows_the_status_and_summary_of_a_basic_scan(fake: FakeBackend) -> None:
    scanned_on_push(fake)
    openssl(fake)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    assert detail(fake)["imageScanStatus"] == {"status": "IN_PROGRESS"}
    assert "imageScanFindingsSummary" not in detail(fake)
    fake.advance(30)
    shown = detail(fake)
    assert shown["imageScanStatus"]["status"] == "COMPLETE"
    assert shown["imageScanFindingsSummary"]["findingSeverityCounts"] == {"CRITICAL": 1}
    typed = fake.ecr.describe_images(DescribeImagesRequest(repository_name=WEB)).image_details or ()
    assert typed[0].image_scan_findings_summary is not None


@pytest.mark.parametrize(
    ("version", "found"),
    [("1.1.1k", True), ("1.1.1", True), ("1.0.2u", True), ("1.1.1l", False), ("1.1.1m", False), ("3.0.0", False)],
)
def test_only_versions_in_the_affected_range_are_findings(fake: FakeBackend, version: str, found: bool) -> None:
    """Debian's version order: OpenSSL's letter releases come in order (1.1.1 < 1.1.1k < 1.1.1l)."""
    scanned_on_push(fake)
    openssl(fake, version)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    fake.advance(30)
    assert len(findings(fake)["imageScanFindings"]["findings"]) == int(found)


def test_a_package_of_a_layer_is_in_every_image_built_on_it(fake: FakeBackend) -> None:
    scanned_on_push(fake)
    base = TestImage(layer_sizes=(700,), seed="base")
    app = TestImage(layer_sizes=(700, 300), seed="base")  # the same first layer: seed, index and size make it
    assert app.layers[0].digest == base.layers[0].digest
    openssl(fake, image=base.layers[0].digest)
    push_image(fake, app, repository=WEB, tag="app")
    push_image(fake, TestImage(seed="other"), repository=WEB, tag="other")
    fake.advance(30)
    app_finding = findings(fake, "app")["imageScanFindings"]["findings"]
    assert [f["name"] for f in app_finding] == ["CVE-2021-3711"]
    assert findings(fake, "other")["imageScanFindings"]["findings"] == []


def test_a_pattern_names_the_images_pushed_under_it_from_then_on(fake: FakeBackend) -> None:
    """An image's content is fixed when it is pushed: a pattern declared later does not change an image pushed
    before it (a digest names one)."""
    scanned_on_push(fake)
    repository(fake, "api", image_scanning_configuration=ImageScanningConfiguration(scan_on_push=True))
    push_image(fake, TestImage(seed="before"), repository=WEB, tag="before")
    openssl(fake, image="web:1.*")
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    push_image(fake, TestImage(seed="b"), repository=WEB, tag="2.0")
    push_image(fake, TestImage(seed="c"), repository="api", tag="1.0")
    fake.advance(30)
    found = {tag: len(findings(fake, tag)["imageScanFindings"]["findings"]) for tag in ("before", "1.0", "2.0")}
    assert found == {"before": 0, "1.0": 1, "2.0": 0}
    assert findings(fake, "1.0", "api")["imageScanFindings"]["findings"] == []


def test_the_image_s_own_package_wins_over_its_layer_s_and_the_last_pattern_wins(fake: FakeBackend) -> None:
    scanned_on_push(fake)
    image = TestImage(seed="a")
    openssl(fake, "1.1.1k", image=image.layers[0].digest)
    fake.vulnerabilities.declare_package(image.digest, "openssl", "1.1.1l")  # fixed in the image itself
    push_image(fake, image, repository=WEB, tag="1.0")
    fake.vulnerabilities.declare_package("web:*", "curl", "7.0")
    fake.vulnerabilities.declare_package("web:2.*", "curl", "8.0")
    fake.vulnerabilities.declare_cve("CVE-2023-38545", "curl", affected=">= 7.69.0, < 8.4.0", severity="HIGH")
    push_image(fake, TestImage(seed="b"), repository=WEB, tag="2.0")
    fake.advance(30)
    assert findings(fake, "1.0")["imageScanFindings"]["findings"] == []
    (curl,) = findings(fake, "2.0")["imageScanFindings"]["findings"]
    assert curl["attributes"][:2] == [
        {"key": "package_version", "value": "8.0"},
        {"key": "package_name", "value": "curl"},
    ]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda v: v.declare_package("Not A Name!", "openssl", "1.0"), "names no image"),
        (lambda v: v.declare_package("web", "openssl", "1 0"), "version without spaces"),
        (lambda v: v.declare_cve("CVE-1", "openssl", affected="about 1.0", severity="HIGH"), "not a version range"),
        (lambda v: v.declare_cve("CVE-1", "openssl", affected=(), severity="HIGH"), "which versions"),
        (lambda v: v.declare_cve("CVE-1", "openssl", affected="*", severity="SEVERE"), "not a severity"),
        (lambda v: v.declare_cve("CVE-1", "openssl", affected="*", severity="HIGH", cvss=11), "between 0 and 10"),
        (lambda v: v.declare_cve("no id", "openssl", affected="*", severity="HIGH"), "not a vulnerability id"),
        (lambda v: v.set_rescan_duration("DAYS_7"), "not a re-scan duration"),
    ],
)
def test_bad_declarations_are_usage_errors(fake: FakeBackend, call: Any, message: str) -> None:
    fake.records()  # the view's account and Region exist before: not the declaration's doing
    before = fake.save()
    with pytest.raises(UsageError, match=message):
        call(fake.vulnerabilities)
    assert fake.save() == before


def test_a_scan_finds_what_the_catalogue_holds_when_it_runs(fake: FakeBackend) -> None:
    """Basic findings are those of the last completed scan: a vulnerability declared after it shows at the next
    scan (which the once-a-day quota allows 24 hours after the last)."""
    scanned_on_push(fake)
    fake.vulnerabilities.declare_package("web:*", "openssl", "1.1.1k")
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    fake.advance(30)
    openssl(fake)
    assert findings(fake)["imageScanFindings"]["findings"] == []
    fake.advance(DAY)
    ecr(fake).start_image_scan(repositoryName=WEB, imageId={"imageTag": "1.0"})
    assert findings(fake)["imageScanFindings"]["findings"] == []  # the last completed scan's, while one runs
    fake.advance(30)
    assert len(findings(fake)["imageScanFindings"]["findings"]) == 1


def test_a_fixed_version_pushed_again_has_no_findings(fake: FakeBackend) -> None:
    scanned_on_push(fake)
    openssl(fake)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="latest")
    fake.advance(30)
    assert findings(fake, "latest")["imageScanFindings"]["findingSeverityCounts"] == {"CRITICAL": 1}
    fake.vulnerabilities.declare_package("web:*", "openssl", "1.1.1l")  # the next build has the fix
    push_image(fake, TestImage(seed="b"), repository=WEB, tag="latest")
    fake.advance(30)
    fixed = findings(fake, "latest")["imageScanFindings"]
    assert fixed["findings"] == []
    assert "findingSeverityCounts" not in fixed


# -- StartImageScan ---------------------------------------------------------------------------------------------------


def test_start_image_scan_and_the_image_scan_complete_waiter(fake: FakeBackend) -> None:
    """botocore's waiter (DescribeImageScanFindings every 5 seconds until COMPLETE) waits in virtual time."""
    repository(fake, WEB)
    openssl(fake)
    pushed = push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    client = ecr(fake)
    with pytest.raises(botocore.exceptions.ClientError, match="ScanNotFoundException"):
        client.describe_image_scan_findings(repositoryName=WEB, imageId={"imageTag": "1.0"})
    started = client.start_image_scan(repositoryName=WEB, imageId={"imageTag": "1.0"})
    assert started["imageScanStatus"] == {"status": "IN_PROGRESS"}
    assert started["imageId"] == {"imageDigest": pushed.digest, "imageTag": "1.0"}
    assert (started["registryId"], started["repositoryName"]) == (OWNER, WEB)
    client.get_waiter("image_scan_complete").wait(repositoryName=WEB, imageId={"imageDigest": pushed.digest})
    assert fake.clock.elapsed == 30
    assert findings(fake)["imageScanStatus"]["status"] == "COMPLETE"


def test_one_basic_scan_per_image_per_24_hours_scan_on_push_included(fake: FakeBackend) -> None:
    """ "A basic image scan can only be started once per 24 hours on an individual image. This limit includes if an
    image was scanned on initial push" (StartImageScan); AWS's text: moezalikhan/cloud-task-processor PHASE_5.md."""
    scanned_on_push(fake)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    again = StartImageScanRequest(repository_name=WEB, image_id=ImageIdentifier(image_tag="1.0"))
    error = refusal(fake, again)
    assert (error.code, error.message) == (
        "LimitExceededException",
        "The scan quota per image has been exceeded. Wait and try again.",
    )
    fake.advance(DAY - 1)
    assert refusal(fake, again).code == "LimitExceededException"
    fake.advance(1)
    started = fake.ecr.start_image_scan(again).image_scan_status
    assert started is not None
    assert started.status == ScanStatus.IN_PROGRESS
    assert refusal(fake, again).code == "LimitExceededException"


def test_start_image_scan_of_what_is_not_there(fake: FakeBackend) -> None:
    repository(fake, WEB)
    missing_repo = refusal(
        fake, StartImageScanRequest(repository_name="ghost", image_id=ImageIdentifier(image_tag="x"))
    )
    assert (missing_repo.code, missing_repo.message) == (
        "RepositoryNotFoundException",
        f"The repository with name 'ghost' does not exist in the registry with id '{OWNER}'",
    )
    missing_image = refusal(fake, StartImageScanRequest(repository_name=WEB, image_id=ImageIdentifier(image_tag="x")))
    assert (missing_image.code, missing_image.message) == (
        "ImageNotFoundException",
        f"The image with imageId {{imageDigest:'null', imageTag:'x'}} does not exist within the repository with "
        f"name '{WEB}' in the registry with id '{OWNER}'",
    )


def test_an_index_or_an_artifact_cannot_be_scanned(fake: FakeBackend) -> None:
    """AWS's text, as StartImageScan answered for an OCI image index: alexjurkiewicz/ecr-scan-image#43."""
    repository(fake, WEB)
    image = TestImage(seed="a", media_type=media.OCI_MANIFEST)
    index = TestIndex(images=(image, TestImage(seed="b", media_type=media.OCI_MANIFEST, architecture="arm64")))
    push_image(fake, index, repository=WEB, tag="multi")
    push_image(fake, image.referrer("application/vnd.dev.cosign.artifact.sig.v1+json"), repository=WEB, tag="sig")
    for tag, kind in (("multi", media.OCI_INDEX), ("sig", "application/vnd.dev.cosign.artifact.sig.v1+json")):
        error = refusal(fake, StartImageScanRequest(repository_name=WEB, image_id=ImageIdentifier(image_tag=tag)))
        assert (error.code, error.message) == (
            "UnsupportedImageTypeException",
            f"An artifact with media type '{kind}' cannot be scanned. For more information, see the Amazon ECR "
            "documentation.",
        )


def test_a_scan_on_push_of_an_index_is_unsupported_image(fake: FakeBackend) -> None:
    """The images an index names are scanned; the index itself is UNSUPPORTED_IMAGE."""
    scanned_on_push(fake)
    openssl(fake)
    index = TestIndex(images=(TestImage(seed="a"), TestImage(seed="b", architecture="arm64")))
    push_image(fake, index, repository=WEB, tag="multi")
    fake.advance(30)
    status = findings(fake, "multi")["imageScanStatus"]
    assert status["status"] == "UNSUPPORTED_IMAGE"
    assert media.DOCKER_MANIFEST_LIST in status["description"]
    children = ecr(fake).describe_images(repositoryName=WEB, filter={"tagStatus": "UNTAGGED"})["imageDetails"]
    assert sorted(d["imageScanStatus"]["status"] for d in children) == ["COMPLETE", "COMPLETE"]
    # its images are pushed untagged: a tag pattern of * names them too
    assert [d["imageScanFindingsSummary"]["findingSeverityCounts"] for d in children] == [{"CRITICAL": 1}] * 2


def test_an_image_basic_scanning_cannot_read_fails(fake: FakeBackend) -> None:
    """AWS's status and text for an image built FROM scratch: aws-observability/aws-otel-collector#2193. botocore's
    waiter stops at FAILED (its failure acceptor)."""
    repository(fake, WEB)
    fake.vulnerabilities.declare_unsupported("web:scratch")
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="scratch")
    client = ecr(fake)
    client.start_image_scan(repositoryName=WEB, imageId={"imageTag": "scratch"})
    with pytest.raises(botocore.exceptions.WaiterError, match="failure state"):
        client.get_waiter("image_scan_complete").wait(repositoryName=WEB, imageId={"imageTag": "scratch"})
    answer = findings(fake, "scratch")
    assert answer["imageScanStatus"] == {
        "status": "FAILED",
        "description": "UnsupportedImageError: The operating system and/or package manager are not supported.",
    }
    assert "imageScanFindings" not in answer
    (event,) = events(fake, "ECR Image Scan")
    assert event.detail["scan-status"] == "FAILED"


def test_an_archived_image_cannot_be_scanned(fake: FakeBackend) -> None:
    repository(fake, WEB)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="old")
    archive = TargetStorageClass.ARCHIVE
    fake.ecr.update_image_storage_class(
        UpdateImageStorageClassRequest(
            repository_name=WEB, image_id=ImageIdentifier(image_tag="old"), target_storage_class=archive
        )
    )
    error = refusal(fake, StartImageScanRequest(repository_name=WEB, image_id=ImageIdentifier(image_tag="old")))
    assert (error.code, error.message) == (
        "ImageArchivedException",
        "The specified image is archived and cannot be scanned.",
    )


def test_manual_scans_are_refused_under_enhanced_scanning(fake: FakeBackend) -> None:
    """ "Manual scans using enhanced scanning isn't supported" (user guide); AWS's text as users of enhanced
    registries report it: alexjurkiewicz/ecr-scan-image#44."""
    repository(fake, WEB)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    enhanced(fake)
    error = refusal(fake, StartImageScanRequest(repository_name=WEB, image_id=ImageIdentifier(image_tag="1.0")))
    assert (error.code, error.message) == ("ValidationException", "This feature is disabled")


def test_the_registry_s_scan_on_push_filters_choose_the_repositories(fake: FakeBackend) -> None:
    """BASIC scanning with a SCAN_ON_PUSH rule: repositories it matches are scanned on push, the others not."""
    repository(fake, "prod-web")
    repository(fake, "dev-web")
    rules = [{"scanFrequency": "SCAN_ON_PUSH", "repositoryFilters": [{"filter": "prod*", "filterType": "WILDCARD"}]}]
    ecr(fake).put_registry_scanning_configuration(scanType="BASIC", rules=rules)
    for name in ("prod-web", "dev-web"):
        push_image(fake, TestImage(seed=name), repository=name, tag="1.0")
    assert findings(fake, "1.0", "prod-web")["imageScanStatus"]["status"] == "IN_PROGRESS"
    request = DescribeImageScanFindingsRequest(repository_name="dev-web", image_id=ImageIdentifier(image_tag="1.0"))
    error = refusal(fake, request)
    assert error.code == "ScanNotFoundException"


def test_scan_not_found_names_the_image_as_the_call_did(fake: FakeBackend) -> None:
    """AWS's text (a user's error output in JHashimoto0518/python-exercise's notes): the image id as given,
    ``null`` for the member left out."""
    repository(fake, WEB)
    pushed = push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    by_digest = DescribeImageScanFindingsRequest(
        repository_name=WEB, image_id=ImageIdentifier(image_digest=pushed.digest)
    )
    error = refusal(fake, by_digest)
    assert (error.code, error.message) == (
        "ScanNotFoundException",
        f"Image scan does not exist for the image with '{{imageDigest:'{pushed.digest}', imageTag:'null'}}' in the "
        f"repository with name '{WEB}' in the registry with id '{OWNER}'",
    )


def test_findings_come_a_page_at_a_time_with_the_counts_of_all(fake: FakeBackend) -> None:
    """Up to 100 findings a page unless asked for up to 1000 (``maxResults``, DescribeImageScanFindings)."""
    scanned_on_push(fake)
    fake.vulnerabilities.declare_package("web:*", "kernel", "5.10")
    severities = ("CRITICAL", "HIGH", "MEDIUM", "LOW")
    for n in range(250):
        fake.vulnerabilities.declare_cve(f"CVE-2024-{n:05d}", "kernel", affected="*", severity=severities[n % 4])
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    fake.advance(30)
    seen: list[str] = []
    token: dict[str, str] = {}
    pages = 0
    while True:
        page = findings(fake, **token)
        assert page["imageScanFindings"]["findingSeverityCounts"] == {
            s: (250 + 3 - i) // 4 for i, s in enumerate(severities)
        }
        seen += [f["name"] for f in page["imageScanFindings"]["findings"]]
        pages += 1
        if "nextToken" not in page:
            break
        token = {"nextToken": page["nextToken"]}
    assert (pages, len(seen), len(set(seen))) == (3, 250, 250)
    assert len(findings(fake, maxResults=1000)["imageScanFindings"]["findings"]) == 250
    first = findings(fake, maxResults=7)["imageScanFindings"]["findings"]
    assert [f["severity"] for f in first] == ["CRITICAL"] * 7  # most severe first
    for size, rule in ((0, "greater than or equal to 1"), (1001, "less than or equal to 1000")):
        request = DescribeImageScanFindingsRequest(
            repository_name=WEB, image_id=ImageIdentifier(image_tag="1.0"), max_results=size
        )
        error = refusal(fake, request, boto=size > 0)  # botocore itself refuses 0 before sending it
        assert (error.code, error.message) == (
            "InvalidParameterException",
            f"Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value {rule}'",
        )


def test_another_account_scans_only_where_a_policy_lets_it(fake: FakeBackend) -> None:
    """AccessDeniedException before anything else: another account's caller learns nothing of the repository."""
    repository(fake, WEB)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    other = fake.scoped(account="444455556666")
    scan = StartImageScanRequest(registry_id=OWNER, repository_name=WEB, image_id=ImageIdentifier(image_tag="1.0"))
    read = DescribeImageScanFindingsRequest(
        registry_id=OWNER, repository_name=WEB, image_id=ImageIdentifier(image_tag="1.0")
    )
    for request in (scan, read):
        assert refusal(other, request).code == "AccessDeniedException"
    statement = {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": ["ecr:StartImageScan"]}
    ecr(fake).set_repository_policy(
        repositoryName=WEB, policyText=json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    )
    assert other.ecr.start_image_scan(scan).image_scan_status is not None
    assert refusal(other, read).code == "AccessDeniedException"


def test_a_deleted_image_s_scan_step_does_nothing(fake: FakeBackend) -> None:
    scanned_on_push(fake)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    ecr(fake).batch_delete_image(repositoryName=WEB, imageIds=[{"imageTag": "1.0"}])
    fake.advance(30)
    assert events(fake, "ECR Image Scan") == []


def test_a_replica_starts_unscanned(fake: FakeBackend) -> None:
    """A replicated image is a copy of its own: the source's scan stays the source's."""
    scanned_on_push(fake)
    openssl(fake)
    rules = [{"destinations": [{"region": "us-west-2", "registryId": OWNER}]}]
    ecr(fake).put_replication_configuration(replicationConfiguration={"rules": rules})
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    fake.advance(120)
    west = fake.scoped(region="us-west-2")
    request = DescribeImageScanFindingsRequest(repository_name=WEB, image_id=ImageIdentifier(image_tag="1.0"))
    assert refusal(west, request).code == "ScanNotFoundException"
    ecr(west).start_image_scan(repositoryName=WEB, imageId={"imageTag": "1.0"})  # no quota used by the source's scan
    fake.advance(30)
    assert findings(west)["imageScanFindings"]["findingSeverityCounts"] == {"CRITICAL": 1}
    assert findings(fake)["imageScanStatus"]["status"] == "COMPLETE"
