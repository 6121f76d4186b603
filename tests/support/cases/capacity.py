"""Cases for ecskit/validation/rules/capacity.py (capacity provider strategies and CreateCapacityProvider)."""

from __future__ import annotations

from typing import Any

from tests.support.cases.run_task import fargate_run_task
from tests.support.rulecases import (
    ACCOUNT,
    Case,
    Doc,
    fargate_service,
    fargate_taskdef,
    with_changes,
)

ASG_ARN = (
    f"arn:aws:autoscaling:us-east-1:{ACCOUNT}:autoScalingGroup:"
    "0123abcd-0123-4567-89ab-0123456789ab:autoScalingGroupName/app-asg"
)
FARGATE_TD = fargate_taskdef()
WINDOWS_TD = fargate_taskdef(
    cpu="1024", memory="2048", runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}
)
ARM_TD = fargate_taskdef(runtimePlatform={"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"})
CLUSTER = {"clusterName": "main", "capacityProviders": ["FARGATE", "FARGATE_SPOT"]}


def strategy_service(*items: Doc, **members: Any) -> Doc:
    """A clean Fargate service that runs on a capacity provider strategy instead of a launch type."""
    return with_changes(fargate_service(), launchType=None, capacityProviderStrategy=list(items), **members)


def strategy_run_task(*items: Doc, **members: Any) -> Doc:
    """A clean Fargate RunTask request on a capacity provider strategy."""
    return with_changes(fargate_run_task(), launchType=None, capacityProviderStrategy=list(items), **members)


def item(provider: str = "FARGATE", **members: Any) -> Doc:
    """A capacity provider strategy item (weight 1 unless given)."""
    return {"capacityProvider": provider, "weight": 1, **members}


def provider(**members: Any) -> Doc:
    """A clean CreateCapacityProvider request for an Auto Scaling group with managed scaling."""
    return {
        "name": "cp-main",
        "autoScalingGroupProvider": {
            "autoScalingGroupArn": ASG_ARN,
            "managedScaling": {"status": "ENABLED", "targetCapacity": 100},
            "managedTerminationProtection": "ENABLED",
        },
        **members,
    }


def asg(**members: Any) -> Doc:
    """The autoScalingGroupProvider of :func:`provider`, with members replaced (None removes one)."""
    return with_changes(provider()["autoScalingGroupProvider"], **members)


CASES = [
    # strategies
    Case(
        rule="cps-max-20",
        kind="service",
        taskdef=FARGATE_TD,
        bad=strategy_service(*[item(f"cp-{i}") for i in range(21)]),
        good=strategy_service(*[item(f"cp-{i}") for i in range(20)]),
        path="capacityProviderStrategy",
    ),
    Case(
        rule="cps-weight-range",
        kind="service",
        taskdef=FARGATE_TD,
        bad=strategy_service(item(weight=1001)),
        good=strategy_service(item(weight=1000)),
        path="capacityProviderStrategy[0].weight",
    ),
    Case(
        rule="cps-base-range",
        kind="run-task",
        taskdef=FARGATE_TD,
        bad=strategy_run_task(item(base=-1)),
        good=strategy_run_task(item(base=0)),
        path="capacityProviderStrategy[0].base",
    ),
    Case(
        rule="cps-single-base",
        kind="service",
        taskdef=FARGATE_TD,
        bad=strategy_service(item(base=1), item("FARGATE_SPOT", base=2)),
        good=strategy_service(item(base=1), item("FARGATE_SPOT", base=0)),
        path="capacityProviderStrategy[1].base",
    ),
    Case(
        rule="cps-positive-weight",
        kind="service",
        taskdef=FARGATE_TD,
        bad=strategy_service(item(weight=0, base=1), item("FARGATE_SPOT", weight=0)),
        good=strategy_service(item(weight=0, base=1), item("FARGATE_SPOT", weight=1)),
        path="capacityProviderStrategy",
    ),
    Case(
        rule="cps-zero-weight-unused",
        kind="service",
        taskdef=FARGATE_TD,
        bad=strategy_service(item(weight=0), item("FARGATE_SPOT", weight=3)),
        good=strategy_service(item(weight=0, base=2), item("FARGATE_SPOT", weight=3)),
        path="capacityProviderStrategy[0].weight",
    ),
    Case(
        rule="cps-no-mix",
        kind="cluster",
        bad={
            "clusterName": "main",
            "capacityProviders": ["FARGATE", "cp-main"],
            "defaultCapacityProviderStrategy": [item(), item("cp-main")],
        },
        good={
            "clusterName": "main",
            "capacityProviders": ["FARGATE", "cp-main"],
            "defaultCapacityProviderStrategy": [item("cp-main")],
        },
        path="defaultCapacityProviderStrategy",
    ),
    Case(
        rule="cps-associated",
        kind="service",
        taskdef=FARGATE_TD,
        cluster={"clusterName": "main", "capacityProviders": ["FARGATE"]},
        bad=strategy_service(item(base=1), item("FARGATE_SPOT", weight=2)),
        good=strategy_service(item()),
        path="capacityProviderStrategy[1].capacityProvider",
    ),
    Case(
        rule="cps-fargate-spot-platform",
        kind="service",
        taskdef=WINDOWS_TD,
        good_taskdef=FARGATE_TD,
        cluster=CLUSTER,
        bad=strategy_service(item("FARGATE_SPOT")),
        good=strategy_service(item("FARGATE_SPOT")),
        path="capacityProviderStrategy[0].capacityProvider",
    ),
    Case(
        rule="cps-fargate-spot-platform",
        name="platform",
        kind="service",
        taskdef=ARM_TD,
        bad=strategy_service(item("FARGATE_SPOT"), platformVersion="1.3.0"),
        good=strategy_service(item("FARGATE_SPOT"), platformVersion="1.4.0"),
        path="platformVersion",
    ),
    Case(
        rule="cps-fargate-spot-platform",
        name="run-task",
        kind="run-task",
        taskdef=FARGATE_TD,
        bad=strategy_run_task(item("FARGATE_SPOT"), platformVersion="1.2.0"),
        good=strategy_run_task(item("FARGATE_SPOT"), platformVersion="1.3.0"),
        path="platformVersion",
    ),
    # CreateCapacityProvider
    Case(
        rule="cp-name",
        kind="capacity-provider",
        bad=provider(name="ecs-main"),
        good=provider(name="main-ecs"),
        path="name",
    ),
    Case(
        rule="cp-name",
        name="case",
        kind="capacity-provider",
        bad=provider(name="AWSProvider"),
        good=provider(name="Provider_AWS"),
    ),
    Case(
        rule="cp-name",
        name="characters",
        kind="capacity-provider",
        bad=provider(name="main provider"),
        good=provider(name="${ProviderName}"),
    ),
    Case(
        rule="cp-fargate-reserved",
        kind="capacity-provider",
        bad=provider(name="FARGATE_SPOT"),
        good=provider(name="spot"),
        path="name",
    ),
    Case(
        rule="cp-provider-kind",
        kind="capacity-provider",
        bad={"name": "cp-main"},
        good=provider(),
    ),
    Case(
        rule="cp-asg-arn",
        kind="capacity-provider",
        bad=provider(autoScalingGroupProvider=asg(autoScalingGroupArn=f"arn:aws:autoscaling:us-east-1:{ACCOUNT}:app")),
        good=provider(autoScalingGroupProvider=asg(autoScalingGroupArn="app-asg")),
        path="autoScalingGroupProvider.autoScalingGroupArn",
    ),
    Case(
        rule="cp-managed-scaling",
        kind="capacity-provider",
        bad=provider(autoScalingGroupProvider=asg(managedScaling={"status": "ENABLED", "targetCapacity": 0})),
        good=provider(autoScalingGroupProvider=asg(managedScaling={"status": "ENABLED", "targetCapacity": 1})),
        path="autoScalingGroupProvider.managedScaling.targetCapacity",
    ),
    Case(
        rule="cp-managed-scaling",
        name="steps",
        kind="capacity-provider",
        bad=provider(
            autoScalingGroupProvider=asg(managedScaling={"minimumScalingStepSize": 10, "maximumScalingStepSize": 5})
        ),
        good=provider(
            autoScalingGroupProvider=asg(managedScaling={"minimumScalingStepSize": 5, "maximumScalingStepSize": 10})
        ),
        path="autoScalingGroupProvider.managedScaling.minimumScalingStepSize",
    ),
    Case(
        rule="cp-termination-protection",
        kind="capacity-provider",
        bad=provider(autoScalingGroupProvider=asg(managedScaling={"status": "DISABLED"})),
        good=provider(
            autoScalingGroupProvider=asg(managedScaling={"status": "DISABLED"}, managedTerminationProtection="DISABLED")
        ),
        path="autoScalingGroupProvider.managedTerminationProtection",
    ),
    Case(
        rule="tag-capacity-provider",
        kind="capacity-provider",
        bad=provider(tags=[{"key": "aws:owner", "value": "me"}]),
        good=provider(tags=[{"key": "owner", "value": "me"}]),
        path="tags[0].key",
    ),
]
