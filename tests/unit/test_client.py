"""The Client facade: validation before calls, pagination, waiters on virtual time."""

from __future__ import annotations

import pytest

from ecskit import Client, ValidationError, WaiterFailed, WaiterTimeout, from_api
from ecskit.backends.fake import FakeBackend
from ecskit.models.ecs import CreateClusterRequest, RegisterTaskDefinitionRequest
from ecskit.validation import Config
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
