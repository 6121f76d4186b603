"""Scan findings as ECR and Amazon Inspector show them, and the EventBridge events of scans.

* Basic findings (``ImageScanFinding``): the vulnerability's id, description, URI and severity, and the attributes
  ``package_version``, ``package_name``, ``CVSS2_VECTOR`` and ``CVSS2_SCORE`` (``CVSS3_*`` for a CVSS 3 vector), in
  that order, as the "Example for basic image scanning" of DescribeImageScanFindings (ECR API reference) shows them.
* Enhanced findings (``EnhancedImageScanFinding``): Inspector's format, as the API reference's "Example for enhanced
  image scanning" shows it (``packageVulnerabilityDetails``, ``score`` and ``scoreDetails``, ``fixAvailable``,
  ``exploitAvailable``, ``status``, ``title`` ``<id> - <package>``, ``type`` ``PACKAGE_VULNERABILITY``, the
  recommendation text ``None Provided`` when no version fixes it).
* Events, with the detail schemas of the samples of "Amazon ECR events and EventBridge" and "Enhanced scanning" (ECR
  user guide): ``ECR Image Scan`` (basic), ``Inspector2 Scan`` and ``Inspector2 Finding`` (source
  ``aws.inspector2``), ``ECR Scan Resource Change``.

What the fake does not know it leaves out: the image's architecture and platform, and a package's ``arch`` (the fake
keeps blobs' sizes, not their bytes). Where the test declared no description or URI, the
fake writes its own (:func:`description`, and the vulnerability's NVD page).
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ecskit.backends.fake.core.ecr import ImageRecord, RepositoryRecord
from ecskit.backends.fake.core.ecr_scanning import FindingRecord, VulnerabilityRecord
from ecskit.codec import to_api
from ecskit.images.versions import split_version
from ecskit.models.ecr import (
    Attribute,
    AwsEcrContainerImageDetails,
    CvssScore,
    CvssScoreDetails,
    EnhancedImageScanFinding,
    FindingSeverity,
    ImageScanFinding,
    PackageVulnerabilityDetails,
    Recommendation,
    Remediation,
    Resource,
    ResourceDetails,
    ScoreDetails,
    VulnerablePackage,
)

__all__ = [
    "basic_finding",
    "cvss_version",
    "description",
    "enhanced_finding",
    "finding_arn",
    "finding_event",
    "image_scan_event",
    "inspector_scan_event",
    "inspector_time",
    "scan_resource_change_event",
    "severity_counts",
]

#: Inspector's word for a severity basic scanning calls UNDEFINED.
_UNTRIAGED = "UNTRIAGED"
#: The recommendations of Inspector's findings (the ECR user guide's sample finding event; the API reference's
#: enhanced example, for a vulnerability no version fixes).
_UPDATE = "Update all packages in the vulnerable packages section to their latest versions."
_NO_FIX = "None Provided"


def description(vulnerability: VulnerabilityRecord) -> str:
    """The vulnerability's description: as declared, else the fake's (``<package> <ranges> is affected by <id>.``)."""
    ranges = " or ".join(vulnerability.affected)
    return vulnerability.description or f"{vulnerability.package} {ranges} is affected by {vulnerability.id}."


def _uri(vulnerability: VulnerabilityRecord) -> str:
    return vulnerability.uri or f"https://nvd.nist.gov/vuln/detail/{vulnerability.id}"


def cvss_version(vector: str | None) -> str | None:
    """The CVSS version of a vector (``CVSS:3.1/...`` is 3.1; a vector without that prefix is CVSS 2)."""
    if vector is None:
        return None
    if vector.startswith("CVSS:"):
        return vector[5:].partition("/")[0]
    return "2.0"


def _enhanced_severity(severity: str) -> str:
    return _UNTRIAGED if severity == "UNDEFINED" else severity


def severity_counts(findings: Iterable[FindingRecord]) -> dict[FindingSeverity, int]:
    """``findingSeverityCounts``: how many findings of each severity there are (severities with none left out)."""
    return {FindingSeverity(severity): n for severity, n in Counter(f.severity for f in findings).items()}


def basic_finding(finding: FindingRecord, vulnerability: VulnerabilityRecord) -> ImageScanFinding:
    """A finding of a basic scan."""
    attributes = [
        Attribute(key="package_version", value=finding.version),
        Attribute(key="package_name", value=finding.package),
    ]
    major = "3" if (cvss_version(vulnerability.cvss_vector) or "2").startswith("3") else "2"
    if vulnerability.cvss_vector is not None:
        attributes.append(Attribute(key=f"CVSS{major}_VECTOR", value=vulnerability.cvss_vector))
    if vulnerability.cvss is not None:
        attributes.append(Attribute(key=f"CVSS{major}_SCORE", value=str(vulnerability.cvss)))
    return ImageScanFinding(
        name=vulnerability.id,
        description=description(vulnerability),
        uri=_uri(vulnerability),
        severity=FindingSeverity(finding.severity),
        attributes=tuple(attributes),
    )


def finding_arn(repository: RepositoryRecord, image: ImageRecord, finding: FindingRecord) -> str:
    """The ARN of an Inspector finding: ``arn:aws:inspector2:<region>:<account>:finding/<32 hex>``, the same for the
    same vulnerability of the same package of the same image."""
    region = repository.arn.split(":")[3]
    key = f"{repository.arn}/{image.digest}/{finding.vulnerability}/{finding.package}"
    return (
        f"arn:aws:inspector2:{region}:{repository.registry_id}:finding/{hashlib.sha256(key.encode()).hexdigest()[:32]}"
    )


def _image_arn(repository: RepositoryRecord, image: ImageRecord) -> str:
    return f"{repository.arn}/{image.digest}"


def _version(finding: FindingRecord) -> tuple[int | None, str, str | None]:
    """A package's epoch, version and release as Inspector splits them: an operating system package's version is
    ``[epoch:]version[-release]`` (the API reference's example: version ``2.9.14+dfsg``, release ``1.3~deb12u1``,
    epoch 0); a language package's is its version."""
    if finding.manager != "OS":
        return None, finding.version, None
    epoch, version, release = split_version(finding.version)
    return epoch, version, release or None


def _package(finding: FindingRecord, vulnerability: VulnerabilityRecord) -> VulnerablePackage:
    epoch, version, release = _version(finding)
    return VulnerablePackage(
        epoch=epoch,
        name=finding.package,
        version=version,
        release=release,
        package_manager=finding.manager,
        file_path=finding.file_path,
        source_layer_hash=finding.layer,
        fixed_in_version=vulnerability.fixed_in or "NotAvailable",
    )


def enhanced_finding(
    repository: RepositoryRecord, image: ImageRecord, finding: FindingRecord, vulnerability: VulnerabilityRecord
) -> EnhancedImageScanFinding:
    """A finding of an enhanced scan, in Inspector's format."""
    vector = vulnerability.cvss_vector
    cvss = (
        (CvssScore(base_score=vulnerability.cvss, scoring_vector=vector, source="NVD", version=cvss_version(vector)),)
        if vulnerability.cvss is not None
        else ()
    )
    return EnhancedImageScanFinding(
        aws_account_id=repository.registry_id,
        description=description(vulnerability),
        finding_arn=finding_arn(repository, image, finding),
        first_observed_at=finding.first_observed_at,
        last_observed_at=finding.last_observed_at,
        package_vulnerability_details=PackageVulnerabilityDetails(
            cvss=cvss,
            reference_urls=(_uri(vulnerability),),
            related_vulnerabilities=(),
            source="NVD",
            source_url=_uri(vulnerability),
            vendor_created_at=vulnerability.declared_at,
            vendor_severity=vulnerability.severity,
            vulnerability_id=vulnerability.id,
            vulnerable_packages=(_package(finding, vulnerability),),
        ),
        remediation=Remediation(recommendation=Recommendation(text=_UPDATE if vulnerability.fixed_in else _NO_FIX)),
        resources=(
            Resource(
                details=ResourceDetails(
                    aws_ecr_container_image=AwsEcrContainerImageDetails(
                        image_hash=image.digest,
                        image_tags=tuple(image.tags),
                        pushed_at=image.pushed_at,
                        registry=repository.registry_id,
                        repository_name=repository.name,
                    )
                ),
                id=_image_arn(repository, image),
                tags={},
                type="AWS_ECR_CONTAINER_IMAGE",
            ),
        ),
        score=vulnerability.cvss,
        score_details=ScoreDetails(
            cvss=CvssScoreDetails(
                adjustments=(),
                score=vulnerability.cvss,
                score_source="NVD",
                scoring_vector=vector,
                version=cvss_version(vector),
            )
        )
        if vulnerability.cvss is not None
        else None,
        severity=_enhanced_severity(finding.severity),
        status="ACTIVE",
        title=f"{vulnerability.id} - {finding.package}",
        type="PACKAGE_VULNERABILITY",
        updated_at=finding.updated_at,
        fix_available="YES" if vulnerability.fixed_in else "NO",
        exploit_available="YES" if vulnerability.exploit_available else "NO",
    )


# -- events -----------------------------------------------------------------------------------------------------------


def inspector_time(moment: datetime.datetime) -> str:
    """A time as Inspector's finding events write it: ``Dec 3, 2021, 6:02:30 PM``."""
    hour = moment.hour % 12 or 12
    return f"{moment:%b} {moment.day}, {moment.year}, {hour}:{moment:%M:%S} {'AM' if moment.hour < 12 else 'PM'}"


def image_scan_event(
    repository: RepositoryRecord, image: ImageRecord, status: str, findings: list[FindingRecord]
) -> dict[str, Any]:
    """The detail of ``ECR Image Scan``: a basic scan completed (counts only of the severities found)."""
    return {
        "scan-status": str(status),
        "repository-name": repository.name,
        "finding-severity-counts": {str(k): v for k, v in severity_counts(findings).items()},
        "image-digest": image.digest,
        "image-tags": list(image.tags),
    }


def inspector_scan_event(
    repository: RepositoryRecord, image: ImageRecord, findings: list[FindingRecord]
) -> dict[str, Any]:
    """The detail of ``Inspector2 Scan``: the initial enhanced scan of an image completed. As in the user guide's
    sample, ``repository-name`` holds the repository's ARN, and the counts are of CRITICAL, HIGH and MEDIUM findings
    and of all of them (``TOTAL``)."""
    counts = Counter(f.severity for f in findings)
    return {
        "scan-status": "INITIAL_SCAN_COMPLETE",
        "repository-name": repository.arn,
        "finding-severity-counts": {
            "CRITICAL": counts["CRITICAL"],
            "HIGH": counts["HIGH"],
            "MEDIUM": counts["MEDIUM"],
            "TOTAL": len(findings),
        },
        "image-digest": image.digest,
        "image-tags": list(image.tags),
    }


def finding_event(
    repository: RepositoryRecord,
    image: ImageRecord,
    finding: FindingRecord,
    vulnerability: VulnerabilityRecord,
    status: str,
) -> tuple[dict[str, Any], str]:
    """The detail of ``Inspector2 Finding`` (a finding created or updated: ``ACTIVE``; closed: ``CLOSED``), and the
    resource it is about (the image's ARN)."""
    vector = vulnerability.cvss_vector
    version = cvss_version(vector)
    cvss: list[dict[str, Any]] = []
    if vulnerability.cvss is not None:
        cvss.append({"baseScore": vulnerability.cvss, "scoringVector": vector, "source": "NVD", "version": version})
    package = to_api(_package(finding, vulnerability))
    detail: dict[str, Any] = {
        "awsAccountId": repository.registry_id,
        "description": description(vulnerability),
        "findingArn": finding_arn(repository, image, finding),
        "firstObservedAt": inspector_time(finding.first_observed_at),
        "lastObservedAt": inspector_time(finding.last_observed_at),
        "packageVulnerabilityDetails": {
            "cvss": cvss,
            "referenceUrls": [_uri(vulnerability)],
            "source": "NVD",
            "sourceUrl": _uri(vulnerability),
            "vendorCreatedAt": inspector_time(vulnerability.declared_at),
            "vendorSeverity": vulnerability.severity,
            "vulnerabilityId": vulnerability.id,
            "vulnerablePackages": [package],
        },
        "remediation": {"recommendation": {"text": _UPDATE if vulnerability.fixed_in else _NO_FIX}},
        "resources": [
            {
                "details": {
                    "awsEcrContainerImage": {
                        "imageHash": image.digest,
                        "imageTags": list(image.tags),
                        "pushedAt": inspector_time(image.pushed_at),
                        "registry": repository.registry_id,
                        "repositoryName": repository.name,
                    }
                },
                "id": _image_arn(repository, image),
                "partition": "N/A",
                "region": "N/A",
                "type": "AWS_ECR_CONTAINER_IMAGE",
            }
        ],
        "severity": _enhanced_severity(finding.severity),
        "status": status,
        "title": f"{vulnerability.id} - {finding.package}",
        "type": "PACKAGE_VULNERABILITY",
        "updatedAt": inspector_time(finding.updated_at),
        "fixAvailable": "YES" if vulnerability.fixed_in else "NO",
        "exploitAvailable": "YES" if vulnerability.exploit_available else "NO",
    }
    if vulnerability.cvss is not None:
        detail["inspectorScore"] = vulnerability.cvss
        detail["inspectorScoreDetails"] = {
            "adjustedCvss": {
                "adjustments": [],
                "cvssSource": "NVD",
                "score": vulnerability.cvss,
                "scoreSource": "NVD",
                "scoringVector": vector,
                "version": version,
            }
        }
    return detail, _image_arn(repository, image)


def scan_resource_change_event(changes: list[tuple[RepositoryRecord, str, str]], scan_type: str) -> dict[str, Any]:
    """The detail of ``ECR Scan Resource Change`` for repositories whose scan frequency changed
    (``(repository, frequency, previous frequency)``)."""
    return {
        "action-type": "SCAN_FREQUENCY_CHANGE",
        "repositories": [
            {
                "repository-name": repository.name,
                "repository-arn": repository.arn,
                "scan-frequency": frequency,
                "previous-scan-frequency": previous,
            }
            for repository, frequency, previous in changes
        ],
        "resource-type": "REPOSITORY",
        "scan-type": scan_type,
    }
