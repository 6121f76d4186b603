"""ECS Exec: ExecuteCommand ("Monitor Amazon ECS containers with ECS Exec",
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html). The fake runs no command: it answers as
ECS does when a session can start, with a session shaped as Session Manager's, or refuses as ECS refuses.

In the order ECS checks (the texts are AWS's where a public report shows them):

* the cluster (ClusterNotFoundException), then the task: an id (or the last part of an ARN) of other than 32 or 36
  characters is "task length should be one of [32,36]" (InvalidParameterException, Mic-U/ecsher issue 56); a task
  the cluster does not have is "The referenced task was not found." (StopTask's text for it; ExecuteCommand's is not
  public);
* ``interactive`` must be true ("Amazon ECS only supports initiating interactive sessions"), and a task of several
  containers needs ``container``, which it must have (InvalidParameterException, ecskit's wording);
* the task must have been started with ``enableExecuteCommand`` and the container must run with its ECS Exec agent
  running, else "The execute command failed because execute command was not enabled when the task was run or the
  execute command agent isn't running. Wait and try again or run a new task with execute command enabled and try
  again." (InvalidParameterException, fabfuel/ecs-deploy issue 193; AWS's apostrophe is U+2019);
* a task role declared with :meth:`~ecskit.backends.fake.FakeBackend.put_role` that may not open Session Manager's
  channels (``ssmmessages:CreateControlChannel``, ``CreateDataChannel``, ``OpenControlChannel``,
  ``OpenDataChannel``) keeps the agent from connecting: TargetNotConnectedException, "The execute command failed due
  to an internal error. Try again later." (aws/aws-cli issue 6456). A role not declared allows everything.

The session: ``sessionId`` ``ecs-execute-command-`` and 17 hex digits, ``streamUrl``
``wss://ssmmessages.<region>.amazonaws.com/v1/data-channel/<sessionId>?role=publish_subscribe`` (Session Manager's
form), an opaque ``tokenValue``.
"""

from __future__ import annotations

import base64

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.find import definition_of, find_cluster, find_task
from ecskit.backends.fake.core.tasks import RUNNING
from ecskit.backends.fake.engine.lifecycle import exec_agent_status
from ecskit.backends.fake.engine.roles import exec_refused
from ecskit.backends.fake.registry import handles
from ecskit.models.ecs import ExecuteCommandRequest, ExecuteCommandResponse, Session
from ecskit.texts import ecs

__all__ = ["execute_command"]


@handles(ExecuteCommandRequest)
def execute_command(env: Env, req: ExecuteCommandRequest) -> ExecuteCommandResponse:
    """ExecuteCommand (see the module's documentation)."""
    cluster = find_cluster(env, req.cluster)
    ident = req.task.rsplit("/", 1)[-1]
    if len(ident) not in (32, 36):
        refuse(ecs.EXEC_TASK_LENGTH)
    task = find_task(env, cluster, req.task)
    if task is None:
        refuse(ecs.TASK_NOT_FOUND)
    if not req.interactive:
        refuse(ecs.EXEC_NOT_INTERACTIVE)
    if req.container is None:
        if len(task.containers) != 1:
            refuse(ecs.EXEC_CONTAINER_REQUIRED)
        container = task.containers[0]
    else:
        found = next((c for c in task.containers if c.name == req.container), None)
        if found is None:
            refuse(ecs.CONTAINER_NOT_IN_TASK, name=req.container)
        container = found
    live = task.last_status == RUNNING and container.last_status == RUNNING
    if not live or exec_agent_status(task, container) != RUNNING:
        refuse(ecs.EXEC_NOT_ENABLED)
    if exec_refused(env, definition_of(env, task.definition_arn).body, task.overrides):
        refuse(ecs.EXEC_NOT_CONNECTED)
    session_id = "ecs-execute-command-" + env.ids.hex32()[:17]
    token = base64.b64encode(bytes.fromhex(env.ids.hex32() + env.ids.hex32())).decode()
    return ExecuteCommandResponse(
        cluster_arn=cluster.arn,
        container_arn=container.arn,
        container_name=container.name,
        interactive=True,
        session=Session(
            session_id=session_id,
            stream_url=(
                f"wss://ssmmessages.{env.region}.amazonaws.com/v1/data-channel/{session_id}?role=publish_subscribe"
            ),
            token_value=token,
        ),
        task_arn=task.arn,
    )
