"""Condition operators of :mod:`ecskit.iam.conditions`, each decided true, false or unknown as IAM would."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from ecskit.iam.conditions import OPERATORS, ContextValue, evaluate_condition
from ecskit.models.iam import ConditionValue

Condition = dict[str, dict[str, ConditionValue]]


def result(condition: Condition, context: Mapping[str, ContextValue] | None = None, *, strict: bool = False) -> object:
    return evaluate_condition(condition, context, strict_context=strict).result


CASES: list[tuple[str, Condition, dict[str, ContextValue], bool | None]] = [
    # strings
    ("equals", {"StringEquals": {"k": "abc"}}, {"k": "abc"}, True),
    ("equals is case-sensitive", {"StringEquals": {"k": "abc"}}, {"k": "ABC"}, False),
    ("not equals", {"StringNotEquals": {"k": "abc"}}, {"k": "abd"}, True),
    ("not equals, same", {"StringNotEquals": {"k": "abc"}}, {"k": "abc"}, False),
    ("ignore case", {"StringEqualsIgnoreCase": {"k": "AbC"}}, {"k": "aBc"}, True),
    ("not equals ignore case", {"StringNotEqualsIgnoreCase": {"k": "AbC"}}, {"k": "abc"}, False),
    ("like", {"StringLike": {"k": "ab*-?"}}, {"k": "abxyz-1"}, True),
    ("like is case-sensitive", {"StringLike": {"k": "ab*"}}, {"k": "ABc"}, False),
    ("like needs the whole value", {"StringLike": {"k": "ab"}}, {"k": "abc"}, False),
    ("not like", {"StringNotLike": {"k": "ab*"}}, {"k": "xab"}, True),
    ("several values are OR", {"StringEquals": {"k": ("x", "y", "z")}}, {"k": "y"}, True),
    ("negated values are NOR", {"StringNotEquals": {"k": ("x", "y")}}, {"k": "y"}, False),
    ("negated values are NOR, none", {"StringNotEquals": {"k": ("x", "y")}}, {"k": "z"}, True),
    ("keys are AND", {"StringEquals": {"a": "1", "b": "2"}}, {"a": "1", "b": "3"}, False),
    ("operators are AND", {"StringEquals": {"a": "1"}, "StringLike": {"b": "2*"}}, {"a": "1", "b": "20"}, True),
    ("key names ignore case", {"StringEquals": {"aws:SourceIP": "x"}}, {"AWS:sourceip": "x"}, True),
    # numbers
    ("numeric equals", {"NumericEquals": {"n": "10"}}, {"n": 10}, True),
    ("numeric equals float", {"NumericEquals": {"n": 1.5}}, {"n": "1.50"}, True),
    ("numeric not equals", {"NumericNotEquals": {"n": "10"}}, {"n": "10"}, False),
    ("less than", {"NumericLessThan": {"n": "10"}}, {"n": "9"}, True),
    ("less than, equal", {"NumericLessThan": {"n": "10"}}, {"n": "10"}, False),
    ("less than equals", {"NumericLessThanEquals": {"n": "10"}}, {"n": "10"}, True),
    ("greater than", {"NumericGreaterThan": {"n": "10"}}, {"n": "11"}, True),
    ("greater than equals", {"NumericGreaterThanEquals": {"n": "10"}}, {"n": "9"}, False),
    # dates
    (
        "date less than",
        {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}},
        {"aws:CurrentTime": "2029-12-31T23:59:59Z"},
        True,
    ),
    (
        "date greater than",
        {"DateGreaterThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}},
        {"aws:CurrentTime": "2029-12-31T23:59:59Z"},
        False,
    ),
    ("date epoch", {"DateEquals": {"t": "0"}}, {"t": "1970-01-01T00:00:00Z"}, True),
    ("date offsets", {"DateEquals": {"t": "2030-01-01T01:00:00+01:00"}}, {"t": "2030-01-01T00:00:00Z"}, True),
    ("date not equals", {"DateNotEquals": {"t": "2030-01-01"}}, {"t": "2030-01-02"}, True),
    ("date less than equals", {"DateLessThanEquals": {"t": "2030-01-01"}}, {"t": "2030-01-01"}, True),
    ("date greater than equals", {"DateGreaterThanEquals": {"t": "2030-01-01"}}, {"t": "2029-01-01"}, False),
    # booleans, binary
    ("bool", {"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": True}, True),
    ("bool json false", {"Bool": {"aws:SecureTransport": False}}, {"aws:SecureTransport": "false"}, True),
    ("bool differs", {"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": False}, False),
    ("binary", {"BinaryEquals": {"k": "QmluYXJ5"}}, {"k": "QmluYXJ5"}, True),
    # addresses
    ("ip in block", {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, {"aws:SourceIp": "203.0.113.7"}, True),
    ("ip outside", {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, {"aws:SourceIp": "198.51.100.7"}, False),
    ("ip single", {"IpAddress": {"aws:SourceIp": "203.0.113.7"}}, {"aws:SourceIp": "203.0.113.7"}, True),
    ("ipv6", {"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}, {"aws:SourceIp": "2001:db8::1"}, True),
    ("ip versions differ", {"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}, {"aws:SourceIp": "10.0.0.1"}, False),
    ("not ip", {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {"aws:SourceIp": "11.0.0.1"}, True),
    # ARNs: each of the six parts on its own
    (
        "arn like",
        {"ArnLike": {"aws:SourceArn": "arn:aws:ecs:us-east-1:111122223333:*"}},
        {"aws:SourceArn": "arn:aws:ecs:us-east-1:111122223333:task/c/1"},
        True,
    ),
    (
        "arn equals has wildcards",
        {"ArnEquals": {"a": "arn:aws:ecs:*:111122223333:task/*"}},
        {"a": "arn:aws:ecs:eu-west-1:111122223333:task/c/1"},
        True,
    ),
    (
        "arn wildcard stays in its part",
        {"ArnLike": {"a": "arn:aws:ecs:*:task/x"}},
        {"a": "arn:aws:ecs:us-east-1:111122223333:task/x"},
        None,
    ),
    (
        "arn region wildcard does not eat the account",
        {"ArnLike": {"a": "arn:aws:ecs:*:task/x:y"}},
        {"a": "arn:aws:ecs:us-east-1:111122223333:task/x"},
        False,
    ),
    (
        "arn other account",
        {"ArnLike": {"a": "arn:aws:ecs:*:111122223333:*"}},
        {"a": "arn:aws:ecs:us-east-1:444455556666:task/c/1"},
        False,
    ),
    (
        "arn not like",
        {"ArnNotLike": {"a": "arn:aws:ecs:*:111122223333:*"}},
        {"a": "arn:aws:ecs:us-east-1:444455556666:task/c/1"},
        True,
    ),
    ("arn not equals", {"ArnNotEquals": {"a": "arn:aws:s3:::b"}}, {"a": "arn:aws:s3:::b"}, False),
    (
        "arn resource part keeps colons",
        {"ArnLike": {"a": "arn:aws:logs:*:*:log-group:g:*"}},
        {"a": "arn:aws:logs:r:1:log-group:g:log-stream:s"},
        True,
    ),
    ("request value that is no ARN", {"ArnLike": {"a": "arn:aws:s3:::*"}}, {"a": "bucket"}, False),
    # IfExists on a present key behaves as the operator
    ("if exists, present", {"StringEqualsIfExists": {"k": "a"}}, {"k": "b"}, False),
    # set operators
    ("for any value", {"ForAnyValue:StringEquals": {"aws:TagKeys": ("a", "b")}}, {"aws:TagKeys": ("x", "b")}, True),
    (
        "for any value, none",
        {"ForAnyValue:StringEquals": {"aws:TagKeys": ("a", "b")}},
        {"aws:TagKeys": ("x", "y")},
        False,
    ),
    (
        "for all values",
        {"ForAllValues:StringLike": {"aws:TagKeys": ("team-*", "env")}},
        {"aws:TagKeys": ("team-a", "env")},
        True,
    ),
    (
        "for all values, one out",
        {"ForAllValues:StringEquals": {"aws:TagKeys": ("a", "b")}},
        {"aws:TagKeys": ("a", "c")},
        False,
    ),
    ("for all values of an empty set", {"ForAllValues:StringEquals": {"aws:TagKeys": "a"}}, {"aws:TagKeys": ()}, True),
    ("for any value of an empty set", {"ForAnyValue:StringEquals": {"aws:TagKeys": "a"}}, {"aws:TagKeys": ()}, False),
    (
        "for any value not equals",
        {"ForAnyValue:StringNotEquals": {"aws:TagKeys": "a"}},
        {"aws:TagKeys": ("a", "b")},
        True,
    ),
    (
        "for all values not equals",
        {"ForAllValues:StringNotEquals": {"aws:TagKeys": "a"}},
        {"aws:TagKeys": ("a", "b")},
        False,
    ),
    ("set operator on a single value", {"ForAnyValue:StringEquals": {"k": "a"}}, {"k": "a"}, True),
    # Null tests presence
    ("null true, present", {"Null": {"k": "true"}}, {"k": "x"}, False),
    ("null false, present", {"Null": {"k": "false"}}, {"k": "x"}, True),
    # policy variables in values
    (
        "variable",
        {"StringEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team}"}},
        {"aws:PrincipalTag/team": "a", "aws:ResourceTag/team": "a"},
        True,
    ),
    (
        "variable differs",
        {"StringEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team}"}},
        {"aws:PrincipalTag/team": "a", "aws:ResourceTag/team": "b"},
        False,
    ),
    ("variable in like is literal", {"StringLike": {"k": "x/${v}"}}, {"k": "x/abc", "v": "*"}, False),
    ("variable in like, same text", {"StringLike": {"k": "x/${v}/*"}}, {"k": "x/*/abc", "v": "*"}, True),
    (
        "variable default not taken",
        {"StringEquals": {"k": "${aws:username, 'nobody'}"}},
        {"k": "nobody", "aws:username": "alice"},
        False,
    ),
    ("escape", {"StringEquals": {"k": "a${*}b${?}${$}"}}, {"k": "a*b?$"}, True),
    (
        "variable in an arn",
        {"ArnLike": {"a": "arn:aws:ecs:*:${aws:PrincipalAccount}:*"}},
        {"a": "arn:aws:ecs:r:111122223333:x", "aws:PrincipalAccount": "111122223333"},
        True,
    ),
]


@pytest.mark.parametrize(("condition", "context", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_operator(condition: Condition, context: dict[str, ContextValue], expected: bool | None) -> None:
    assert result(condition, context) is expected
    # A context holding every key reads the same whether or not it is taken to be the whole request.
    assert result(condition, context, strict=True) is expected


STRICT_MISSING: list[tuple[str, bool]] = [
    ("StringEquals", False),
    ("StringLike", False),
    ("NumericLessThan", False),
    ("Bool", False),
    ("ArnLike", False),
    ("IpAddress", False),
    # "If the policy condition requires that the key is not matched ... and the key is not present, the
    # condition is true" (reference_policies_elements_condition_operators.html)
    ("StringNotEquals", True),
    ("StringNotLike", True),
    ("ArnNotLike", True),
    ("NotIpAddress", True),
    ("NumericNotEquals", True),
    ("StringEqualsIfExists", True),
    ("ArnLikeIfExists", True),
    ("ForAllValues:StringEquals", True),
    ("ForAnyValue:StringEquals", False),
]


@pytest.mark.parametrize(("operator", "expected"), STRICT_MISSING)
def test_missing_key_under_the_strict_reading(operator: str, expected: bool) -> None:
    value = "arn:aws:s3:::b" if "Arn" in operator else "10.0.0.0/8" if "Ip" in operator else "1"
    assert result({operator: {"absent:key": value}}, {}, strict=True) is expected


@pytest.mark.parametrize(
    "operator", ["StringEquals", "StringNotLike", "StringEqualsIfExists", "Null", "ForAllValues:StringLike"]
)
def test_missing_key_is_unknown_unless_strict(operator: str) -> None:
    outcome = evaluate_condition({operator: {"aws:SourceVpce": "true"}}, {"other": "x"})
    assert outcome.result is None
    assert outcome.unevaluated == (f"{operator} aws:SourceVpce: the key is not in the context",)


def test_a_default_stands_in_only_for_an_absent_key() -> None:
    """ "Specifying default values" (IAM User Guide, "IAM policy elements: Variables and tags"): the default is used
    when the request has no value for the key. A key the caller did not give may be in the request, with any value:
    only the strict reading says it is absent."""
    condition: Condition = {"StringEquals": {"k": "${aws:username, 'nobody'}"}}
    assert result(condition, {"k": "nobody"}, strict=True) is True
    assert result(condition, {"k": "alice"}, strict=True) is False
    assert result(condition, {"k": "nobody"}) is None
    assert evaluate_condition(condition, {"k": "nobody"}).unevaluated == (
        "StringEquals k: the policy variable ${aws:username} is not in the context",
    )
    # quotes in a default are doubled
    quoted: Condition = {"StringEquals": {"k": "${aws:username, 'it''s'}"}}
    assert result(quoted, {"k": "it's"}, strict=True) is True


def test_an_unknown_variable_cannot_make_a_different_text_match() -> None:
    """Whatever the unknown value, ``prefix/${v}`` never equals a text that does not start with ``prefix/``."""
    assert result({"StringEquals": {"k": "team/${aws:username}"}}, {"k": "other/alice"}) is False
    assert result({"StringNotEquals": {"k": "team/${aws:username}"}}, {"k": "other/alice"}) is True
    assert result({"StringEquals": {"k": "team/${aws:username}"}}, {"k": "team/alice"}) is None
    assert result({"StringEqualsIgnoreCase": {"k": "TEAM/${aws:username}"}}, {"k": "other/alice"}) is False
    assert result({"StringEqualsIgnoreCase": {"k": "TEAM/${aws:username}"}}, {"k": "team/Alice"}) is None
    assert result({"StringLike": {"k": "t*/${aws:username}/x"}}, {"k": "team/a/y"}) is False
    assert result({"ArnLike": {"a": "arn:aws:s3:::${aws:username}/*"}}, {"a": "arn:aws:ecr:::b/x"}) is False
    assert result({"ArnLike": {"a": "arn:aws:s3:::${aws:username}/*"}}, {"a": "arn:aws:s3:::b/x"}) is None


def test_null_under_the_strict_reading() -> None:
    assert result({"Null": {"k": "true"}}, {}, strict=True) is True
    assert result({"Null": {"k": "false"}}, {}, strict=True) is False


def test_a_false_part_decides_despite_unknowns() -> None:
    outcome = evaluate_condition({"StringEquals": {"known": "a", "unknown": "b"}}, {"known": "z"})
    assert outcome.result is False
    assert outcome.unevaluated == ()


def test_a_true_value_decides_an_or_despite_unknowns() -> None:
    condition: Condition = {"StringEquals": {"k": ("${missing}", "a")}}
    assert result(condition, {"k": "a"}) is True
    outcome = evaluate_condition(condition, {"k": "b"})
    assert outcome.result is None
    assert outcome.unevaluated == ("StringEquals k: the policy variable ${missing} is not in the context",)


@pytest.mark.parametrize(
    ("condition", "note"),
    [
        ({"StringFuzzy": {"k": "a"}}, "StringFuzzy: an operator this evaluator does not know"),
        ({"ForAnyValue:Null": {"k": "true"}}, "ForAnyValue:Null: an operator this evaluator does not know"),
        ({"NumericEquals": {"k": "ten"}}, "NumericEquals k: the condition value 'ten' is not a number"),
        (
            {"DateEquals": {"k": "someday"}},
            "DateEquals k: the condition value 'someday' is not a date (ISO 8601 or epoch seconds)",
        ),
        (
            {"IpAddress": {"k": "10.0.0.0/33"}},
            "IpAddress k: the condition value '10.0.0.0/33' is not an IP address or CIDR block",
        ),
        ({"Bool": {"k": "yes"}}, "Bool k: the condition value 'yes' is not a boolean"),
        ({"ArnLike": {"k": "*"}}, "ArnLike k: '*' is not an ARN pattern (it needs six colon-separated parts)"),
        (
            {"StringEquals": {"k": "a"}},
            "StringEquals k: the key has 2 values; a multivalued key needs ForAnyValue: or ForAllValues:",
        ),
        ({"NumericLessThan": {"k": "3"}}, "NumericLessThan k: the context value 'three' is not a number"),
    ],
)
def test_what_cannot_be_read_is_unknown(condition: Condition, note: str) -> None:
    context: dict[str, ContextValue] = {"k": ("a", "b") if "StringEquals" in condition else "three"}
    outcome = evaluate_condition(condition, context, strict_context=True)
    assert outcome.result is None
    assert outcome.unevaluated == (note,)


def test_strict_missing_variable_never_matches() -> None:
    assert result({"StringEquals": {"k": "${aws:username}"}}, {"k": "x"}, strict=True) is False
    assert result({"StringNotEquals": {"k": "${aws:username}"}}, {"k": "x"}, strict=True) is True


def test_variables_can_be_turned_off() -> None:
    condition: Condition = {"StringEquals": {"k": "${v}"}}
    assert evaluate_condition(condition, {"k": "${v}", "v": "x"}, variables=False).result is True
    assert evaluate_condition(condition, {"k": "${v}", "v": "x"}).result is False


def test_a_single_valued_tuple_reads_as_its_value() -> None:
    assert result({"StringEquals": {"k": "a"}}, {"k": ("a",)}) is True


def test_operator_catalog() -> None:
    assert "Null" in OPERATORS
    assert {"StringLike", "ArnNotLike", "NotIpAddress", "DateGreaterThanEquals", "BinaryEquals"} <= OPERATORS
    # every catalogued operator evaluates something (none is left unknown for a plain, readable value)
    for operator in OPERATORS - {"Null"}:
        value = "arn:aws:s3:::b" if "Arn" in operator else "10.0.0.1" if "Ip" in operator else "1"
        value = "true" if operator == "Bool" else value
        assert result({operator: {"k": value}}, {"k": value}) in (True, False), operator
