"""The caller's public registry: DescribeRegistries, GetAuthorizationToken, GetRegistryCatalogData,
PutRegistryCatalogData.

* DescribeRegistries shows the one registry of the caller's account (see
  :func:`~ecskit.backends.fake.api.ecr_public.render.registry`).
* GetAuthorizationToken gives a base64 ``AWS:<password>`` token ("When the string is decoded, it's presented in the
  format user:password for public registry authentication using docker login", API reference, AuthorizationData)
  valid for 12 hours of virtual time. The password is the fake's own, made from the account and the expiry.
* The registry's display name is kept and shown whatever the account ("Only accounts that have the verified account
  badge can have a registry display name" is about what the Gallery shows: the fake's accounts are unverified, and
  AWS's answer to one of them setting a display name is not documented, so the fake is lenient). A display name left
  out leaves the one set before.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json

from ecskit.backends.fake.api.ecr_public import render
from ecskit.backends.fake.core.ecr_public_input import check_display_name, check_max_results
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.paging import ECR_PUBLIC_PAGING, paginate
from ecskit.backends.fake.engine.ecr_public import registry_of
from ecskit.backends.fake.registry import handles
from ecskit.models.ecr_public import (
    AuthorizationData,
    DescribeRegistriesRequest,
    DescribeRegistriesResponse,
    GetAuthorizationTokenRequest,
    GetAuthorizationTokenResponse,
    GetRegistryCatalogDataRequest,
    GetRegistryCatalogDataResponse,
    PutRegistryCatalogDataRequest,
    PutRegistryCatalogDataResponse,
    RegistryCatalogData,
)

__all__ = [
    "TOKEN_LIFETIME",
    "describe_registries",
    "get_authorization_token",
    "get_registry_catalog_data",
    "put_registry_catalog_data",
]

#: How long an authorization token is valid ("Authorization tokens are valid for 12 hours", API reference).
TOKEN_LIFETIME = datetime.timedelta(hours=12)


@handles(DescribeRegistriesRequest)
def describe_registries(env: Env, req: DescribeRegistriesRequest) -> DescribeRegistriesResponse:
    """DescribeRegistries: the caller's public registry (one page of one)."""
    where = registry_of(env, "DescribeRegistries")
    page, token = paginate(
        [render.registry(where.account, where.state.ecr_public)],
        req.next_token,
        check_max_results(req.max_results),
        limit=1000,
        texts=ECR_PUBLIC_PAGING,
    )
    return DescribeRegistriesResponse(registries=tuple(page), next_token=token)


@handles(GetAuthorizationTokenRequest)
def get_authorization_token(env: Env, req: GetAuthorizationTokenRequest) -> GetAuthorizationTokenResponse:
    """GetAuthorizationToken: a token for ``docker login public.ecr.aws``, expiring 12 hours from now."""
    where = registry_of(env, "GetAuthorizationToken")
    expires = env.clock.now() + TOKEN_LIFETIME
    payload = hashlib.sha256(f"{where.account}:{expires.isoformat()}".encode()).hexdigest()
    password = base64.b64encode(
        json.dumps(
            {"payload": payload, "version": "3", "type": "DATA_KEY", "expiration": int(expires.timestamp())}
        ).encode()
    ).decode()
    token = base64.b64encode(f"AWS:{password}".encode()).decode()
    return GetAuthorizationTokenResponse(
        authorization_data=AuthorizationData(authorization_token=token, expires_at=expires)
    )


@handles(GetRegistryCatalogDataRequest)
def get_registry_catalog_data(env: Env, req: GetRegistryCatalogDataRequest) -> GetRegistryCatalogDataResponse:
    """GetRegistryCatalogData: the registry's catalog data (``{}`` before any was put)."""
    where = registry_of(env, "GetRegistryCatalogData")
    return GetRegistryCatalogDataResponse(registry_catalog_data=where.state.ecr_public.catalog or RegistryCatalogData())


@handles(PutRegistryCatalogDataRequest)
def put_registry_catalog_data(env: Env, req: PutRegistryCatalogDataRequest) -> PutRegistryCatalogDataResponse:
    """PutRegistryCatalogData: sets the display name (at most 100 characters)."""
    where = registry_of(env, "PutRegistryCatalogData")
    check_display_name(req.display_name)
    registry = where.state.ecr_public
    if req.display_name is not None:
        registry.catalog = RegistryCatalogData(display_name=req.display_name)
    return PutRegistryCatalogDataResponse(registry_catalog_data=registry.catalog or RegistryCatalogData())
