"""The same ECS workflow on moto's in-process mock and on ecskit's fake, side by side in one run.

The workflow: create a cluster, register 5 task definitions, register 20 container instances, run 100 tasks (in
RunTask calls of 10), describe them and stop them, then create a service of 10 tasks, scale it to 20 and describe
it. It runs three ways, each round on a fresh backend:

* ``moto``: boto3 calls under ``moto.mock_aws`` (its EC2 instances are made before the clock starts);
* ``fake via boto3``: the same boto3 calls on ``FakeBackend().client("ecs")``;
* ``fake typed``: the same workflow through ecskit's typed API on a FakeBackend.

Rounds are interleaved and medians printed with the ratios ``moto / fake`` (targets: at least 5x through boto3,
at least 50x through the typed API). As :mod:`timeit` does, each timed round runs with the cyclic garbage
collector off (after a full collection), the same for all three: otherwise a round pays for collecting what
the rounds before it left, and moto's heap (its whole mock of AWS) makes those collections slow for everyone.
The order of the three in a round is shuffled (with a fixed seed), so none always runs right after moto.

Run: ``python benchmarks/fake_vs_moto.py [--rounds N]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

import boto3
from _rounds import Runner, medians

from ecskit import from_api
from ecskit.backends.fake import FakeBackend
from ecskit.models.ecs import (
    CreateClusterRequest,
    CreateServiceRequest,
    DescribeServicesRequest,
    DescribeTasksRequest,
    LaunchType,
    RegisterContainerInstanceRequest,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
    StopTaskRequest,
    UpdateServiceRequest,
)

INSTANCES, FAMILIES, BATCHES, PER_BATCH = 20, 5, 10, 10


def taskdef(n: int) -> dict[str, Any]:
    """A small bridge-mode task definition with a dynamic host port."""
    return {
        "family": f"bench-{n}",
        "networkMode": "bridge",
        "requiresCompatibilities": ["EC2"],
        "containerDefinitions": [
            {
                "name": "app",
                "image": "nginx:1.27",
                "essential": True,
                "cpu": 64,
                "memory": 128,
                "portMappings": [{"containerPort": 80, "hostPort": 0}],
            }
        ],
    }


def identity(instance_id: str) -> str:
    """The identity document the ECS agent sends for an m5.xlarge."""
    return json.dumps(
        {
            "instanceId": instance_id,
            "instanceType": "m5.xlarge",
            "availabilityZone": "us-east-1a",
            "region": "us-east-1",
            "imageId": "ami-0123456789abcdef0",
            "privateIp": "10.0.0.10",
            "accountId": "123456789012",
        }
    )


def boto3_workflow(ecs: Any, instance_ids: list[str]) -> None:
    """The workflow as boto3 calls."""
    ecs.create_cluster(clusterName="bench")
    for n in range(FAMILIES):
        ecs.register_task_definition(**taskdef(n))
    for instance_id in instance_ids:
        ecs.register_container_instance(cluster="bench", instanceIdentityDocument=identity(instance_id))
    for b in range(BATCHES):
        tasks = ecs.run_task(cluster="bench", taskDefinition=f"bench-{b % FAMILIES}", count=PER_BATCH)["tasks"]
        arns = [t["taskArn"] for t in tasks]
        ecs.describe_tasks(cluster="bench", tasks=arns)
        for arn in arns:
            ecs.stop_task(cluster="bench", task=arn, reason="benchmark")
    ecs.create_service(cluster="bench", serviceName="svc", taskDefinition="bench-0", desiredCount=10, launchType="EC2")
    ecs.update_service(cluster="bench", service="svc", desiredCount=20)
    ecs.describe_services(cluster="bench", services=["svc"])


def typed_workflow(fake: FakeBackend, instance_ids: list[str]) -> None:
    """The workflow through ecskit's typed API."""
    fake.create_cluster(CreateClusterRequest(cluster_name="bench"))
    for n in range(FAMILIES):
        fake.register_task_definition(from_api(taskdef(n), RegisterTaskDefinitionRequest))
    for instance_id in instance_ids:
        fake.register_container_instance(
            RegisterContainerInstanceRequest(cluster="bench", instance_identity_document=identity(instance_id))
        )
    for b in range(BATCHES):
        tasks = fake.run_task(RunTaskRequest(cluster="bench", task_definition=f"bench-{b % FAMILIES}", count=PER_BATCH))
        arns = tuple(t.task_arn or "" for t in tasks.tasks or ())
        fake.describe_tasks(DescribeTasksRequest(cluster="bench", tasks=arns))
        for arn in arns:
            fake.stop_task(StopTaskRequest(cluster="bench", task=arn, reason="benchmark"))
    fake.create_service(
        CreateServiceRequest(
            cluster="bench", service_name="svc", task_definition="bench-0", desired_count=10, launch_type=LaunchType.EC2
        )
    )
    fake.update_service(UpdateServiceRequest(cluster="bench", service="svc", desired_count=20))
    fake.describe_services(DescribeServicesRequest(cluster="bench", services=("svc",)))


def fake_ids() -> list[str]:
    """EC2 instance ids for the fake (any well-formed id registers)."""
    return [f"i-{n:017x}" for n in range(INSTANCES)]


def run_moto() -> float:
    """One moto round; EC2 instances are made before timing starts."""
    from moto import mock_aws

    with mock_aws():
        session = boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
        )
        ec2 = session.client("ec2")
        reservation = ec2.run_instances(ImageId="ami-12345678", MinCount=INSTANCES, MaxCount=INSTANCES)
        ids = [i["InstanceId"] for i in reservation["Instances"]]
        ecs = session.client("ecs")
        start = time.perf_counter()
        boto3_workflow(ecs, ids)
        return time.perf_counter() - start


def run_fake_boto3() -> float:
    """One round on the fake through a boto3 client (client creation not timed, as for moto)."""
    ecs = FakeBackend().client("ecs")
    start = time.perf_counter()
    boto3_workflow(ecs, fake_ids())
    return time.perf_counter() - start


def run_fake_typed() -> float:
    """One round on the fake through the typed API."""
    fake = FakeBackend()
    start = time.perf_counter()
    typed_workflow(fake, fake_ids())
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="one ECS workflow on moto and on ecskit's fake")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    runners: dict[str, Runner] = {
        "moto": run_moto,
        "fake via boto3": run_fake_boto3,
        "fake typed": run_fake_typed,
    }
    med = medians(runners, args.rounds, shuffle=True, quiet_gc=True)  # moto leaves a large heap behind
    calls = 1 + FAMILIES + INSTANCES + BATCHES * (2 + PER_BATCH) + 3
    print(f"{calls} ECS calls per workflow ({BATCHES * PER_BATCH} tasks), {args.rounds} interleaved rounds, medians:")
    for name, value in med.items():
        print(f"  {name:15} {value * 1e3:9.1f} ms")
    print(f"moto / fake via boto3: {med['moto'] / med['fake via boto3']:.1f}x (target >= 5)")
    print(f"moto / fake typed:     {med['moto'] / med['fake typed']:.1f}x (target >= 50)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
