"""The Client facade: validation before calls, pagination, waiters on virtual time."""

from __future__ import annotations

from typing import Any, TypeVar

import pytest

from ecskit import Client, ValidationError, WaiterFailed, WaiterTimeout, from_api
from ecskit.backends.fake import FakeBackend
from ecskit.errors import ConversionError, EcsKitError
from ecskit.models._base import Request
from ecskit.models.ecs import (
    CreateClusterRequest,
    ListClustersRequest,
    ListTasksRequest,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
    StartTaskRequest,
    UpdateServiceRequest,
)
from ecskit.validation import Config, Severity, validate_request
from tests.support.rulecases import fargate_taskdef


def test_validates_before_calling() -> None:
    fake = FakeBackend()
    client = Client(fake)
    bad = from_api(fargate_taskdef(cpu="512", memory="512"), RegisterTaskDefinitionRequest)
    with pytest.raises(ValidationError) as info:
        client.register_task_definition(bad)
    assert "fargate-cpu-memory" in str(info.value)
    assert list(client.task_definition_arns()) == []  # nothing reached the backend
    relaxed = Client(fake, config=Config(disabled=frozenset({"fargate-cpu-memory"})))
    # the fake's own check still applies, with AWS's text
    with pytest.raises(Exception, match="No Fargate configuration exists for given values: 512 CPU, 512 memory"):
        relaxed.register_task_definition(bad)


def test_paginates_everything() -> None:
    client = Client()
    assert isinstance(client.backend, FakeBackend)
    for i in range(250):
        client.backend.create_cluster(CreateClusterRequest(cluster_name=f"c{i:03d}"))
    arns = list(client.cluster_arns())
    assert len(arns) == 250
    assert len(set(arns)) == 250


def test_waiters_advance_virtual_time() -> None:
    fake = FakeBackend()
    client = Client(fake)
    start = fake.clock.now()
    client.wait_until(lambda: (fake.clock.now() - start).total_seconds() >= 60, interval=10)
    assert (fake.clock.now() - start).total_seconds() == 60
    with pytest.raises(WaiterTimeout):
        client.wait_until(lambda: False, timeout=30, interval=10)


def _service_fake() -> FakeBackend:
    from tests.support.fake_ecs import cluster, register

    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 1)
    return fake


def test_wait_services_stable_advances_virtual_time() -> None:
    from ecskit.models.ecs import CreateServiceRequest, DescribeServicesRequest
    from tests.support.fake_ecs import taskdef

    fake = _service_fake()
    client = Client(fake)
    td = taskdef(fake, "app")
    fake.create_service(CreateServiceRequest(cluster="web", service_name="web", task_definition=td, desired_count=2))
    client.wait_services_stable("web", ["web"])
    found = fake.describe_services(DescribeServicesRequest(cluster="web", services=("web",))).services or ()
    assert found[0].running_count == 2
    assert fake.clock.elapsed <= 60
    with pytest.raises(WaiterFailed, match="MISSING"):
        client.wait_services_stable("web", ["ghost"])


def test_wait_services_stable_times_out_and_fails_on_deleted() -> None:
    from ecskit.models.ecs import CreateServiceRequest, DeleteServiceRequest
    from tests.support.fake_ecs import container, taskdef

    fake = _service_fake()
    client = Client(fake)
    td = taskdef(fake, "huge", container(memoryReservation=100000))
    fake.create_service(CreateServiceRequest(cluster="web", service_name="web", task_definition=td, desired_count=1))
    with pytest.raises(WaiterTimeout):
        client.wait_services_stable("web", ["web"], timeout=60)
    fake.delete_service(DeleteServiceRequest(cluster="web", service="web", force=True))
    with pytest.raises(WaiterFailed, match="DRAINING"):
        client.wait_services_stable("web", ["web"])


def test_wait_tasks_running_and_stopped() -> None:
    from ecskit.backends.fake import Faults
    from ecskit.models.ecs import StopTaskRequest
    from tests.support.fake_ecs import cluster, container, register, run, taskdef

    fake = FakeBackend(faults=Faults().fail_pull("nope:1"))
    cluster(fake)
    register(fake, "web", 1)
    client = Client(fake)
    arns = [
        t.task_arn or "" for t in run(fake, cluster="web", taskDefinition=taskdef(fake, "app"), count=2).tasks or ()
    ]
    client.wait_tasks_running("web", arns)
    fake.stop_task(StopTaskRequest(cluster="web", task=arns[0]))
    client.wait_tasks_stopped("web", arns[:1])
    bad = run(fake, cluster="web", taskDefinition=taskdef(fake, "bad", container(image="nope:1"))).tasks or ()
    with pytest.raises(WaiterFailed, match="CannotPullContainerError"):
        client.wait_tasks_running("web", [bad[0].task_arn or ""])
    with pytest.raises(WaiterFailed, match="MISSING"):
        client.wait_tasks_stopped("web", ["0123456789abcdef0123456789abcdef"])


R = TypeVar("R")


class _Recording(FakeBackend):
    """A fake that records every request that reaches it (through ``send``, before the backend's own check)."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[object] = []

    def send(self, request: Request[R]) -> R:
        self.sent.append(request)
        return super().send(request)


@pytest.mark.parametrize(
    ("request_", "found"),
    [
        (RunTaskRequest(cluster="web", task_definition=5), "schema-wrong-type"),  # type: ignore[arg-type]
        (CreateClusterRequest(cluster_name=["web"]), "schema-wrong-type"),  # type: ignore[arg-type]
        (ListClustersRequest(max_results="10"), "schema-wrong-type"),  # type: ignore[arg-type]
        (ListTasksRequest(desired_status="running"), "schema-bad-value"),  # type: ignore[arg-type]
        (UpdateServiceRequest(service="web", desired_count=-1), "svc-desired-count"),
        (StartTaskRequest(task_definition="web", container_instances=()), None),
    ],
    ids=["wrong-type", "list-for-string", "no-rules-but-typed", "enum", "update-rule", "start-task"],
)
def test_every_request_is_checked_before_it_reaches_the_backend(request_: Request[Any], found: str | None) -> None:
    backend = _Recording()
    client = Client(backend)
    report = validate_request(request_)
    if found is None:  # a request the rules find nothing wrong with goes through (and the backend answers)
        assert not report.errors
        with pytest.raises(EcsKitError) as answer:  # the fake has no cluster "default": AWS's answer, not ecskit's
            client.send(request_)
        assert not isinstance(answer.value, ValidationError)
        assert backend.sent == [request_]
        return
    assert found in {f.rule for f in report.errors}
    with pytest.raises(ValidationError) as info:
        client.send(request_)
    assert found in str(info.value)
    assert backend.sent == []  # nothing reached the backend


def test_config_silences_or_downgrades_before_sending() -> None:
    backend = _Recording()
    request = UpdateServiceRequest(cluster="web", service="web", desired_count=-1)
    downgraded = Client(backend, config=Config(severities={"svc-desired-count": Severity.WARNING}))
    with pytest.raises(EcsKitError) as info:  # sent: the backend answers as AWS does (no such cluster)
        downgraded.send(request)
    assert not isinstance(info.value, ValidationError)
    assert backend.sent == [request]
    silenced = Client(backend, config=Config(disabled=frozenset({"schema-wrong-type"})))
    typo = RunTaskRequest(cluster="web", task_definition=5)  # type: ignore[arg-type]
    with pytest.raises(ConversionError):  # the backend's own check of the members still refuses it
        silenced.send(typo)
    assert backend.sent[-1] is typo


def test_validation_off_leaves_the_backend_to_judge() -> None:
    backend = _Recording()
    client = Client(backend, validate=False)
    with pytest.raises(ConversionError) as info:
        client.send(RunTaskRequest(cluster="web", task_definition=5))  # type: ignore[arg-type]
    assert "taskDefinition" in str(info.value)
    assert len(backend.sent) == 1
