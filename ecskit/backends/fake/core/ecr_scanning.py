"""The fake's records of ECR image scanning: the vulnerability catalogue a test declares (what images contain, which
vulnerabilities affect which package versions), and each image's scan and its findings.

The fake scans nothing: what an image contains is what the test declares (:class:`VulnerabilityCatalogue`), and a
scan finds the declared vulnerabilities whose affected versions include a declared package's version. The catalogue
belongs to no account (a vulnerability database, and what images of a given content hold, are the same everywhere):
it is kept once for the whole fake (:attr:`World.vulnerabilities <ecskit.backends.fake.core.region.World>`) and
saved with it. An image's scan (:class:`ScanRecord`) is kept on its
:class:`~ecskit.backends.fake.core.ecr.ImageRecord`.
"""

from __future__ import annotations

import datetime

import attrs

from ecskit.backends.fake.core.base import derived

__all__ = [
    "FindingRecord",
    "InstalledPackage",
    "PackageRule",
    "ScanRecord",
    "VulnerabilityCatalogue",
    "VulnerabilityRecord",
]


@attrs.define(kw_only=True)
class InstalledPackage:
    """A package an image (or one of its layers) holds."""

    version: str
    #: Inspector's ``packageManager`` (``OS`` for the distribution's packages; ``PIP``, ``NPM``, ``JAR``, ...)
    manager: str = "OS"
    #: where a language package's files are (Inspector's ``filePath``)
    file_path: str | None = None


@attrs.define(kw_only=True)
class PackageRule:
    """Packages of the images pushed under ``pattern`` (``repository[:tag]``, ``*`` standing for any run of
    characters), bound to each such image's digest when it is pushed."""

    pattern: str
    name: str
    package: InstalledPackage


@attrs.define(kw_only=True)
class VulnerabilityRecord:
    """One vulnerability of one package, as the test declared it."""

    #: ``CVE-2021-3711``, ...
    id: str
    package: str
    #: the ranges of versions it affects (:class:`~ecskit.images.versions.VersionRange` texts): any of them
    affected: tuple[str, ...]
    #: ``INFORMATIONAL``, ``LOW``, ``MEDIUM``, ``HIGH``, ``CRITICAL`` or ``UNDEFINED``
    severity: str
    cvss: float | None = None
    #: ``AV:N/AC:L/Au:N/C:P/I:P/A:P`` (CVSS 2) or ``CVSS:3.1/AV:N/...``
    cvss_vector: str | None = None
    #: the first version that fixes it
    fixed_in: str | None = None
    exploit_available: bool = False
    description: str | None = None
    uri: str | None = None
    #: when the test declared it (the fake's ``vendorCreatedAt``)
    declared_at: datetime.datetime


@attrs.define(kw_only=True)
class VulnerabilityCatalogue:
    """What images contain and which vulnerabilities affect what: the fake's vulnerability database."""

    #: vulnerabilities in the order declared (a later declaration of the same id and package replaces the earlier)
    vulnerabilities: list[VulnerabilityRecord] = attrs.field(factory=list)
    #: package rules by repository and tag pattern, in the order declared
    rules: list[PackageRule] = attrs.field(factory=list)
    #: image or layer digest -> package name -> the package
    contents: dict[str, dict[str, InstalledPackage]] = attrs.field(factory=dict)
    #: patterns of the images pushed without an operating system basic scanning can read (built FROM scratch)
    unsupported_rules: list[str] = attrs.field(factory=list)
    #: the digests of such images
    unsupported: set[str] = attrs.field(factory=set)
    #: package name -> its vulnerabilities (from :attr:`vulnerabilities`)
    by_package: dict[str, list[VulnerabilityRecord]] | None = derived(default=None)

    def affecting(self, package: str) -> list[VulnerabilityRecord]:
        """The vulnerabilities declared for ``package``, in the order declared."""
        index = self.by_package
        if index is None:
            index = self.by_package = {}
            for found in self.vulnerabilities:
                index.setdefault(found.package, []).append(found)
        return index.get(package, [])

    def add(self, vulnerability: VulnerabilityRecord) -> None:
        """Declare ``vulnerability`` (replacing the one of the same id and package)."""
        same = (vulnerability.id, vulnerability.package)
        self.vulnerabilities = [v for v in self.vulnerabilities if (v.id, v.package) != same]
        self.vulnerabilities.append(vulnerability)
        self.by_package = None


@attrs.define(kw_only=True)
class FindingRecord:
    """One finding of a scan: a vulnerability of a package the image holds."""

    vulnerability: str
    package: str
    #: the version the image holds
    version: str
    #: the package's manager and, for a language package, where its files are
    manager: str = "OS"
    file_path: str | None = None
    #: the vulnerability's severity when it was last observed
    severity: str
    #: the layer the package came from (Inspector's ``sourceLayerHash``), when known
    layer: str | None = None
    first_observed_at: datetime.datetime
    last_observed_at: datetime.datetime
    updated_at: datetime.datetime


@attrs.define(kw_only=True)
class ScanRecord:
    """An image's scan: its status now, and what the last completed scan found."""

    #: an enhanced scan (Amazon Inspector), else a basic one
    enhanced: bool = False
    #: ECR's ``ScanStatus``
    status: str
    description: str | None = None
    #: which queued step of this scan is current (a step of an earlier scan, or of a superseded schedule, is dropped)
    epoch: int = 0
    #: when the last basic scan started (one basic scan per image per 24 hours)
    started_at: datetime.datetime
    #: when a scan last completed (``imageScanCompletedAt``)
    completed_at: datetime.datetime | None = None
    #: an enhanced scan that Inspector keeps up to date (continuous scanning)
    continuous: bool = False
    #: the findings of the last completed scan (for an enhanced scan: the active findings now)
    findings: list[FindingRecord] = attrs.field(factory=list)
