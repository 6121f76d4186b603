"""Stateful property test of the service scheduler: whatever the desired counts and however time advances, a
REPLICA service converges to its desired count once it is left alone, and never runs more tasks than its
maximumPercent allows."""

from __future__ import annotations

import math

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from ecskit import from_api
from ecskit.backends.fake import FakeBackend
from ecskit.models.ecs import CreateServiceRequest, DescribeServicesRequest, Service, UpdateServiceRequest
from tests.support.fake_ecs import cluster, container, register, taskdef


class ServiceScaling(RuleBasedStateMachine):
    """Random desired counts, task definition changes and advances of one service."""

    def __init__(self) -> None:
        super().__init__()
        self.fake = FakeBackend()
        self.desired = 0
        self.peak = 0

    @initialize(desired=st.integers(0, 6))
    def create(self, desired: int) -> None:
        cluster(self.fake)
        for n in range(3):
            register(self.fake, "web", n, zone=f"us-east-1{'abc'[n]}")
        td = taskdef(self.fake, "app")
        doc = {"cluster": "web", "serviceName": "web", "taskDefinition": td, "desiredCount": desired}
        self.fake.create_service(from_api(doc, CreateServiceRequest))
        self.desired = self.peak = desired

    def _service(self) -> Service:
        found = self.fake.describe_services(DescribeServicesRequest(cluster="web", services=("web",)))
        return (found.services or ())[0]

    @rule(desired=st.integers(0, 6))
    def scale(self, desired: int) -> None:
        self.fake.update_service(UpdateServiceRequest(cluster="web", service="web", desired_count=desired))
        self.desired = desired
        self.peak = max(self.peak, desired)

    @rule(image=st.sampled_from(["nginx:1", "nginx:2", "nginx:3"]))
    def deploy(self, image: str) -> None:
        td = taskdef(self.fake, "app", container(image=image))
        self.fake.update_service(UpdateServiceRequest(cluster="web", service="web", task_definition=td))

    @rule(seconds=st.floats(0, 40))
    def advance(self, seconds: float) -> None:
        self.fake.advance(seconds)

    @invariant()
    def never_too_many(self) -> None:
        alive = [t for t in self.fake.records().tasks.values() if t.last_status != "STOPPED"]
        assert len(alive) <= max(math.floor(self.peak * 2), self.peak)

    def teardown(self) -> None:
        self.fake.advance(300)
        service = self._service()
        assert service.running_count == self.desired
        assert service.pending_count == 0
        assert len(service.deployments or ()) == 1
        assert (service.deployments or ())[0].rollout_state == "COMPLETED"
        running = [t for t in self.fake.records().tasks.values() if t.last_status == "RUNNING"]
        assert len(running) == self.desired


TestServiceScaling = ServiceScaling.TestCase
