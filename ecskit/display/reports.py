"""Displays of what ecskit finds: validation reports (findings as a table), diffs and lifecycle policy previews.

>>> from ecskit.validation import validate_task_definition
>>> report = validate_task_definition(
...     {"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 4}]})
>>> print(report_card(report).title)
validation report: 1 error, 0 warnings
"""

from __future__ import annotations

from ecskit.diff.changes import ChangeKind, Diff, compact
from ecskit.display.cards import Badge, Card, Link, Table, count
from ecskit.lifecycle.preview import Preview
from ecskit.models.ecr import ImageActionType
from ecskit.validation import Finding, Report, Severity

__all__ = ["diff_card", "preview_card", "report_card", "summary"]

_TONE = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
_KIND = {
    ChangeKind.ADDED: ("added", "ok"),
    ChangeKind.REMOVED: ("removed", "error"),
    ChangeKind.CHANGED: ("changed", "warning"),
}


def summary(report: Report) -> str:
    """``1 error, 2 warnings`` (and the info findings, when there are any)."""
    infos = len(report) - len(report.errors) - len(report.warnings)
    text = f"{count(len(report.errors), 'error')}, {count(len(report.warnings), 'warning')}"
    return text + (f", {count(infos, 'note')}" if infos else "")


def _findings(findings: tuple[Finding, ...]) -> Table:
    return Table.of(
        ("severity", "path", "rule", "message", "fix", "link"),
        (
            (
                Badge(f.severity.value, _TONE[f.severity]),
                f.path or "(document)",
                f.rule,
                f.message,
                f.hint or "",
                Link("AWS docs", f.docs) if f.docs else "",
            )
            for f in findings
        ),
    )


def report_card(report: Report) -> Card:
    """A validation report: how many errors and warnings, and every finding."""
    if not report:
        return Card("validation report: no findings")
    return Card(f"validation report: {summary(report)}", sections=(("", _findings(report.findings)),))


def diff_card(diff: Diff) -> Card:
    """A diff: one row per change, the old and new values as JSON."""
    title = f"diff {diff.old_label} -> {diff.new_label}"
    if not diff:
        return Card(f"{title}: no differences")
    rows = (
        (
            Badge(*_KIND[c.kind]),
            c.path,
            compact(c.old) if c.kind is not ChangeKind.ADDED else "",
            compact(c.new) if c.kind is not ChangeKind.REMOVED else "",
        )
        for c in diff.changes
    )
    table = Table.of(("change", "path", diff.old_label, diff.new_label), rows)
    return Card(f"{title}: {count(len(diff), 'change')}", sections=(("", table),))


def preview_card(preview: Preview) -> Card:
    """A lifecycle policy preview: what each rule expires or archives, what is kept, and images still in use."""
    acted = preview.evaluation.acted
    archived = sum(1 for d in acted if d.action is ImageActionType.TRANSITION)
    expired = len(acted) - archived
    total = len(preview.evaluation.images)
    title = (
        f"lifecycle preview: {count(total, 'image')}, {expired} expire, {archived} archived, "
        f"{total - expired - archived} kept"
    )
    rows = (
        (
            Badge("ARCHIVE", "warning") if d.action is ImageActionType.TRANSITION else Badge("EXPIRE", "error"),
            str(d.applied_rule_priority),
            d.image.digest,
            ", ".join(d.image.tags) or "<untagged>",
            f"{d.image.pushed_at:%Y-%m-%d %H:%M}",
        )
        for d in acted
    )
    sections: list[tuple[str, Table | tuple[str, ...]]] = []
    if acted:
        sections.append(("images acted on", Table.of(("action", "rule", "digest", "tags", "pushed"), rows)))
    if preview.findings:
        sections.append(("findings", _findings(preview.findings)))
    return Card(title, sections=tuple(sections))
