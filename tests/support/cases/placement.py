"""Cases for ecskit/validation/rules/placement.py (placement constraints and strategies)."""

from __future__ import annotations

from tests.support.cases.run_task import ec2_run_task, fargate_run_task
from tests.support.rulecases import (
    Case,
    Doc,
    ec2_service,
    ec2_taskdef,
    fargate_service,
    fargate_taskdef,
)

EC2_TD = ec2_taskdef()
FARGATE_TD = fargate_taskdef()


def member_of(expression: str) -> Doc:
    """A memberOf placement constraint."""
    return {"type": "memberOf", "expression": expression}


T2 = member_of("attribute:ecs.instance-type =~ t2.*")
DISTINCT = {"type": "distinctInstance"}
SPREAD_AZ = {"type": "spread", "field": "attribute:ecs.availability-zone"}
BINPACK = {"type": "binpack", "field": "memory"}

CASES = [
    # memberOf expressions
    Case(
        rule="placement-expression",
        kind="service",
        taskdef=EC2_TD,
        bad=ec2_service(placementConstraints=[member_of("attribute:ecs.instance-type = t2.micro")]),
        good=ec2_service(placementConstraints=[member_of("attribute:ecs.instance-type == t2.micro")]),
        path="placementConstraints[0].expression",
    ),
    Case(
        rule="placement-expression",
        name="missing",
        kind="service",
        taskdef=EC2_TD,
        bad=ec2_service(placementConstraints=[{"type": "memberOf"}]),
        good=ec2_service(placementConstraints=[member_of("not(task:group == database)")]),
    ),
    Case(
        rule="placement-expression",
        name="length",
        kind="service",
        taskdef=EC2_TD,
        bad=ec2_service(placementConstraints=[member_of(" or ".join(["attribute:stack == prod"] * 90))]),
        good=ec2_service(placementConstraints=[member_of(" or ".join(["attribute:stack == prod"] * 70))]),
    ),
    Case(
        rule="placement-expression",
        name="placeholder",
        kind="service",
        taskdef=EC2_TD,
        bad=ec2_service(placementConstraints=[member_of("attribute:ecs.availability-zone in us-east-1a")]),
        good=ec2_service(placementConstraints=[member_of("attribute:ecs.availability-zone in ${Zones}")]),
    ),
    Case(
        rule="placement-expression",
        name="run-task",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(placementConstraints=[member_of("agentVersion < latest")]),
        good=ec2_run_task(placementConstraints=[member_of("agentVersion < 1.14.5")]),
        path="placementConstraints[0].expression",
    ),
    Case(
        rule="placement-expression-taskdef",
        bad=ec2_taskdef(placementConstraints=[member_of("instance-type == t2.micro")]),
        good=ec2_taskdef(placementConstraints=[member_of("attribute:ecs.os-type == linux")]),
        path="placementConstraints[0].expression",
    ),
    Case(
        rule="placement-expression-taskdef",
        name="empty",
        bad=ec2_taskdef(placementConstraints=[member_of("")]),
        good=ec2_taskdef(placementConstraints=[member_of("ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']")]),
    ),
    # every strategy and constraint has its type
    Case(
        rule="placement-strategy-type",
        kind="service",
        taskdef=EC2_TD,
        bad=ec2_service(placementStrategy=[SPREAD_AZ, {"field": "memory"}]),
        good=ec2_service(placementStrategy=[SPREAD_AZ, BINPACK]),
        path="placementStrategy[1].type",
    ),
    Case(
        rule="placement-strategy-type",
        name="run-task",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(placementStrategy=[{}]),
        good=ec2_run_task(placementStrategy=[{"type": "random"}]),
        path="placementStrategy[0].type",
    ),
    Case(
        rule="placement-constraint-type",
        kind="service",
        taskdef=EC2_TD,
        bad=ec2_service(placementConstraints=[{"expression": "attribute:ecs.instance-type == t2.micro"}]),
        good=ec2_service(placementConstraints=[member_of("attribute:ecs.instance-type == t2.micro")]),
        path="placementConstraints[0].type",
    ),
    Case(
        rule="placement-constraint-type",
        name="run-task",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(placementConstraints=[{}]),
        good=ec2_run_task(placementConstraints=[DISTINCT]),
        path="placementConstraints[0].type",
    ),
    Case(
        rule="placement-constraint-type-taskdef",
        bad=ec2_taskdef(placementConstraints=[{"expression": "attribute:ecs.os-type == linux"}]),
        good=ec2_taskdef(placementConstraints=[member_of("attribute:ecs.os-type == linux")]),
        path="placementConstraints[0].type",
    ),
    # distinctInstance
    Case(
        rule="placement-distinct-instance-expression",
        kind="service",
        taskdef=EC2_TD,
        bad=ec2_service(placementConstraints=[{"type": "distinctInstance", "expression": "task:group == web"}]),
        good=ec2_service(placementConstraints=[DISTINCT]),
        path="placementConstraints[0].expression",
    ),
    Case(
        rule="placement-distinct-instance-expression",
        name="run-task",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(placementConstraints=[{"type": "distinctInstance", "expression": "task:group == web"}]),
        good=ec2_run_task(placementConstraints=[DISTINCT]),
        path="placementConstraints[0].expression",
    ),
    # at most 10 constraints, task definition included
    Case(
        rule="placement-max-constraints",
        kind="service",
        taskdef=ec2_taskdef(placementConstraints=[T2] * 4),
        good_taskdef=ec2_taskdef(placementConstraints=[T2] * 3),
        bad=ec2_service(placementConstraints=[DISTINCT] + [T2] * 6),
        good=ec2_service(placementConstraints=[DISTINCT] + [T2] * 6),
        path="placementConstraints",
    ),
    Case(
        rule="placement-max-constraints",
        name="run-task",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(placementConstraints=[T2] * 11),
        good=ec2_run_task(placementConstraints=[T2] * 10),
        path="placementConstraints",
    ),
    # strategies
    Case(
        rule="placement-strategy-field",
        kind="service",
        taskdef=EC2_TD,
        bad=ec2_service(placementStrategy=[{"type": "binpack", "field": "instanceId"}]),
        good=ec2_service(placementStrategy=[{"type": "binpack", "field": "cpu"}]),
        path="placementStrategy[0].field",
    ),
    Case(
        rule="placement-strategy-field",
        name="spread",
        kind="service",
        taskdef=EC2_TD,
        bad=ec2_service(placementStrategy=[{"type": "spread", "field": "ecs.availability-zone"}]),
        good=ec2_service(placementStrategy=[SPREAD_AZ, {"type": "spread", "field": "host"}]),
    ),
    Case(
        rule="placement-strategy-field",
        name="run-task",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(placementStrategy=[{"type": "spread"}]),
        good=ec2_run_task(placementStrategy=[{"type": "spread", "field": "instanceId"}]),
        path="placementStrategy[0].field",
    ),
    Case(
        rule="placement-random-field",
        kind="service",
        taskdef=EC2_TD,
        bad=ec2_service(placementStrategy=[{"type": "random", "field": "memory"}]),
        good=ec2_service(placementStrategy=[{"type": "random"}]),
        path="placementStrategy[0].field",
    ),
    Case(
        rule="placement-random-field",
        name="run-task",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(placementStrategy=[{"type": "random", "field": "memory"}]),
        good=ec2_run_task(placementStrategy=[{"type": "random"}]),
        path="placementStrategy[0].field",
    ),
    Case(
        rule="placement-max-strategies",
        kind="service",
        taskdef=EC2_TD,
        bad=ec2_service(placementStrategy=[SPREAD_AZ] * 3 + [BINPACK] * 3),
        good=ec2_service(placementStrategy=[SPREAD_AZ] * 3 + [BINPACK] * 2),
        path="placementStrategy",
    ),
    Case(
        rule="placement-max-strategies",
        name="run-task",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(placementStrategy=[BINPACK] * 6),
        good=ec2_run_task(placementStrategy=[BINPACK] * 5),
        path="placementStrategy",
    ),
    # Fargate
    Case(
        rule="placement-fargate",
        kind="service",
        taskdef=FARGATE_TD,
        bad=fargate_service(placementConstraints=[DISTINCT]),
        good=fargate_service(),
        path="placementConstraints",
    ),
    Case(
        rule="placement-fargate",
        name="strategy",
        kind="service",
        taskdef=FARGATE_TD,
        bad=fargate_service(placementStrategy=[SPREAD_AZ]),
        good=ec2_service(placementStrategy=[SPREAD_AZ]),
        good_taskdef=EC2_TD,
        path="placementStrategy",
    ),
    Case(
        rule="placement-fargate",
        name="run-task",
        kind="run-task",
        taskdef=FARGATE_TD,
        bad=fargate_run_task(placementConstraints=[T2]),
        good=fargate_run_task(),
        path="placementConstraints",
    ),
]
