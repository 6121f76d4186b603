"""Helpers for tests of image scanning on the fake's ECR: registries that scan, the catalogue's usual declarations,
the answers of DescribeImageScanFindings and DescribeImages, the events sent, and JSON shapes to compare events with
AWS's samples."""

from __future__ import annotations

import json
from typing import Any

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.core.bus import BusEvent
from ecskit.models.ecr import ImageScanningConfiguration
from tests.support.fake_ecr import repository

WEB = "web"
DAY = 24 * 3600.0
#: A CVSS 3.1 vector (CVE-2021-3711's, NVD).
VECTOR = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"


def ecr(fake: FakeBackend) -> Any:
    """The fake's boto3 ECR client."""
    return fake.client("ecr")


def scanned_on_push(fake: FakeBackend, name: str = WEB) -> None:
    """A repository whose own ``scanOnPush`` is set."""
    repository(fake, name, image_scanning_configuration=ImageScanningConfiguration(scan_on_push=True))


def enhanced(fake: FakeBackend, frequency: str = "CONTINUOUS_SCAN", pattern: str = "*") -> None:
    """ENHANCED scanning at ``frequency`` for the repositories ``pattern`` matches."""
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
    """DescribeImageScanFindings of the image tagged ``tag``, as boto3 answers it (less its metadata)."""
    answer: dict[str, Any] = ecr(fake).describe_image_scan_findings(
        repositoryName=name, imageId={"imageTag": tag}, **paging
    )
    answer.pop("ResponseMetadata")
    return answer


def detail(fake: FakeBackend, tag: str = "1.0") -> dict[str, Any]:
    """DescribeImages' detail of the image tagged ``tag``."""
    found: dict[str, Any] = ecr(fake).describe_images(repositoryName=WEB, imageIds=[{"imageTag": tag}])["imageDetails"][
        0
    ]
    return found


def events(fake: FakeBackend, detail_type: str) -> list[BusEvent]:
    """The events of ``detail_type`` the fake sent in its view's account and Region, in order."""
    return [e for e in fake.records().bus if e.detail_type == detail_type]


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
