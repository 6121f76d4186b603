"""Client.deploy: what a builder made is created in order, on the fake; on other backends what they cannot model is
refused before anything is sent."""

from __future__ import annotations

import pytest

from ecskit import Client
from ecskit.backends.boto3 import Boto3Backend
from ecskit.backends.fake import FakeBackend
from ecskit.builders import cluster
from ecskit.builders.patterns import LoadBalancedService, load_balanced_service, one_off_task, queue_worker
from ecskit.errors import DeployError
from ecskit.models.ecs import DescribeServicesRequest, LaunchType, ListTaskDefinitionsRequest
from ecskit.models.elbv2 import TargetHealthState

ACCOUNT, REGION = "123456789012", "us-east-1"
SUBNETS = ("subnet-0a1b2c3d4e5f60003", "subnet-0a1b2c3d4e5f60004")


def _web() -> LoadBalancedService:
    return load_balanced_service(
        "web",
        image="nginx:1.27",
        port=80,
        account=ACCOUNT,
        region=REGION,
        vpc_id="vpc-0a1b2c3d4e5f60718",
        public_subnets=("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"),
        private_subnets=SUBNETS,
    )


def test_a_load_balanced_service_runs_on_the_fake_with_healthy_targets() -> None:
    fake = FakeBackend()
    ecs = Client(fake)
    web = _web()
    ecs.deploy(cluster("default").fargate().build())
    service = ecs.deploy(web)
    assert service.load_balancers is not None
    assert service.load_balancers[0].target_group_arn == web.target_group.target_group_arn
    fake.advance(300)
    states = [t.target_health.state for t in fake.describe_target_health(web.target_group.target_group_arn or "")]
    assert states == [TargetHealthState.HEALTHY] * 2


def test_load_balancers_are_not_created_through_boto3() -> None:
    fake = FakeBackend()
    ecs = Client(Boto3Backend(fake.client("ecs")))
    web = _web()
    with pytest.raises(DeployError, match="infrastructure tool"):
        ecs.deploy(web)
    assert not fake.list_task_definitions(ListTaskDefinitionsRequest()).task_definition_arns  # nothing was sent


def test_a_spot_queue_worker_and_its_cluster() -> None:
    ecs = Client()
    made = ecs.deploy(cluster("jobs").fargate(spot=True).build())
    assert set(made.capacity_providers or ()) == {"FARGATE", "FARGATE_SPOT"}
    worker = queue_worker(
        "worker", image="busybox:1.36", account=ACCOUNT, region=REGION, cluster="jobs", subnets=SUBNETS
    )
    service = ecs.deploy(worker)
    ecs.wait_services_stable("jobs", ["worker"])
    described = ecs.backend.describe_services(DescribeServicesRequest(cluster="jobs", services=("worker",)))
    (found,) = described.services or ()
    assert found.running_count == found.desired_count == service.desired_count
    assert {i.capacity_provider for i in found.capacity_provider_strategy or ()} >= {"FARGATE_SPOT"}


def test_a_one_off_task_runs() -> None:
    ecs = Client()
    ecs.deploy(cluster("default").build())
    job = one_off_task(
        "migrate",
        image="busybox:1.36",
        account=ACCOUNT,
        region=REGION,
        command=("sh", "-c", "echo migrated"),
        subnets=SUBNETS,
        launch_type=LaunchType.FARGATE,
    )
    started = ecs.deploy(job)
    assert [t.last_status for t in started.tasks or ()] == ["PROVISIONING"]
    ecs.wait_tasks_running("default", [t.task_arn or "" for t in started.tasks or ()])
