"""The fake's small EventBridge through ``fake.client("events")``: rules and their patterns, targets and what they
receive, custom events, pattern tests, and the refusals in EventBridge's words (the API reference of each operation;
texts quoted from AWS's answers are cited where used, see ecskit/backends/fake/engine/eventbridge.py)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.engine.bus import emit
from ecskit.backends.fake.engine.eventbridge import MAX_DETAIL_DEPTH
from ecskit.images import TestImage, push_image
from tests.support.fake_ecr import repository

QUEUE = "arn:aws:sqs:us-east-1:123456789012:alerts"
CRITICAL_ONLY = {
    "source": ["aws.ecr"],
    "detail-type": ["ECR Image Scan"],
    "detail": {"finding-severity-counts": {"CRITICAL": [{"numeric": [">", 0]}]}},
}


@pytest.fixture
def fake() -> FakeBackend:
    return FakeBackend()


@pytest.fixture
def events(fake: FakeBackend) -> Any:
    return fake.client("events")


def _error(call: Any, **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call(**params)
    error = caught.value.response["Error"]
    return error["Code"], error["Message"]


def _scan(fake: FakeBackend, counts: dict[str, int]) -> None:
    """An ECR Image Scan event as ECR sends it (the sample of "Amazon ECR events and EventBridge"), sent through the
    engine's seam as the fake's scanning sends it."""
    detail = {
        "scan-status": "COMPLETE",
        "repository-name": "web",
        "finding-severity-counts": counts,
        "image-digest": "sha256:" + "ab" * 32,
        "image-tags": [],
    }
    emit(fake._env(), "aws.ecr", "ECR Image Scan", detail, ["arn:aws:ecr:us-east-1:123456789012:repository/web"])


def test_a_rule_fires_on_a_critical_finding_and_not_on_a_low_one(fake: FakeBackend, events: Any) -> None:
    arn = events.put_rule(Name="critical", EventPattern=json.dumps(CRITICAL_ONLY))["RuleArn"]
    assert arn == "arn:aws:events:us-east-1:123456789012:rule/critical"
    events.put_targets(Rule="critical", Targets=[{"Id": "page", "Arn": QUEUE}])
    _scan(fake, {"LOW": 3})
    _scan(fake, {"CRITICAL": 1, "MEDIUM": 9})
    (received,) = fake.events.delivered(QUEUE)
    assert received["detail"]["finding-severity-counts"] == {"CRITICAL": 1, "MEDIUM": 9}
    assert received["detail-type"] == "ECR Image Scan"
    assert [e["detail"]["finding-severity-counts"] for e in fake.events.sent(detail_type="ECR Image Scan")] == [
        {"LOW": 3},
        {"CRITICAL": 1, "MEDIUM": 9},
    ]


def test_a_rule_meets_the_events_of_its_time_only(fake: FakeBackend, events: Any) -> None:
    repository(fake, "web")
    push_image(fake, TestImage(seed="before"), repository="web", tag="v1")
    events.put_rule(Name="pushes", EventPattern='{"source": ["aws.ecr"], "detail": {"action-type": ["PUSH"]}}')
    events.put_targets(Rule="pushes", Targets=[{"Id": "q", "Arn": QUEUE}])
    push_image(fake, TestImage(seed="after"), repository="web", tag="v2")
    events.disable_rule(Name="pushes")
    push_image(fake, TestImage(seed="disabled"), repository="web", tag="v3")
    events.enable_rule(Name="pushes")
    push_image(fake, TestImage(seed="again"), repository="web", tag="v4")
    assert [e["detail"]["image-tag"] for e in fake.events.delivered(QUEUE)] == ["v2", "v4"]


def test_task_events_reach_rules_when_read(fake: FakeBackend, events: Any) -> None:
    from tests.support.fake_ecs import cluster, register, run, taskdef

    cluster(fake)
    register(fake, "web", 0)
    events.put_rule(
        Name="stopped",
        EventPattern=json.dumps(
            {"source": ["aws.ecs"], "detail-type": ["ECS Task State Change"], "detail": {"lastStatus": ["STOPPED"]}}
        ),
    )
    events.put_targets(Rule="stopped", Targets=[{"Id": "q", "Arn": QUEUE, "InputPath": "$.detail.stoppedReason"}])
    run(fake, cluster="web", taskDefinition=taskdef(fake, "app"))
    from ecskit.models.ecs import ListTasksRequest, StopTaskRequest

    fake.advance(30)
    (arn,) = fake.list_tasks(ListTasksRequest(cluster="web")).task_arns or ()
    fake.stop_task(StopTaskRequest(cluster="web", task=arn, reason="deploying"))
    fake.advance(60)
    assert fake.events.delivered(QUEUE) == ["deploying"]


def test_targets_input_settings(fake: FakeBackend, events: Any) -> None:
    events.put_rule(Name="all", EventPattern='{"source": ["my.app"]}')
    events.put_targets(
        Rule="all",
        Targets=[
            {"Id": "whole", "Arn": "arn:aws:sqs:us-east-1:123456789012:whole"},
            {"Id": "const", "Arn": "arn:aws:sqs:us-east-1:123456789012:const", "Input": '{"fixed": 1}'},
            {"Id": "path", "Arn": "arn:aws:sqs:us-east-1:123456789012:path", "InputPath": "$.detail.order"},
            {
                "Id": "shaped",
                "Arn": "arn:aws:sqs:us-east-1:123456789012:shaped",
                "InputTransformer": {
                    "InputPathsMap": {"order": "$.detail.order", "kind": "$.detail-type"},
                    "InputTemplate": '{"text": "<kind> <order>", "order": <order>, "rule": "<aws.events.rule-name>"}',
                },
            },
        ],
    )
    events.put_events(Entries=[{"Source": "my.app", "DetailType": "Order Placed", "Detail": '{"order": 7}'}])
    got = {name: fake.events.delivered(f"arn:aws:sqs:us-east-1:123456789012:{name}") for name in ("whole", "const")}
    assert got["whole"][0]["detail"] == {"order": 7}
    assert got["whole"][0]["source"] == "my.app"
    assert got["const"] == [{"fixed": 1}]
    assert fake.events.delivered("arn:aws:sqs:us-east-1:123456789012:path") == [7]
    assert fake.events.delivered("arn:aws:sqs:us-east-1:123456789012:shaped") == [
        {"text": "Order Placed 7", "order": 7, "rule": "all"}
    ]


def test_put_events(fake: FakeBackend, events: Any) -> None:
    when = datetime.datetime(2025, 1, 1, 12, tzinfo=datetime.UTC)
    answer = events.put_events(
        Entries=[
            {"Source": "my.app", "DetailType": "Hello", "Detail": '{"a": 1}', "Time": when, "Resources": ["x"]},
            {"Source": "my.app", "DetailType": "", "Detail": "{}"},
            {"Source": "my.app", "DetailType": "Hello", "Detail": "[1]"},
            {"Source": "aws.ecs", "DetailType": "Hello", "Detail": "{}"},
        ]
    )
    assert answer["FailedEntryCount"] == 3
    ok, no_type, not_object, reserved = answer["Entries"]
    assert ok["EventId"] == fake.events.sent(source="my.app")[0]["id"]
    # AWS's answer, quoted in getmoto/moto#7532
    assert no_type == {
        "ErrorCode": "InvalidArgument",
        "ErrorMessage": "Parameter DetailType is not valid. Reason: DetailType is a required argument.",
    }
    assert not_object["ErrorCode"] == "MalformedDetail"
    assert reserved["ErrorCode"] == "NotAuthorizedForSourceException"
    (sent,) = fake.events.sent(source="my.app")
    assert (sent["time"], sent["resources"], sent["detail"]) == ("2025-01-01T12:00:00Z", ["x"], {"a": 1})


def test_a_detail_nested_too_deeply_is_malformed_and_the_fake_still_saves(fake: FakeBackend, events: Any) -> None:
    """Deep details are refused (the fake's limit, MAX_DETAIL_DEPTH) rather than kept where saving or reading
    the events would need more recursion than Python has."""
    deep = '{"a":' * 450 + "1" + "}" * 450
    at_limit = '{"a":' * (MAX_DETAIL_DEPTH - 1) + "[1]" + "}" * (MAX_DETAIL_DEPTH - 1)
    answer = events.put_events(
        Entries=[{"Source": "my.app", "DetailType": "Deep", "Detail": text} for text in (deep, at_limit)]
    )
    assert [e.get("ErrorCode") for e in answer["Entries"]] == ["MalformedDetail", None]
    restored = FakeBackend.restore(fake.save())
    assert [e["detail-type"] for e in restored.events.sent(source="my.app")] == ["Deep"]


def test_describe_list_and_delete_rules(events: Any) -> None:
    events.put_rule(Name="b", EventPattern='{"source": ["x"]}', Description="second", State="DISABLED")
    events.put_rule(Name="a", EventPattern='{"source": ["y"]}')
    described = events.describe_rule(Name="b")
    assert {k: described[k] for k in ("Name", "EventPattern", "State", "Description", "EventBusName", "CreatedBy")} == {
        "Name": "b",
        "EventPattern": '{"source": ["x"]}',
        "State": "DISABLED",
        "Description": "second",
        "EventBusName": "default",
        "CreatedBy": "123456789012",
    }
    assert [r["Name"] for r in events.list_rules()["Rules"]] == ["a", "b"]
    assert [r["Name"] for r in events.list_rules(NamePrefix="b")["Rules"]] == ["b"]
    page = events.list_rules(Limit=1)
    assert [r["Name"] for r in events.list_rules(NextToken=page["NextToken"])["Rules"]] == ["b"]
    events.put_targets(Rule="a", Targets=[{"Id": "t", "Arn": QUEUE}])
    assert events.list_targets_by_rule(Rule="a")["Targets"] == [{"Id": "t", "Arn": QUEUE}]
    assert events.list_rule_names_by_target(TargetArn=QUEUE)["RuleNames"] == ["a"]
    assert _error(events.delete_rule, Name="a") == (
        "ValidationException",
        "Rule can't be deleted since it has targets.",
    )
    removed = events.remove_targets(Rule="a", Ids=["t", "nope"])
    assert removed["FailedEntryCount"] == 1
    assert removed["FailedEntries"][0]["TargetId"] == "nope"
    events.delete_rule(Name="a")
    events.delete_rule(Name="a")  # gone already: nothing to do, as on AWS
    assert [r["Name"] for r in events.list_rules()["Rules"]] == ["b"]


def test_test_event_pattern(events: Any) -> None:
    event = {
        "id": "1",
        "account": "123456789012",
        "source": "aws.ecr",
        "time": "2025-01-01T00:00:00Z",
        "region": "us-east-1",
        "resources": [],
        "detail-type": "ECR Image Scan",
        "detail": {"finding-severity-counts": {"CRITICAL": 2}},
    }
    assert events.test_event_pattern(EventPattern=json.dumps(CRITICAL_ONLY), Event=json.dumps(event))["Result"]
    event["detail"] = {"finding-severity-counts": {"LOW": 2}}
    assert not events.test_event_pattern(EventPattern=json.dumps(CRITICAL_ONLY), Event=json.dumps(event))["Result"]
    code, _ = _error(events.test_event_pattern, EventPattern='{"source": ["x"]}', Event='{"source": "x"}')
    assert code == "InvalidEventPatternException"


def test_refusals(events: Any, fake: FakeBackend) -> None:
    code, message = _error(events.put_rule, Name="r", EventPattern='{"source": ["aws.health"], "detail": {}}')
    assert code == "InvalidEventPatternException"
    assert message.startswith("Event pattern is not valid. Reason: Empty objects are not allowed")
    assert _error(events.put_rule, Name="bad name!", EventPattern='{"source": ["x"]}') == (
        "ValidationException",
        "1 validation error detected: Value 'bad name!' at 'name' failed to satisfy constraint: Member must satisfy "
        "regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    )
    assert _error(events.put_rule, Name="r") == (
        "ValidationException",
        "Parameter(s) EventPattern or ScheduleExpression must be specified.",
    )
    assert _error(events.put_rule, Name="r", ScheduleExpression="rate(5 minutes)")[0] == "ValidationException"
    assert _error(events.describe_rule, Name="nope") == (
        "ResourceNotFoundException",
        "Rule nope does not exist on EventBus default.",
    )
    assert _error(events.put_rule, Name="r", EventPattern='{"source": ["x"]}', EventBusName="custom") == (
        "ResourceNotFoundException",
        "Event bus custom does not exist.",
    )
    events.put_rule(Name="r", EventPattern='{"source": ["x"]}')
    targets = [{"Id": f"t{n}", "Arn": f"{QUEUE}{n}"} for n in range(6)]
    assert _error(events.put_targets, Rule="r", Targets=targets)[0] == "LimitExceededException"
    assert _error(events.put_targets, Rule="r", Targets=[{"Id": "t", "Arn": QUEUE, "Input": "{"}])[0] == (
        "ValidationException"
    )
    assert events.list_targets_by_rule(Rule="r")["Targets"] == []  # a refused call changes nothing
    assert _error(events.list_archives)[0] == "InvalidAction"
    assert fake.events.sent() == []


def test_a_pattern_is_changed_by_put_rule_again(fake: FakeBackend, events: Any) -> None:
    events.put_rule(Name="r", EventPattern='{"source": ["a"]}')
    events.put_targets(Rule="r", Targets=[{"Id": "q", "Arn": QUEUE}])
    events.put_events(Entries=[{"Source": "a", "DetailType": "x", "Detail": "{}"}])
    events.put_rule(Name="r", EventPattern='{"source": ["b"]}')  # its targets stay
    events.put_events(Entries=[{"Source": "a", "DetailType": "x", "Detail": "{}"}])
    events.put_events(Entries=[{"Source": "b", "DetailType": "x", "Detail": "{}"}])
    assert [e["source"] for e in fake.events.delivered(QUEUE)] == ["a", "b"]


def test_rules_are_per_account_and_region(fake: FakeBackend) -> None:
    west = fake.scoped(region="us-west-2")
    west.client("events").put_rule(Name="r", EventPattern='{"source": ["a"]}')
    assert fake.client("events").list_rules()["Rules"] == []
    assert [r["Name"] for r in fake.client("events", region="us-west-2").list_rules()["Rules"]] == ["r"]
