"""Whether IAM would take a policy document at all: the grammar of each kind of policy.

IAM refuses a document that breaks its grammar with ``MalformedPolicyDocument``
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html), so no request is ever
decided by one. The evaluators (:mod:`ecskit.iam.evaluate`, :mod:`ecskit.iam.resource_policies`) check every
document with :func:`document_problems` and read one with problems as a document they do not know: it can make
no answer ``ALLOWED``. What each kind takes:

* every statement has an ``Effect`` of ``Allow`` or ``Deny``, and exactly one of ``Action`` and ``NotAction``,
  not empty ("Policy statement must contain actions.", aws/aws-cdk#7615), each ``service:action`` with
  wildcards only in the action ("Actions/Condition can contain only one colon.", eksctl-io/eksctl#2794;
  "Action vendors (e.g., aws, ec2, etc.) must not contain wildcards"), or ``*``; at most one of ``Resource``
  and ``NotResource``, and of ``Principal`` and ``NotPrincipal``; in IAM's own policies (identity-based and trust),
  its ``Sid`` unique in the document;
* an **identity-based** policy (inline, managed, a permissions boundary) names no principal ("Policy document
  should not specify a principal.", hashicorp/terraform#13449) and has ``Resource`` or ``NotResource`` in every
  statement ("Policy statement must contain resources.", terraform-aws-modules/terraform-aws-iam#364), each an
  ARN or ``*`` ("Resource sns-topic-name must be in ARN format or "*".",
  trussworks/terraform-aws-s3-anti-virus#21);
* a **trust** policy names a principal in every statement and no resource ("Has prohibited field Resource");
* a **resource-based** policy names a principal in every statement, each one IAM would take
  (:func:`~ecskit.iam.principals.principal_problem`); :func:`~ecskit.iam.resource_policies.policy_problems` says
  whether it may name a resource.

Values of the wrong Python type (a statement built in code with ``effect="deny"`` or ``action=5``) are problems
too, never an exception.
"""

from __future__ import annotations

import enum
import re

from ecskit.iam.principals import principal_problem
from ecskit.models.iam import Effect, PolicyDocument, PolicyVersion, Statement

__all__ = ["PolicyKind", "document_problems"]

_ACTION = re.compile(r"\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]*")
_EFFECTS = (Effect.ALLOW.value, Effect.DENY.value)
_VERSIONS = tuple(v.value for v in PolicyVersion)


class PolicyKind(enum.StrEnum):
    """Which grammar a policy document follows."""

    #: An identity-based policy: a user's, group's or role's inline or managed policy, or a permissions boundary.
    IDENTITY = "identity"
    #: A role's trust policy (who may assume it).
    TRUST = "trust"
    #: A resource-based policy (an ECR repository or registry policy, a bucket policy, ...).
    RESOURCE = "resource"


def _texts(value: object) -> tuple[str, ...] | None:
    """The strings of a string-or-strings element, or None when it is not one."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, tuple | list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _principal_problems(where: str, principal: object) -> list[str]:
    if isinstance(principal, str):
        return [] if principal == "*" else [f"{where}: a Principal string must be '*', got {principal!r}"]
    if not isinstance(principal, dict):
        return [f"{where}: a Principal is '*' or a map of principal types, got {principal!r}"]
    if not principal:
        return [f"{where}: the Principal names no one"]
    found: list[str] = []
    for kind, values in principal.items():
        listed = _texts(values)
        if listed is None:
            found.append(f"{where}: the {kind} principal is not a string or a list of strings")
            continue
        if not listed:
            found.append(f"{where}: the {kind} principal list is empty")
        for value in listed:
            problem = principal_problem(kind, value)
            if problem is not None:
                found.append(f"{where}: {problem}")
    return found


def _action_problems(where: str, statement: Statement) -> list[str]:
    if (statement.action is None) == (statement.not_action is None):
        return [f"{where} must have exactly one of Action and NotAction"]
    element = statement.action if statement.action is not None else statement.not_action
    actions = _texts(element)
    if actions is None:
        return [f"{where}: an action is a string or a list of strings, got {element!r}"]
    if not actions:
        return [f"{where} names no action (IAM: 'Policy statement must contain actions.')"]
    return [
        f"{where}: {a!r} is not an action ('service:Action', wildcards allowed)"
        for a in actions
        if not _ACTION.fullmatch(a)
    ]


def _resource_problems(where: str, statement: Statement, kind: PolicyKind) -> list[str]:
    if statement.resource is not None and statement.not_resource is not None:
        return [f"{where} has both Resource and NotResource"]
    element = statement.resource if statement.resource is not None else statement.not_resource
    if kind is PolicyKind.TRUST:
        return [] if element is None else [f"{where} has a Resource (IAM: 'Has prohibited field Resource')"]
    if element is None:
        if kind is PolicyKind.IDENTITY:
            return [f"{where} has no Resource or NotResource (IAM: 'Policy statement must contain resources.')"]
        return []
    resources = _texts(element)
    if resources is None:
        return [f"{where}: a resource is a string or a list of strings, got {element!r}"]
    if kind is not PolicyKind.IDENTITY:
        return []
    if not resources:
        return [f"{where} names no resource (IAM: 'Policy statement must contain resources.')"]
    return [
        f"{where}: IAM: 'Resource {r} must be in ARN format or \"*\".'"
        for r in resources
        if r != "*" and not r.startswith("arn:")
    ]


def _principal_element_problems(where: str, statement: Statement, kind: PolicyKind) -> list[str]:
    both = (statement.principal, statement.not_principal)
    if kind is PolicyKind.IDENTITY:
        if any(p is not None for p in both):
            return [f"{where} names a principal (IAM: 'Policy document should not specify a principal.')"]
        return []
    if all(p is None for p in both):
        whom = (
            "a trust policy names who may assume the role"
            if kind is PolicyKind.TRUST
            else ("a resource-based policy names whom it applies to")
        )
        return [f"{where} has no Principal ({whom})"]
    if all(p is not None for p in both):
        return [f"{where} has both Principal and NotPrincipal"]
    if kind is PolicyKind.TRUST:
        # Whether a trust policy's principals exist is IAM's to say when the policy is put; only the form is read.
        element: object = statement.principal if statement.principal is not None else statement.not_principal
        if not isinstance(element, str | dict):
            return [f"{where}: a Principal is '*' or a map of principal types, got {element!r}"]
        return []
    found: list[str] = []
    for element in both:
        if element is not None:
            found.extend(_principal_problems(where, element))
    return found


def _condition_problems(where: str, statement: Statement) -> list[str]:
    condition: object = statement.condition
    if condition is None:
        return []
    scalars = str | bool | int | float
    if not isinstance(condition, dict) or not all(
        isinstance(keys, dict)
        and all(
            isinstance(v, scalars) or (isinstance(v, tuple | list) and all(isinstance(x, scalars) for x in v))
            for v in keys.values()
        )
        for keys in condition.values()
    ):
        return [f"{where}: a Condition maps operators to keys to values, got {condition!r}"]
    return []


def _statement_problems(where: str, statement: object, kind: PolicyKind) -> list[str]:
    if not isinstance(statement, Statement):
        return [f"{where} is not a Statement: {statement!r}"]
    found: list[str] = []
    if statement.effect not in _EFFECTS:
        found.append(f"{where}: the Effect must be 'Allow' or 'Deny', got {statement.effect!r}")
    found.extend(_principal_element_problems(where, statement, kind))
    found.extend(_action_problems(where, statement))
    found.extend(_resource_problems(where, statement, kind))
    found.extend(_condition_problems(where, statement))
    return found


def document_problems(document: PolicyDocument, kind: PolicyKind) -> tuple[str, ...]:
    """What IAM would refuse in ``document`` as a policy of ``kind``, one line each (empty when it takes it)."""
    given: object = document
    if not isinstance(given, PolicyDocument):
        return (f"{document!r} is not a PolicyDocument",)
    found: list[str] = []
    if document.version is not None and document.version not in _VERSIONS:
        found.append(f"the Version must be '2012-10-17' or '2008-10-17', got {document.version!r}")
    statement: object = document.statement
    statements = tuple(statement) if isinstance(statement, tuple | list) else (statement,)
    if kind is PolicyKind.RESOURCE and not statements:
        found.append("the policy has no statement")
    sids: set[str] = set()
    for index, each in enumerate(statements):
        sid = getattr(each, "sid", None)
        where = f"statement {sid!r}" if sid else f"statement {index}"
        found.extend(_statement_problems(where, each, kind))
        if isinstance(sid, str) and sid and kind is not PolicyKind.RESOURCE:
            # "In IAM, the Sid value must be unique within a JSON policy" (IAM User Guide, "Sid"); other services'
            # resource policies have rules of their own.
            if sid in sids:
                found.append(f"{where}: the Sid is not unique in the document")
            sids.add(sid)
    return tuple(found)
