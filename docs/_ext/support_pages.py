"""Sphinx extension: writes reference/operations.md (every ECS and ECR operation of botocore's model, and which
backend serves it) and reference/moto-divergences.md (the contract tests' xfail reasons for moto) at every build."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import botocore.session
from sphinx.application import Sphinx

from ecskit.backends.base import SUPPORTED_ECS_OPERATIONS
from ecskit.backends.fake.operations import ECS_OPERATIONS

ROOT = Path(__file__).resolve().parents[2]


def operations_page() -> str:
    """The Markdown of the operation-support page."""
    session = botocore.session.get_session()
    lines = [
        "# Operation support",
        "",
        "Every operation of botocore's ECS and ECR models, and whether ecskit serves it: **fake** means "
        "`FakeBackend` (and so `FakeBackend.client(...)`), **typed** means a typed verb on every backend "
        "(`Boto3Backend` calls any operation of the model through `call`).",
        "",
    ]
    for service in ("ecs", "ecr"):
        model = session.get_service_model(service)
        names = sorted(model.operation_names)
        fake = [n for n in names if service == "ecs" and n in ECS_OPERATIONS]
        lines += [
            f"## {model.metadata['serviceFullName']}",
            "",
            f"{len(fake)} of {len(names)} operations served by the fake.",
            "",
            "| operation | fake | typed |",
            "|---|---|---|",
        ]
        for name in names:
            in_fake = "yes" if name in fake else ""
            typed = "yes" if service == "ecs" and name in SUPPORTED_ECS_OPERATIONS else ""
            lines.append(f"| `{name}` | {in_fake} | {typed} |")
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


def _write(app: Sphinx) -> None:
    folder = Path(app.srcdir) / "reference"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("operations.md", operations_page()), ("moto-divergences.md", divergences_page())):
        target = folder / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the page writers."""
    app.connect("builder-inited", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
