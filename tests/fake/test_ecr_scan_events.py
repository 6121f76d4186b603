"""The EventBridge events of image scans on the fake's ECR, compared with AWS's sample events: ``ECR Image Scan``
and ``ECR Scan Resource Change`` (ECR user guide, "Amazon ECR events and EventBridge",
awsdocs/amazon-ecr-user-guide doc_source/ecr-eventbridge.md), ``Inspector2 Scan`` and ``Inspector2 Finding``
(ECR user guide, "Enhanced scanning", doc_source/image-scanning-enhanced.md). Each test compares the members of the
fake's event (recursively, with the types of their values) with the sample's, then checks its values.
"""

from __future__ import annotations

from typing import Any

import pytest

from ecskit.backends.fake import FakeBackend
from ecskit.images import TestImage, push_image
from tests.support.fake_ecr import OWNER, repository
from tests.support.fake_scanning import WEB, enhanced, events, libxml2, openssl, scanned_on_push, shape, without


@pytest.fixture
def fake() -> FakeBackend:
    return FakeBackend()


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
