"""Contract: container instances, attributes and tasks behave the same on every backend.

Registering a container instance on moto needs an EC2 instance of moto's: the tests make one through an EC2 client
at moto's endpoint. (On real AWS, only the agent on an instance can register it, with a signed identity document:
those tests skip there.)
"""

from __future__ import annotations

import pytest

from ecskit.backends.base import Backend
from ecskit.errors import InvalidRequestError
from ecskit.models.ecs import (
    Attribute,
    ContainerInstance,
    ContainerInstanceStatus,
    DeleteAttributesRequest,
    DeregisterContainerInstanceRequest,
    DescribeContainerInstancesRequest,
    DescribeTasksRequest,
    DesiredStatus,
    ListAttributesRequest,
    ListContainerInstancesRequest,
    ListTasksRequest,
    PutAttributesRequest,
    StopTaskRequest,
    TargetType,
    Task,
    UpdateContainerInstancesStateRequest,
)
from tests.contract.conftest import moto_differs, register_instance
from tests.support.fake_ecs import cluster, container, run, taskdef

CI = TargetType.CONTAINER_INSTANCE


def _register(
    request: pytest.FixtureRequest, backend: Backend, name: str, n: int = 1, instance_type: str = "m5.large"
) -> ContainerInstance:
    return register_instance(request, backend, name, n, instance_type)


def _short(arn: str | None) -> str:
    return (arn or "").rsplit("/", 1)[1]


def test_register_describe_and_list_instances(backend: Backend, request: pytest.FixtureRequest) -> None:
    cluster(backend, "contract-ci")
    ci = _register(request, backend, "contract-ci")
    arn = ci.container_instance_arn or ""
    assert ":container-instance/contract-ci/" in arn
    assert ci.status == "ACTIVE"
    assert ci.agent_connected is True
    attributes = {a.name: a.value for a in ci.attributes or ()}
    assert attributes["ecs.instance-type"] == "m5.large"
    assert attributes["ecs.availability-zone"] == "us-east-1a"
    found = backend.describe_container_instances(
        DescribeContainerInstancesRequest(cluster="contract-ci", container_instances=(arn, "missing"))
    )
    assert [c.container_instance_arn for c in found.container_instances or ()] == [arn]
    assert [f.reason for f in found.failures or ()] == ["MISSING"]
    listed = backend.list_container_instances(ListContainerInstancesRequest(cluster="contract-ci"))
    assert listed.container_instance_arns == (arn,)


def test_registered_resources_follow_the_instance_type(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS registers what the instance type has (m5.large: 2048 CPU units); "
        "moto registers 4096 CPU and 7482 MiB for every type",
    )
    cluster(backend, "contract-res")
    ci = _register(request, backend, "contract-res")
    resources = {r.name: r.integer_value for r in ci.registered_resources or ()}
    assert resources["CPU"] == 2048


def test_previous_generation_instance_types_register(backend: Backend, request: pytest.FixtureRequest) -> None:
    # ECS registers any EC2 instance: m1.small is a previous-generation type (and other tools' default)
    cluster(backend, "contract-m1")
    ci = _register(request, backend, "contract-m1", 1, "m1.small")
    assert ci.status == "ACTIVE"
    attributes = {a.name: a.value for a in ci.attributes or ()}
    assert attributes["ecs.instance-type"] == "m1.small"


def test_previous_generation_resources(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS registers what the instance type has (m1.small: 1 vCPU, 1024 CPU units); "
        "moto registers 4096 CPU and 7482 MiB for every type",
    )
    cluster(backend, "contract-m1-res")
    ci = _register(request, backend, "contract-m1-res", 1, "m1.small")
    resources = {r.name: r.integer_value for r in ci.registered_resources or ()}
    assert resources["CPU"] == 1024
    assert resources["MEMORY"] is not None
    assert resources["MEMORY"] < 1740  # less than installed: the kernel keeps some


def _put_stack(backend: Backend, name: str, target: str) -> None:
    backend.put_attributes(
        PutAttributesRequest(
            cluster=name, attributes=(Attribute(name="stack", value="prod", target_type=CI, target_id=target),)
        )
    )


def _stacks(backend: Backend, name: str) -> list[tuple[str, str | None]]:
    listed = backend.list_attributes(
        ListAttributesRequest(cluster=name, target_type=CI, attribute_name="stack", attribute_value="prod")
    )
    return [(a.name, a.value) for a in listed.attributes or ()]


def test_put_and_list_attributes(backend: Backend, request: pytest.FixtureRequest) -> None:
    cluster(backend, "contract-attr")
    ci = _register(request, backend, "contract-attr")
    _put_stack(backend, "contract-attr", _short(ci.container_instance_arn))
    assert _stacks(backend, "contract-attr") == [("stack", "prod")]


def test_delete_attributes(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS deletes a custom attribute given its name and target; moto's DeleteAttributes keeps it")
    cluster(backend, "contract-del")
    ci = _register(request, backend, "contract-del")
    target = _short(ci.container_instance_arn)
    _put_stack(backend, "contract-del", target)
    backend.delete_attributes(
        DeleteAttributesRequest(cluster="contract-del", attributes=(Attribute(name="stack", target_id=target),))
    )
    assert _stacks(backend, "contract-del") == []


def test_list_attributes_by_name(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS lists the attributes of a name whatever their value; moto's filter then returns nothing")
    cluster(backend, "contract-attr2")
    ci = _register(request, backend, "contract-attr2")
    target = _short(ci.container_instance_arn)
    backend.put_attributes(
        PutAttributesRequest(
            cluster="contract-attr2", attributes=(Attribute(name="stack", value="x", target_id=target),)
        )
    )
    listed = backend.list_attributes(
        ListAttributesRequest(cluster="contract-attr2", target_type=CI, attribute_name="stack")
    )
    assert [(a.name, a.value) for a in listed.attributes or ()] == [("stack", "x")]


def test_status_filter_of_list_container_instances(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS lists only the instances of the status asked for; moto ignores the status filter (and its "
        "UpdateContainerInstancesState response has attributes without names)",
    )
    cluster(backend, "contract-drain")
    ci = _register(request, backend, "contract-drain")
    arn = ci.container_instance_arn or ""
    updated = backend.update_container_instances_state(
        UpdateContainerInstancesStateRequest(
            cluster="contract-drain", container_instances=(arn,), status=ContainerInstanceStatus.DRAINING
        )
    )
    assert [c.status for c in updated.container_instances or ()] == ["DRAINING"]

    def listed(status: ContainerInstanceStatus) -> tuple[str, ...]:
        request_ = ListContainerInstancesRequest(cluster="contract-drain", status=status)
        return backend.list_container_instances(request_).container_instance_arns or ()

    assert listed(ContainerInstanceStatus.DRAINING) == (arn,)
    assert listed(ContainerInstanceStatus.ACTIVE) == ()


def test_deregistering(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS returns the deregistered instance with its attributes; "
        "moto's attributes there have no names, so its response does not parse",
    )
    cluster(backend, "contract-dereg")
    ci = _register(request, backend, "contract-dereg")
    arn = ci.container_instance_arn or ""
    backend.deregister_container_instance(
        DeregisterContainerInstanceRequest(cluster="contract-dereg", container_instance=arn)
    )
    listed = backend.list_container_instances(ListContainerInstancesRequest(cluster="contract-dereg"))
    assert listed.container_instance_arns == ()


def _running_task(request: pytest.FixtureRequest, backend: Backend, name: str) -> tuple[ContainerInstance, Task]:
    cluster(backend, name)
    ci = _register(request, backend, name)
    td = taskdef(backend, f"{name}-app", container(memory=256))
    response = run(backend, cluster=name, taskDefinition=td, startedBy="contract")
    assert not response.failures
    return ci, (response.tasks or ())[0]


def test_deregistration_refuses_running_tasks_unless_forced(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS returns containers' cpu and memory as strings; "
        "moto returns numbers, so its RunTask response does not parse",
    )
    ci, _ = _running_task(request, backend, "contract-force")
    deregister = DeregisterContainerInstanceRequest(
        cluster="contract-force", container_instance=ci.container_instance_arn or ""
    )
    with pytest.raises(InvalidRequestError) as info:
        backend.deregister_container_instance(deregister)
    assert info.value.code == "InvalidParameterException"
    forced = DeregisterContainerInstanceRequest(
        cluster="contract-force", container_instance=ci.container_instance_arn or "", force=True
    )
    backend.deregister_container_instance(forced)
    assert (
        backend.list_container_instances(
            ListContainerInstancesRequest(cluster="contract-force")
        ).container_instance_arns
        == ()
    )


def test_run_list_and_stop_a_task(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS returns containers' cpu and memory as strings; "
        "moto returns numbers, so its RunTask response does not parse",
    )
    ci, task = _running_task(request, backend, "contract-run")
    assert ":task/contract-run/" in (task.task_arn or "")
    assert task.container_instance_arn == ci.container_instance_arn
    assert (task.group, task.started_by, task.desired_status) == ("family:contract-run-app", "contract", "RUNNING")
    assert task.last_status in ("PROVISIONING", "PENDING")
    listed = backend.list_tasks(ListTasksRequest(cluster="contract-run", started_by="contract"))
    assert listed.task_arns == (task.task_arn,)
    stopped = backend.stop_task(
        StopTaskRequest(cluster="contract-run", task=task.task_arn or "", reason="contract")
    ).task
    assert stopped is not None
    assert (stopped.desired_status, stopped.stopped_reason, stopped.stop_code) == (
        "STOPPED",
        "contract",
        "UserInitiated",
    )
    assert backend.list_tasks(ListTasksRequest(cluster="contract-run")).task_arns == ()
    stopped_list = backend.list_tasks(ListTasksRequest(cluster="contract-run", desired_status=DesiredStatus.STOPPED))
    assert stopped_list.task_arns == (task.task_arn,)


def test_describe_tasks_is_a_lookup(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS describes a task without changing it; "
        "moto moves it one step on (RUNNING, DEACTIVATING, ...) at each describe",
    )
    _, task = _running_task(request, backend, "contract-look")
    describe = DescribeTasksRequest(cluster="contract-look", tasks=(task.task_arn or "", "0" * 32))
    first = backend.describe_tasks(describe)
    assert [f.reason for f in first.failures or ()] == ["MISSING"]
    for _ in range(3):
        assert backend.describe_tasks(describe) == first


def test_every_container_is_in_the_task(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS shows one entry per container of the task definition; moto shows only the first")
    cluster(backend, "contract-many")
    _register(request, backend, "contract-many")
    td = taskdef(
        backend, "contract-many", container("a"), container("b", essential=False), container("c", essential=False)
    )
    task = (run(backend, cluster="contract-many", taskDefinition=td).tasks or ())[0]
    assert [c.name for c in task.containers or ()] == ["a", "b", "c"]


def test_placement_failures_carry_the_reason(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS reports a task that fits nowhere as a failure with reason RESOURCE:MEMORY; "
        "moto places nothing and reports no failure",
    )
    cluster(backend, "contract-huge")
    ci = _register(request, backend, "contract-huge")
    td = taskdef(backend, "contract-huge", container(memoryReservation=100000))
    response = run(backend, cluster="contract-huge", taskDefinition=td)
    assert response.tasks == ()
    assert [(f.arn, f.reason) for f in response.failures or ()] == [(ci.container_instance_arn, "RESOURCE:MEMORY")]
