"""The ``Condition`` block of a policy statement, decided against a request context, in three-valued logic.

Operators are joined with AND, so are the keys under one operator; the values of one key are joined with OR
(for the negated operators, ``StringNotEquals`` and its siblings: the request value matches none of them)
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html).
Each part is true, false, or *unknown*, and an unknown part leaves the whole unknown unless another part is
false. A part is unknown when:

* its key is not in the context and the reading is not strict (the caller did not say the key is absent);
* its operator is not one this module knows (:data:`OPERATORS`, with the ``IfExists`` suffix, the
  ``ForAnyValue:``/``ForAllValues:`` prefixes and ``Null``), or a value cannot be read (a date that is no date);
* a policy variable ``${...}`` in a value is not in the context;
* a key with several values is tested without a set operator (IAM requires one for multivalued keys).

Under the strict reading a key absent from the context is absent from the request, as IAM reads it
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
the part is false, except that ``...IfExists`` is true, a negated operator (``StringNotLike``, ``ArnNotEquals``,
``NotIpAddress``, ...) is true, ``ForAllValues:`` is true, ``ForAnyValue:`` is false, and ``Null`` tests the
absence itself.

>>> evaluate_condition({"StringEquals": {"aws:SourceAccount": "111122223333"}}, {"aws:SourceAccount": "111122223333"})
ConditionOutcome(result=True, unevaluated=())
>>> evaluate_condition({"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}).unevaluated
('StringEquals aws:SourceVpce: the key is not in the context',)
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
import re
from collections.abc import Callable, Mapping
from typing import TypeAlias

import attrs

from ecskit.iam._patterns import Context, ContextValue, Pattern, compile_pattern, expand, pattern_of, scalar_text
from ecskit.models.iam import ConditionScalar, ConditionValue

__all__ = ["OPERATORS", "ConditionOutcome", "ContextValue", "evaluate_condition"]


@attrs.frozen
class _Why:
    """An unknown verdict, with what could not be evaluated."""

    notes: tuple[str, ...]


#: A three-valued verdict: True, False, or unknown (with the reasons).
_Verdict: TypeAlias = bool | _Why
#: A condition value made ready to test request values with.
_Matcher: TypeAlias = Callable[[str], _Verdict]


def _and(verdicts: list[_Verdict]) -> _Verdict:
    notes: list[str] = []
    for verdict in verdicts:
        if verdict is False:
            return False
        if isinstance(verdict, _Why):
            notes.extend(verdict.notes)
    return _Why(tuple(dict.fromkeys(notes))) if notes else True


def _or(verdicts: list[_Verdict]) -> _Verdict:
    notes: list[str] = []
    for verdict in verdicts:
        if verdict is True:
            return True
        if isinstance(verdict, _Why):
            notes.extend(verdict.notes)
    return _Why(tuple(dict.fromkeys(notes))) if notes else False


def _not(verdict: _Verdict) -> _Verdict:
    return verdict if isinstance(verdict, _Why) else not verdict


# -- the condition values, one family of operators at a time ------------------------------------------------------


_NEVER = _Why(())  # a value that can never match: a policy variable absent under the strict reading


def _unknown(missing: tuple[str, ...]) -> _Why:
    return _Why(tuple(f"the policy variable ${{{k}}} is not in the context" for k in missing))


def _expanded(raw: ConditionScalar, ctx: Context, variables: bool) -> str | _Why:
    """The value with its policy variables replaced; :data:`_NEVER` or an unknown when that cannot be done."""
    text = scalar_text(raw)
    if not variables or "${" not in text:
        return text
    expanded = expand(text, ctx)
    if expanded.never is not None:
        return _NEVER
    if expanded.text is None:
        return _unknown(expanded.missing)
    return expanded.text


def _never(value: str) -> _Verdict:
    return False


def _matcher(pattern: Pattern, fold: Callable[[str], str] | None = None) -> _Matcher:
    """A matcher of a compiled pattern: False where even unknown variables could not make it match."""
    if pattern.glob is None:
        return _never
    unknown = _unknown(pattern.missing) if pattern.missing else None

    def match(value: str) -> _Verdict:
        verdict = pattern.matches(fold(value) if fold is not None else value)
        return unknown if verdict is None and unknown is not None else bool(verdict)

    return match


def _string(raw: ConditionScalar, ctx: Context, variables: bool) -> _Matcher | _Why:
    text = scalar_text(raw)
    if not variables or "${" not in text:
        return lambda value: value == text
    return _matcher(compile_pattern(text, ignore_case=False, context=ctx, wildcards=False))


def _string_ignore_case(raw: ConditionScalar, ctx: Context, variables: bool) -> _Matcher | _Why:
    # Case is folded with str.casefold, character by character (so the policy's text and a substituted value fold
    # apart as they fold together), and the pieces are compared as they are.
    text = scalar_text(raw)
    if not variables or "${" not in text:
        folded = text.casefold()
        return lambda value: value.casefold() == folded
    expanded = expand(text, ctx)
    if expanded.never is not None:
        return _never
    chunks = tuple(None if c is None else (c[0].casefold(), c[1]) for c in expanded.chunks)
    return _matcher(pattern_of(attrs.evolve(expanded, chunks=chunks), wildcards=False), str.casefold)


def _like(raw: ConditionScalar, ctx: Context, variables: bool) -> _Matcher | _Why:
    return _matcher(compile_pattern(scalar_text(raw), ignore_case=False, context=ctx, variables=variables))


_ARN_SEGMENTS = 6


def _arn(raw: ConditionScalar, ctx: Context, variables: bool) -> _Matcher | _Why:
    # Each of the six colon-separated parts of an ARN is matched on its own: a wildcard in the region part does
    # not run into the account part. The resource part (the sixth) takes the rest, colons included.
    text = scalar_text(raw)
    if text.count(":") < _ARN_SEGMENTS - 1:
        return _Why((f"{text!r} is not an ARN pattern (it needs six colon-separated parts)",))
    return _matcher(compile_pattern(text, ignore_case=False, context=ctx, variables=variables, arn=True))


def _number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _numeric(compare: Callable[[float, float], bool]) -> Callable[[ConditionScalar, Context, bool], _Matcher | _Why]:
    def prepare(raw: ConditionScalar, ctx: Context, variables: bool) -> _Matcher | _Why:
        wanted = None if isinstance(raw, bool) else _number(scalar_text(raw))
        if wanted is None:
            return _Why((f"the condition value {raw!r} is not a number",))
        limit = wanted

        def match(value: str) -> _Verdict:
            got = _number(value)
            if got is None:
                return _Why((f"the context value {value!r} is not a number",))
            return compare(got, limit)

        return match

    return prepare


def _date(text: str) -> dt.datetime | None:
    try:
        if re.fullmatch(r"-?\d+(\.\d+)?", text):
            return dt.datetime.fromtimestamp(float(text), tz=dt.UTC)
        moment = dt.datetime.fromisoformat(text)
    except (ValueError, OverflowError, OSError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _dates(
    compare: Callable[[dt.datetime, dt.datetime], bool],
) -> Callable[[ConditionScalar, Context, bool], _Matcher | _Why]:
    def prepare(raw: ConditionScalar, ctx: Context, variables: bool) -> _Matcher | _Why:
        wanted = None if isinstance(raw, bool) else _date(scalar_text(raw))
        if wanted is None:
            return _Why((f"the condition value {raw!r} is not a date (ISO 8601 or epoch seconds)",))
        limit = wanted

        def match(value: str) -> _Verdict:
            got = _date(value)
            if got is None:
                return _Why((f"the context value {value!r} is not a date",))
            return compare(got, limit)

        return match

    return prepare


def _bool(raw: ConditionScalar, ctx: Context, variables: bool) -> _Matcher | _Why:
    text = _expanded(raw, ctx, variables)
    if isinstance(text, _Why):
        return _never if text is _NEVER else text
    wanted = text.lower()
    if wanted not in ("true", "false"):
        return _Why((f"the condition value {raw!r} is not a boolean",))
    return lambda value: value.lower() == wanted


def _ip(raw: ConditionScalar, ctx: Context, variables: bool) -> _Matcher | _Why:
    try:
        network = ipaddress.ip_network(scalar_text(raw), strict=False)
    except ValueError:
        return _Why((f"the condition value {raw!r} is not an IP address or CIDR block",))

    def match(value: str) -> _Verdict:
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return _Why((f"the context value {value!r} is not an IP address",))
        return address.version == network.version and address in network

    return match


@attrs.frozen
class _Base:
    """One operator without its prefix and suffix: how to prepare values, negated or not, variables or not."""

    prepare: Callable[[ConditionScalar, Context, bool], _Matcher | _Why]
    negated: bool = False
    variables: bool = False


_BASES: dict[str, _Base] = {
    "StringEquals": _Base(_string, variables=True),
    "StringNotEquals": _Base(_string, negated=True, variables=True),
    "StringEqualsIgnoreCase": _Base(_string_ignore_case, variables=True),
    "StringNotEqualsIgnoreCase": _Base(_string_ignore_case, negated=True, variables=True),
    "StringLike": _Base(_like, variables=True),
    "StringNotLike": _Base(_like, negated=True, variables=True),
    "NumericEquals": _Base(_numeric(lambda a, b: a == b)),
    "NumericNotEquals": _Base(_numeric(lambda a, b: a == b), negated=True),
    "NumericLessThan": _Base(_numeric(lambda a, b: a < b)),
    "NumericLessThanEquals": _Base(_numeric(lambda a, b: a <= b)),
    "NumericGreaterThan": _Base(_numeric(lambda a, b: a > b)),
    "NumericGreaterThanEquals": _Base(_numeric(lambda a, b: a >= b)),
    "DateEquals": _Base(_dates(lambda a, b: a == b)),
    "DateNotEquals": _Base(_dates(lambda a, b: a == b), negated=True),
    "DateLessThan": _Base(_dates(lambda a, b: a < b)),
    "DateLessThanEquals": _Base(_dates(lambda a, b: a <= b)),
    "DateGreaterThan": _Base(_dates(lambda a, b: a > b)),
    "DateGreaterThanEquals": _Base(_dates(lambda a, b: a >= b)),
    "Bool": _Base(_bool, variables=True),
    "BinaryEquals": _Base(_string),
    "IpAddress": _Base(_ip),
    "NotIpAddress": _Base(_ip, negated=True),
    "ArnEquals": _Base(_arn, variables=True),
    "ArnLike": _Base(_arn, variables=True),
    "ArnNotEquals": _Base(_arn, negated=True, variables=True),
    "ArnNotLike": _Base(_arn, negated=True, variables=True),
}

#: The condition operators this module evaluates (each also with ``IfExists`` and a set prefix), and ``Null``.
OPERATORS: frozenset[str] = frozenset([*_BASES, "Null"])

_SET_PREFIXES = {"ForAnyValue:": "any", "ForAllValues:": "all"}


@attrs.frozen
class _Operator:
    base: _Base | None  # None: Null
    set_op: str | None
    if_exists: bool


def _parse(name: str) -> _Operator | None:
    set_op = None
    for prefix, kind in _SET_PREFIXES.items():
        if name.startswith(prefix):
            set_op, name = kind, name[len(prefix) :]
    if_exists = name.endswith("IfExists")
    if if_exists:
        name = name[: -len("IfExists")]
    if name == "Null":
        return None if set_op or if_exists else _Operator(None, None, False)
    base = _BASES.get(name)
    return _Operator(base, set_op, if_exists) if base is not None else None


def _null(values: tuple[ConditionScalar, ...], present: ContextValue | None, ctx: Context) -> _Verdict:
    if present is None and not ctx.strict:
        return _Why(("the key is not in the context",))
    absent = present is None
    verdicts: list[_Verdict] = []
    for raw in values:
        text = scalar_text(raw).lower()
        if text not in ("true", "false"):
            verdicts.append(_Why((f"the Null value {raw!r} is not true or false",)))
        else:
            verdicts.append(absent if text == "true" else not absent)
    return _or(verdicts)


def _key(op: _Operator, raw: ConditionValue, present: ContextValue | None, ctx: Context, variables: bool) -> _Verdict:
    values = raw if isinstance(raw, tuple) else (raw,)
    if op.base is None:
        return _null(values, present, ctx)
    base = op.base
    if present is None:
        if not ctx.strict:
            return _Why(("the key is not in the context",))
        if op.if_exists or op.set_op == "all":
            return True
        if op.set_op == "any":
            return False
        return base.negated
    requests = present if isinstance(present, tuple) else (present,)
    if op.set_op is None and len(requests) != 1:
        return _Why((f"the key has {len(requests)} values; a multivalued key needs ForAnyValue: or ForAllValues:",))
    prepared = [base.prepare(v, ctx, variables and base.variables) for v in values]
    per_request: list[_Verdict] = []
    for request in requests:
        text = scalar_text(request)
        hit = _or([p if isinstance(p, _Why) else p(text) for p in prepared])
        per_request.append(_not(hit) if base.negated else hit)
    if op.set_op == "all":
        return _and(per_request)
    if op.set_op == "any":
        return _or(per_request)
    return per_request[0]


def _outcome(condition: Mapping[str, Mapping[str, ConditionValue]], ctx: Context, *, variables: bool) -> _Verdict:
    """The verdict of a whole condition block; the notes of an unknown one name operator and key."""
    verdicts: list[_Verdict] = []
    for name, keys in condition.items():
        op = _parse(name)
        if op is None:
            verdicts.append(_Why((f"{name}: an operator this evaluator does not know",)))
            continue
        for key, raw in keys.items():
            verdict = _key(op, raw, ctx.get(key), ctx, variables)
            if isinstance(verdict, _Why):
                verdict = _Why(tuple(f"{name} {key}: {note}" for note in verdict.notes))
            verdicts.append(verdict)
    return _and(verdicts)


@attrs.frozen(kw_only=True)
class ConditionOutcome:
    """What a condition block comes to: ``result`` True, False, or None (unknown), and why it is unknown."""

    #: True, False, or None when some part could not be evaluated and no other part is false.
    result: bool | None
    #: One line for each part that could not be evaluated (empty unless ``result`` is None).
    unevaluated: tuple[str, ...] = ()


def evaluate_condition(
    condition: Mapping[str, Mapping[str, ConditionValue]],
    context: Mapping[str, ContextValue] | None = None,
    *,
    strict_context: bool = False,
    variables: bool = True,
) -> ConditionOutcome:
    """Decide a ``Condition`` block (:attr:`ecskit.models.iam.Statement.condition`) against a request context.

    ``strict_context``: keys missing from ``context`` are absent from the request (IAM's reading) rather than
    unknown. ``variables``: replace policy variables in values (documents of version ``2012-10-17`` only).
    """
    verdict = _outcome(condition, Context(context or {}, strict_context), variables=variables)
    if isinstance(verdict, _Why):
        return ConditionOutcome(result=None, unevaluated=verdict.notes)
    return ConditionOutcome(result=verdict)
