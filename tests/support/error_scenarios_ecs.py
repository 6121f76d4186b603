"""A scenario for every ECS entry of the table of error texts (:mod:`ecskit.texts.ecs`), by entry id: see
:mod:`tests.support.error_texts`."""

from __future__ import annotations

from typing import Any

import pytest

from ecskit.backends.fake import FakeBackend, boto
from ecskit.backends.fake.api.ecs import task_definitions
from ecskit.backends.fake.engine import provisioning
from ecskit.iam import trust_policy
from ecskit.iam.trust import TASKS_SERVICE
from ecskit.models.elbv2 import TargetGroup, TargetType
from ecskit.models.iam import Effect, PolicyDocument, Role, Statement
from tests.support.error_texts import Scenario, container, document, fargate

Fake = FakeBackend
M = pytest.MonkeyPatch
_ARN = "arn:aws:ecs:us-east-1:123456789012"
_SUBNETS = {"awsvpcConfiguration": {"subnets": ["subnet-0123456789abcdef0"]}}


def _ecs(fake: Fake) -> Any:
    return fake.client("ecs")


def _cluster(fake: Fake, name: str = "c", **members: Any) -> Any:
    ecs = _ecs(fake)
    ecs.create_cluster(clusterName=name, **members)
    return ecs


def _td(fake: Fake, family: str = "td", *containers: dict[str, Any], **members: Any) -> str:
    ecs = _ecs(fake)
    done = ecs.register_task_definition(
        family=family, containerDefinitions=list(containers) or [container()], **members
    )
    return str(done["taskDefinition"]["taskDefinitionArn"])


def _instance(fake: Fake, cluster: str = "c", n: int = 1, **members: Any) -> str:
    done = _ecs(fake).register_container_instance(
        cluster=cluster, instanceIdentityDocument=document(f"i-{n:017x}"), **members
    )
    return str(done["containerInstance"]["containerInstanceArn"])


def _service(fake: Fake, name: str = "s", **members: Any) -> Any:
    ecs = _cluster(fake)
    td = _td(fake)
    ecs.create_service(cluster="c", serviceName=name, taskDefinition=td, **{"desiredCount": 0, **members})
    return ecs


def _fargate_task(fake: Fake) -> Any:
    ecs = _cluster(fake)
    td = str(ecs.register_task_definition(**fargate())["taskDefinition"]["taskDefinitionArn"])
    ecs.run_task(cluster="c", taskDefinition=td, launchType="FARGATE", networkConfiguration=_SUBNETS)
    return ecs


def _provider(fake: Fake, name: str = "cp", group: str = "asg", **asg: Any) -> Any:
    arn = fake.declare_auto_scaling_group(group, instance_type="m5.large", availability_zones=("us-east-1a",))
    ecs = _ecs(fake)
    ecs.create_capacity_provider(name=name, autoScalingGroupProvider={"autoScalingGroupArn": arn, **asg})
    return ecs


def _register(fake: Fake, **members: Any) -> Any:
    return _ecs(fake).register_task_definition(family="td", **{"containerDefinitions": [container()], **members})


def _put_attributes(fake: Fake, *attributes: dict[str, Any]) -> Any:
    _cluster(fake)
    arn = _instance(fake)
    return _ecs(fake).put_attributes(cluster="c", attributes=[{"targetId": arn, **a} for a in attributes])


def _agent(fake: Fake, version: str | None, *, external: bool = False) -> Any:
    ecs = _cluster(fake)
    info = {"agentVersion": version or ""}
    if external:
        done = ecs.register_container_instance(
            cluster="c",
            totalResources=[
                {"name": "CPU", "type": "INTEGER", "integerValue": 1024},
                {"name": "MEMORY", "type": "INTEGER", "integerValue": 2048},
            ],
            attributes=[{"name": "ecs.capability.external"}],
            versionInfo=info,
        )
        arn = done["containerInstance"]["containerInstanceArn"]
    else:
        arn = _instance(fake, versionInfo=info)
    return ecs.update_container_agent(cluster="c", containerInstance=arn)


def _no_trust(fake: Fake, m: M) -> Any:
    trust = PolicyDocument(
        statement=(Statement(effect=Effect.ALLOW, principal={"Service": "ec2.amazonaws.com"}, action="sts:AssumeRole"),)
    )
    arn = fake.put_role(Role(role_name="r", assume_role_policy=trust))
    return _register(fake, taskRoleArn=arn)


def _group(fake: Fake, target_type: TargetType, *, balanced: bool) -> Any:
    arn = fake.create_target_group(TargetGroup(target_group_name="tg", target_type=target_type)).target_group_arn
    if balanced:
        from ecskit.models.elbv2 import Listener, LoadBalancer

        lb = fake.create_load_balancer(LoadBalancer(load_balancer_name="lb", subnets=("subnet-a", "subnet-b")))
        fake.create_listener(Listener(port=80, default_target_group="tg"), load_balancer_arn=lb.load_balancer_arn or "")
    ecs = _cluster(fake)
    td = _td(fake, "td", container(portMappings=[{"containerPort": 80}]))
    lbs = [{"targetGroupArn": arn, "containerName": "app", "containerPort": 80}]
    return ecs.create_service(cluster="c", serviceName="s", taskDefinition=td, desiredCount=0, loadBalancers=lbs)


def _run_awsvpc(fake: Fake, config: dict[str, Any]) -> Any:
    ecs = _cluster(fake)
    td = str(ecs.register_task_definition(**fargate())["taskDefinition"]["taskDefinitionArn"])
    network = {"awsvpcConfiguration": config}
    return ecs.run_task(cluster="c", taskDefinition=td, launchType="FARGATE", networkConfiguration=network)


def _deleted_cluster(fake: Fake) -> Any:
    ecs = _cluster(fake)
    ecs.delete_cluster(cluster="c")
    return ecs


def _inactive_td(fake: Fake) -> str:
    td = _td(fake)
    _ecs(fake).deregister_task_definition(taskDefinition=td)
    return td


def _tags(n: int) -> list[dict[str, str]]:
    return [{"key": f"k{i}", "value": "v"} for i in range(n)]


def _cluster_arn(fake: Fake) -> str:
    return str(_cluster(fake).describe_clusters(clusters=["c"])["clusters"][0]["clusterArn"])


def _waiting(fake: Fake, m: M) -> Any:
    m.setattr(provisioning, "MAX_PROVISIONING", 1)
    ecs = _provider(fake, managedScaling={"status": "ENABLED"})
    ecs.create_cluster(clusterName="c", capacityProviders=["cp"])
    td = _td(fake)
    strategy = [{"capacityProvider": "cp", "weight": 1}]
    ecs.run_task(cluster="c", taskDefinition=td, capacityProviderStrategy=strategy)
    return ecs.run_task(cluster="c", taskDefinition=td, capacityProviderStrategy=strategy)


def _busy_instance(fake: Fake) -> Any:
    ecs = _cluster(fake)
    arn = _instance(fake)
    ecs.start_task(cluster="c", taskDefinition=_td(fake), containerInstances=[arn])
    return ecs.deregister_container_instance(cluster="c", containerInstance=arn)


def _unchecked(fake: Fake, m: M) -> Any:
    """A client that sends what botocore would refuse (as a client without botocore's checks does)."""
    from botocore.config import Config

    m.setattr(boto, "_config", lambda: Config(user_agent="ecskit-fake", parameter_validation=False))
    return fake.client("ecs")


def _stopped_service(fake: Fake) -> Any:
    ecs = _service(fake)
    ecs.delete_service(cluster="c", service="s")
    return ecs.update_service(cluster="c", service="s", desiredCount=0)


def _daemons(fake: Fake, *, associated: bool = True) -> Any:
    """A cluster ``c`` (of the capacity provider ``cp`` when ``associated``) and the daemon task definition
    ``agent:1``."""
    ecs = _provider(fake)
    ecs.create_cluster(clusterName="c", **({"capacityProviders": ["cp"]} if associated else {}))
    ecs.register_daemon_task_definition(family="agent", containerDefinitions=[container("agent")])
    return ecs


def _create_daemon(fake: Fake, *, associated: bool = True, **members: Any) -> Any:
    ecs = _daemons(fake, associated=associated)
    doc = {
        "daemonName": "dd",
        "clusterArn": f"{_ARN}:cluster/c",
        "daemonTaskDefinitionArn": f"{_ARN}:daemon-task-definition/agent:1",
        "capacityProviderArns": ["cp"],
        **members,
    }
    return ecs.create_daemon(**doc)


def _deleted_daemon(fake: Fake) -> Any:
    _create_daemon(fake)
    ecs = _ecs(fake)
    ecs.delete_daemon(daemonArn=f"{_ARN}:daemon/c/dd")
    return ecs.delete_daemon(daemonArn=f"{_ARN}:daemon/c/dd")


def _deleted_daemon_definition(fake: Fake) -> Any:
    ecs = _daemons(fake)
    ecs.delete_daemon_task_definition(daemonTaskDefinition="agent:1")
    return ecs.delete_daemon_task_definition(daemonTaskDefinition="agent:1")


def _deployment(fake: Fake, desired: int) -> tuple[Any, str]:
    """A service ``s`` of ``desired`` tasks (on no instance: its deployment stays IN_PROGRESS) and the ARN of its
    service deployment."""
    ecs = _service(fake, desiredCount=desired)
    arn = ecs.describe_services(cluster="c", services=["s"])["services"][0]["currentServiceDeployment"]
    return ecs, str(arn)


def _finished(fake: Fake) -> Any:
    ecs, arn = _deployment(fake, 0)
    fake.advance(60)
    return ecs.stop_service_deployment(serviceDeploymentArn=arn)


def _exec_task(fake: Fake, *containers: dict[str, Any], enabled: bool = True) -> tuple[Any, str]:
    """A RUNNING task of the task definition ``td`` (``containers``, else one) on an instance of cluster ``c``."""
    ecs = _cluster(fake)
    _instance(fake)
    td = _td(fake, "td", *containers, taskRoleArn="arn:aws:iam::123456789012:role/app")
    task = ecs.run_task(cluster="c", taskDefinition=td, enableExecuteCommand=enabled)["tasks"][0]["taskArn"]
    fake.advance(30)
    return ecs, str(task)


def _exec(fake: Fake, *containers: dict[str, Any], enabled: bool = True, **members: Any) -> Any:
    ecs, task = _exec_task(fake, *containers, enabled=enabled)
    return ecs.execute_command(cluster="c", task=task, command="/bin/sh", **{"interactive": True, **members})


def _exec_without_session_manager(fake: Fake, m: M) -> Any:
    fake.put_role(Role(role_name="app", assume_role_policy=trust_policy(TASKS_SERVICE)))
    return _exec(fake)


def _arns(kind: str, n: int = 21) -> list[str]:
    return [f"{_ARN}:{kind}/c/s/{i}" for i in range(n)]


def _external(fake: Fake) -> Any:
    ecs = _cluster(fake)
    ecs.create_service(cluster="c", serviceName="s", deploymentController={"type": "EXTERNAL"}, desiredCount=1)
    return ecs


def _task_set(fake: Fake, **members: Any) -> tuple[Any, str]:
    ecs = _external(fake)
    made = ecs.create_task_set(cluster="c", service="s", taskDefinition=_td(fake), **members)
    return ecs, str(made["taskSet"]["id"])


def _six_task_sets(fake: Fake) -> None:
    ecs = _external(fake)
    td = _td(fake)
    for _ in range(6):
        ecs.create_task_set(cluster="c", service="s", taskDefinition=td)


def _scaled_delete(fake: Fake) -> None:
    ecs, made = _task_set(fake, scale={"value": 50.0, "unit": "PERCENT"})
    ecs.delete_task_set(cluster="c", service="s", taskSet=made)


def _draining_primary(fake: Fake) -> None:
    ecs, made = _task_set(fake)
    ecs.delete_task_set(cluster="c", service="s", taskSet=made, force=True)
    ecs.update_service_primary_task_set(cluster="c", service="s", primaryTaskSet=made)


SCENARIOS: dict[str, Scenario] = {
    # clusters and lookups
    "ecs-cluster-not-found": lambda f, m: _ecs(f).list_services(cluster="nope"),
    "ecs-cluster-inactive": lambda f, m: _deleted_cluster(f).run_task(cluster="c", taskDefinition=_td(f)),
    "ecs-cluster-inactive-service": lambda f, m: _deleted_cluster(f).create_service(
        cluster="c", serviceName="s", taskDefinition=_td(f), desiredCount=0
    ),
    "ecs-cluster-contains-instances": lambda f, m: (_cluster(f), _instance(f), _ecs(f).delete_cluster(cluster="c")),
    "ecs-cluster-contains-services": lambda f, m: _service(f).delete_cluster(cluster="c"),
    "ecs-cluster-contains-tasks": lambda f, m: _fargate_task(f).delete_cluster(cluster="c"),
    "ecs-page-token": lambda f, m: _ecs(f).list_clusters(nextToken="not a token of the fake's"),
    "ecs-page-size": lambda f, m: _ecs(f).list_clusters(maxResults=101),
    "ecs-tasks-empty": lambda f, m: _cluster(f).describe_tasks(cluster="c", tasks=[]),
    "ecs-tasks-too-many": lambda f, m: _cluster(f).describe_tasks(cluster="c", tasks=["t"] * 101),
    "ecs-services-empty": lambda f, m: _cluster(f).describe_services(cluster="c", services=[]),
    "ecs-services-too-many": lambda f, m: _cluster(f).describe_services(cluster="c", services=["s"] * 11),
    "ecs-container-instances-empty": lambda f, m: _cluster(f).describe_container_instances(
        cluster="c", containerInstances=[]
    ),
    "ecs-container-instances-too-many": lambda f, m: _cluster(f).describe_container_instances(
        cluster="c", containerInstances=["i"] * 101
    ),
    "ecs-service-deployments-count": lambda f, m: _ecs(f).describe_service_deployments(serviceDeploymentArns=[]),
    "ecs-request-invalid": lambda f, m: _unchecked(f, m).list_tasks(cluster="c", maxResults="ten"),
    "ecs-enum-invalid": lambda f, m: _register(f, networkMode="bogus"),
    # tags
    "ecs-arn-invalid": lambda f, m: _ecs(f).list_tags_for_resource(
        resourceArn="arn:aws:ecr:us-east-1:123456789012:repository/web"
    ),
    "ecs-long-arn-required": lambda f, m: _service(f).tag_resource(
        resourceArn=f"{_ARN}:service/s", tags=[{"key": "k", "value": "v"}]
    ),
    "ecs-resource-not-found": lambda f, m: _cluster(f).tag_resource(
        resourceArn=f"{_ARN}:service/c/nope", tags=[{"key": "k", "value": "v"}]
    ),
    "ecs-resource-not-found-list": lambda f, m: _cluster(f).list_tags_for_resource(resourceArn=f"{_ARN}:task/c/nope"),
    "ecs-tag-key-reserved": lambda f, m: _ecs(f).tag_resource(
        resourceArn=_cluster_arn(f), tags=[{"key": "aws:owner", "value": "v"}]
    ),
    "ecs-tags-too-many": lambda f, m: _ecs(f).tag_resource(resourceArn=_cluster_arn(f), tags=_tags(51)),
    "ecs-tag-key-invalid": lambda f, m: _ecs(f).tag_resource(
        resourceArn=_cluster_arn(f), tags=[{"key": "no#hash", "value": "v"}]
    ),
    "ecs-tag-key-repeated": lambda f, m: _ecs(f).tag_resource(
        resourceArn=_cluster_arn(f), tags=[{"key": "k", "value": "1"}, {"key": "k", "value": "2"}]
    ),
    "ecs-tag-value-invalid": lambda f, m: _ecs(f).tag_resource(
        resourceArn=_cluster_arn(f), tags=[{"key": "k", "value": "v" * 257}]
    ),
    # task definitions
    "ecs-task-definition-describe-not-found": lambda f, m: _ecs(f).describe_task_definition(taskDefinition="no:1"),
    "ecs-task-definition-deregister-revision": lambda f, m: (
        _td(f),
        _ecs(f).deregister_task_definition(taskDefinition="td"),
    ),
    "ecs-task-definition-revisions": lambda f, m: (
        m.setattr(task_definitions, "MAX_REVISIONS", 1),
        _td(f),
        _td(f),
    ),
    "ecs-task-definition-delete-still-active": lambda f, m: _ecs(f).delete_task_definitions(taskDefinitions=[_td(f)]),
    "ecs-task-definition-delete-not-found": lambda f, m: _ecs(f).delete_task_definitions(taskDefinitions=["no:1"]),
    "ecs-task-definition-not-found-service": lambda f, m: _cluster(f).create_service(
        cluster="c", serviceName="s", taskDefinition="no:1", desiredCount=0
    ),
    "ecs-task-definition-not-found-run": lambda f, m: _cluster(f).run_task(cluster="c", taskDefinition="no:1"),
    "ecs-task-definition-inactive-service": lambda f, m: _cluster(f).create_service(
        cluster="c", serviceName="s", taskDefinition=_inactive_td(f), desiredCount=0
    ),
    "ecs-task-definition-inactive-run": lambda f, m: _cluster(f).run_task(cluster="c", taskDefinition=_inactive_td(f)),
    "ecs-task-definition-launch-type": lambda f, m: _cluster(f).run_task(
        cluster="c", taskDefinition=_td(f), launchType="FARGATE", networkConfiguration=_SUBNETS
    ),
    "ecs-role-not-assumable": _no_trust,
    "ecs-fargate-pid-mode": lambda f, m: _ecs(f).register_task_definition(**fargate(pidMode="host")),
    "ecs-fargate-ipc-mode": lambda f, m: _ecs(f).register_task_definition(**fargate(ipcMode="task")),
    "ecs-container-memory-required": lambda f, m: _register(f, containerDefinitions=[{"name": "a", "image": "x"}]),
    "ecs-container-port-invalid": lambda f, m: _register(
        f, containerDefinitions=[container(portMappings=[{"hostPort": 8080}])]
    ),
    "ecs-awsvpc-ports-match": lambda f, m: _ecs(f).register_task_definition(
        **fargate(
            containerDefinitions=[
                {"name": "app", "image": "x", "portMappings": [{"containerPort": 80, "hostPort": 81}]}
            ]
        )
    ),
    "ecs-host-port-mapped-twice": lambda f, m: _register(
        f,
        containerDefinitions=[
            container("a", portMappings=[{"containerPort": 80, "hostPort": 8080}]),
            container("b", portMappings=[{"containerPort": 81, "hostPort": 8080}]),
        ],
    ),
    # services
    "ecs-service-not-found": lambda f, m: _cluster(f).update_service(cluster="c", service="nope", desiredCount=0),
    "ecs-service-not-active": lambda f, m: _stopped_service(f),
    "ecs-service-name-invalid": lambda f, m: _cluster(f).create_service(
        cluster="c", serviceName="no spaces", taskDefinition=_td(f), desiredCount=0
    ),
    "ecs-service-task-definition-required": lambda f, m: _cluster(f).create_service(
        cluster="c", serviceName="s", desiredCount=0
    ),
    "ecs-service-daemon-count": lambda f, m: _cluster(f).create_service(
        cluster="c", serviceName="s", taskDefinition=_td(f), schedulingStrategy="DAEMON", desiredCount=1
    ),
    "ecs-service-daemon-update-count": lambda f, m: _cluster(f).update_service(
        cluster="c",
        service=_cluster(f).create_service(
            cluster="c", serviceName="s", taskDefinition=_td(f), schedulingStrategy="DAEMON"
        )["service"]["serviceName"],
        desiredCount=1,
    ),
    "ecs-desired-count-negative": lambda f, m: _cluster(f).create_service(
        cluster="c", serviceName="s", taskDefinition=_td(f), desiredCount=-1
    ),
    "ecs-service-not-idempotent": lambda f, m: _service(f).create_service(
        cluster="c", serviceName="s", taskDefinition="td:1", desiredCount=2
    ),
    "ecs-service-scaled-above-zero": lambda f, m: _service(f, desiredCount=1).delete_service(cluster="c", service="s"),
    "ecs-deployment-min-healthy": lambda f, m: _service(f, deploymentConfiguration={"minimumHealthyPercent": 101}),
    "ecs-deployment-max-percent": lambda f, m: _service(f, deploymentConfiguration={"maximumPercent": 99}),
    "ecs-target-group-no-load-balancer": lambda f, m: _group(f, TargetType.INSTANCE, balanced=False),
    "ecs-target-group-type": lambda f, m: _group(f, TargetType.IP, balanced=True),
    # networks of tasks
    "ecs-subnets-empty": lambda f, m: _run_awsvpc(f, {"subnets": []}),
    "ecs-subnets-too-many": lambda f, m: _run_awsvpc(f, {"subnets": [f"subnet-{i:017x}" for i in range(17)]}),
    "ecs-subnet-malformed": lambda f, m: _run_awsvpc(f, {"subnets": ["web"]}),
    "ecs-security-groups-too-many": lambda f, m: _run_awsvpc(
        f, {"subnets": ["subnet-0123456789abcdef0"], "securityGroups": [f"sg-{i:017x}" for i in range(6)]}
    ),
    "ecs-security-group-malformed": lambda f, m: _run_awsvpc(
        f, {"subnets": ["subnet-0123456789abcdef0"], "securityGroups": ["web"]}
    ),
    # tasks
    "ecs-run-count": lambda f, m: _cluster(f).run_task(cluster="c", taskDefinition=_td(f), count=11),
    "ecs-no-container-instances": lambda f, m: _cluster(f).run_task(cluster="c", taskDefinition=_td(f)),
    "ecs-provisioning-quota": _waiting,
    "ecs-stop-reason-length": lambda f, m: _cluster(f).stop_task(cluster="c", task="t", reason="r" * 256),
    "ecs-task-not-found": lambda f, m: _cluster(f).stop_task(cluster="c", task="nope"),
    "ecs-protection-minutes": lambda f, m: _cluster(f).update_task_protection(
        cluster="c", tasks=["t"], protectionEnabled=True, expiresInMinutes=2881
    ),
    "ecs-fake-managed-instances": lambda f, m: _cluster(f).run_task(
        cluster="c", taskDefinition=_td(f), launchType="MANAGED_INSTANCES"
    ),
    # container instances and attributes
    "ecs-container-instance-not-found": lambda f, m: _cluster(f).deregister_container_instance(
        cluster="c", containerInstance="nope"
    ),
    "ecs-filter-invalid": lambda f, m: _cluster(f).list_container_instances(cluster="c", filter="attribute:x =="),
    "ecs-container-instance-already-registered": lambda f, m: (
        _cluster(f, "a"),
        _instance(f, "a"),
        _cluster(f, "b"),
        _instance(f, "b"),
    ),
    "ecs-container-instance-status": lambda f, m: _cluster(f).update_container_instances_state(
        cluster="c", containerInstances=["i"], status="REGISTERING"
    ),
    "ecs-instance-has-tasks": lambda f, m: _busy_instance(f),
    "ecs-identity-document-invalid": lambda f, m: _cluster(f).register_container_instance(
        cluster="c", instanceIdentityDocument="{not json"
    ),
    "ecs-identity-document-no-instance": lambda f, m: _cluster(f).register_container_instance(
        cluster="c", instanceIdentityDocument=document("web")
    ),
    "ecs-identity-document-region": lambda f, m: _cluster(f).register_container_instance(
        cluster="c", instanceIdentityDocument=document(region="eu-west-1")
    ),
    "ecs-identity-document-zone": lambda f, m: _cluster(f).register_container_instance(
        cluster="c", instanceIdentityDocument=document(availabilityZone="eu-west-1a")
    ),
    "ecs-identity-document-no-type": lambda f, m: _cluster(f).register_container_instance(
        cluster="c", instanceIdentityDocument=document(instanceType=None)
    ),
    "ecs-instance-needs-resources": lambda f, m: _cluster(f).register_container_instance(cluster="c"),
    "ecs-total-resources-value": lambda f, m: _cluster(f).register_container_instance(
        cluster="c",
        instanceIdentityDocument=document(),
        totalResources=[{"name": "CPU", "type": "INTEGER", "integerValue": -1}],
    ),
    "ecs-total-resources-ports": lambda f, m: _cluster(f).register_container_instance(
        cluster="c",
        instanceIdentityDocument=document(),
        totalResources=[{"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["eighty"]}],
    ),
    "ecs-attribute-name-invalid": lambda f, m: _put_attributes(f, {"name": "no spaces here"}),
    "ecs-attribute-value-invalid": lambda f, m: _put_attributes(f, {"name": "team", "value": " padded "}),
    "ecs-attributes-too-many": lambda f, m: _put_attributes(f, *({"name": f"a{i}"} for i in range(11))),
    "ecs-attribute-target-id": lambda f, m: _cluster(f).put_attributes(cluster="c", attributes=[{"name": "a"}]),
    "ecs-attribute-target-not-found": lambda f, m: _cluster(f).put_attributes(
        cluster="c", attributes=[{"name": "a", "targetId": "nope"}]
    ),
    "ecs-attribute-value-without-name": lambda f, m: _cluster(f).list_attributes(
        cluster="c", targetType="container-instance", attributeValue="v"
    ),
    "ecs-agent-external": lambda f, m: _agent(f, "1.0.0", external=True),
    "ecs-agent-missing-version": lambda f, m: _agent(f, None),
    "ecs-agent-update-in-progress": lambda f, m: (
        _agent(f, "1.0.0"),
        _ecs(f).update_container_agent(
            cluster="c", containerInstance=_ecs(f).list_container_instances(cluster="c")["containerInstanceArns"][0]
        ),
    ),
    "ecs-agent-no-update": lambda f, m: _agent(f, "99.0.0"),
    # capacity providers and strategies
    "ecs-capacity-provider-name-invalid": lambda f, m: _provider(f, name="aws-cp"),
    "ecs-capacity-provider-exists": lambda f, m: (_provider(f), _provider(f, group="other")),
    "ecs-capacity-provider-asg-in-use": lambda f, m: _provider(f).create_capacity_provider(
        name="cp2", autoScalingGroupProvider={"autoScalingGroupArn": "asg"}
    ),
    "ecs-capacity-provider-termination-protection": lambda f, m: _provider(f, managedTerminationProtection="ENABLED"),
    "ecs-capacity-provider-needs-asg": lambda f, m: _provider(f).update_capacity_provider(name="cp"),
    "ecs-capacity-provider-cluster": lambda f, m: _ecs(f).create_capacity_provider(
        name="cp",
        cluster="c",
        autoScalingGroupProvider={
            "autoScalingGroupArn": f.declare_auto_scaling_group(
                "asg", instance_type="m5.large", availability_zones=("us-east-1a",)
            )
        },
    ),
    "ecs-capacity-providers-too-many": lambda f, m: _ecs(f).describe_capacity_providers(capacityProviders=["cp"] * 101),
    "ecs-capacity-provider-reserved": lambda f, m: _ecs(f).delete_capacity_provider(capacityProvider="FARGATE"),
    "ecs-capacity-provider-not-found": lambda f, m: _ecs(f).delete_capacity_provider(capacityProvider="nope"),
    "ecs-capacity-provider-not-found-associate": lambda f, m: _cluster(f).put_cluster_capacity_providers(
        cluster="c", capacityProviders=["nope"], defaultCapacityProviderStrategy=[]
    ),
    "ecs-capacity-provider-elsewhere": lambda f, m: (
        _provider(f).create_cluster(clusterName="a", capacityProviders=["cp"]),
        _ecs(f).create_cluster(clusterName="b", capacityProviders=["cp"]),
    ),
    "ecs-capacity-provider-in-use": lambda f, m: (
        _provider(f).create_cluster(clusterName="c", capacityProviders=["cp"]),
        _ecs(f).create_service(
            cluster="c",
            serviceName="s",
            taskDefinition=_td(f),
            desiredCount=0,
            capacityProviderStrategy=[{"capacityProvider": "cp", "weight": 1}],
        ),
        _ecs(f).put_cluster_capacity_providers(cluster="c", capacityProviders=[], defaultCapacityProviderStrategy=[]),
    ),
    "ecs-strategy-not-associated": lambda f, m: _cluster(f).run_task(
        cluster="c", taskDefinition=_td(f), capacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1}]
    ),
    "ecs-strategy-mixed": lambda f, m: (
        _provider(f).create_cluster(clusterName="c", capacityProviders=["cp", "FARGATE"]),
        _ecs(f).update_service(
            cluster="c",
            service=_ecs(f).create_service(cluster="c", serviceName="s", taskDefinition=_td(f), desiredCount=0)[
                "service"
            ]["serviceName"],
            capacityProviderStrategy=[
                {"capacityProvider": "cp", "weight": 1},
                {"capacityProvider": "FARGATE", "weight": 1},
            ],
        ),
    ),
    "ecs-strategy-no-weight": lambda f, m: (
        _cluster(f, capacityProviders=["FARGATE"]),
        _ecs(f).create_service(
            cluster="c",
            serviceName="s",
            taskDefinition=_ecs(f).register_task_definition(**fargate())["taskDefinition"]["taskDefinitionArn"],
            desiredCount=0,
            capacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 0}],
            networkConfiguration=_SUBNETS,
        ),
    ),
    "ecs-asg-invalid-arn": lambda f, m: _ecs(f).create_capacity_provider(
        name="cp", autoScalingGroupProvider={"autoScalingGroupArn": "arn:aws:autoscaling:nonsense"}
    ),
    "ecs-asg-elsewhere": lambda f, m: _ecs(f).create_capacity_provider(
        name="cp",
        autoScalingGroupProvider={
            "autoScalingGroupArn": "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:"
            "11111111-2222-3333-4444-555555555555:autoScalingGroupName/asg"
        },
    ),
    "ecs-asg-not-found": lambda f, m: (
        f.declare_auto_scaling_group("asg", instance_type="m5.large", availability_zones=("us-east-1a",)),
        _ecs(f).create_capacity_provider(
            name="cp",
            autoScalingGroupProvider={
                "autoScalingGroupArn": "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:"
                "11111111-2222-3333-4444-555555555555:autoScalingGroupName/asg"
            },
        ),
    ),
    "ecs-asg-invalid-name": lambda f, m: _ecs(f).create_capacity_provider(
        name="cp", autoScalingGroupProvider={"autoScalingGroupArn": "bad:name"}
    ),
    # account settings
    "ecs-setting-principal-invalid": lambda f, m: _ecs(f).put_account_setting(
        name="containerInsights", value="enabled", principalArn="someone"
    ),
    "ecs-setting-principal-account": lambda f, m: _ecs(f).put_account_setting(
        name="containerInsights", value="enabled", principalArn="arn:aws:iam::999999999999:root"
    ),
    "ecs-setting-aws-managed": lambda f, m: _ecs(f).put_account_setting(name="guardDutyActivate", value="on"),
    "ecs-setting-value": lambda f, m: _ecs(f).put_account_setting(name="containerInsights", value="maybe"),
    "ecs-setting-root-only": lambda f, m: _ecs(f).put_account_setting(
        name="fargateTaskRetirementWaitPeriod", value="7", principalArn="arn:aws:iam::123456789012:user/u"
    ),
    "ecs-setting-value-without-name": lambda f, m: _ecs(f).list_account_settings(value="enabled"),
    # service revisions and service deployments
    "ecs-service-revisions-count": lambda f, m: _ecs(f).describe_service_revisions(
        serviceRevisionArns=_arns("service-revision")
    ),
    "ecs-service-deployment-not-found": lambda f, m: _ecs(f).stop_service_deployment(
        serviceDeploymentArn=f"{_ARN}:service-deployment/c/s/nope"
    ),
    "ecs-service-deployment-finished": lambda f, m: _finished(f),
    "ecs-service-deployment-no-rollback": lambda f, m: _ecs(f).stop_service_deployment(
        serviceDeploymentArn=_deployment(f, 1)[1]
    ),
    "ecs-hook-not-awaiting": lambda f, m: _ecs(f).continue_service_deployment(
        serviceDeploymentArn=_deployment(f, 1)[1], hookId="nope"
    ),
    "ecs-namespace-not-found": lambda f, m: _ecs(f).list_services_by_namespace(namespace="nowhere"),
    # ECS Exec and the agent's reports
    "ecs-exec-task-length": lambda f, m: _cluster(f).execute_command(
        cluster="c", task="abc", command="/bin/sh", interactive=True
    ),
    "ecs-exec-not-interactive": lambda f, m: _exec(f, interactive=False),
    "ecs-exec-container-required": lambda f, m: _exec(f, container("a"), container("b")),
    "ecs-container-not-in-task": lambda f, m: _exec(f, container="nope"),
    "ecs-exec-not-enabled": lambda f, m: _exec(f, enabled=False),
    "ecs-exec-not-connected": _exec_without_session_manager,
    "ecs-attachment-not-found": lambda f, m: _cluster(f).submit_attachment_state_changes(
        cluster="c", attachments=[{"attachmentArn": f"{_ARN}:attachment/nope", "status": "ATTACHED"}]
    ),
    # daemons and daemon task definitions
    "ecs-daemon-not-found": lambda f, m: _ecs(f).describe_daemon(daemonArn=f"{_ARN}:daemon/c/nope"),
    "ecs-daemon-not-active": lambda f, m: _deleted_daemon(f),
    "ecs-daemon-name-invalid": lambda f, m: _create_daemon(f, daemonName="no spaces"),
    "ecs-daemon-not-idempotent": lambda f, m: (
        _create_daemon(f),
        _ecs(f).create_daemon(
            daemonName="dd",
            clusterArn=f"{_ARN}:cluster/c",
            daemonTaskDefinitionArn=f"{_ARN}:daemon-task-definition/agent:1",
            capacityProviderArns=["cp"],
            enableExecuteCommand=True,
        ),
    ),
    "ecs-daemon-providers-empty": lambda f, m: _create_daemon(f, capacityProviderArns=[]),
    "ecs-daemon-provider-fargate": lambda f, m: _create_daemon(f, capacityProviderArns=["FARGATE"]),
    "ecs-daemon-provider-not-found": lambda f, m: _create_daemon(f, capacityProviderArns=["nope"]),
    "ecs-daemon-provider-not-associated": lambda f, m: _create_daemon(f, associated=False),
    "ecs-daemon-definition-unusable": lambda f, m: _create_daemon(
        f, daemonTaskDefinitionArn=f"{_ARN}:daemon-task-definition/agent:9"
    ),
    "ecs-daemon-drain-percent": lambda f, m: _create_daemon(f, deploymentConfiguration={"drainPercent": 0.5}),
    "ecs-daemon-bake-time": lambda f, m: _create_daemon(f, deploymentConfiguration={"bakeTimeInMinutes": 5000}),
    "ecs-daemon-revisions-count": lambda f, m: _ecs(f).describe_daemon_revisions(
        daemonRevisionArns=_arns("daemon-revision")
    ),
    "ecs-daemon-deployments-count": lambda f, m: _ecs(f).describe_daemon_deployments(
        daemonDeploymentArns=_arns("daemon-deployment")
    ),
    "ecs-daemon-definition-not-found": lambda f, m: _ecs(f).describe_daemon_task_definition(
        daemonTaskDefinition="nope"
    ),
    "ecs-daemon-definition-revision": lambda f, m: _daemons(f).delete_daemon_task_definition(
        daemonTaskDefinition="agent"
    ),
    "ecs-daemon-definition-not-active": lambda f, m: _deleted_daemon_definition(f),
    "ecs-service-family-empty": lambda f, m: _cluster(f).create_service(
        cluster="c", serviceName="s", deploymentController={"type": "EXTERNAL"}, taskDefinition="", desiredCount=0
    ),
    "ecs-service-task-set-member": lambda f, m: _external(f).update_service(
        cluster="c", service="s", taskDefinition=_td(f)
    ),
    "ecs-task-set-external-only": lambda f, m: _service(f).create_task_set(
        cluster="c", service="s", taskDefinition=_td(f)
    ),
    "ecs-task-set-limit": lambda f, m: _six_task_sets(f),
    "ecs-task-sets-empty": lambda f, m: _external(f).describe_task_sets(cluster="c", service="s"),
    "ecs-task-set-id-invalid": lambda f, m: _external(f).describe_task_sets(
        cluster="c", service="s", taskSets=[f"{_ARN}:task/c/0123456789abcdef0123456789abcdef"]
    ),
    "ecs-task-set-not-found": lambda f, m: _external(f).delete_task_set(
        cluster="c", service="s", taskSet="ecs-svc/1234567890123456789"
    ),
    "ecs-task-set-scale": lambda f, m: _external(f).create_task_set(
        cluster="c", service="s", taskDefinition=_td(f), scale={"value": 150.0, "unit": "PERCENT"}
    ),
    "ecs-task-set-scaled": lambda f, m: _scaled_delete(f),
    "ecs-task-set-draining-primary": lambda f, m: _draining_primary(f),
}
