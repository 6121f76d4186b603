"""Image scanning on the fake's ECR: the vulnerability catalogue a test declares, basic scans (on push and
StartImageScan, once per 24 hours), enhanced scans (on push and continuous, Amazon Inspector's findings and statuses),
DescribeImageScanFindings with its paging, what DescribeImages shows, and the EventBridge events of scans compared
with AWS's sample events.

Sources: the ECR API reference (StartImageScan, DescribeImageScanFindings and its two examples, ImageScanStatus);
the ECR user guide's "Basic scanning", "Enhanced scanning", "Filters to choose which repositories are scanned" and
"Amazon ECR events and EventBridge" (awsdocs/amazon-ecr-user-guide, doc_source/ecr-eventbridge.md and
image-scanning-enhanced.md: the sample events below); Inspector's "Configuring the Amazon ECR re-scan duration";
AWS's texts as public reports show them (named at each test and in ecskit.backends.fake.engine.ecr_scans).
"""

from __future__ import annotations

import json
from typing import Any

import botocore.exceptions
import pytest

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.core.bus import BusEvent
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

WEB = "web"
DAY = 24 * 3600.0
#: A CVSS 3.1 vector (CVE-2021-3711's, NVD).
VECTOR = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"


@pytest.fixture
def fake() -> FakeBackend:
    return FakeBackend()


def ecr(fake: FakeBackend) -> Any:
    return fake.client("ecr")


def scanned_on_push(fake: FakeBackend, name: str = WEB) -> None:
    repository(fake, name, image_scanning_configuration=ImageScanningConfiguration(scan_on_push=True))


def enhanced(fake: FakeBackend, frequency: str = "CONTINUOUS_SCAN", pattern: str = "*") -> None:
    rules = [{"scanFrequency": frequency, "repositoryFilters": [{"filter": pattern, "filterType": "WILDCARD"}]}]
    ecr(fake).put_registry_scanning_configuration(scanType="ENHANCED", rules=rules)


def openssl(fake: FakeBackend, version: str = "1.1.1k", image: str = "web:*") -> None:
    """openssl ``version`` in the images ``image`` names, and CVE-2021-3711 of openssl < 1.1.1l (CRITICAL)."""
    fake.vulnerabilities.declare_package(image, "openssl", version)
    fake.vulnerabilities.declare_cve(
        "CVE-2021-3711",
        "openssl",
        affected="< 1.1.1l",
        severity="CRITICAL",
        cvss=9.8,
        cvss_vector=VECTOR,
        fixed_in="1.1.1l",
        description="In order to decrypt SM2 encrypted data an application is expected to call the API function.",
    )


def findings(fake: FakeBackend, tag: str = "1.0", name: str = WEB, **paging: Any) -> dict[str, Any]:
    answer: dict[str, Any] = ecr(fake).describe_image_scan_findings(
        repositoryName=name, imageId={"imageTag": tag}, **paging
    )
    answer.pop("ResponseMetadata")
    return answer


def detail(fake: FakeBackend, tag: str = "1.0") -> dict[str, Any]:
    found: dict[str, Any] = ecr(fake).describe_images(repositoryName=WEB, imageIds=[{"imageTag": tag}])["imageDetails"][
        0
    ]
    return found


def events(fake: FakeBackend, detail_type: str) -> list[BusEvent]:
    return [e for e in fake.records().bus if e.detail_type == detail_type]


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
    index = TestIndex(images=(TestImage(seed="a"), TestImage(seed="b", architecture="arm64")))
    push_image(fake, index, repository=WEB, tag="multi")
    fake.advance(30)
    status = findings(fake, "multi")["imageScanStatus"]
    assert status["status"] == "UNSUPPORTED_IMAGE"
    assert media.DOCKER_MANIFEST_LIST in status["description"]
    children = ecr(fake).describe_images(repositoryName=WEB, filter={"tagStatus": "UNTAGGED"})["imageDetails"]
    assert sorted(d["imageScanStatus"]["status"] for d in children) == ["COMPLETE", "COMPLETE"]


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


# -- enhanced scanning ------------------------------------------------------------------------------------------------

#: The enhanced finding of the API reference's "Example for enhanced image scanning" (DescribeImageScanFindings).
API_ENHANCED_FINDING = {
    "awsAccountId": "123456789012",
    "description": "xmlXIncludeAddNode in xinclude.c in libxml2 before 2.11.0 has a use-after-free.",
    "findingArn": "arn:aws:inspector2:us-west-2:123456789012:finding/123456789012123456789012",
    "firstObservedAt": "2025-05-27T17:54:07.765000+00:00",
    "lastObservedAt": "2025-06-09T07:08:40.144000+00:00",
    "packageVulnerabilityDetails": {
        "cvss": [
            {
                "baseScore": 8.1,
                "scoringVector": "CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H",
                "source": "NVD",
                "version": "3.1",
            }
        ],
        "referenceUrls": ["https://security-tracker.debian.org/tracker/CVE-2022-49043"],
        "relatedVulnerabilities": [],
        "source": "DEBIAN_CVE",
        "sourceUrl": "https://security-tracker.debian.org/tracker/CVE-2022-49043",
        "vendorSeverity": "not yet assigned",
        "vulnerabilityId": "CVE-2022-49043",
        "vulnerablePackages": [
            {
                "arch": "AMD64",
                "epoch": 0,
                "name": "libxml2",
                "packageManager": "OS",
                "release": "1.3~deb12u1",
                "sourceLayerHash": "sha256:deb7d8874f38d4ec281d990aac2c7badbfcd5b97d602a388056e3f918a3f8cc7",
                "version": "2.9.14+dfsg",
                "fixedInVersion": "NotAvailable",
            }
        ],
    },
    "remediation": {"recommendation": {"text": "None Provided"}},
    "resources": [
        {
            "details": {
                "awsEcrContainerImage": {
                    "architecture": "amd64",
                    "imageHash": "sha256:74b2c688c700ec95a93e478cdb959737c148df3fbf5ea706abe0318726e885e6",
                    "imageTags": ["latest"],
                    "platform": "DEBIAN_12",
                    "pushedAt": "2025-05-27T17:53:50.554000+00:00",
                    "lastInUseAt": "2025-06-09T04:43:20.427000+00:00",
                    "inUseCount": 1,
                    "registry": "123456789012",
                    "repositoryName": "sample-repo",
                }
            },
            "id": "arn:aws:ecr:us-west-2:123456789012:repository/sample-repo/sha256:74b2c688c700ec95a93e478cdb959737c1",
            "tags": {},
            "type": "AWS_ECR_CONTAINER_IMAGE",
        }
    ],
    "score": 8.1,
    "scoreDetails": {
        "cvss": {
            "adjustments": [],
            "score": 8.1,
            "scoreSource": "NVD",
            "scoringVector": "CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H",
            "version": "3.1",
        }
    },
    "severity": "HIGH",
    "status": "ACTIVE",
    "title": "CVE-2022-49043 - libxml2",
    "type": "PACKAGE_VULNERABILITY",
    "updatedAt": "2025-06-09T07:08:40.144000+00:00",
    "fixAvailable": "NO",
    "exploitAvailable": "NO",
}


def libxml2(fake: FakeBackend) -> None:
    """The API reference example's package and vulnerability."""
    fake.vulnerabilities.declare_package("web:*", "libxml2", "2.9.14+dfsg-1.3~deb12u1")
    fake.vulnerabilities.declare_cve(
        "CVE-2022-49043",
        "libxml2",
        affected="< 2.11.0",
        severity="HIGH",
        cvss=8.1,
        cvss_vector="CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H",
        description="xmlXIncludeAddNode in xinclude.c in libxml2 before 2.11.0 has a use-after-free.",
    )


def shape(value: Any) -> Any:
    """The structure of a JSON value: members (recursively) and the types of the leaves; a list by its first item."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if isinstance(value, bool) or value is None:
        return type(value).__name__
    if isinstance(value, (int, float)):
        return "number"
    return "str"


def without(value: dict[str, Any], *paths: str) -> dict[str, Any]:
    """``value`` less the members at ``paths`` (``a.b.0.c``: a list's item by its index)."""
    copy: dict[str, Any] = json.loads(json.dumps(value))
    for path in paths:
        *parents, last = path.split(".")
        where: Any = copy
        for part in parents:
            where = where[int(part)] if isinstance(where, list) else where[part]
        del where[last]
    return copy


def test_continuous_scanning_pending_then_active_with_inspector_s_findings(fake: FakeBackend) -> None:
    """PENDING ("Pending start of the image scan.", alexjurkiewicz/ecr-scan-image#51), then ACTIVE ("Continuous scan
    is selected for image."); the enhanced finding has the members of the API reference's example."""
    repository(fake, WEB)
    enhanced(fake)
    libxml2(fake)
    pushed = push_image(fake, TestImage(seed="a"), repository=WEB, tag="latest")
    pending = findings(fake, "latest")
    assert pending["imageScanStatus"] == {"status": "PENDING", "description": "Pending start of the image scan."}
    assert pending["imageScanFindings"] == {"findings": [], "enhancedFindings": []}
    fake.advance(60)
    answer = findings(fake, "latest")
    assert answer["imageScanStatus"] == {"status": "ACTIVE", "description": "Continuous scan is selected for image."}
    scan = answer["imageScanFindings"]
    assert scan["findingSeverityCounts"] == {"HIGH": 1}
    assert "findings" not in scan
    (finding,) = scan["enhancedFindings"]
    ours = json.loads(json.dumps(finding, default=str))
    # What the fake does not know: the image's architecture, platform and use by clusters, a package's arch; and
    # the vulnerability's source is the test's declaration (NVD), which has no vendorSeverity text of its own.
    expected = without(
        API_ENHANCED_FINDING,
        "resources.0.details.awsEcrContainerImage.architecture",
        "resources.0.details.awsEcrContainerImage.platform",
        "resources.0.details.awsEcrContainerImage.lastInUseAt",
        "resources.0.details.awsEcrContainerImage.inUseCount",
        "packageVulnerabilityDetails.vulnerablePackages.0.arch",
    )
    expected["packageVulnerabilityDetails"]["vendorCreatedAt"] = "2025-01-01T00:00:00+00:00"
    assert shape(ours) == shape(expected)
    package = finding["packageVulnerabilityDetails"]["vulnerablePackages"][0]
    assert (package["version"], package["release"], package["epoch"]) == ("2.9.14+dfsg", "1.3~deb12u1", 0)
    assert package["sourceLayerHash"] == TestImage(seed="a").layers[-1].digest
    assert (finding["title"], finding["severity"], finding["status"]) == ("CVE-2022-49043 - libxml2", "HIGH", "ACTIVE")
    assert finding["resources"][0]["id"] == f"arn:aws:ecr:us-east-1:{OWNER}:repository/{WEB}/{pushed.digest}"
    assert finding["findingArn"].startswith(f"arn:aws:inspector2:us-east-1:{OWNER}:finding/")


def test_describe_images_shows_no_status_of_an_enhanced_scan(fake: FakeBackend) -> None:
    """aws/containers-roadmap#1662 (open): DescribeImages gives no imageScanStatus nor imageScanFindingsSummary under
    enhanced scanning."""
    repository(fake, WEB)
    enhanced(fake)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    fake.advance(60)
    assert {"imageScanStatus", "imageScanFindingsSummary"}.isdisjoint(detail(fake))
    assert findings(fake)["imageScanStatus"]["status"] == "ACTIVE"


def test_an_enhanced_scan_on_push_completes_and_stays_as_it_was(fake: FakeBackend) -> None:
    """Enhanced SCAN_ON_PUSH ends COMPLETE (aws/aws-sdk#289); only continuous scanning sees later vulnerabilities;
    an enhanced scan that found nothing answers ``findings: []`` (aws/aws-cli#6759)."""
    repository(fake, WEB)
    enhanced(fake, "SCAN_ON_PUSH")
    fake.vulnerabilities.declare_package("web:*", "libxml2", "2.9.14+dfsg-1.3~deb12u1")
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    fake.advance(60)
    done = findings(fake)
    assert done["imageScanStatus"] == {"status": "COMPLETE", "description": "The scan was completed successfully."}
    assert done["imageScanFindings"]["findings"] == []
    libxml2(fake)
    assert findings(fake)["imageScanFindings"]["findings"] == []
    assert events(fake, "Inspector2 Finding") == []


def test_continuous_scanning_adds_and_closes_findings_without_a_new_scan(fake: FakeBackend) -> None:
    repository(fake, WEB)
    enhanced(fake)
    libxml2(fake)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    fake.advance(60)
    assert len(events(fake, "Inspector2 Finding")) == 1
    fake.advance(3600)
    fake.vulnerabilities.declare_cve("CVE-2025-24928", "libxml2", affected="< 2.9.14+dfsg-1.3~deb12u2", severity="HIGH")
    fake.vulnerabilities.declare_cve(
        "CVE-2024-25062", "libxml2", affected="*", severity="MEDIUM", exploit_available=True
    )
    now = findings(fake)["imageScanFindings"]
    assert now["findingSeverityCounts"] == {"HIGH": 2, "MEDIUM": 1}
    assert now["imageScanCompletedAt"] == fake.clock.now()
    added = events(fake, "Inspector2 Finding")[1:]
    assert [(e.detail["title"], e.detail["status"], e.detail["exploitAvailable"]) for e in added] == [
        ("CVE-2025-24928 - libxml2", "ACTIVE", "NO"),
        ("CVE-2024-25062 - libxml2", "ACTIVE", "YES"),
    ]
    # declared again, no longer affecting the image's version: the finding is closed
    fake.vulnerabilities.declare_cve("CVE-2024-25062", "libxml2", affected="< 2.0", severity="MEDIUM")
    closed = events(fake, "Inspector2 Finding")[-1]
    assert (closed.detail["title"], closed.detail["status"]) == ("CVE-2024-25062 - libxml2", "CLOSED")
    assert findings(fake)["imageScanFindings"]["findingSeverityCounts"] == {"HIGH": 2}
    # a new severity updates the finding (an ACTIVE event), first observed as before
    fake.vulnerabilities.declare_cve(
        "CVE-2025-24928", "libxml2", affected="< 2.9.14+dfsg-1.3~deb12u2", severity="CRITICAL"
    )
    updated = events(fake, "Inspector2 Finding")[-1]
    assert (updated.detail["severity"], updated.detail["firstObservedAt"]) == ("CRITICAL", "Jan 1, 2025, 1:01:00 AM")


def test_continuous_scanning_of_a_fixed_image_finds_nothing(fake: FakeBackend) -> None:
    repository(fake, WEB)
    enhanced(fake)
    libxml2(fake)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="latest")
    fake.vulnerabilities.declare_package("web:*", "libxml2", "2.12.0")
    push_image(fake, TestImage(seed="b"), repository=WEB, tag="latest")
    fake.advance(60)
    assert findings(fake, "latest")["imageScanFindings"] == {
        "imageScanCompletedAt": fake.clock.now(),
        "vulnerabilitySourceUpdatedAt": fake.clock.now(),
        "findings": [],
    }


def test_continuous_scanning_ends_after_the_re_scan_duration(fake: FakeBackend) -> None:
    """14 days after its push by default (Inspector: "The default scan duration for new accounts ... is 14 days");
    the image's findings close (Inspector2 Finding, CLOSED). A pull keeps it in use."""
    repository(fake, WEB)
    enhanced(fake)
    libxml2(fake)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="old")
    push_image(fake, TestImage(seed="b"), repository=WEB, tag="pulled")
    fake.advance(60)
    fake.advance(10 * DAY)
    ecr(fake).batch_get_image(repositoryName=WEB, imageIds=[{"imageTag": "pulled"}])
    fake.advance(4 * DAY)
    expired = findings(fake, "old")
    assert expired["imageScanStatus"]["status"] == "SCAN_ELIGIBILITY_EXPIRED"
    assert expired["imageScanFindings"]["findings"] == []
    assert [e.detail["status"] for e in events(fake, "Inspector2 Finding")][-1] == "CLOSED"
    assert findings(fake, "pulled")["imageScanStatus"]["status"] == "ACTIVE"
    fake.advance(10 * DAY)
    assert findings(fake, "pulled")["imageScanStatus"]["status"] == "SCAN_ELIGIBILITY_EXPIRED"


@pytest.mark.parametrize(
    ("duration", "days", "status"),
    [("DAYS_30", 29, "ACTIVE"), ("DAYS_30", 31, "SCAN_ELIGIBILITY_EXPIRED"), ("LIFETIME", 400, "ACTIVE")],
)
def test_the_re_scan_duration_is_the_account_s(fake: FakeBackend, duration: str, days: int, status: str) -> None:
    repository(fake, WEB)
    enhanced(fake)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    fake.advance(60)
    fake.vulnerabilities.set_rescan_duration(duration)
    fake.advance(days * DAY)
    assert findings(fake)["imageScanStatus"]["status"] == status
    other = fake.scoped(region="eu-west-1")
    assert other.records().ecr.rescan_duration == "DAYS_14"


def test_a_new_configuration_scans_eligible_images_and_reports_the_frequency_change(fake: FakeBackend) -> None:
    """``ECR Scan Resource Change`` (SCAN_FREQUENCY_CHANGE) for the repositories whose frequency changed; images of
    repositories now scanned continuously are scanned if pushed within the re-scan duration."""
    repository(fake, WEB)
    repository(fake, "api")
    libxml2(fake)
    push_image(fake, TestImage(seed="old"), repository=WEB, tag="old")
    fake.advance(20 * DAY)
    push_image(fake, TestImage(seed="new"), repository=WEB, tag="new")
    enhanced(fake, pattern="web")
    (change,) = events(fake, "ECR Scan Resource Change")
    assert change.detail["repositories"] == [
        {
            "repository-name": WEB,
            "repository-arn": f"arn:aws:ecr:us-east-1:{OWNER}:repository/{WEB}",
            "scan-frequency": "CONTINUOUS_SCAN",
            "previous-scan-frequency": "MANUAL",
        }
    ]
    fake.advance(60)
    assert findings(fake, "new")["imageScanStatus"]["status"] == "ACTIVE"
    request = DescribeImageScanFindingsRequest(repository_name=WEB, image_id=ImageIdentifier(image_tag="old"))
    assert refusal(fake, request).code == "ScanNotFoundException"  # past the re-scan duration: not scanned
    enhanced(fake, pattern="web")  # the same again: nothing changed, no event
    assert len(events(fake, "ECR Scan Resource Change")) == 1


def test_back_to_basic_scanning_enhanced_findings_are_unavailable(fake: FakeBackend) -> None:
    repository(fake, WEB)
    enhanced(fake)
    libxml2(fake)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    fake.advance(60)
    ecr(fake).put_registry_scanning_configuration(scanType="BASIC", rules=[])
    status = findings(fake)["imageScanStatus"]
    assert status["status"] == "FINDINGS_UNAVAILABLE"
    assert events(fake, "ECR Scan Resource Change") == [events(fake, "ECR Scan Resource Change")[0]]
    ecr(fake).start_image_scan(repositoryName=WEB, imageId={"imageTag": "1.0"})  # basic scans are allowed again
    fake.advance(30)
    assert findings(fake)["imageScanFindings"]["findingSeverityCounts"] == {"HIGH": 1}


def test_an_enhanced_scan_of_an_index_is_unsupported_image(fake: FakeBackend) -> None:
    repository(fake, WEB)
    enhanced(fake, "SCAN_ON_PUSH")
    push_image(
        fake,
        TestIndex(images=(TestImage(seed="a"), TestImage(seed="b", architecture="arm64"))),
        repository=WEB,
        tag="m",
    )
    assert findings(fake, "m")["imageScanStatus"]["status"] == "UNSUPPORTED_IMAGE"


def test_a_scan_under_way_survives_save_and_restore(fake: FakeBackend) -> None:
    repository(fake, WEB)
    enhanced(fake)
    libxml2(fake)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    restored = FakeBackend.restore(fake.save())
    for each in (fake, restored):
        each.advance(60)
        each.vulnerabilities.declare_cve("CVE-2025-24928", "libxml2", affected="*", severity="LOW")
    assert restored.save() == fake.save()
    assert findings(restored)["imageScanFindings"]["findingSeverityCounts"] == {"HIGH": 1, "LOW": 1}


def test_a_deleted_image_s_scan_step_does_nothing(fake: FakeBackend) -> None:
    scanned_on_push(fake)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    ecr(fake).batch_delete_image(repositoryName=WEB, imageIds=[{"imageTag": "1.0"}])
    fake.advance(30)
    assert events(fake, "ECR Image Scan") == []


# -- the events, compared with AWS's samples --------------------------------------------------------------------------

#: "Event for a completed image scan (basic scanning)", ECR user guide, Amazon ECR events and EventBridge.
SAMPLE_IMAGE_SCAN = {
    "version": "0",
    "id": "85fc3613-e913-7fc4-a80c-a3753e4aa9ae",
    "detail-type": "ECR Image Scan",
    "source": "aws.ecr",
    "account": "123456789012",
    "time": "2019-10-29T02:36:48Z",
    "region": "us-east-1",
    "resources": ["arn:aws:ecr:us-east-1:123456789012:repository/my-repository-name"],
    "detail": {
        "scan-status": "COMPLETE",
        "repository-name": "my-repository-name",
        "finding-severity-counts": {"CRITICAL": 10, "MEDIUM": 9},
        "image-digest": "sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234",
        "image-tags": [],
    },
}

#: "Event for a change notification on a resource with enhanced scanning enabled", ECR user guide.
SAMPLE_SCAN_RESOURCE_CHANGE = {
    "version": "0",
    "id": "0c18352a-a4d4-6853-ef53-0ab8638973bf",
    "detail-type": "ECR Scan Resource Change",
    "source": "aws.ecr",
    "account": "123456789012",
    "time": "2021-10-14T20:53:46Z",
    "region": "us-east-1",
    "resources": [],
    "detail": {
        "action-type": "SCAN_FREQUENCY_CHANGE",
        "repositories": [
            {
                "repository-name": "repository-1",
                "repository-arn": "arn:aws:ecr:us-east-1:123456789012:repository/repository-1",
                "scan-frequency": "SCAN_ON_PUSH",
                "previous-scan-frequency": "MANUAL",
            }
        ],
        "resource-type": "REPOSITORY",
        "scan-type": "ENHANCED",
    },
}

#: "Event for an initial image scan (enhanced scanning)", ECR user guide, Enhanced scanning.
SAMPLE_INSPECTOR_SCAN = {
    "version": "0",
    "id": "739c0d3c-4f02-85c7-5a88-94a9EXAMPLE",
    "detail-type": "Inspector2 Scan",
    "source": "aws.inspector2",
    "account": "123456789012",
    "time": "2021-12-03T18:03:16Z",
    "region": "us-east-2",
    "resources": ["arn:aws:ecr:us-east-2:123456789012:repository/amazon/amazon-ecs-sample"],
    "detail": {
        "scan-status": "INITIAL_SCAN_COMPLETE",
        "repository-name": "arn:aws:ecr:us-east-2:809632081692:repository/amazon/amazon-ecs-sample",
        "finding-severity-counts": {"CRITICAL": 7, "HIGH": 61, "MEDIUM": 62, "TOTAL": 158},
        "image-digest": "sha256:36c7b282abd0186e01419f2e58743e1bf635808231049bbc9d77e5EXAMPLE",
        "image-tags": ["latest"],
    },
}

#: "Event for an image scan finding update (enhanced scanning)", ECR user guide, Enhanced scanning.
SAMPLE_INSPECTOR_FINDING = {
    "version": "0",
    "id": "42dbea55-45ad-b2b4-87a8-afaEXAMPLE",
    "detail-type": "Inspector2 Finding",
    "source": "aws.inspector2",
    "account": "123456789012",
    "time": "2021-12-03T18:02:30Z",
    "region": "us-east-2",
    "resources": [
        "arn:aws:ecr:us-east-2:123456789012:repository/amazon/amazon-ecs-sample/sha256:36c7b282abd0186e01419f2e58743e1b"
    ],
    "detail": {
        "awsAccountId": "123456789012",
        "description": "In libssh2 v1.9.0 and earlier versions, the SSH_MSG_DISCONNECT logic in packet.c has an ...",
        "findingArn": "arn:aws:inspector2:us-east-2:123456789012:finding/be674aaddd0f75ac632055EXAMPLE",
        "firstObservedAt": "Dec 3, 2021, 6:02:30 PM",
        "inspectorScore": 6.5,
        "inspectorScoreDetails": {
            "adjustedCvss": {
                "adjustments": [],
                "cvssSource": "REDHAT_CVE",
                "score": 6.5,
                "scoreSource": "REDHAT_CVE",
                "scoringVector": "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:N",
                "version": "3.0",
            }
        },
        "lastObservedAt": "Dec 3, 2021, 6:02:30 PM",
        "packageVulnerabilityDetails": {
            "cvss": [
                {
                    "baseScore": 6.5,
                    "scoringVector": "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:N",
                    "source": "REDHAT_CVE",
                    "version": "3.0",
                }
            ],
            "referenceUrls": ["https://access.redhat.com/errata/RHSA-2020:3915"],
            "source": "REDHAT_CVE",
            "sourceUrl": "https://access.redhat.com/security/cve/CVE-2019-17498",
            "vendorCreatedAt": "Oct 16, 2019, 12:00:00 AM",
            "vendorSeverity": "Moderate",
            "vulnerabilityId": "CVE-2019-17498",
            "vulnerablePackages": [
                {
                    "arch": "X86_64",
                    "epoch": 0,
                    "name": "libssh2",
                    "packageManager": "OS",
                    "release": "12.amzn2.2",
                    "sourceLayerHash": "sha256:72d97abdfae3b3c933ff41e39779cc72853d7bd9dc1e4800c5294dEXAMPLE",
                    "version": "1.4.3",
                }
            ],
        },
        "remediation": {
            "recommendation": {
                "text": "Update all packages in the vulnerable packages section to their latest versions."
            }
        },
        "resources": [
            {
                "details": {
                    "awsEcrContainerImage": {
                        "architecture": "amd64",
                        "imageHash": "sha256:36c7b282abd0186e01419f2e58743e1bf635808231049bbc9d77e5EXAMPLE",
                        "imageTags": ["latest"],
                        "platform": "AMAZON_LINUX_2",
                        "pushedAt": "Dec 3, 2021, 6:02:13 PM",
                        "registry": "123456789012",
                        "repositoryName": "amazon/amazon-ecs-sample",
                    }
                },
                "id": "arn:aws:ecr:us-east-2:123456789012:repository/amazon/amazon-ecs-sample/sha256:36c7b282abd0",
                "partition": "N/A",
                "region": "N/A",
                "type": "AWS_ECR_CONTAINER_IMAGE",
            }
        ],
        "severity": "MEDIUM",
        "status": "ACTIVE",
        "title": "CVE-2019-17498 - libssh2",
        "type": "PACKAGE_VULNERABILITY",
        "updatedAt": "Dec 3, 2021, 6:02:30 PM",
    },
}


def envelope(fake: FakeBackend, detail_type: str) -> dict[str, Any]:
    found = events(fake, detail_type)
    assert found, f"no {detail_type} event"
    return found[0].envelope()


def test_the_image_scan_event_has_the_sample_s_members(fake: FakeBackend) -> None:
    scanned_on_push(fake)
    openssl(fake)
    pushed = push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    fake.advance(30)
    event = envelope(fake, "ECR Image Scan")
    # the counts and tags depend on the image: their members are compared below
    varying = ("detail.image-tags", "detail.finding-severity-counts")
    assert shape(without(event, *varying)) == shape(without(SAMPLE_IMAGE_SCAN, *varying))
    assert event["detail"] == {
        "scan-status": "COMPLETE",
        "repository-name": WEB,
        "finding-severity-counts": {"CRITICAL": 1},  # only the severities found (user guide)
        "image-digest": pushed.digest,
        "image-tags": ["1.0"],
    }
    assert (event["source"], event["time"], event["resources"]) == (
        "aws.ecr",
        "2025-01-01T00:00:30Z",
        [f"arn:aws:ecr:us-east-1:{OWNER}:repository/{WEB}"],
    )


def test_the_scan_resource_change_event_has_the_sample_s_members(fake: FakeBackend) -> None:
    repository(fake, WEB)
    enhanced(fake, "SCAN_ON_PUSH")
    event = envelope(fake, "ECR Scan Resource Change")
    assert shape(event) == shape(SAMPLE_SCAN_RESOURCE_CHANGE)
    assert event["detail"]["repositories"][0]["scan-frequency"] == "SCAN_ON_PUSH"


def test_the_inspector_scan_event_has_the_sample_s_members(fake: FakeBackend) -> None:
    repository(fake, WEB)
    enhanced(fake)
    libxml2(fake)
    pushed = push_image(fake, TestImage(seed="a"), repository=WEB, tag="latest")
    fake.advance(60)
    event = envelope(fake, "Inspector2 Scan")
    assert shape(event) == shape(SAMPLE_INSPECTOR_SCAN)
    assert event["detail"] == {
        "scan-status": "INITIAL_SCAN_COMPLETE",
        "repository-name": f"arn:aws:ecr:us-east-1:{OWNER}:repository/{WEB}",  # the ARN, as in the sample
        "finding-severity-counts": {"CRITICAL": 0, "HIGH": 1, "MEDIUM": 0, "TOTAL": 1},
        "image-digest": pushed.digest,
        "image-tags": ["latest"],
    }
    assert event["source"] == "aws.inspector2"


def test_the_inspector_finding_event_has_the_sample_s_members(fake: FakeBackend) -> None:
    repository(fake, WEB)
    enhanced(fake)
    libxml2(fake)
    pushed = push_image(fake, TestImage(seed="a"), repository=WEB, tag="latest")
    fake.advance(60)
    event = envelope(fake, "Inspector2 Finding")
    # Not known to the fake: the image's architecture and platform, the package's arch. Beyond the (2021) sample,
    # the members Inspector's findings have since: fixAvailable, exploitAvailable, a package's fixedInVersion.
    sample = without(
        SAMPLE_INSPECTOR_FINDING,
        "detail.resources.0.details.awsEcrContainerImage.architecture",
        "detail.resources.0.details.awsEcrContainerImage.platform",
        "detail.packageVulnerabilityDetails.vulnerablePackages.0.arch",
    )
    sample["detail"].update(fixAvailable="NO", exploitAvailable="NO")
    sample["detail"]["packageVulnerabilityDetails"]["vulnerablePackages"][0]["fixedInVersion"] = "NotAvailable"
    assert shape(event) == shape(sample)
    assert event["resources"] == [f"arn:aws:ecr:us-east-1:{OWNER}:repository/{WEB}/{pushed.digest}"]
    found = event["detail"]
    assert (found["firstObservedAt"], found["status"], found["inspectorScore"]) == (
        "Jan 1, 2025, 12:01:00 AM",
        "ACTIVE",
        8.1,
    )
