"""FakeBackend: ECS Managed Daemons: daemon task definitions, daemons on the instances of their capacity providers,
their revisions and deployments (batches, bake time, circuit breaker), deletion, events, waiters."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecskit.backends.fake import FakeBackend, Faults

PREFIX = "arn:aws:ecs:us-east-1:123456789012"


def _fake(instances: int = 3, faults: Faults | None = None) -> tuple[FakeBackend, Any]:
    """A cluster ``web`` of the Auto Scaling group provider ``cp`` (``instances`` m5.large instances registered),
    and the daemon task definitions ``agent:1`` and ``agent:2``."""
    fake = FakeBackend(faults=faults)
    group = fake.declare_auto_scaling_group(
        "daemon-asg",
        instance_type="m5.large",
        availability_zones=("us-east-1a",),
        desired_capacity=instances,
        max_size=9,
    )
    ecs: Any = fake.client("ecs")
    ecs.create_capacity_provider(name="cp", autoScalingGroupProvider={"autoScalingGroupArn": group})
    ecs.create_cluster(clusterName="web", capacityProviders=["cp"])
    for image in ("agent:1", "agent:2"):
        ecs.register_daemon_task_definition(
            family="agent", containerDefinitions=[{"name": "agent", "image": image, "memoryReservation": 128}]
        )
    return fake, ecs


def _create(ecs: Any, **members: Any) -> dict[str, Any]:
    doc = {
        "daemonName": "dd",
        "clusterArn": f"{PREFIX}:cluster/web",
        "daemonTaskDefinitionArn": f"{PREFIX}:daemon-task-definition/agent:1",
        "capacityProviderArns": [f"{PREFIX}:capacity-provider/cp"],
        **members,
    }
    created: dict[str, Any] = ecs.create_daemon(**doc)
    return created


def _daemon_tasks(ecs: Any, status: str = "RUNNING") -> list[tuple[str, str, str]]:
    """(container instance, image, lastStatus) of the daemon's tasks, sorted."""
    arns = ecs.list_tasks(cluster="web")["taskArns"]
    tasks = ecs.describe_tasks(cluster="web", tasks=arns)["tasks"] if arns else []
    return sorted(
        (t["containerInstanceArn"], t["containers"][0]["image"], t["lastStatus"])
        for t in tasks
        if t["group"] == "daemon:dd" and t["lastStatus"] == status
    )


def _deployment(ecs: Any, arn: str) -> dict[str, Any]:
    found: dict[str, Any] = ecs.describe_daemon_deployments(daemonDeploymentArns=[arn])["daemonDeployments"][0]
    return found


def _update(ecs: Any, revision: int = 2, **members: Any) -> dict[str, Any]:
    members.setdefault("capacityProviderArns", ["cp"])
    updated: dict[str, Any] = ecs.update_daemon(
        daemonArn=f"{PREFIX}:daemon/web/dd",
        daemonTaskDefinitionArn=f"{PREFIX}:daemon-task-definition/agent:{revision}",
        **members,
    )
    return updated


# -- daemon task definitions ------------------------------------------------------------------------------------------


def test_daemon_task_definitions_are_revisions_of_a_family() -> None:
    fake, ecs = _fake()
    latest = ecs.describe_daemon_task_definition(daemonTaskDefinition="agent")["daemonTaskDefinition"]
    assert latest["daemonTaskDefinitionArn"] == f"{PREFIX}:daemon-task-definition/agent:2"
    assert (latest["family"], latest["revision"], latest["status"]) == ("agent", 2, "ACTIVE")
    assert latest["registeredBy"] == "arn:aws:iam::123456789012:root"
    first = ecs.describe_daemon_task_definition(daemonTaskDefinition="agent:1")["daemonTaskDefinition"]
    assert first["containerDefinitions"] == [{"name": "agent", "image": "agent:1", "memoryReservation": 128}]
    by_arn = ecs.describe_daemon_task_definition(daemonTaskDefinition=f"{PREFIX}:daemon-task-definition/agent:1")
    assert by_arn["daemonTaskDefinition"] == first
    with pytest.raises(ecs.exceptions.ClientException):
        ecs.describe_daemon_task_definition(daemonTaskDefinition="nope")
    assert fake.records().definitions == {}  # apart from task definitions


def test_registering_checks_the_containers_as_task_definitions_are_checked() -> None:
    _, ecs = _fake()
    with pytest.raises(ecs.exceptions.ClientException):  # two containers of one name
        ecs.register_daemon_task_definition(
            family="bad",
            containerDefinitions=[{"name": "a", "image": "x", "memory": 64}, {"name": "a", "image": "y", "memory": 64}],
        )
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.register_daemon_task_definition(
            family="bad",
            containerDefinitions=[{"name": "a", "image": "x", "memory": 64}],
            tags=[{"key": "aws:mine", "value": "v"}],
        )
    listed = ecs.list_daemon_task_definitions(status="ALL")["daemonTaskDefinitions"]
    assert [d["arn"].rsplit("/", 1)[-1] for d in listed] == ["agent:1", "agent:2"]  # the refused made nothing


def test_listing_daemon_task_definitions() -> None:
    _, ecs = _fake()
    ecs.register_daemon_task_definition(family="logs", containerDefinitions=[{"name": "l", "image": "l", "memory": 64}])

    def names(**members: Any) -> list[str]:
        found = ecs.list_daemon_task_definitions(**members)["daemonTaskDefinitions"]
        return [d["arn"].rsplit("/", 1)[-1] for d in found]

    assert names() == ["agent:1", "agent:2", "logs:1"]
    assert names(sort="DESC") == ["logs:1", "agent:2", "agent:1"]
    assert names(family="agent", revision="LAST_REGISTERED") == ["agent:2"]
    assert names(familyPrefix="lo") == ["logs:1"]
    page = ecs.list_daemon_task_definitions(maxResults=2)
    assert len(page["daemonTaskDefinitions"]) == 2
    rest = ecs.list_daemon_task_definitions(nextToken=page["nextToken"])["daemonTaskDefinitions"]
    assert [d["arn"].rsplit("/", 1)[-1] for d in rest] == ["logs:1"]


def test_deleting_a_daemon_task_definition_waits_for_its_daemons() -> None:
    fake, ecs = _fake()
    _create(ecs)
    fake.advance(30)
    deleted = ecs.delete_daemon_task_definition(daemonTaskDefinition="agent:1")
    assert deleted["daemonTaskDefinitionArn"] == f"{PREFIX}:daemon-task-definition/agent:1"
    shown = ecs.describe_daemon_task_definition(daemonTaskDefinition="agent:1")["daemonTaskDefinition"]
    assert (shown["status"], "deleteRequestedAt" in shown) == ("DELETE_IN_PROGRESS", True)
    assert _daemon_tasks(ecs) != []  # "Existing daemons that reference the deleted daemon task definition continue"
    with pytest.raises(ecs.exceptions.InvalidParameterException):  # but no new daemon may use it
        _create(ecs, daemonName="other")
    with pytest.raises(ecs.exceptions.ClientException):  # only an ACTIVE revision can be deleted
        ecs.delete_daemon_task_definition(daemonTaskDefinition="agent:1")
    with pytest.raises(ecs.exceptions.ClientException):  # the revision is needed
        ecs.delete_daemon_task_definition(daemonTaskDefinition="agent")
    _update(ecs)
    ecs.get_waiter("daemon_task_definition_deleted").wait(daemonTaskDefinition="agent:1")
    assert ecs.list_daemon_task_definitions(status="ALL")["daemonTaskDefinitions"][0]["status"] == "DELETED"


def test_the_daemon_task_definition_waiters() -> None:
    fake, ecs = _fake()
    ecs.get_waiter("daemon_task_definition_active").wait(daemonTaskDefinition="agent:2")
    ecs.delete_daemon_task_definition(daemonTaskDefinition="agent:2")
    with pytest.raises(Exception, match="terminal failure state"):
        ecs.get_waiter("daemon_task_definition_active").wait(daemonTaskDefinition="agent:2")
    assert fake.clock.elapsed == 0


# -- daemons ----------------------------------------------------------------------------------------------------------


def test_a_daemon_runs_one_task_on_each_instance_of_its_providers() -> None:
    _, ecs = _fake()
    created = _create(ecs)
    assert (created["daemonArn"], created["status"]) == (f"{PREFIX}:daemon/web/dd", "ACTIVE")
    assert created["deploymentArn"].startswith(f"{PREFIX}:daemon-deployment/web/dd/")
    assert len(created["deploymentArn"].rsplit("/", 1)[-1]) == 21  # as AWS's examples' ids
    ecs.get_waiter("daemon_deployment_successful").wait(daemonDeploymentArns=[created["deploymentArn"]])
    instances = ecs.list_container_instances(cluster="web")["containerInstanceArns"]
    assert [i for i, _, _ in _daemon_tasks(ecs)] == sorted(instances)
    arns = ecs.list_tasks(cluster="web")["taskArns"]
    task = ecs.describe_tasks(cluster="web", tasks=arns[:1])["tasks"][0]
    assert (task["launchType"], task["capacityProviderName"]) == ("EC2", "cp")
    assert task["taskDefinitionArn"] == f"{PREFIX}:daemon-task-definition/agent:1"
    detail = ecs.describe_daemon(daemonArn=created["daemonArn"])["daemon"]
    assert detail["status"] == "ACTIVE"
    assert detail["deploymentArn"] == created["deploymentArn"]
    (revision,) = detail["currentRevisions"]
    assert revision["totalRunningCount"] == 3
    assert revision["capacityProviders"] == [{"arn": f"{PREFIX}:capacity-provider/cp", "runningCount": 3}]
    assert revision["arn"].startswith(f"{PREFIX}:daemon-revision/web/dd/")


def test_a_daemon_revision_captures_the_daemon() -> None:
    fake, ecs = _fake()
    _create(ecs, enableExecuteCommand=True, propagateTags="DAEMON", tags=[{"key": "team", "value": "ops"}])
    fake.advance(30)
    arn = ecs.describe_daemon(daemonArn=f"{PREFIX}:daemon/web/dd")["daemon"]["currentRevisions"][0]["arn"]
    found = ecs.describe_daemon_revisions(daemonRevisionArns=[arn, "arn:nope"])
    assert found["failures"] == [{"arn": "arn:nope", "reason": "MISSING"}]
    (revision,) = found["daemonRevisions"]
    assert revision["daemonArn"] == f"{PREFIX}:daemon/web/dd"
    assert revision["daemonTaskDefinitionArn"] == f"{PREFIX}:daemon-task-definition/agent:1"
    assert (revision["enableExecuteCommand"], revision["propagateTags"]) == (True, "DAEMON")
    (image,) = revision["containerImages"]
    assert (image["containerName"], image["image"]) == ("agent", "agent:1")
    task = ecs.list_tasks(cluster="web")["taskArns"][0]
    shown = ecs.describe_tasks(cluster="web", tasks=[task], include=["TAGS"])["tasks"][0]
    assert image["imageDigest"] == shown["containers"][0]["imageDigest"]
    assert shown["tags"] == [{"key": "team", "value": "ops"}]  # propagated from the daemon
    assert shown["enableExecuteCommand"] is True


def test_a_new_instance_gets_the_daemon_task_before_the_tasks_waiting_for_it() -> None:
    """ "When Amazon ECS provisions an instance for the service, it starts the daemon task first" (the deployments
    page): an instance launched for waiting tasks holds the daemon's task, and only the tasks that fit beside it."""
    fake = FakeBackend()
    group = fake.declare_auto_scaling_group(
        "asg", instance_type="m5.large", availability_zones=("us-east-1a",), desired_capacity=0, max_size=4
    )
    ecs: Any = fake.client("ecs")
    scaling = {"status": "ENABLED", "instanceWarmupPeriod": 60}
    ecs.create_capacity_provider(
        name="cp", autoScalingGroupProvider={"autoScalingGroupArn": group, "managedScaling": scaling}
    )
    strategy = [{"capacityProvider": "cp", "weight": 1}]
    ecs.create_cluster(clusterName="web", capacityProviders=["cp"], defaultCapacityProviderStrategy=strategy)
    ecs.register_daemon_task_definition(
        family="agent", containerDefinitions=[{"name": "agent", "image": "agent:1", "memoryReservation": 512}]
    )
    _create(ecs)
    # two of these fit on an m5.large (7984 MiB), but not beside the daemon's 512 MiB
    ecs.register_task_definition(family="app", containerDefinitions=[{"name": "app", "image": "a", "memory": 3800}])
    ecs.create_service(cluster="web", serviceName="app", taskDefinition="app", desiredCount=2)
    fake.advance(300)
    arns = ecs.list_tasks(cluster="web")["taskArns"]
    tasks = ecs.describe_tasks(cluster="web", tasks=arns)["tasks"]
    by_instance: dict[str, list[str]] = {}
    for task in tasks:
        by_instance.setdefault(task["containerInstanceArn"], []).append(task["group"])
    assert sorted(sorted(groups) for groups in by_instance.values()) == [
        ["daemon:dd", "service:app"],
        ["daemon:dd", "service:app"],
    ]


def test_only_instances_of_the_daemons_providers_run_it() -> None:
    fake, ecs = _fake(instances=2)
    other = fake.declare_auto_scaling_group(
        "other-asg", instance_type="m5.large", availability_zones=("us-east-1a",), desired_capacity=1, max_size=2
    )
    ecs.create_capacity_provider(name="other", autoScalingGroupProvider={"autoScalingGroupArn": other})
    ecs.put_cluster_capacity_providers(
        cluster="web", capacityProviders=["cp", "other"], defaultCapacityProviderStrategy=[]
    )
    _create(ecs)
    fake.advance(30)
    assert len(_daemon_tasks(ecs)) == 2
    _update(ecs, 1, capacityProviderArns=["cp", "other"])
    fake.advance(30)
    assert len(_daemon_tasks(ecs)) == 3  # "Add a capacity provider to an existing daemon"


def test_a_draining_instance_loses_its_daemon_task() -> None:
    fake, ecs = _fake(instances=2)
    _create(ecs)
    fake.advance(30)
    first = ecs.list_container_instances(cluster="web")["containerInstanceArns"][0]
    ecs.update_container_instances_state(cluster="web", containerInstances=[first], status="DRAINING")
    fake.advance(30)
    assert [i for i, _, _ in _daemon_tasks(ecs)] == [
        ecs.list_container_instances(cluster="web")["containerInstanceArns"][1]
    ]


def test_an_update_replaces_the_tasks_a_batch_at_a_time() -> None:
    fake, ecs = _fake(instances=4)
    _create(ecs)
    fake.advance(30)
    updated = _update(ecs, deploymentConfiguration={"drainPercent": 50.0, "bakeTimeInMinutes": 1})
    assert updated["status"] == "ACTIVE"
    fake.advance(3)
    deployment = _deployment(ecs, updated["deploymentArn"])
    assert deployment["status"] == "IN_PROGRESS"
    # 50% of the 4 instances at a time: their tasks of the old revision are draining
    assert [r["totalDrainingInstanceCount"] for r in deployment["sourceDaemonRevisions"]] == [2]
    assert [image for _, image, _ in _daemon_tasks(ecs)] == ["agent:1", "agent:1"]
    fake.advance(60)
    assert [image for _, image, _ in _daemon_tasks(ecs)] == ["agent:2"] * 4
    deployment = _deployment(ecs, updated["deploymentArn"])
    assert deployment["status"] == "IN_PROGRESS"  # baking
    assert deployment["targetDaemonRevision"]["totalRunningInstanceCount"] == 4
    assert [s["totalRunningInstanceCount"] for s in deployment["sourceDaemonRevisions"]] == [0]
    fake.advance(60)
    deployment = _deployment(ecs, updated["deploymentArn"])
    assert deployment["status"] == "SUCCESSFUL"
    assert deployment["deploymentConfiguration"] == {
        "drainPercent": 50.0,
        "alarms": {"alarmNames": [], "enable": False},
        "bakeTimeInMinutes": 1,
    }


def test_update_settings_are_not_kept_between_updates() -> None:
    """ "Each call to UpdateDaemon must include the full set of configuration settings you want applied.\""""
    fake, ecs = _fake()
    _create(ecs, enableExecuteCommand=True)
    fake.advance(30)
    updated = _update(ecs)
    revision = _deployment(ecs, updated["deploymentArn"])["targetDaemonRevision"]["arn"]
    shown = ecs.describe_daemon_revisions(daemonRevisionArns=[revision])["daemonRevisions"][0]
    assert shown["enableExecuteCommand"] is False


def test_a_newer_deployment_stops_the_one_in_progress() -> None:
    _, ecs = _fake()
    first = _create(ecs)["deploymentArn"]
    second = _update(ecs)["deploymentArn"]
    assert _deployment(ecs, first)["status"] == "STOPPED"
    with pytest.raises(Exception, match="terminal failure state"):
        ecs.get_waiter("daemon_deployment_successful").wait(daemonDeploymentArns=[first])
    ecs.get_waiter("daemon_deployment_stopped").wait(daemonDeploymentArns=[first])
    listed = ecs.list_daemon_deployments(daemonArn=f"{PREFIX}:daemon/web/dd")["daemonDeployments"]
    assert [d["daemonDeploymentArn"] for d in listed] == [second, first]  # newest first
    only = ecs.list_daemon_deployments(daemonArn=f"{PREFIX}:daemon/web/dd", status=["STOPPED"])["daemonDeployments"]
    assert [d["daemonDeploymentArn"] for d in only] == [first]


def test_the_circuit_breaker_rolls_a_failing_revision_back() -> None:
    fake, ecs = _fake(faults=Faults().fail_pull("agent:2"))
    _create(ecs)
    fake.advance(30)
    updated = _update(ecs, deploymentConfiguration={"drainPercent": 100.0})
    fake.advance(600)
    deployment = _deployment(ecs, updated["deploymentArn"])
    assert deployment["status"] == "ROLLBACK_SUCCESSFUL"
    assert deployment["circuitBreaker"]["status"] == "TRIGGERED"
    assert deployment["circuitBreaker"]["failureCount"] >= deployment["circuitBreaker"]["threshold"] == 3
    assert deployment["rollback"]["rollbackTargetDaemonRevisionArn"] == deployment["sourceDaemonRevisions"][0]["arn"]
    assert [image for _, image, _ in _daemon_tasks(ecs)] == ["agent:1"] * 3
    impaired = [e for e in fake.events.sent() if e["detail-type"] == "ECS Daemon Service Action"]
    assert impaired
    assert {e["detail"]["failureType"] for e in impaired} == {"TASK_FAILED_TO_RUN"}
    assert impaired[0]["detail"]["reason"].startswith("Task failed to reach RUNNING status: CannotPullContainerError")


def test_a_task_that_fits_nowhere_is_reported_once() -> None:
    fake, ecs = _fake(instances=1)
    ecs.register_daemon_task_definition(
        family="huge", containerDefinitions=[{"name": "h", "image": "h", "memoryReservation": 64000}]
    )
    _create(ecs, daemonTaskDefinitionArn=f"{PREFIX}:daemon-task-definition/huge:1")
    fake.advance(120)
    impaired = [e for e in fake.events.sent() if e["detail-type"] == "ECS Daemon Service Action"]
    assert [e["detail"]["failureType"] for e in impaired] == ["TASK_CREATION_FAILED"]
    assert impaired[0]["detail"]["reason"].startswith("RESOURCE:MEMORY")
    assert impaired[0]["resources"] == []


def test_deleting_a_daemon_drains_it_then_it_is_gone() -> None:
    fake, ecs = _fake()
    _create(ecs)
    fake.advance(30)
    deleted = ecs.delete_daemon(daemonArn=f"{PREFIX}:daemon/web/dd")
    assert deleted["status"] == "DELETE_IN_PROGRESS"
    with pytest.raises(ecs.exceptions.DaemonNotActiveException):
        _update(ecs)
    with pytest.raises(Exception, match="terminal failure state"):
        ecs.get_waiter("daemon_active").wait(daemonArn=f"{PREFIX}:daemon/web/dd")
    fake.advance(30)
    assert _deployment(ecs, deleted["deploymentArn"])["status"] == "SUCCESSFUL"
    assert _daemon_tasks(ecs) == []
    with pytest.raises(ecs.exceptions.DaemonNotFoundException):
        ecs.describe_daemon(daemonArn=f"{PREFIX}:daemon/web/dd")
    assert ecs.list_daemons()["daemonSummariesList"] == []
    _create(ecs)  # the name is free again


def test_creating_a_daemon_again() -> None:
    _, ecs = _fake()
    first = _create(ecs, clientToken="a")
    assert _create(ecs, clientToken="b") == first  # the same request: the same daemon
    with pytest.raises(ecs.exceptions.InvalidParameterException, match="not idempotent"):
        _create(ecs, enableExecuteCommand=True)


@pytest.mark.parametrize(
    ("members", "code"),
    [
        ({"daemonName": "bad name"}, "InvalidParameterException"),
        ({"clusterArn": "nope"}, "ClusterNotFoundException"),
        ({"daemonTaskDefinitionArn": "nope:1"}, "InvalidParameterException"),
        ({"capacityProviderArns": []}, "InvalidParameterException"),
        ({"capacityProviderArns": ["FARGATE"]}, "InvalidParameterException"),
        ({"capacityProviderArns": ["nope"]}, "InvalidParameterException"),
        ({"deploymentConfiguration": {"drainPercent": 0.5}}, "InvalidParameterException"),
        ({"deploymentConfiguration": {"bakeTimeInMinutes": 1441}}, "InvalidParameterException"),
        ({"tags": [{"key": "aws:x", "value": "y"}]}, "InvalidParameterException"),
    ],
)
def test_create_daemon_refusals(members: dict[str, Any], code: str) -> None:
    fake, ecs = _fake()
    before = fake.save()
    with pytest.raises(ClientError) as info:
        _create(ecs, **members)
    assert info.value.response["Error"]["Code"] == code
    assert fake.save() == before  # a refused call changes nothing


def test_a_provider_of_another_cluster() -> None:
    fake, ecs = _fake()
    group = fake.declare_auto_scaling_group(
        "b-asg", instance_type="m5.large", availability_zones=("us-east-1a",), desired_capacity=0, max_size=1
    )
    ecs.create_capacity_provider(name="b", autoScalingGroupProvider={"autoScalingGroupArn": group})
    with pytest.raises(ecs.exceptions.InvalidParameterException, match="not associated"):
        _create(ecs, capacityProviderArns=["b"])


def test_listing_daemons() -> None:
    fake, ecs = _fake()
    ecs.create_cluster(clusterName="other")
    _create(ecs)
    _create(ecs, daemonName="logs")
    listed = ecs.list_daemons(clusterArn="web")["daemonSummariesList"]
    assert [d["daemonArn"].rsplit("/", 1)[-1] for d in listed] == ["dd", "logs"]
    assert ecs.list_daemons(clusterArn="other")["daemonSummariesList"] == []
    assert len(ecs.list_daemons(capacityProviderArns=[f"{PREFIX}:capacity-provider/cp"])["daemonSummariesList"]) == 2
    assert ecs.list_daemons(capacityProviderArns=["FARGATE"])["daemonSummariesList"] == []
    with pytest.raises(ecs.exceptions.ClusterNotFoundException):
        ecs.list_daemons(clusterArn="nope")
    ecs.get_waiter("daemon_active").wait(daemonArn=f"{PREFIX}:daemon/web/logs")
    assert fake.clock.elapsed == 0


def test_deployment_events() -> None:
    fake, ecs = _fake()
    created = _create(ecs)
    fake.advance(30)
    events = [e for e in fake.events.sent() if e["detail-type"] == "ECS Daemon Deployment State Change"]
    assert [e["detail"]["eventName"] for e in events] == [
        "DAEMON_DEPLOYMENT_PENDING",
        "DAEMON_DEPLOYMENT_IN_PROGRESS",
        "DAEMON_DEPLOYMENT_SUCCESSFUL",
    ]
    detail = events[0]["detail"]
    assert (detail["daemonArn"], detail["daemonDeploymentArn"]) == (created["daemonArn"], created["deploymentArn"])
    assert events[0]["resources"] == [created["daemonArn"]]


def test_daemons_survive_a_save_and_restore() -> None:
    fake, ecs = _fake()
    _create(ecs)
    fake.advance(5)
    _update(ecs)
    fake.advance(3)
    again = FakeBackend.restore(fake.save())
    assert again.save() == fake.save()
    fake.advance(120)
    again.advance(120)
    assert again.save() == fake.save()


def test_daemons_and_daemon_task_definitions_are_tagged() -> None:
    _, ecs = _fake()
    daemon = _create(ecs, tags=[{"key": "team", "value": "ops"}])["daemonArn"]
    assert ecs.list_tags_for_resource(resourceArn=daemon)["tags"] == [{"key": "team", "value": "ops"}]
    definition = f"{PREFIX}:daemon-task-definition/agent:1"
    ecs.tag_resource(resourceArn=definition, tags=[{"key": "tier", "value": "base"}])
    assert ecs.list_tags_for_resource(resourceArn=definition)["tags"] == [{"key": "tier", "value": "base"}]
    # a resource that is not there: ResourceNotFoundException, or InvalidParameterException for
    # ListTagsForResource, whose model has no ResourceNotFoundException (engine/tags.py)
    with pytest.raises(ecs.exceptions.ResourceNotFoundException):
        ecs.tag_resource(resourceArn=f"{PREFIX}:daemon-task-definition/agent:9", tags=[{"key": "k", "value": "v"}])
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.list_tags_for_resource(resourceArn=f"{PREFIX}:daemon-task-definition/agent:9")
    with pytest.raises(ecs.exceptions.ResourceNotFoundException):
        ecs.untag_resource(resourceArn=f"{PREFIX}:daemon/web/nope", tagKeys=["k"])
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.list_tags_for_resource(resourceArn=f"{PREFIX}:daemon/web/nope")
    with pytest.raises(ecs.exceptions.ClusterNotFoundException):
        ecs.list_tags_for_resource(resourceArn=f"{PREFIX}:daemon/elsewhere/dd")
    with pytest.raises(ecs.exceptions.InvalidParameterException, match="Long arn format"):
        ecs.list_tags_for_resource(resourceArn=f"{PREFIX}:daemon/dd")
    with pytest.raises(ecs.exceptions.InvalidParameterException, match="reserved"):
        _create(ecs, daemonName="other", tags=[{"key": "aws:team", "value": "ops"}])
