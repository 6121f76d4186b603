"""What every ``build()`` shares: merge the reports of a build and fail on any error."""

from __future__ import annotations

from collections.abc import Iterable

from ecskit.validation import Finding, Phase, Report, Severity

__all__ = ["error", "raise_for_errors"]


def error(rule: str, path: str, message: str, *, hint: str, docs: str, phase: Phase = Phase.API) -> Finding:
    """A finding of one of the builders' own checks (those on load balancers, target groups and security groups,
    which the ECS validation catalog does not see); most are calls ELB or ECS would refuse (``phase``)."""
    return Finding(rule=rule, severity=Severity.ERROR, phase=phase, path=path, message=message, hint=hint, docs=docs)


def raise_for_errors(reports: Iterable[Report], extra: Iterable[Finding] = ()) -> Report:
    """Merge ``reports`` and ``extra`` findings; raise :class:`~ecskit.errors.ValidationError` on any error."""
    merged = Report([f for report in reports for f in report] + list(extra))
    merged.raise_for_errors()
    return merged
