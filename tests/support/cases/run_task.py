"""Cases for ecskit/validation/rules/run_task.py (RunTask requests), and the RunTask baselines other case
modules build on."""

from __future__ import annotations

from typing import Any

from tests.support.rulecases import (
    Case,
    Doc,
    ec2_taskdef,
    fargate_taskdef,
    network_configuration,
    with_changes,
)


def ec2_run_task(**members: Any) -> Doc:
    """A clean RunTask request on EC2 (for the bridge-mode ``ec2_taskdef``)."""
    return {"cluster": "main", "taskDefinition": "app:1", "count": 1, "launchType": "EC2", **members}


def fargate_run_task(**members: Any) -> Doc:
    """A clean RunTask request on Fargate (for ``fargate_taskdef``)."""
    return {
        "cluster": "main",
        "taskDefinition": "app:1",
        "count": 1,
        "launchType": "FARGATE",
        "networkConfiguration": network_configuration(),
        **members,
    }


EC2_TD = ec2_taskdef()
FARGATE_TD = fargate_taskdef()
AWSVPC_EC2_TD = ec2_taskdef(networkMode="awsvpc")
SPOT = [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]

CASES = [
    Case(
        rule="run-count",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(count=11),
        good=ec2_run_task(count=10),
        path="count",
    ),
    Case(
        rule="run-count",
        name="zero",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(count=0),
        good=with_changes(ec2_run_task(), count=None),
    ),
    Case(
        rule="run-overrides-size",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(overrides={"containerOverrides": [{"name": "app", "command": ["echo", "x" * 9000]}]}),
        good=ec2_run_task(overrides={"containerOverrides": [{"name": "app", "command": ["echo", "x" * 7000]}]}),
        path="overrides",
    ),
    Case(
        rule="run-override-container-name",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(overrides={"containerOverrides": [{"name": "web", "command": ["true"]}]}),
        good=ec2_run_task(overrides={"containerOverrides": [{"name": "app", "command": ["true"]}]}),
        path="overrides.containerOverrides[0].name",
    ),
    Case(
        rule="run-override-container-name",
        name="missing",
        kind="run-task",
        bad=ec2_run_task(overrides={"containerOverrides": [{"command": ["true"]}]}),
        good=ec2_run_task(overrides={"containerOverrides": [{}, {"name": "anything", "command": ["true"]}]}),
        path="overrides.containerOverrides[0]",
    ),
    Case(
        rule="run-propagate-service",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(propagateTags="SERVICE"),
        good=ec2_run_task(propagateTags="TASK_DEFINITION"),
        path="propagateTags",
    ),
    Case(
        rule="run-started-by",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(startedBy="nightly job 2024.01"),
        good=ec2_run_task(startedBy="nightly-job/2024_01"),
        path="startedBy",
    ),
    Case(
        rule="run-started-by",
        name="length",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(startedBy="x" * 129),
        good=ec2_run_task(startedBy="${JOB_ID}"),
    ),
    Case(
        rule="run-override-ephemeral",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(overrides={"ephemeralStorage": {"sizeInGiB": 50}}),
        good=ec2_run_task(overrides={"cpu": "256"}),
        path="overrides.ephemeralStorage",
    ),
    Case(
        rule="run-override-ephemeral",
        name="size-and-platform",
        kind="run-task",
        taskdef=FARGATE_TD,
        bad=fargate_run_task(platformVersion="1.3.0", overrides={"ephemeralStorage": {"sizeInGiB": 20}}),
        good=fargate_run_task(platformVersion="1.4.0", overrides={"ephemeralStorage": {"sizeInGiB": 21}}),
        path="platformVersion",
    ),
    Case(
        rule="launch-type-xor-cps",
        name="run-task",
        kind="run-task",
        taskdef=FARGATE_TD,
        bad=fargate_run_task(capacityProviderStrategy=SPOT),
        good=with_changes(fargate_run_task(capacityProviderStrategy=SPOT), launchType=None),
        path="launchType",
    ),
    Case(
        rule="launch-type-compat",
        name="run-task",
        kind="run-task",
        taskdef=AWSVPC_EC2_TD,
        good_taskdef=FARGATE_TD,
        bad=fargate_run_task(),
        good=fargate_run_task(),
        path="launchType",
    ),
    Case(
        rule="launch-type-compat",
        name="run-task-spot",
        kind="run-task",
        taskdef=AWSVPC_EC2_TD,
        good_taskdef=ec2_taskdef(
            networkMode="awsvpc", requiresCompatibilities=["EC2", "FARGATE"], cpu="256", memory="512"
        ),
        bad=with_changes(fargate_run_task(capacityProviderStrategy=SPOT), launchType=None),
        good=with_changes(fargate_run_task(capacityProviderStrategy=SPOT), launchType=None),
        path="capacityProviderStrategy",
    ),
    Case(
        rule="fargate-platform-only-fargate",
        name="run-task",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(platformVersion="LATEST"),
        good=ec2_run_task(),
        path="platformVersion",
    ),
    Case(
        rule="launch-netcfg-required-awsvpc",
        name="run-task",
        kind="run-task",
        taskdef=FARGATE_TD,
        bad=with_changes(fargate_run_task(), networkConfiguration=None),
        good=fargate_run_task(),
        path="networkConfiguration",
    ),
    Case(
        rule="launch-netcfg-forbidden-other",
        name="run-task",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(networkConfiguration=network_configuration()),
        good=ec2_run_task(),
        path="networkConfiguration",
    ),
    Case(
        rule="launch-assign-public-ip",
        name="run-task",
        kind="run-task",
        taskdef=AWSVPC_EC2_TD,
        bad=ec2_run_task(networkConfiguration=network_configuration(assignPublicIp="ENABLED")),
        good=ec2_run_task(networkConfiguration=network_configuration(assignPublicIp="DISABLED")),
        path="networkConfiguration.awsvpcConfiguration.assignPublicIp",
    ),
    Case(
        rule="launch-assign-public-ip",
        name="run-task-fargate",
        kind="run-task",
        taskdef=FARGATE_TD,
        bad=ec2_run_task(launchType="EXTERNAL", networkConfiguration=network_configuration(assignPublicIp="ENABLED")),
        good=fargate_run_task(networkConfiguration=network_configuration(assignPublicIp="ENABLED")),
    ),
]
