"""Contract: what the container agent asks for (DiscoverPollEndpoint, UpdateContainerAgent) behaves the same on
every backend.

Registering a container instance on moto needs an EC2 instance of moto's (:func:`instance_id` makes one); on real AWS
only the agent on an instance can register it, so those tests skip there.
"""

from __future__ import annotations

import boto3
import pytest

from ecskit.backends.base import Backend
from ecskit.backends.boto3 import Boto3Backend
from ecskit.backends.fake.container_instances import AGENT_VERSION
from ecskit.errors import ConflictError, InvalidRequestError
from ecskit.models.ecs import (
    ContainerInstance,
    DiscoverPollEndpointRequest,
    RegisterContainerInstanceRequest,
    UpdateContainerAgentRequest,
    VersionInfo,
)
from tests.contract.conftest import moto_differs
from tests.support.fake_ecs import cluster, ec2_id, identity_document, register_external

#: An AMI moto knows (its EXAMPLE_AMI_ID).
MOTO_IMAGE = "ami-12c6146b"


def instance_id(request: pytest.FixtureRequest, backend: Backend, n: int) -> str:
    """An EC2 instance id the backend can register: made in moto's EC2 on moto, made up on the fake."""
    if "aws" in request.node.callspec.id:
        pytest.skip("only the ECS agent on an instance can register it with AWS")
    if "boto3-moto" not in request.node.callspec.id:
        return ec2_id(n)
    assert isinstance(backend, Boto3Backend)
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
    ec2 = session.client("ec2", endpoint_url=backend.client.meta.endpoint_url, region_name="us-east-1")
    made = ec2.run_instances(ImageId=MOTO_IMAGE, MinCount=1, MaxCount=1, InstanceType="m5.large")
    return str(made["Instances"][0]["InstanceId"])


def _register(request: pytest.FixtureRequest, backend: Backend, n: int, agent_version: str) -> ContainerInstance:
    request_ = RegisterContainerInstanceRequest(
        cluster="web",
        instance_identity_document=identity_document(instance_id(request, backend, n)),
        version_info=VersionInfo(agent_version=agent_version, docker_version="DockerVersion: 25.0.8"),
    )
    found = backend.register_container_instance(request_).container_instance
    assert found is not None
    return found


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
