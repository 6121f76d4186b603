"""ecskit quickstart, on the in-memory fake: build a task definition, start a cluster with three instances, run a
service, scale it, deploy a new revision, and print what happened. Virtual time: nothing sleeps.

Run: ``python examples/quickstart.py``
"""

from __future__ import annotations

import json
import time
from collections import Counter

from ecskit import Client
from ecskit.backends.fake import FakeBackend
from ecskit.models.ecs import (
    ContainerDefinition,
    CreateClusterRequest,
    CreateServiceRequest,
    DescribeServicesRequest,
    DescribeTasksRequest,
    LaunchType,
    ListTasksRequest,
    NetworkMode,
    PortMapping,
    RegisterContainerInstanceRequest,
    RegisterTaskDefinitionRequest,
    Service,
    UpdateServiceRequest,
)

ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")


def task_definition(image: str) -> RegisterTaskDefinitionRequest:
    """A bridge-mode web container with a dynamic host port."""
    return RegisterTaskDefinitionRequest(
        family="web",
        network_mode=NetworkMode.BRIDGE,
        requires_compatibilities=("EC2",),  # type: ignore[arg-type]
        container_definitions=(
            ContainerDefinition(
                name="app",
                image=image,
                essential=True,
                cpu=256,
                memory_reservation=512,
                port_mappings=(PortMapping(container_port=8080, host_port=0),),
            ),
        ),
    )


def identity_document(n: int) -> str:
    """What the ECS agent on EC2 instance ``n`` sends when it registers."""
    return json.dumps(
        {
            "instanceId": f"i-{n:017x}",
            "instanceType": "m5.large",
            "availabilityZone": ZONES[n % 3],
            "region": "us-east-1",
            "imageId": "ami-0123456789abcdef0",
            "privateIp": f"10.0.{n}.10",
        }
    )


def describe(client: Client) -> Service:
    """The service as DescribeServices shows it."""
    found = client.backend.describe_services(DescribeServicesRequest(cluster="demo", services=("web",))).services
    assert found
    return found[0]


def show(client: Client, fake: FakeBackend, title: str) -> None:
    """One line about the service, and where its tasks run."""
    service = describe(client)
    revisions = ((d.status, (d.task_definition or "").rsplit("/", 1)[-1]) for d in service.deployments or ())
    deployments = ", ".join(f"{status} {revision}" for status, revision in revisions)
    tasks = client.backend.list_tasks(ListTasksRequest(cluster="demo", service_name="web")).task_arns or ()
    print(
        f"[t+{fake.clock.elapsed:5.0f}s] {title}: desired {service.desired_count}, running {service.running_count}, "
        f"{len(tasks)} tasks; deployments: {deployments}"
    )


def main() -> None:
    started = time.perf_counter()
    fake = FakeBackend()
    client = Client(fake)
    ecs = client.backend

    ecs.create_cluster(CreateClusterRequest(cluster_name="demo"))
    for n in range(3):
        ecs.register_container_instance(
            RegisterContainerInstanceRequest(cluster="demo", instance_identity_document=identity_document(n))
        )
    v1 = client.register_task_definition(task_definition("nginx:1.27")).task_definition
    assert v1 is not None  # the API always returns it
    print(f"registered {v1.task_definition_arn}")

    ecs.create_service(
        CreateServiceRequest(
            service_name="web",
            cluster="demo",
            task_definition="web:1",
            desired_count=3,
            launch_type=LaunchType.EC2,
        )
    )
    show(client, fake, "created")
    client.wait_services_stable("demo", ["web"])
    show(client, fake, "stable")

    ecs.update_service(UpdateServiceRequest(cluster="demo", service="web", desired_count=6))
    client.wait_services_stable("demo", ["web"])
    show(client, fake, "scaled to 6")

    v2 = client.register_task_definition(task_definition("nginx:1.28")).task_definition
    assert v2 is not None
    ecs.update_service(UpdateServiceRequest(cluster="demo", service="web", task_definition=v2.task_definition_arn))
    fake.advance(5)
    show(client, fake, "deploying revision 2")
    client.wait_services_stable("demo", ["web"])
    show(client, fake, "deployed")

    arns = ecs.list_tasks(ListTasksRequest(cluster="demo", service_name="web")).task_arns or ()
    tasks = ecs.describe_tasks(DescribeTasksRequest(cluster="demo", tasks=arns)).tasks or ()
    zones = Counter(t.availability_zone for t in tasks)
    ports = sorted(b.host_port or 0 for t in tasks for c in t.containers or () for b in c.network_bindings or ())
    print(f"\ntasks per Availability Zone: {dict(sorted(zones.items()))}; dynamic host ports: {ports}")

    print("\nservice events, oldest first:")
    for event in reversed(describe(client).events or ()):
        print(f"  {event.created_at:%H:%M:%S}  {event.message}")
    print(f"\n(all of it in {time.perf_counter() - started:.2f} s of real time)")


if __name__ == "__main__":
    main()
