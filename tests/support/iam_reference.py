"""A small reference model of AWS's documented policy evaluation, written apart from ecskit's evaluator.

It decides one request for a role (inline and managed policies, a permissions boundary) knowing *everything*: every
document and the whole request context (a key that is not in it is absent). It covers the forms the property test
draws, and nothing else:

* the grammar IAM enforces when a policy is put (``MalformedPolicyDocument``): a refused document decides nothing,
  and the answer is :data:`REFUSED` (IAM User Guide, "Grammar of the IAM JSON policy language"; see
  :mod:`ecskit.iam.grammar` for the texts);
* ``Action``/``NotAction`` (case-insensitive) and ``Resource``/``NotResource`` (case-sensitive), with ``*`` and
  ``?`` ("IAM JSON policy elements: Resource");
* policy variables in version ``2012-10-17`` only: ``${key}`` is the key's value, ``${key, 'default'}`` the default
  when the request has no key, ``${*}`` and friends the literal characters; a variable with neither value nor
  default matches nothing ("IAM policy elements: Variables and tags");
* the operators ``StringEquals``, ``StringNotEquals``, ``StringLike`` (each also ``...IfExists``) and ``Null``
  ("IAM JSON policy elements: Condition operators"): a negated operator is true when the key is absent,
  ``...IfExists`` is true when it is absent, the others false;
* the decision: an explicit deny in any policy wins, then an allow is needed in the identity-based policies and,
  when there is a boundary, in the boundary too ("Policy evaluation logic").

Wildcards are matched by the textbook recursion over (pattern position, text position), memoised: slow in theory,
obviously right, and sharing no code with :mod:`ecskit._glob`.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Mapping, Sequence

from ecskit.models.iam import PolicyDocument, PolicyVersion, Statement

__all__ = ["Verdict", "aws_decision", "wildcard_match"]


class Verdict(enum.Enum):
    """What AWS answers."""

    ALLOW = "allow"
    EXPLICIT_DENY = "explicit-deny"
    IMPLICIT_DENY = "implicit-deny"
    #: IAM would not have taken one of the documents.
    REFUSED = "refused"


#: A token of a pattern: a literal character, or "*" / "?" as wildcards (("lit", c) keeps literals apart).
Token = tuple[str, str]


def wildcard_match(tokens: Sequence[Token], text: str, *, fold: bool = False) -> bool:
    """Whether the tokens match the whole text (``("*", "")``: any run, ``("?", "")``: one character)."""
    if fold:
        tokens = [(k, c.lower()) for k, c in tokens]
        text = text.lower()

    @functools.cache
    def at(i: int, j: int) -> bool:
        if i == len(tokens):
            return j == len(text)
        kind, char = tokens[i]
        if kind == "*":
            return at(i + 1, j) or (j < len(text) and at(i, j + 1))
        if j == len(text):
            return False
        return (kind == "?" or char == text[j]) and at(i + 1, j + 1)

    return at(0, 0)


def _template(text: str, wild: bool) -> list[Token]:
    return [(c, "") if wild and c in "*?" else ("lit", c) for c in text]


_VARIABLE = re.compile(r"\$\{([^}]*)\}")


def _tokens(value: str, context: Mapping[str, str], variables: bool, wild: bool) -> list[Token] | None:
    """The tokens of a value with its variables replaced; None when a variable has no value and no default."""
    if not variables:
        return _template(value, wild)
    out: list[Token] = []
    end = 0
    for found in _VARIABLE.finditer(value):
        out.extend(_template(value[end : found.start()], wild))
        inner = found.group(1)
        if inner in ("*", "?", "$"):
            out.append(("lit", inner))
        else:
            key, _, default = inner.partition(",")
            got = context.get(key.strip())
            if got is None:
                default = default.strip()
                if not (len(default) >= 2 and default[0] == default[-1] == "'"):
                    return None
                got = default[1:-1]
            out.extend(("lit", c) for c in got)
        end = found.end()
    out.extend(_template(value[end:], wild))
    return out


def _as_list(value: object) -> list[str]:
    return [value] if isinstance(value, str) else list(value) if isinstance(value, tuple) else []


def refused(document: PolicyDocument) -> bool:
    """Whether IAM refuses ``document`` as an identity-based policy (the forms the test draws)."""
    for statement in document.statements:
        if statement.effect not in ("Allow", "Deny"):
            return True
        if (statement.action is None) == (statement.not_action is None):
            return True
        if (statement.resource is None) == (statement.not_resource is None):
            return True
        if statement.principal is not None or statement.not_principal is not None:
            return True
        actions = _as_list(statement.action if statement.action is not None else statement.not_action)
        if not actions or any(a != "*" and not re.fullmatch(r"[a-z0-9-]+:[a-z0-9*?]*", a, re.I) for a in actions):
            return True
        resources = _as_list(statement.resource if statement.resource is not None else statement.not_resource)
        if not resources or any(r != "*" and not r.startswith("arn:") for r in resources):
            return True
    return False


def _condition(statement: Statement, context: Mapping[str, str], variables: bool) -> bool:
    for operator, keys in (statement.condition or {}).items():
        for key, raw in keys.items():
            values = [str(v) for v in (raw if isinstance(raw, tuple) else (raw,))]
            present = context.get(key)
            if operator == "Null":
                if not any((v == "true") == (present is None) for v in values):
                    return False
                continue
            base = operator.removesuffix("IfExists")
            if present is None:
                if not (operator.endswith("IfExists") or base == "StringNotEquals"):
                    return False
                continue
            hits = []
            for value in values:
                tokens = _tokens(value, context, variables, wild=base == "StringLike")
                hits.append(tokens is not None and wildcard_match(tokens, present))
            if (not any(hits)) if base != "StringNotEquals" else any(hits):
                return False
    return True


def _matches(statement: Statement, action: str, resource: str, context: Mapping[str, str], variables: bool) -> bool:
    def action_in(patterns: list[str]) -> bool:
        return any(wildcard_match(_template(p, True), action, fold=True) for p in patterns)

    def resource_in(patterns: list[str]) -> bool:
        found = (_tokens(p, context, variables, wild=True) for p in patterns)
        return any(t is not None and wildcard_match(t, resource) for t in found)

    if statement.action is not None and not action_in(_as_list(statement.action)):
        return False
    if statement.not_action is not None and action_in(_as_list(statement.not_action)):
        return False
    if statement.resource is not None and not resource_in(_as_list(statement.resource)):
        return False
    if statement.not_resource is not None and resource_in(_as_list(statement.not_resource)):
        return False
    return _condition(statement, context, variables)


def _decide(documents: Sequence[PolicyDocument], action: str, resource: str, context: Mapping[str, str]) -> Verdict:
    allowed = False
    for document in documents:
        variables = document.version == PolicyVersion.V2012_10_17
        for statement in document.statements:
            if _matches(statement, action, resource, context, variables):
                if statement.effect == "Deny":
                    return Verdict.EXPLICIT_DENY
                allowed = True
    return Verdict.ALLOW if allowed else Verdict.IMPLICIT_DENY


def aws_decision(
    identity: Sequence[PolicyDocument],
    boundary: PolicyDocument | None,
    action: str,
    resource: str,
    context: Mapping[str, str],
) -> Verdict:
    """AWS's answer for a role with these identity-based policies and boundary, in the whole request ``context``."""
    if any(refused(d) for d in (*identity, *([boundary] if boundary else []))):
        return Verdict.REFUSED
    mine = _decide(identity, action, resource, context)
    if boundary is None:
        return mine
    bounded = _decide([boundary], action, resource, context)
    if Verdict.EXPLICIT_DENY in (mine, bounded):
        return Verdict.EXPLICIT_DENY
    return Verdict.ALLOW if mine is bounded is Verdict.ALLOW else Verdict.IMPLICIT_DENY
