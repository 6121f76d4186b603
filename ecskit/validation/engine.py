"""The rule engine: rules with stable ids, findings with JSON paths, reports, and per-id configuration.

A rule is a small function registered with :func:`rule`. It looks at one object (a task definition, one of its
containers, a service, ...) through a context and returns ``None`` when all is well, or a list of :class:`Hit`
(path, message, hint). The engine turns hits into :class:`Finding` objects carrying the rule's id, severity and
documentation link, and collects every finding of a run into one :class:`Report`: a run never stops at the
first problem.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from ecskit.errors import UsageError, ValidationError

__all__ = [
    "CATALOG",
    "Config",
    "Finding",
    "Hit",
    "Kind",
    "Report",
    "Rule",
    "Severity",
    "rule",
]


class Severity(enum.StrEnum):
    """How bad a finding is."""

    #: AWS rejects the call, or the task/service cannot work.
    ERROR = "error"
    #: AWS accepts it, but it is most likely wrong (ignored, insecure, or fails at run time under some conditions).
    WARNING = "warning"
    #: Worth knowing; not a defect.
    INFO = "info"


class Kind(enum.StrEnum):
    """What a rule looks at (and so which ``validate_*`` function runs it)."""

    SCHEMA = "schema"
    TASK_DEFINITION = "taskdef"
    CONTAINER = "container"
    SERVICE = "service"
    RUN_TASK = "run-task"
    CAPACITY_PROVIDER_STRATEGY = "capacity-provider-strategy"
    CLUSTER = "cluster"
    CAPACITY_PROVIDER = "capacity-provider"
    LIFECYCLE_POLICY = "lifecycle-policy"


@attrs.frozen
class Hit:
    """What a rule function reports: where, what, and (optionally) a fix specific to this case."""

    path: str
    message: str
    hint: str | None = None


Check = Callable[..., list[Hit] | None]


@attrs.frozen(kw_only=True)
class Rule:
    """One validation rule of the catalog."""

    #: Stable kebab-case id, e.g. ``fargate-cpu-memory``; use it to silence or downgrade the rule.
    id: str
    #: Severity unless configured otherwise.
    severity: Severity
    #: What the rule looks at.
    kind: Kind
    #: What is checked, in one sentence.
    summary: str
    #: Why it matters: what AWS does with such a document.
    why: str
    #: How to fix it, in general.
    fix: str
    #: The AWS documentation page the rule comes from.
    docs: str
    #: The check itself (None for rules applied by the codec: the ``schema-*`` rules).
    check: Check | None = attrs.field(default=None, eq=False, repr=False)
    #: An attribute of the checked object (the container, for container rules) without which the rule can never
    #: report: the engine skips the call when it is None. A speed-up only; it never changes a verdict.
    when: str | None = None


@attrs.frozen(kw_only=True)
class Finding:
    """One problem found in a document."""

    rule: str
    severity: Severity
    path: str
    message: str
    hint: str | None = None
    docs: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``rule``, ``severity``, ``path``, ``message``, ``hint``, ``docs``."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
            "docs": self.docs,
        }

    def __str__(self) -> str:
        where = self.path or "(document)"
        text = f"{self.severity.value}: {where}: {self.message} [{self.rule}]"
        return text + (f"\n    fix: {self.hint}" if self.hint else "")


#: Every rule, by id, in the order they were defined.
CATALOG: dict[str, Rule] = {}


def rule(
    id: str,
    severity: Severity,
    kind: Kind,
    *,
    summary: str,
    why: str,
    fix: str,
    docs: str,
    when: str | None = None,
) -> Callable[[Check], Check]:
    """Register the decorated function as the check of a new rule of the catalog.

    ``when`` names an attribute of the checked object that must be set for the rule to have anything to say.
    """

    def register(check: Check) -> Check:
        if id in CATALOG:
            raise UsageError(f"duplicate rule id {id!r}")
        CATALOG[id] = Rule(
            id=id, severity=severity, kind=kind, summary=summary, why=why, fix=fix, docs=docs, check=check, when=when
        )
        return check

    return register


@attrs.frozen(kw_only=True)
class Config:
    """Which rules to silence and which to run at another severity (by rule id)."""

    #: Rule ids that never report.
    disabled: frozenset[str] = frozenset()
    #: Rule id -> the severity its findings get instead of the rule's own.
    severities: Mapping[str, Severity] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        unknown = sorted((set(self.disabled) | set(self.severities)) - set(CATALOG))
        if unknown:
            raise UsageError(f"unknown rule id(s): {', '.join(unknown)}")

    def severity_of(self, r: Rule) -> Severity | None:
        """The severity a rule's findings get, or None if the rule is silenced."""
        if r.id in self.disabled:
            return None
        return self.severities.get(r.id, r.severity)


DEFAULT_CONFIG = Config()


class Report:
    """Every finding of a validation run."""

    __slots__ = ("findings",)

    def __init__(self, findings: Iterable[Finding] = ()) -> None:
        self.findings: tuple[Finding, ...] = tuple(findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __bool__(self) -> bool:
        return bool(self.findings)

    def __repr__(self) -> str:
        return f"Report({len(self.errors)} errors, {len(self.warnings)} warnings, {len(self.findings)} findings)"

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity error."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity warning."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def rule_ids(self) -> set[str]:
        """The ids of the rules that reported."""
        return {f.rule for f in self.findings}

    def raise_for_errors(self) -> None:
        """Raise :class:`~ecskit.errors.ValidationError` (carrying this report) if there is any error."""
        if self.errors:
            raise ValidationError(self.format(), report=self)

    def format(self) -> str:
        """Human-readable text, one finding per line (with its fix below it)."""
        if not self.findings:
            return "no findings"
        return "\n".join(str(f) for f in self.findings)

    def to_json(self) -> str:
        """The findings as a JSON list of objects (see :meth:`Finding.to_dict`)."""
        return json.dumps([f.to_dict() for f in self.findings], indent=2)

    def __add__(self, other: Report) -> Report:
        return Report(self.findings + other.findings)


def run_rules(rules: Iterable[Rule], config: Config, args: tuple[Any, ...], out: list[Finding]) -> None:
    """Run ``rules`` on ``args`` and append their findings to ``out``."""
    for r in rules:
        check = r.check
        assert check is not None
        hits = check(*args)
        if hits:
            _record(r, hits, config, out)


def _record(r: Rule, hits: list[Hit], config: Config, out: list[Finding]) -> None:
    severity = config.severity_of(r)
    if severity is not None:
        out.extend(
            Finding(rule=r.id, severity=severity, path=h.path, message=h.message, hint=h.hint or r.fix, docs=r.docs)
            for h in hits
        )


_BY_KIND: dict[Kind, tuple[int, tuple[Rule, ...]]] = {}


def rules_of(kind: Kind) -> tuple[Rule, ...]:
    """The rules that look at one kind of object, in catalog order (cached until the catalog grows)."""
    cached = _BY_KIND.get(kind)
    if cached is None or cached[0] != len(CATALOG):
        cached = _BY_KIND[kind] = (
            len(CATALOG),
            tuple(r for r in CATALOG.values() if r.kind is kind and r.check is not None),
        )
    return cached[1]


_PLANS: dict[
    Kind, tuple[int, tuple[tuple[Rule, Check], ...], tuple[tuple[str, tuple[tuple[Rule, Check], ...]], ...]]
] = {}


def _plan(kind: Kind) -> tuple[tuple[tuple[Rule, Check], ...], tuple[tuple[str, tuple[tuple[Rule, Check], ...]], ...]]:
    """The rules of a kind split into those always run and those grouped by their ``when`` attribute."""
    cached = _PLANS.get(kind)
    if cached is None or cached[0] != len(CATALOG):
        always: list[tuple[Rule, Check]] = []
        triggered: dict[str, list[tuple[Rule, Check]]] = {}
        for r in rules_of(kind):
            assert r.check is not None
            if r.when is None:
                always.append((r, r.check))
            else:
                triggered.setdefault(r.when, []).append((r, r.check))
        grouped = tuple((attr, tuple(pairs)) for attr, pairs in triggered.items())
        cached = _PLANS[kind] = (len(CATALOG), tuple(always), grouped)
    return cached[1], cached[2]


def run_planned(kind: Kind, config: Config, subject: Any, args: tuple[Any, ...], out: list[Finding]) -> None:
    """Run the rules of ``kind`` on ``args``, skipping those whose ``when`` attribute of ``subject`` is None."""
    always, triggered = _plan(kind)
    for r, check in always:
        hits = check(*args)
        if hits:
            _record(r, hits, config, out)
    for attr, pairs in triggered:
        if getattr(subject, attr) is None:
            continue
        for r, check in pairs:
            hits = check(*args)
            if hits:
                _record(r, hits, config, out)


def run_container_rules(config: Config, ctx: Any, out: list[Finding]) -> None:
    """Run the container rules over every container of a task definition context (the hot loop, unrolled)."""
    always, triggered = _plan(Kind.CONTAINER)
    for index, container in enumerate(ctx.containers):
        for r, check in always:
            hits = check(ctx, container, index)
            if hits:
                _record(r, hits, config, out)
        for attr, pairs in triggered:
            if getattr(container, attr) is None:
                continue
            for r, check in pairs:
                hits = check(ctx, container, index)
                if hits:
                    _record(r, hits, config, out)
