"""The contract suite's backends: every behaviour test runs on each of them.

* ``fake``: FakeBackend through the typed API;
* ``boto3-fake``: Boto3Backend over ``FakeBackend.client("ecs")`` (boto3 served in-process by the fake);
* ``boto3-moto``: Boto3Backend over moto's server on 127.0.0.1 (started here, once per session);
* ``aws``: Boto3Backend over real AWS, only with ``ECSKIT_AWS_CONTRACT=1`` and credentials (never in CI).

Where moto departs from AWS, a test marks itself xfail for ``boto3-moto`` with the reason (what AWS does, what
moto does); ``docs/moto-divergences.md`` lists them.
"""

from __future__ import annotations

import os
import socket
import urllib.request
from collections.abc import Iterator

import boto3
import pytest

from ecskit.backends.base import Backend
from ecskit.backends.boto3 import Boto3Backend
from ecskit.backends.fake import FakeBackend

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


def _moto_backend(endpoint: str) -> Boto3Backend:
    request = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")
    urllib.request.urlopen(request, timeout=10).close()
    session = boto3.session.Session(
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    return Boto3Backend(session.client("ecs", endpoint_url=endpoint))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Backend:
    """One backend of the contract suite (see the module docstring)."""
    name = request.param
    if name == "fake":
        return FakeBackend()
    if name == "boto3-fake":
        return Boto3Backend(FakeBackend().client("ecs"))
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
