"""Event patterns and events with numbers no double holds, numbers of thousands of digits and nesting beyond
Python's stack: EventBridge's refusal (EventPatternError) or a match, never OverflowError, ValueError or
RecursionError. The fake's EventBridge refuses such JSON text with its errors, as for any text that is not JSON."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from ecskit.backends.fake import FakeBackend
from ecskit.errors import EventPatternError
from ecskit.eventbridge import read_pattern

DEEP_PATTERN = '{"a":' * 2000 + '["x"]' + "}" * 2000


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"a": [1' + "0" * 5000 + "]}", "Number value length (5001) exceeds the maximum allowed"),
        ('{"a": [{"numeric": [">", 1' + "0" * 400 + "]}]}", "Value must be between -5.0E9 and 5.0E9, inclusive"),
        (DEEP_PATTERN, "The pattern is nested too deeply"),
    ],
    ids=["5001 digits", "beyond a double", "deep"],
)
def test_hostile_patterns_are_refused(text: str, reason: str) -> None:
    with pytest.raises(EventPatternError) as info:
        read_pattern(text)
    assert info.value.reason == reason


def test_a_number_beyond_a_double_in_a_pattern_is_an_exact_literal() -> None:
    big = 10**400
    pattern = read_pattern(f'{{"a": [{big}]}}')
    assert pattern.matches({"a": big})
    assert not pattern.matches({"a": 1})


@pytest.mark.parametrize(
    "value",
    [10**400, 10**5000, -(10**400), float("inf"), float("nan")],
    ids=["10^400", "10^5000", "-10^400", "inf", "nan"],
)
def test_events_with_numbers_no_double_holds_are_matched_without_error(value: object) -> None:
    numeric = read_pattern('{"a": [{"numeric": [">", 0]}], "b": [5]}')
    assert not numeric.matches({"a": value, "b": 5})
    assert isinstance(read_pattern('{"a": [{"anything-but": [1]}]}').matches({"a": value}), bool)
    assert not read_pattern('{"a": [1]}').matches({"a": value})


def test_the_fakes_eventbridge_refuses_deep_json_text() -> None:
    events = FakeBackend().client("events")
    events.put_rule(Name="r", EventPattern='{"source": ["a"]}')
    deep = "[" * 4000 + "]" * 4000  # within the 8,192 characters of an Input
    with pytest.raises(ClientError, match="Input is not valid JSON text"):
        events.put_targets(
            Rule="r", Targets=[{"Id": "1", "Arn": "arn:aws:sqs:us-east-1:123456789012:q", "Input": deep}]
        )
    answer = events.put_events(Entries=[{"Source": "a", "DetailType": "b", "Detail": deep}])
    assert answer["Entries"][0]["ErrorCode"] == "MalformedDetail"
    with pytest.raises(ClientError) as info:
        events.test_event_pattern(EventPattern='{"source": ["a"]}', Event=deep)
    assert info.value.response["Error"]["Code"] == "InvalidEventPatternException"
    with pytest.raises(ClientError, match="nested too deeply"):
        events.test_event_pattern(EventPattern=DEEP_PATTERN, Event="{}")
