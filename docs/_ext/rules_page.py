"""Sphinx extension: writes docs/reference/rules.md from the validation catalog at every build.

A table of every rule (id, severity, phase, what AWS does), then one section per rule: id, severity, phase, what it
looks at, what is checked, why (what AWS does), the error code or the run-time effect, the public source of AWS's
text, doubts, retired ids, how to fix it, and the AWS documentation page it comes from. The page is generated, never
edited by hand (it is git-ignored).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ecskit.validation import CATALOG, Kind, Phase, Rule

_TITLES = {
    Kind.SCHEMA: "Schema (the document's shape)",
    Kind.TASK_DEFINITION: "Task definitions",
    Kind.CONTAINER: "Container definitions",
    Kind.SERVICE: "Services",
    Kind.RUN_TASK: "RunTask requests",
    Kind.LAUNCH: "Services and RunTask alike (launch rules)",
    Kind.CAPACITY_PROVIDER_STRATEGY: "Capacity provider strategies",
    Kind.CLUSTER: "Clusters",
    Kind.CAPACITY_PROVIDER: "Capacity providers",
    Kind.LIFECYCLE_POLICY: "ECR lifecycle policies",
}


def _on_aws(r: Rule) -> str:
    """What AWS does, in a few words (for the table)."""
    if r.phase is Phase.API:
        return f"refuses the call: `{r.aws_code}`"
    if r.effect is not None:
        return r.effect.describe().split(":", 1)[0]
    return "accepts it"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    """The Markdown of the rules page."""
    by_kind: dict[Kind, list[Rule]] = defaultdict(list)
    for r in CATALOG.values():
        by_kind[r.kind].append(r)
    counts = {p: sum(1 for r in CATALOG.values() if r.phase is p) for p in Phase}
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
        f"Phase (when AWS enforces the rule): **api** ({counts[Phase.API]} rules): the call is refused, with the "
        "error code shown and, where a public source shows it, AWS's own text as the finding's message; "
        f"**runtime** ({counts[Phase.RUNTIME]} rules): the call succeeds and the task stops, is never placed, the "
        "deployment stalls, or (for a task definition) the calls that launch it are refused, as shown; "
        f"**advice** ({counts[Phase.ADVICE]} rules): it works, but is a known trap. "
        "A rule whose enforcement is not documented says so and takes the lenient side (runtime or advice).",
        "",
        "Rules merged into one keep their old ids as aliases: a configuration naming a retired id applies to the "
        "rule it was merged into (with a DeprecationWarning).",
        "",
        "| Rule | Severity | Phase | On AWS |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| [`{r.id}`](#{r.id}) | {r.severity.value} | {r.phase.value} | {_cell(_on_aws(r))} |"
        for r in CATALOG.values()
    ]
    lines.append("")
    for kind, title in _TITLES.items():
        rules = by_kind.get(kind, [])
        if not rules:
            continue
        lines += [f"## {title}", "", f"{len(rules)} rules.", ""]
        for r in rules:
            lines += [f"### `{r.id}`", "", f"*{r.severity.value}*, phase *{r.phase.value}*. {r.summary}", ""]
            lines.append(f"- **Why:** {r.why}")
            if r.phase is Phase.API:
                lines.append(f"- **AWS error code:** `{r.aws_code}`")
            if r.effect is not None:
                lines.append(f"- **On AWS:** {r.effect.describe()}")
            if r.source is not None:
                lines.append(f"- **AWS's text seen in:** <{r.source}>")
            if r.effect is not None and r.effect.source is not None:
                lines.append(f"- **Stop reason documented in:** <{r.effect.source}>")
            if r.doubt is not None:
                lines.append(f"- **Not confirmed:** {r.doubt}")
            if r.aliases:
                lines.append(f"- **Retired ids:** {', '.join(f'`{a}`' for a in r.aliases)}")
            lines += [f"- **Fix:** {r.fix}", f"- **AWS documentation:** <{r.docs}>", ""]
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
