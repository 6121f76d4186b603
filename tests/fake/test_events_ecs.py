"""The ECS events the fake sends to EventBridge, compared with AWS's sample events (ECS developer guide, "Amazon ECS
events": https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html, with its pages
"Amazon ECS task state change events", "container instance state change events", "service action events" and
"service deployment state change events"; the samples are quoted below from those pages), and with what
DescribeTasks and DescribeContainerInstances show at the same version."""

from __future__ import annotations

import re
from typing import Any

from ecskit import from_api, to_api
from ecskit.backends.fake import FakeBackend, Faults
from ecskit.models.ecs import (
    CreateServiceRequest,
    DeregisterContainerInstanceRequest,
    DescribeContainerInstancesRequest,
    DescribeServicesRequest,
    DescribeTasksRequest,
    StopTaskRequest,
    UpdateServiceRequest,
)
from tests.support.fake_ecs import awsvpc, cluster, container, fargate_taskdef, register, run, taskdef

ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
ENVELOPE = {"version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"}

#: "Example Task state change event" (Amazon ECS task state change events): its detail's members.
TASK_SAMPLE = {
    "attachments": [
        {
            "id": "1789bcae-ddfb-4d10-8ebe-8ac87ddba5b8",
            "type": "eni",
            "status": "ATTACHED",
            "details": [
                {"name": "subnetId", "value": "subnet-abcd1234"},
                {"name": "networkInterfaceId", "value": "eni-abcd1234"},
                {"name": "macAddress", "value": "0a:98:eb:a7:29:ba"},
                {"name": "privateIPv4Address", "value": "10.0.0.139"},
            ],
        }
    ],
    "availabilityZone": "us-west-2c",
    "clusterArn": "arn:aws:ecs:us-west-2:111122223333:cluster/FargateCluster",
    "containers": [
        {
            "containerArn": "arn:aws:ecs:us-west-2:111122223333:container/cf159fd6-3e3f-4a9e-84f9-66cbe726af01",
            "lastStatus": "RUNNING",
            "name": "FargateApp",
            "image": "111122223333.dkr.ecr.us-west-2.amazonaws.com/hello-repository:latest",
            "imageDigest": "sha256:74b2c688c700ec95a93e478cdb959737c148df3fbf5ea706abe0318726e885e6",
            "runtimeId": "ad64cbc71c7fb31c55507ec24c9f77947132b03d48d9961115cf24f3b7307e1e",
            "taskArn": "arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad",
            "networkInterfaces": [
                {"attachmentId": "1789bcae-ddfb-4d10-8ebe-8ac87ddba5b8", "privateIpv4Address": "10.0.0.139"}
            ],
            "cpu": "0",
        }
    ],
    "createdAt": "2020-01-23T17:57:34.402Z",
    "launchType": "FARGATE",
    "cpu": "256",
    "memory": "512",
    "desiredStatus": "RUNNING",
    "group": "family:sample-fargate",
    "lastStatus": "RUNNING",
    "overrides": {"containerOverrides": [{"name": "FargateApp"}]},
    "connectivity": "CONNECTED",
    "connectivityAt": "2020-01-23T17:57:38.453Z",
    "pullStartedAt": "2020-01-23T17:57:52.103Z",
    "startedAt": "2020-01-23T17:57:58.103Z",
    "pullStoppedAt": "2020-01-23T17:57:55.103Z",
    "updatedAt": "2020-01-23T17:57:58.103Z",
    "taskArn": "arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad",
    "taskDefinitionArn": "arn:aws:ecs:us-west-2:111122223333:task-definition/sample-fargate:1",
    "version": 4,
    "platformVersion": "1.3.0",
}
#: "Example Container instance state change event": its detail's members.
INSTANCE_SAMPLE_MEMBERS = {
    "agentConnected",
    "attributes",
    "clusterArn",
    "containerInstanceArn",
    "ec2InstanceId",
    "registeredResources",
    "remainingResources",
    "status",
    "version",
    "versionInfo",
    "updatedAt",
}
#: "Example Service steady state event" and "Example Service task placement failure event".
STEADY_SAMPLE = {
    "eventType": "INFO",
    "eventName": "SERVICE_STEADY_STATE",
    "clusterArn": "arn:aws:ecs:us-west-2:111122223333:cluster/default",
    "createdAt": "2019-11-19T19:27:22.695Z",
}
PLACEMENT_SAMPLE = {
    "eventType": "ERROR",
    "eventName": "SERVICE_TASK_PLACEMENT_FAILURE",
    "clusterArn": "arn:aws:ecs:us-west-2:111122223333:cluster/default",
    "capacityProviderArns": ["arn:aws:ecs:us-west-2:111122223333:capacity-provider/FARGATE_SPOT"],
    "reason": "RESOURCE:FARGATE",
    "createdAt": "2019-11-06T19:09:33.087Z",
}
#: "Example service deployment in progress event" (and completed, failed, rollback): detail members.
DEPLOYMENT_SAMPLE_MEMBERS = {"eventType", "eventName", "deploymentId", "updatedAt", "reason"}


def _shape(value: Any) -> Any:
    """What a JSON value is, member by member: a sample and an event have one shape when they agree in kind."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    if isinstance(value, str) and ISO_MS.match(value):
        return "time"
    return type(value).__name__


def _fits(sample: dict[str, Any], event: dict[str, Any]) -> None:
    """Every member of the sample is in the event, of the same kind (nested objects alike)."""
    for key, value in sample.items():
        assert key in event, key
        if isinstance(value, dict):
            _fits(value, event[key])
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            assert event[key], key
            _fits(value[0], event[key][0])
        else:
            assert _shape(event[key]) == _shape(value), (key, event[key], value)


def _envelope(event: dict[str, Any], detail_type: str) -> None:
    assert set(event) == ENVELOPE
    assert event["version"] == "0"
    assert event["source"] == "aws.ecs"
    assert event["detail-type"] == detail_type
    assert re.match(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$", event["id"])
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", event["time"])
    assert (event["account"], event["region"]) == ("123456789012", "us-east-1")


def _tasks(fake: FakeBackend) -> list[dict[str, Any]]:
    return fake.events.sent(detail_type="ECS Task State Change")


def _as_event(task: Any) -> dict[str, Any]:
    """A task as DescribeTasks shows it, in the event's terms (ISO times, ``eni`` attachments, no tags)."""
    from ecskit.backends.fake.engine.ecs_events import _wire

    wire: dict[str, Any] = _wire(to_api(task))
    wire.pop("tags", None)
    for attachment in wire.get("attachments", ()):
        attachment["type"] = "eni"
    return wire


# -- ECS Task State Change ---------------------------------------------------------------------------------------


def test_a_fargate_task_sends_the_sample_events_shape() -> None:
    fake = FakeBackend()
    cluster(fake, "FargateCluster")
    definition = fargate_taskdef(fake, "sample-fargate", container("FargateApp"))
    run(fake, cluster="FargateCluster", taskDefinition=definition, launchType="FARGATE", networkConfiguration=awsvpc())
    fake.advance(60)
    events = _tasks(fake)
    statuses = [e["detail"]["lastStatus"] for e in events]
    assert statuses[0] == "PROVISIONING"
    assert "PENDING" in statuses
    assert statuses[-1] == "RUNNING"
    versions = [e["detail"]["version"] for e in events]
    assert versions == sorted(versions)
    assert len(set(versions)) == len(versions)
    running = events[-1]
    _envelope(running, "ECS Task State Change")
    assert running["resources"] == [running["detail"]["taskArn"]]
    _fits(TASK_SAMPLE, running["detail"])
    assert running["detail"]["attachments"][0]["type"] == "eni"
    assert "tags" not in running["detail"]
    assert running["detail"]["updatedAt"] == running["detail"]["startedAt"]  # the change: it started


def test_each_event_shows_the_task_as_describe_tasks_showed_that_version() -> None:
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 0)
    definition = taskdef(fake, "app", container(healthCheck={"command": ["CMD", "true"], "interval": 5}))
    arn = (run(fake, cluster="web", taskDefinition=definition).tasks or ())[0].task_arn or ""
    shown: dict[int, dict[str, Any]] = {}
    for _ in range(40):
        (task,) = fake.describe_tasks(DescribeTasksRequest(cluster="web", tasks=(arn,))).tasks or ()
        shown[task.version or 0] = _as_event(task)
        fake.advance(1)
    fake.stop_task(StopTaskRequest(cluster="web", task=arn, reason="done"))
    for _ in range(10):
        (task,) = fake.describe_tasks(DescribeTasksRequest(cluster="web", tasks=(arn,))).tasks or ()
        shown[task.version or 0] = _as_event(task)
        fake.advance(1)
    events = [e["detail"] for e in _tasks(fake)]
    compared = 0
    for detail in events:
        expected = shown.get(detail["version"])
        if expected is not None:
            assert {k: v for k, v in detail.items() if k != "updatedAt"} == expected
            compared += 1
    assert compared >= 6
    stop = next(d for d in events if d["desiredStatus"] == "STOPPED")
    assert (stop["stopCode"], stop["stoppedReason"], stop["lastStatus"]) == ("UserInitiated", "done", "RUNNING")
    assert events[-1]["lastStatus"] == "STOPPED"
    assert events[-1]["containers"][0]["exitCode"] == 143


def test_a_lifecycle_step_that_changes_a_task_twice_sends_both_versions() -> None:
    """A doomed pull (an image that cannot be pulled) changes the task's container and then asks it to stop in one
    step of virtual time: two events, two versions."""
    fake = FakeBackend(faults=Faults().fail_pull("missing:1"))
    cluster(fake)
    register(fake, "web", 0)
    run(fake, cluster="web", taskDefinition=taskdef(fake, "app", container(image="missing:1")))
    fake.advance(60)
    details = [e["detail"] for e in _tasks(fake)]
    versions = [d["version"] for d in details]
    assert versions == list(range(versions[0], versions[0] + len(versions)))  # none skipped
    failed = [d for d in details if d["containers"][0].get("reason")]
    assert failed[0]["desiredStatus"] == "RUNNING"
    assert failed[1]["desiredStatus"] == "STOPPED"
    assert failed[1]["stopCode"] == "TaskFailedToStart"


# -- ECS Container Instance State Change ------------------------------------------------------------------------


def test_instance_events_follow_its_resources() -> None:
    fake = FakeBackend()
    cluster(fake)
    instance = register(fake, "web", 0)
    definition = taskdef(fake, "app", container(cpu=256, portMappings=[{"containerPort": 80, "hostPort": 0}]))
    arn = (run(fake, cluster="web", taskDefinition=definition).tasks or ())[0].task_arn or ""
    (placed,) = (
        fake.describe_container_instances(
            DescribeContainerInstancesRequest(
                cluster="web", container_instances=(instance.container_instance_arn or "",)
            )
        ).container_instances
        or ()
    )
    fake.advance(30)
    fake.stop_task(StopTaskRequest(cluster="web", task=arn))
    fake.advance(30)
    events = fake.events.sent(detail_type="ECS Container Instance State Change")
    registered, on, off = (e["detail"] for e in events)
    for event in events:
        _envelope(event, "ECS Container Instance State Change")
        assert event["resources"] == [instance.container_instance_arn]
        assert set(event["detail"]) == INSTANCE_SAMPLE_MEMBERS
    assert registered["remainingResources"] == registered["registeredResources"]
    assert on["remainingResources"] == to_api(placed)["remainingResources"]  # as DescribeContainerInstances showed
    cpu = {r["name"]: r.get("integerValue") for r in on["remainingResources"]}["CPU"]
    assert cpu == instance.registered_resources[0].integer_value - 256  # type: ignore[index, operator]
    assert off["remainingResources"] == registered["remainingResources"]
    assert registered["version"] < on["version"] < off["version"]
    assert on["clusterArn"] == "arn:aws:ecs:us-east-1:123456789012:cluster/web"


def test_a_forced_deregistration_stops_the_tasks_and_sends_the_last_events() -> None:
    fake = FakeBackend()
    cluster(fake)
    instance = register(fake, "web", 0)
    run(fake, cluster="web", taskDefinition=taskdef(fake, "app"), count=2)
    fake.advance(30)
    fake.deregister_container_instance(
        DeregisterContainerInstanceRequest(
            cluster="web", container_instance=instance.container_instance_arn or "", force=True
        )
    )
    fake.advance(10)
    last = fake.events.sent(detail_type="ECS Container Instance State Change")[-1]["detail"]
    assert (last["status"], last["agentConnected"]) == ("INACTIVE", False)
    stopped = [e["detail"] for e in _tasks(fake) if e["detail"]["lastStatus"] == "STOPPED"]
    assert len(stopped) == 2
    assert all(d["stoppedReason"] == "Container instance deregistered" for d in stopped)
    assert fake.records().bus
    assert fake._shared.world.relay.inexact == 0


# -- ECS Service Action and ECS Deployment State Change ---------------------------------------------------------------


def _service(fake: FakeBackend, **members: Any) -> None:
    doc = {"cluster": "web", "serviceName": "web", "desiredCount": 2, **members}
    fake.create_service(from_api(doc, CreateServiceRequest))


def test_a_service_sends_in_progress_steady_state_and_completed() -> None:
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 0)
    _service(fake, taskDefinition=taskdef(fake, "app"))
    fake.advance(60)
    service = (fake.describe_services(DescribeServicesRequest(cluster="web", services=("web",))).services or ())[0]
    deployment = (service.deployments or ())[0].id
    actions = fake.events.sent(detail_type="ECS Service Action")
    steady = next(e for e in actions if e["detail"]["eventName"] == "SERVICE_STEADY_STATE")
    assert set(steady["detail"]) == set(STEADY_SAMPLE)
    _fits(STEADY_SAMPLE, steady["detail"])
    assert steady["resources"] == [service.service_arn]
    changes = [e["detail"] for e in fake.events.sent(detail_type="ECS Deployment State Change")]
    assert [(d["eventName"], d["eventType"]) for d in changes] == [
        ("SERVICE_DEPLOYMENT_IN_PROGRESS", "INFO"),
        ("SERVICE_DEPLOYMENT_COMPLETED", "INFO"),
    ]
    assert all(set(d) == DEPLOYMENT_SAMPLE_MEMBERS for d in changes)
    assert changes[0]["reason"] == f"ECS deployment {deployment} in progress."
    assert changes[1]["reason"] == f"ECS deployment {deployment} completed."
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", changes[0]["updatedAt"])  # as the sample writes it


def test_a_task_that_fits_nowhere_is_a_placement_failure() -> None:
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 0)
    _service(fake, taskDefinition=taskdef(fake, "big", container(cpu=100000)))
    fake.advance(5)
    (failure,) = fake.events.sent(detail_type="ECS Service Action")
    detail = failure["detail"]
    assert (detail["eventType"], detail["eventName"], detail["reason"]) == (
        "ERROR",
        "SERVICE_TASK_PLACEMENT_FAILURE",
        "RESOURCE:CPU",
    )
    assert set(detail) == set(PLACEMENT_SAMPLE) - {"capacityProviderArns"}  # none: a launch type service


def test_the_circuit_breaker_fails_the_deployment_and_rolls_back() -> None:
    fake = FakeBackend(faults=Faults().crash("broken:1", exit_code=1, after_seconds=1))
    cluster(fake)
    register(fake, "web", 0)
    register(fake, "web", 1)
    config = {"deploymentCircuitBreaker": {"enable": True, "rollback": True}}
    _service(fake, taskDefinition=taskdef(fake, "app"), deploymentConfiguration=config)
    fake.advance(30)
    fake.update_service(
        UpdateServiceRequest(
            cluster="web", service="web", task_definition=taskdef(fake, "app", container(image="broken:1"))
        )
    )
    fake.advance(600)
    changes = [e["detail"] for e in fake.events.sent(detail_type="ECS Deployment State Change")]
    assert [d["eventName"] for d in changes[:3]] == [
        "SERVICE_DEPLOYMENT_IN_PROGRESS",  # the first deployment, which completes
        "SERVICE_DEPLOYMENT_COMPLETED",
        "SERVICE_DEPLOYMENT_IN_PROGRESS",  # the broken one
    ]
    failed = next(d for d in changes if d["eventName"] == "SERVICE_DEPLOYMENT_FAILED")
    assert (failed["eventType"], failed["reason"]) == ("ERROR", "ECS deployment circuit breaker: task failed to start.")
    rollback = changes[changes.index(failed) + 1]
    assert rollback["eventName"] == "SERVICE_DEPLOYMENT_IN_PROGRESS"
    assert (
        rollback["reason"]
        == f"ECS deployment circuit breaker: rolling back to deploymentId {rollback['deploymentId']}."
    )
    assert changes[-1]["eventName"] == "SERVICE_DEPLOYMENT_COMPLETED"
    assert changes[-1]["deploymentId"] == rollback["deploymentId"]


def test_a_daemon_service_sends_desired_count_updated() -> None:
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 0)
    _service(fake, taskDefinition=taskdef(fake, "app"), schedulingStrategy="DAEMON", desiredCount=None)
    fake.advance(30)
    register(fake, "web", 1)
    fake.advance(30)
    names = [e["detail"]["eventName"] for e in fake.events.sent(detail_type="ECS Service Action")]
    assert names.count("SERVICE_DESIRED_COUNT_UPDATED") == 2  # 0 -> 1 instance, then 2


def test_a_capacity_provider_service_sends_capacity_provider_steady_state() -> None:
    """The sample "Capacity provider steady state event": capacityProviderArns beside the members of the service's."""
    fake = FakeBackend()
    cluster(fake, capacityProviders=["FARGATE"])
    strategy = [{"capacityProvider": "FARGATE", "weight": 1}]
    _service(
        fake,
        taskDefinition=fargate_taskdef(fake, "app"),
        capacityProviderStrategy=strategy,
        networkConfiguration=awsvpc(),
        desiredCount=1,
    )
    fake.advance(60)
    actions = {e["detail"]["eventName"]: e["detail"] for e in fake.events.sent(detail_type="ECS Service Action")}
    provider = actions["CAPACITY_PROVIDER_STEADY_STATE"]
    assert provider["capacityProviderArns"] == ["arn:aws:ecs:us-east-1:123456789012:capacity-provider/FARGATE"]
    assert set(provider) == {"eventType", "eventName", "clusterArn", "capacityProviderArns", "createdAt"}
    assert set(actions["SERVICE_STEADY_STATE"]) == set(STEADY_SAMPLE)
