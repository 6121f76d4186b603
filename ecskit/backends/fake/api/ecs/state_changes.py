"""The container agent's reports: SubmitTaskStateChange, SubmitContainerStateChange, SubmitAttachmentStateChanges
("only used by the Amazon ECS agent", their API reference pages). On the fake, virtual time is the agent: it moves
tasks, containers and attachments by itself (:mod:`~ecskit.backends.fake.engine.lifecycle`). A report is applied
where it says what the fake cannot know by itself, and otherwise acknowledged without change, as a report that is
stale or repeats what ECS knows changes nothing:

* a container reported STOPPED while it runs exits then, with the reported ``exitCode`` and ``reason``: an
  essential one stops its task ("Essential container in task exited"), as a container that exits by itself does;
* a task reported STOPPED while it runs stops, with the reported ``reason`` (else "Essential container in task
  exited"; stop code EssentialContainerExited, or TaskFailedToStart for a task that never ran); its ``containers``
  are applied first;
* a task's ``managedAgents`` report sets the status (and reason) of a container's ExecuteCommandAgent, which
  DescribeTasks shows and ExecuteCommand needs RUNNING;
* other statuses (PENDING, RUNNING, ...), the pull and execution times, network bindings, runtime ids and
  attachments' statuses are the fake's own to give: they are acknowledged, not applied.

The answer has no ``acknowledgment``: what AWS puts there is not public. An unknown task is "The referenced task was
not found." (StopTask's text); an unknown container or attachment an InvalidParameterException in ecskit's words.
"""

from __future__ import annotations

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.find import find_cluster, find_task
from ecskit.backends.fake.core.tasks import RUNNING, STOPPED, TaskRecord
from ecskit.backends.fake.engine.lifecycle import ESSENTIAL_EXITED, agent_reported, exit_reported, request_stop
from ecskit.backends.fake.registry import handles
from ecskit.models.ecs import (
    ContainerStateChange,
    SubmitAttachmentStateChangesRequest,
    SubmitAttachmentStateChangesResponse,
    SubmitContainerStateChangeRequest,
    SubmitContainerStateChangeResponse,
    SubmitTaskStateChangeRequest,
    SubmitTaskStateChangeResponse,
    TaskStopCode,
)
from ecskit.texts import ecs

__all__ = ["submit_attachment_state_changes", "submit_container_state_change", "submit_task_state_change"]


def _task(env: Env, cluster: str | None, ref: str | None) -> TaskRecord:
    found = find_task(env, find_cluster(env, cluster), ref) if ref else None
    if found is None:
        refuse(ecs.TASK_NOT_FOUND)
    return found


def _known(task: TaskRecord, name: str | None) -> str:
    if name is None or all(c.name != name for c in task.containers):
        refuse(ecs.CONTAINER_NOT_IN_TASK, name=name)
    return name


def _container(env: Env, task: TaskRecord, change: ContainerStateChange) -> None:
    name = _known(task, change.container_name)
    if change.status == STOPPED:
        exit_reported(env, task, name, change.exit_code, change.reason)


@handles(SubmitContainerStateChangeRequest)
def submit_container_state_change(
    env: Env, req: SubmitContainerStateChangeRequest
) -> SubmitContainerStateChangeResponse:
    """SubmitContainerStateChange (see the module's documentation)."""
    task = _task(env, req.cluster, req.task)
    name = _known(task, req.container_name)
    if req.status == STOPPED:
        exit_reported(env, task, name, req.exit_code, req.reason)
    return SubmitContainerStateChangeResponse()


@handles(SubmitTaskStateChangeRequest)
def submit_task_state_change(env: Env, req: SubmitTaskStateChangeRequest) -> SubmitTaskStateChangeResponse:
    """SubmitTaskStateChange (see the module's documentation)."""
    task = _task(env, req.cluster, req.task)
    for change in req.containers or ():
        _known(task, change.container_name)
    for agent in req.managed_agents or ():
        _known(task, agent.container_name)
    for change in req.containers or ():
        _container(env, task, change)
    for agent in req.managed_agents or ():  # ExecuteCommandAgent is the only managed agent there is
        agent_reported(env, task, agent.container_name, agent.status, agent.reason)
    if req.status == STOPPED and task.desired_status == RUNNING and task.last_status != STOPPED:
        code = TaskStopCode.ESSENTIAL_CONTAINER_EXITED if task.started_at else TaskStopCode.TASK_FAILED_TO_START
        request_stop(env, task, code, req.reason or ESSENTIAL_EXITED)
    return SubmitTaskStateChangeResponse()


@handles(SubmitAttachmentStateChangesRequest)
def submit_attachment_state_changes(
    env: Env, req: SubmitAttachmentStateChangesRequest
) -> SubmitAttachmentStateChangesResponse:
    """SubmitAttachmentStateChanges (see the module's documentation)."""
    cluster = find_cluster(env, req.cluster)
    known = {
        task.eni.attachment_id
        for task in env.state.tasks.values()
        if task.cluster == cluster.name and task.eni is not None
    }
    for change in req.attachments:
        if change.attachment_arn.rsplit("/", 1)[-1] not in known:
            refuse(ecs.ATTACHMENT_NOT_FOUND, arn=change.attachment_arn)
    return SubmitAttachmentStateChangesResponse()
