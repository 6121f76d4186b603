"""The rule engine: rules with stable ids, findings with JSON paths, reports, catalogs and per-id configuration.

A rule is a small function registered in a :class:`Catalog` (the built-in rules are in
:data:`~ecskit.validation.engine.CATALOG`, registered with :func:`rule`). It looks at one object (a task definition,
one of its containers, a service, ...) through a context and returns ``None`` when all is well, or a list of
:class:`Hit` (path, message, hint). The engine turns hits into :class:`Finding` objects carrying the rule's id,
severity, phase and documentation link, and collects every finding of a run into one :class:`Report`: a run never
stops at the first problem.

Every rule says *when* AWS enforces it (its :class:`Phase`): ``api`` rules name the error code the call gets
(:attr:`~ecskit.validation.Rule.aws_code`) and their findings carry AWS's own error text where a public source shows it;
``runtime`` rules say what happens later, as an :class:`Effect` a fake can play out without parsing prose
(the task stops with a stop code and stoppedReason, is never placed, or the deployment stalls); ``advice`` rules
never block anything on AWS.
"""

from __future__ import annotations

import contextvars
import enum
import json
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from ecskit.errors import UsageError, ValidationError
from ecskit.models.ecs import TaskStopCode

__all__ = [
    "CATALOG",
    "Catalog",
    "Config",
    "Effect",
    "Finding",
    "Hit",
    "Kind",
    "Outcome",
    "Phase",
    "Report",
    "Rule",
    "Severity",
    "reading_templates",
    "rule",
    "templates_left_alone",
]


class Severity(enum.StrEnum):
    """How bad a finding is (how much *you* care; :class:`Phase` says when AWS would notice)."""

    #: AWS rejects the call, or the task/service cannot work.
    ERROR = "error"
    #: AWS accepts it, but it is most likely wrong (ignored, insecure, or fails at run time under some conditions).
    WARNING = "warning"
    #: Worth knowing; not a defect.
    INFO = "info"


class Phase(enum.StrEnum):
    """When AWS enforces a rule."""

    #: ECS or ECR refuses the call (RegisterTaskDefinition, CreateService, RunTask, ...) with :attr:`Rule.aws_code`.
    API = "api"
    #: The call succeeds; the task or deployment fails later, as the rule's :class:`Effect` says.
    RUNTIME = "runtime"
    #: It works, but it is a known trap (ignored, insecure, wasteful); AWS never refuses or fails it.
    ADVICE = "advice"


class Outcome(enum.StrEnum):
    """How a ``runtime`` finding plays out on AWS."""

    #: The task is placed and then stops: :attr:`Effect.stop_code` and :attr:`Effect.stopped_reason`.
    STOPPED = "stopped"
    #: The task is never placed: :attr:`Effect.failure_reason` (RunTask's ``failures[].reason``) and the service
    #: event AWS posts (:attr:`Effect.service_event`).
    NOT_PLACED = "not-placed"
    #: The tasks run, but the service's deployment never completes: :attr:`Effect.service_event`.
    DEPLOYMENT_STALLED = "deployment-stalled"
    #: The document is accepted (a task definition registers), but the calls that launch it (CreateService,
    #: RunTask) are refused: :attr:`Effect.error_code` and :attr:`Effect.error_message`.
    LAUNCH_REFUSED = "launch-refused"


@attrs.frozen(kw_only=True)
class Effect:
    """What AWS does, later, with a request that breaks a ``runtime`` rule: structured so that a fake can play it
    out (stop the task with this code and reason, refuse to place it, stall the deployment) without parsing prose.

    The texts follow AWS's own; :attr:`source` names a public page that shows them. Without a source the text has
    AWS's form (error class, then detail) but its wording is ecskit's, as no public copy of it was found.
    """

    outcome: Outcome
    #: :attr:`Outcome.STOPPED`: the task's ``stopCode``.
    stop_code: TaskStopCode | None = None
    #: :attr:`Outcome.STOPPED`: the task's ``stoppedReason``.
    stopped_reason: str | None = None
    #: :attr:`Outcome.NOT_PLACED`: the reason RunTask returns in ``failures[].reason`` (``RESOURCE:PORTS``, ...).
    failure_reason: str | None = None
    #: The service event AWS posts (:attr:`Outcome.NOT_PLACED`, :attr:`Outcome.DEPLOYMENT_STALLED`), ``{service}``
    #: standing for the service's name and ``{instance}`` for the closest container instance's id.
    service_event: str | None = None
    #: :attr:`Outcome.LAUNCH_REFUSED`: the error code and message the launching call gets.
    error_code: str | None = None
    error_message: str | None = None
    #: A public page showing AWS's text (None: the text is ecskit's, in AWS's form).
    source: str | None = None

    def __attrs_post_init__(self) -> None:
        needed = {
            Outcome.STOPPED: ("stop_code", "stopped_reason"),
            Outcome.NOT_PLACED: ("failure_reason", "service_event"),
            Outcome.DEPLOYMENT_STALLED: ("service_event",),
            Outcome.LAUNCH_REFUSED: ("error_code", "error_message"),
        }[self.outcome]
        missing = [name for name in needed if getattr(self, name) is None]
        if missing:
            raise UsageError(f"an Effect of outcome {self.outcome.value} needs {', '.join(missing)}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the members that are set."""
        found = {
            "outcome": self.outcome.value,
            "stop_code": self.stop_code.value if self.stop_code is not None else None,
            "stopped_reason": self.stopped_reason,
            "failure_reason": self.failure_reason,
            "service_event": self.service_event,
            "error_code": self.error_code,
            "error_message": self.error_message,
            "source": self.source,
        }
        return {k: v for k, v in found.items() if v is not None}

    def describe(self) -> str:
        """One line: what happens on AWS."""
        if self.outcome is Outcome.STOPPED:
            assert self.stop_code is not None
            return f"the task stops ({self.stop_code.value}): {self.stopped_reason}"
        if self.outcome is Outcome.NOT_PLACED:
            return f"the task is never placed ({self.failure_reason}): {self.service_event}"
        if self.outcome is Outcome.LAUNCH_REFUSED:
            return f"CreateService and RunTask are refused ({self.error_code}): {self.error_message}"
        return f"the deployment never completes: {self.service_event}"


class Kind(enum.StrEnum):
    """What a rule looks at (and so which ``validate_*`` function runs it)."""

    SCHEMA = "schema"
    TASK_DEFINITION = "taskdef"
    CONTAINER = "container"
    SERVICE = "service"
    RUN_TASK = "run-task"
    #: What a service and a RunTask request have in common (launch type or capacity provider strategy, platform
    #: version, network configuration, placement, volume configurations, ECS Exec): run by
    #: :func:`~ecskit.validation.validate_service` and :func:`~ecskit.validation.validate_run_task` alike, on a
    #: :class:`~ecskit.validation.context.LaunchContext`.
    LAUNCH = "launch"
    CAPACITY_PROVIDER_STRATEGY = "capacity-provider-strategy"
    CLUSTER = "cluster"
    CAPACITY_PROVIDER = "capacity-provider"
    LIFECYCLE_POLICY = "lifecycle-policy"


@attrs.frozen
class Hit:
    """What a rule function reports: where, what, and (optionally) a fix and an effect specific to this case."""

    path: str
    message: str
    hint: str | None = None
    #: For ``runtime`` rules: this case's effect when it differs from the rule's (a stoppedReason naming the
    #: container, a placement failure instead of a stop, ...).
    effect: Effect | None = attrs.field(default=None, kw_only=True)


Check = Callable[..., list[Hit] | None]


def _check_rule(r: Rule) -> None:
    if r.phase is Phase.API and not r.aws_code:
        raise UsageError(f"rule {r.id!r}: an api rule names the error code the call gets (aws_code)")
    if r.phase is not Phase.API and r.aws_code is not None:
        raise UsageError(f"rule {r.id!r}: only api rules have an aws_code")
    if (r.phase is Phase.RUNTIME) != (r.effect is not None):
        raise UsageError(f"rule {r.id!r}: runtime rules, and only they, have an effect")
    if r.phase is Phase.API and r.doubt is not None:
        raise UsageError(f"rule {r.id!r}: a rule whose enforcement is in doubt takes the lenient side, not api")


@attrs.frozen(kw_only=True)
class Rule:
    """One validation rule of a catalog."""

    #: Stable kebab-case id, e.g. ``fargate-cpu-memory``; use it to silence or downgrade the rule.
    id: str
    #: Severity unless configured otherwise.
    severity: Severity
    #: What the rule looks at.
    kind: Kind
    #: When AWS enforces it.
    phase: Phase
    #: What is checked, in one sentence.
    summary: str
    #: Why it matters: what AWS does with such a document.
    why: str
    #: How to fix it, in general.
    fix: str
    #: The AWS documentation page the rule comes from.
    docs: str
    #: ``api`` rules: the error code the call gets (``ClientException`` for RegisterTaskDefinition,
    #: ``InvalidParameterException`` for CreateService and RunTask, ...).
    aws_code: str | None = None
    #: ``runtime`` rules: what happens on AWS later.
    effect: Effect | None = None
    #: A public page (an issue, a forum post, an AWS page) showing AWS's own error text, which the rule's findings
    #: use as their message; None when no public copy was found (the message is then ecskit's).
    source: str | None = None
    #: What is not known about how AWS enforces the rule (None: documented or observed). Rules in doubt take the
    #: lenient side: ``runtime`` or ``advice``, never ``api``.
    doubt: str | None = None
    #: Retired ids of rules merged into this one: a :class:`Config` naming one still applies to this rule (with a
    #: DeprecationWarning).
    aliases: tuple[str, ...] = ()
    #: The check itself (None for rules applied by the codec: the ``schema-*`` rules).
    check: Check | None = attrs.field(default=None, eq=False, repr=False)
    #: An attribute of the checked object (the container, for container rules) without which the rule can never
    #: report: the engine skips the call when it is None. A speed-up only; it never changes a verdict.
    when: str | None = None

    def __attrs_post_init__(self) -> None:
        _check_rule(self)


@attrs.frozen(kw_only=True)
class Finding:
    """One problem found in a document."""

    rule: str
    severity: Severity
    #: When AWS would notice: refuse the call (``api``), fail the task later (``runtime``), or never (``advice``).
    phase: Phase
    path: str
    message: str
    hint: str | None = None
    docs: str | None = None
    #: ``api`` findings: the error code the call gets.
    aws_code: str | None = None
    #: ``runtime`` findings: what happens on AWS later.
    effect: Effect | None = None

    @property
    def stop_code(self) -> TaskStopCode | None:
        """The task's stopCode on AWS (runtime findings whose task stops), else None."""
        return self.effect.stop_code if self.effect is not None else None

    @property
    def stopped_reason(self) -> str | None:
        """The task's stoppedReason on AWS (runtime findings whose task stops), else None."""
        return self.effect.stopped_reason if self.effect is not None else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``rule``, ``severity``, ``phase``, ``path``, ``message``, ``hint``, ``docs``,
        ``aws_code`` (api findings, else null) and ``effect`` (runtime findings, see :meth:`Effect.to_dict`)."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "phase": self.phase.value,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
            "docs": self.docs,
            "aws_code": self.aws_code,
            "effect": self.effect.to_dict() if self.effect is not None else None,
        }

    def __str__(self) -> str:
        where = self.path or "(document)"
        text = f"{self.severity.value} ({self.phase.value}): {where}: {self.message} [{self.rule}]"
        if self.effect is not None:
            text += f"\n    on AWS: {self.effect.describe()}"
        return text + (f"\n    fix: {self.hint}" if self.hint else "")


class Catalog(Mapping[str, Rule]):
    """An ordered set of rules by id: what the ``validate_*`` functions run.

    The built-in rules are in :data:`~ecskit.validation.engine.CATALOG`, the default of :class:`Config`. To add
    rules of your own, make a catalog from it and register them with :meth:`rule` (or :meth:`add`), then validate
    with ``Config(catalog=yours)``:

    >>> ours = Catalog(CATALOG)
    >>> len(ours) == len(CATALOG)
    True

    A check gets, by the rule's :class:`Kind`: ``(ctx)`` with a
    :class:`~ecskit.validation.context.TaskDefContext` (``TASK_DEFINITION``), ``(ctx, container, index)``
    (``CONTAINER``), a :class:`~ecskit.validation.context.ServiceContext` (``SERVICE``),
    :class:`~ecskit.validation.context.RunTaskContext` (``RUN_TASK``),
    :class:`~ecskit.validation.context.LaunchContext` (``LAUNCH``: services and RunTask alike),
    :class:`~ecskit.validation.context.StrategyContext` (``CAPACITY_PROVIDER_STRATEGY``), or the request itself
    (``CLUSTER``, ``CAPACITY_PROVIDER``, ``LIFECYCLE_POLICY``).
    """

    def __init__(self, rules: Iterable[Rule] | Mapping[str, Rule] = ()) -> None:
        """A catalog holding ``rules`` (a catalog's rules, or any rules), in order."""
        self._rules: dict[str, Rule] = {}
        self._aliases: dict[str, str] = {}
        self._version = 0
        self._by_kind: dict[Kind, tuple[int, tuple[Rule, ...]]] = {}
        self._plans: dict[Kind, tuple[int, Plan]] = {}
        for r in rules.values() if isinstance(rules, Mapping) else rules:
            self.add(r)

    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def __repr__(self) -> str:
        return f"Catalog({len(self._rules)} rules)"

    @property
    def aliases(self) -> Mapping[str, str]:
        """Retired rule id -> the id of the rule it was merged into."""
        return dict(self._aliases)

    def add(self, r: Rule) -> Rule:
        """Add a rule; :class:`~ecskit.errors.UsageError` when its id (or an alias of it) is taken."""
        for name in (r.id, *r.aliases):
            if name in self._rules or name in self._aliases:
                raise UsageError(f"duplicate rule id {name!r}")
        self._rules[r.id] = r
        self._aliases.update(dict.fromkeys(r.aliases, r.id))
        self._version += 1
        return r

    def rule(
        self,
        id: str,
        severity: Severity,
        kind: Kind,
        *,
        phase: Phase,
        summary: str,
        why: str,
        fix: str,
        docs: str,
        aws_code: str | None = None,
        effect: Effect | None = None,
        source: str | None = None,
        doubt: str | None = None,
        aliases: tuple[str, ...] = (),
        when: str | None = None,
    ) -> Callable[[Check], Check]:
        """Register the decorated function as the check of a new rule of this catalog.

        ``when`` names an attribute of the checked object that must be set for the rule to have anything to say.
        """

        def register(check: Check) -> Check:
            self.add(
                Rule(
                    id=id,
                    severity=severity,
                    kind=kind,
                    phase=phase,
                    summary=summary,
                    why=why,
                    fix=fix,
                    docs=docs,
                    aws_code=aws_code,
                    effect=effect,
                    source=source,
                    doubt=doubt,
                    aliases=aliases,
                    check=check,
                    when=when,
                )
            )
            return check

        return register

    def resolve(self, rule_id: str) -> Rule:
        """The rule with this id, or the rule a retired id was merged into (with a DeprecationWarning);
        :class:`~ecskit.errors.UsageError` for an unknown id."""
        found = self._rules.get(rule_id)
        if found is not None:
            return found
        merged = self._aliases.get(rule_id)
        if merged is None:
            raise UsageError(f"unknown rule id {rule_id!r}")
        warnings.warn(
            f"rule id {rule_id!r} is retired: it was merged into {merged!r}, which it now configures",
            DeprecationWarning,
            stacklevel=3,
        )
        return self._rules[merged]

    def rules_of(self, kind: Kind) -> tuple[Rule, ...]:
        """The rules with checks that look at one kind of object, in catalog order."""
        cached = self._by_kind.get(kind)
        if cached is None or cached[0] != self._version:
            cached = self._by_kind[kind] = (
                self._version,
                tuple(r for r in self._rules.values() if r.kind is kind and r.check is not None),
            )
        return cached[1]

    def plan(self, kind: Kind) -> Plan:
        """The rules of a kind split into those always run and those grouped by their ``when`` attribute."""
        cached = self._plans.get(kind)
        if cached is None or cached[0] != self._version:
            always: list[tuple[Rule, Check]] = []
            triggered: dict[str, list[tuple[Rule, Check]]] = {}
            for r in self.rules_of(kind):
                assert r.check is not None
                if r.when is None:
                    always.append((r, r.check))
                else:
                    triggered.setdefault(r.when, []).append((r, r.check))
            grouped = tuple((attr, tuple(pairs)) for attr, pairs in triggered.items())
            cached = self._plans[kind] = (self._version, (tuple(always), grouped))
        return cached[1]


#: The rules of a kind as (always run, grouped by ``when`` attribute).
Plan = tuple[tuple[tuple[Rule, Check], ...], tuple[tuple[str, tuple[tuple[Rule, Check], ...]], ...]]

#: The built-in rules, by id, in the order they were defined (the default catalog of :class:`Config`).
CATALOG = Catalog()


def rule(
    id: str,
    severity: Severity,
    kind: Kind,
    *,
    phase: Phase,
    summary: str,
    why: str,
    fix: str,
    docs: str,
    aws_code: str | None = None,
    effect: Effect | None = None,
    source: str | None = None,
    doubt: str | None = None,
    aliases: tuple[str, ...] = (),
    when: str | None = None,
) -> Callable[[Check], Check]:
    """Register the decorated function as the check of a new rule of the built-in
    :data:`~ecskit.validation.engine.CATALOG` (see :meth:`Catalog.rule`)."""
    return CATALOG.rule(
        id,
        severity,
        kind,
        phase=phase,
        summary=summary,
        why=why,
        fix=fix,
        docs=docs,
        aws_code=aws_code,
        effect=effect,
        source=source,
        doubt=doubt,
        aliases=aliases,
        when=when,
    )


def _resolved_ids(catalog: Catalog, ids: Iterable[str]) -> dict[str, str]:
    """Given id -> current id; retired ids warn, unknown ones fail together."""
    unknown = sorted(i for i in ids if i not in catalog and i not in catalog.aliases)
    if unknown:
        raise UsageError(f"unknown rule id(s): {', '.join(unknown)}")
    return {i: catalog.resolve(i).id for i in ids}


@attrs.frozen(kw_only=True)
class Config:
    """Which rules to run (a :class:`Catalog`), which to silence and which to run at another severity (by id).

    Naming a retired id (one merged into another rule, see :attr:`Rule.aliases`) configures the rule it was merged
    into, with a DeprecationWarning.
    """

    #: Rule ids that never report.
    disabled: frozenset[str] = frozenset()
    #: Rule id -> the severity its findings get instead of the rule's own.
    severities: Mapping[str, Severity] = attrs.field(factory=dict)
    #: The rules to run: the built-in ones unless a catalog of your own is given.
    catalog: Catalog = CATALOG
    #: Whether a value holding a template placeholder (``${ENV}``, ``{{name}}``, ``<account-id>``) is left alone by
    #: the rules on its format (True: you are validating a template). False reads it as the text it is, as the API
    #: does: the fake validates with ``templates=False``, so that it refuses ``web/${ENV}`` as a cluster name where
    #: AWS would.
    templates: bool = True

    def __attrs_post_init__(self) -> None:
        current = _resolved_ids(self.catalog, [*self.disabled, *self.severities])
        if any(current[i] != i for i in current):
            # frozen: store the configuration under the current ids
            object.__setattr__(self, "disabled", frozenset(current[i] for i in self.disabled))
            object.__setattr__(self, "severities", {current[i]: s for i, s in self.severities.items()})

    def severity_of(self, r: Rule) -> Severity | None:
        """The severity a rule's findings get, or None if the rule is silenced."""
        if r.id in self.disabled:
            return None
        return self.severities.get(r.id, r.severity)


DEFAULT_CONFIG = Config()

_TEMPLATES: contextvars.ContextVar[bool] = contextvars.ContextVar("ecskit_validation_templates", default=True)


def templates_left_alone() -> bool:
    """Whether the rules running now leave values holding a template placeholder alone
    (:attr:`ecskit.validation.Config.templates` of the run)."""
    return _TEMPLATES.get()


class reading_templates:  # noqa: N801 - used as a function: ``with reading_templates(config):``
    """Run the rules inside under ``config``'s :attr:`~ecskit.validation.Config.templates` (the ``validate_*``
    functions do)."""

    __slots__ = ("_templates", "_token")

    def __init__(self, config: Config) -> None:
        self._templates = config.templates
        self._token: contextvars.Token[bool] | None = None

    def __enter__(self) -> None:
        self._token = _TEMPLATES.set(self._templates)

    def __exit__(self, *_: object) -> None:
        assert self._token is not None
        _TEMPLATES.reset(self._token)


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
        counts = ((len(self.errors), "error"), (len(self.warnings), "warning"), (len(self.findings), "finding"))
        return f"Report({', '.join(f'{n} {noun}' + ('s' if n != 1 else '') for n, noun in counts)})"

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity error."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity warning."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def refusals(self) -> tuple[Finding, ...]:
        """The errors AWS refuses the call for (phase ``api``), in order: the first is the error the call gets."""
        return tuple(f for f in self.errors if f.phase is Phase.API)

    def in_phase(self, phase: Phase) -> tuple[Finding, ...]:
        """The findings (of any severity) of one phase."""
        return tuple(f for f in self.findings if f.phase is phase)

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
        """Human-readable text, one finding per line (with what AWS does and the fix below it)."""
        if not self.findings:
            return "no findings"
        return "\n".join(str(f) for f in self.findings)

    def to_json(self) -> str:
        """The findings as a JSON list of objects (see :meth:`Finding.to_dict`)."""
        return json.dumps([f.to_dict() for f in self.findings], indent=2)

    def __add__(self, other: Report) -> Report:
        return Report(self.findings + other.findings)


def finding(r: Rule, severity: Severity, hit: Hit, *, hint: str | None = None) -> Finding:
    """The finding of one hit of a rule (``hint`` overrides the hit's and the rule's fix)."""
    return Finding(
        rule=r.id,
        severity=severity,
        phase=r.phase,
        path=hit.path,
        message=hit.message,
        hint=hint or hit.hint or r.fix,
        docs=r.docs,
        aws_code=r.aws_code,
        effect=hit.effect or r.effect,
    )


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
        out.extend(finding(r, severity, h) for h in hits)


def rules_of(kind: Kind) -> tuple[Rule, ...]:
    """The built-in rules that look at one kind of object, in catalog order (:meth:`Catalog.rules_of`)."""
    return CATALOG.rules_of(kind)


def run_kind(kind: Kind, config: Config, args: tuple[Any, ...], out: list[Finding]) -> None:
    """Run the rules of ``kind`` of the configured catalog on ``args``."""
    run_rules(config.catalog.rules_of(kind), config, args, out)


def run_planned(kind: Kind, config: Config, subject: Any, args: tuple[Any, ...], out: list[Finding]) -> None:
    """Run the rules of ``kind`` on ``args``, skipping those whose ``when`` attribute of ``subject`` is None."""
    always, triggered = config.catalog.plan(kind)
    for r, check in always:
        hits = check(*args)
        if hits:
            _record(r, hits, config, out)
    for attr, pairs in triggered:
        if getattr(subject, attr, None) is None:
            continue
        for r, check in pairs:
            hits = check(*args)
            if hits:
                _record(r, hits, config, out)


def run_container_rules(config: Config, ctx: Any, out: list[Finding]) -> None:
    """Run the container rules over every container of a task definition context (the hot loop, unrolled)."""
    always, triggered = config.catalog.plan(Kind.CONTAINER)
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
