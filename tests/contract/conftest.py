"""The contract suite's backends: every behaviour test runs on each of them.

* ``fake``: FakeBackend through the typed API;
* ``boto3-fake``: Boto3Backend over ``FakeBackend.client(...)`` (boto3 served in-process by the fake; waiting
  through the backend's clock moves the fake's virtual time);
* ``boto3-moto``: Boto3Backend over moto's server on 127.0.0.1 (started here, once per session). moto's state never
  moves with time (it schedules no task), so its clock does not sleep: a test that waits for something moto never
  does fails at once, as the xfail of that divergence expects, instead of sleeping;
* ``aws``: Boto3Backend over real AWS, only with ``ECSKIT_AWS_CONTRACT=1`` and credentials (never in CI).

Where moto departs from AWS, a test marks itself xfail for ``boto3-moto`` with the reason (what AWS does, what
moto does); ``docs/moto-divergences.md`` lists them.
"""

from __future__ import annotations

import datetime
import os
import socket
import urllib.request
from collections.abc import Iterator

import boto3
import pytest
from botocore.config import Config

from ecskit.backends.base import Backend, Clock
from ecskit.backends.boto3 import Boto3Backend
from ecskit.backends.fake import FakeBackend
from ecskit.models.ecs import ContainerInstance, RegisterContainerInstanceRequest, VersionInfo
from tests.support.fake_ecs import ec2_id, identity_document

BACKENDS = ["fake", "boto3-fake", "boto3-moto", "aws"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """moto's server on a free port of 127.0.0.1, for the whole session."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


class _TimelessClock(Clock):
    """moto's clock: its state never moves with time, so waiting is instant (and time never passes)."""

    def now(self) -> datetime.datetime:
        return datetime.datetime.now(datetime.UTC)

    def sleep(self, seconds: float) -> None:
        pass


def _moto_backend(endpoint: str) -> Boto3Backend:
    request = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")
    urllib.request.urlopen(request, timeout=10).close()
    session = boto3.session.Session(
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    # No retries: a server error of moto's (an operation it does not implement) is final, and retrying it with
    # botocore's backoff would only sleep. (botocore reads ``max_attempts`` in ``retries`` as retries after the
    # first attempt; ``total_max_attempts`` counts the first.)
    no_retries = Config(retries={"mode": "standard", "total_max_attempts": 1})
    return Boto3Backend(session=session, config=no_retries, endpoint_url=endpoint, clock=_TimelessClock())


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Backend:
    """One backend of the contract suite (see the module docstring)."""
    name = request.param
    if name == "fake":
        return FakeBackend()
    if name == "boto3-fake":
        fake = FakeBackend()
        return Boto3Backend(fake.client("ecs"), fake.client("ecr"), fake.client("ecr-public"))
    if name == "boto3-moto":
        endpoint: str = request.getfixturevalue("moto_endpoint")
        return _moto_backend(endpoint)
    if os.environ.get("ECSKIT_AWS_CONTRACT") != "1":
        pytest.skip("real AWS runs only with ECSKIT_AWS_CONTRACT=1 and credentials (never in CI)")
    return Boto3Backend()


def moto_differs(request: pytest.FixtureRequest, reason: str) -> None:
    """Mark the running test xfail on moto, with what AWS does and what moto does."""
    if "boto3-moto" in request.node.callspec.id:
        request.applymarker(pytest.mark.xfail(reason=f"moto divergence: {reason}", strict=True))


def on(request: pytest.FixtureRequest, name: str) -> bool:
    """Whether the running test runs on backend ``name``."""
    return name in request.node.callspec.id


#: An AMI moto knows (its EXAMPLE_AMI_ID; listing moto's images takes seconds).
MOTO_IMAGE = "ami-12c6146b"


def ec2_instance(request: pytest.FixtureRequest, backend: Backend, n: int, instance_type: str = "m5.large") -> str:
    """An EC2 instance id the backend can register: made in moto's EC2 on moto, made up on the fake; real AWS
    skips (only the ECS agent on an instance can register it, with a signed identity document)."""
    if on(request, "aws"):
        pytest.skip("only the ECS agent on an instance can register it with AWS")
    if not on(request, "boto3-moto"):
        return ec2_id(n)
    assert isinstance(backend, Boto3Backend)
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
    ec2 = session.client("ec2", endpoint_url=backend.client.meta.endpoint_url, region_name="us-east-1")
    made = ec2.run_instances(ImageId=MOTO_IMAGE, MinCount=1, MaxCount=1, InstanceType=instance_type)
    return str(made["Instances"][0]["InstanceId"])


def register_instance(
    request: pytest.FixtureRequest,
    backend: Backend,
    cluster: str,
    n: int = 1,
    instance_type: str = "m5.large",
    *,
    agent_version: str | None = None,
) -> ContainerInstance:
    """Register EC2 instance number ``n`` (see :func:`ec2_instance`) with ``cluster``."""
    document = identity_document(ec2_instance(request, backend, n, instance_type), instance_type, "us-east-1a")
    version = (
        VersionInfo(agent_version=agent_version, docker_version="DockerVersion: 25.0.8") if agent_version else None
    )
    found = backend.register_container_instance(
        RegisterContainerInstanceRequest(cluster=cluster, instance_identity_document=document, version_info=version)
    ).container_instance
    assert found is not None
    return found
