"""Cases for ecskit/validation/rules/dependencies.py."""

from __future__ import annotations

from typing import Any

from tests.support.rulecases import (
    Case,
    Doc,
    container,
    ec2_service,
    ec2_taskdef,
    fargate_container,
    fargate_service,
    fargate_taskdef,
    network_configuration,
)

HC: dict[str, Any] = {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]}


def depends(name: str, condition: str = "START") -> list[Doc]:
    """A dependsOn list with one entry."""
    return [{"containerName": name, "condition": condition}]


def health(**members: Any) -> Doc:
    """A valid health check with members replaced."""
    return {**HC, **members}


def run_task(**members: Any) -> Doc:
    """A Fargate RunTask request."""
    return {
        "taskDefinition": "app:1",
        "launchType": "FARGATE",
        "networkConfiguration": network_configuration(),
        **members,
    }


INIT = container(name="init", essential=False)
_CLB = [{"loadBalancerName": "web-elb", "containerName": "app", "containerPort": 80}]
_PORTS = [{"containerPort": 80, "hostPort": 80}]

CASES = [
    Case(
        rule="dep-target-exists",
        bad=ec2_taskdef(container(dependsOn=depends("init"))),
        good=ec2_taskdef(container(dependsOn=depends("init")), INIT),
        path="containerDefinitions[0].dependsOn[0].containerName",
    ),
    Case(
        rule="dep-target-exists",
        name="self",
        bad=ec2_taskdef(container(dependsOn=depends("app"))),
        good=ec2_taskdef(container()),
    ),
    Case(
        rule="dep-complete-success-nonessential",
        bad=ec2_taskdef(container(dependsOn=depends("init", "SUCCESS")), container(name="init")),
        good=ec2_taskdef(container(dependsOn=depends("init", "SUCCESS")), INIT),
        path="containerDefinitions[0].dependsOn[0].condition",
    ),
    Case(
        rule="dep-healthy-needs-healthcheck",
        bad=ec2_taskdef(container(dependsOn=depends("proxy", "HEALTHY")), container(name="proxy")),
        good=ec2_taskdef(container(dependsOn=depends("proxy", "HEALTHY")), container(name="proxy", healthCheck=HC)),
        path="containerDefinitions[0].dependsOn[0].condition",
    ),
    Case(
        rule="dep-no-cycles",
        bad=ec2_taskdef(container(dependsOn=depends("b")), container(name="b", dependsOn=depends("app"))),
        good=ec2_taskdef(container(dependsOn=depends("b")), container(name="b")),
        path="containerDefinitions[0].dependsOn",
    ),
    Case(
        rule="dep-no-cycles",
        name="links-volumes",
        bad=ec2_taskdef(
            container(links=["b"]),
            container(name="b", volumesFrom=[{"sourceContainer": "c"}]),
            container(name="c", dependsOn=depends("app")),
        ),
        good=ec2_taskdef(
            container(links=["b"]),
            container(name="b", volumesFrom=[{"sourceContainer": "c"}]),
            container(name="c"),
        ),
    ),
    Case(
        rule="hc-command-prefix",
        bad=ec2_taskdef(container(healthCheck=health(command=["curl -f http://localhost/ || exit 1"]))),
        good=ec2_taskdef(container(healthCheck=HC)),
        path="containerDefinitions[0].healthCheck.command[0]",
    ),
    Case(
        rule="hc-command-empty",
        bad=ec2_taskdef(container(healthCheck=health(command=["CMD-SHELL"]))),
        good=ec2_taskdef(container(healthCheck=health(command=["CMD", "/bin/check"]))),
        path="containerDefinitions[0].healthCheck.command",
    ),
    Case(
        rule="hc-command-empty",
        name="no-command",
        bad=ec2_taskdef(container(healthCheck=health(command=[]))),
        good=ec2_taskdef(container(healthCheck=health(command=["CMD", "/healthcheck"]))),
    ),
    Case(
        rule="hc-cmd-exec-form",
        bad=ec2_taskdef(container(healthCheck=health(command=["CMD", "curl -f http://localhost/ || exit 1"]))),
        good=ec2_taskdef(container(healthCheck=health(command=["CMD", "curl", "-f", "http://localhost/"]))),
        path="containerDefinitions[0].healthCheck.command[1]",
    ),
    Case(
        rule="hc-interval",
        bad=ec2_taskdef(container(healthCheck=health(interval=1))),
        good=ec2_taskdef(container(healthCheck=health(interval=5))),
        path="containerDefinitions[0].healthCheck.interval",
    ),
    Case(
        rule="hc-timeout",
        bad=ec2_taskdef(container(healthCheck=health(timeout=61))),
        good=ec2_taskdef(container(healthCheck=health(timeout=60))),
        path="containerDefinitions[0].healthCheck.timeout",
    ),
    Case(
        rule="hc-retries",
        bad=ec2_taskdef(container(healthCheck=health(retries=0))),
        good=ec2_taskdef(container(healthCheck=health(retries=10))),
        path="containerDefinitions[0].healthCheck.retries",
    ),
    Case(
        rule="hc-start-period",
        bad=ec2_taskdef(container(healthCheck=health(startPeriod=301))),
        good=ec2_taskdef(container(healthCheck=health(startPeriod=0))),
        path="containerDefinitions[0].healthCheck.startPeriod",
    ),
    Case(
        rule="hc-nonessential-no-effect",
        bad=ec2_taskdef(container(), container(name="proxy", essential=False, healthCheck=HC)),
        good=ec2_taskdef(
            container(dependsOn=depends("proxy", "HEALTHY")), container(name="proxy", essential=False, healthCheck=HC)
        ),
        path="containerDefinitions[1].healthCheck",
    ),
    Case(
        rule="hc-classic-lb",
        kind="service",
        bad=ec2_service(loadBalancers=_CLB),
        good=ec2_service(loadBalancers=_CLB),
        taskdef=ec2_taskdef(container(healthCheck=HC, portMappings=_PORTS)),
        good_taskdef=ec2_taskdef(container(portMappings=_PORTS)),
        path="loadBalancers[0].loadBalancerName",
    ),
    Case(
        rule="dep-platform-version",
        kind="service",
        bad=fargate_service(platformVersion="1.2.0"),
        good=fargate_service(platformVersion="1.4.0"),
        taskdef=fargate_taskdef(fargate_container(stopTimeout=60)),
        path="platformVersion",
    ),
    Case(
        rule="dep-platform-version",
        name="run-task",
        kind="run-task",
        bad=run_task(platformVersion="1.0.0"),
        good=run_task(platformVersion="LATEST"),
        taskdef=fargate_taskdef(fargate_container(healthCheck=HC)),
        path="platformVersion",
    ),
]
