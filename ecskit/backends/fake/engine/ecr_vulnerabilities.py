"""The vulnerability catalogue a test declares, and what a scan finds in an image from it.

* **What an image contains** is declared per content or per name. A digest (``sha256:...``) names an image, or one
  of its layers (then every image built on that layer holds the package); packages declared for a digest apply to
  that content wherever it is, whenever it is scanned. A ``repository[:tag]`` pattern (``*`` stands for any run of
  characters; no tag, or the tag ``*``: any tag, or none) names the images *pushed* under it from then on: when such
  an image is pushed, the packages are bound to its digest, as a build fixes what an image holds. An image already
  pushed is not changed by a pattern declared later (name it by digest). A package declared for the image itself
  wins over one of its layers; of two patterns that match, the one declared last wins.
* **Which vulnerabilities affect which versions**: a vulnerability names a package and the ranges of its versions it
  affects (:class:`~ecskit.images.versions.VersionRange`, Debian's version ordering), with a severity, a CVSS score and
  vector, the version that fixes it, and whether an exploit is known.
* **What a scan finds** (:func:`evaluate`): for each package an image holds, each declared vulnerability of that
  package whose ranges include the image's version. An image no package was declared for is clean.

Bad declarations raise :class:`~ecskit.errors.UsageError` (they are the test's, not a call to AWS).
"""

from __future__ import annotations

import datetime
import functools
import math
import re

import attrs

from ecskit._glob import glob
from ecskit.backends.fake.core.ecr import ImageRecord
from ecskit.backends.fake.core.ecr_scanning import (
    InstalledPackage,
    PackageRule,
    VulnerabilityCatalogue,
    VulnerabilityRecord,
)
from ecskit.errors import UsageError
from ecskit.images.digests import is_digest
from ecskit.images.versions import VersionRange

__all__ = [
    "SEVERITIES",
    "Detected",
    "declare_package",
    "declare_unsupported",
    "declare_vulnerability",
    "evaluate",
    "on_push",
    "unsupported",
]

#: Basic scanning's severities, most severe first (ECR's ``FindingSeverity``).
SEVERITIES = ("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNDEFINED")
_RANK = {severity: n for n, severity in enumerate(SEVERITIES)}
_PATTERN = re.compile(r"[a-z0-9*._/-]+(:[\w*.-]+)?")
_VULNERABILITY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*")


@attrs.frozen(kw_only=True)
class Detected:
    """A vulnerability found in an image: which, in which package (and version), from which layer."""

    vulnerability: VulnerabilityRecord
    package: InstalledPackage
    #: the layer the package came from (the image's last layer for a package declared for the whole image)
    layer: str | None


def _target(target: str) -> None:
    if not (is_digest(target) or _PATTERN.fullmatch(target)):
        raise UsageError(
            f"{target!r} names no image: give an image or layer digest (sha256:...), or a 'repository[:tag]' "
            "pattern ('*' for any run of characters)"
        )


def _matches(pattern: str, repository: str, tags: list[str]) -> bool:
    name, colon, tag = pattern.partition(":")
    if not glob(name).matches(repository):
        return False
    return not colon or tag == "*" or any(glob(tag).matches(t) for t in tags)


def declare_package(
    catalogue: VulnerabilityCatalogue, target: str, name: str, version: str, package: InstalledPackage
) -> None:
    """Declare that the images ``target`` names hold package ``name`` at ``version`` (see the module)."""
    _target(target)
    if not name or not version or any(c.isspace() for c in version):
        raise UsageError(f"a package has a name and a version without spaces, not {name!r} {version!r}")
    if is_digest(target):
        catalogue.contents.setdefault(target, {})[name] = package
    else:
        catalogue.rules.append(PackageRule(pattern=target, name=name, package=package))


def declare_unsupported(catalogue: VulnerabilityCatalogue, target: str) -> None:
    """Declare that the images ``target`` names have no operating system basic scanning can read (an image built
    FROM scratch): their basic scans fail with ``UnsupportedImageError``."""
    _target(target)
    if is_digest(target):
        catalogue.unsupported.add(target)
    else:
        catalogue.unsupported_rules.append(target)


def declare_vulnerability(
    catalogue: VulnerabilityCatalogue,
    *,
    id: str,
    package: str,
    affected: tuple[str, ...],
    severity: str,
    cvss: float | None,
    cvss_vector: str | None,
    fixed_in: str | None,
    exploit_available: bool,
    description: str | None,
    uri: str | None,
    now: datetime.datetime,
) -> VulnerabilityRecord:
    """Declare a vulnerability of ``package`` (replacing one of the same id and package); returns it."""
    if not _VULNERABILITY_ID.fullmatch(id):
        raise UsageError(f"{id!r} is not a vulnerability id (CVE-2021-3711, GHSA-..., ALAS-...)")
    if not package:
        raise UsageError("a vulnerability affects a package: name it")
    if not affected:
        raise UsageError(f"{id}: say which versions of {package} it affects ('< 1.1.1l', or '*' for all)")
    for text in affected:
        VersionRange.parse(text)
    if severity not in _RANK:
        raise UsageError(f"{id}: {severity!r} is not a severity (one of {', '.join(SEVERITIES)})")
    if cvss is not None and not (math.isfinite(cvss) and 0 <= cvss <= 10):
        raise UsageError(f"{id}: a CVSS score is between 0 and 10, not {cvss!r}")
    if fixed_in is not None and (not fixed_in or any(c.isspace() for c in fixed_in)):
        raise UsageError(f"{id}: {fixed_in!r} is not a version")
    found = VulnerabilityRecord(
        id=id,
        package=package,
        affected=tuple(affected),
        severity=severity,
        cvss=cvss,
        cvss_vector=cvss_vector,
        fixed_in=fixed_in,
        exploit_available=exploit_available,
        description=description,
        uri=uri,
        declared_at=now,
    )
    catalogue.add(found)
    return found


def on_push(catalogue: VulnerabilityCatalogue, repository: str, image: ImageRecord) -> None:
    """Bind the packages of the patterns that name a newly pushed image to its digest (see the module)."""
    rules = [rule for rule in catalogue.rules if _matches(rule.pattern, repository, image.tags)]
    if rules:
        held = catalogue.contents.setdefault(image.digest, {})
        for rule in reversed(rules):  # the last declared wins; a package declared for the digest itself wins over all
            held.setdefault(rule.name, rule.package)
    if any(_matches(pattern, repository, image.tags) for pattern in catalogue.unsupported_rules):
        catalogue.unsupported.add(image.digest)


def unsupported(catalogue: VulnerabilityCatalogue, image: ImageRecord) -> bool:
    """Whether basic scanning cannot read the image's operating system."""
    found = catalogue.unsupported
    return image.digest in found or any(blob in found for blob in image.blobs)


def _packages(catalogue: VulnerabilityCatalogue, image: ImageRecord) -> dict[str, tuple[InstalledPackage, str | None]]:
    held: dict[str, tuple[InstalledPackage, str | None]] = {}
    for blob in image.blobs:
        for name, package in catalogue.contents.get(blob, {}).items():
            held[name] = (package, blob)
    last_layer = image.blobs[-1] if image.blobs else None
    for name, package in catalogue.contents.get(image.digest, {}).items():
        held[name] = (package, last_layer)
    return held


@functools.lru_cache(maxsize=1024)
def _range(text: str) -> VersionRange:
    return VersionRange.parse(text)


def evaluate(catalogue: VulnerabilityCatalogue, image: ImageRecord) -> list[Detected]:
    """What a scan of ``image`` finds now: most severe first, then by id and package."""
    found: list[Detected] = []
    for name, (package, layer) in _packages(catalogue, image).items():
        for vulnerability in catalogue.affecting(name):
            if any(_range(text).contains(package.version) for text in vulnerability.affected):
                found.append(Detected(vulnerability=vulnerability, package=package, layer=layer))
    found.sort(key=lambda d: (_RANK[d.vulnerability.severity], d.vulnerability.id, d.vulnerability.package))
    return found
