"""A local IAM policy evaluator: would these policies allow this action on this resource?

It follows AWS's evaluation logic for the policies of one identity
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): an explicit
``Deny`` wins over any ``Allow``; without an ``Allow`` the request is implicitly denied; a permissions boundary
must allow too. Actions match without regard to case, resources with it, both with ``*`` and ``?`` wildcards;
``NotAction`` and ``NotResource`` match what they do not name; ``Condition`` blocks are decided by
:mod:`ecskit.iam.conditions`.

What it cannot know it does not guess, and it never answers ``ALLOWED`` where AWS would deny or where it cannot
tell. A condition on a key that is not in ``context``, an operator it does not know, or a policy variable that is
not in ``context`` (one with a default too: the default stands in only when the request has no such key) is
*unknown*:

* an ``Allow`` that depends on an unknown never makes the result ``ALLOWED``: the result is ``UNDETERMINED``
  unless another statement allows without one;
* a ``Deny`` that depends on an unknown turns a result that would be ``ALLOWED`` into ``UNDETERMINED``;
* a whole document can be unknown: a managed policy it has no document for, or a document IAM would refuse
  (``MalformedPolicyDocument``: :func:`~ecskit.iam.grammar.document_problems`). It might allow or deny anything,
  so beside it the result is ``UNDETERMINED`` unless another policy denies for certain;
* every unknown is described, one line each, in :attr:`Evaluation.unevaluated`.

With ``strict_context=True`` the context is taken to be the whole request: a key that is not in it is absent,
as IAM reads it (see :mod:`ecskit.iam.conditions`).

>>> from ecskit.models.iam import Effect, PolicyDocument, PolicyVersion, Statement
>>> policy = PolicyDocument(version=PolicyVersion.V2012_10_17, statement=(
...     Statement(effect=Effect.ALLOW, action="ssm:GetParameters", resource="arn:aws:ssm:*:*:parameter/prod/*"),))
>>> evaluate([policy], "ssm:GetParameters", "arn:aws:ssm:us-east-1:111122223333:parameter/prod/db").decision
<Decision.ALLOWED: 'allowed'>
>>> evaluate([policy], "ssm:GetParameters", "arn:aws:ssm:us-east-1:111122223333:parameter/dev/db").decision
<Decision.IMPLICIT_DENY: 'implicit-deny'>
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping

import attrs

from ecskit._glob import glob
from ecskit.iam._patterns import Context, compile_pattern
from ecskit.iam.arns import role_arn
from ecskit.iam.conditions import ContextValue, _and, _not, _or, _outcome, _Verdict, _Why
from ecskit.iam.grammar import PolicyKind, document_problems
from ecskit.iam.managed import managed_policy
from ecskit.iam.trust import ASSUME_ROLE
from ecskit.models.iam import Effect, PolicyDocument, PolicyVersion, Principal, PrincipalType, Role, Statement

__all__ = ["ContextValue", "Decision", "Evaluation", "can_assume", "evaluate", "evaluate_role"]


class Decision(enum.StrEnum):
    """The outcome of an evaluation."""

    #: Some statement allows, and no statement denies, for certain.
    ALLOWED = "allowed"
    #: A ``Deny`` statement applies, for certain.
    EXPLICIT_DENY = "explicit-deny"
    #: No statement allows (and nothing unknown might).
    IMPLICIT_DENY = "implicit-deny"
    #: The answer depends on something the evaluator could not evaluate (see :attr:`Evaluation.unevaluated`).
    UNDETERMINED = "undetermined"


@attrs.frozen(kw_only=True)
class Evaluation:
    """The answer to "may this action be taken on this resource?", with the statements that decided it."""

    #: The action asked about, e.g. ``ecr:BatchGetImage``.
    action: str
    #: The resource asked about (an ARN, or ``*`` for actions that take none).
    resource: str
    #: The decision.
    decision: Decision
    #: The statements that decided: the allowing statements (``ALLOWED``), the denying ones
    #: (``EXPLICIT_DENY``), the ones that could not be evaluated (``UNDETERMINED``); empty for ``IMPLICIT_DENY``.
    statements: tuple[Statement, ...] = ()
    #: What could not be evaluated, one line each (conditions, policy variables, unknown managed policies).
    #: A certain decision may still list unknowns of statements that did not change it.
    unevaluated: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        """True when the decision is :attr:`Decision.ALLOWED`."""
        return self.decision is Decision.ALLOWED


@attrs.frozen
class _Source:
    """A policy document with the name it is reported under."""

    label: str
    document: PolicyDocument


def _statement_label(source: _Source, index: int, statement: Statement) -> str:
    which = f"statement {statement.sid!r}" if statement.sid else f"statement {index}"
    return f"{which} of {source.label}"


def _action_matches(statement: Statement, action: str) -> bool:
    if statement.action is not None:
        return any(glob(p, True).matches(action) for p in statement.actions)
    return not any(glob(p, True).matches(action) for p in statement.not_actions)


def _resource_verdict(patterns: tuple[str, ...], resource: str, ctx: Context, variables: bool) -> _Verdict:
    verdicts: list[_Verdict] = []
    for pattern in patterns:
        compiled = compile_pattern(pattern, ignore_case=False, context=ctx, variables=variables)
        verdict = compiled.matches(resource)
        if verdict is None:
            keys = ", ".join(f"${{{k}}}" for k in compiled.missing)
            verdicts.append(_Why((f"Resource {pattern!r}: the policy variable {keys} is not in the context",)))
        else:
            verdicts.append(verdict)
    return _or(verdicts)


def _principal_in(principal: Principal, kind: str, identity: str) -> bool:
    if isinstance(principal, str):
        return principal == "*"

    def listed(key: str) -> tuple[str, ...]:
        found = principal.get(key)
        return (found,) if isinstance(found, str) else (found or ())

    # {"AWS": "*"} names every principal, services included, as "*" does.
    if "*" in listed(PrincipalType.AWS.value):
        return True
    return any(v == "*" or v.lower() == identity.lower() for v in listed(kind))


#: Whether a statement's ``Principal`` (or ``NotPrincipal``) element names the principal asked about.
_PrincipalTest = Callable[[Principal], bool]


def _principal_matches(statement: Statement, names: _PrincipalTest) -> bool:
    if statement.principal is not None:
        return names(statement.principal)
    if statement.not_principal is not None:
        return not names(statement.not_principal)
    return False  # a trust or resource policy statement without a principal applies to no one


def _applies(
    statement: Statement,
    action: str,
    resource: str,
    ctx: Context,
    *,
    variables: bool,
    principal: _PrincipalTest | None,
) -> _Verdict:
    if not _action_matches(statement, action):
        return False
    if principal is not None and not _principal_matches(statement, principal):
        return False
    if statement.resource is not None:
        verdict = _resource_verdict(statement.resources, resource, ctx, variables)
    elif statement.not_resource is not None:
        verdict = _not(_resource_verdict(statement.not_resources, resource, ctx, variables))
    else:
        # Trust and resource policies may name no resource: it is the one the policy is attached to. (An
        # identity-based statement must name one; the grammar has refused it before this is asked.)
        verdict = True
    if verdict is False or not statement.condition:
        return verdict
    return _and([verdict, _outcome(statement.condition, ctx, variables=variables)])


def _malformed(source: _Source, kind: PolicyKind) -> list[str]:
    """One line for each reason IAM would refuse the document (empty when it takes it)."""
    return [
        f"{source.label}: IAM refuses this document (MalformedPolicyDocument): {problem}"
        for problem in document_problems(source.document, kind)
    ]


def _decide(
    sources: Iterable[_Source],
    action: str,
    resource: str,
    ctx: Context,
    *,
    kind: PolicyKind = PolicyKind.IDENTITY,
    principal: _PrincipalTest | None = None,
    unresolved: tuple[str, ...] = (),
) -> Evaluation:
    denies: list[Statement] = []
    allows: list[Statement] = []
    unknown_denies: list[Statement] = []
    unknown_allows: list[Statement] = []
    notes: list[str] = []
    unknown_documents = list(unresolved)
    for source in sources:
        refused = _malformed(source, kind)
        if refused:
            # No request is ever decided by a document IAM refuses: it is as unknown as a policy we cannot read.
            unknown_documents.extend(refused)
            continue
        variables = source.document.version == PolicyVersion.V2012_10_17
        for index, statement in enumerate(source.document.statements):
            verdict = _applies(statement, action, resource, ctx, variables=variables, principal=principal)
            deny = statement.effect == Effect.DENY
            if verdict is True:
                (denies if deny else allows).append(statement)
            elif isinstance(verdict, _Why):
                (unknown_denies if deny else unknown_allows).append(statement)
                label = _statement_label(source, index, statement)
                notes.extend(f"{label}: {note}" for note in verdict.notes)
    notes.extend(unknown_documents)
    unevaluated = tuple(dict.fromkeys(notes))

    def result(decision: Decision, statements: list[Statement]) -> Evaluation:
        return Evaluation(
            action=action, resource=resource, decision=decision, statements=tuple(statements), unevaluated=unevaluated
        )

    if denies:
        return result(Decision.EXPLICIT_DENY, denies)
    if unknown_documents:
        # A policy we cannot read may deny what the others allow, or allow what they do not.
        return result(Decision.UNDETERMINED, unknown_denies + unknown_allows)
    if allows:
        return result(Decision.UNDETERMINED, unknown_denies) if unknown_denies else result(Decision.ALLOWED, allows)
    if unknown_allows:
        # Nothing allows for certain, but a conditional Allow might.
        return result(Decision.UNDETERMINED, unknown_allows)
    return result(Decision.IMPLICIT_DENY, [])


def evaluate(
    policies: Iterable[PolicyDocument],
    action: str,
    resource: str,
    *,
    context: Mapping[str, ContextValue] | None = None,
    strict_context: bool = False,
) -> Evaluation:
    """Decide whether identity ``policies`` allow ``action`` on ``resource`` in the request ``context``.

    The policies are read as identity-based policies, in IAM's grammar for them: a document with a ``Principal``,
    or a statement without ``Resource`` or ``NotResource``, is one IAM refuses, and is read as unknown (use
    :func:`can_assume` for trust policies). Policy variables are replaced only in documents of version
    ``2012-10-17``, as in IAM.
    """
    sources = [_Source(f"policies[{i}]", p) for i, p in enumerate(policies)]
    return _decide(sources, action, resource, Context(context or {}, strict_context))


def _role_sources(role: Role, managed: Mapping[str, PolicyDocument] | None) -> tuple[list[_Source], tuple[str, ...]]:
    sources = [_Source(f"inline policy {name!r}", doc) for name, doc in (role.inline_policies or {}).items()]
    unresolved: list[str] = []
    for arn in role.managed_policy_arns or ():
        document = (managed or {}).get(arn) or managed_policy(arn)
        if document is None:
            unresolved.append(f"managed policy {arn}: its document is not known (pass it in managed=)")
        else:
            sources.append(_Source(f"managed policy {arn}", document))
    return sources, tuple(unresolved)


def _bounded(identity: Evaluation, boundary: Evaluation) -> Evaluation:
    """The identity decision within a permissions boundary: both must allow."""
    if identity.decision is Decision.EXPLICIT_DENY:
        return identity
    if boundary.decision is Decision.EXPLICIT_DENY:
        return boundary
    if identity.decision is Decision.IMPLICIT_DENY:
        return identity
    notes = tuple(dict.fromkeys((*identity.unevaluated, *boundary.unevaluated)))
    if boundary.decision is Decision.IMPLICIT_DENY:
        return attrs.evolve(boundary, statements=(), unevaluated=notes)
    if identity.decision is Decision.ALLOWED and boundary.decision is Decision.ALLOWED:
        return attrs.evolve(identity, unevaluated=notes)
    return attrs.evolve(
        identity,
        decision=Decision.UNDETERMINED,
        statements=(*identity.statements, *boundary.statements),
        unevaluated=notes,
    )


def evaluate_role(
    role: Role,
    action: str,
    resource: str,
    *,
    context: Mapping[str, ContextValue] | None = None,
    strict_context: bool = False,
    managed: Mapping[str, PolicyDocument] | None = None,
) -> Evaluation:
    """Decide whether ``role`` may take ``action`` on ``resource``: its inline and managed policies, its boundary.

    Managed policy ARNs are looked up in ``managed`` (ARN -> document: customer managed policies, or newer
    versions of AWS ones) and then in :mod:`ecskit.iam.managed`. A managed policy found in neither is listed in
    :attr:`Evaluation.unevaluated`, and unless another policy denies for certain the decision is ``UNDETERMINED``:
    it might deny what the others allow, or allow what they do not. A permissions boundary must allow too; an
    unknown one makes an allowed result ``UNDETERMINED``.
    """
    ctx = Context(context or {}, strict_context)
    sources, unresolved = _role_sources(role, managed)
    identity = _decide(sources, action, resource, ctx, unresolved=unresolved)
    if role.permissions_boundary is None:
        return identity
    arn = role.permissions_boundary
    document = (managed or {}).get(arn) or managed_policy(arn)
    if document is None:
        note = f"permissions boundary {arn}: its document is not known (pass it in managed=)"
        notes = (*identity.unevaluated, note)
        if identity.decision is Decision.ALLOWED:
            return attrs.evolve(identity, decision=Decision.UNDETERMINED, unevaluated=notes)
        return attrs.evolve(identity, unevaluated=notes)
    boundary = _decide([_Source(f"permissions boundary {arn}", document)], action, resource, ctx)
    return _bounded(identity, boundary)


def can_assume(
    role: Role,
    service: str,
    *,
    account: str | None = None,
    partition: str = "aws",
    context: Mapping[str, ContextValue] | None = None,
    strict_context: bool = False,
) -> Evaluation:
    """Decide whether the trust policy of ``role`` lets ``service`` (``ecs-tasks.amazonaws.com``) assume it.

    The question is ``sts:AssumeRole`` by the service principal. A trust policy that guards against the confused
    deputy tests ``aws:SourceAccount`` (and perhaps ``aws:SourceArn``): give ``account``, the account the
    service acts for (it becomes ``aws:SourceAccount`` unless ``context`` has one), or the answer is
    ``UNDETERMINED``. ``context`` adds other keys (``aws:SourceArn``, ...).

    >>> from ecskit.iam.roles import execution_role
    >>> from ecskit.models.ecs import ContainerDefinition, RegisterTaskDefinitionRequest
    >>> td = RegisterTaskDefinitionRequest(family="web", container_definitions=(
    ...     ContainerDefinition(name="app", image="nginx"),))
    >>> role = execution_role(td, account="111122223333", region="us-east-1")
    >>> can_assume(role, "ecs-tasks.amazonaws.com", account="111122223333").decision
    <Decision.ALLOWED: 'allowed'>
    >>> can_assume(role, "ecs-tasks.amazonaws.com", account="444455556666").decision
    <Decision.IMPLICIT_DENY: 'implicit-deny'>
    >>> can_assume(role, "ec2.amazonaws.com", account="111122223333").decision
    <Decision.IMPLICIT_DENY: 'implicit-deny'>
    """
    values: dict[str, ContextValue] = dict(context or {})
    if account is not None and not any(k.lower() == "aws:sourceaccount" for k in values):
        values["aws:SourceAccount"] = account
    resource = role_arn(role, account or "*", partition)
    source = _Source("the trust policy", role.assume_role_policy)
    return _decide(
        [source],
        ASSUME_ROLE,
        resource,
        Context(values, strict_context),
        kind=PolicyKind.TRUST,
        principal=lambda p: _principal_in(p, PrincipalType.SERVICE.value, service),
    )
