"""Rules on IAM roles that can be checked from the documents alone (catalog group R).

Most of group R is covered where the role is used: ``iam-exec-when-required`` (execution role for awslogs and
private ECR images), ``secret-exec-role-required``, ``vol-efs-iam-task-role`` (EFS IAM authorization needs a task
role), ``launch-exec-command`` (ECS Exec needs a task role) and ``lb-role-param`` (the service ``role``
against the service-linked role). This module adds RunTask's role overrides. Rules that need the roles' policy documents
(trust policies, execution role and task role permissions, iam:PassRole, the instance role, the EBS infrastructure
role) wait for the IAM documents to be part of validation.
"""

from __future__ import annotations

import re

from ecskit.validation.context import RunTaskContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._common import templated
from ecskit.validation.rules._outcomes import RUNTIME, resource_init

ROLE_ARN = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:role/(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64}\Z")
RUN_TASK = Kind.RUN_TASK
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None


@rule(
    "iam-override-role-arn",
    E,
    RUN_TASK,
    phase=RUNTIME,
    effect=resource_init("ECS was unable to assume the role that was provided for this task"),
    doubt="Whether RunTask refuses a malformed role ARN in overrides is not documented.",
    summary="Role overrides are IAM role ARNs: executionRoleArn always, taskRoleArn when it is not a role name.",
    why="ECS cannot assume a malformed role; the task fails to start (the execution role must be given as an ARN).",
    fix="Use arn:aws:iam::<account>:role/<name> (include the role's path).",
    docs=_docs.TASK_ROLE,
    when="overrides",
)
def override_role_arn(ctx: RunTaskContext) -> Hits:
    overrides = ctx.request.overrides
    if overrides is None:
        return None
    hits = []
    execution = overrides.execution_role_arn
    if execution is not None and not ROLE_ARN.match(execution) and not templated(execution):
        hits.append(Hit(ctx.path("overrides", "execution_role_arn"), f"{execution!r} is not an IAM role ARN"))
    task = overrides.task_role_arn
    if task is not None and task.startswith("arn:") and not ROLE_ARN.match(task) and not templated(task):
        hits.append(Hit(ctx.path("overrides", "task_role_arn"), f"{task!r} is not an IAM role ARN"))
    return hits or None
