"""Sphinx extension: writes reference/operations.md (every ECS, ECR and ECR Public operation, and whether the fake
serves it), reference/moto-divergences.md (the contract tests' xfail reasons for moto) and reference/error-texts.md
(the table of AWS's error texts, :mod:`ecskit.texts`, and the texts of the validation rules) at every build."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.registry import why_not_served
from ecskit.operations import operations
from ecskit.texts import TABLE, ErrorText
from ecskit.validation import CATALOG, Phase

ROOT = Path(__file__).resolve().parents[2]


def operations_page() -> str:
    """The Markdown of the operation-support page."""
    fake = FakeBackend()
    lines = [
        "# Operation support",
        "",
        "Every operation of the services ecskit models, generated from botocore's service models. Every one is a "
        "typed operation (`ecskit.operations`) with a typed verb on every backend and on `Client`; "
        "`Boto3Backend` serves them all. **fake** says whether `FakeBackend` (and so `FakeBackend.client(...)`) "
        "serves it; one it does not is answered with `InvalidAction`, naming it, and the list after each table says "
        "why it is not served.",
        "",
    ]
    for service, title in (("ecs", "Amazon ECS"), ("ecr", "Amazon ECR"), ("ecr-public", "Amazon ECR Public")):
        found = sorted(operations(service), key=lambda o: o.name)
        served = [o for o in found if fake.serves(o)]
        lines += [
            f"## {title}",
            "",
            f"{len(served)} of {len(found)} operations served by the fake.",
            "",
            "| operation | verb | fake |",
            "|---|---|---|",
        ]
        for operation in found:
            where = "" if service == "ecs" else "." + service.replace("-", "_")
            served_here = "yes" if fake.serves(operation) else "no"
            lines.append(f"| `{operation.name}` | `backend{where}.{operation.method}` | {served_here} |")
        lines.append("")
        reasons: dict[str, list[str]] = {}
        for operation in found:
            why = why_not_served(operation)
            if why is not None:
                reasons.setdefault(why, []).append(f"`{operation.name}`")
        if reasons:
            lines += ["Not served, and why:", ""]
            lines += [f"- {', '.join(names)}: {why}" for why, names in reasons.items()]
            lines.append("")
    return "\n".join(lines)


def divergences_page() -> str:
    """The Markdown of the known-moto-divergences page, from the contract tests' ``moto_differs`` calls."""
    rows = []
    for path in sorted((ROOT / "tests" / "contract").glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            for node in ast.walk(fn):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "moto_differs"
                    and len(node.args) == 2
                    and isinstance(node.args[1], ast.Constant)
                ):
                    rows.append((path.stem, fn.name, str(node.args[1].value)))
    lines = [
        "# Known moto divergences",
        "",
        "The contract suite runs every behaviour test on the fake, on boto3 served by the fake, and on boto3 "
        "against moto's server. Where moto departs from AWS, the test is marked as an expected failure on moto, "
        "with what AWS does and what moto does:",
        "",
        "| test | what AWS does; what moto does |",
        "|---|---|",
    ]
    lines += [f"| `{module}::{name}` | {reason} |" for module, name, reason in rows]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _source(url: str | None) -> str:
    if url is None:
        return "*ecskit's wording, in AWS's form*"
    label = url.removeprefix("https://").removeprefix("github.com/").removeprefix("docs.aws.amazon.com/")
    return f"[{_cell(label)}]({url})"


def _row(entry: ErrorText) -> str:
    code = f"`{entry.code}`" if entry.code is not None else "*a reason of `failures`*"
    shown = entry.operations if len(entry.operations) <= 6 else (*entry.operations[:5], "...")
    operations = ", ".join(shown)
    note = f" {_cell(entry.note)}" if entry.note else ""
    text = _cell(entry.template.replace("{{", "{").replace("}}", "}"))
    return f'| <span id="{entry.id}"></span>`{text}` | {code} | {operations} | {_source(entry.source)}{note} |'


def error_texts_page() -> str:
    """The Markdown of the error-texts page: the table of :mod:`ecskit.texts`, then the validation rules' texts."""
    sourced = sum(1 for e in TABLE.values() if e.source is not None)
    lines = [
        "# Error texts",
        "",
        f"Every text the fake answers with comes from one table, {len(TABLE)} entries ({sourced} with a public "
        "source showing AWS's text; the others keep AWS's form in ecskit's words, and say so). `{name}` stands for "
        "what varies. Each entry has a test that makes the fake answer with it, from one of the operations named.",
        "",
    ]
    for service, title in (("ecs", "Amazon ECS"), ("ecr", "Amazon ECR"), ("ecr-public", "Amazon ECR Public")):
        lines += [
            f"## {title}",
            "",
            "| text | code | operations | source |",
            "|---|---|---|---|",
            *(_row(e) for e in TABLE.values() if e.service == service),
            "",
        ]
    rules = [r for r in CATALOG.values() if r.phase is Phase.API]
    lines += [
        "## Refusals found by validation rules",
        "",
        "The fake refuses a request a validation rule of phase `api` finds wrong, with the rule's error code and the "
        "finding's message: AWS's text where the rule names a source (the texts ecskit also answers elsewhere are in "
        "the tables above), ecskit's wording otherwise. The {doc}`rules` page has every rule.",
        "",
        "| rule | code | source of AWS's text |",
        "|---|---|---|",
        *(f"| [`{r.id}`](rules.md#{r.id}) | `{r.aws_code}` | {_source(r.source)} |" for r in rules),
        "",
    ]
    return "\n".join(lines)


def _write(app: Sphinx) -> None:
    folder = Path(app.srcdir) / "reference"
    folder.mkdir(parents=True, exist_ok=True)
    pages = (
        ("operations.md", operations_page()),
        ("moto-divergences.md", divergences_page()),
        ("error-texts.md", error_texts_page()),
    )
    for name, text in pages:
        target = folder / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the page writers."""
    app.connect("builder-inited", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
