"""Cases for ecskit/validation/rules/services.py (service core, network configuration, scheduling, platform
version, grace period, tags, ECS Exec)."""

from __future__ import annotations

from typing import Any

from tests.support.rulecases import (
    TASK_ROLE,
    Case,
    Doc,
    container,
    ec2_service,
    ec2_taskdef,
    fargate_container,
    fargate_service,
    fargate_taskdef,
    network_configuration,
    with_changes,
)

TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"
SPOT_STRATEGY = [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]
ASG_STRATEGY = [{"capacityProvider": "asg-provider", "weight": 1}]
SIX_GROUPS = [f"sg-0000000{i}" for i in range(6)]
CLUSTER_WITH_DEFAULT = {
    "clusterName": "main",
    "capacityProviders": ["asg-provider"],
    "defaultCapacityProviderStrategy": ASG_STRATEGY,
}


EXTERNAL = {"type": "EXTERNAL"}


def external(**members: Any) -> Doc:
    """A clean service of the EXTERNAL deployment controller: name and desired count (its task sets run tasks)."""
    return {"serviceName": "web", "desiredCount": 2, "deploymentController": EXTERNAL, **members}


def daemon(**members: Any) -> Doc:
    """A clean DAEMON service on EC2 (no desiredCount)."""
    return with_changes(ec2_service(), **{"desiredCount": None, "schedulingStrategy": "DAEMON", **members})


CASES = [
    Case(
        rule="svc-name-format",
        kind="service",
        bad=ec2_service(serviceName="web app"),
        good=ec2_service(serviceName="web-app_2"),
        path="serviceName",
    ),
    Case(
        rule="svc-name-format",
        name="placeholder",
        kind="service",
        bad=ec2_service(serviceName="web:prod"),
        good=ec2_service(serviceName="${ServiceName}"),
    ),
    Case(
        rule="svc-taskdef-required",
        kind="service",
        bad=with_changes(ec2_service(), taskDefinition=None),
        good=with_changes(ec2_service(), taskDefinition=None, deploymentController={"type": "EXTERNAL"}),
        path="taskDefinition",
    ),
    Case(
        rule="svc-external-no-taskdef",
        kind="service",
        bad=external(taskDefinition="app:1"),
        good=external(),
        path="taskDefinition",
    ),
    Case(
        rule="svc-external-no-network",
        kind="service",
        bad=external(networkConfiguration=network_configuration()),
        good=external(),
        path="networkConfiguration",
    ),
    Case(
        rule="svc-external-no-lb",
        kind="service",
        bad=external(loadBalancers=[{"targetGroupArn": TG, "containerName": "app", "containerPort": 80}]),
        good=external(loadBalancers=[]),
        path="loadBalancers",
    ),
    Case(
        rule="svc-external-task-set-settings",
        kind="service",
        bad=external(launchType="FARGATE", platformVersion="1.4.0"),
        good=external(schedulingStrategy="REPLICA"),
        path="launchType",
    ),
    Case(
        rule="svc-taskdef-format",
        kind="service",
        bad=ec2_service(taskDefinition="app:latest"),
        good=ec2_service(taskDefinition="app:12"),
        path="taskDefinition",
    ),
    Case(
        rule="svc-taskdef-format",
        name="arn",
        kind="service",
        bad=ec2_service(taskDefinition="arn:aws:ecs:us-east-1:123456789012:task/app:3"),
        good=ec2_service(taskDefinition="arn:aws:ecs:us-east-1:123456789012:task-definition/app:3"),
    ),
    Case(
        rule="svc-desired-count",
        kind="service",
        bad=with_changes(ec2_service(), desiredCount=None),
        good=ec2_service(desiredCount=0),
        path="desiredCount",
    ),
    Case(
        rule="svc-desired-count",
        name="negative",
        kind="service",
        bad=ec2_service(desiredCount=-1),
        good=ec2_service(desiredCount=0),
    ),
    Case(
        rule="svc-daemon-no-count",
        kind="service",
        bad=daemon(desiredCount=1),
        good=daemon(),
        path="desiredCount",
    ),
    Case(
        rule="svc-daemon-compat",
        kind="service",
        bad=with_changes(fargate_service(), desiredCount=None, schedulingStrategy="DAEMON"),
        good=daemon(),
        path="schedulingStrategy",
    ),
    Case(
        rule="svc-daemon-compat",
        name="controller",
        kind="service",
        bad=daemon(deploymentController={"type": "CODE_DEPLOY"}),
        good=daemon(deploymentController={"type": "ECS"}),
    ),
    Case(
        rule="svc-daemon-no-cps",
        kind="service",
        bad=daemon(launchType=None, capacityProviderStrategy=ASG_STRATEGY),
        good=daemon(),
        path="capacityProviderStrategy",
    ),
    Case(
        rule="svc-daemon-no-cps",
        name="cluster-default",
        kind="service",
        bad=daemon(launchType=None),
        good=daemon(),
        cluster=CLUSTER_WITH_DEFAULT,
        path="launchType",
    ),
    Case(
        rule="svc-daemon-no-strategy",
        kind="service",
        bad=daemon(placementStrategy=[{"type": "spread", "field": "instanceId"}]),
        good=daemon(placementConstraints=[{"type": "distinctInstance"}]),
        path="placementStrategy",
    ),
    Case(
        rule="launch-type-xor-cps",
        kind="service",
        bad=ec2_service(capacityProviderStrategy=ASG_STRATEGY),
        good=with_changes(ec2_service(), launchType=None, capacityProviderStrategy=ASG_STRATEGY),
        path="launchType",
    ),
    Case(
        rule="svc-managed-instances-cps",
        kind="service",
        bad=ec2_service(launchType="MANAGED_INSTANCES"),
        good=with_changes(
            ec2_service(), launchType=None, capacityProviderStrategy=[{"capacityProvider": "mi-provider", "weight": 1}]
        ),
        path="launchType",
    ),
    Case(
        rule="launch-type-compat",
        kind="service",
        bad=fargate_service(),
        good=fargate_service(),
        taskdef=fargate_taskdef(requiresCompatibilities=["EC2"]),
        good_taskdef=fargate_taskdef(requiresCompatibilities=["EC2", "FARGATE"]),
        path="launchType",
    ),
    Case(
        rule="launch-type-compat",
        name="fargate-spot",
        kind="service",
        bad=with_changes(
            fargate_service(), launchType=None, capacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT"}]
        ),
        good=with_changes(fargate_service(), launchType=None, capacityProviderStrategy=ASG_STRATEGY),
        taskdef=with_changes(fargate_taskdef(), requiresCompatibilities=None),
        path="capacityProviderStrategy",
    ),
    Case(
        rule="launch-netcfg-required-awsvpc",
        kind="service",
        bad=with_changes(fargate_service(), networkConfiguration=None),
        good=fargate_service(),
        taskdef=fargate_taskdef(),
        path="networkConfiguration",
    ),
    Case(
        rule="launch-netcfg-required-awsvpc",
        name="no-taskdef",
        kind="service",
        bad=with_changes(fargate_service(), networkConfiguration=None),
        good=ec2_service(),
    ),
    Case(
        rule="launch-netcfg-forbidden-other",
        kind="service",
        bad=ec2_service(networkConfiguration=network_configuration()),
        good=ec2_service(),
        taskdef=ec2_taskdef(),
        path="networkConfiguration",
    ),
    Case(
        rule="svc-awsvpc-subnets-sgs",
        kind="service",
        bad=fargate_service(networkConfiguration=network_configuration(subnets=[])),
        good=fargate_service(),
        path="networkConfiguration.awsvpcConfiguration.subnets",
    ),
    Case(
        rule="svc-awsvpc-subnets-sgs",
        name="security-groups",
        kind="service",
        bad=fargate_service(networkConfiguration=network_configuration(securityGroups=SIX_GROUPS)),
        good=fargate_service(networkConfiguration=network_configuration(securityGroups=SIX_GROUPS[:5])),
        path="networkConfiguration.awsvpcConfiguration.securityGroups",
    ),
    Case(
        rule="svc-awsvpc-id-format",
        kind="service",
        bad=fargate_service(networkConfiguration=network_configuration(subnets=["subnet-EXAMPLE"])),
        good=fargate_service(networkConfiguration=network_configuration(subnets=["subnet-0123abcd", "${SubnetId}"])),
        path="networkConfiguration.awsvpcConfiguration.subnets[0]",
    ),
    Case(
        rule="svc-awsvpc-id-format",
        name="security-group",
        kind="service",
        bad=fargate_service(networkConfiguration=network_configuration(securityGroups=["web-sg"])),
        good=fargate_service(networkConfiguration=network_configuration(securityGroups=["<SECURITY_GROUP_ID>"])),
        path="networkConfiguration.awsvpcConfiguration.securityGroups[0]",
    ),
    Case(
        rule="launch-assign-public-ip",
        kind="service",
        bad=ec2_service(networkConfiguration=network_configuration(assignPublicIp="ENABLED")),
        good=ec2_service(networkConfiguration=network_configuration(assignPublicIp="DISABLED")),
        taskdef=ec2_taskdef(networkMode="awsvpc"),
        path="networkConfiguration.awsvpcConfiguration.assignPublicIp",
    ),
    Case(
        rule="svc-grace-period",
        kind="service",
        bad=ec2_service(healthCheckGracePeriodSeconds=-1),
        good=ec2_service(healthCheckGracePeriodSeconds=60),
        path="healthCheckGracePeriodSeconds",
    ),
    Case(
        rule="svc-grace-period-unused",
        kind="service",
        bad=ec2_service(healthCheckGracePeriodSeconds=60),
        good=ec2_service(healthCheckGracePeriodSeconds=60),
        taskdef=ec2_taskdef(),
        good_taskdef=ec2_taskdef(container(healthCheck={"command": ["CMD-SHELL", "curl -f http://localhost/"]})),
        path="healthCheckGracePeriodSeconds",
    ),
    Case(
        rule="svc-managed-tags",
        kind="service",
        bad=ec2_service(enableECSManagedTags=True),
        good=ec2_service(enableECSManagedTags=True, propagateTags="SERVICE"),
        path="propagateTags",
    ),
    Case(
        rule="launch-exec-command",
        kind="service",
        bad=fargate_service(enableExecuteCommand=True),
        good=fargate_service(enableExecuteCommand=True),
        taskdef=fargate_taskdef(),
        good_taskdef=fargate_taskdef(taskRoleArn=TASK_ROLE),
        path="enableExecuteCommand",
    ),
    Case(
        rule="launch-exec-platform-version",
        kind="service",
        bad=fargate_service(enableExecuteCommand=True, platformVersion="1.3.0"),
        good=fargate_service(enableExecuteCommand=True, platformVersion="1.4.0"),
        taskdef=fargate_taskdef(taskRoleArn=TASK_ROLE),
        path="platformVersion",
    ),
    Case(
        rule="svc-exec-readonly-rootfs",
        kind="service",
        bad=fargate_service(enableExecuteCommand=True),
        good=fargate_service(),
        taskdef=fargate_taskdef(fargate_container(readonlyRootFilesystem=True), taskRoleArn=TASK_ROLE),
        path="enableExecuteCommand",
    ),
    Case(
        rule="svc-client-token",
        kind="service",
        bad=ec2_service(clientToken="x" * 37),
        good=ec2_service(clientToken="0f8fad5b-d9cb-469f-a165-70867728950e"),
        path="clientToken",
    ),
    Case(
        rule="fargate-platform-exists",
        kind="service",
        bad=fargate_service(platformVersion="1.4"),
        good=fargate_service(platformVersion="1.4.0"),
        path="platformVersion",
    ),
    Case(
        rule="fargate-platform-exists",
        name="latest",
        kind="service",
        bad=fargate_service(platformVersion="latest"),
        good=fargate_service(platformVersion="LATEST"),
    ),
    Case(
        rule="fargate-platform-only-fargate",
        kind="service",
        bad=ec2_service(platformVersion="LATEST"),
        good=fargate_service(platformVersion="LATEST"),
        path="platformVersion",
    ),
    Case(
        rule="tag-service",
        kind="service",
        bad=ec2_service(tags=[{"key": "aws:team", "value": "web"}]),
        good=ec2_service(tags=[{"key": "team", "value": "web/frontend @ prod"}]),
        path="tags[0].key",
    ),
    Case(
        rule="tag-service",
        name="count",
        kind="service",
        bad=ec2_service(tags=[{"key": f"k{i}", "value": "v"} for i in range(51)]),
        good=ec2_service(tags=[{"key": f"k{i}", "value": "v"} for i in range(50)]),
        path="tags",
    ),
    Case(
        rule="tag-service",
        name="duplicate",
        kind="service",
        bad=ec2_service(tags=[{"key": "team", "value": "a"}, {"key": "team", "value": "b"}]),
        good=ec2_service(tags=[{"key": "team", "value": "a"}, {"key": "Team", "value": "b"}]),
        path="tags[1].key",
    ),
    Case(
        rule="tag-service",
        name="characters",
        kind="service",
        bad=ec2_service(tags=[{"key": "cost-center", "value": "web#1"}]),
        good=ec2_service(tags=[{"key": "cost-center", "value": "équipe 1"}]),
        path="tags[0].value",
    ),
    Case(
        rule="tag-service",
        name="length",
        kind="service",
        bad=ec2_service(tags=[{"key": "k" * 129, "value": "v"}]),
        good=ec2_service(tags=[{"key": "k" * 128, "value": "v" * 256}]),
    ),
]
