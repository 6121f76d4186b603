"""Enhanced scanning (Amazon Inspector) on the fake's ECR: scans on push and continuous scanning, Inspector's
findings, the re-scan duration and the registry's scanning configuration.

Sources: the ECR API reference's "Example for enhanced image scanning" (DescribeImageScanFindings) and
ImageScanStatus; the ECR user guide's "Enhanced scanning"; Inspector's "Configuring the Amazon ECR re-scan duration";
AWS's texts as public reports show them (named at each test and in ecskit.backends.fake.engine.ecr_scans).
"""

from __future__ import annotations

import json

import pytest

from ecskit.backends.fake import FakeBackend
from ecskit.images import TestImage, TestIndex, push_image
from ecskit.models.ecr import DescribeImageScanFindingsRequest, ImageIdentifier
from tests.support.fake_ecr import OWNER, refusal, repository
from tests.support.fake_scanning import DAY, WEB, detail, ecr, enhanced, events, findings, libxml2, shape, without


@pytest.fixture
def fake() -> FakeBackend:
    return FakeBackend()


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


def _closed_titles(fake: FakeBackend) -> list[tuple[str, str]]:
    return [
        (e.detail["title"], e.detail["resources"][0]["details"]["awsEcrContainerImage"]["imageHash"])
        for e in events(fake, "Inspector2 Finding")
        if e.detail["status"] == "CLOSED"
    ]


def test_deleting_an_image_closes_its_findings(fake: FakeBackend) -> None:
    """Inspector: "When a resource is deleted, terminated, or no longer eligible for scanning, Amazon Inspector
    automatically closes findings associated with the resource" ("Understanding Amazon Inspector findings"). Taking
    a tag off an image that keeps another closes nothing."""
    repository(fake, WEB)
    enhanced(fake)
    libxml2(fake)
    kept = push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0").digest
    ecr(fake).put_image(
        repositoryName=WEB,
        imageManifest=ecr(fake).batch_get_image(repositoryName=WEB, imageIds=[{"imageTag": "1.0"}])["images"][0][
            "imageManifest"
        ],
        imageTag="stable",
    )
    gone = push_image(fake, TestImage(seed="b"), repository=WEB, tag="2.0").digest
    fake.advance(60)
    ecr(fake).batch_delete_image(repositoryName=WEB, imageIds=[{"imageTag": "stable"}, {"imageTag": "2.0"}])
    assert _closed_titles(fake) == [("CVE-2022-49043 - libxml2", gone)]
    assert findings(fake, "1.0")["imageScanFindings"]["findingSeverityCounts"] == {"HIGH": 1}
    ecr(fake).delete_repository(repositoryName=WEB, force=True)
    assert _closed_titles(fake)[1:] == [("CVE-2022-49043 - libxml2", kept)]


def test_an_image_a_lifecycle_policy_expires_has_its_findings_closed(fake: FakeBackend) -> None:
    repository(fake, WEB)
    enhanced(fake)
    libxml2(fake)
    old = push_image(fake, TestImage(seed="a"), repository=WEB, tag="old").digest
    fake.advance(DAY)
    push_image(fake, TestImage(seed="b"), repository=WEB, tag="new")
    rule = {
        "rulePriority": 1,
        "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1},
        "action": {"type": "expire"},
    }
    ecr(fake).put_lifecycle_policy(repositoryName=WEB, lifecyclePolicyText=json.dumps({"rules": [rule]}))
    fake.advance(DAY)
    assert [i["imageTags"] for i in ecr(fake).describe_images(repositoryName=WEB)["imageDetails"]] == [["new"]]
    assert _closed_titles(fake) == [("CVE-2022-49043 - libxml2", old)]


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


def test_an_archived_image_is_not_scanned_continuously(fake: FakeBackend) -> None:
    repository(fake, WEB)
    enhanced(fake)
    libxml2(fake)
    push_image(fake, TestImage(seed="a"), repository=WEB, tag="1.0")
    fake.advance(60)
    ecr(fake).update_image_storage_class(repositoryName=WEB, imageId={"imageTag": "1.0"}, targetStorageClass="ARCHIVE")
    assert findings(fake)["imageScanStatus"] == {
        "status": "IMAGE_ARCHIVED",
        "description": "The image is archived: it is not scanned.",
    }
    fake.vulnerabilities.declare_cve("CVE-2025-24928", "libxml2", affected="*", severity="LOW")
    assert len(events(fake, "Inspector2 Finding")) == 1  # the first scan's only
