"""Stateful property test of the fake's invariants under random instance registrations, runs, stops, draining,
deregistration, time and save/restore:

* no container instance is over-committed, and its remainingResources are exactly what its live tasks leave;
* no host port is used twice on an instance (nor one the agent reserves);
* no ENI address is given twice in a subnet, and declared subnets' addresses are inside their CIDR;
* the cluster's and instances' pending/running counters match the tasks.
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from ecskit.backends.fake import FakeBackend
from ecskit.errors import InvalidRequestError
from ecskit.models.ecs import (
    ContainerInstanceStatus,
    DeregisterContainerInstanceRequest,
    DescribeClustersRequest,
    DescribeContainerInstancesRequest,
    StopTaskRequest,
    Task,
    UpdateContainerInstancesStateRequest,
)
from tests.support.fake_ecs import awsvpc, cluster, container, describe, detail, fargate_taskdef, register, run, taskdef

DECLARED = "subnet-0000000000000000a"
UNDECLARED = "subnet-1234567f"
#: family -> (cpu, memory) of one task
DEMAND = {"dyn": (128, 128), "host": (256, 256), "vpc": (64, 200), "big": (1024, 3000)}
STRATEGIES: list[list[dict[str, Any]] | None] = [
    None,
    [{"type": "binpack", "field": "memory"}],
    [{"type": "spread", "field": "instanceId"}],
    [{"type": "spread", "field": "attribute:ecs.availability-zone"}, {"type": "binpack", "field": "cpu"}],
    [{"type": "random"}],
]


class FakeCluster(RuleBasedStateMachine):
    """Random operations on one cluster of a fake."""

    def __init__(self) -> None:
        super().__init__()
        self.fake = FakeBackend()
        self.instances: list[str] = []
        self.tasks: list[str] = []
        self.serial = 0

    @initialize()
    def setup(self) -> None:
        cluster(self.fake)
        self.fake.declare_subnet(DECLARED, "10.7.0.0/28", "us-east-1a")
        ports = [{"containerPort": 80}, {"containerPort": 53, "protocol": "udp"}]
        taskdef(self.fake, "dyn", container(cpu=128, memoryReservation=128, portMappings=ports))
        host = [{"containerPort": 8080}]
        taskdef(self.fake, "host", container(cpu=256, memoryReservation=256, portMappings=host), networkMode="host")
        taskdef(self.fake, "vpc", container(cpu=64, memoryReservation=200), networkMode="awsvpc")
        taskdef(self.fake, "big", container(cpu=1024, memoryReservation=3000))
        fargate_taskdef(self.fake, "fg")

    @rule(kind=st.sampled_from(["t3.micro", "t3.medium", "m5.large", "c5.xlarge"]), zone=st.sampled_from("ab"))
    def register_instance(self, kind: str, zone: str) -> None:
        self.serial += 1
        found = register(self.fake, "web", self.serial, kind, f"us-east-1{zone}")
        self.instances.append(found.container_instance_arn or "")

    @rule(
        family=st.sampled_from(sorted(DEMAND)),
        count=st.integers(1, 4),
        strategy=st.sampled_from(STRATEGIES),
        subnets=st.sampled_from([[DECLARED], [UNDECLARED], [DECLARED, UNDECLARED]]),
    )
    def run_tasks(self, family: str, count: int, strategy: list[dict[str, Any]] | None, subnets: list[str]) -> None:
        members: dict[str, Any] = {"cluster": "web", "taskDefinition": family, "count": count}
        if strategy is not None:
            members["placementStrategy"] = strategy
        if family == "vpc":
            members["networkConfiguration"] = awsvpc(*subnets)
        try:
            response = run(self.fake, **members)
        except InvalidRequestError as exc:
            if "No Container Instances" not in exc.message:
                raise
            return
        self.tasks += [t.task_arn or "" for t in response.tasks or ()]
        assert len(response.tasks or ()) <= count

    @rule(count=st.integers(1, 3))
    def run_fargate(self, count: int) -> None:
        response = run(
            self.fake,
            cluster="web",
            taskDefinition="fg",
            launchType="FARGATE",
            count=count,
            networkConfiguration=awsvpc(DECLARED),
        )
        self.tasks += [t.task_arn or "" for t in response.tasks or ()]

    @precondition(lambda self: self.tasks)
    @rule(data=st.data())
    def stop(self, data: st.DataObject) -> None:
        arn = data.draw(st.sampled_from(self.tasks))
        self.fake.stop_task(StopTaskRequest(cluster="web", task=arn, reason="test"))

    @rule(seconds=st.sampled_from([0.0, 0.5, 1.0, 3.0, 7.0, 15.0, 60.0]))
    def advance(self, seconds: float) -> None:
        self.fake.advance(seconds)

    @precondition(lambda self: self.instances)
    @rule(data=st.data(), status=st.sampled_from([ContainerInstanceStatus.DRAINING, ContainerInstanceStatus.ACTIVE]))
    def set_status(self, data: st.DataObject, status: ContainerInstanceStatus) -> None:
        arn = data.draw(st.sampled_from(self.instances))
        self.fake.update_container_instances_state(
            UpdateContainerInstancesStateRequest(cluster="web", container_instances=(arn,), status=status)
        )

    @precondition(lambda self: self.instances)
    @rule(data=st.data())
    def deregister(self, data: st.DataObject) -> None:
        arn = data.draw(st.sampled_from(self.instances))
        self.instances.remove(arn)
        self.fake.deregister_container_instance(
            DeregisterContainerInstanceRequest(cluster="web", container_instance=arn, force=True)
        )

    @rule()
    def save_and_restore(self) -> None:
        text = self.fake.save()
        self.fake = FakeBackend.restore(text)
        assert self.fake.save() == text

    # -- invariants ------------------------------------------------------------------------------------------------

    def _live(self) -> list[Task]:
        known = self.fake.records().tasks
        arns = [a for a in self.tasks if a in known]
        found: list[Task] = []
        for start in range(0, len(arns), 100):
            found += describe(self.fake, "web", *arns[start : start + 100])
        return [t for t in found if t.last_status != "STOPPED"]

    @invariant()
    def instances_are_not_overcommitted(self) -> None:
        if not self.instances:
            return
        live = self._live()
        described = self.fake.describe_container_instances(
            DescribeContainerInstancesRequest(cluster="web", container_instances=tuple(self.instances))
        ).container_instances
        for instance in described or ():
            registered = {r.name: r for r in instance.registered_resources or ()}
            remaining = {r.name: r for r in instance.remaining_resources or ()}
            on = [t for t in live if t.container_instance_arn == instance.container_instance_arn]
            families = [(t.task_definition_arn or "").rsplit("/", 1)[1].split(":")[0] for t in on]
            for n, name in enumerate(("CPU", "MEMORY")):
                used = sum(DEMAND[f][n] for f in families)
                left = remaining[name].integer_value or 0
                assert left >= 0
                assert left == (registered[name].integer_value or 0) - used
            # host ports: never twice on an instance, never one the agent keeps
            bound = Counter(
                (b.protocol, b.host_port) for t in on for c in t.containers or () for b in c.network_bindings or ()
            )
            assert all(n == 1 for n in bound.values()), bound
            reserved = {int(p) for p in registered["PORTS"].string_set_value or ()}
            assert not reserved & {p for (proto, p) in bound if proto == "tcp"}
            assert (instance.running_tasks_count, instance.pending_tasks_count) == (
                sum(t.last_status == "RUNNING" for t in on),
                sum(t.last_status in ("PROVISIONING", "PENDING", "ACTIVATING") for t in on),
            )

    @invariant()
    def eni_addresses_are_unique_per_subnet(self) -> None:
        held = [
            (t.eni.subnet_id, t.eni.address)
            for t in self.fake.records().tasks.values()
            if t.eni is not None and t.last_status != "STOPPED"
        ]
        assert len(held) == len(set(held))
        shown = [(detail(t, "subnetId"), detail(t, "privateIPv4Address")) for t in self._live()]
        shown = [s for s in shown if s[1] is not None]
        assert len(shown) == len(set(shown))
        assert set(shown) <= set(held)
        network = ipaddress.IPv4Network("10.7.0.0/28")
        assert all(ipaddress.IPv4Address(a) in network for s, a in held if s == DECLARED and a)

    @invariant()
    def cluster_counters_match_the_tasks(self) -> None:
        found = (self.fake.describe_clusters(DescribeClustersRequest(clusters=("web",))).clusters or ())[0]
        states = Counter(t.last_status for t in self._live())
        assert found.running_tasks_count == states["RUNNING"]
        assert found.pending_tasks_count == states["PROVISIONING"] + states["PENDING"] + states["ACTIVATING"]
        assert found.registered_container_instances_count == len(self.instances)


TestFakeCluster = FakeCluster.TestCase
