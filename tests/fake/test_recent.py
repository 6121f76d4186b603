"""FakeBackend.recent(): what the fake saw last (the pytest plugin's report of a failed test)."""

from __future__ import annotations

import pytest

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.recent import KEPT
from ecskit.errors import NotFoundError
from ecskit.models.ecs import CreateServiceRequest, DescribeServicesRequest
from tests.support.fake_ecs import cluster, container, register, run, taskdef


def test_a_new_fake_has_nothing_to_report() -> None:
    recent = FakeBackend().recent()
    assert not recent
    assert recent.format() == "nothing to report"


def test_stopped_tasks_with_their_reasons_and_exit_codes() -> None:
    fake = FakeBackend()
    fake.faults.crash("crashy:1", exit_code=3, after_seconds=10)
    cluster(fake)
    register(fake, "web", 1)
    taskdef(fake, "job", container(image="crashy:1"))
    run(fake, cluster="web", taskDefinition="job")
    fake.advance(120)
    (stopped,) = fake.recent().stopped
    assert stopped.stop_code == "EssentialContainerExited"
    assert stopped.stopped_reason == "Essential container in task exited"
    assert stopped.containers == ("app: exit code 3",)
    assert stopped.task_definition.endswith(":task-definition/job:1")
    text = fake.recent().format()
    assert text.startswith("tasks stopped:\n  2025-01-01 00:0")
    assert "EssentialContainerExited: Essential container in task exited\n      app: exit code 3" in text


def test_service_events_newest_last_across_services() -> None:
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 1)
    taskdef(fake, "app", container())
    for name in ("web", "api"):
        fake.create_service(
            CreateServiceRequest(cluster="web", service_name=name, task_definition="app", desired_count=1)
        )
    fake.advance(300)
    events = fake.recent().service_events
    assert {event.service for event in events} == {"web", "api"}
    assert [event.at for event in events] == sorted(event.at for event in events)
    assert any(event.message == "(service web) has reached a steady state." for event in events)
    assert len(fake.recent(limit=2).service_events) == 2


def test_placement_failures_of_run_task() -> None:
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 1, instance_type="t3.micro")
    taskdef(fake, "big", container(memoryReservation=8192))
    answer = run(fake, cluster="web", taskDefinition="big")
    assert answer.failures
    (failure,) = fake.recent().placement_failures
    assert failure.operation == "RunTask"
    assert failure.reason == answer.failures[0].reason == "RESOURCE:MEMORY"
    assert "placement failures:\n  2025-01-01 00:00:00 us-east-1 RunTask" in fake.recent().format()


def test_refused_calls_in_every_account_and_region() -> None:
    fake = FakeBackend()
    with pytest.raises(NotFoundError):
        fake.describe_services(DescribeServicesRequest(cluster="nowhere", services=("web",)))
    other = fake.scoped(account="444455556666", region="eu-west-1")
    with pytest.raises(NotFoundError):
        other.describe_services(DescribeServicesRequest(cluster="elsewhere", services=("api",)))
    first, second = fake.recent().refusals
    assert (first.operation, first.code, first.region) == ("DescribeServices", "ClusterNotFoundException", "us-east-1")
    assert (second.account, second.region) == ("444455556666", "eu-west-1")
    assert other.recent() == fake.recent()  # every view sees the whole fake


def test_the_journal_keeps_the_last_ones_only() -> None:
    fake = FakeBackend()
    for n in range(KEPT + 5):
        with pytest.raises(NotFoundError):
            fake.describe_services(DescribeServicesRequest(cluster=f"c{n}", services=("web",)))
    assert len(fake.recent(limit=1000).refusals) == KEPT
    last = fake.recent(limit=3).refusals
    assert len(last) == 3
    assert fake.recent(limit=0).refusals == ()


def test_a_refused_call_changes_nothing_but_the_journal() -> None:
    fake = FakeBackend()
    fake.records()  # the account's records made (empty) before the snapshot, as the call would make them
    before = fake.save()
    with pytest.raises(NotFoundError):
        fake.describe_services(DescribeServicesRequest(cluster="nowhere", services=("web",)))
    assert fake.save() == before  # the journal is not part of the fake's state
