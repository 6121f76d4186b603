"""Agent updates over virtual time: after UpdateContainerAgent, ``agentUpdateStatus`` goes PENDING, then STAGING,
STAGED, UPDATING and UPDATED (:data:`UPDATE_STEPS`); at UPDATED the instance reports the latest agent version
(:data:`~.instances.AGENT_VERSION`). Running tasks are not touched, as on AWS."""

from __future__ import annotations

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.events import AgentStep
from ecskit.backends.fake.core.instances import InstanceRecord
from ecskit.backends.fake.engine.ecs_events import instance_changed
from ecskit.backends.fake.engine.instances import AGENT_VERSION
from ecskit.models import replace
from ecskit.models.ecs import AgentUpdateStatus

__all__ = ["UPDATE_STEPS", "advance_update", "begin_update"]

#: Each status of an agent update after PENDING, and how many seconds after the previous one it comes.
UPDATE_STEPS: tuple[tuple[AgentUpdateStatus, float], ...] = (
    (AgentUpdateStatus.STAGING, 5.0),
    (AgentUpdateStatus.STAGED, 30.0),
    (AgentUpdateStatus.UPDATING, 5.0),
    (AgentUpdateStatus.UPDATED, 10.0),
)


def _next(env: Env, arn: str, step: int) -> None:
    status, seconds = UPDATE_STEPS[step]
    env.later(seconds, AgentStep(instance=arn, status=status))


def begin_update(env: Env, record: InstanceRecord) -> None:
    """Start updating an instance's agent: PENDING now, the next steps as time passes."""
    record.agent_update_status = AgentUpdateStatus.PENDING
    record.version += 1
    instance_changed(env, record)
    _next(env, record.arn, 0)


def advance_update(env: Env, event: AgentStep) -> None:
    """The next step of an agent update is due."""
    record = env.state.instances.get(event.instance)
    if record is None or not record.live:
        return
    record.agent_update_status = event.status
    record.version += 1
    if event.status == AgentUpdateStatus.UPDATED:
        record.version_info = replace(record.version_info, agent_version=AGENT_VERSION)
    instance_changed(env, record)
    step = [s for s, _ in UPDATE_STEPS].index(event.status)
    if step + 1 < len(UPDATE_STEPS):
        _next(env, event.instance, step + 1)
