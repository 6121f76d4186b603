"""The command line: ``python -m ecskit validate ...`` (also installed as ``ecskit``).

``validate`` exits 0 when no file has an error finding, 1 when any has, and 2 when a file cannot be read or is
not JSON (with a one-line reason on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ecskit.models.ecs import CreateServiceRequest, RegisterTaskDefinitionRequest
from ecskit.models.lifecycle import LifecyclePolicy
from ecskit.validation import (
    CATALOG,
    Config,
    Report,
    Severity,
    validate_lifecycle_policy,
    validate_service,
    validate_task_definition,
)
from ecskit.validation.api import read_or_findings, read_task_definition_or_findings

__all__ = ["Unreadable", "build_parser", "check_document", "guess_kind", "main", "rules_command", "validate_command"]

KINDS = ("taskdef", "service", "lifecycle-policy")
EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


class Unreadable(Exception):
    """A file that cannot be read, or is not JSON."""


def _load(path: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise Unreadable(f"{path}: cannot read: {reason}") from None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise Unreadable(f"{path}: not JSON: {exc}") from None


def guess_kind(data: Any) -> str:
    """The kind of a document, told by its keys: lifecycle policies have rules, task definitions containers."""
    if isinstance(data, dict):
        if "rules" in data:
            return "lifecycle-policy"
        if "containerDefinitions" in data or isinstance(data.get("taskDefinition"), dict) or "family" in data:
            return "taskdef"
        if {"serviceName", "desiredCount", "launchType", "loadBalancers", "schedulingStrategy"} & data.keys():
            return "service"
        if isinstance(data.get("taskDefinition"), str):
            return "service"
    return "taskdef"


def check_document(
    data: Any, kind: str, config: Config, taskdef: RegisterTaskDefinitionRequest | None = None
) -> Report:
    """Every finding on one parsed JSON document of a kind (``taskdef``, ``service``, ``lifecycle-policy``)."""
    if kind == "taskdef":
        td = read_task_definition_or_findings(data, config)
        return td if isinstance(td, Report) else validate_task_definition(td, config=config)
    if kind == "service":
        service = read_or_findings(data, CreateServiceRequest, config)
        if isinstance(service, Report):
            return service
        return validate_service(service, task_definition=taskdef, config=config)
    policy = read_or_findings(data, LifecyclePolicy, config)
    return policy if isinstance(policy, Report) else validate_lifecycle_policy(policy, config=config)


def _config(args: argparse.Namespace) -> Config:
    severities = dict.fromkeys(args.warn, Severity.WARNING)
    return Config(disabled=frozenset(args.ignore), severities=severities)


def validate_command(args: argparse.Namespace) -> int:
    """Run ``validate``; returns the exit code."""
    try:
        config = _config(args)
    except ValueError as exc:
        print(f"ecskit: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    status = EXIT_OK
    results: list[tuple[str, Report]] = []
    taskdef = None
    if args.task_definition:
        try:
            td_data = _load(args.task_definition)
        except Unreadable as exc:
            print(f"ecskit: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
        td = read_task_definition_or_findings(td_data, config)
        if isinstance(td, Report):
            results.append((args.task_definition, td))
        else:
            taskdef = td
    for path in args.files:
        try:
            data = _load(path)
        except Unreadable as exc:
            print(f"ecskit: {exc}", file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        results.append((path, check_document(data, args.kind or guess_kind(data), config, taskdef)))
    if any(not report.ok for _, report in results) and status == EXIT_OK:
        status = EXIT_ERRORS
    if args.format == "json":
        rows = [{"file": path, **finding.to_dict()} for path, report in results for finding in report]
        print(json.dumps(rows, indent=2))
    else:
        _print_text(results)
    return status


def _print_text(results: list[tuple[str, Report]]) -> None:
    errors = warnings = 0
    for path, report in results:
        for finding in report:
            print(f"{path}: {finding}")
        errors += len(report.errors)
        warnings += len(report.warnings)
    files = len(results)
    print(
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
        f"in {files} file{'s' * (files != 1)}"
    )


def rules_command(args: argparse.Namespace) -> int:
    """Run ``rules``: list the catalog."""
    rows = [
        {"id": r.id, "severity": r.severity.value, "kind": r.kind.value, "summary": r.summary, "docs": r.docs}
        for r in CATALOG.values()
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            print(f"{row['id']:45} {row['severity']:8} {row['summary']}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``ecskit`` command."""
    parser = argparse.ArgumentParser(prog="ecskit", description="Amazon ECS/ECR documents, checked offline.")
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="validate task definitions, services and ECR lifecycle policies")
    validate.add_argument("files", nargs="+", metavar="FILE", help="JSON documents to check")
    validate.add_argument("--kind", choices=KINDS, help="what the files are (default: told by their keys)")
    validate.add_argument(
        "--task-definition", metavar="FILE", help="the task definition that service files are checked against"
    )
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.add_argument("--ignore", action="append", default=[], metavar="RULE", help="silence a rule (repeatable)")
    validate.add_argument(
        "--warn", action="append", default=[], metavar="RULE", help="report a rule as a warning (repeatable)"
    )
    validate.set_defaults(run=validate_command)
    rules = sub.add_parser("rules", help="list the validation rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.set_defaults(run=rules_command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m ecskit`` and the ``ecskit`` console script."""
    args = build_parser().parse_args(argv)
    code: int = args.run(args)
    return code
