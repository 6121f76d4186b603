"""ECR image scanning on the fake: a vulnerable package declared, an image pushed to a repository that scans on
push, the scan's finding, and an EventBridge rule whose target receives the ``ECR Image Scan`` event of a scan
that found something CRITICAL.

Run: ``python examples/ecr_scan_events.py``
"""

import json

from ecskit.backends.fake import FakeBackend
from ecskit.images import TestImage, push_image

fake = FakeBackend()
fake.vulnerabilities.declare_package("web:*", "openssl", "1.1.1k")
fake.vulnerabilities.declare_cve("CVE-2021-3711", "openssl", affected="< 1.1.1l", severity="CRITICAL", cvss=9.8)
critical = {"source": ["aws.ecr"], "detail": {"finding-severity-counts": {"CRITICAL": [{"numeric": [">", 0]}]}}}
events, pager = fake.client("events"), "arn:aws:sns:us-east-1:123456789012:pager"
events.put_rule(Name="critical-findings", EventPattern=json.dumps(critical))
events.put_targets(Rule="critical-findings", Targets=[{"Id": "pager", "Arn": pager}])
ecr = fake.client("ecr")
ecr.create_repository(repositoryName="web", imageScanningConfiguration={"scanOnPush": True})
push_image(fake, TestImage(seed="build-1"), repository="web", tag="1.0")
ecr.get_waiter("image_scan_complete").wait(repositoryName="web", imageId={"imageTag": "1.0"})
scan = ecr.describe_image_scan_findings(repositoryName="web", imageId={"imageTag": "1.0"})["imageScanFindings"]
for finding in scan["findings"]:
    print(finding["severity"], finding["name"], {a["key"]: a["value"] for a in finding["attributes"]})
for event in fake.events.delivered(pager):
    print(event["detail-type"], event["detail"]["scan-status"], event["detail"]["finding-severity-counts"])
