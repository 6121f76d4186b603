"""Image scans of the fake's ECR, in virtual time: basic scans (on push, or StartImageScan) and enhanced scans
(Amazon Inspector: on push, or continuous), what they find (:mod:`~.ecr_vulnerabilities`) and the events they send.

Basic scanning ("Basic scanning", ECR user guide; StartImageScan, ECR API reference):

* An image is scanned on push when the registry's rules say SCAN_ON_PUSH for its repository, or its repository's
  own ``scanOnPush`` is set (:func:`~.ecr_registry.scanning_for`); else only by StartImageScan. A scan is
  IN_PROGRESS for :data:`BASIC_SCAN_SECONDS` of virtual time (the fake's choice: AWS documents no duration, and
  botocore's ``image_scan_complete`` waiter polls every 5 seconds, 60 times), then COMPLETE with what it found
  ("The scan was completed successfully."), or FAILED for an image the test declared without an operating system
  basic scanning reads ("UnsupportedImageError: The operating system and/or package manager are not supported.",
  as AWS answers for an image built FROM scratch: aws-observability/aws-otel-collector#2193). Each scan that ends
  sends ``ECR Image Scan``: AWS documents the event of a COMPLETE scan; the fake sends one for a FAILED scan too, with
  no counts (its reading of the user guide's "sent when each image scan is completed").
* "A basic image scan can only be started once per 24 hours on an individual image. This limit includes if an image
  was scanned on initial push" (StartImageScan): LimitExceededException, "The scan quota per image has been exceeded.
  Wait and try again." (AWS's text, as users report it: moezalikhan/cloud-task-processor PHASE_5.md).
* What basic scanning cannot read: an image index (manifest list) or an artifact that is not a container image.
  StartImageScan refuses it with UnsupportedImageTypeException, "An artifact with media type '<type>' cannot be
  scanned. For more information, see the Amazon ECR documentation." (AWS's text: alexjurkiewicz/ecr-scan-image#43);
  a scan on push of one records UNSUPPORTED_IMAGE with that text.
* An archived image cannot be scanned: ImageArchivedException ("The specified image is archived and cannot be
  scanned.", the exception's description in the API reference).

Enhanced scanning ("Enhanced scanning", ECR user guide):

* Images are scanned on push in repositories the registry's rules set to SCAN_ON_PUSH or CONTINUOUS_SCAN; "Manual
  scans using enhanced scanning isn't supported": StartImageScan is refused with ValidationException, "This feature
  is disabled" (the answer users of enhanced registries report: alexjurkiewicz/ecr-scan-image#44; the fake's reading
  of which code it is). A scan is PENDING ("Pending start of the image scan.", alexjurkiewicz/ecr-scan-image#51) for
  :data:`ENHANCED_SCAN_SECONDS`, then COMPLETE (scan on push; aws/aws-sdk#289) or ACTIVE ("Continuous scan is
  selected for image.", the API reference's example). Inspector sends ``Inspector2 Finding`` for each finding, then
  ``Inspector2 Scan`` (INITIAL_SCAN_COMPLETE).
* Continuous scanning keeps ACTIVE images' findings current: a vulnerability declared later that affects an image
  adds a finding (``Inspector2 Finding``, ACTIVE) without a new scan, and one that no longer applies is closed
  (``Inspector2 Finding``, CLOSED). An image not pushed (nor pulled) within the re-scan duration (Inspector's ECR
  setting, 14 days by default for new accounts: "Configuring the Amazon ECR re-scan duration", Inspector user guide;
  pulls stand for the last-in-use date) leaves continuous scanning: SCAN_ELIGIBILITY_EXPIRED, and its findings
  close.
* Changing the registry's scanning configuration sends ``ECR Scan Resource Change`` (SCAN_FREQUENCY_CHANGE) for the
  repositories whose frequency changed, under ENHANCED scanning; images of repositories that become continuously
  scanned are scanned, if still eligible. Images whose repository leaves continuous scanning keep their findings as
  of then (COMPLETE); when the registry goes back to BASIC, enhanced scans show FINDINGS_UNAVAILABLE (the fake's
  reading of that status: Inspector's findings are no longer available).
* An image that goes (BatchDeleteImage, lifecycle expiry, DeleteRepository with force) has its active findings
  closed (``Inspector2 Finding``, CLOSED): "When a resource is deleted, terminated, or no longer eligible for
  scanning, Amazon Inspector automatically closes findings associated with the resource" ("Understanding Amazon
  Inspector findings", Inspector user guide).

ECR's statuses without a public text (UNSUPPORTED_IMAGE on push, SCAN_ELIGIBILITY_EXPIRED, FINDINGS_UNAVAILABLE,
IMAGE_ARCHIVED) carry ecskit's descriptions.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from ecskit.backends.fake.core.ecr import ImageRecord, RepositoryRecord
from ecskit.backends.fake.core.ecr_scanning import FindingRecord, ScanRecord, VulnerabilityRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.events import ImageScanStep
from ecskit.backends.fake.engine.bus import emit
from ecskit.backends.fake.engine.ecr_findings import (
    finding_event,
    image_scan_event,
    inspector_scan_event,
    scan_resource_change_event,
    severity_counts,
)
from ecskit.backends.fake.engine.ecr_registry import scanning_configuration, scanning_for
from ecskit.backends.fake.engine.ecr_vulnerabilities import Detected, evaluate, on_push, unsupported
from ecskit.errors import UsageError
from ecskit.images import media
from ecskit.models.ecr import (
    ImageScanFindingsSummary,
    ImageScanStatus,
    RegistryScanningConfiguration,
    ScanFrequency,
    ScanStatus,
    ScanType,
)
from ecskit.texts import ecr

__all__ = [
    "BASIC_SCAN_SECONDS",
    "DURATIONS",
    "ENHANCED_SCAN_SECONDS",
    "apply_scanning_configuration",
    "close_findings",
    "described",
    "findings_summary",
    "rescan_continuous",
    "run_step",
    "scan_on_push",
    "scan_status",
    "set_rescan_duration",
    "start_manual_scan",
    "vulnerability_of",
]

#: How long a basic scan takes, in seconds of virtual time (the fake's choice).
BASIC_SCAN_SECONDS = 30.0
#: How long an enhanced scan is PENDING before its findings are in (the fake's choice).
ENHANCED_SCAN_SECONDS = 60.0
#: Inspector's ECR re-scan durations (``EcrRescanDuration``, Inspector API reference) in days; LIFETIME: never ends.
DURATIONS: dict[str, int | None] = {
    "DAYS_14": 14,
    "DAYS_30": 30,
    "DAYS_60": 60,
    "DAYS_90": 90,
    "DAYS_180": 180,
    "LIFETIME": None,
}
#: One basic scan per image per 24 hours.
_QUOTA = datetime.timedelta(hours=24)

_COMPLETE = "The scan was completed successfully."
_PENDING = "Pending start of the image scan."
_ACTIVE = "Continuous scan is selected for image."
_UNREADABLE = "UnsupportedImageError: The operating system and/or package manager are not supported."
_EXPIRED = "Continuous scanning of the image ended: it was not pushed or pulled within the re-scan duration."
_UNAVAILABLE = "Enhanced scanning is not enabled for the registry: the image's findings are not available."
_ARCHIVED = "The image is archived: it is not scanned."
_DONE, _ELIGIBILITY = "done", "eligibility"


def _unscannable_type(image: ImageRecord) -> str | None:
    """The media type of what scans cannot read, else None: an index, or an artifact whose ``artifactMediaType``
    is not a container image's config (ECR scans Docker and OCI image configs and their layers: the media types
    prowler-cloud/prowler#4507 lists)."""
    if image.media_type in media.INDEXES:
        return image.media_type
    kind = image.artifact_media_type
    return kind if kind is not None and kind not in media.CONTAINER_CONFIGS else None


def _unscannable(kind: str) -> str:
    return ecr.SCAN_UNSUPPORTED(media_type=kind)


def _queue(
    env: Env, repository: RepositoryRecord, image: ImageRecord, scan: ScanRecord, *, step: str, due: float
) -> None:
    env.at(due, ImageScanStep(repository=repository.name, digest=image.digest, epoch=scan.epoch, step=step))


def _new_scan(
    image: ImageRecord,
    now: datetime.datetime,
    status: ScanStatus,
    description: str | None = None,
    *,
    enhanced: bool = False,
    continuous: bool = False,
) -> ScanRecord:
    """A scan record of ``image`` for a new scan (the last completed scan's findings kept until it completes)."""
    old = image.scan
    scan = ScanRecord(enhanced=enhanced, status=status, description=description, started_at=now, continuous=continuous)
    if old is not None:
        scan.epoch = old.epoch + 1
        if old.enhanced == enhanced:
            scan.completed_at, scan.findings = old.completed_at, old.findings
    image.scan = scan
    return scan


def _start_basic(env: Env, repository: RepositoryRecord, image: ImageRecord) -> ScanRecord:
    now = env.clock.now()
    kind = _unscannable_type(image)
    if kind is not None:
        return _new_scan(image, now, ScanStatus.UNSUPPORTED_IMAGE, _unscannable(kind))
    scan = _new_scan(image, now, ScanStatus.IN_PROGRESS)
    _queue(env, repository, image, scan, step=_DONE, due=env.now + BASIC_SCAN_SECONDS)
    return scan


def _start_enhanced(env: Env, repository: RepositoryRecord, image: ImageRecord, continuous: bool) -> None:
    now = env.clock.now()
    kind = _unscannable_type(image)
    if kind is not None:
        _new_scan(image, now, ScanStatus.UNSUPPORTED_IMAGE, _unscannable(kind), enhanced=True)
        return
    scan = _new_scan(image, now, ScanStatus.PENDING, _PENDING, enhanced=True, continuous=continuous)
    _queue(env, repository, image, scan, step=_DONE, due=env.now + ENHANCED_SCAN_SECONDS)


def scan_on_push(env: Env, repository: RepositoryRecord, image: ImageRecord) -> None:
    """What a push of a new image sets off: the packages of the catalogue's patterns are bound to it, and it is
    scanned as the registry's scanning configuration says (see the module)."""
    on_push(env.world.vulnerabilities, repository.name, image)
    registry = env.state.ecr
    frequency, _ = scanning_for(registry, repository)
    if scanning_configuration(registry).scan_type == ScanType.BASIC:
        if frequency == ScanFrequency.SCAN_ON_PUSH:
            _start_basic(env, repository, image)
    elif frequency in (ScanFrequency.SCAN_ON_PUSH, ScanFrequency.CONTINUOUS_SCAN):
        _start_enhanced(env, repository, image, frequency == ScanFrequency.CONTINUOUS_SCAN)


def start_manual_scan(env: Env, repository: RepositoryRecord, image: ImageRecord) -> ScanRecord:
    """StartImageScan of ``image`` in the registry ``env``: refused as the module says (nothing changes then), else
    a basic scan starts (IN_PROGRESS)."""
    if scanning_configuration(env.state.ecr).scan_type == ScanType.ENHANCED:
        refuse(ecr.SCAN_DISABLED)
    if image.status != "ACTIVE":
        refuse(ecr.IMAGE_ARCHIVED)
    kind = _unscannable_type(image)
    if kind is not None:
        refuse(ecr.SCAN_UNSUPPORTED, media_type=kind)
    last = image.scan
    if last is not None and not last.enhanced and env.clock.now() - last.started_at < _QUOTA:
        refuse(ecr.SCAN_QUOTA)
    return _start_basic(env, repository, image)


def vulnerability_of(env: Env, finding: FindingRecord) -> VulnerabilityRecord:
    """The declared vulnerability a finding is of."""
    for found in env.world.vulnerabilities.affecting(finding.package):
        if found.id == finding.vulnerability:
            return found
    raise AssertionError(f"{finding.vulnerability} of {finding.package} is not in the catalogue")  # never removed


def _finding(detected: Detected, now: datetime.datetime) -> FindingRecord:
    return FindingRecord(
        vulnerability=detected.vulnerability.id,
        package=detected.vulnerability.package,
        version=detected.package.version,
        manager=detected.package.manager,
        file_path=detected.package.file_path,
        severity=detected.vulnerability.severity,
        layer=detected.layer,
        first_observed_at=now,
        last_observed_at=now,
        updated_at=now,
    )


def _send_finding(
    env: Env, repository: RepositoryRecord, image: ImageRecord, finding: FindingRecord, status: str
) -> None:
    detail, resource = finding_event(repository, image, finding, vulnerability_of(env, finding), status)
    emit(env, "aws.inspector2", "Inspector2 Finding", detail, (resource,))


def run_step(env: Env, event: ImageScanStep) -> None:
    """A queued step of a scan (virtual time's handler of :class:`~ecskit.backends.fake.core.events.ImageScanStep`):
    a scan under way completes, or continuous scanning checks an image is still eligible. A step of an image deleted
    since, or of a scan superseded since, does nothing."""
    repository = env.state.ecr.repositories.get(event.repository)
    image = repository.store.images.get(event.digest) if repository is not None else None
    scan = image.scan if image is not None else None
    if repository is None or image is None or scan is None or scan.epoch != event.epoch:
        return
    if event.step == _DONE:
        _complete(env, repository, image, scan)
    else:
        _check_eligibility(env, repository, image, scan)


def _complete(env: Env, repository: RepositoryRecord, image: ImageRecord, scan: ScanRecord) -> None:
    now = env.clock.now()
    catalogue = env.world.vulnerabilities
    arn = repository.arn
    if not scan.enhanced:
        if unsupported(catalogue, image):
            scan.status, scan.description = ScanStatus.FAILED, _UNREADABLE
            emit(env, "aws.ecr", "ECR Image Scan", image_scan_event(repository, image, scan.status, []), (arn,))
            return
        scan.findings = [_finding(d, now) for d in evaluate(catalogue, image)]
        scan.status, scan.description, scan.completed_at = ScanStatus.COMPLETE, _COMPLETE, now
        detail = image_scan_event(repository, image, scan.status, scan.findings)
        emit(env, "aws.ecr", "ECR Image Scan", detail, (arn,))
        return
    scan.findings = [_finding(d, now) for d in evaluate(catalogue, image)]
    scan.completed_at = now
    if scan.continuous:
        scan.status, scan.description = ScanStatus.ACTIVE, _ACTIVE
    else:
        scan.status, scan.description = ScanStatus.COMPLETE, _COMPLETE
    for finding in scan.findings:
        _send_finding(env, repository, image, finding, "ACTIVE")
    emit(env, "aws.inspector2", "Inspector2 Scan", inspector_scan_event(repository, image, scan.findings), (arn,))
    if scan.continuous:
        _schedule_eligibility(env, repository, image, scan)


# -- continuous scanning ----------------------------------------------------------------------------------------------


def _eligible_until(env: Env, image: ImageRecord) -> float | None:
    """When (seconds of virtual time) continuous scanning of ``image`` ends, unless it is pushed or pulled again;
    None: never (LIFETIME)."""
    days = DURATIONS[env.state.ecr.rescan_duration]
    if days is None:
        return None
    last = max(image.pushed_at, image.last_pulled_at or image.pushed_at)
    return (last + datetime.timedelta(days=days) - env.clock.start).total_seconds()


def _schedule_eligibility(env: Env, repository: RepositoryRecord, image: ImageRecord, scan: ScanRecord) -> None:
    due = _eligible_until(env, image)
    if due is not None:
        _queue(env, repository, image, scan, step=_ELIGIBILITY, due=max(due, env.now))


def _check_eligibility(env: Env, repository: RepositoryRecord, image: ImageRecord, scan: ScanRecord) -> None:
    if scan.status != ScanStatus.ACTIVE:
        return
    due = _eligible_until(env, image)
    if due is None:
        return
    if due > env.now:  # pulled since: still in use
        _queue(env, repository, image, scan, step=_ELIGIBILITY, due=due)
        return
    scan.status, scan.description = ScanStatus.SCAN_ELIGIBILITY_EXPIRED, _EXPIRED
    close_findings(env, repository, image)


def close_findings(env: Env, repository: RepositoryRecord, image: ImageRecord) -> None:
    """Close the active findings of an enhanced scan of ``image``, deleted or no longer eligible for scanning (see
    the module docstring); nothing for basic scans, whose findings go with the image."""
    scan = image.scan
    if scan is None or not scan.enhanced or not scan.findings:
        return
    closed, scan.findings = scan.findings, []
    now = env.clock.now()
    for finding in closed:
        finding.updated_at = now
        _send_finding(env, repository, image, finding, "CLOSED")


def _continuous(env: Env) -> Iterator[tuple[RepositoryRecord, ImageRecord, ScanRecord]]:
    for repository in env.state.ecr.repositories.values():
        for image in repository.store.images.values():
            scan = image.scan
            if (
                scan is not None
                and scan.enhanced
                and scan.continuous
                and scan.status == ScanStatus.ACTIVE
                and image.status == "ACTIVE"  # an archived image is not scanned (IMAGE_ARCHIVED)
            ):
                yield repository, image, scan


def _refresh(env: Env, repository: RepositoryRecord, image: ImageRecord, scan: ScanRecord) -> None:
    """Continuous scanning: the image's findings as the catalogue says now; new and changed ones are sent ACTIVE,
    those that no longer apply CLOSED."""
    now = env.clock.now()
    before = {(f.vulnerability, f.package): f for f in scan.findings}
    current: list[FindingRecord] = []
    sent: list[FindingRecord] = []
    for detected in evaluate(env.world.vulnerabilities, image):
        finding = before.pop((detected.vulnerability.id, detected.vulnerability.package), None)
        if finding is None:
            finding = _finding(detected, now)
            sent.append(finding)
        else:
            finding.last_observed_at = now
            if finding.severity != detected.vulnerability.severity:
                finding.severity, finding.updated_at = detected.vulnerability.severity, now
                sent.append(finding)
        current.append(finding)
    scan.findings, scan.completed_at = current, now
    for finding in sent:
        _send_finding(env, repository, image, finding, "ACTIVE")
    for finding in before.values():
        finding.updated_at = now
        _send_finding(env, repository, image, finding, "CLOSED")


def rescan_continuous(env: Env) -> None:
    """The catalogue changed: every continuously scanned image of every registry of the fake is looked at again."""
    for account, region in list(env.world.regions):
        where = env.elsewhere(account, region)
        if scanning_configuration(where.state.ecr).scan_type != ScanType.ENHANCED:
            continue
        for repository, image, scan in list(_continuous(where)):
            _refresh(where, repository, image, scan)


def set_rescan_duration(env: Env, duration: str) -> None:
    """Set Inspector's ECR re-scan duration for the registry ``env``; continuously scanned images are judged by it
    from now on."""
    if duration not in DURATIONS:
        raise UsageError(f"{duration!r} is not a re-scan duration (one of {', '.join(DURATIONS)})")
    env.state.ecr.rescan_duration = duration
    for repository, image, scan in list(_continuous(env)):
        scan.epoch += 1  # drop the checks scheduled by the old duration
        _schedule_eligibility(env, repository, image, scan)


# -- the registry's scanning configuration ----------------------------------------------------------------------------


def apply_scanning_configuration(env: Env, config: RegistryScanningConfiguration) -> None:
    """PutRegistryScanningConfiguration's effect on the registry ``env``: the configuration is set, and its images
    and events follow (see the module)."""
    registry = env.state.ecr
    before = {name: scanning_for(registry, repository)[0] for name, repository in registry.repositories.items()}
    registry.scanning = config
    enhanced = config.scan_type == ScanType.ENHANCED
    changes: list[tuple[RepositoryRecord, str, str]] = []
    for name, repository in registry.repositories.items():
        frequency, _ = scanning_for(registry, repository)
        if frequency != before[name]:
            changes.append((repository, str(frequency), str(before[name])))
        continuous = enhanced and frequency == ScanFrequency.CONTINUOUS_SCAN
        for image in list(repository.store.images.values()):
            _follow(env, repository, image, enhanced, continuous)
    if enhanced and changes:
        emit(env, "aws.ecr", "ECR Scan Resource Change", scan_resource_change_event(changes, str(config.scan_type)))


def _follow(env: Env, repository: RepositoryRecord, image: ImageRecord, enhanced: bool, continuous: bool) -> None:
    scan = image.scan
    if scan is not None and scan.enhanced and not enhanced:
        scan.status, scan.description, scan.findings, scan.continuous = (
            ScanStatus.FINDINGS_UNAVAILABLE,
            _UNAVAILABLE,
            [],
            False,
        )
        scan.epoch += 1
    elif continuous:
        active = scan is not None and scan.enhanced and scan.status in (ScanStatus.ACTIVE, ScanStatus.PENDING)
        until = _eligible_until(env, image)
        if not active and image.status == "ACTIVE" and (until is None or until > env.now):
            _start_enhanced(env, repository, image, continuous=True)
    elif scan is not None and scan.enhanced and scan.continuous:
        scan.continuous = False
        scan.epoch += 1
        if scan.status == ScanStatus.ACTIVE:
            scan.status, scan.description = ScanStatus.COMPLETE, _COMPLETE


# -- what DescribeImages shows ----------------------------------------------------------------------------------------


def scan_status(image: ImageRecord) -> ImageScanStatus | None:
    """The image's ``imageScanStatus`` now (None before any scan). An archived image is not scanned continuously
    (IMAGE_ARCHIVED)."""
    scan = image.scan
    if scan is None:
        return None
    if scan.enhanced and scan.continuous and image.status != "ACTIVE":
        return ImageScanStatus(status=ScanStatus.IMAGE_ARCHIVED, description=_ARCHIVED)
    return ImageScanStatus(status=ScanStatus(scan.status), description=scan.description)


def findings_summary(image: ImageRecord) -> ImageScanFindingsSummary | None:
    """The image's ``imageScanFindingsSummary``: of the last completed scan (None before one completed)."""
    scan = image.scan
    if scan is None or scan.completed_at is None:
        return None
    return ImageScanFindingsSummary(
        image_scan_completed_at=scan.completed_at,
        vulnerability_source_updated_at=scan.completed_at,
        finding_severity_counts=severity_counts(scan.findings) or None,
    )


def described(image: ImageRecord) -> tuple[ImageScanStatus | None, ImageScanFindingsSummary | None]:
    """What DescribeImages shows of an image's scan: its status and the summary of its last completed scan, for a
    basic scan. Of an enhanced scan it shows neither: "describe-images command does not provide the imageScanStatus
    and imageScanFindingsSummary in the output when describing registries using enhanced scanning"
    (aws/containers-roadmap#1662, open)."""
    if image.scan is None or image.scan.enhanced:
        return None, None
    return scan_status(image), findings_summary(image)
