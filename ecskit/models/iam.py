"""IAM policy documents, roles and instance profiles as ECS users meet them.

A task role, a task execution role, a container-instance role, their trust policies and an ECR repository
policy are all :class:`PolicyDocument` values. The models keep every form the IAM grammar allows, so a
document read from JSON and written back is unchanged:

* ``Statement`` is a single object or a list (:attr:`PolicyDocument.statement` holds a :class:`Statement`
  or a tuple of them; :attr:`PolicyDocument.statements` always gives a tuple);
* ``Action``, ``NotAction``, ``Resource`` and ``NotResource`` are a string or a list (``str`` or a tuple;
  :attr:`Statement.actions` and its siblings always give a tuple);
* ``Principal`` is ``"*"`` or a map from principal type to one or more identifiers (:data:`Principal`);
* condition values are strings, booleans, numbers or lists of them (:data:`ConditionValue`).

Attribute names are snake_case; the wire names (``Version``, ``Statement``, ``NotPrincipal``, ...) are known
only to the codec. :class:`Role` and :class:`InstanceProfile` are ecskit's own summaries of the IAM resources
an ECS deployment needs, not documents of the IAM API.
"""

from __future__ import annotations

import enum
from typing import TypeAlias

import attrs

from ecskit.models._base import Model

__all__ = [
    "ConditionScalar",
    "ConditionValue",
    "Effect",
    "InstanceProfile",
    "PolicyDocument",
    "PolicyVersion",
    "Principal",
    "PrincipalType",
    "Role",
    "Statement",
    "StringOrStrings",
]

# The aliases are real objects (not strings) so that ``typing.get_type_hints`` and a cattrs converter can
# resolve the string annotations that ``from __future__ import annotations`` leaves on the classes.

#: A value that is one string or a list of strings on the wire (``"s3:GetObject"`` or ``["s3:*", "ecr:*"]``).
StringOrStrings: TypeAlias = str | tuple[str, ...]

#: The principal of a statement: ``"*"`` (everyone) or a map from principal type (``"AWS"``, ``"Service"``,
#: ``"Federated"``, ``"CanonicalUser"``; see :class:`PrincipalType`) to one identifier or a tuple of them.
Principal: TypeAlias = str | dict[str, str | tuple[str, ...]]

#: One condition value: JSON allows strings, booleans and numbers (``"aws:SecureTransport": false``).
ConditionScalar: TypeAlias = str | bool | int | float

#: The value of one condition key: one scalar or a tuple of scalars.
ConditionValue: TypeAlias = ConditionScalar | tuple[ConditionScalar, ...]


class PolicyVersion(enum.StrEnum):
    """The policy language version, the ``Version`` element of a policy document."""

    #: The current version; policy variables such as ``${aws:username}`` need it.
    V2012_10_17 = "2012-10-17"
    #: The original version, still accepted; it does not support policy variables.
    V2008_10_17 = "2008-10-17"


class Effect(enum.StrEnum):
    """Whether a statement allows or denies what it matches."""

    #: The statement grants access.
    ALLOW = "Allow"
    #: The statement denies access; an explicit deny overrides any allow.
    DENY = "Deny"


class PrincipalType(enum.StrEnum):
    """The keys of a principal map; members compare equal to the plain strings."""

    #: An AWS account, IAM user, IAM role or assumed-role session (an ARN or a 12-digit account id), or ``"*"``.
    AWS = "AWS"
    #: An AWS service, such as ``"ecs-tasks.amazonaws.com"`` in the trust policy of a task role.
    SERVICE = "Service"
    #: A web identity or SAML provider.
    FEDERATED = "Federated"
    #: A canonical user id (S3 bucket policies).
    CANONICAL_USER = "CanonicalUser"


def _as_tuple(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    """Return ``value`` as a tuple: ``None`` becomes ``()``, a string a 1-tuple, a tuple itself."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return value


def _principal_values(principal: Principal | None, kind: str) -> tuple[str, ...]:
    """Return the identifiers of type ``kind`` in ``principal`` as a tuple (see :meth:`Statement.principal_values`)."""
    if principal is None:
        return ()
    if isinstance(principal, str):
        return (principal,)
    return _as_tuple(principal.get(kind))


@attrs.frozen(kw_only=True, repr=False, slots=False)
class Statement(Model):
    """One statement of a policy document: an effect on actions and resources, for principals, under conditions.

    The ``Not*`` elements are kept apart from their positive twins (``not_action`` is not ``action``
    negated in the model); a valid statement has at most one of each pair, which validation checks.
    """

    #: ``Sid``: an optional statement id, unique within the document.
    sid: str | None = None
    #: ``Effect``: whether the statement allows or denies.
    effect: Effect
    #: ``Principal``: who the statement applies to (resource-based and trust policies only).
    principal: Principal | None = None
    #: ``NotPrincipal``: everyone except these principals.
    not_principal: Principal | None = None
    #: ``Action``: one action (``"ecr:GetAuthorizationToken"``, wildcards allowed) or a tuple of them.
    action: StringOrStrings | None = None
    #: ``NotAction``: every action except these.
    not_action: StringOrStrings | None = None
    #: ``Resource``: one resource ARN (wildcards allowed) or a tuple of them.
    resource: StringOrStrings | None = None
    #: ``NotResource``: every resource except these.
    not_resource: StringOrStrings | None = None
    #: ``Condition``: operator (``"StringEquals"``, ``"Bool"``, ...) -> condition key -> value(s).
    #: Operator and key names are data, kept exactly as written.
    condition: dict[str, dict[str, ConditionValue]] | None = None

    @property
    def actions(self) -> tuple[str, ...]:
        """The ``Action`` element as a tuple (empty when absent)."""
        return _as_tuple(self.action)

    @property
    def not_actions(self) -> tuple[str, ...]:
        """The ``NotAction`` element as a tuple (empty when absent)."""
        return _as_tuple(self.not_action)

    @property
    def resources(self) -> tuple[str, ...]:
        """The ``Resource`` element as a tuple (empty when absent)."""
        return _as_tuple(self.resource)

    @property
    def not_resources(self) -> tuple[str, ...]:
        """The ``NotResource`` element as a tuple (empty when absent)."""
        return _as_tuple(self.not_resource)

    def principal_values(self, kind: str) -> tuple[str, ...]:
        """The identifiers of principal type ``kind`` (a :class:`PrincipalType` or its string) in ``Principal``.

        The string form ``"*"`` names every principal, so it is returned as ``("*",)`` for any ``kind``.
        An absent principal, or one without ``kind``, gives ``()``.
        """
        return _principal_values(self.principal, kind)

    def not_principal_values(self, kind: str) -> tuple[str, ...]:
        """The identifiers of principal type ``kind`` in ``NotPrincipal``, as :meth:`principal_values` does."""
        return _principal_values(self.not_principal, kind)


@attrs.frozen(kw_only=True, repr=False, slots=False)
class PolicyDocument(Model):
    """An IAM policy document: identity policies, trust policies and ECR repository policies alike."""

    #: ``Version``: the policy language version; IAM assumes ``2008-10-17`` when it is absent.
    version: PolicyVersion | None = None
    #: ``Id``: an optional identifier of the policy.
    id: str | None = None
    #: ``Statement``: one statement, or a tuple of them; which form was written is kept for round trips.
    statement: Statement | tuple[Statement, ...]

    @property
    def statements(self) -> tuple[Statement, ...]:
        """The statements as a tuple, whichever form :attr:`statement` has."""
        if isinstance(self.statement, Statement):
            return (self.statement,)
        return self.statement


@attrs.frozen(kw_only=True, repr=False, slots=False)
class Role(Model):
    """An IAM role as an ECS deployment uses it: task role, task execution role, or container-instance role."""

    #: ``roleName``: the role's name (not its ARN).
    role_name: str
    #: ``path``: the IAM path; IAM uses ``"/"`` when it is absent.
    path: str | None = None
    #: ``assumeRolePolicy``: the trust policy that says who may assume the role
    #: (for a task role, the ``ecs-tasks.amazonaws.com`` service).
    assume_role_policy: PolicyDocument
    #: ``managedPolicyArns``: ARNs of the managed policies attached to the role.
    managed_policy_arns: tuple[str, ...] | None = None
    #: ``inlinePolicies``: policy name -> inline policy document embedded in the role.
    inline_policies: dict[str, PolicyDocument] | None = None
    #: ``description``: free text.
    description: str | None = None
    #: ``permissionsBoundary``: ARN of the managed policy that bounds the role's permissions.
    permissions_boundary: str | None = None
    #: ``maxSessionDuration``: the longest session, in seconds (IAM allows 3600 to 43200; default 3600).
    max_session_duration: int | None = None


@attrs.frozen(kw_only=True, repr=False, slots=False)
class InstanceProfile(Model):
    """An IAM instance profile: the container of the role an EC2 container instance runs with."""

    #: ``name``: the instance profile's name.
    name: str
    #: ``path``: the IAM path; IAM uses ``"/"`` when it is absent.
    path: str | None = None
    #: ``roles``: names of the roles in the profile (IAM allows at most one).
    roles: tuple[str, ...] | None = None
