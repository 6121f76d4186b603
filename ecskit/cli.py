"""The command line: ``python -m ecskit validate ...`` (also installed as ``ecskit``).

``validate`` exits 0 when no file has an error finding, 1 when any has, and 2 when a file cannot be read or is
not JSON, or an option cannot be used (with a one-line reason on stderr, never a traceback). Each finding says its
phase: ``api`` (AWS refuses the call), ``runtime`` (the call succeeds and the task or deployment fails later) or
``advice``. Each file is read once, by :func:`ecskit.codec.load_document`, and its parsed JSON given to the same
``validate_*`` functions Python code calls (which report a document that does not fit the API's schema as
``schema-*`` findings).

``validate`` counts the files it could not read in its summary (``...in 3 files; 1 unreadable``), and with
``--format json`` lists each as a row of the rule ``unreadable`` whose message is the reason.

``diff OLD NEW`` exits 0 when the two normalised documents are the same (printing ``no differences``), 1 when they
differ, and 2 when a file cannot be read, is not JSON, is not a task definition or service, or when the two are of
different kinds (with the reason on stderr).

``lifecycle preview POLICY --images DESCRIBE_IMAGES [--in-use FILE ...]`` previews an ECR lifecycle policy offline
(:func:`ecskit.lifecycle.preview`): the images each rule expires or archives, and a loud warning for each of them
that a task definition, service or task given with ``--in-use`` still uses. It exits 0 when nothing in use is
touched, 1 when something in use is (or ECR would refuse the policy: its findings are printed as ``validate`` prints
them), and 2 when a file cannot be read or is not what it should be.

Every command reads its files the same way (:func:`ecskit.codec.reading.read_file`): a regular file of at most
:data:`~ecskit.codec.reading.MAX_DOCUMENT_BYTES`, never a FIFO or a device, whose text is JSON (not nested too
deeply, no ``NaN`` or ``Infinity``; UTF-8 with or without a byte order mark, or UTF-16/32 with one). A YAML file is
named as unsupported rather than reported as broken JSON. Whatever stops a command is one line on stderr (a file
name that holds a line break is quoted), and exit code 2. With ``--format json`` the standard output is JSON
whatever happens: when a command stops early, ``validate`` prints the findings of the files it read and a row for
each file it could not read (``[]`` if none), and ``diff`` and ``lifecycle preview`` print ``{"error": REASON}``.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import importlib.metadata
import json
import re
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ecskit._text import shown_path
from ecskit.codec import load_document
from ecskit.diff import Diff, normalise_service, normalise_task_definition, render
from ecskit.diff.compare import diff_documents
from ecskit.diff.lists import SERVICE_LISTS, TASK_DEFINITION_LISTS
from ecskit.errors import ConversionError, UsageError, ValidationError
from ecskit.lifecycle import preview
from ecskit.lifecycle.in_use import read_uses
from ecskit.models.ecs import RegisterTaskDefinitionRequest
from ecskit.validation import (
    CATALOG,
    Config,
    Phase,
    Report,
    Severity,
    validate_lifecycle_policy,
    validate_service,
    validate_task_definition,
)
from ecskit.validation.api import read_task_definition_or_findings

__all__ = [
    "build_parser",
    "check_document",
    "diff_command",
    "diff_kind",
    "guess_kind",
    "lifecycle_preview_command",
    "load",
    "main",
    "rules_command",
    "validate_command",
    "version",
]

KINDS = ("taskdef", "service", "lifecycle-policy")
EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


#: The first line of a YAML document that is not JSON: a ``---`` marker, a ``%YAML`` directive or ``key: value``.
_YAML_LINE = re.compile(r"---|%YAML|[A-Za-z_][\w.-]*:(\s|$)")


def load(path: str) -> Any:
    """The parsed JSON of a file, or :class:`~ecskit.errors.UsageError` with a one-line reason (``PATH: cannot
    read: ...``, ``PATH: not JSON: ...``, ``PATH: YAML is not supported; convert to JSON``).

    A file named ``*.yaml``/``*.yml``, or whose text is not JSON but starts as YAML does, is named as YAML rather
    than reported as broken JSON. A UTF-8 byte order mark is skipped, and UTF-16 or UTF-32 text with a byte order
    mark is read (both are what Windows editors save)."""
    name = shown_path(path)
    if Path(path).suffix.lower() in (".yaml", ".yml"):
        raise UsageError(f"{name}: YAML is not supported; convert to JSON")
    try:
        return load_document(Path(path), "document")
    except ConversionError as exc:  # the one error of text that is not JSON
        if _looks_like_yaml(Path(path)):
            raise UsageError(f"{name}: YAML is not supported; convert to JSON") from None
        reason = exc.errors[0].message
        raise UsageError(f"{name}: {_encoding_advice(Path(path), reason) or reason}") from None


def _looks_like_yaml(path: Path) -> bool:
    """Whether a file that is not JSON starts as YAML does (its first line that is not blank or a comment)."""
    try:
        text = path.read_bytes()[:4096].decode("utf-8-sig", errors="replace")
    except OSError:
        return False
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return _YAML_LINE.match(line) is not None
    return False


def _encoding_advice(path: Path, reason: str) -> str | None:
    """What to do with a UTF-16 or UTF-32 file that cannot be decoded (a byte order mark, or NUL bytes between
    ASCII characters, and text that breaks off mid-character), or None. JSON in these encodings is read."""
    if "codec can't decode" not in reason:
        return None
    try:
        head = path.read_bytes()[:64]
    except OSError:
        return None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) >= 2 and head.count(0) * 3 >= len(head)):
        return "not JSON: the file is UTF-16 (or UTF-32) and cannot be decoded; save it as UTF-8"
    return None


def _one_line(exc: Exception) -> str:
    """The reason of an error on one line: a :class:`ConversionError`'s problems joined with ``;``, any other line
    break or control character escaped."""
    text = "; ".join(str(e) for e in exc.errors) if isinstance(exc, ConversionError) else str(exc)
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def _stop(reason: str) -> int:
    """Say why a command stops (one line on stderr); the exit code of an unreadable input."""
    print(f"ecskit: {reason}", file=sys.stderr)
    return EXIT_UNREADABLE


def _stop_json(args: argparse.Namespace, reason: str) -> int:
    """As :func:`_stop`, and ``{"error": reason}`` on stdout when JSON was asked for."""
    if getattr(args, "format", None) == "json":
        print(json.dumps({"error": reason}, indent=2))
    return _stop(reason)


def guess_kind(data: Any) -> str:
    """The kind of a document, told by its keys: lifecycle policies have rules, task definitions containers,
    services (as CreateService input or as describe-services output) their service members."""
    if isinstance(data, dict):
        if "rules" in data:
            return "lifecycle-policy"
        if "containerDefinitions" in data or isinstance(data.get("taskDefinition"), dict) or "family" in data:
            return "taskdef"
        if "services" in data or isinstance(data.get("service"), dict) or "serviceArn" in data:
            return "service"
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
        return validate_task_definition(data, config=config)
    if kind == "service":
        return validate_service(data, task_definition=taskdef, config=config)
    return validate_lifecycle_policy(data, config=config)


def _config(args: argparse.Namespace) -> Config:
    severities = dict.fromkeys(args.warn, Severity.WARNING)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DeprecationWarning)
        config = Config(disabled=frozenset(args.ignore), severities=severities)
    for warning in caught:  # retired rule ids: say which rule they now configure
        print(f"ecskit: note: {warning.message}", file=sys.stderr)
    return config


def validate_command(args: argparse.Namespace) -> int:
    """Run ``validate``; returns the exit code."""
    results: list[tuple[str, Report]] = []
    unreadable: list[tuple[str, str]] = []
    try:
        config = _config(args)
        taskdef = None
        if args.task_definition:
            try:
                data = load(args.task_definition)
            except UsageError as exc:
                unreadable.append((args.task_definition, _one_line(exc)))
                raise
            td = read_task_definition_or_findings(data, config)
            if isinstance(td, Report):
                results.append((args.task_definition, td))
            else:
                taskdef = td
    except (UsageError, ValueError) as exc:  # an unknown rule id, an unreadable --task-definition
        _print_results(args, results, unreadable)
        return _stop(_one_line(exc))
    for path in args.files:
        try:
            data = load(path)
        except UsageError as exc:
            unreadable.append((path, _one_line(exc)))
            _stop(unreadable[-1][1])
            continue
        results.append((path, check_document(data, args.kind or guess_kind(data), config, taskdef)))
    _print_results(args, results, unreadable)
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_ERRORS if any(not report.ok for _, report in results) else EXIT_OK


def _print_results(
    args: argparse.Namespace, results: list[tuple[str, Report]], unreadable: list[tuple[str, str]]
) -> None:
    """The findings as JSON (always, when asked for: a file that could not be read is a row of the rule
    ``unreadable`` whose message is the reason), or as text with a summary (when any file was given)."""
    if args.format == "json":
        rows = [{"file": path, **finding.to_dict()} for path, report in results for finding in report]
        rows += [_unreadable_row(path, reason) for path, reason in unreadable]
        print(json.dumps(rows, indent=2))
    elif results or unreadable:
        _print_text(results, unreadable=len(unreadable))


def _unreadable_row(path: str, reason: str) -> dict[str, Any]:
    """The ``--format json`` row of a file that could not be read: a finding's keys, the reason as its message."""
    return {
        "file": path,
        "rule": "unreadable",
        "severity": Severity.ERROR.value,
        "phase": None,
        "path": "",
        "message": reason,
        "hint": None,
        "docs": None,
        "aws_code": None,
        "effect": None,
    }


def _by_phase(phases: list[Phase]) -> str:
    """`` (1 api, 2 runtime)``: how many findings of each phase, in the order api, runtime, advice."""
    counts = collections.Counter(phases)
    parts = [f"{counts[p]} {p.value}" for p in Phase if counts[p]]
    return f" ({', '.join(parts)})" if parts else ""


def _print_text(results: list[tuple[str, Report]], *, unreadable: int = 0) -> None:
    errors: list[Phase] = []
    warned: list[Phase] = []
    for path, report in results:
        for finding in report:
            print(f"{shown_path(path)}: {finding}")
        errors += [f.phase for f in report.errors]
        warned += [f.phase for f in report.warnings]
    files = len(results) + unreadable
    print(
        f"{len(errors)} error{'s' * (len(errors) != 1)}{_by_phase(errors)}, "
        f"{len(warned)} warning{'s' * (len(warned) != 1)}{_by_phase(warned)} "
        f"in {files} file{'s' * (files != 1)}" + (f"; {unreadable} unreadable" if unreadable else "")
    )


def rules_command(args: argparse.Namespace) -> int:
    """Run ``rules``: list the catalog (``--phase`` keeps the rules of one phase)."""
    rows = [
        {
            "id": r.id,
            "severity": r.severity.value,
            "phase": r.phase.value,
            "kind": r.kind.value,
            "summary": r.summary,
            "aws_code": r.aws_code,
            "effect": r.effect.to_dict() if r.effect is not None else None,
            "doubt": r.doubt,
            "source": r.source,
            "aliases": list(r.aliases),
            "docs": r.docs,
        }
        for r in CATALOG.values()
        if args.phase is None or r.phase.value == args.phase
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            print(f"{row['id']:45} {row['severity']:8} {row['phase']:8} {row['summary']}")
    return EXIT_OK


_KIND_NAMES = {"taskdef": "a task definition", "service": "a service", "lifecycle-policy": "a lifecycle policy"}


def diff_kind(*documents: Any) -> str:
    """``service`` if any document is a service (CreateService input or describe-services output), else ``taskdef``."""
    return "service" if any(guess_kind(data) == "service" for data in documents) else "taskdef"


def diff_command(args: argparse.Namespace) -> int:
    """Run ``diff``; returns the exit code."""
    documents: list[dict[str, Any]] = []
    try:
        old_data, new_data = load(args.old), load(args.new)
    except UsageError as exc:
        return _stop_json(args, _one_line(exc))
    kinds = (guess_kind(old_data), guess_kind(new_data))
    if args.kind is None and kinds[0] != kinds[1]:
        return _stop_json(
            args,
            f"{shown_path(args.old)} is {_KIND_NAMES[kinds[0]]} and {shown_path(args.new)} is "
            f"{_KIND_NAMES[kinds[1]]}: diff compares two documents of one kind",
        )
    kind = args.kind or diff_kind(old_data, new_data)
    for path, data in ((args.old, old_data), (args.new, new_data)):
        try:
            documents.append(normalise_service(data) if kind == "service" else normalise_task_definition(data))
        except (ConversionError, UsageError) as exc:
            return _stop_json(args, f"{shown_path(path)}: {_one_line(exc)}")
    ignore = list(args.ignore)
    if kind == "service" and args.ignore_desired_count:
        ignore.append("desiredCount")
    lists = SERVICE_LISTS if kind == "service" else TASK_DEFINITION_LISTS
    diff: Diff = diff_documents(documents[0], documents[1], lists, ignore=ignore, labels=(args.old, args.new))
    if args.format == "json":
        print(diff.to_json(indent=2))
    else:
        print(render(diff, format=args.format, color=args.color) if diff else "no differences\n", end="")
    return EXIT_ERRORS if diff else EXIT_OK


def _moment(text: str | None) -> datetime.datetime | None:
    """``--now``: an ISO 8601 time (UTC when it names no offset)."""
    if text is None:
        return None
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--now: not an ISO 8601 time: {text!r} (e.g. 2025-06-01T12:00:00Z)") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=datetime.UTC)


def lifecycle_preview_command(args: argparse.Namespace) -> int:
    """Run ``lifecycle preview``; returns the exit code."""
    try:
        now = _moment(args.now)
        policy, images = load(args.policy), load(args.images)
        uses: list[Any] = []
        for path in args.in_use:
            data = load(path)
            try:
                uses.extend(read_uses(data))
            except (ConversionError, UsageError) as exc:
                raise UsageError(f"{shown_path(path)}: {_one_line(exc)}") from None
    except UsageError as exc:
        return _stop_json(args, _one_line(exc))
    try:
        result = preview(policy, images, now=now, in_use=uses, repository=args.repository)
    except ValidationError as exc:  # ECR would refuse the policy
        report = exc.report if isinstance(exc.report, Report) else Report([])
        if args.format == "json":
            refused = {"error": "ECR would refuse the policy", "findings": [f.to_dict() for f in report]}
            print(json.dumps(refused, indent=2))
        else:
            _print_text([(args.policy, report)])
        return EXIT_ERRORS
    except (ConversionError, UsageError) as exc:
        return _stop_json(args, f"{shown_path(args.images)}: {_one_line(exc)}")
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(result.render(), end="")
    return EXIT_ERRORS if result.in_use else EXIT_OK


def version() -> str:
    """The installed package's version (its metadata), or ``ecskit.__version__`` when the package is not installed
    (a source checkout on ``sys.path``)."""
    try:
        return importlib.metadata.version("ecskit")
    except importlib.metadata.PackageNotFoundError:
        import ecskit  # the package itself, only when its metadata is missing

        return str(getattr(ecskit, "__version__", "unknown"))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``ecskit`` command."""
    parser = argparse.ArgumentParser(prog="ecskit", description="Amazon ECS/ECR documents, checked offline.")
    parser.add_argument("--version", action="version", version=f"ecskit {version()}")
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
    diff = sub.add_parser(
        "diff",
        help="normalised diff of two task definitions, or of the deployed service (OLD) and the desired one (NEW)",
    )
    diff.add_argument("old", metavar="OLD", help="the old task definition, or describe-services output")
    diff.add_argument("new", metavar="NEW", help="the new task definition, or the service's CreateService input")
    diff.add_argument("--kind", choices=("taskdef", "service"), help="what the files are (default: told by their keys)")
    diff.add_argument("--format", choices=("text", "unified", "json"), default="text")
    diff.add_argument(
        "--ignore", action="append", default=[], metavar="PATH", help="leave a path out, e.g. 'tags' (repeatable)"
    )
    diff.add_argument(
        "--ignore-desired-count", action="store_true", help="services: leave desiredCount out (auto scaling owns it)"
    )
    diff.add_argument("--color", action="store_true", help="colour the output (ANSI)")
    diff.set_defaults(run=diff_command)
    rules = sub.add_parser("rules", help="list the validation rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--phase", choices=[p.value for p in Phase], help="only the rules AWS enforces at this step")
    rules.set_defaults(run=rules_command)
    lifecycle = sub.add_parser("lifecycle", help="ECR lifecycle policies, offline")
    verbs = lifecycle.add_subparsers(dest="verb", required=True)
    lifecycle_preview = verbs.add_parser(
        "preview", help="which images a lifecycle policy expires or archives, and which of them are still in use"
    )
    lifecycle_preview.add_argument("policy", metavar="POLICY", help="the lifecycle policy (JSON)")
    lifecycle_preview.add_argument(
        "--images", required=True, metavar="FILE", help="the repository's images: aws ecr describe-images output"
    )
    lifecycle_preview.add_argument(
        "--in-use",
        nargs="+",
        default=[],
        metavar="FILE",
        help="task definitions, services or tasks (describe output) whose images must not go",
    )
    lifecycle_preview.add_argument("--now", metavar="TIME", help="evaluate at this ISO 8601 time (default: now)")
    lifecycle_preview.add_argument(
        "--repository", metavar="URI", help="the repository's URI, when the image details do not name it"
    )
    lifecycle_preview.add_argument("--format", choices=("text", "json"), default="text")
    lifecycle_preview.set_defaults(run=lifecycle_preview_command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m ecskit`` and the ``ecskit`` console script."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(arguments)
    except SystemExit as exc:  # argparse has said what is wrong (usage and one line on stderr)
        if exc.code not in (0, None) and _asks_for_json(arguments):
            empty = arguments[:1] == ["validate"]
            print(json.dumps([] if empty else {"error": "the arguments cannot be used (see stderr)"}, indent=2))
        raise
    code: int = args.run(args)
    return code


def _asks_for_json(arguments: list[str]) -> bool:
    """Whether the arguments ask for ``--format json`` (as argparse reads them: ``--format=json``, an abbreviation
    such as ``--form json``)."""
    for i, argument in enumerate(arguments):
        name, equals, value = argument.partition("=")
        if len(name) >= 3 and "--format".startswith(name):
            given = value if equals else (arguments[i + 1] if i + 1 < len(arguments) else None)
            if given == "json":
                return True
    return False
