"""What the ECS container agent asks for: UpdateContainerAgent and DiscoverPollEndpoint.

UpdateContainerAgent (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html):

* an instance whose agent reports no version is refused (MissingVersionException), one already at the latest
  version (:data:`~ecskit.backends.fake.container_instances.AGENT_VERSION`) has no update
  (NoUpdateAvailableException), one whose update is under way is refused (UpdateInProgressException); EXTERNAL
  (ECS Anywhere) instances are refused: their agent is updated on the host (InvalidParameterException);
* otherwise ``agentUpdateStatus`` is PENDING at once, then STAGING, STAGED, UPDATING and UPDATED as virtual time
  passes (:data:`UPDATE_STEPS`); at UPDATED the instance reports the latest agent version. Running tasks are not
  touched, as on AWS.

DiscoverPollEndpoint answers with the Region's agent endpoints (the endpoint number is fixed: these are names only).
"""

from __future__ import annotations

from ecskit._text import digits
from ecskit.backends.fake.bookkeeping import find_instance, fresh_instance
from ecskit.backends.fake.clusters import find_cluster
from ecskit.backends.fake.container_instances import AGENT_VERSION, EXTERNAL_ATTRIBUTE
from ecskit.backends.fake.env import Env, fail
from ecskit.backends.fake.registry import handles
from ecskit.backends.fake.runtime import Event, schedule
from ecskit.models import replace
from ecskit.models.ecs import (
    AgentUpdateStatus,
    DiscoverPollEndpointRequest,
    DiscoverPollEndpointResponse,
    UpdateContainerAgentRequest,
    UpdateContainerAgentResponse,
)

__all__ = ["AGENT_UPDATE", "UPDATE_STEPS", "advance_update", "discover_poll_endpoint", "update_container_agent"]

#: The event kind of the next step of an agent update (``arn``: the container instance; ``container``: the status).
AGENT_UPDATE = "agent-update"
#: Each status of an agent update after PENDING, and how many seconds after the previous one it comes.
UPDATE_STEPS: tuple[tuple[AgentUpdateStatus, float], ...] = (
    (AgentUpdateStatus.STAGING, 5.0),
    (AgentUpdateStatus.STAGED, 30.0),
    (AgentUpdateStatus.UPDATING, 5.0),
    (AgentUpdateStatus.UPDATED, 10.0),
)
_S = AgentUpdateStatus
_UNDER_WAY = frozenset({_S.PENDING, _S.STAGING, _S.STAGED, _S.UPDATING})


def _version(text: str) -> tuple[int, ...]:
    parts = text.lstrip("v").split(".")
    return tuple(int(p) if digits(p) else 0 for p in parts)


@handles(UpdateContainerAgentRequest)
def update_container_agent(env: Env, req: UpdateContainerAgentRequest) -> UpdateContainerAgentResponse:
    """UpdateContainerAgent (see the module's documentation)."""
    cluster = find_cluster(env, req.cluster).cluster_name or ""
    model = find_instance(env, cluster, req.container_instance)
    if model is None or model.status not in ("ACTIVE", "DRAINING"):
        fail("InvalidParameterException", "The referenced container instance was not found.")
    if any(a.name == EXTERNAL_ATTRIBUTE for a in model.attributes or ()):
        fail(
            "InvalidParameterException",
            "UpdateContainerAgent is not supported for external instances: update the agent on the instance.",
        )
    current = model.version_info.agent_version if model.version_info is not None else None
    if not current:
        fail(
            "MissingVersionException",
            "Amazon ECS can't determine the current version of the Amazon ECS container agent on the container "
            "instance and doesn't have enough information to proceed with an update.",
        )
    if model.agent_update_status in _UNDER_WAY:
        fail("UpdateInProgressException", "There's already an agent update in progress on the container instance.")
    if _version(current) >= _version(AGENT_VERSION):
        fail("NoUpdateAvailableException", "There's no update available for this Amazon ECS container agent.")
    arn = model.container_instance_arn or ""
    model = replace(model, agent_update_status=AgentUpdateStatus.PENDING, version=(model.version or 0) + 1)
    env.state.container_instances[arn] = model
    _next(env, arn, 0)
    return UpdateContainerAgentResponse(container_instance=model)  # stored as describe shows it by default


def _next(env: Env, arn: str, step: int) -> None:
    status, seconds = UPDATE_STEPS[step]
    schedule(env.state, env.now + seconds, arn, 0, AGENT_UPDATE, container=str(status))


def advance_update(env: Env, event: Event) -> None:
    """The next step of an agent update is due (dropped if the instance was deregistered meanwhile)."""
    model = fresh_instance(env.state, event.arn)
    if model is None or model.status == "INACTIVE":
        return
    status = AgentUpdateStatus(event.container)
    changes: dict[str, object] = {"agent_update_status": status, "version": (model.version or 0) + 1}
    if status == AgentUpdateStatus.UPDATED and model.version_info is not None:
        changes["version_info"] = replace(model.version_info, agent_version=AGENT_VERSION)
    env.state.container_instances[event.arn] = replace(model, **changes)
    step = [s for s, _ in UPDATE_STEPS].index(status)
    if step + 1 < len(UPDATE_STEPS):
        _next(env, event.arn, step + 1)


@handles(DiscoverPollEndpointRequest)
def discover_poll_endpoint(env: Env, req: DiscoverPollEndpointRequest) -> DiscoverPollEndpointResponse:
    """DiscoverPollEndpoint: the agent's endpoints in this Region (a given container instance must exist)."""
    if req.container_instance is not None:
        cluster = find_cluster(env, req.cluster).cluster_name or ""
        model = find_instance(env, cluster, req.container_instance)
        if model is None or model.status == "INACTIVE":
            fail("InvalidParameterException", "The referenced container instance was not found.")
    return DiscoverPollEndpointResponse(
        endpoint=f"https://ecs-a-1.{env.region}.amazonaws.com/",
        telemetry_endpoint=f"https://ecs-t-1.{env.region}.amazonaws.com/",
        service_connect_endpoint=f"https://ecs-sc.{env.region}.api.aws",
    )
