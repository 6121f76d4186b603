"""ECR image scanning on the fake: a vulnerable package declared, an image pushed to a repository that scans on
push, the scan's finding, and the ``ECR Image Scan`` event it sent (read from the fake's event bus).

Run: ``python examples/ecr_scan_events.py``
"""

from __future__ import annotations

from ecskit.backends.fake import FakeBackend
from ecskit.images import TestImage, push_image

fake = FakeBackend()
fake.vulnerabilities.declare_package("web:*", "openssl", "1.1.1k")
fake.vulnerabilities.declare_cve("CVE-2021-3711", "openssl", affected="< 1.1.1l", severity="CRITICAL", cvss=9.8)
ecr = fake.client("ecr")
ecr.create_repository(repositoryName="web", imageScanningConfiguration={"scanOnPush": True})
push_image(fake, TestImage(seed="build-1"), repository="web", tag="1.0")
ecr.get_waiter("image_scan_complete").wait(repositoryName="web", imageId={"imageTag": "1.0"})
scan = ecr.describe_image_scan_findings(repositoryName="web", imageId={"imageTag": "1.0"})["imageScanFindings"]
for finding in scan["findings"]:
    print(finding["severity"], finding["name"], {a["key"]: a["value"] for a in finding["attributes"]})
for event in fake.records().bus:
    if event.detail_type == "ECR Image Scan":
        print(event.detail_type, event.detail["scan-status"], event.detail["finding-severity-counts"])
