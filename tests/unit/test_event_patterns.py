"""EventBridge event patterns, offline (ecskit.eventbridge.patterns): each documented rule of matching, and the
refusals with the event ruler's reasons and Jackson's locations.

Sources: the Amazon EventBridge user guide ("Event patterns", "Comparison operators for use in event patterns",
"Matching null values and empty strings", "Arrays in event patterns", "Content filtering"), and AWS's event ruler
(https://github.com/aws/event-ruler, JsonRuleCompiler) whose reasons EventBridge answers with; two real answers are
quoted from public issues (cloud-custodian/cloud-custodian#6507, buildkite/docs#896).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecskit.errors import EventPatternError, UsageError
from ecskit.eventbridge import read_pattern

#: The EC2 event of the user guide's "Event patterns" page.
EC2 = {
    "version": "0",
    "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "111122223333",
    "time": "2017-12-22T18:43:48Z",
    "region": "us-west-1",
    "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
    "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated"},
}


def matches(pattern: Any, event: dict[str, Any]) -> bool:
    return read_pattern(pattern).matches(event)


def refusal(pattern: str) -> EventPatternError:
    with pytest.raises(EventPatternError) as caught:
        read_pattern(pattern)
    return caught.value


# -- matching, rule by rule ----------------------------------------------------------------------------------------


def test_the_user_guides_ec2_pattern_matches_its_event() -> None:
    pattern = {"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"]}
    assert matches({**pattern, "detail": {"state": ["terminated"]}}, EC2)
    assert not matches({**pattern, "detail": {"state": ["running"]}}, EC2)
    assert matches({"source": ["aws.ec2", "aws.fargate"]}, EC2)  # a field matches one of its values


def test_every_field_must_match_and_others_are_ignored() -> None:
    assert matches({"source": ["aws.ec2"], "region": ["us-west-1"]}, EC2)
    assert not matches({"source": ["aws.ec2"], "region": ["us-east-1"]}, EC2)
    assert not matches({"detail": {"missing": ["x"]}}, EC2)  # a field the event lacks never matches a value


def test_strings_match_exactly_and_null_is_not_the_empty_string() -> None:
    event = {"detail": {"eventVersion": "", "responseElements": None, "name": "Alice"}}
    assert matches({"detail": {"eventVersion": [""]}}, event)
    assert matches({"detail": {"responseElements": [None]}}, event)
    assert not matches({"detail": {"eventVersion": [None]}}, event)  # "not interchangeable"
    assert not matches({"detail": {"responseElements": [""]}}, event)
    assert not matches({"detail": {"name": ["alice"]}}, event)  # no case folding
    assert not matches({"detail": {"name": ["5"]}}, {"detail": {"name": 5}})  # a string never equals a number


def test_numbers_and_booleans_match_as_values() -> None:
    event = {"detail": {"risk-score": 80, "trigger": {"risk": 8}, "flag": True, "big": 123456789012}}
    assert matches({"detail": {"risk-score": [80], "trigger": {"risk": [8]}}}, event)  # the Macie example
    assert matches({"detail": {"risk-score": [80.0]}}, event)  # the ruler adds numeric equality to each number
    assert matches({"detail": {"flag": [True]}}, event)
    assert not matches({"detail": {"flag": [False]}}, event)
    assert matches({"detail": {"big": [123456789012]}}, event)  # beyond the numeric range: by its text


def test_an_array_matches_when_one_element_does() -> None:
    event = {"resources": ["arn:aws:ec2:r:1:instance/i-1", "arn:aws:ec2:r:1:instance/i-2"], "detail": {"t": [1, 2]}}
    assert matches({"resources": ["arn:aws:ec2:r:1:instance/i-2"]}, event)
    assert matches({"detail": {"t": [{"numeric": [">", 1]}]}}, event)
    assert not matches({"resources": ["arn:aws:ec2:r:1:instance/i-3"]}, event)


def test_objects_in_arrays_match_one_element_as_a_whole() -> None:
    event = {"detail": {"items": [{"a": 1, "b": 2}, {"a": 3, "b": 4}]}}
    assert matches({"detail": {"items": {"a": [1], "b": [2]}}}, event)
    assert not matches({"detail": {"items": {"a": [1], "b": [4]}}}, event)  # the ruler's array consistency


@pytest.mark.parametrize(
    ("expression", "value", "expected"),
    [
        ({"prefix": "2017-10-02"}, "2017-10-02T18:43:48Z", True),
        ({"prefix": "2017-10-03"}, "2017-10-02T18:43:48Z", False),
        ({"prefix": {"equals-ignore-case": "EVENTB"}}, "EventBridge", True),
        ({"suffix": ".png"}, "photo.png", True),
        ({"suffix": ".png"}, "photo.jpg", False),
        ({"suffix": {"equals-ignore-case": "TBRIDGE"}}, "EventBridge", True),
        ({"equals-ignore-case": "alice"}, "ALICE", True),
        ({"equals-ignore-case": "alice"}, "bob", False),
        ({"wildcard": "dir/*.png"}, "dir/a/b.png", True),
        ({"wildcard": "dir/*.png"}, "other/b.png", False),
        ({"wildcard": "a\\*b"}, "a*b", True),
        ({"wildcard": "a\\*b"}, "axb", False),
        ({"exactly": "x"}, "x", True),
        ({"prefix": "1"}, 12, False),  # string operators take string values only
        ({"cidr": "10.0.0.0/24"}, "10.0.0.17", True),
        ({"cidr": "10.0.0.0/24"}, "10.0.1.17", False),
        ({"cidr": "2001:db8::/32"}, "2001:db8::1", True),
    ],
)
def test_string_operators(expression: dict[str, Any], value: Any, expected: bool) -> None:
    assert matches({"f": [expression]}, {"f": value}) is expected


@pytest.mark.parametrize(
    ("expression", "value", "expected"),
    [
        ({"anything-but": "initializing"}, "running", True),
        ({"anything-but": "initializing"}, "initializing", False),
        ({"anything-but": 123}, 124, True),
        ({"anything-but": 123}, 123, False),
        ({"anything-but": ["stopped", "overloaded"]}, "stopped", False),
        ({"anything-but": ["stopped", "overloaded"]}, "running", True),
        ({"anything-but": [100, 200, 300]}, 200, False),
        ({"anything-but": [100, 200, 300]}, 250, True),
        ({"anything-but": {"prefix": "init"}}, "initializing", False),
        ({"anything-but": {"prefix": "init"}}, "running", True),
        ({"anything-but": {"suffix": ".png"}}, "a.png", False),
        ({"anything-but": {"equals-ignore-case": "initializing"}}, "INITIALIZING", False),
        ({"anything-but": {"equals-ignore-case": ["a", "b"]}}, "C", True),
        ({"anything-but": {"wildcard": "*/lib/*"}}, "/usr/lib/x", False),
        ({"anything-but": {"wildcard": "*/lib/*"}}, "/usr/bin/x", True),
    ],
)
def test_anything_but(expression: dict[str, Any], value: Any, expected: bool) -> None:
    assert matches({"f": [expression]}, {"f": value}) is expected
    assert not matches({"f": [expression]}, {"g": value})  # anything-but needs the field


@pytest.mark.parametrize(
    ("numeric", "value", "expected"),
    [
        ([">", 0, "<=", 5], 5, True),
        ([">", 0, "<=", 5], 0, False),
        ([">=", 0, "<", 5], 0, True),
        ([">=", 0, "<", 5], 5, False),
        (["<", 10], 9.999999, True),
        (["=", 3.018e2], 301.8, True),
        (["=", 3.018e2], 301.81, False),
        ([">", 0], "1", False),  # JSON numbers only
        ([">", 0], 6e9, False),  # beyond the ruler's -5e9..5e9
    ],
)
def test_numeric(numeric: list[Any], value: Any, expected: bool) -> None:
    assert matches({"f": [{"numeric": numeric}]}, {"f": value}) is expected


def test_exists() -> None:
    absent = {"detail": {"c-count": [{"exists": False}]}}
    present = {"detail": {"c-count": [{"exists": True}]}}
    assert matches(absent, {"detail": {"state": "x"}})
    assert matches(absent, {"detail": {"c-count": {"c1": 100}}})  # "c-count isn't a leaf node"
    assert not matches(absent, {"detail": {"c-count": 3}})
    assert matches(present, {"detail": {"c-count": None}})  # null is a value
    assert not matches(present, {"detail": {"c-count": []}})  # an empty array has none


def test_or() -> None:
    pattern = {
        "source": ["aws.cloudwatch"],
        "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"], "metricType": ["MetricType"]}],
    }
    assert matches(pattern, {"source": "aws.cloudwatch", "metricName": "CPUUtilization"})
    assert matches(pattern, {"source": "aws.cloudwatch", "namespace": "AWS/EC2", "metricType": "MetricType"})
    assert not matches(pattern, {"source": "aws.cloudwatch", "namespace": "AWS/EC2"})
    assert not matches(pattern, {"source": "aws.ec2", "metricName": "CPUUtilization"})
    nested = {"detail": {"$or": [{"c": [{"numeric": [">", 0]}]}, {"d": [{"numeric": ["<", 10]}]}]}}
    assert matches(nested, {"detail": {"d": 3}})
    assert not matches(nested, {"detail": {"c": 0, "d": 11}})


# -- refusals -----------------------------------------------------------------------------------------------------


def test_refusals_quoted_from_aws_answers() -> None:
    """cloud-custodian/cloud-custodian#6507 and buildkite/docs#896 quote EventBridge's answers word for word."""
    text = '{"source": ["aws.health"], "detail": {}}'
    assert str(refusal(text)) == (
        "Event pattern is not valid. Reason: Empty objects are not allowed\n"
        f' at [Source: (String)"{text}"; line: 1, column: 40]'
    )
    multiline = (
        "{\n"
        '  "detail-type": [ "Build Started", "Build Finished" ],\n'
        '  "detail": {\n'
        '    "pipeline": {\n'
        '      "slug": "some-pipeline"\n'
        "    }\n"
        "  }\n"
        "}"
    )
    found = refusal(multiline)
    assert found.reason == '"slug" must be an object or an array'
    assert (found.line, found.column) == (5, 16)


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("[1]", "Filter is not an object"),
        ("{}", "Empty objects are not allowed"),
        ('{"a": []}', "Empty arrays are not allowed"),
        ('{"a": "x"}', '"a" must be an object or an array'),
        ('{"a": [[1]]}', "Match value must be String, number, true, false, or null"),
        ('{"a": [{}]}', "Match expression name not found"),
        ('{"a": [{"prefixx": "x"}]}', "Unrecognized match type prefixx"),
        ('{"a": [{"prefix": 1}]}', "prefix match pattern must be a string"),
        ('{"a": [{"suffix": ["x"]}]}', "suffix match pattern must be a string"),
        ('{"a": [{"prefix": "x", "suffix": "y"}]}', "Only one key allowed in match expression"),
        ('{"a": [{"numeric": 5}]}', "Value of numeric must be an array."),
        ('{"a": [{"numeric": ["!", 5]}]}', "Unrecognized numeric range operator: !"),
        ('{"a": [{"numeric": [">", "x"]}]}', "Value of > must be numeric"),
        ('{"a": [{"numeric": [">", 5, "<", 1]}]}', "Bottom must be less than top"),
        ('{"a": [{"numeric": [">", 1, ">", 5]}]}', "Bad numeric range operator: >"),
        ('{"a": [{"numeric": ["<", 1, ">", 5]}]}', "Too many elements in numeric expression"),
        ('{"a": [{"numeric": [">", 6e9]}]}', "Value must be between -5.0E9 and 5.0E9, inclusive"),
        ('{"a": [{"exists": "yes"}]}', "exists match pattern must be either true or false."),
        ('{"a": [{"anything-but": true}]}', "Value of anything-but must be an array or single string/number value."),
        (
            '{"a": [{"anything-but": [1, "x"]}]}',
            "Inside anything but list, either all values are number or string, mixed type is not supported",
        ),
        ('{"a": [{"anything-but": {"prefix": ""}}]}', "Null prefix/suffix not allowed"),
        ('{"a": [{"anything-but": {"exists": true}}]}', "Unsupported anything-but pattern: exists"),
        ('{"a": [{"wildcard": "a**b"}]}', "Consecutive wildcard characters at pos 1"),
        ('{"a": [{"wildcard": "a\\\\b"}]}', "Invalid escape character at pos 1"),
        ('{"a": [{"cidr": "10.0.0.0"}]}', "Malformed CIDR, one '/' required"),
        ('{"a": [{"cidr": "10.0.0.0/33"}]}', "IPv4 mask bits must be < 32"),
        ('{"$or": [{"a": ["x"]}]}', "There must have at least 2 Objects in $or relationship."),
        ('{"$or": {"a": ["x"]}}', "It must be an Array followed with $or."),
        ('{"$or": [{"a": ["x"]}, ["y"]]}', "Only JSON object is allowed in array of $or relationship."),
        (
            '{"$or": [{"prefix": ["x"]}, {"b": ["y"]}]}',
            "prefix is Ruler reserved fieldName which cannot be used inside $or.",
        ),
    ],
)
def test_refusals_give_the_rulers_reason(pattern: str, reason: str) -> None:
    found = refusal(pattern)
    assert found.reason == reason
    assert str(found).startswith(f"Event pattern is not valid. Reason: {reason}")
    assert isinstance(found, UsageError)  # and so a ValueError


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("", "Unexpected end-of-input: expected a value"),
        ('{"a" ["x"]}', "Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value"),
        ('{a: ["x"]}', "Unexpected character ('a' (code 97)): was expecting double-quote to start field name"),
        ('{"a": ["x" "y"]}', "Unexpected character ('\"' (code 34)): was expecting comma to separate ARRAY entries"),
        (
            '{"a": [nope]}',
            "Unrecognized token 'nope': was expecting (JSON String, Number, Array, Object or token "
            "'null', 'true' or 'false')",
        ),
    ],
)
def test_text_that_is_not_json_is_refused_in_jacksons_words(pattern: str, reason: str) -> None:
    assert refusal(pattern).reason == reason


def test_a_long_pattern_is_quoted_truncated_as_jackson_quotes_it() -> None:
    text = '{"a": [' + ", ".join(f'"{n:04d}"' for n in range(200)) + "]"  # never closed
    message = str(refusal(text))
    assert f"[truncated {len(text) - 500} chars]" in message


# -- properties ----------------------------------------------------------------------------------------------------

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.text(max_size=8), st.floats(-1e6, 1e6).map(round)
)
_events = st.dictionaries(
    st.text(min_size=1, max_size=5).filter(lambda k: k != "$or"), _scalars, min_size=1, max_size=5
)


@settings(max_examples=60, deadline=None)
@given(_events)
def test_a_pattern_of_an_events_own_values_matches_it(event: dict[str, Any]) -> None:
    pattern = {key: [value] for key, value in event.items()}
    assert read_pattern(json.dumps(pattern)).matches(event)
    anything_but = {key: [{"anything-but": value}] for key, value in event.items() if isinstance(value, str)}
    if anything_but:
        assert not read_pattern(anything_but).matches(event)


@settings(max_examples=60, deadline=None)
@given(st.integers(-1000, 1000), st.integers(-1000, 1000), st.integers(-1000, 1000))
def test_numeric_ranges_agree_with_comparisons(low: int, high: int, value: int) -> None:
    if low >= high:
        return
    pattern = read_pattern({"n": [{"numeric": [">", low, "<=", high]}]})
    assert pattern.matches({"n": value}) is (low < value <= high)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=6), st.text(max_size=6))
def test_prefix_and_suffix_agree_with_str(text: str, affix: str) -> None:
    assert read_pattern({"s": [{"prefix": affix}]}).matches({"s": text}) is text.startswith(affix)
    assert read_pattern({"s": [{"suffix": affix}]}).matches({"s": text}) is text.endswith(affix)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab*", max_size=6), st.text(alphabet="ab", max_size=6))
def test_wildcards_agree_with_fnmatch(wildcard: str, text: str) -> None:
    import fnmatch

    if "**" in wildcard:
        with pytest.raises(EventPatternError):
            read_pattern({"s": [{"wildcard": wildcard}]})
        return
    assert read_pattern({"s": [{"wildcard": wildcard}]}).matches({"s": text}) is fnmatch.fnmatchcase(text, wildcard)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_with_eventbridges_error(text: str) -> None:
    try:
        read_pattern(text)
    except EventPatternError as exc:
        message = str(exc)
    else:
        return
    assert message.startswith("Event pattern is not valid. Reason: ")
