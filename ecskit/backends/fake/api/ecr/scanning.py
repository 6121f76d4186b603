"""Image scans: StartImageScan (a basic scan) and DescribeImageScanFindings (the findings of an image's last scan,
a page at a time).

Scans and what they find are the engine's (:mod:`~ecskit.backends.fake.engine.ecr_scans`,
:mod:`~ecskit.backends.fake.engine.ecr_findings`).

* DescribeImageScanFindings gives up to 100 findings a page unless asked for up to 1000 (``maxResults``, ECR API
  reference); ``findingSeverityCounts`` counts them all, on every page. Basic findings are in ``findings``, enhanced
  ones in ``enhancedFindings`` (an enhanced scan that found nothing answers ``findings: []``, as AWS does:
  aws/aws-cli#6759). A scan that never completed answers without ``imageScanFindings`` (FAILED: aws-otel-collector
  #2193), except a PENDING enhanced scan, which answers empty lists (alexjurkiewicz/ecr-scan-image#51).
* An image never scanned: ScanNotFoundException, "Image scan does not exist for the image with '{imageDigest:'<d>',
  imageTag:'<t>'}' in the repository with name '<r>' in the registry with id '<id>'" (AWS's text, as a user shows it
  in JHashimoto0518's notes; ``null`` for a member the call left out, as in ECR's other texts).
"""

from __future__ import annotations

from ecskit.backends.fake.core.ecr import ImageRecord, RepositoryRecord
from ecskit.backends.fake.core.ecr_scanning import FindingRecord, ScanRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.paging import ECR_PAGING, paginate
from ecskit.backends.fake.engine.ecr_checks import check_range
from ecskit.backends.fake.engine.ecr_findings import basic_finding, enhanced_finding, severity_counts
from ecskit.backends.fake.engine.ecr_images import named_image, repository_for
from ecskit.backends.fake.engine.ecr_scans import scan_status, start_manual_scan, vulnerability_of
from ecskit.backends.fake.registry import handles
from ecskit.models.ecr import (
    DescribeImageScanFindingsRequest,
    DescribeImageScanFindingsResponse,
    ImageIdentifier,
    ImageScanFindings,
    ImageScanStatus,
    ScanStatus,
    StartImageScanRequest,
    StartImageScanResponse,
)
from ecskit.texts import ecr

__all__ = ["describe_image_scan_findings", "start_image_scan"]

_PAGE, _MAX_PAGE = 100, 1000


def _image_id(image: ImageRecord, ident: ImageIdentifier) -> ImageIdentifier:
    return ImageIdentifier(image_digest=image.digest, image_tag=ident.image_tag)


@handles(StartImageScanRequest)
def start_image_scan(env: Env, req: StartImageScanRequest) -> StartImageScanResponse:
    """StartImageScan: a basic scan of the image, IN_PROGRESS (refusals: see
    :func:`~ecskit.backends.fake.engine.ecr_scans.start_manual_scan`)."""
    where, repository = repository_for(env, req.registry_id, req.repository_name, "ecr:StartImageScan")
    image = named_image(repository, req.image_id)
    scan = start_manual_scan(where, repository, image)
    return StartImageScanResponse(
        registry_id=repository.registry_id,
        repository_name=repository.name,
        image_id=_image_id(image, req.image_id),
        image_scan_status=ImageScanStatus(status=ScanStatus(scan.status)),
    )


@handles(DescribeImageScanFindingsRequest)
def describe_image_scan_findings(env: Env, req: DescribeImageScanFindingsRequest) -> DescribeImageScanFindingsResponse:
    """DescribeImageScanFindings: the status of the image's scan and, once one completed, its findings."""
    where, repository = repository_for(env, req.registry_id, req.repository_name, "ecr:DescribeImageScanFindings")
    check_range(req.max_results, "maxResults", 1, _MAX_PAGE)
    image = named_image(repository, req.image_id)
    status = scan_status(image)
    scan = image.scan
    if scan is None or status is None:
        ident = req.image_id
        refuse(
            ecr.SCAN_NOT_FOUND,
            digest=ident.image_digest or "null",
            tag=ident.image_tag or "null",
            name=repository.name,
            registry=repository.registry_id,
        )
    page, token = paginate(scan.findings, req.next_token, req.max_results or _PAGE, limit=_MAX_PAGE, texts=ECR_PAGING)
    findings = _findings(where, repository, image, scan, page) if scan.completed_at is not None else None
    if findings is None and scan.status == ScanStatus.PENDING:
        findings = ImageScanFindings(findings=(), enhanced_findings=())
    return DescribeImageScanFindingsResponse(
        registry_id=repository.registry_id,
        repository_name=repository.name,
        image_id=_image_id(image, req.image_id),
        image_scan_status=status,
        image_scan_findings=findings,
        next_token=token,
    )


def _findings(
    env: Env, repository: RepositoryRecord, image: ImageRecord, scan: ScanRecord, page: list[FindingRecord]
) -> ImageScanFindings:
    """The findings of the last completed scan: one page of them, and the counts of all."""
    assert scan.completed_at is not None
    counts = severity_counts(scan.findings) or None
    if not scan.enhanced:
        return ImageScanFindings(
            image_scan_completed_at=scan.completed_at,
            vulnerability_source_updated_at=scan.completed_at,
            finding_severity_counts=counts,
            findings=tuple(basic_finding(f, vulnerability_of(env, f)) for f in page),
        )
    enhanced = tuple(enhanced_finding(repository, image, f, vulnerability_of(env, f)) for f in page)
    return ImageScanFindings(
        image_scan_completed_at=scan.completed_at,
        vulnerability_source_updated_at=scan.completed_at,
        finding_severity_counts=counts,
        findings=None if scan.findings else (),
        enhanced_findings=enhanced or None,
    )
