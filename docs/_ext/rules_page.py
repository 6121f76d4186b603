"""Sphinx extension: writes docs/reference/rules.md from the validation catalog at every build.

One section per rule: id, severity, what it looks at, what is checked, why (what AWS does), how to fix it, and
the AWS documentation page it comes from. The page is generated, never edited by hand (it is git-ignored).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ecskit.validation import CATALOG, Kind, Rule

_TITLES = {
    Kind.SCHEMA: "Schema (the document's shape)",
    Kind.TASK_DEFINITION: "Task definitions",
    Kind.CONTAINER: "Container definitions",
    Kind.SERVICE: "Services",
    Kind.RUN_TASK: "RunTask requests",
    Kind.CAPACITY_PROVIDER_STRATEGY: "Capacity provider strategies",
    Kind.CLUSTER: "Clusters",
    Kind.CAPACITY_PROVIDER: "Capacity providers",
    Kind.LIFECYCLE_POLICY: "ECR lifecycle policies",
}


def render() -> str:
    """The Markdown of the rules page."""
    by_kind: dict[Kind, list[Rule]] = defaultdict(list)
    for r in CATALOG.values():
        by_kind[r.kind].append(r)
    lines = [
        "# Validation rules",
        "",
        f"ecskit checks {len(CATALOG)} rules. Each has a stable id: silence one with "
        "`Config(disabled={...})` or `ecskit validate --ignore ID`, or report it as a warning with "
        "`Config(severities={...})` or `--warn ID`.",
        "",
        "Severity **error**: AWS rejects the document, or the task or service cannot work. "
        "**warning**: AWS accepts it, but it is most likely wrong.",
        "",
    ]
    for kind, title in _TITLES.items():
        rules = by_kind.get(kind, [])
        if not rules:
            continue
        lines += [f"## {title}", "", f"{len(rules)} rules.", ""]
        for r in rules:
            lines += [
                f"### `{r.id}`",
                "",
                f"*{r.severity.value}*. {r.summary}",
                "",
                f"- **Why:** {r.why}",
                f"- **Fix:** {r.fix}",
                f"- **AWS documentation:** <{r.docs}>",
                "",
            ]
    return "\n".join(lines)


def _write(app: Sphinx) -> None:
    target = Path(app.srcdir) / "reference" / "rules.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = render()
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the page writer."""
    app.connect("builder-inited", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
