"""FakeBackend: tasks over virtual time (lifecycle, placement through RunTask, network modes, faults, save/restore)."""

from __future__ import annotations

import datetime
import ipaddress
import threading
from typing import Any

import pytest

from ecskit.backends.fake import EPOCH, FakeBackend, Faults
from ecskit.backends.fake.engine import lifecycle as lc
from ecskit.errors import InvalidRequestError, NotFoundError
from ecskit.models.ecs import (
    ContainerInstance,
    DeleteClusterRequest,
    DescribeClustersRequest,
    DescribeContainerInstancesRequest,
    DescribeTasksRequest,
    DesiredStatus,
    LaunchType,
    ListTasksRequest,
    StartTaskRequest,
    StopTaskRequest,
    Tag,
    TagResourceRequest,
    Task,
    TaskField,
)
from ecskit.placement import EPHEMERAL_PORTS
from tests.support.fake_ecs import (
    awsvpc,
    cluster,
    container,
    describe,
    detail,
    fargate_taskdef,
    register,
    run,
    taskdef,
)


def _at(seconds: float) -> datetime.datetime:
    return EPOCH + datetime.timedelta(seconds=seconds)


def _fake(faults: Faults | None = None, **cluster_members: Any) -> FakeBackend:
    fake = FakeBackend(faults=faults)
    cluster(fake, **cluster_members)
    return fake


def _one(fake: FakeBackend, **members: object) -> Task:
    response = run(fake, cluster="web", **members)
    assert not response.failures, response.failures
    return (response.tasks or ())[0]


def _status(fake: FakeBackend, task: Task) -> str | None:
    return describe(fake, "web", task.task_arn)[0].last_status


def _instance(fake: FakeBackend, arn: str | None) -> ContainerInstance:
    found = fake.describe_container_instances(
        DescribeContainerInstancesRequest(cluster="web", container_instances=(arn or "",))
    ).container_instances
    assert found
    return found[0]


def _counts(fake: FakeBackend) -> tuple[int | None, int | None]:
    found = (fake.describe_clusters(DescribeClustersRequest(clusters=("web",))).clusters or ())[0]
    return found.pending_tasks_count, found.running_tasks_count


def _memory_left(fake: FakeBackend, arn: str | None) -> int | None:
    return {r.name: r.integer_value for r in _instance(fake, arn).remaining_resources or ()}["MEMORY"]


def test_bridge_task_lifecycle() -> None:
    fake = _fake()
    ci = register(fake, "web", 1)
    td = taskdef(fake, "app", container(portMappings=[{"containerPort": 80}]))
    task = _one(fake, taskDefinition=td, startedBy="me")
    arn = task.task_arn or ""
    assert arn.startswith("arn:aws:ecs:us-east-1:123456789012:task/web/")
    assert len(arn.rsplit("/", 1)[1]) == 32
    assert (task.last_status, task.desired_status, task.launch_type) == ("PENDING", "RUNNING", "EC2")
    assert (task.group, task.started_by, task.created_at) == ("family:app", "me", EPOCH)
    assert task.container_instance_arn == ci.container_instance_arn
    assert task.availability_zone == "us-east-1a"
    assert (task.cpu, task.memory) == ("0", "256")
    assert task.task_definition_arn == "arn:aws:ecs:us-east-1:123456789012:task-definition/app:1"
    assert [(c.name, c.last_status, c.network_bindings) for c in task.containers or ()] == [("app", "PENDING", None)]
    assert (task.containers or ())[0].container_arn.startswith("arn:aws:ecs:us-east-1:123456789012:container/web/")  # type: ignore[union-attr]
    assert _counts(fake) == (1, 0)
    assert _memory_left(fake, ci.container_instance_arn) == 7984 - 256
    seen = []
    for _ in range(12):
        fake.advance(1)
        seen.append(_status(fake, task))
    assert seen[6:11] == ["PENDING", "ACTIVATING", "ACTIVATING", "RUNNING", "RUNNING"]
    running = describe(fake, "web", arn)[0]
    assert running.pull_started_at == EPOCH
    assert running.pull_stopped_at == _at(lc.PULL_SECONDS)
    assert running.started_at == _at(lc.PULL_SECONDS + lc.ACTIVATING_SECONDS)
    assert running.connectivity == "CONNECTED"
    assert (running.version or 0) > (task.version or 0)
    container_ = (running.containers or ())[0]
    assert container_.runtime_id
    assert (container_.image_digest or "").startswith("sha256:")
    binding = (container_.network_bindings or ())[0]
    assert (binding.container_port, binding.bind_ip, binding.protocol) == (80, "0.0.0.0", "tcp")
    assert binding.host_port in EPHEMERAL_PORTS
    assert _counts(fake) == (0, 1)
    assert _instance(fake, ci.container_instance_arn).running_tasks_count == 1


def test_stop_lifecycle_and_release() -> None:
    fake = _fake()
    ci = register(fake, "web", 1)
    task = _one(fake, taskDefinition=taskdef(fake, "app"))
    fake.advance(20)
    stopped = fake.stop_task(StopTaskRequest(cluster="web", task=task.task_arn or "", reason="done")).task
    assert stopped is not None
    assert (stopped.last_status, stopped.desired_status) == ("RUNNING", "STOPPED")
    assert (stopped.stop_code, stopped.stopped_reason, stopped.stopping_at) == ("UserInitiated", "done", _at(20))
    seen = []
    for _ in range(5):
        fake.advance(1)
        seen.append(_status(fake, task))
    assert seen == ["DEACTIVATING", "STOPPING", "STOPPING", "STOPPED", "STOPPED"]
    final = describe(fake, "web", task.task_arn)[0]
    assert final.execution_stopped_at == final.stopped_at == _at(24)
    assert [(c.last_status, c.exit_code) for c in final.containers or ()] == [("STOPPED", 143)]
    assert _memory_left(fake, ci.container_instance_arn) == 7984
    assert _counts(fake) == (0, 0)
    # stopping again changes nothing; the default reason is AWS's
    again = fake.stop_task(StopTaskRequest(cluster="web", task=task.task_arn or "")).task
    assert again is not None
    assert again.stopped_reason == "done"
    other = _one(fake, taskDefinition="app:1")
    assert fake.stop_task(StopTaskRequest(cluster="web", task=other.task_arn or "")).task.stopped_reason == (  # type: ignore[union-attr]
        "Task stopped by user"
    )
    with pytest.raises(InvalidRequestError, match="not found"):
        fake.stop_task(StopTaskRequest(cluster="web", task="0" * 32))
    # stopped tasks are forgotten after an hour
    fake.advance(lc.STOPPED_TASK_RETENTION_SECONDS)
    gone = fake.describe_tasks(DescribeTasksRequest(cluster="web", tasks=(task.task_arn or "",)))
    assert [f.reason for f in gone.failures or ()] == ["MISSING"]


def test_describe_never_moves_a_task() -> None:
    fake = _fake()
    register(fake, "web", 1)
    task = _one(fake, taskDefinition=taskdef(fake, "app"))
    fake.advance(20)
    first = describe(fake, "web", task.task_arn)
    for _ in range(10):
        assert describe(fake, "web", task.task_arn) == first
    assert first[0].last_status == "RUNNING"
    missing = fake.describe_tasks(DescribeTasksRequest(cluster="web", tasks=("f" * 32,)))
    assert [(f.arn, f.reason) for f in missing.failures or ()] == [
        (f"arn:aws:ecs:us-east-1:123456789012:task/web/{'f' * 32}", "MISSING")
    ]
    with pytest.raises(NotFoundError):
        fake.describe_tasks(DescribeTasksRequest(cluster="nope", tasks=("x",)))


def test_awsvpc_on_ec2_gets_an_eni_in_the_instance_zone() -> None:
    fake = _fake()
    fake.declare_subnet("subnet-0000000000000000a", "192.168.42.0/24", "us-east-1a")
    fake.declare_subnet("subnet-0000000000000000b", "192.168.43.0/28", "us-east-1b")
    a = register(fake, "web", 1, "m5.large", "us-east-1a")
    c = register(fake, "web", 2, "m5.large", "us-east-1c")
    td = taskdef(fake, "vpc", container(), networkMode="awsvpc")
    net = awsvpc("subnet-0000000000000000a", "subnet-0000000000000000b")
    response = run(fake, cluster="web", taskDefinition=td, count=3, networkConfiguration=net)
    tasks = response.tasks or ()
    # m5.large has 2 ENI slots; the us-east-1c instance is in no given subnet's zone
    assert [t.container_instance_arn for t in tasks] == [a.container_instance_arn] * 2
    reasons = {f.arn: f.reason for f in response.failures or ()}
    assert reasons == {
        a.container_instance_arn: "RESOURCE:ENI",
        c.container_instance_arn: "MemberOf placement constraint unsatisfied",
    }
    first = tasks[0]
    assert first.last_status == "PROVISIONING"
    assert [(x.type, x.status) for x in first.attachments or ()] == [("ElasticNetworkInterface", "PRECREATED")]
    assert detail(first, "subnetId") == "subnet-0000000000000000a"
    fake.advance(lc.PROVISIONING_SECONDS)
    attached = describe(fake, "web", *(t.task_arn for t in tasks))
    addresses = [detail(t, "privateIPv4Address") for t in attached]
    assert addresses == ["192.168.42.4", "192.168.42.5"]
    assert all((detail(t, "networkInterfaceId") or "").startswith("eni-") for t in attached)
    assert detail(attached[0], "privateDnsName") == "ip-192-168-42-4.ec2.internal"
    assert (attached[0].containers or ())[0].network_interfaces[0].private_ipv4_address == "192.168.42.4"  # type: ignore[index]
    assert attached[0].last_status == "PENDING"
    fake.advance(30)
    assert {_status(fake, t) for t in tasks} == {"RUNNING"}
    assert {(x.status) for t in describe(fake, "web", tasks[0].task_arn) for x in t.attachments or ()} == {"ATTACHED"}
    # stopping: DEPROVISIONING, then the address is free again
    fake.stop_task(StopTaskRequest(cluster="web", task=tasks[0].task_arn or ""))
    fake.advance(lc.STOP_SIGNAL_SECONDS + lc.DEACTIVATING_SECONDS + lc.STOPPING_SECONDS)
    deprovisioning = describe(fake, "web", tasks[0].task_arn)[0]
    assert deprovisioning.last_status == "DEPROVISIONING"
    assert [x.status for x in deprovisioning.attachments or ()] == ["DETACHING"]
    fake.advance(lc.DEPROVISIONING_SECONDS)
    assert [x.status for x in describe(fake, "web", tasks[0].task_arn)[0].attachments or ()] == ["DELETED"]
    again = _one(fake, taskDefinition=td, networkConfiguration=net)
    fake.advance(lc.PROVISIONING_SECONDS)
    assert detail(describe(fake, "web", again.task_arn)[0], "privateIPv4Address") == "192.168.42.4"


def test_undeclared_subnets_and_malformed_ids() -> None:
    fake = _fake()
    register(fake, "web", 1, "m5.xlarge", "us-east-1b")
    td = taskdef(fake, "vpc", container(), networkMode="awsvpc")
    tasks = run(fake, cluster="web", taskDefinition=td, count=3, networkConfiguration=awsvpc("subnet-12345678")).tasks
    fake.advance(10)
    addresses = [detail(t, "privateIPv4Address") for t in describe(fake, "web", *(t.task_arn for t in tasks or ()))]
    assert len(set(addresses)) == 3
    network = ipaddress.IPv4Network(fake.records().subnets["subnet-12345678"].cidr)
    assert network.prefixlen == 24
    assert all(ipaddress.IPv4Address(a) in network for a in addresses if a)
    assert {t.availability_zone for t in tasks or ()} == {"us-east-1b"}
    for bad, message in ((awsvpc("subnet-xyz"), "malformed"), ({"awsvpcConfiguration": {"subnets": []}}, "empty")):
        with pytest.raises(InvalidRequestError, match=message):
            run(fake, cluster="web", taskDefinition=td, networkConfiguration=bad)
    with pytest.raises(InvalidRequestError, match="awsvpc"):
        run(fake, cluster="web", taskDefinition=td)
    with pytest.raises(ValueError, match="/16 to a /28"):
        fake.declare_subnet("subnet-12345678", "10.0.0.0/8", "us-east-1a")


def test_fargate_tasks_need_no_instances() -> None:
    fake = _fake(capacityProviders=["FARGATE", "FARGATE_SPOT"])
    fake.declare_subnet("subnet-0000000000000000a", "10.1.0.0/28", "us-east-1a")
    fake.declare_subnet("subnet-0000000000000000b", "10.2.0.0/28", "us-east-1b")
    td = fargate_taskdef(fake)
    net = awsvpc("subnet-0000000000000000a", "subnet-0000000000000000b")
    tasks = run(fake, cluster="web", taskDefinition=td, launchType="FARGATE", count=4, networkConfiguration=net).tasks
    assert [(t.launch_type, t.capacity_provider_name, t.container_instance_arn) for t in tasks or ()] == [
        ("FARGATE", None, None)
    ] * 4
    assert [t.availability_zone for t in tasks or ()] == ["us-east-1a", "us-east-1b"] * 2
    assert {(t.platform_version, t.platform_family, t.cpu, t.memory) for t in tasks or ()} == {
        ("1.4.0", "Linux", "256", "512")
    }
    assert [(a.name, a.value) for a in (tasks or ())[0].attributes or ()] == [("ecs.cpu-architecture", "x86_64")]
    assert (tasks or ())[0].ephemeral_storage is not None
    fake.advance(lc.FARGATE_PROVISIONING_SECONDS + lc.PULL_SECONDS + lc.ACTIVATING_SECONDS - 0.5)
    assert {_status(fake, t) for t in tasks or ()} == {"ACTIVATING"}
    fake.advance(0.5)
    described = describe(fake, "web", *(t.task_arn for t in tasks or ()))
    assert {t.last_status for t in described} == {"RUNNING"}
    assert [detail(t, "privateIPv4Address") for t in described] == ["10.1.0.4", "10.2.0.4", "10.1.0.5", "10.2.0.5"]
    # a strategy: base 1 on FARGATE, then 1:3 with FARGATE_SPOT
    spot = run(
        fake,
        cluster="web",
        taskDefinition=td,
        count=5,
        networkConfiguration=net,
        capacityProviderStrategy=[
            {"capacityProvider": "FARGATE", "base": 1, "weight": 1},
            {"capacityProvider": "FARGATE_SPOT", "weight": 3},
        ],
    )
    assert [t.capacity_provider_name for t in spot.tasks or ()] == [
        "FARGATE",
        "FARGATE_SPOT",
        "FARGATE_SPOT",
        "FARGATE",
        "FARGATE_SPOT",
    ]
    assert {t.launch_type for t in spot.tasks or ()} == {"FARGATE"}
    with pytest.raises(InvalidRequestError, match="does not support launch_type FARGATE"):
        run(fake, cluster="web", taskDefinition=taskdef(fake, "ec2only"), launchType="FARGATE")
    plain = _fake()
    with pytest.raises(InvalidRequestError, match="not associated"):
        run(
            plain,
            cluster="web",
            taskDefinition=fargate_taskdef(plain),
            networkConfiguration=net,
            capacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1}],
        )


def test_subnet_exhaustion_is_a_failure() -> None:
    fake = _fake()
    fake.declare_subnet("subnet-0000000000000000a", "10.1.0.0/28", "us-east-1a")
    td = fargate_taskdef(fake)
    net = awsvpc("subnet-0000000000000000a")
    first = run(fake, cluster="web", taskDefinition=td, launchType="FARGATE", count=10, networkConfiguration=net)
    second = run(fake, cluster="web", taskDefinition=td, launchType="FARGATE", count=5, networkConfiguration=net)
    assert len(first.tasks or ()) == 10
    assert (len(second.tasks or ()), [f.reason for f in second.failures or ()]) == (1, ["RESOURCE:ENI"] * 4)


def test_placement_strategies_and_constraints() -> None:
    fake = _fake()
    small = register(fake, "web", 1, "m5.large", "us-east-1a")
    big = register(fake, "web", 2, "m5.2xlarge", "us-east-1b")
    td = taskdef(fake, "app", container(memoryReservation=1024))
    packed = run(
        fake, cluster="web", taskDefinition=td, count=4, placementStrategy=[{"type": "binpack", "field": "memory"}]
    )
    assert {t.container_instance_arn for t in packed.tasks or ()} == {small.container_instance_arn}
    spread = run(
        fake,
        cluster="web",
        taskDefinition=td,
        count=4,
        group="spread",
        placementStrategy=[{"type": "spread", "field": "instanceId"}],
    )
    assert [t.container_instance_arn for t in spread.tasks or ()].count(big.container_instance_arn) == 2
    distinct = run(
        fake,
        cluster="web",
        taskDefinition=taskdef(fake, "tiny"),
        count=3,
        group="one-each",
        placementConstraints=[{"type": "distinctInstance"}],
    )
    assert len(distinct.tasks or ()) == 2
    assert {f.reason for f in distinct.failures or ()} == {"DistinctInstance placement constraint unsatisfied"}
    # the task definition's constraints count too
    pinned = taskdef(
        fake,
        "pinned",
        container(),
        placementConstraints=[{"type": "memberOf", "expression": "attribute:ecs.instance-type == m5.2xlarge"}],
    )
    assert {t.container_instance_arn for t in run(fake, cluster="web", taskDefinition=pinned, count=3).tasks or ()} == {
        big.container_instance_arn
    }
    huge = run(fake, cluster="web", taskDefinition=taskdef(fake, "huge", container(memoryReservation=100000)))
    assert huge.tasks == ()
    assert {f.reason for f in huge.failures or ()} == {"RESOURCE:MEMORY"}
    assert {f.arn for f in huge.failures or ()} == {small.container_instance_arn, big.container_instance_arn}
    cpu = run(fake, cluster="web", taskDefinition=taskdef(fake, "cpu", container(cpu=100000)))
    assert {f.reason for f in cpu.failures or ()} == {"RESOURCE:CPU"}
    with pytest.raises(InvalidRequestError):
        run(
            fake, cluster="web", taskDefinition=td, placementConstraints=[{"type": "memberOf", "expression": "nope =="}]
        )
    fresh = _fake()
    fresh_td = taskdef(fresh, "app")
    with pytest.raises(InvalidRequestError, match="No Container Instances"):
        run(fresh, cluster="web", taskDefinition=fresh_td)


def test_bridge_dynamic_ports_never_collide() -> None:
    fake = _fake()
    ci = register(fake, "web", 1, "m5.24xlarge")
    td = taskdef(
        fake, "ports", container(memoryReservation=16, portMappings=[{"containerPort": 80}, {"containerPort": 81}])
    )
    arns: list[str] = []
    for _ in range(20):
        arns += [t.task_arn or "" for t in run(fake, cluster="web", taskDefinition=td, count=10).tasks or ()]
    fake.advance(20)
    for arn in arns[::3]:
        fake.stop_task(StopTaskRequest(cluster="web", task=arn))
    fake.advance(20)
    arns += [t.task_arn or "" for t in run(fake, cluster="web", taskDefinition=td, count=10).tasks or ()]
    fake.advance(20)
    live = [t for t in describe_all(fake, arns) if t.last_status == "RUNNING"]
    ports = [b.host_port for t in live for c in t.containers or () for b in c.network_bindings or ()]
    assert len(ports) == 2 * len(live) == len(set(ports))
    assert all(p in EPHEMERAL_PORTS for p in ports)
    held = {r.name: r.string_set_value for r in _instance(fake, ci.container_instance_arn).remaining_resources or ()}
    assert set(held["PORTS"] or ()) == {str(p) for p in ports} | {"22", "2375", "2376", "51678", "51679"}


def describe_all(fake: FakeBackend, arns: list[str]) -> list[Task]:
    """DescribeTasks in pages of 100."""
    found: list[Task] = []
    for start in range(0, len(arns), 100):
        found += describe(fake, "web", *arns[start : start + 100])
    return found


def test_host_mode_port_conflicts() -> None:
    fake = _fake()
    ci = register(fake, "web", 1)
    td = taskdef(fake, "host", container(portMappings=[{"containerPort": 8080}]), networkMode="host")
    response = run(fake, cluster="web", taskDefinition=td, count=2)
    assert len(response.tasks or ()) == 1
    assert [(f.arn, f.reason) for f in response.failures or ()] == [(ci.container_instance_arn, "RESOURCE:PORTS")]
    fake.advance(20)
    binding = (describe(fake, "web", (response.tasks or ())[0].task_arn)[0].containers or ())[0].network_bindings
    assert [(b.container_port, b.host_port) for b in binding or ()] == [(8080, 8080)]
    # a port the agent reserves is taken too; none-mode tasks take no port
    ssh = taskdef(fake, "ssh", container(portMappings=[{"containerPort": 22}]), networkMode="host")
    assert [f.reason for f in run(fake, cluster="web", taskDefinition=ssh).failures or ()] == ["RESOURCE:PORTS"]
    none = taskdef(fake, "none", container(), networkMode="none")
    fake.advance(0)
    quiet = _one(fake, taskDefinition=none)
    fake.advance(20)
    assert (describe(fake, "web", quiet.task_arn)[0].containers or ())[0].network_bindings is None


def test_container_dependencies_start_in_order() -> None:
    fake = _fake()
    register(fake, "web", 1)
    td = taskdef(
        fake,
        "deps",
        container("init", "busybox:1", essential=False),
        container(
            "app",
            dependsOn=[{"containerName": "init", "condition": "SUCCESS"}],
            healthCheck={"command": ["CMD", "true"], "interval": 10},
        ),
        container("proxy", "envoy:1", dependsOn=[{"containerName": "app", "condition": "HEALTHY"}]),
    )
    task = _one(fake, taskDefinition=td)

    def states() -> list[tuple[str | None, str | None, int | None]]:
        found = describe(fake, "web", task.task_arn)[0]
        return [(c.name, c.last_status, c.exit_code) for c in found.containers or ()]

    fake.advance(lc.PULL_SECONDS)
    assert states() == [("init", "RUNNING", None), ("app", "PENDING", None), ("proxy", "PENDING", None)]
    fake.advance(lc.INIT_CONTAINER_SECONDS + lc.CONTAINER_START_SECONDS)
    assert states() == [("init", "STOPPED", 0), ("app", "RUNNING", None), ("proxy", "PENDING", None)]
    fake.advance(10)  # app turns HEALTHY
    assert describe(fake, "web", task.task_arn)[0].health_status == "HEALTHY"
    fake.advance(lc.CONTAINER_START_SECONDS)
    assert states() == [("init", "STOPPED", 0), ("app", "RUNNING", None), ("proxy", "RUNNING", None)]
    assert _status(fake, task) == "ACTIVATING"
    fake.advance(lc.ACTIVATING_SECONDS)
    assert _status(fake, task) == "RUNNING"


def test_init_container_failure_stops_the_task() -> None:
    fake = _fake(faults=Faults().crash("busybox:1", exit_code=2, after_seconds=1))
    register(fake, "web", 1)
    td = taskdef(
        fake,
        "deps",
        container("init", "busybox:1", essential=False),
        container("app", dependsOn=[{"containerName": "init", "condition": "SUCCESS"}]),
    )
    task = _one(fake, taskDefinition=td)
    fake.advance(30)
    final = describe(fake, "web", task.task_arn)[0]
    assert (final.last_status, final.stop_code) == ("STOPPED", "TaskFailedToStart")
    assert [(c.name, c.exit_code) for c in final.containers or ()] == [("init", 2), ("app", None)]


def test_essential_container_exit_stops_the_task() -> None:
    fake = _fake(faults=Faults().crash("worker:1", exit_code=3, after_seconds=20))
    fake.faults.crash("sidecar:1", exit_code=0, after_seconds=5)
    register(fake, "web", 1)
    td = taskdef(fake, "w", container("main", "worker:1"), container("side", "sidecar:1", essential=False))
    task = _one(fake, taskDefinition=td)
    fake.advance(lc.PULL_SECONDS + 10)
    running = describe(fake, "web", task.task_arn)[0]
    assert running.last_status == "RUNNING"
    assert [(c.name, c.last_status, c.exit_code) for c in running.containers or ()] == [
        ("main", "RUNNING", None),
        ("side", "STOPPED", 0),
    ]
    fake.advance(10)
    stopping = describe(fake, "web", task.task_arn)[0]
    assert (stopping.desired_status, stopping.stop_code) == ("STOPPED", "EssentialContainerExited")
    assert stopping.stopped_reason == "Essential container in task exited"
    assert stopping.stopping_at == _at(lc.PULL_SECONDS + 20)
    fake.advance(10)
    final = describe(fake, "web", task.task_arn)[0]
    assert final.last_status == "STOPPED"
    assert [(c.last_status, c.exit_code) for c in final.containers or ()] == [("STOPPED", 3), ("STOPPED", 0)]


def test_crash_loops_and_recovery() -> None:
    fake = _fake(faults=Faults().crash("flaky:1", exit_code=1, after_seconds=2, times=2))
    register(fake, "web", 1)
    td = taskdef(fake, "flaky", container(image="flaky:1"))
    outcomes = []
    for _ in range(3):
        task = _one(fake, taskDefinition=td)
        fake.advance(40)
        outcomes.append(describe(fake, "web", task.task_arn)[0].stop_code)
    assert outcomes == ["EssentialContainerExited", "EssentialContainerExited", None]
    assert repr(fake.faults) == "Faults(0 rules)"


def test_image_pull_failure() -> None:
    fake = _fake(faults=Faults().fail_pull("nginx:nope"))
    register(fake, "web", 1)
    task = _one(fake, taskDefinition=taskdef(fake, "bad", container(image="nginx:nope")))
    fake.advance(lc.PULL_SECONDS)
    failed = describe(fake, "web", task.task_arn)[0]
    assert (failed.desired_status, failed.stop_code) == ("STOPPED", "TaskFailedToStart")
    reason = (failed.containers or ())[0].reason or ""
    assert reason.startswith("CannotPullContainerError: ")
    assert "nginx:nope" in reason
    assert failed.stopped_reason == reason
    fake.advance(10)
    final = describe(fake, "web", task.task_arn)[0]
    assert (final.last_status, final.started_at) == ("STOPPED", None)
    assert (final.containers or ())[0].exit_code is None


def test_unhealthy_containers() -> None:
    fake = _fake(faults=Faults().unhealthy("api:*"))
    register(fake, "web", 1)
    check = {"command": ["CMD", "true"], "interval": 5, "retries": 2}
    task = _one(fake, taskDefinition=taskdef(fake, "api", container(image="api:3", healthCheck=check)))
    fake.advance(lc.PULL_SECONDS + 10)
    found = describe(fake, "web", task.task_arn)[0]
    assert (found.health_status, (found.containers or ())[0].health_status) == ("UNHEALTHY", "UNHEALTHY")
    assert found.last_status == "RUNNING"  # a standalone task keeps running


def test_list_tasks_filters_and_pagination() -> None:
    fake = _fake()
    a = register(fake, "web", 1)
    register(fake, "web", 2)
    app, job = taskdef(fake, "app"), taskdef(fake, "job")
    first = run(fake, cluster="web", taskDefinition=app, count=3, startedBy="ci").tasks or ()
    second = run(fake, cluster="web", taskDefinition=job, count=2, group="service:api").tasks or ()
    fake.stop_task(StopTaskRequest(cluster="web", task=first[0].task_arn or ""))

    def listed(**members: object) -> tuple[str, ...]:
        return fake.list_tasks(ListTasksRequest(cluster="web", **members)).task_arns or ()  # type: ignore[arg-type]

    arns = [t.task_arn for t in (*first, *second)]
    assert listed() == tuple(arns[1:])
    assert listed(desired_status=DesiredStatus.STOPPED) == (arns[0],)
    assert listed(family="job") == tuple(arns[3:])
    assert listed(started_by="ci") == tuple(arns[1:3])
    assert listed(service_name="api") == tuple(arns[3:])
    assert listed(launch_type=LaunchType.FARGATE) == ()
    on_a = tuple(t.task_arn for t in (*first[1:], *second) if t.container_instance_arn == a.container_instance_arn)
    assert listed(container_instance=(a.container_instance_arn or "").rsplit("/", 1)[1]) == on_a
    assert listed(desired_status=DesiredStatus.PENDING) == ()
    page = fake.list_tasks(ListTasksRequest(cluster="web", max_results=2))
    assert (len(page.task_arns or ()), page.next_token is not None) == (2, True)


def test_run_task_errors() -> None:
    fake = _fake()
    register(fake, "web", 1)
    with pytest.raises(InvalidRequestError, match="TaskDefinition not found"):
        run(fake, cluster="web", taskDefinition="nope:1")
    taskdef(fake, "app")
    for revision in ("\u00b2", "0", "x", "99"):  # "²" passes str.isdigit but not int(): a clean error, no crash
        with pytest.raises(InvalidRequestError, match="TaskDefinition not found"):
            run(fake, cluster="web", taskDefinition=f"app:{revision}")
    with pytest.raises(NotFoundError):
        run(fake, cluster="nope", taskDefinition="nope:1")
    td = taskdef(fake, "app")
    with pytest.raises(InvalidRequestError, match="count"):
        run(fake, cluster="web", taskDefinition=td, count=11)
    with pytest.raises(InvalidRequestError, match="Network Configuration is not valid for the given networkMode"):
        run(fake, cluster="web", taskDefinition=td, networkConfiguration=awsvpc())
    with pytest.raises(InvalidRequestError, match="reserved"):
        run(fake, cluster="web", taskDefinition=td, tags=[{"key": "aws:x", "value": "1"}])
    cluster(fake, "gone")
    fake.delete_cluster(DeleteClusterRequest(cluster="gone"))
    with pytest.raises(InvalidRequestError, match="inactive"):
        run(fake, cluster="gone", taskDefinition=td)
    with pytest.raises(InvalidRequestError, match="MANAGED_INSTANCES"):
        run(fake, cluster="web", taskDefinition=td, launchType="MANAGED_INSTANCES")


def test_tags_of_tasks() -> None:
    fake = _fake()
    register(fake, "web", 1)
    td = taskdef(fake, "app", tags=[{"key": "team", "value": "a"}])
    task = _one(
        fake,
        taskDefinition=td,
        tags=[{"key": "run", "value": "1"}],
        propagateTags="TASK_DEFINITION",
        enableECSManagedTags=True,
    )
    expected = (Tag(key="run", value="1"), Tag(key="team", value="a"), Tag(key="aws:ecs:clusterName", value="web"))
    assert task.tags == expected
    assert describe(fake, "web", task.task_arn)[0].tags == ()
    described = fake.describe_tasks(
        DescribeTasksRequest(cluster="web", tasks=(task.task_arn or "",), include=(TaskField.TAGS,))
    )
    assert (described.tasks or ())[0].tags == expected
    fake.tag_resource(TagResourceRequest(resource_arn=task.task_arn or "", tags=(Tag(key="x", value="y"),)))
    request = DescribeTasksRequest(cluster="web", tasks=(task.task_arn or "",), include=(TaskField.TAGS,))
    assert len((fake.describe_tasks(request).tasks or ())[0].tags or ()) == 4


def test_start_task_on_named_instances() -> None:
    fake = _fake()
    a = register(fake, "web", 1)
    b = register(fake, "web", 2)
    td = taskdef(fake, "app", container(memoryReservation=5000))
    started = fake.start_task(
        StartTaskRequest(
            cluster="web",
            task_definition=td,
            container_instances=(
                a.container_instance_arn or "",
                (b.container_instance_arn or "").rsplit("/", 1)[1],
                "0" * 32,
            ),
            started_by="me",
        )
    )
    assert [t.container_instance_arn for t in started.tasks or ()] == [
        a.container_instance_arn,
        b.container_instance_arn,
    ]
    assert [f.reason for f in started.failures or ()] == ["MISSING"]
    again = fake.start_task(
        StartTaskRequest(cluster="web", task_definition=td, container_instances=(a.container_instance_arn or "",))
    )
    assert [(f.arn, f.reason) for f in again.failures or ()] == [(a.container_instance_arn, "RESOURCE:MEMORY")]


def test_overrides_change_the_demand() -> None:
    fake = _fake()
    ci = register(fake, "web", 1)
    td = taskdef(fake, "app")
    task = _one(fake, taskDefinition=td, overrides={"containerOverrides": [{"name": "app", "memoryReservation": 1000}]})
    assert _memory_left(fake, ci.container_instance_arn) == 7984 - 1000
    assert (task.containers or ())[0].memory_reservation == "1000"
    whole = _one(fake, taskDefinition=td, overrides={"memory": "2048", "cpu": "512"})
    assert (whole.cpu, whole.memory) == ("512", "2048")
    assert _memory_left(fake, ci.container_instance_arn) == 7984 - 1000 - 2048


def test_save_and_restore_continue_the_same_lifecycle() -> None:
    fake = _fake(faults=Faults().crash("worker:1", exit_code=9, after_seconds=30))
    register(fake, "web", 1, "m5.xlarge", "us-east-1a")
    fake.declare_subnet("subnet-0000000000000000a", "10.9.0.0/24", "us-east-1a")
    bridge = taskdef(fake, "bridge", container(portMappings=[{"containerPort": 80}]))
    worker = taskdef(fake, "worker", container(image="worker:1"))
    vpc = taskdef(fake, "vpc", container(), networkMode="awsvpc")
    net = awsvpc("subnet-0000000000000000a", "subnet-0000000000000000b")
    first = run(fake, cluster="web", taskDefinition=bridge, count=3).tasks or ()
    run(fake, cluster="web", taskDefinition=worker)
    vpcs = run(fake, cluster="web", taskDefinition=vpc, count=2, networkConfiguration=net).tasks or ()
    fake.advance(12)
    fake.stop_task(StopTaskRequest(cluster="web", task=first[0].task_arn or ""))
    fake.stop_task(StopTaskRequest(cluster="web", task=vpcs[0].task_arn or ""))
    fake.advance(9)  # both stopped; a lifecycle is mid-way for others
    text = fake.save()
    again = FakeBackend.restore(text)
    assert again.save() == text

    def script(backend: FakeBackend) -> str:
        run(backend, cluster="web", taskDefinition=bridge, count=2)  # the next dynamic ports
        run(backend, cluster="web", taskDefinition=vpc, networkConfiguration=net)  # the freed address
        run(backend, cluster="web", taskDefinition=bridge, placementStrategy=[{"type": "random"}])
        backend.advance(45)
        return backend.save()

    assert script(again) == script(fake)


def test_threads_running_and_advancing() -> None:
    fake = _fake()
    for n in range(4):
        register(fake, "web", n, "m5.4xlarge")
    td = taskdef(fake, "app", container(memoryReservation=64, portMappings=[{"containerPort": 80}]))
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for _ in range(10):
                tasks = run(fake, cluster="web", taskDefinition=td, count=2).tasks or ()
                fake.advance(1)
                fake.stop_task(StopTaskRequest(cluster="web", task=tasks[0].task_arn or ""))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    fake.advance(60)
    running = fake.list_tasks(ListTasksRequest(cluster="web", max_results=100)).task_arns or ()
    assert len(running) == 60
    assert _counts(fake) == (0, 60)
    assert FakeBackend.restore(fake.save()).save() == fake.save()


def test_boto3_client_runs_tasks() -> None:
    fake = _fake()
    register(fake, "web", 1)
    ecs = fake.client("ecs")
    ecs.register_task_definition(
        family="app",
        containerDefinitions=[
            {"name": "app", "image": "nginx", "memory": 256, "portMappings": [{"containerPort": 80}]}
        ],
    )
    task = ecs.run_task(cluster="web", taskDefinition="app", count=2)["tasks"][0]
    assert task["lastStatus"] == "PENDING"
    assert isinstance(task["createdAt"], datetime.datetime)
    fake.advance(30)
    described = ecs.describe_tasks(cluster="web", tasks=[task["taskArn"]])["tasks"][0]
    assert described["lastStatus"] == "RUNNING"
    assert described["containers"][0]["networkBindings"][0]["hostPort"] in EPHEMERAL_PORTS
    waiter = ecs.get_waiter("tasks_running")
    waiter.wait(cluster="web", tasks=[task["taskArn"]], WaiterConfig={"Delay": 0, "MaxAttempts": 1})
    ecs.stop_task(cluster="web", task=task["taskArn"])
    fake.advance(30)
    stopped = ecs.describe_tasks(cluster="web", tasks=[task["taskArn"]])["tasks"][0]
    assert (stopped["lastStatus"], stopped["stopCode"]) == ("STOPPED", "UserInitiated")


def test_calls_that_launch_alike_share_nothing_they_should_not() -> None:
    # RunTask calls launching one revision the same way reuse one launch (its prototypes); tags, overrides,
    # startedBy and a new revision must still show in each call's tasks.
    fake = _fake()
    register(fake, "web", 1)
    first = taskdef(fake, "app")
    tagged = run(fake, cluster="web", taskDefinition="app", tags=[{"key": "team", "value": "a"}]).tasks or ()
    other = run(fake, cluster="web", taskDefinition="app", tags=[{"key": "team", "value": "b"}]).tasks or ()
    plain = run(fake, cluster="web", taskDefinition="app", startedBy="ci").tasks or ()
    sized = run(
        fake, cluster="web", taskDefinition="app", overrides={"containerOverrides": [{"name": "app", "memory": 300}]}
    ).tasks
    again = run(fake, cluster="web", taskDefinition="app").tasks or ()
    second = taskdef(fake, "app")
    newer = run(fake, cluster="web", taskDefinition="app").tasks or ()
    assert [t.tags for t in (*tagged, *other)] == [(Tag(key="team", value="a"),), (Tag(key="team", value="b"),)]
    assert [t.started_by for t in (*plain, *again)] == ["ci", None]
    assert sized is not None

    def memory(task: Task) -> int | None:
        overrides = task.overrides.container_overrides if task.overrides is not None else None
        return overrides[0].memory if overrides else None

    assert [memory(sized[0]), memory(again[0])] == [300, None]
    assert [(t.task_definition_arn or "").rsplit("/", 1)[-1] for t in (*again, *newer)] == [first, second]
    assert len({t.task_arn for t in (*tagged, *other, *plain, *sized, *again, *newer)}) == 6
