"""Rules on task placement (catalog group M): memberOf expressions in the cluster query language, distinctInstance,
placement strategies and their fields, the limits of 10 constraints and 5 strategies, and Fargate (which takes
neither). They are ``launch`` rules: one rule for services and RunTask requests alike (the ``-run-task`` twins they
replaced are aliases); the memberOf syntax is also checked in task definitions."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from ecskit.placement.query import QuerySyntaxError, parse_query
from ecskit.validation.context import LaunchContext, TaskDefContext
from ecskit.validation.engine import Hit, Kind, Severity, rule, templates_left_alone
from ecskit.validation.rules import _docs
from ecskit.validation.rules._common import RuleTexts
from ecskit.validation.rules._outcomes import ADVICE, API, CLIENT, INVALID

#: ``${X}``, ``{{x}}`` or ``<X>`` (but not the ``<`` and ``<=`` operators).
PLACEHOLDER = re.compile(r"\$\{|\{\{|<[A-Za-z_][\w.-]*>")
MAX_EXPRESSION, MAX_CONSTRAINTS, MAX_STRATEGIES = 2000, 10, 5
BINPACK_FIELDS = frozenset({"cpu", "memory"})
SPREAD_FIELDS = frozenset({"instanceid", "host"})
TD, LAUNCH = Kind.TASK_DEFINITION, Kind.LAUNCH
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None
Path = Callable[..., str]


def _templated(text: str) -> bool:
    """True for a value holding a template placeholder (``${X}``, ``{{x}}``, ``<X>``): not checked (unless the run
    reads templates as text: ``Config(templates=False)``)."""
    return PLACEHOLDER.search(text) is not None and templates_left_alone()


def expression_problem(expression: str | None) -> tuple[str, str | None] | None:
    """What is wrong with a memberOf expression, and where (None when it is valid, or a template placeholder)."""
    if not expression:
        return "a memberOf constraint needs an expression", None
    if len(expression) > MAX_EXPRESSION:
        return f"the expression is {len(expression)} characters; at most {MAX_EXPRESSION} are allowed", None
    if _templated(expression):
        return None
    try:
        parse_query(expression)
    except QuerySyntaxError as exc:
        before = expression[max(0, exc.position - 40) : exc.position]
        after = expression[exc.position : exc.position + 20]
        return f"not valid cluster query language: {exc}", f"correct the expression at >>>: {before}>>>{after}"
    return None


def _expression_hits(constraints: Sequence[Any] | None, path: Path) -> Hits:
    hits = []
    for i, c in enumerate(constraints or ()):
        kind = str(c.type) if c.type is not None else None
        if kind == "distinctInstance" or (kind is None and not c.expression):
            continue
        problem = expression_problem(c.expression)
        if problem is not None:
            hits.append(Hit(path("placement_constraints", i, "expression"), *problem))
    return hits or None


_EXPRESSION: RuleTexts = {
    "summary": "A memberOf constraint has an expression of at most 2000 characters in valid cluster query language.",
    "why": "The API rejects a memberOf constraint without an expression, with a longer one, or with one it cannot "
    "parse (InvalidParameterException from CreateService and RunTask, ClientException from "
    "RegisterTaskDefinition).",
    "fix": "Write 'subject operator value', e.g. attribute:ecs.instance-type =~ t2.* or task:group == web, joined "
    "with and/or/not.",
    "docs": _docs.QUERY_LANGUAGE,
}


@rule(
    "placement-expression",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    aliases=("placement-expression-run-task",),
    when="placement_constraints",
    **_EXPRESSION,
)
def expression(ctx: LaunchContext) -> Hits:
    return _expression_hits(ctx.placement_constraints, ctx.path)


@rule("placement-expression-taskdef", E, TD, phase=API, aws_code=CLIENT, when="placement_constraints", **_EXPRESSION)
def expression_taskdef(ctx: TaskDefContext) -> Hits:
    if not ctx.td.placement_constraints:
        return None
    return _expression_hits(ctx.td.placement_constraints, ctx.path)


def _distinct_hits(constraints: Sequence[Any] | None, path: Path) -> Hits:
    hits = [
        Hit(path("placement_constraints", i, "expression"), "a distinctInstance constraint takes no expression")
        for i, c in enumerate(constraints or ())
        if c.type is not None and str(c.type) == "distinctInstance" and c.expression
    ]
    return hits or None


_DISTINCT: RuleTexts = {
    "summary": "A distinctInstance constraint has no expression.",
    "why": "You can't specify an expression if the constraint type is distinctInstance: the API rejects it.",
    "fix": "Remove the expression, or make the constraint memberOf if the expression is meant.",
    "docs": _docs.PLACEMENT_CONSTRAINT,
}


@rule(
    "placement-distinct-instance-expression",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    aliases=("placement-distinct-instance-expression-run-task",),
    when="placement_constraints",
    **_DISTINCT,
)
def distinct_instance(ctx: LaunchContext) -> Hits:
    return _distinct_hits(ctx.placement_constraints, ctx.path)


def _count_hits(own: Sequence[Any] | None, taskdef: TaskDefContext | None, path: Path) -> Hits:
    if not own:
        return None
    inherited = len(taskdef.td.placement_constraints or ()) if taskdef is not None else 0
    total = len(own) + inherited
    if total <= MAX_CONSTRAINTS:
        return None
    detail = f" ({len(own)} here and {inherited} in the task definition)" if inherited else ""
    return [Hit(path("placement_constraints"), f"{total} placement constraints{detail}; at most 10 are allowed")]


_COUNT: RuleTexts = {
    "summary": "At most 10 placement constraints, counting the task definition's.",
    "why": "A task may have at most 10 placement constraints, those of the task definition and those of the "
    "service or RunTask together; the API rejects more.",
    "fix": "Combine conditions with 'and' in one memberOf expression.",
    "docs": _docs.PLACEMENT_CONSTRAINTS,
}


@rule(
    "placement-max-constraints",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    aliases=("placement-max-constraints-run-task",),
    when="placement_constraints",
    **_COUNT,
)
def max_constraints(ctx: LaunchContext) -> Hits:
    return _count_hits(ctx.placement_constraints, ctx.taskdef, ctx.path)


def _untyped_strategy_hits(strategies: Sequence[Any] | None, path: Path) -> Hits:
    hits = [
        Hit(path("placement_strategy", i, "type"), "the placement strategy has no type: random, spread or binpack")
        for i, s in enumerate(strategies or ())
        if s.type is None
    ]
    return hits or None


@rule(
    "placement-strategy-type",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    when="placement_strategy",
    summary="A placement strategy has a type: random, spread or binpack.",
    why="The type says how tasks are placed; the API rejects a strategy without one (its type is required: "
    "AWS CloudFormation's AWS::ECS::Service PlacementStrategy, 'Type ... Required: Yes'). The message is ecskit's "
    "wording.",
    fix="Give each strategy its type, e.g. {type: spread, field: attribute:ecs.availability-zone}.",
    docs=_docs.PLACEMENT_STRATEGY,
)
def strategy_type(ctx: LaunchContext) -> Hits:
    return _untyped_strategy_hits(ctx.placement_strategy, ctx.path)


def _untyped_constraint_hits(constraints: Sequence[Any] | None, path: Path, kinds: str) -> Hits:
    hits = [
        Hit(path("placement_constraints", i, "type"), f"the placement constraint has no type: {kinds}")
        for i, c in enumerate(constraints or ())
        if c.type is None
    ]
    return hits or None


_CONSTRAINT_TYPE: RuleTexts = {
    "summary": "A placement constraint has a type: memberOf, or distinctInstance (not in a task definition).",
    "why": "The API rejects a constraint without a type (it is required: AWS CloudFormation's PlacementConstraint, "
    "'Type ... Required: Yes'). The message is ecskit's wording.",
    "fix": "Give each constraint its type: memberOf with an expression, or distinctInstance.",
    "docs": _docs.PLACEMENT_CONSTRAINT,
}


@rule(
    "placement-constraint-type",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    when="placement_constraints",
    **_CONSTRAINT_TYPE,
)
def constraint_type(ctx: LaunchContext) -> Hits:
    return _untyped_constraint_hits(ctx.placement_constraints, ctx.path, "memberOf or distinctInstance")


@rule(
    "placement-constraint-type-taskdef",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    when="placement_constraints",
    **_CONSTRAINT_TYPE,
)
def constraint_type_taskdef(ctx: TaskDefContext) -> Hits:
    return _untyped_constraint_hits(ctx.td.placement_constraints, ctx.path, "memberOf")


def _field_problem(kind: str, field: str | None) -> tuple[str, str | None] | None:
    """(message, hint) for a binpack or spread field AWS does not accept."""
    if field is not None and _templated(field):
        return None
    if kind == "binpack":
        if field is not None and field.lower() in BINPACK_FIELDS:
            return None
        return f"binpack needs field cpu or memory, not {field!r}", "use field 'memory' (or 'cpu')"
    if kind == "spread":
        if not field:
            return "spread needs a field: instanceId, host or attribute:<name>", "e.g. attribute:ecs.availability-zone"
        if field.lower() in SPREAD_FIELDS or (field.startswith("attribute:") and len(field) > len("attribute:")):
            return None
        return f"spread field {field!r} is not instanceId, host or attribute:<name>", f"attribute:{field}"
    return None


def _strategy_hits(strategies: Sequence[Any] | None, path: Path) -> Hits:
    hits = []
    for i, s in enumerate(strategies or ()):
        problem = _field_problem(str(s.type), s.field) if s.type is not None else None
        if problem is not None:
            hits.append(Hit(path("placement_strategy", i, "field"), *problem))
    return hits or None


_FIELD: RuleTexts = {
    "summary": "binpack strategies use field cpu or memory; spread uses instanceId, host or attribute:<name>.",
    "why": "The API rejects a placement strategy whose field does not fit its type (InvalidParameterException).",
    "fix": "binpack on memory (or cpu); spread on attribute:ecs.availability-zone or instanceId.",
    "docs": _docs.PLACEMENT_STRATEGY,
}


@rule(
    "placement-strategy-field",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    aliases=("placement-strategy-field-run-task",),
    when="placement_strategy",
    **_FIELD,
)
def strategy_field(ctx: LaunchContext) -> Hits:
    return _strategy_hits(ctx.placement_strategy, ctx.path)


def _random_hits(strategies: Sequence[Any] | None, path: Path) -> Hits:
    hits = [
        Hit(path("placement_strategy", i, "field"), f"the random strategy ignores field {s.field!r}")
        for i, s in enumerate(strategies or ())
        if s.type is not None and str(s.type) == "random" and s.field
    ]
    return hits or None


_RANDOM: RuleTexts = {
    "summary": "A random placement strategy has no field.",
    "why": "For the random placement strategy the field is not used: whatever it says is ignored.",
    "fix": "Remove the field, or use spread/binpack if the field was meant.",
    "docs": _docs.PLACEMENT_STRATEGY,
}


@rule(
    "placement-random-field",
    W,
    LAUNCH,
    phase=ADVICE,
    aliases=("placement-random-field-run-task",),
    when="placement_strategy",
    **_RANDOM,
)
def random_field(ctx: LaunchContext) -> Hits:
    return _random_hits(ctx.placement_strategy, ctx.path)


def _max_strategies_hits(strategies: Sequence[Any] | None, path: Path) -> Hits:
    count = len(strategies or ())
    if count <= MAX_STRATEGIES:
        return None
    return [Hit(path("placement_strategy"), f"{count} placement strategies; at most 5 are allowed")]


_MAX_STRATEGIES: RuleTexts = {
    "summary": "At most 5 placement strategies.",
    "why": "A service or RunTask may have at most 5 placement strategy rules; the API rejects more.",
    "fix": "Keep the strategies that matter most (they are applied in order).",
    "docs": _docs.PLACEMENT_STRATEGIES,
}


@rule(
    "placement-max-strategies",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    aliases=("placement-max-strategies-run-task",),
    when="placement_strategy",
    **_MAX_STRATEGIES,
)
def max_strategies(ctx: LaunchContext) -> Hits:
    return _max_strategies_hits(ctx.placement_strategy, ctx.path)


def _fargate_hits(
    fargate: bool, constraints: Sequence[Any] | None, strategies: Sequence[Any] | None, path: Path
) -> Hits:
    if not fargate:
        return None
    hits = []
    if constraints:
        hits.append(
            Hit(path("placement_constraints"), "Placement constraints are not supported with FARGATE launch type")
        )
    if strategies:
        hits.append(Hit(path("placement_strategy"), "placement strategies are not supported with FARGATE launch type"))
    return hits or None


_FARGATE: RuleTexts = {
    "summary": "Tasks on Fargate have no placement constraints or strategies.",
    "why": 'The API rejects them: "Placement constraints are not supported with FARGATE launch type." (Fargate '
    "spreads tasks across Availability Zones itself).",
    "fix": "Remove placementConstraints and placementStrategy, or run on EC2 capacity.",
    "docs": _docs.PLACEMENT_CONSTRAINTS,
}


@rule(
    "placement-fargate",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    aliases=("placement-fargate-run-task",),
    **_FARGATE,
)
def fargate(ctx: LaunchContext) -> Hits:
    return _fargate_hits(ctx.fargate, ctx.placement_constraints, ctx.placement_strategy, ctx.path)
