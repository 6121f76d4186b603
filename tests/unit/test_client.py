"""The Client facade: validation before calls, pagination, waiters on virtual time."""

from __future__ import annotations

import pytest

from ecskit import Client, ValidationError, WaiterTimeout, from_api
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
    with pytest.raises(Exception, match="No Fargate size"):  # the fake's own check still applies
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
