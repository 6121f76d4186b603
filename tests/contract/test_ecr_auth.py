"""Contract: GetAuthorizationToken answers the same on every backend.

Source: the ECR API reference, GetAuthorizationToken and AuthorizationData ("A base64-encoded string that contains
authorization data for the specified Amazon ECR registry. When the string is decoded, it is presented in the
format user:password for private registry authentication using docker login"; "The authorization token is valid
for 12 hours"; proxyEndpoint "The registry URL to use for this authorization token in a docker login command").
"""

from __future__ import annotations

import base64
import datetime

import pytest

from ecskit.backends.base import Backend
from ecskit.models.ecr import AuthorizationData, GetAuthorizationTokenRequest
from tests.contract.conftest import moto_differs
from tests.contract.ecr_support import repository


def _token(backend: Backend) -> AuthorizationData:
    [data] = backend.ecr.get_authorization_token(GetAuthorizationTokenRequest()).authorization_data or ()
    return data


def test_the_token_is_a_docker_login_for_the_registry(backend: Backend) -> None:
    with repository(backend, "contract-ecr-auth") as repo:
        data = _token(backend)
        host = (repo.repository_uri or "").split("/", 1)[0]
        assert data.proxy_endpoint == f"https://{host}"
        user, _, password = base64.b64decode(data.authorization_token or "").decode().partition(":")
        assert user == "AWS"
        assert password


def test_the_token_expires_twelve_hours_later(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS's token expires 12 hours after it is given; moto's always expires on 2015-01-01")
    before = backend.clock.now()
    expires = _token(backend).expires_at
    assert expires is not None
    lifetime = expires - before
    assert datetime.timedelta(hours=11, minutes=55) <= lifetime <= datetime.timedelta(hours=12, minutes=5)
