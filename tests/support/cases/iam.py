"""Cases for ecskit/validation/rules/iam.py (roles checked from the documents alone)."""

from __future__ import annotations

from tests.support.cases.run_task import ec2_run_task
from tests.support.rulecases import EXECUTION_ROLE, TASK_ROLE, Case, ec2_taskdef

EC2_TD = ec2_taskdef()

CASES = [
    Case(
        rule="launch-exec-command",
        name="run-task",
        kind="run-task",
        taskdef=EC2_TD,
        good_taskdef=ec2_taskdef(taskRoleArn=TASK_ROLE),
        bad=ec2_run_task(enableExecuteCommand=True),
        good=ec2_run_task(enableExecuteCommand=True),
        path="enableExecuteCommand",
    ),
    Case(
        rule="launch-exec-command",
        name="run-task-override",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(enableExecuteCommand=True, overrides={"executionRoleArn": EXECUTION_ROLE}),
        good=ec2_run_task(enableExecuteCommand=True, overrides={"taskRoleArn": TASK_ROLE}),
    ),
    Case(
        rule="iam-override-role-arn",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(overrides={"executionRoleArn": "ecsTaskExecutionRole"}),
        good=ec2_run_task(overrides={"executionRoleArn": EXECUTION_ROLE, "taskRoleArn": "app-task"}),
        path="overrides.executionRoleArn",
    ),
    Case(
        rule="iam-override-role-arn",
        name="task-role",
        kind="run-task",
        taskdef=EC2_TD,
        bad=ec2_run_task(overrides={"taskRoleArn": "arn:aws:iam::123456789012:user/app"}),
        good=ec2_run_task(overrides={"taskRoleArn": TASK_ROLE}),
        path="overrides.taskRoleArn",
    ),
]
