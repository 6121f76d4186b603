"""Cases for ecskit/validation/rules/deployments.py (circuit breaker, alarms, percents, strategies)."""

from __future__ import annotations

from typing import Any

from tests.support.rulecases import ACCOUNT, Case, Doc, ec2_service, fargate_service, with_changes

TG = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:targetgroup/web/0123456789abcdef"
LB = [{"targetGroupArn": TG, "containerName": "app", "containerPort": 80}]
CODE_DEPLOY = {"type": "CODE_DEPLOY"}
HOOK = {
    "hookTargetArn": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:check",
    "roleArn": f"arn:aws:iam::{ACCOUNT}:role/ecs-hooks",
    "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"],
}


def deploy(**members: Any) -> Doc:
    """A deploymentConfiguration with the given wire members."""
    return dict(members)


CASES = [
    Case(
        rule="deploy-circuit-breaker-ecs",
        kind="service",
        bad=ec2_service(
            deploymentController=CODE_DEPLOY,
            loadBalancers=LB,
            deploymentConfiguration=deploy(deploymentCircuitBreaker={"enable": True, "rollback": True}),
        ),
        good=ec2_service(
            deploymentController=CODE_DEPLOY,
            loadBalancers=LB,
            deploymentConfiguration=deploy(deploymentCircuitBreaker={"enable": False, "rollback": False}),
        ),
        path="deploymentConfiguration.deploymentCircuitBreaker.enable",
    ),
    Case(
        rule="deploy-alarms-ecs",
        kind="service",
        bad=ec2_service(
            deploymentController=CODE_DEPLOY,
            loadBalancers=LB,
            deploymentConfiguration=deploy(alarms={"alarmNames": ["high-5xx"], "enable": True, "rollback": True}),
        ),
        good=ec2_service(
            deploymentConfiguration=deploy(alarms={"alarmNames": ["high-5xx"], "enable": True, "rollback": True}),
        ),
        path="deploymentConfiguration.alarms.enable",
    ),
    Case(
        rule="deploy-alarms-ecs",
        name="no-names",
        kind="service",
        bad=ec2_service(deploymentConfiguration=deploy(alarms={"alarmNames": [], "enable": True, "rollback": True})),
        good=ec2_service(deploymentConfiguration=deploy(alarms={"alarmNames": [], "enable": False, "rollback": False})),
        path="deploymentConfiguration.alarms.alarmNames",
    ),
    Case(
        rule="deploy-percent-codedeploy-ec2",
        kind="service",
        bad=ec2_service(
            deploymentController=CODE_DEPLOY, loadBalancers=LB, deploymentConfiguration=deploy(maximumPercent=150)
        ),
        good=ec2_service(
            deploymentController=CODE_DEPLOY,
            loadBalancers=LB,
            deploymentConfiguration=deploy(maximumPercent=200, minimumHealthyPercent=100),
        ),
        path="deploymentConfiguration.maximumPercent",
    ),
    Case(
        rule="deploy-percent-ignored",
        kind="service",
        bad=fargate_service(
            deploymentController=CODE_DEPLOY, loadBalancers=LB, deploymentConfiguration=deploy(minimumHealthyPercent=50)
        ),
        good=fargate_service(deploymentConfiguration=deploy(minimumHealthyPercent=50)),
        path="deploymentConfiguration.minimumHealthyPercent",
    ),
    Case(
        rule="deploy-can-progress",
        kind="service",
        bad=ec2_service(deploymentConfiguration=deploy(maximumPercent=100, minimumHealthyPercent=100)),
        good=ec2_service(deploymentConfiguration=deploy(maximumPercent=150, minimumHealthyPercent=100)),
        path="deploymentConfiguration",
    ),
    Case(
        rule="deploy-can-progress",
        name="single-task",
        kind="service",
        bad=ec2_service(desiredCount=1, deploymentConfiguration=deploy(maximumPercent=100, minimumHealthyPercent=50)),
        good=ec2_service(desiredCount=1, deploymentConfiguration=deploy(maximumPercent=100, minimumHealthyPercent=0)),
    ),
    Case(
        rule="deploy-can-progress",
        name="rounding",
        kind="service",
        bad=ec2_service(desiredCount=1, deploymentConfiguration=deploy(maximumPercent=150)),
        good=ec2_service(desiredCount=2, deploymentConfiguration=deploy(maximumPercent=150)),
    ),
    Case(
        rule="deploy-daemon-max-percent",
        kind="service",
        bad=with_changes(
            ec2_service(),
            desiredCount=None,
            schedulingStrategy="DAEMON",
            deploymentConfiguration=deploy(maximumPercent=200),
        ),
        good=with_changes(
            ec2_service(),
            desiredCount=None,
            schedulingStrategy="DAEMON",
            deploymentConfiguration=deploy(maximumPercent=100, minimumHealthyPercent=0),
        ),
        path="deploymentConfiguration.maximumPercent",
    ),
    Case(
        rule="deploy-strategy-fields",
        kind="service",
        bad=fargate_service(
            loadBalancers=LB,
            deploymentConfiguration=deploy(strategy="BLUE_GREEN", linearConfiguration={"stepPercent": 10.0}),
        ),
        good=fargate_service(
            loadBalancers=LB,
            deploymentConfiguration=deploy(strategy="LINEAR", linearConfiguration={"stepPercent": 10.0}),
        ),
        path="deploymentConfiguration.linearConfiguration",
    ),
    Case(
        rule="deploy-strategy-fields",
        name="canary-percent",
        kind="service",
        bad=fargate_service(
            loadBalancers=LB,
            deploymentConfiguration=deploy(strategy="CANARY", canaryConfiguration={"canaryPercent": 0.05}),
        ),
        good=fargate_service(
            loadBalancers=LB,
            deploymentConfiguration=deploy(
                strategy="CANARY", canaryConfiguration={"canaryPercent": 0.1, "canaryBakeTimeInMinutes": 10}
            ),
        ),
        path="deploymentConfiguration.canaryConfiguration.canaryPercent",
    ),
    Case(
        rule="deploy-strategy-fields",
        name="controller",
        kind="service",
        bad=fargate_service(
            loadBalancers=LB, deploymentController=CODE_DEPLOY, deploymentConfiguration=deploy(strategy="BLUE_GREEN")
        ),
        good=fargate_service(
            loadBalancers=LB, deploymentController=CODE_DEPLOY, deploymentConfiguration=deploy(strategy="ROLLING")
        ),
        path="deploymentConfiguration.strategy",
    ),
    Case(
        rule="deploy-strategy-fields",
        name="bake-time",
        kind="service",
        bad=fargate_service(
            loadBalancers=LB, deploymentConfiguration=deploy(strategy="BLUE_GREEN", bakeTimeInMinutes=2000)
        ),
        good=fargate_service(
            loadBalancers=LB, deploymentConfiguration=deploy(strategy="BLUE_GREEN", bakeTimeInMinutes=5)
        ),
        path="deploymentConfiguration.bakeTimeInMinutes",
    ),
    Case(
        rule="deploy-strategy-fields",
        name="hook",
        kind="service",
        bad=fargate_service(
            loadBalancers=LB,
            deploymentConfiguration=deploy(
                strategy="BLUE_GREEN", bakeTimeInMinutes=5, lifecycleHooks=[with_changes(HOOK, roleArn=None)]
            ),
        ),
        good=fargate_service(
            loadBalancers=LB,
            deploymentConfiguration=deploy(
                strategy="BLUE_GREEN",
                bakeTimeInMinutes=5,
                lifecycleHooks=[HOOK, {"targetType": "PAUSE", "lifecycleStages": ["PRE_SCALE_UP"]}],
            ),
        ),
        path="deploymentConfiguration.lifecycleHooks[0].roleArn",
    ),
]
