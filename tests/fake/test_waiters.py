"""boto3's own waiters on the fake's clients wait in virtual time: the acceptors, attempt counts and WaiterError are
botocore's, the delay between attempts moves the fake's clock instead of sleeping. And every backend waits through
its clock: the Client's waiters, and Boto3Backend over a fake's client."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import WaiterError

from ecskit import Client
from ecskit.backends.boto3 import Boto3Backend
from ecskit.backends.fake import FakeBackend, VirtualClock
from ecskit.errors import UsageError
from ecskit.models.ecs import ListClustersRequest
from ecskit.operations import find_operation
from tests.support.fake_ecs import cluster, container, register, taskdef


def _service(fake: FakeBackend, count: int = 2) -> None:
    cluster(fake)
    for n in range(2):
        register(fake, "web", n)
    taskdef(fake, "app", container())
    fake.client("ecs").create_service(
        cluster="web", serviceName="web", taskDefinition="app", desiredCount=count, launchType="EC2"
    )


def test_services_stable_with_boto3_defaults_moves_virtual_time() -> None:
    fake = FakeBackend()
    _service(fake)
    ecs = fake.client("ecs")
    ecs.get_waiter("services_stable").wait(cluster="web", services=["web"])
    assert 0 < fake.clock.elapsed <= 40 * 15  # at most MaxAttempts - 1 delays of 15 s
    assert fake.clock.elapsed % 15 == 0  # whole delays of botocore's waiter model
    found = ecs.describe_services(cluster="web", services=["web"])["services"][0]
    assert found["runningCount"] == 2


def test_a_waiter_that_never_succeeds_fails_after_awss_attempts() -> None:
    fake = FakeBackend()
    _service(fake)
    ecs = fake.client("ecs")
    fake.advance(120)
    arn = ecs.list_tasks(cluster="web")["taskArns"][0]
    with pytest.raises(WaiterError, match="Max attempts exceeded") as info:
        ecs.get_waiter("tasks_stopped").wait(cluster="web", tasks=[arn])  # a service task never stops by itself
    last: Any = info.value.last_response
    assert last["tasks"][0]["lastStatus"] == "RUNNING"
    assert fake.clock.elapsed == 120 + 99 * 6  # tasks_stopped: 100 attempts, 6 s apart


def test_a_failure_acceptor_ends_the_wait() -> None:
    fake = FakeBackend()
    fake.faults.fail_pull("broken:1")
    cluster(fake)
    register(fake, "web", 1)
    taskdef(fake, "job", container(image="broken:1"))
    ecs = fake.client("ecs")
    arn = ecs.run_task(cluster="web", taskDefinition="job")["tasks"][0]["taskArn"]
    with pytest.raises(WaiterError, match="terminal failure state"):
        ecs.get_waiter("tasks_running").wait(cluster="web", tasks=[arn])
    assert fake.clock.elapsed < 100 * 6


def test_waiter_config_is_honoured_in_virtual_seconds() -> None:
    fake = FakeBackend()
    _service(fake)
    ecs = fake.client("ecs")
    fake.advance(120)
    arn = ecs.list_tasks(cluster="web")["taskArns"][0]
    with pytest.raises(WaiterError):
        ecs.get_waiter("tasks_stopped").wait(cluster="web", tasks=[arn], WaiterConfig={"Delay": 1, "MaxAttempts": 3})
    assert fake.clock.elapsed == 122


def test_services_inactive_after_a_delete() -> None:
    fake = FakeBackend()
    _service(fake)
    ecs = fake.client("ecs")
    ecs.delete_service(cluster="web", service="web", force=True)
    ecs.get_waiter("services_inactive").wait(cluster="web", services=["web"])
    assert ecs.describe_services(cluster="web", services=["web"])["services"][0]["status"] == "INACTIVE"


def test_boto3_backend_over_a_fake_client_waits_on_the_fakes_clock() -> None:
    fake = FakeBackend()
    backend = Boto3Backend(fake.client("ecs"))
    assert backend.clock is fake.clock
    backend.clock.sleep(30)
    assert fake.clock.elapsed == 30
    assert backend.list_clusters(ListClustersRequest()).cluster_arns == ()


def test_client_waiters_wait_through_the_backends_clock() -> None:
    fake = FakeBackend()
    _service(fake)
    client = Client(Boto3Backend(fake.client("ecs")))
    client.wait_services_stable("web", ["web"])
    assert fake.clock.elapsed > 0


def test_a_clock_drives_one_fake() -> None:
    clock = VirtualClock()
    FakeBackend(clock=clock)
    with pytest.raises(UsageError, match="another FakeBackend"):
        FakeBackend(clock=clock)
    with pytest.raises(UsageError, match="negative"):
        clock.sleep(-1)


def test_every_waiter_of_the_fakes_clients_is_virtual(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every waiter botocore has for ECS and ECR runs in virtual time on the fake's clients. Those of operations the
    fake serves are played out (above, or beside their operations); those of operations it does not serve yet end at
    once, with botocore's WaiterError on the fake's InvalidAction answer, and never sleep."""

    def no_real_sleep(seconds: float) -> None:
        assert seconds == 0, f"a waiter slept {seconds} real seconds"

    monkeypatch.setattr("botocore.waiter.time.sleep", no_real_sleep)
    fake = FakeBackend()
    ecs: Any = fake.client("ecs")
    ecr: Any = fake.client("ecr")
    waiters = [(ecs, n) for n in ecs.waiter_names] + [(ecr, n) for n in ecr.waiter_names]
    # lifecycle_policy_preview_complete is played in tests/fake/test_ecr_lifecycle.py, image_scan_complete in
    # tests/fake/test_ecr_scanning.py, the daemon waiters in tests/fake/test_daemons.py
    played = {
        "daemon_active",
        "daemon_deployment_stopped",
        "daemon_deployment_successful",
        "daemon_task_definition_active",
        "daemon_task_definition_deleted",
        "image_scan_complete",
        "services_stable",
        "services_inactive",
        "tasks_running",
        "tasks_stopped",
        "lifecycle_policy_preview_complete",
    }
    assert played <= {n for _, n in waiters}
    assert {"image_scan_complete", "lifecycle_policy_preview_complete"} <= {n for _, n in waiters}
    for client, name in waiters:
        waiter = client.get_waiter(name)
        operation = find_operation(client.meta.service_model.service_name, waiter.config.operation)
        assert operation is not None
        assert fake.serves(operation) == (name in played), name
        if name in played:
            continue
        with pytest.raises(WaiterError, match="InvalidAction"):
            waiter.wait(**_required(client.meta.service_model.operation_model(waiter.config.operation).input_shape))
    assert fake.clock.elapsed == 0  # one attempt each: not even a virtual delay


def _required(shape: Any) -> dict[str, Any]:
    """The smallest input botocore accepts for a shape: each required member, with a value of its type and length."""
    found: dict[str, Any] = {}
    for name in shape.required_members:
        member = shape.members[name]
        if member.type_name == "string":
            found[name] = "x" * max(int(member.metadata.get("min", 1)), 2)
        elif member.type_name == "list":
            found[name] = [_required(member.member) if member.member.type_name == "structure" else "xx"]
        elif member.type_name == "structure":
            found[name] = _required(member)
        else:
            found[name] = 1
    return found
