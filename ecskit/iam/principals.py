"""Who makes a request (:class:`Caller`), and whether a ``Principal`` element of a resource policy names them.

The forms are those of the IAM User Guide's ``Principal`` page
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):

* ``"*"`` and ``{"AWS": "*"}`` name everyone;
* an account, as ``"123456789012"`` or ``"arn:aws:iam::123456789012:root"`` (the two "behave the same way"), names
  *every* principal of that account, not only its root user: it delegates to the account, whose own IAM policies
  then decide (:attr:`PrincipalMatch.ACCOUNT`);
* an IAM user or role ARN names that user or role, and a role ARN also names every session of the role (the
  session ARN ``arn:aws:sts::123456789012:assumed-role/name/session`` drops the role's path, so a session is
  matched on the role's name when the role's own ARN is not known); an assumed-role session ARN names that session;
* ``{"Service": "codebuild.amazonaws.com"}`` names an AWS service.

Values are compared without regard to case, as :mod:`ecskit.iam.evaluate` compares trust policy principals.
:func:`principal_problem` says what is wrong with a value IAM would not accept in a policy (an account id that is
not 12 digits, a placeholder, an ARN of something that is not a principal).

>>> role = Caller.parse("arn:aws:iam::111122223333:role/ci/deployer")
>>> principal_match({"AWS": "111122223333"}, role)
<PrincipalMatch.ACCOUNT: 'account'>
>>> principal_match({"AWS": "arn:aws:iam::111122223333:role/ci/deployer"}, role)
<PrincipalMatch.SPECIFIC: 'specific'>
>>> principal_match({"AWS": "arn:aws:iam::444455556666:root"}, role)
<PrincipalMatch.NONE: 'none'>
>>> principal_problem("AWS", "arn:aws:iam::account-id:root")
"'arn:aws:iam::account-id:root' is not a principal: the account id must be 12 digits"
"""

from __future__ import annotations

import enum
import re

import attrs

from ecskit.errors import UsageError
from ecskit.models.iam import Principal, PrincipalType

__all__ = ["Caller", "CallerKind", "PrincipalMatch", "principal_match", "principal_problem"]

_PARTITION = r"aws(?:-[a-z]+)*"
_NAME = r"[\w+=,.@-]+"
_IAM = re.compile(
    rf"arn:(?P<partition>{_PARTITION}):iam::(?P<account>[^:]*):"
    rf"(?:(?P<root>root)|(?P<kind>user|role)/(?P<path>(?:{_NAME}/)*)(?P<name>{_NAME}))\Z"
)
_STS = re.compile(
    rf"arn:(?P<partition>{_PARTITION}):sts::(?P<account>[^:]*):"
    rf"(?:assumed-role/(?P<role>{_NAME})/(?P<session>[\w+=,.@-]+)|federated-user/(?P<user>{_NAME}))\Z"
)
_ACCOUNT = re.compile(r"\d{12}\Z")
#: The unique ids IAM shows in place of a deleted user's or role's ARN (AIDA..., AROA...).
_UNIQUE_ID = re.compile(r"A[A-Z0-9]{15,127}\Z")
_SERVICE = re.compile(r"[a-z0-9][a-z0-9.-]*\.amazonaws\.com(?:\.cn)?\Z")


class CallerKind(enum.StrEnum):
    """What kind of principal makes a request."""

    #: The account's root user (``arn:aws:iam::123456789012:root``).
    ROOT = "root"
    #: An IAM user.
    USER = "user"
    #: An IAM role (its ARN; what acts is a session of it).
    ROLE = "role"
    #: A session of a role (``arn:aws:sts::123456789012:assumed-role/name/session``).
    ASSUMED_ROLE = "assumed-role"
    #: An AWS service principal (``ecs-tasks.amazonaws.com``).
    SERVICE = "service"


@attrs.frozen(kw_only=True)
class Caller:
    """The principal a request is made as."""

    #: Its ARN (an IAM user, role or root ARN, an STS assumed-role ARN), or a service principal's name.
    arn: str
    kind: CallerKind
    #: The account it belongs to (None for a service).
    account: str | None
    #: The user's or role's name (for a session, its role's name).
    name: str | None = None
    #: For a role or a session: the role's ARN (path included), when known.
    role_arn: str | None = None

    @classmethod
    def parse(cls, text: str) -> Caller:
        """The caller an ARN (or a service principal name) stands for; UsageError when it is none."""
        problem = principal_problem(PrincipalType.SERVICE if _SERVICE.match(text) else PrincipalType.AWS, text)
        if problem is not None or text == "*" or _ACCOUNT.match(text) or _UNIQUE_ID.match(text):
            raise UsageError(problem or f"{text!r} names no single caller: give an IAM, STS or service principal")
        if _SERVICE.match(text):
            return cls(arn=text, kind=CallerKind.SERVICE, account=None)
        iam = _IAM.match(text)
        if iam is not None:
            if iam["root"]:
                return cls(arn=text, kind=CallerKind.ROOT, account=iam["account"])
            if iam["kind"] == "role":
                return cls(arn=text, kind=CallerKind.ROLE, account=iam["account"], name=iam["name"], role_arn=text)
            return cls(arn=text, kind=CallerKind.USER, account=iam["account"], name=iam["name"])
        sts = _STS.match(text)
        assert sts is not None  # principal_problem accepted it
        if sts["role"] is None:
            raise UsageError(f"{text!r}: federated user sessions are not modelled as callers")
        return cls(arn=text, kind=CallerKind.ASSUMED_ROLE, account=sts["account"], name=sts["role"])

    @classmethod
    def root(cls, account: str, partition: str = "aws") -> Caller:
        """The root user of ``account``."""
        return cls(arn=f"arn:{partition}:iam::{account}:root", kind=CallerKind.ROOT, account=account)

    def session(self, session_name: str) -> Caller:
        """A session of this role (``arn:aws:sts::<account>:assumed-role/<name>/<session_name>``)."""
        if self.kind is not CallerKind.ROLE:
            raise UsageError(f"{self.arn} is not a role: only a role has sessions")
        partition = self.arn.split(":")[1]
        arn = f"arn:{partition}:sts::{self.account}:assumed-role/{self.name}/{session_name}"
        return attrs.evolve(self, arn=arn, kind=CallerKind.ASSUMED_ROLE)

    @property
    def principal_arn(self) -> str:
        """The ARN IAM puts in ``aws:PrincipalArn``: a session's role ARN (when known), else :attr:`arn`."""
        return self.role_arn if self.kind is CallerKind.ASSUMED_ROLE and self.role_arn else self.arn


class PrincipalMatch(enum.StrEnum):
    """How a ``Principal`` element names a caller."""

    #: It does not.
    NONE = "none"
    #: Through the caller's account (an account id or root ARN): a delegation to the account's own IAM policies.
    ACCOUNT = "account"
    #: By the caller itself: its ARN, its role's ARN, its service, or ``*``.
    SPECIFIC = "specific"


def _values(principal: Principal, kind: str) -> tuple[str, ...]:
    if isinstance(principal, str):
        return ()
    found = principal.get(kind)
    return (found,) if isinstance(found, str) else (found or ())


def _names_role(value: str, caller: Caller) -> bool:
    """A role ARN value names this role, or a session of it."""
    if caller.kind is CallerKind.ROLE or caller.role_arn:
        return value.lower() == (caller.role_arn or caller.arn).lower()
    found = _IAM.match(value)
    return (
        found is not None
        and found["kind"] == "role"
        and found["account"] == caller.account
        and (found["name"] or "").lower() == (caller.name or "").lower()
    )


def _aws_match(value: str, caller: Caller) -> PrincipalMatch:
    if value == "*":
        return PrincipalMatch.SPECIFIC
    if caller.kind is CallerKind.SERVICE or caller.account is None:
        return PrincipalMatch.NONE
    if value == caller.account or value.lower() == f"arn:{caller.arn.split(':')[1]}:iam::{caller.account}:root":
        # The root user named by its own ARN is the account too: "does not limit permissions to only the root user".
        return PrincipalMatch.ACCOUNT
    if value.lower() == caller.arn.lower():
        return PrincipalMatch.SPECIFIC
    if caller.kind in (CallerKind.ROLE, CallerKind.ASSUMED_ROLE) and _names_role(value, caller):
        return PrincipalMatch.SPECIFIC
    return PrincipalMatch.NONE


def principal_match(principal: Principal, caller: Caller) -> PrincipalMatch:
    """How ``principal`` (a statement's ``Principal`` or ``NotPrincipal``) names ``caller``; the closest way wins
    (a caller named by its ARN and by its account is :attr:`PrincipalMatch.SPECIFIC`)."""
    if isinstance(principal, str):
        return PrincipalMatch.SPECIFIC if principal == "*" else PrincipalMatch.NONE
    best = PrincipalMatch.NONE
    for value in _values(principal, PrincipalType.AWS.value):
        found = _aws_match(value, caller)
        if found is PrincipalMatch.SPECIFIC:
            return found
        if found is PrincipalMatch.ACCOUNT:
            best = found
    services = _values(principal, PrincipalType.SERVICE.value)
    if caller.kind is CallerKind.SERVICE and any(v == "*" or v.lower() == caller.arn.lower() for v in services):
        return PrincipalMatch.SPECIFIC
    return best


def principal_problem(kind: str, value: str) -> str | None:
    """What is wrong with one principal ``value`` of type ``kind`` (``AWS``, ``Service``, ...), or None when IAM
    would take it. Whether the user or role exists is not known here: a well-formed ARN is taken."""
    if kind == PrincipalType.AWS:
        if value == "*" or _ACCOUNT.match(value) or _UNIQUE_ID.match(value):
            return None
        found = _IAM.match(value) or _STS.match(value)
        if found is None:
            if value.isdigit():
                return f"{value!r} is not a principal: an account id has 12 digits"
            return f"{value!r} is not a principal: expected an account id, an IAM or STS principal ARN, or '*'"
        if not _ACCOUNT.match(found["account"]):
            return f"{value!r} is not a principal: the account id must be 12 digits"
        return None
    if kind == PrincipalType.SERVICE:
        if value == "*" or _SERVICE.match(value):
            return None
        return f"{value!r} is not a service principal (such as 'codebuild.amazonaws.com')"
    if kind in (PrincipalType.FEDERATED, PrincipalType.CANONICAL_USER):
        return None if value.strip() else f"an empty {kind} principal"
    return f"{kind!r} is not a principal type (AWS, Service, Federated or CanonicalUser)"
