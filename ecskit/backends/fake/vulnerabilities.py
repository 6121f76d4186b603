"""The vulnerability catalogue of a fake (:attr:`FakeBackend.vulnerabilities
<ecskit.backends.fake.FakeBackend.vulnerabilities>`): what the test says images contain, and which vulnerabilities
affect which package versions. ECR's scans on the fake find what it declares.

>>> from ecskit.backends.fake import FakeBackend
>>> fake = FakeBackend()
>>> fake.vulnerabilities.declare_package("web:*", "openssl", "1.1.1k")
>>> fake.vulnerabilities.declare_cve("CVE-2021-3711", "openssl", affected="< 1.1.1l", severity="CRITICAL", cvss=9.8)

Every image pushed to a repository ``web`` from then on holds openssl 1.1.1k, and a scan of it finds CVE-2021-3711.
How declarations apply is :mod:`~ecskit.backends.fake.engine.ecr_vulnerabilities`'s; how scans run,
:mod:`~ecskit.backends.fake.engine.ecr_scans`'s.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from ecskit.backends.fake.core.ecr_scanning import InstalledPackage
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.engine.ecr_scans import rescan_continuous, set_rescan_duration
from ecskit.backends.fake.engine.ecr_vulnerabilities import (
    declare_package,
    declare_unsupported,
    declare_vulnerability,
)

__all__ = ["Vulnerabilities"]


class Vulnerabilities:
    """Declarations of what images contain and which vulnerabilities affect them, for one view of a fake (the
    catalogue is the whole fake's; :meth:`set_rescan_duration` is the view's account and Region's). Bad
    declarations raise :class:`~ecskit.errors.UsageError`."""

    def __init__(self, lock: threading.RLock, env: Callable[[], Env]) -> None:
        self._lock = lock
        self._env = env

    def declare_package(
        self, image: str, name: str, version: str, *, package_manager: str = "OS", file_path: str | None = None
    ) -> None:
        """Declare that the images ``image`` names hold package ``name`` at ``version``.

        ``image`` is an image's digest, or one of its layers' (``sha256:...``: every image built on that layer holds
        it), or a ``repository[:tag]`` pattern (``*`` for any run of characters; no tag, or ``*``: any tag or none)
        naming the images pushed under it from now on. ``package_manager`` is Inspector's (``OS`` for the
        distribution's packages, ``PIP``, ``NPM``, ``JAR``, ...); ``file_path`` where a language package's files
        are."""
        package = InstalledPackage(version=version, manager=package_manager, file_path=file_path)
        with self._lock:
            declare_package(self._env().world.vulnerabilities, image, name, version, package)

    def declare_unsupported(self, image: str) -> None:
        """Declare that the images ``image`` names (as :meth:`declare_package` names them) have no operating system
        basic scanning reads (built FROM scratch): their basic scans fail with ``UnsupportedImageError``."""
        with self._lock:
            declare_unsupported(self._env().world.vulnerabilities, image)

    def declare_cve(
        self,
        id: str,
        package: str,
        *,
        affected: str | Sequence[str],
        severity: str,
        cvss: float | None = None,
        cvss_vector: str | None = None,
        fixed_in: str | None = None,
        exploit_available: bool = False,
        description: str | None = None,
        uri: str | None = None,
    ) -> None:
        """Declare vulnerability ``id`` of ``package``, affecting the versions of ``affected`` (a range such as
        ``"< 1.1.1l"`` or ``">= 1.1.0, < 1.1.1l"``, ``"*"`` for all, or several ranges, any of which; Debian's
        version ordering, :mod:`ecskit.images.versions`), of ``severity`` (``CRITICAL``, ``HIGH``, ``MEDIUM``,
        ``LOW``, ``INFORMATIONAL`` or ``UNDEFINED``), with its CVSS score and vector, the version that fixes it
        and whether an exploit is known. Declaring the same id and package again replaces it.

        Images under continuous (enhanced) scanning are looked at again at once: their new findings are added
        (and sent as ``Inspector2 Finding`` events), those that no longer apply are closed. Other scans find it
        the next time they run."""
        ranges = (affected,) if isinstance(affected, str) else tuple(affected)
        with self._lock:
            env = self._env()
            declare_vulnerability(
                env.world.vulnerabilities,
                id=id,
                package=package,
                affected=ranges,
                severity=str(severity),
                cvss=None if cvss is None else float(cvss),
                cvss_vector=cvss_vector,
                fixed_in=fixed_in,
                exploit_available=exploit_available,
                description=description,
                uri=uri,
                now=env.clock.now(),
            )
            rescan_continuous(env)

    def set_rescan_duration(self, duration: str) -> None:
        """Set Amazon Inspector's ECR re-scan duration of this view's account and Region: how long after its push
        (or its last pull) continuous scanning keeps an image (``DAYS_14``, the default, ``DAYS_30``, ``DAYS_60``,
        ``DAYS_90``, ``DAYS_180`` or ``LIFETIME``). Past it, an image's scan is SCAN_ELIGIBILITY_EXPIRED."""
        with self._lock:
            set_rescan_duration(self._env(), duration)
