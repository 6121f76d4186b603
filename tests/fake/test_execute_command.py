"""FakeBackend: ECS Exec (ExecuteCommand) and the agent's reports (SubmitTaskStateChange, SubmitContainerStateChange,
SubmitAttachmentStateChanges)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ecskit.backends.fake import FakeBackend
from ecskit.errors import BackendError, InvalidRequestError, NotFoundError
from ecskit.iam import task_role, trust_policy
from ecskit.iam.trust import TASKS_SERVICE
from ecskit.models.ecs import (
    AttachmentStateChange,
    ContainerDefinition,
    ContainerStateChange,
    ExecuteCommandRequest,
    ManagedAgentName,
    ManagedAgentStateChange,
    RegisterTaskDefinitionRequest,
    SubmitAttachmentStateChangesRequest,
    SubmitContainerStateChangeRequest,
    SubmitTaskStateChangeRequest,
)
from ecskit.models.iam import Role
from tests.support.fake_ecs import awsvpc, cluster, register

ROLE = "arn:aws:iam::123456789012:role/app"
#: AWS's texts (fabfuel/ecs-deploy issue 193; aws/aws-cli issue 6456; Mic-U/ecsher issue 56)
NOT_ENABLED = (
    "The execute command failed because execute command was not enabled when the task was run or the execute command "
    "agent isn\u2019t running. Wait and try again or run a new task with execute command enabled and try again."
)
NOT_CONNECTED = "The execute command failed due to an internal error. Try again later."


def _fake(*containers: dict[str, Any], exec_on: bool = True, **members: Any) -> tuple[FakeBackend, str]:
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 1)
    ecs: Any = fake.client("ecs")
    definitions = list(containers) or [{"name": "app", "image": "nginx", "memory": 256}]
    ecs.register_task_definition(family="app", taskRoleArn=ROLE, containerDefinitions=definitions, **members)
    task = ecs.run_task(cluster="web", taskDefinition="app", enableExecuteCommand=exec_on)["tasks"][0]["taskArn"]
    return fake, str(task)


def _exec(fake: FakeBackend, task: str, container: str | None = None, *, interactive: bool = True) -> Any:
    request = ExecuteCommandRequest(
        cluster="web", task=task, container=container, command="/bin/sh", interactive=interactive
    )
    return fake.execute_command(request)


def _refused(fake: FakeBackend, task: str, container: str | None = None, **members: Any) -> BackendError:
    with pytest.raises(BackendError) as info:
        _exec(fake, task, container, **members)
    return info.value


def test_a_session_of_a_running_container() -> None:
    fake, task = _fake()
    fake.advance(30)
    answer = _exec(fake, task)
    assert (answer.task_arn, answer.container_name, answer.interactive) == (task, "app", True)
    assert answer.cluster_arn == "arn:aws:ecs:us-east-1:123456789012:cluster/web"
    shown = fake.client("ecs").describe_tasks(cluster="web", tasks=[task])["tasks"][0]["containers"][0]
    assert answer.container_arn == shown["containerArn"]
    session = answer.session
    assert session is not None
    assert re.fullmatch(r"ecs-execute-command-[0-9a-f]{17}", session.session_id or "")
    assert session.stream_url == (
        f"wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/{session.session_id}?role=publish_subscribe"
    )
    assert session.token_value
    assert _exec(fake, task).session != session  # a new session each time


def test_the_container_shows_its_execute_command_agent() -> None:
    fake, task = _fake()
    ecs = fake.client("ecs")
    fake.advance(30)
    shown = ecs.describe_tasks(cluster="web", tasks=[task])["tasks"][0]["containers"][0]
    assert shown["managedAgents"] == [{"name": "ExecuteCommandAgent", "lastStatus": "RUNNING"}]
    plain, other = _fake(exec_on=False)
    plain.advance(30)
    assert (
        "managedAgents"
        not in plain.client("ecs").describe_tasks(cluster="web", tasks=[other])["tasks"][0]["containers"][0]
    )


def test_without_ecs_exec_or_before_the_container_runs() -> None:
    fake, task = _fake()
    error = _refused(fake, task)  # still PENDING
    assert (error.code, error.message) == ("InvalidParameterException", NOT_ENABLED)
    plain, other = _fake(exec_on=False)
    plain.advance(30)
    error = _refused(plain, other)
    assert (error.code, error.message) == ("InvalidParameterException", NOT_ENABLED)


def test_a_stopped_agent_refuses_sessions() -> None:
    fake, task = _fake()
    fake.advance(30)
    change = ManagedAgentStateChange(
        container_name="app",
        managed_agent_name=ManagedAgentName.EXECUTE_COMMAND_AGENT,
        status="STOPPED",
        reason="crashed",
    )
    fake.submit_task_state_change(SubmitTaskStateChangeRequest(cluster="web", task=task, managed_agents=(change,)))
    assert _refused(fake, task).message == NOT_ENABLED
    shown = fake.client("ecs").describe_tasks(cluster="web", tasks=[task])["tasks"][0]["containers"][0]
    assert shown["managedAgents"] == [{"name": "ExecuteCommandAgent", "reason": "crashed", "lastStatus": "STOPPED"}]


def test_a_task_role_without_the_session_manager_actions() -> None:
    fake, task = _fake()
    fake.put_role(Role(role_name="app", assume_role_policy=trust_policy(TASKS_SERVICE)))  # it may do nothing
    fake.advance(30)
    error = _refused(fake, task)
    assert (error.code, error.message) == ("TargetNotConnectedException", NOT_CONNECTED)


def test_a_task_role_that_allows_them() -> None:
    fake, task = _fake()
    td = RegisterTaskDefinitionRequest(
        family="app", container_definitions=(ContainerDefinition(name="app", image="nginx"),)
    )
    fake.put_role(task_role(td, account="123456789012", region="us-east-1", role_name="app", exec_enabled=True))
    fake.advance(30)
    assert _exec(fake, task).session is not None


def test_which_container() -> None:
    fake, task = _fake(
        {"name": "app", "image": "nginx", "memory": 256}, {"name": "side", "image": "busybox", "memory": 64}
    )
    fake.advance(30)
    assert _refused(fake, task).code == "InvalidParameterException"  # two containers: name one
    assert _refused(fake, task, "nope").code == "InvalidParameterException"
    assert _exec(fake, task, "side").container_name == "side"


def test_refusals_about_the_task_and_the_mode() -> None:
    fake, task = _fake()
    fake.advance(30)
    error = _refused(fake, "abc")
    assert (error.code, error.message) == ("InvalidParameterException", "task length should be one of [32,36]")
    error = _refused(fake, "0" * 32)
    assert (error.code, error.message) == ("InvalidParameterException", "The referenced task was not found.")
    assert _refused(fake, task, interactive=False).code == "InvalidParameterException"
    with pytest.raises(NotFoundError) as info:
        fake.execute_command(ExecuteCommandRequest(cluster="nope", task=task, command="ls", interactive=True))
    assert info.value.code == "ClusterNotFoundException"


# -- the agent's reports ----------------------------------------------------------------------------------------------


def _task(fake: FakeBackend, task: str) -> Any:
    return fake.client("ecs").describe_tasks(cluster="web", tasks=[task])["tasks"][0]


def test_a_reported_exit_of_an_essential_container_stops_the_task() -> None:
    fake, task = _fake()
    fake.advance(30)
    request = SubmitContainerStateChangeRequest(
        cluster="web", task=task, container_name="app", status="STOPPED", exit_code=137, reason="OutOfMemoryError"
    )
    fake.submit_container_state_change(request)
    fake.advance(30)
    shown = _task(fake, task)
    assert (shown["lastStatus"], shown["stopCode"], shown["stoppedReason"]) == (
        "STOPPED",
        "EssentialContainerExited",
        "Essential container in task exited",
    )
    container = shown["containers"][0]
    assert (container["exitCode"], container["reason"]) == (137, "OutOfMemoryError")


def test_a_reported_exit_of_a_sidecar_leaves_the_task_running() -> None:
    fake, task = _fake(
        {"name": "app", "image": "nginx", "memory": 256},
        {"name": "side", "image": "busybox", "memory": 64, "essential": False},
    )
    fake.advance(30)
    change = ContainerStateChange(container_name="side", status="STOPPED", exit_code=3)
    fake.submit_task_state_change(SubmitTaskStateChangeRequest(cluster="web", task=task, containers=(change,)))
    shown = _task(fake, task)
    assert shown["lastStatus"] == "RUNNING"
    assert [(c["name"], c["lastStatus"], c.get("exitCode")) for c in shown["containers"]] == [
        ("app", "RUNNING", None),
        ("side", "STOPPED", 3),
    ]


def test_a_reported_task_stop() -> None:
    fake, task = _fake()
    fake.advance(30)
    request = SubmitTaskStateChangeRequest(cluster="web", task=task, status="STOPPED", reason="Host EC2 terminated")
    fake.submit_task_state_change(request)
    fake.advance(30)
    shown = _task(fake, task)
    assert (shown["lastStatus"], shown["stopCode"], shown["stoppedReason"]) == (
        "STOPPED",
        "EssentialContainerExited",
        "Host EC2 terminated",
    )


def test_reports_the_fake_gives_itself_change_nothing() -> None:
    fake, task = _fake()
    before = fake.save()
    fake.submit_task_state_change(SubmitTaskStateChangeRequest(cluster="web", task=task, status="RUNNING"))
    fake.submit_container_state_change(
        SubmitContainerStateChangeRequest(cluster="web", task=task, container_name="app", status="STOPPED")
    )  # the container is not running yet: a stale report
    answer = fake.submit_container_state_change(
        SubmitContainerStateChangeRequest(cluster="web", task=task, container_name="app", status="RUNNING")
    )
    assert answer.acknowledgment is None  # AWS's value is not public
    assert fake.save() == before


def test_reports_of_what_is_not_there() -> None:
    fake, task = _fake()
    with pytest.raises(InvalidRequestError):
        fake.submit_task_state_change(SubmitTaskStateChangeRequest(cluster="web", task="0" * 32, status="STOPPED"))
    with pytest.raises(InvalidRequestError):
        fake.submit_container_state_change(
            SubmitContainerStateChangeRequest(cluster="web", task=task, container_name="nope", status="STOPPED")
        )
    agent = ManagedAgentName.EXECUTE_COMMAND_AGENT
    bad = ManagedAgentStateChange(container_name="nope", managed_agent_name=agent, status="STOPPED")
    before = fake.save()
    with pytest.raises(InvalidRequestError):
        fake.submit_task_state_change(
            SubmitTaskStateChangeRequest(
                cluster="web",
                task=task,
                status="STOPPED",
                containers=(ContainerStateChange(container_name="app", status="STOPPED"),),
                managed_agents=(bad,),
            )
        )
    assert fake.save() == before  # a refused call changes nothing
    with pytest.raises(NotFoundError):
        fake.submit_task_state_change(SubmitTaskStateChangeRequest(cluster="nope", task=task))


def test_attachment_reports_of_a_tasks_eni() -> None:
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 1)
    ecs: Any = fake.client("ecs")
    ecs.register_task_definition(
        family="app", networkMode="awsvpc", containerDefinitions=[{"name": "app", "image": "nginx", "memory": 256}]
    )
    task = ecs.run_task(cluster="web", taskDefinition="app", networkConfiguration=awsvpc())["tasks"][0]
    attachment = task["attachments"][0]["id"]
    arn = f"arn:aws:ecs:us-east-1:123456789012:attachment/{attachment}"
    before = fake.save()
    change = AttachmentStateChange(attachment_arn=arn, status="ATTACHED")
    fake.submit_attachment_state_changes(SubmitAttachmentStateChangesRequest(cluster="web", attachments=(change,)))
    assert fake.save() == before  # acknowledged: the fake's own agent attaches the ENI
    unknown = AttachmentStateChange(attachment_arn="arn:aws:ecs:us-east-1:123456789012:attachment/nope", status="X")
    with pytest.raises(InvalidRequestError):
        fake.submit_attachment_state_changes(SubmitAttachmentStateChangesRequest(cluster="web", attachments=(unknown,)))
