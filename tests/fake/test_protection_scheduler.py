"""FakeBackend: the service scheduler honours task scale-in protection (scale-in and deployments wait for it)."""

from __future__ import annotations

from ecskit import from_api
from ecskit.backends.fake import FakeBackend
from ecskit.models.ecs import (
    CreateServiceRequest,
    DesiredStatus,
    ListTasksRequest,
    UpdateServiceRequest,
    UpdateTaskProtectionRequest,
)
from tests.support.fake_ecs import cluster, describe, register, taskdef


def _running(fake: FakeBackend) -> list[str]:
    arns = fake.list_tasks(ListTasksRequest(cluster="web", desired_status=DesiredStatus.RUNNING)).task_arns or ()
    return sorted(arns)


def _service(desired: int) -> FakeBackend:
    """A fake with a service of ``desired`` tasks, RUNNING."""
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 0)
    td = taskdef(fake, "web")
    doc = {"cluster": "web", "serviceName": "web", "taskDefinition": td, "desiredCount": desired, "launchType": "EC2"}
    fake.create_service(from_api(doc, CreateServiceRequest))
    fake.advance(30)
    return fake


def test_a_protected_task_outlives_scale_in_until_its_protection_ends() -> None:
    fake = _service(2)
    first, _ = _running(fake)
    fake.update_task_protection(
        UpdateTaskProtectionRequest(cluster="web", tasks=(first,), protection_enabled=True, expires_in_minutes=10)
    )
    fake.update_service(UpdateServiceRequest(cluster="web", service="web", desired_count=0))
    fake.advance(60)
    assert _running(fake) == [first]
    assert [t.last_status for t in describe(fake, "web", first)] == ["RUNNING"]
    fake.advance(10 * 60)
    assert _running(fake) == []


def test_turning_protection_off_lets_the_scheduler_act_at_once() -> None:
    fake = _service(1)
    (task,) = _running(fake)
    fake.update_task_protection(UpdateTaskProtectionRequest(cluster="web", tasks=(task,), protection_enabled=True))
    fake.update_service(UpdateServiceRequest(cluster="web", service="web", desired_count=0))
    fake.advance(60)
    assert _running(fake) == [task]
    fake.update_task_protection(UpdateTaskProtectionRequest(cluster="web", tasks=(task,), protection_enabled=False))
    fake.advance(1)
    assert _running(fake) == []
