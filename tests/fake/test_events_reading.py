"""Reading the fake's events (``fake.events``): in order, filtered, per account and Region; subscribers called as
events are sent, and what happens when one raises; events, rules and deliveries saved with the fake."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.core.clock import EPOCH
from ecskit.images import TestImage, push_image
from ecskit.models.ecs import DescribeTasksRequest, DesiredStatus, ListTasksRequest, StopTaskRequest
from tests.support.fake_ecr import repository
from tests.support.fake_ecs import cluster, register, run, taskdef

QUEUE = "arn:aws:sqs:us-east-1:123456789012:q"


def _busy() -> FakeBackend:
    """A fake that sent ECS and ECR events, in that order, and a custom one."""
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 0)
    run(fake, cluster="web", taskDefinition=taskdef(fake, "app"))
    fake.advance(60)
    repository(fake, "web")
    push_image(fake, TestImage(seed="a"), repository="web", tag="v1")
    fake.client("events").put_events(Entries=[{"Source": "my.app", "DetailType": "Hi", "Detail": "{}"}])
    return fake


def test_events_are_read_in_order_with_filters() -> None:
    fake = _busy()
    everything = fake.events.sent()
    assert [e["source"] for e in everything][-2:] == ["aws.ecr", "my.app"]
    times = [e["time"] for e in everything]
    assert times == sorted(times)
    ids = [e["id"] for e in everything]
    assert len(set(ids)) == len(ids)
    assert {e["source"] for e in fake.events.sent(source="aws.ecs")} == {"aws.ecs"}
    kinds = ("ECS Task State Change", "ECR Image Action")
    assert {e["detail-type"] for e in fake.events.sent(detail_type=kinds)} == set(kinds)
    later = EPOCH + datetime.timedelta(seconds=10)
    assert all(e["time"] >= "2025-01-01T00:00:10Z" for e in fake.events.sent(since=later))
    assert all(e["time"] < "2025-01-01T00:00:10Z" for e in fake.events.sent(until=later))
    assert len(fake.events.sent(since=later)) + len(fake.events.sent(until=later)) == len(everything)
    pattern = {"source": ["aws.ecs"], "detail": {"lastStatus": ["RUNNING"]}}
    (running,) = fake.events.sent(pattern=pattern)
    assert running["detail"]["lastStatus"] == "RUNNING"


def test_what_is_read_is_a_copy() -> None:
    fake = _busy()
    first = fake.events.sent()
    first[0]["detail"]["lastStatus"] = "changed"
    assert fake.events.sent()[0]["detail"] != first[0]["detail"]


def test_events_belong_to_their_account_and_region() -> None:
    fake = FakeBackend()
    west = fake.scoped(region="us-west-2")
    other = fake.scoped(account="444455556666")
    for view in (fake, west, other):
        view.client("events").put_events(Entries=[{"Source": "my.app", "DetailType": view.region, "Detail": "{}"}])
    assert [e["region"] for e in west.events.sent()] == ["us-west-2"]
    assert [e["account"] for e in other.events.sent()] == ["444455556666"]
    assert len(fake.events.sent()) == 1


def test_subscribers_are_called_in_order_as_events_are_sent() -> None:
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 0)
    seen: list[tuple[str, str]] = []
    fake.events.subscribe(
        lambda e: seen.append((e["detail"]["lastStatus"], fake.clock.now().isoformat())),
        source="aws.ecs",
        detail_type="ECS Task State Change",
    )
    run(fake, cluster="web", taskDefinition=taskdef(fake, "app"))
    assert seen == [("PENDING", EPOCH.isoformat())]  # when the call returned
    fake.advance(30)
    statuses = [s for s, _ in seen]
    assert statuses[-1] == "RUNNING"
    assert statuses == [
        e["detail"]["lastStatus"] for e in fake.events.sent(source="aws.ecs", detail_type="ECS Task State Change")
    ]
    activating = next(t for s, t in seen if s == "ACTIVATING")
    assert activating < seen[-1][1]  # each step's events before the next step: at their own virtual time


def test_a_subscriber_may_call_the_fake() -> None:
    """A callback that stops a task as soon as it runs: its call's events go to the subscribers too."""
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 0)
    seen: list[str] = []

    def stop_when_running(event: dict[str, Any]) -> None:
        detail = event["detail"]
        seen.append(f"{detail['lastStatus']}/{detail['desiredStatus']}")
        if detail["lastStatus"] == "RUNNING" and detail["desiredStatus"] == "RUNNING":
            fake.stop_task(StopTaskRequest(cluster="web", task=detail["taskArn"], reason="seen running"))

    fake.events.subscribe(stop_when_running, detail_type="ECS Task State Change")
    run(fake, cluster="web", taskDefinition=taskdef(fake, "app"))
    fake.advance(60)
    assert "RUNNING/STOPPED" in seen
    assert seen[-1] == "STOPPED/STOPPED"
    (arn,) = fake.list_tasks(ListTasksRequest(cluster="web", desired_status=DesiredStatus.STOPPED)).task_arns or ()
    (task,) = fake.describe_tasks(DescribeTasksRequest(cluster="web", tasks=(arn,))).tasks or ()
    assert task.stopped_reason == "seen running"


def test_a_subscriber_that_raises_does_not_break_the_fake() -> None:
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 0)
    calm: list[str] = []

    def fail(event: dict[str, Any]) -> None:
        raise RuntimeError(f"boom at {event['detail']['lastStatus']}")

    fake.events.subscribe(fail, detail_type="ECS Task State Change")
    fake.events.subscribe(lambda e: calm.append(e["detail"]["lastStatus"]), detail_type="ECS Task State Change")
    with pytest.raises(RuntimeError, match="boom at PENDING"):
        run(fake, cluster="web", taskDefinition=taskdef(fake, "app"))
    (arn,) = fake.list_tasks(ListTasksRequest(cluster="web")).task_arns or ()  # the call's effect stands
    with pytest.raises(RuntimeError) as caught:
        fake.advance(30)  # time runs to the end first; then the first error
    assert "more exception(s)" in "".join(getattr(caught.value, "__notes__", []))
    assert fake.clock.now() == EPOCH + datetime.timedelta(seconds=30)
    assert calm[-1] == "RUNNING"  # the other subscriber got every event
    (task,) = fake.describe_tasks(DescribeTasksRequest(cluster="web", tasks=(arn,))).tasks or ()
    assert task.last_status == "RUNNING"


def test_a_cancelled_subscription_takes_no_more_events() -> None:
    fake = FakeBackend()
    seen: list[str] = []
    subscription = fake.events.subscribe(lambda e: seen.append(e["detail-type"]))
    events = fake.client("events")
    events.put_events(Entries=[{"Source": "my.app", "DetailType": "one", "Detail": "{}"}])
    subscription.cancel()
    events.put_events(Entries=[{"Source": "my.app", "DetailType": "two", "Detail": "{}"}])
    assert seen == ["one"]


def test_events_rules_and_deliveries_are_saved_with_the_fake() -> None:
    fake = _busy()
    events = fake.client("events")
    events.put_rule(Name="mine", EventPattern='{"source": ["my.app"]}', Description="d")
    events.put_targets(Rule="mine", Targets=[{"Id": "q", "Arn": QUEUE, "InputPath": "$.detail"}])
    events.put_events(Entries=[{"Source": "my.app", "DetailType": "Hi", "Detail": '{"n": 1}'}])
    run(fake, cluster="web", taskDefinition=taskdef(fake, "app"))  # noted, not yet read: saved as events
    text = fake.save()
    restored = FakeBackend.restore(text)
    assert restored.save() == text
    assert restored.events.sent() == fake.events.sent()
    assert restored.events.delivered(QUEUE) == [{"n": 1}]
    assert restored.client("events").describe_rule(Name="mine")["Description"] == "d"
    restored.client("events").put_events(Entries=[{"Source": "my.app", "DetailType": "Hi", "Detail": '{"n": 2}'}])
    assert restored.events.delivered(QUEUE) == [{"n": 1}, {"n": 2}]
    snapshot = json.loads(text)
    assert any(r["bus"] for r in snapshot["regions"])


def test_event_ids_are_their_own_sequence() -> None:
    """Sending events never changes the ids of tasks: a fake that reads its events makes the same tasks."""
    quiet, loud = FakeBackend(), FakeBackend()
    for fake in (quiet, loud):
        cluster(fake)
        register(fake, "web", 0)
        if fake is loud:
            fake.events.subscribe(lambda e: None)
        run(fake, cluster="web", taskDefinition=taskdef(fake, "app"), count=3)
        fake.advance(30)
    assert (
        quiet.list_tasks(ListTasksRequest(cluster="web")).task_arns
        == loud.list_tasks(ListTasksRequest(cluster="web")).task_arns
    )
    assert [e["id"] for e in quiet.events.sent()] == [e["id"] for e in loud.events.sent()]
