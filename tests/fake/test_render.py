"""The fake's showings of its records (``api/ecs/render``): what its caches and shortcuts show is what a showing
made afresh from the records shows, for every kind of launch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ecskit import from_api
from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.api.ecs import render
from ecskit.models.ecs import (
    CreateCapacityProviderRequest,
    CreateServiceRequest,
    ListTasksRequest,
    PutClusterCapacityProvidersRequest,
    Task,
)
from tests.support.fake_ecs import awsvpc, cluster, container, describe, fargate_taskdef, register, run, taskdef


def _afresh(fake: FakeBackend, arns: list[str], *, tags: bool = False) -> list[Task]:
    """The tasks shown from their records alone (with their tags, as RunTask shows them, or without, as
    DescribeTasks does unless asked): every showing cached on the records is dropped first."""
    records = fake.records()
    shown = []
    for arn in arns:
        record = records.tasks[arn]
        record.shown = None
        if record.origin is not None:
            record.origin.shown = None
        for state in record.containers:
            state.shown = None
        shown.append(render.task(fake._env(), record, records.tags.get(arn, ()) if tags else ()))
    return shown


def _bridge(fake: FakeBackend) -> dict[str, Any]:
    cluster(fake)
    for n in range(3):
        register(fake, "web", n)
    family = taskdef(fake, "web", container(portMappings=[{"containerPort": 80, "hostPort": 0}]), container("side"))
    return {"taskDefinition": family, "count": 7, "tags": [{"key": "team", "value": "a"}]}


def _awsvpc(fake: FakeBackend) -> dict[str, Any]:
    cluster(fake)
    for n in range(2):
        register(fake, "web", n)
    family = taskdef(fake, "vpc", container(), networkMode="awsvpc")
    return {
        "taskDefinition": family,
        "count": 4,
        "networkConfiguration": awsvpc("subnet-0123456789abcdef0", "subnet-0123456789abcdef1"),
    }


def _fargate(fake: FakeBackend) -> dict[str, Any]:
    cluster(fake)
    return {
        "taskDefinition": fargate_taskdef(fake),
        "count": 5,
        "launchType": "FARGATE",
        "networkConfiguration": awsvpc("subnet-0123456789abcdef0"),
        "enableECSManagedTags": True,
    }


def _waiting(fake: FakeBackend) -> dict[str, Any]:
    """A capacity provider whose group has room for two (and scales out for the rest): the call's tasks are part
    placed, part waiting."""
    group = fake.declare_auto_scaling_group(
        "asg-web", instance_type="m5.large", availability_zones=("us-east-1a",), desired_capacity=1, max_size=4
    )
    fake.create_capacity_provider(
        from_api(
            {
                "name": "cp",
                "autoScalingGroupProvider": {
                    "autoScalingGroupArn": group,
                    "managedScaling": {"status": "ENABLED", "instanceWarmupPeriod": 60},
                },
            },
            CreateCapacityProviderRequest,
        )
    )
    cluster(fake)
    fake.put_cluster_capacity_providers(
        from_api(
            {
                "cluster": "web",
                "capacityProviders": ["cp"],
                "defaultCapacityProviderStrategy": [{"capacityProvider": "cp", "weight": 1}],
            },
            PutClusterCapacityProvidersRequest,
        )
    )
    return {"taskDefinition": taskdef(fake, "big", container(memoryReservation=3000)), "count": 5}


@pytest.mark.parametrize("launch", [_bridge, _awsvpc, _fargate, _waiting], ids=lambda f: f.__name__.strip("_"))
def test_a_launch_shows_its_tasks_as_their_records_do(launch: Callable[[FakeBackend], dict[str, Any]]) -> None:
    fake = FakeBackend()
    members = launch(fake)
    response = run(fake, cluster="web", **members)
    tasks = list(response.tasks or ())
    assert len(tasks) == members["count"]
    arns = [t.task_arn or "" for t in tasks]
    assert len(set(arns)) == len(arns)
    assert tasks == _afresh(fake, arns, tags=True)
    assert describe(fake, "web", *arns) == _afresh(fake, arns)


def test_a_mixed_launch_has_placed_and_waiting_tasks() -> None:
    """What :func:`test_a_launch_shows_its_tasks_as_their_records_do` relies on for its ``waiting`` case."""
    fake = FakeBackend()
    response = run(fake, cluster="web", **_waiting(fake))
    assert {t.last_status for t in response.tasks or ()} == {"PENDING", "PROVISIONING"}


def test_showings_follow_the_records_as_time_passes() -> None:
    fake = FakeBackend()
    members = _bridge(fake)
    arns = [t.task_arn or "" for t in run(fake, cluster="web", **members).tasks or ()]
    for seconds in (1, 5, 30, 120):
        fake.advance(seconds)
        assert describe(fake, "web", *arns) == _afresh(fake, arns)
    assert {t.last_status for t in describe(fake, "web", *arns)} == {"RUNNING"}


def test_tasks_first_shown_long_after_their_launch_show_their_records() -> None:
    """Tasks a service starts are first shown by DescribeTasks, from their launch's first showing (made at any
    state of whichever task was shown first): each still shows its own record."""
    fake = FakeBackend()
    cluster(fake)
    for n in range(2):
        register(fake, "web", n)
    family = taskdef(fake, "web", container(portMappings=[{"containerPort": 80, "hostPort": 0}]))
    fake.create_service(
        CreateServiceRequest(cluster="web", service_name="web", task_definition=family, desired_count=4)
    )
    fake.advance(1)
    arns = list(fake.list_tasks(ListTasksRequest(cluster="web")).task_arns or ())
    assert len(arns) == 4
    assert describe(fake, "web", arns[0]) == _afresh(fake, arns[:1])  # the launch's first showing, at PENDING
    fake.advance(120)  # the others are first shown now, RUNNING, from it
    shown = describe(fake, "web", *arns[1:])
    assert {t.last_status for t in shown} == {"RUNNING"}
    assert shown == _afresh(fake, arns[1:])
