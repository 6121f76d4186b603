"""Unit tests of :mod:`ecskit.models.iam`: construction, normalising helpers, enums, immutability."""

from __future__ import annotations

import typing

import attrs
import pytest

from ecskit.models import iam
from ecskit.models.iam import (
    Effect,
    InstanceProfile,
    PolicyDocument,
    PolicyVersion,
    PrincipalType,
    Role,
    Statement,
)

TASK_TRUST = PolicyDocument(
    version=PolicyVersion.V2012_10_17,
    statement=(
        Statement(
            effect=Effect.ALLOW,
            principal={"Service": "ecs-tasks.amazonaws.com"},
            action="sts:AssumeRole",
        ),
    ),
)


def test_enum_values_are_the_wire_strings() -> None:
    """Enum values are the strings IAM documents use."""
    assert [v.value for v in PolicyVersion] == ["2012-10-17", "2008-10-17"]
    assert [v.value for v in Effect] == ["Allow", "Deny"]
    assert [v.value for v in PrincipalType] == ["AWS", "Service", "Federated", "CanonicalUser"]
    assert Effect("Deny") is Effect.DENY
    assert PolicyVersion("2012-10-17") is PolicyVersion.V2012_10_17
    assert {"Service": 1}[PrincipalType.SERVICE] == 1  # members are the plain strings


def test_defaults_are_none() -> None:
    """Optional elements default to None."""
    statement = Statement(effect=Effect.DENY)
    assert statement.sid is None
    assert statement.principal is None
    assert statement.not_principal is None
    assert statement.action is None
    assert statement.not_action is None
    assert statement.resource is None
    assert statement.not_resource is None
    assert statement.condition is None
    document = PolicyDocument(statement=())
    assert document.version is None
    assert document.id is None


def test_required_fields() -> None:
    """Effect, Statement, the trust policy and the names are required."""
    with pytest.raises(TypeError):
        Statement()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        PolicyDocument()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Role(role_name="r")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        InstanceProfile()  # type: ignore[call-arg]


def test_keyword_only() -> None:
    """Models take keyword arguments only."""
    with pytest.raises(TypeError):
        Statement(None, Effect.ALLOW)  # type: ignore[call-arg]


def test_frozen() -> None:
    """Models are immutable."""
    statement = Statement(effect=Effect.ALLOW, action="ecr:*")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        statement.action = "s3:*"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        TASK_TRUST.statement = ()  # type: ignore[misc]
    profile = InstanceProfile(name="ecsInstanceRole")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        profile.roles = ("x",)  # type: ignore[misc]


def test_evolve_and_equality() -> None:
    """Models compare by value and change by attrs.evolve."""
    statement = Statement(effect=Effect.ALLOW, action="ecr:*")
    changed = attrs.evolve(statement, action=("ecr:*", "logs:*"))
    assert changed.actions == ("ecr:*", "logs:*")
    assert statement.actions == ("ecr:*",)
    assert statement == Statement(effect=Effect.ALLOW, action="ecr:*")
    assert statement != changed


def test_string_or_list_helpers() -> None:
    """The plural helpers normalise a string or a tuple to a tuple; the stored form is kept."""
    one = Statement(effect=Effect.ALLOW, action="ecr:GetAuthorizationToken", resource="*")
    assert one.actions == ("ecr:GetAuthorizationToken",)
    assert one.resources == ("*",)
    assert one.not_actions == ()
    assert one.not_resources == ()
    many = Statement(
        effect=Effect.DENY,
        not_action=("iam:*", "organizations:*"),
        not_resource=("arn:aws:s3:::a", "arn:aws:s3:::b"),
    )
    assert many.actions == ()
    assert many.resources == ()
    assert many.not_actions == ("iam:*", "organizations:*")
    assert many.not_resources == ("arn:aws:s3:::a", "arn:aws:s3:::b")
    # The stored form is kept as written, for lossless round trips.
    assert one.action == "ecr:GetAuthorizationToken"
    assert many.not_action == ("iam:*", "organizations:*")


def test_single_statement_object_form() -> None:
    """A document may hold one Statement object instead of a list."""
    statement = Statement(sid="AllowPull", effect=Effect.ALLOW, principal="*", action="ecr:BatchGetImage")
    single = PolicyDocument(version=PolicyVersion.V2008_10_17, statement=statement)
    assert single.statement is statement
    assert single.statements == (statement,)
    listed = PolicyDocument(version=PolicyVersion.V2008_10_17, statement=(statement,))
    assert listed.statements == (statement,)
    assert single != listed  # which form was written is part of the value
    assert PolicyDocument(statement=()).statements == ()


def test_principal_forms() -> None:
    """The "*" and map forms of Principal and NotPrincipal."""
    everyone = Statement(effect=Effect.ALLOW, principal="*")
    assert everyone.principal_values(PrincipalType.AWS) == ("*",)
    assert everyone.principal_values("Service") == ("*",)
    mixed = Statement(
        effect=Effect.ALLOW,
        principal={
            PrincipalType.AWS: ("arn:aws:iam::123456789012:root", "111122223333"),
            PrincipalType.SERVICE: "ecs-tasks.amazonaws.com",
        },
    )
    assert mixed.principal_values("AWS") == ("arn:aws:iam::123456789012:root", "111122223333")
    assert mixed.principal_values(PrincipalType.SERVICE) == ("ecs-tasks.amazonaws.com",)
    assert mixed.principal_values(PrincipalType.FEDERATED) == ()
    assert mixed.not_principal_values("AWS") == ()
    assert Statement(effect=Effect.ALLOW).principal_values("AWS") == ()
    # StrEnum keys are the plain strings.
    assert mixed.principal == {
        "AWS": ("arn:aws:iam::123456789012:root", "111122223333"),
        "Service": "ecs-tasks.amazonaws.com",
    }
    denied = Statement(effect=Effect.DENY, not_principal={"AWS": "arn:aws:iam::123456789012:role/admin"})
    assert denied.not_principal_values("AWS") == ("arn:aws:iam::123456789012:role/admin",)


def test_condition_values_of_every_json_scalar_type() -> None:
    """Condition values may be strings, booleans, numbers or tuples of them."""
    statement = Statement(
        effect=Effect.DENY,
        action="s3:*",
        resource="*",
        condition={
            "Bool": {"aws:SecureTransport": False},
            "NumericLessThan": {"s3:TlsVersion": 1.2, "aws:MultiFactorAuthAge": 3600},
            "StringEquals": {"aws:SourceAccount": "123456789012"},
            "ArnLike": {"aws:SourceArn": ("arn:aws:ecs:us-east-1:123456789012:*", "arn:aws:ecs:*:*:*")},
            "ForAnyValue:StringEquals": {"aws:TagKeys": ("a", True, 3, 2.5)},
        },
    )
    assert statement.condition is not None
    assert statement.condition["Bool"]["aws:SecureTransport"] is False
    assert statement.condition["NumericLessThan"]["s3:TlsVersion"] == 1.2
    assert statement.condition["ArnLike"]["aws:SourceArn"] == (
        "arn:aws:ecs:us-east-1:123456789012:*",
        "arn:aws:ecs:*:*:*",
    )


def test_task_role_trust_policy() -> None:
    """The trust policy of an ECS task role."""
    (statement,) = TASK_TRUST.statements
    assert statement.effect is Effect.ALLOW
    assert statement.principal_values(PrincipalType.SERVICE) == ("ecs-tasks.amazonaws.com",)
    assert statement.actions == ("sts:AssumeRole",)


def test_role_and_instance_profile() -> None:
    """Roles and instance profiles hold documents, ARNs and names."""
    role = Role(
        role_name="ecsTaskExecutionRole",
        assume_role_policy=TASK_TRUST,
        managed_policy_arns=("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",),
        inline_policies={
            "read-secrets": PolicyDocument(
                version=PolicyVersion.V2012_10_17,
                statement=Statement(
                    effect=Effect.ALLOW,
                    action=("secretsmanager:GetSecretValue", "kms:Decrypt"),
                    resource="arn:aws:secretsmanager:us-east-1:123456789012:secret:app/*",
                ),
            )
        },
        description="Pulls images and writes logs for ECS tasks",
    )
    assert role.path is None
    assert role.permissions_boundary is None
    assert role.max_session_duration is None
    assert role.inline_policies is not None
    assert role.inline_policies["read-secrets"].statements[0].actions == (
        "secretsmanager:GetSecretValue",
        "kms:Decrypt",
    )
    profile = InstanceProfile(name="ecsInstanceRole", path="/ecs/", roles=("ecsInstanceRole",))
    assert profile.roles == ("ecsInstanceRole",)
    assert InstanceProfile(name="p").roles is None


@pytest.mark.parametrize("cls", [PolicyDocument, Statement, Role, InstanceProfile])
def test_annotations_resolve_at_run_time(cls: type) -> None:
    """Every annotation evaluates to a real type, as the codec needs."""
    # The codec (cattrs) needs the string annotations to evaluate to real types.
    hints = typing.get_type_hints(cls)
    assert set(hints) == {field.name for field in attrs.fields(cls)}
    assert attrs.resolve_types(cls) is cls


def test_all_is_sorted_and_complete() -> None:
    """__all__ is sorted and names every public class and type alias."""
    assert iam.__all__ == sorted(iam.__all__)
    defined = {
        name
        for name, value in vars(iam).items()
        if isinstance(value, type) and value.__module__ == iam.__name__ and not name.startswith("_")
    }
    aliases = {"ConditionScalar", "ConditionValue", "Principal", "StringOrStrings"}
    assert defined | aliases == set(iam.__all__)
    for name in defined:
        assert getattr(iam, name).__doc__
