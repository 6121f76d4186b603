"""Resource-based policies (an ECR repository policy, a registry policy, ...): what they let a caller do, and
whether a document is one IAM would take.

:func:`evaluate_resource_policy` reads the statements whose ``Principal`` names the caller (see
:mod:`ecskit.iam.principals`); :func:`authorize` puts that together with the caller's identity-based policies
as AWS does (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html and
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html):

* an explicit ``Deny`` in either kind of policy wins;
* **same account**: the identity-based policy *or* the resource-based policy must allow. A resource policy that
  names the caller's account (``"123456789012"``, ``arn:aws:iam::123456789012:root``) delegates to the account's
  IAM policies rather than granting by itself (the IAM ``Principal`` page: "This delegates authority to the
  account"), so such a grant needs the identity-based policy too; one that names the caller, its role or ``*``
  grants on its own;
* **cross account**: the resource-based policy must allow the caller (its account, itself, or ``*``) *and* the
  caller's identity-based policy must allow.

The caller's identity-based decision is given as an :class:`~ecskit.iam.evaluate.Evaluation` (of
:func:`~ecskit.iam.evaluate.evaluate_role`, say), or None for a principal whose policies allow everything (an
account's root user, which "has full access" in its account).

>>> from ecskit.codec import from_json
>>> from ecskit.iam import Caller
>>> from ecskit.models.iam import PolicyDocument
>>> policy = from_json('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
...     '"Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": ["ecr:BatchGetImage"]}]}', PolicyDocument)
>>> repo = "arn:aws:ecr:us-east-1:111122223333:repository/web"
>>> authorize(Caller.root("444455556666"), "ecr:BatchGetImage", repo, resource_account="111122223333",
...     resource_policies=[policy], identity=None).allowed
True
>>> denied = authorize(Caller.root("444455556666"), "ecr:PutImage", repo, resource_account="111122223333",
...     resource_policies=[policy], identity=None)
>>> denied.denial
<Denial.NO_RESOURCE_ALLOW: 'no-resource-allow'>
>>> denied.message.split(" because ")[1]
'no resource-based policy allows the ecr:PutImage action'
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

from ecskit.iam._patterns import Context
from ecskit.iam.conditions import ContextValue
from ecskit.iam.evaluate import Decision, Evaluation, _applies
from ecskit.iam.grammar import PolicyKind, document_problems
from ecskit.iam.principals import Caller, PrincipalMatch, principal_match
from ecskit.models.iam import Effect, PolicyDocument, PolicyVersion, Statement

__all__ = ["Access", "Denial", "authorize", "evaluate_resource_policy", "policy_problems"]


class Denial(enum.StrEnum):
    """Why a request is refused, as AWS's access denied messages say it."""

    #: No identity-based policy allows (an implicit deny).
    NO_IDENTITY_ALLOW = "no-identity-allow"
    #: No resource-based policy allows (an implicit deny; cross-account requests need one).
    NO_RESOURCE_ALLOW = "no-resource-allow"
    #: A ``Deny`` statement of an identity-based policy applies.
    IDENTITY_DENY = "identity-deny"
    #: A ``Deny`` statement of a resource-based policy applies.
    RESOURCE_DENY = "resource-deny"


_TYPE = {
    Denial.NO_IDENTITY_ALLOW: "identity-based",
    Denial.NO_RESOURCE_ALLOW: "resource-based",
    Denial.IDENTITY_DENY: "identity-based",
    Denial.RESOURCE_DENY: "resource-based",
}


@attrs.frozen(kw_only=True)
class Access:
    """The answer of :func:`authorize`: may ``caller`` take ``action`` on ``resource``, and if not, why."""

    caller: Caller
    action: str
    resource: str
    #: ALLOWED; EXPLICIT_DENY or IMPLICIT_DENY (then :attr:`denial` says which policy type); or UNDETERMINED when
    #: a condition could not be decided (see the two evaluations' ``unevaluated``).
    decision: Decision
    denial: Denial | None = None
    #: The resource-based policies' decision for the caller.
    resource_evaluation: Evaluation
    #: The identity-based decision given (None: the caller's policies allow everything).
    identity_evaluation: Evaluation | None = None

    @property
    def allowed(self) -> bool:
        """True when the decision is ALLOWED."""
        return self.decision is Decision.ALLOWED

    @property
    def message(self) -> str:
        """AWS's access denied text for this answer (see the IAM User Guide's "Troubleshoot access denied error
        messages": ``User: <arn> is not authorized to perform: <action> on resource: <resource> because no
        <type> policy allows the <action> action``, or ``... with an explicit deny in a <type> policy``)."""
        head = f"User: {self.caller.arn} is not authorized to perform: {self.action} on resource: {self.resource}"
        if self.denial in (Denial.IDENTITY_DENY, Denial.RESOURCE_DENY):
            kind = _TYPE[self.denial]
            return f"{head} with an explicit deny in {'an' if kind[0] in 'aeiou' else 'a'} {kind} policy"
        kind = _TYPE[self.denial] if self.denial is not None else "identity-based"
        return f"{head} because no {kind} policy allows the {self.action} action"


_ANY = (PrincipalMatch.ACCOUNT, PrincipalMatch.SPECIFIC)
#: True, False, or None when it depends on what could not be evaluated.
_Tri = bool | None


def _context(caller: Caller, context: Mapping[str, ContextValue] | None, strict: bool) -> Context:
    values: dict[str, ContextValue] = {"aws:PrincipalArn": caller.principal_arn}
    if caller.account is not None:
        values["aws:PrincipalAccount"] = caller.account
    values.update(context or {})
    return Context(values, strict)


@attrs.define
class _Tally:
    """The statements of resource policies that apply to one request, by effect, certainty and how they name the
    caller."""

    denies: list[Statement] = attrs.field(factory=list)
    maybe_denies: list[Statement] = attrs.field(factory=list)
    #: PrincipalMatch -> the Allow statements that apply for certain / only perhaps
    allows: dict[PrincipalMatch, list[Statement]] = attrs.field(factory=dict)
    maybe_allows: dict[PrincipalMatch, list[Statement]] = attrs.field(factory=dict)
    notes: list[str] = attrs.field(factory=list)
    #: Why documents IAM would refuse were not read (they might allow or deny anything).
    refused: list[str] = attrs.field(factory=list)

    def allow(self, wanted: tuple[PrincipalMatch, ...]) -> _Tri:
        if any(self.allows.get(m) for m in wanted):
            return True
        return None if self.refused or any(self.maybe_allows.get(m) for m in wanted) else False

    def deny(self) -> _Tri:
        return True if self.denies else None if self.maybe_denies or self.refused else False

    def evaluation(self, action: str, resource: str) -> Evaluation:
        """The tally as an Evaluation of every statement that names the caller (as evaluate() reports one)."""
        allows = [s for m in _ANY for s in self.allows.get(m, ())]
        maybe = [s for m in _ANY for s in self.maybe_allows.get(m, ())]
        if self.denies:
            decision, statements = Decision.EXPLICIT_DENY, self.denies
        elif self.refused:
            decision, statements = Decision.UNDETERMINED, [*self.maybe_denies, *maybe]
        elif allows:
            decision = Decision.UNDETERMINED if self.maybe_denies else Decision.ALLOWED
            statements = self.maybe_denies or allows
        elif maybe:
            decision, statements = Decision.UNDETERMINED, maybe
        else:
            decision, statements = Decision.IMPLICIT_DENY, []
        return Evaluation(
            action=action,
            resource=resource,
            decision=decision,
            statements=tuple(statements),
            unevaluated=tuple(dict.fromkeys([*self.notes, *self.refused])),
        )


def _tally(policies: Iterable[PolicyDocument], caller: Caller, action: str, resource: str, ctx: Context) -> _Tally:
    tally = _Tally()
    for number, document in enumerate(policies):
        refused = document_problems(document, PolicyKind.RESOURCE)
        if refused:
            label = f"resource policy {number}: IAM refuses this document (MalformedPolicyDocument)"
            tally.refused.extend(f"{label}: {problem}" for problem in refused)
            continue
        variables = document.version == PolicyVersion.V2012_10_17
        for index, statement in enumerate(document.statements):
            if statement.principal is not None:
                match = principal_match(statement.principal, caller)
            elif statement.not_principal is not None:
                # NotPrincipal applies to everyone it does not name, the caller itself included.
                named = principal_match(statement.not_principal, caller) is not PrincipalMatch.NONE
                match = PrincipalMatch.NONE if named else PrincipalMatch.SPECIFIC
            else:
                match = PrincipalMatch.NONE  # a resource policy statement without a principal applies to no one
            if match is PrincipalMatch.NONE:
                continue
            verdict = _applies(statement, action, resource, ctx, variables=variables, principal=None)
            if verdict is False:
                continue
            deny = statement.effect == Effect.DENY
            if verdict is True:
                (tally.denies if deny else tally.allows.setdefault(match, [])).append(statement)
                continue
            (tally.maybe_denies if deny else tally.maybe_allows.setdefault(match, [])).append(statement)
            label = f"statement {statement.sid!r}" if statement.sid else f"statement {index}"
            tally.notes.extend(f"{label} of resource policy {number}: {note}" for note in verdict.notes)
    return tally


def evaluate_resource_policy(
    policies: Iterable[PolicyDocument],
    caller: Caller,
    action: str,
    resource: str,
    *,
    context: Mapping[str, ContextValue] | None = None,
    strict_context: bool = False,
) -> Evaluation:
    """Decide what resource-based ``policies`` say about ``caller`` taking ``action`` on ``resource``: only the
    statements whose ``Principal`` names the caller (or whose ``NotPrincipal`` does not) count; a statement
    without ``Resource`` applies to the resource the policy is attached to. ``aws:PrincipalArn`` and
    ``aws:PrincipalAccount`` are known from the caller; ``context`` adds other keys."""
    ctx = _context(caller, context, strict_context)
    return _tally(policies, caller, action, resource, ctx).evaluation(action, resource)


def _identity(evaluation: Evaluation | None) -> tuple[_Tri, bool]:
    """(does the identity-based policy allow, does it deny for certain)."""
    if evaluation is None:
        return True, False
    decision = evaluation.decision
    allow = True if decision is Decision.ALLOWED else None if decision is Decision.UNDETERMINED else False
    return allow, decision is Decision.EXPLICIT_DENY


def _or(first: _Tri, second: _Tri) -> _Tri:
    if first is True or second is True:
        return True
    return None if None in (first, second) else False


def _and(first: _Tri, second: _Tri) -> _Tri:
    if first is False or second is False:
        return False
    return None if None in (first, second) else True


def authorize(
    caller: Caller,
    action: str,
    resource: str,
    *,
    resource_account: str,
    resource_policies: Iterable[PolicyDocument],
    identity: Evaluation | None,
    context: Mapping[str, ContextValue] | None = None,
    strict_context: bool = False,
) -> Access:
    """Decide whether ``caller`` may take ``action`` on ``resource`` (owned by ``resource_account``), given the
    resource's policies and the caller's identity-based decision (None: its policies allow everything), by AWS's
    evaluation logic for one account and across accounts (see the module's docstring)."""
    tally = _tally(resource_policies, caller, action, resource, _context(caller, context, strict_context))
    granted = tally.evaluation(action, resource)
    identity_allows, identity_denies = _identity(identity)

    def answer(decision: Decision, denial: Denial | None = None) -> Access:
        return Access(
            caller=caller,
            action=action,
            resource=resource,
            decision=decision,
            denial=denial,
            resource_evaluation=granted,
            identity_evaluation=identity,
        )

    if tally.deny() is True:
        return answer(Decision.EXPLICIT_DENY, Denial.RESOURCE_DENY)
    if identity_denies:
        return answer(Decision.EXPLICIT_DENY, Denial.IDENTITY_DENY)
    if caller.account == resource_account:
        allowed = _or(identity_allows, tally.allow((PrincipalMatch.SPECIFIC,)))
        denial = Denial.NO_IDENTITY_ALLOW
    else:
        by_resource = tally.allow(_ANY)
        allowed = _and(by_resource, identity_allows)
        denial = Denial.NO_RESOURCE_ALLOW if by_resource is False else Denial.NO_IDENTITY_ALLOW
    if allowed is False:
        return answer(Decision.IMPLICIT_DENY, denial)
    if allowed is None or tally.deny() is None:
        return answer(Decision.UNDETERMINED)
    return answer(Decision.ALLOWED)


def policy_problems(document: PolicyDocument, *, resource_allowed: bool = True) -> tuple[str, ...]:
    """What IAM would not take in ``document`` as a resource-based policy, one line each (empty when none):
    statements without a principal or an action, malformed principals (see
    :func:`~ecskit.iam.principals.principal_problem`) and actions, ``Resource`` where the policy may have none
    (``resource_allowed=False``: an ECR repository policy), contradictory elements (the grammar of
    :mod:`ecskit.iam.grammar`). Whether the principals exist is not known offline, and is not checked."""
    found = list(document_problems(document, PolicyKind.RESOURCE))
    given: object = document
    if not resource_allowed and isinstance(given, PolicyDocument):
        for index, each in enumerate(given.statements):
            statement: object = each
            if not isinstance(statement, Statement):
                continue
            named = [e for e in (statement.resource, statement.not_resource) if e is not None]
            if len(named) == 1:  # both: the grammar has said so
                where = f"statement {statement.sid!r}" if statement.sid else f"statement {index}"
                found.append(
                    f"{where} has a Resource: this policy applies to the resource it is attached to, and names none"
                )
    return tuple(found)
