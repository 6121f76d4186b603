"""Contract: what the container agent asks for (DiscoverPollEndpoint, UpdateContainerAgent) behaves the same on
every backend.

Registering a container instance on moto needs an EC2 instance of moto's (:func:`instance_id` makes one); on real AWS
only the agent on an instance can register it, so those tests skip there.
"""

from __future__ import annotations

import pytest

from ecskit.backends.base import Backend
from ecskit.backends.fake.engine.instances import AGENT_VERSION
from ecskit.errors import ConflictError, InvalidRequestError
from ecskit.models.ecs import (
    ContainerInstance,
    DiscoverPollEndpointRequest,
    UpdateContainerAgentRequest,
)
from tests.contract.conftest import moto_differs, register_instance
from tests.support.fake_ecs import cluster, register_external


def _register(request: pytest.FixtureRequest, backend: Backend, n: int, agent_version: str) -> ContainerInstance:
    return register_instance(request, backend, "web", n, agent_version=agent_version)


def test_discover_poll_endpoint(backend: Backend) -> None:
    cluster(backend)
    answer = backend.discover_poll_endpoint(DiscoverPollEndpointRequest(cluster="web"))
    assert (answer.endpoint or "").startswith("http")
    assert (answer.telemetry_endpoint or "").startswith("http")


def test_an_old_agent_is_updated(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS starts the agent update (agentUpdateStatus PENDING); moto fails with a server error")
    cluster(backend)
    instance = _register(request, backend, 1, "1.70.0")
    answer = backend.update_container_agent(
        UpdateContainerAgentRequest(cluster="web", container_instance=instance.container_instance_arn or "")
    )
    assert answer.container_instance is not None
    assert str(answer.container_instance.agent_update_status) == "PENDING"
    with pytest.raises(ConflictError) as info:
        backend.update_container_agent(
            UpdateContainerAgentRequest(cluster="web", container_instance=instance.container_instance_arn or "")
        )
    assert info.value.code == "UpdateInProgressException"


def test_the_latest_agent_has_no_update(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request, "AWS says NoUpdateAvailableException for an agent that is up to date; moto fails with a server error"
    )
    cluster(backend)
    instance = _register(request, backend, 2, AGENT_VERSION)
    with pytest.raises(ConflictError) as info:
        backend.update_container_agent(
            UpdateContainerAgentRequest(cluster="web", container_instance=instance.container_instance_arn or "")
        )
    assert info.value.code == "NoUpdateAvailableException"


def test_external_instances_are_refused(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS refuses to update the agent of an external instance; moto fails with a server error registering one",
    )
    cluster(backend)
    instance = register_external(backend, "web")
    with pytest.raises(InvalidRequestError) as info:
        backend.update_container_agent(
            UpdateContainerAgentRequest(cluster="web", container_instance=instance.container_instance_arn or "")
        )
    assert info.value.code == "InvalidParameterException"


def test_discover_poll_endpoint_of_an_unknown_cluster(backend: Backend) -> None:
    # DiscoverPollEndpoint's model lists no ClusterNotFoundException: the fake answers the Region's endpoints (what
    # AWS answers for a cluster that does not exist is not documented; the agent calls it while it registers)
    answer = backend.discover_poll_endpoint(DiscoverPollEndpointRequest(cluster="contract-none"))
    assert answer.endpoint
