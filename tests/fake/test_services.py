"""FakeBackend: services (the scheduler, rolling deployments, the circuit breaker, DAEMON, draining, capacity
providers, events, deletion, idempotency, validation, save/restore)."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import pytest

from ecskit import from_api
from ecskit.backends.fake import FakeBackend, Faults
from ecskit.backends.fake.core.events import Reconcile
from ecskit.backends.fake.engine.deployments import failure_threshold
from ecskit.errors import ConflictError, InvalidRequestError, NotFoundError
from ecskit.models.ecs import (
    ContainerInstanceStatus,
    CreateServiceRequest,
    DeleteServiceRequest,
    DescribeClustersRequest,
    DescribeServiceDeploymentsRequest,
    DescribeServiceRevisionsRequest,
    DescribeServicesRequest,
    DesiredStatus,
    LaunchType,
    ListServicesRequest,
    ListTasksRequest,
    SchedulingStrategy,
    Service,
    ServiceDeploymentStatus,
    ServiceField,
    StopTaskRequest,
    Task,
    UpdateContainerInstancesStateRequest,
    UpdateServiceRequest,
)
from tests.support.fake_ecs import awsvpc, cluster, container, describe, fargate_taskdef, register, run, taskdef


def _fake(instances: int = 2, faults: Faults | None = None, **cluster_members: Any) -> FakeBackend:
    fake = FakeBackend(faults=faults)
    cluster(fake, **cluster_members)
    for n in range(instances):
        register(fake, "web", n, zone="us-east-1a" if n % 2 == 0 else "us-east-1b")
    return fake


def _create(fake: FakeBackend, name: str = "web", **members: Any) -> Service:
    doc = {"cluster": "web", "serviceName": name, **members}
    service = fake.create_service(from_api(doc, CreateServiceRequest)).service
    assert service is not None
    return service


def _get(fake: FakeBackend, name: str = "web") -> Service:
    found = fake.describe_services(DescribeServicesRequest(cluster="web", services=(name,)))
    assert not found.failures
    return (found.services or ())[0]


def _tasks(fake: FakeBackend, name: str = "web", status: str = "RUNNING") -> list[Task]:
    request = ListTasksRequest(cluster="web", service_name=name, desired_status=DesiredStatus(status))
    arns = fake.list_tasks(request).task_arns
    return describe(fake, "web", *arns) if arns else []


def _update(fake: FakeBackend, name: str = "web", **members: Any) -> Service:
    service = fake.update_service(from_api({"cluster": "web", "service": name, **members}, UpdateServiceRequest))
    assert service.service is not None
    return service.service


def _messages(service: Service) -> list[str]:
    return [e.message or "" for e in reversed(service.events or ())]


def test_replica_reaches_desired_count_and_steady_state() -> None:
    fake = _fake()
    td = taskdef(fake, "app")
    created = _create(fake, taskDefinition=td, desiredCount=3)
    assert created.status == "ACTIVE"
    assert created.deployment_configuration is not None
    assert (
        created.deployment_configuration.maximum_percent,
        created.deployment_configuration.minimum_healthy_percent,
    ) == (
        200,
        100,
    )
    assert created.launch_type == LaunchType.EC2
    assert created.placement_strategy == ()
    fake.advance(30)
    service = _get(fake)
    assert (service.running_count, service.pending_count, service.desired_count) == (3, 0, 3)
    deployment = (service.deployments or ())[0]
    assert deployment.rollout_state == "COMPLETED"
    assert deployment.id is not None
    assert deployment.id.startswith("ecs-svc/")
    tasks = _tasks(fake)
    assert len(tasks) == 3
    assert {t.group for t in tasks} == {"service:web"}
    assert {t.started_by for t in tasks} == {deployment.id}
    # default strategy spreads across zones: both instances are used
    assert len({t.container_instance_arn for t in tasks}) == 2
    messages = _messages(service)
    assert messages[0].startswith("(service web) has started 3 tasks: (task ")
    assert messages[-1] == "(service web) has reached a steady state."
    clusters = fake.describe_clusters(DescribeClustersRequest(clusters=("web",))).clusters or ()
    assert clusters[0].active_services_count == 1
    assert clusters[0].running_tasks_count == 3


def test_idle_service_queues_nothing() -> None:
    fake = _fake()
    _create(fake, taskDefinition=taskdef(fake, "app"), desiredCount=2)
    fake.advance(60)
    assert not any(isinstance(q.event, Reconcile) for q in fake.queued())
    assert not fake.records().pokes


def test_scale_up_and_down() -> None:
    fake = _fake()
    _create(fake, taskDefinition=taskdef(fake, "app"), desiredCount=2)
    fake.advance(30)
    _update(fake, desiredCount=5)
    fake.advance(30)
    service = _get(fake)
    assert (service.running_count, service.pending_count) == (5, 0)
    _update(fake, desiredCount=1)
    fake.advance(30)
    service = _get(fake)
    assert (service.running_count, service.desired_count) == (1, 1)
    assert len(_tasks(fake)) == 1
    stopped = _tasks(fake, status="STOPPED")
    assert len(stopped) == 4
    assert {t.stop_code for t in stopped} == {"ServiceSchedulerInitiated"}
    assert any(m.startswith("(service web) has stopped 4 running tasks:") for m in _messages(service))


def test_a_stopped_task_is_replaced() -> None:
    fake = _fake()
    _create(fake, taskDefinition=taskdef(fake, "app"), desiredCount=2)
    fake.advance(30)
    victim = _tasks(fake)[0]
    fake.stop_task(StopTaskRequest(cluster="web", task=victim.task_arn or ""))
    fake.advance(30)
    tasks = _tasks(fake)
    assert len(tasks) == 2
    assert victim.task_arn not in {t.task_arn for t in tasks}
    assert _get(fake).running_count == 2


@pytest.mark.parametrize(("minimum", "maximum"), [(100, 200), (50, 100), (50, 150), (0, 100)])
def test_rolling_deployment_respects_min_and_max(minimum: int, maximum: int) -> None:
    fake = _fake(instances=3)
    desired = 4
    config = {"minimumHealthyPercent": minimum, "maximumPercent": maximum}
    _create(fake, taskDefinition=taskdef(fake, "app"), desiredCount=desired, deploymentConfiguration=config)
    fake.advance(30)
    new = taskdef(fake, "app", container(image="nginx:2"))
    _update(fake, taskDefinition=new)
    low, high = math.ceil(desired * minimum / 100), math.floor(desired * maximum / 100)
    for _ in range(60):
        fake.advance(1)
        alive = [t for t in fake.records().tasks.values() if t.group == "service:web" and t.last_status != "STOPPED"]
        healthy = [t for t in alive if t.last_status == "RUNNING" and t.desired_status == "RUNNING"]
        assert len(healthy) >= low, (len(healthy), low)
        assert len(alive) <= high, (len(alive), high)
    service = _get(fake)
    assert len(service.deployments or ()) == 1
    primary = (service.deployments or ())[0]
    assert primary.task_definition is not None
    assert primary.task_definition.endswith("app:2")
    assert primary.rollout_state == "COMPLETED"
    assert service.running_count == desired
    assert {t.task_definition_arn for t in _tasks(fake)} == {primary.task_definition}
    assert _messages(service)[-1] == "(service web) has reached a steady state."


def test_deployments_during_a_rollout() -> None:
    fake = _fake()
    _create(fake, taskDefinition=taskdef(fake, "app"), desiredCount=2)
    fake.advance(30)
    service = _update(fake, taskDefinition=taskdef(fake, "app", container(image="nginx:2")))
    deployments = service.deployments or ()
    assert [d.status for d in deployments] == ["PRIMARY", "ACTIVE"]
    assert deployments[0].rollout_state == "IN_PROGRESS"
    assert deployments[1].rollout_state == "COMPLETED"
    assert service.current_service_deployment is not None
    fake.advance(60)
    record = fake.describe_service_deployments(
        DescribeServiceDeploymentsRequest(service_deployment_arns=(service.current_service_deployment, "arn:nope"))
    )
    assert [f.reason for f in record.failures or ()] == ["MISSING"]
    found = (record.service_deployments or ())[0]
    assert found.status == ServiceDeploymentStatus.SUCCESSFUL
    assert found.target_service_revision is not None
    # AWS names the service revision a deployment deploys (service-revision/<cluster>/<service>/<id>: the AWS CLI's
    # describe-service-deployments example), not the task definition; the revision has the task definition.
    arn = found.target_service_revision.arn or ""
    assert arn.startswith("arn:aws:ecs:us-east-1:123456789012:service-revision/web/web/")
    revision = fake.describe_service_revisions(DescribeServiceRevisionsRequest(service_revision_arns=(arn,)))
    assert [r.task_definition for r in revision.service_revisions or ()] == [
        (service.deployments or ())[0].task_definition
    ]


def test_force_new_deployment_replaces_the_tasks() -> None:
    fake = _fake()
    _create(fake, taskDefinition=taskdef(fake, "app"), desiredCount=2)
    fake.advance(30)
    before = {t.task_arn for t in _tasks(fake)}
    service = _update(fake, forceNewDeployment=True)
    assert len(service.deployments or ()) == 2
    fake.advance(60)
    after = {t.task_arn for t in _tasks(fake)}
    assert len(after) == 2
    assert not before & after


def test_circuit_breaker_rolls_back() -> None:
    fake = _fake(faults=Faults().crash("broken:1", exit_code=1, after_seconds=1))  # exits before RUNNING
    config = {"deploymentCircuitBreaker": {"enable": True, "rollback": True}}
    good = taskdef(fake, "app")
    _create(fake, taskDefinition=good, desiredCount=2, deploymentConfiguration=config)
    fake.advance(30)
    bad = taskdef(fake, "app", container(image="broken:1"))
    service = _update(fake, taskDefinition=bad)
    failing = (service.deployments or ())[0]
    fake.advance(600)
    service = _get(fake)
    messages = _messages(service)
    assert f"(service web) (deployment {failing.id}) deployment failed: tasks failed to start." in messages
    assert any("rolling back to" in m and m.endswith("app:1.") for m in messages)
    assert len(service.deployments or ()) == 1
    primary = (service.deployments or ())[0]
    assert primary.task_definition is not None
    assert primary.task_definition.endswith("app:1")
    assert primary.rollout_state == "COMPLETED"
    assert service.task_definition == primary.task_definition
    assert service.running_count == 2
    assert failure_threshold(2) == 3
    record = fake.describe_service_deployments(
        DescribeServiceDeploymentsRequest(service_deployment_arns=(service.current_service_deployment or "",))
    ).service_deployments
    assert record
    assert record[0].status == ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL
    assert record[0].rollback is not None
    assert record[0].deployment_circuit_breaker is not None
    assert record[0].deployment_circuit_breaker.threshold == 3


def test_circuit_breaker_without_rollback_marks_failed() -> None:
    fake = _fake(faults=Faults().fail_pull("missing:1"))
    config = {"deploymentCircuitBreaker": {"enable": True, "rollback": False}}
    _create(
        fake,
        taskDefinition=taskdef(fake, "app", container(image="missing:1")),
        desiredCount=1,
        deploymentConfiguration=config,
    )
    fake.advance(300)
    primary = (_get(fake).deployments or ())[0]
    assert primary.rollout_state == "FAILED"
    assert (primary.failed_tasks or 0) >= 3
    assert primary.rollout_state_reason == "ECS deployment circuit breaker: tasks failed to start."


def test_threshold_bounds() -> None:
    assert [failure_threshold(n) for n in (0, 1, 6, 7, 100, 1000)] == [3, 3, 3, 4, 50, 200]


def test_daemon_runs_one_task_per_instance() -> None:
    fake = _fake(instances=3)
    service = _create(fake, taskDefinition=taskdef(fake, "agent"), schedulingStrategy="DAEMON")
    assert service.deployment_configuration is not None
    assert (
        service.deployment_configuration.maximum_percent,
        service.deployment_configuration.minimum_healthy_percent,
    ) == (
        100,
        0,
    )
    fake.advance(30)
    tasks = _tasks(fake)
    assert len(tasks) == 3
    assert len({t.container_instance_arn for t in tasks}) == 3
    assert _get(fake).desired_count == 3
    register(fake, "web", 9)
    fake.advance(30)
    assert len(_tasks(fake)) == 4
    assert _get(fake).running_count == 4


def test_daemon_skips_instances_it_does_not_fit() -> None:
    fake = _fake(instances=0)
    register(fake, "web", 1, instance_type="t3.micro")
    register(fake, "web", 2, instance_type="m5.large")
    _create(fake, taskDefinition=taskdef(fake, "big", container(memoryReservation=4000)), schedulingStrategy="DAEMON")
    fake.advance(30)
    assert len(_tasks(fake, "web")) == 1
    assert _get(fake).desired_count == 1


def test_draining_moves_replica_tasks() -> None:
    fake = _fake(instances=2)
    _create(fake, taskDefinition=taskdef(fake, "app"), desiredCount=4)
    fake.advance(30)
    tasks = _tasks(fake)
    drained = tasks[0].container_instance_arn or ""
    assert any(t.container_instance_arn == drained for t in tasks)
    fake.update_container_instances_state(
        UpdateContainerInstancesStateRequest(
            cluster="web", container_instances=(drained,), status=ContainerInstanceStatus.DRAINING
        )
    )
    for _ in range(40):
        fake.advance(1)
        healthy = [
            t for t in fake.records().tasks.values() if t.last_status == "RUNNING" and t.desired_status == "RUNNING"
        ]
        assert len(healthy) >= 4
    tasks = _tasks(fake)
    assert len(tasks) == 4
    assert all(t.container_instance_arn != drained for t in tasks)
    assert _get(fake).running_count == 4


def test_capacity_provider_base_and_weight_split() -> None:
    fake = FakeBackend()
    cluster(fake, capacityProviders=["FARGATE", "FARGATE_SPOT"])
    strategy = [
        {"capacityProvider": "FARGATE", "base": 2, "weight": 1},
        {"capacityProvider": "FARGATE_SPOT", "weight": 3},
    ]
    _create(
        fake,
        taskDefinition=fargate_taskdef(fake),
        desiredCount=10,
        capacityProviderStrategy=strategy,
        networkConfiguration=awsvpc(),
    )
    fake.advance(60)
    split = Counter(t.capacity_provider_name for t in _tasks(fake))
    assert split == {"FARGATE": 4, "FARGATE_SPOT": 6}
    assert _get(fake).launch_type is None
    _update(fake, desiredCount=14)
    fake.advance(60)
    assert Counter(t.capacity_provider_name for t in _tasks(fake)) == {"FARGATE": 5, "FARGATE_SPOT": 9}


def test_cluster_default_strategy_applies() -> None:
    fake = FakeBackend()
    cluster(
        fake,
        capacityProviders=["FARGATE_SPOT"],
        defaultCapacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 1}],
    )
    service = _create(fake, taskDefinition=fargate_taskdef(fake), desiredCount=2, networkConfiguration=awsvpc())
    assert service.capacity_provider_strategy is not None
    fake.advance(60)
    assert {t.capacity_provider_name for t in _tasks(fake)} == {"FARGATE_SPOT"}


def test_fargate_launch_type_and_tags() -> None:
    fake = FakeBackend()
    cluster(fake)
    service = _create(
        fake,
        taskDefinition=fargate_taskdef(fake),
        desiredCount=1,
        launchType="FARGATE",
        networkConfiguration=awsvpc(),
        tags=[{"key": "team", "value": "a"}],
        propagateTags="SERVICE",
        enableECSManagedTags=True,
    )
    assert service.platform_version == "LATEST"
    assert [t.key for t in service.tags or ()] == ["team"]
    fake.advance(60)
    arns = fake.list_tasks(ListTasksRequest(cluster="web", service_name="web")).task_arns or ()
    from ecskit.models.ecs import DescribeTasksRequest, TaskField

    task = (
        fake.describe_tasks(DescribeTasksRequest(cluster="web", tasks=arns, include=(TaskField.TAGS,))).tasks or ()
    )[0]
    assert {t.key: t.value for t in task.tags or ()} == {
        "team": "a",
        "aws:ecs:clusterName": "web",
        "aws:ecs:serviceName": "web",
    }
    described = fake.describe_services(
        DescribeServicesRequest(cluster="web", services=("web",), include=(ServiceField.TAGS,))
    ).services
    assert described
    assert [t.key for t in described[0].tags or ()] == ["team"]


def test_unplaceable_task_event_and_retry() -> None:
    fake = _fake(instances=1)
    _create(fake, taskDefinition=taskdef(fake, "big", container(memoryReservation=7000)), desiredCount=2)
    fake.advance(30)
    service = _get(fake)
    assert service.running_count == 1
    unable = [m for m in _messages(service) if "was unable to place a task" in m]
    assert len(unable) == 1
    assert unable[0].startswith(
        "(service web) was unable to place a task because no container instance met all of its requirements. "
        "The closest matching container-instance "
    )
    assert "has insufficient memory available" in unable[0]
    register(fake, "web", 5)
    fake.advance(30)
    assert _get(fake).running_count == 2


def test_no_instances_event() -> None:
    fake = _fake(instances=0)
    _create(fake, taskDefinition=taskdef(fake, "app"), desiredCount=1)
    fake.advance(100)
    messages = _messages(_get(fake))
    assert messages == [
        "(service web) was unable to place a task because no container instance met all of its requirements. "
        "Reason: No Container Instances were found in your cluster."
    ]


def test_delete_needs_force_when_scaled_up() -> None:
    fake = _fake()
    _create(fake, taskDefinition=taskdef(fake, "app"), desiredCount=2)
    fake.advance(30)
    with pytest.raises(InvalidRequestError, match="scaled above 0"):
        fake.delete_service(DeleteServiceRequest(cluster="web", service="web"))
    deleted = fake.delete_service(DeleteServiceRequest(cluster="web", service="web", force=True)).service
    assert deleted is not None
    assert deleted.status == "DRAINING"
    clusters = fake.describe_clusters(DescribeClustersRequest(clusters=("web",))).clusters or ()
    assert clusters[0].active_services_count == 0
    fake.advance(30)
    assert _get(fake).status == "INACTIVE"
    assert _tasks(fake) == []
    assert fake.list_services(ListServicesRequest(cluster="web")).service_arns == ()
    with pytest.raises(ConflictError):
        fake.update_service(UpdateServiceRequest(cluster="web", service="web", desired_count=1))


def test_delete_without_force_at_zero() -> None:
    fake = _fake()
    _create(fake, taskDefinition=taskdef(fake, "app"), desiredCount=2)
    fake.advance(30)
    _update(fake, desiredCount=0)
    fake.advance(30)
    deleted = fake.delete_service(DeleteServiceRequest(cluster="web", service="web")).service
    assert deleted is not None
    assert deleted.status == "DRAINING"
    fake.advance(5)
    assert _get(fake).status == "INACTIVE"
    # an INACTIVE service's name can be used again
    again = _create(fake, taskDefinition=taskdef(fake, "app"), desiredCount=1)
    assert again.status == "ACTIVE"


def test_create_is_idempotent_for_the_same_request() -> None:
    fake = _fake()
    td = taskdef(fake, "app")
    first = _create(fake, taskDefinition=td, desiredCount=1)
    second = _create(fake, taskDefinition=td, desiredCount=1, clientToken="x")
    assert first.service_arn == second.service_arn
    with pytest.raises(InvalidRequestError, match=r"Creation of service was not idempotent\."):
        _create(fake, taskDefinition=td, desiredCount=2)


def test_validation_errors() -> None:
    fake = _fake()
    td = taskdef(fake, "app")
    with pytest.raises(InvalidRequestError, match="not found"):
        _create(fake, taskDefinition="nope:1", desiredCount=1)
    with pytest.raises(InvalidRequestError, match="desired count"):
        _create(fake, taskDefinition=td, desiredCount=1, schedulingStrategy="DAEMON")
    with pytest.raises(InvalidRequestError):
        _create(fake, taskDefinition=td, desiredCount=1, launchType="FARGATE")
    with pytest.raises(InvalidRequestError, match="Service name"):
        _create(fake, "bad name!", taskDefinition=td, desiredCount=1)
    with pytest.raises(InvalidRequestError, match="minimumHealthyPercent"):
        _create(fake, taskDefinition=td, desiredCount=1, deploymentConfiguration={"minimumHealthyPercent": 150})
    with pytest.raises(NotFoundError):
        fake.update_service(UpdateServiceRequest(cluster="web", service="ghost", desired_count=1))
    with pytest.raises(NotFoundError):
        _create(fake, taskDefinition=td, desiredCount=1, cluster="ghost")


def test_describe_and_list() -> None:
    fake = _fake()
    td = taskdef(fake, "app")
    for n in range(12):
        _create(fake, f"s{n:02d}", taskDefinition=td, desiredCount=0)
    _create(fake, "d", taskDefinition=td, schedulingStrategy="DAEMON")
    found = fake.describe_services(DescribeServicesRequest(cluster="web", services=("s00", "ghost")))
    assert [s.service_name for s in found.services or ()] == ["s00"]
    assert [(f.arn, f.reason) for f in found.failures or ()] == [
        ("arn:aws:ecs:us-east-1:123456789012:service/web/ghost", "MISSING")
    ]
    page = fake.list_services(ListServicesRequest(cluster="web"))
    assert len(page.service_arns or ()) == 10
    assert page.next_token
    rest = fake.list_services(ListServicesRequest(cluster="web", next_token=page.next_token))
    assert len(rest.service_arns or ()) == 3
    assert rest.next_token is None
    daemons = fake.list_services(ListServicesRequest(cluster="web", scheduling_strategy=SchedulingStrategy.DAEMON))
    assert [a.rsplit("/", 1)[-1] for a in daemons.service_arns or ()] == ["d"]
    fargate = fake.list_services(ListServicesRequest(cluster="web", launch_type=LaunchType.FARGATE))
    assert fargate.service_arns == ()


def test_update_deployment_configuration_and_placement() -> None:
    fake = _fake()
    _create(fake, taskDefinition=taskdef(fake, "app"), desiredCount=1)
    service = _update(
        fake,
        deploymentConfiguration={"minimumHealthyPercent": 50},
        placementStrategy=[{"type": "binpack", "field": "memory"}],
        healthCheckGracePeriodSeconds=30,
    )
    assert service.deployment_configuration is not None
    assert service.deployment_configuration.minimum_healthy_percent == 50
    assert service.deployment_configuration.maximum_percent == 200
    assert [s.type for s in service.placement_strategy or ()] == ["binpack"]
    assert service.health_check_grace_period_seconds == 30
    assert len(service.deployments or ()) == 1


@pytest.mark.parametrize(
    ("member", "value", "says"),
    [
        ("placementStrategy", [{"field": "memory"}], "the placement strategy has no type"),
        ("placementConstraints", [{"expression": "attribute:ecs.os-type == linux"}], "the placement constraint has no"),
    ],
)
def test_a_strategy_or_constraint_without_type_is_refused_as_run_task_refuses_it(
    member: str, value: Any, says: str
) -> None:
    """Issue 18: CreateService and UpdateService took a strategy without ``type`` that RunTask refused, and the
    service then never reached its desired count. The three refuse it alike, and a refused update changes nothing."""
    fake = _fake()
    td = taskdef(fake, "app")
    for call in (
        lambda: _create(fake, "typeless", taskDefinition=td, desiredCount=1, **{member: value}),
        lambda: run(fake, cluster="web", taskDefinition=td, **{member: value}),
    ):
        with pytest.raises(InvalidRequestError) as refused:
            call()
        assert refused.value.code == "InvalidParameterException"
        assert says in refused.value.message
    _create(fake, taskDefinition=td, desiredCount=1)
    with pytest.raises(InvalidRequestError, match=says):
        _update(fake, **{member: value})
    fake.advance(60)
    (service,) = fake.describe_services(DescribeServicesRequest(cluster="web", services=("web",))).services or ()
    assert service.running_count == 1
    assert not service.placement_strategy
    assert not service.placement_constraints


def test_a_service_name_with_a_newline_is_refused() -> None:
    fake = _fake()
    with pytest.raises(InvalidRequestError, match="Service name can have up to 255 letters"):
        _create(fake, "web\n", taskDefinition=taskdef(fake, "app"), desiredCount=0)


def test_save_and_restore_mid_rollout() -> None:
    fake = _fake()
    _create(fake, taskDefinition=taskdef(fake, "app"), desiredCount=3)
    fake.advance(30)
    _update(fake, taskDefinition=taskdef(fake, "app", container(image="nginx:2")))
    fake.advance(7)
    copy = FakeBackend.restore(fake.save())
    assert _get(copy) == _get(fake)
    fake.advance(60)
    copy.advance(60)
    assert _get(copy) == _get(fake)
    assert _get(copy).running_count == 3
    assert len(_get(copy).deployments or ()) == 1


def _checked(image: str) -> dict[str, Any]:
    return container(image=image, healthCheck={"command": ["CMD-SHELL", "true"], "interval": 10, "retries": 2})


def test_unhealthy_task_is_replaced() -> None:
    fake = _fake(faults=Faults().unhealthy("sick:1", times=1))
    _create(fake, taskDefinition=taskdef(fake, "app", _checked("sick:1")), desiredCount=1)
    fake.advance(35)  # RUNNING at 10 s, UNHEALTHY 20 s after its container started
    stopped = _tasks(fake, status="STOPPED")
    assert [t.stopped_reason for t in stopped] == ["Task failed container health checks"]
    fake.advance(60)
    running = _tasks(fake)
    assert len(running) == 1
    assert running[0].health_status == "HEALTHY"
    assert _get(fake).running_count == 1


def test_grace_period_delays_the_replacement() -> None:
    fake = _fake(faults=Faults().unhealthy("sick:1", times=1))
    td = taskdef(fake, "app", _checked("sick:1"))
    _create(fake, taskDefinition=td, desiredCount=1, healthCheckGracePeriodSeconds=100)
    fake.advance(60)
    assert _tasks(fake, status="STOPPED") == []
    assert _tasks(fake)[0].health_status == "UNHEALTHY"
    fake.advance(60)  # the grace period ended 100 s after the task started
    assert len(_tasks(fake, status="STOPPED")) == 1


def test_daemon_update_and_delete() -> None:
    fake = _fake(instances=2)
    _create(fake, taskDefinition=taskdef(fake, "agent"), schedulingStrategy="DAEMON")
    fake.advance(30)
    new = taskdef(fake, "agent", container(image="agent:2"))
    _update(fake, taskDefinition=new)
    fake.advance(60)
    tasks = _tasks(fake)
    assert len(tasks) == 2
    assert {(t.task_definition_arn or "").rsplit("/", 1)[-1] for t in tasks} == {"agent:2"}
    service = _get(fake)
    assert len(service.deployments or ()) == 1
    with pytest.raises(InvalidRequestError, match="desired count"):
        _update(fake, desiredCount=3)
    deleted = fake.delete_service(DeleteServiceRequest(cluster="web", service="web")).service
    assert deleted is not None
    assert deleted.status == "DRAINING"
    fake.advance(30)
    assert _get(fake).status == "INACTIVE"
    assert _tasks(fake) == []


def test_draining_instance_stops_daemon_tasks() -> None:
    fake = _fake(instances=2)
    _create(fake, taskDefinition=taskdef(fake, "agent"), schedulingStrategy="DAEMON")
    fake.advance(30)
    drained = _tasks(fake)[0].container_instance_arn or ""
    fake.update_container_instances_state(
        UpdateContainerInstancesStateRequest(
            cluster="web", container_instances=(drained,), status=ContainerInstanceStatus.DRAINING
        )
    )
    fake.advance(30)
    tasks = _tasks(fake)
    assert len(tasks) == 1
    assert tasks[0].container_instance_arn != drained
    assert _get(fake).desired_count == 1


def test_restore_with_a_retry_queued_still_reacts_at_once() -> None:
    fake = _fake(instances=0)
    _create(fake, taskDefinition=taskdef(fake, "app"), desiredCount=1)
    fake.advance(1)  # nothing to place on: a retry is queued 30 s out
    copy = FakeBackend.restore(fake.save())
    assert not copy.records().pokes
    register(copy, "web", 1)
    copy.advance(15)  # the new instance queues a reconcile now, not at the retry
    assert _get(copy).running_count == 1


@pytest.mark.parametrize("scale", ["create", "update"])
def test_fixed_host_ports_place_one_task_per_instance(scale: str) -> None:
    """net-host-mode-one-per-port: more tasks than instances with fixed host ports places one per instance and
    says the rest fit nowhere; reached by CreateService or by scaling up with UpdateService, alike."""
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 1)
    register(fake, "web", 2)
    family = taskdef(fake, "h", container(portMappings=[{"containerPort": 80}]), networkMode="host")
    first = 3 if scale == "create" else 1
    fake.create_service(
        CreateServiceRequest(cluster="web", service_name="s", task_definition=family, desired_count=first)
    )
    fake.advance(60)
    if scale == "update":
        fake.update_service(UpdateServiceRequest(cluster="web", service="s", desired_count=3))
        fake.advance(120)
    (service,) = fake.describe_services(DescribeServicesRequest(cluster="web", services=("s",))).services or ()
    assert (service.running_count, service.desired_count) == (2, 3)
    assert any("is already using a port required by your task" in (e.message or "") for e in service.events or ())
