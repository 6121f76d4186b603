"""The registry itself: DescribeRegistry, PutReplicationConfiguration, GetAuthorizationToken.

GetAuthorizationToken, as the API reference describes it: "The authorizationToken returned is a base64 encoded
string that can be decoded and used in a docker login command" (``AWS:<password>``), valid for 12 hours (of the
fake's virtual time), for the proxy endpoint ``https://<account>.dkr.ecr.<region>.amazonaws.com``; the deprecated
``registryIds`` asks for one such answer per registry. The password is the fake's own (deterministic) token.
The replication configuration is checked and stored here (:mod:`~ecskit.backends.fake.engine.ecr_registry`); the
images pushed after it replicate by it (:mod:`~ecskit.backends.fake.engine.ecr_replication`).
"""

from __future__ import annotations

import base64
import datetime
import json

from ecskit.backends.fake.core.ecr import registry_host
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.engine.ecr_access import authorize
from ecskit.backends.fake.engine.ecr_registry import check_replication
from ecskit.backends.fake.registry import handles
from ecskit.models.ecr import (
    AuthorizationData,
    DescribeRegistryRequest,
    DescribeRegistryResponse,
    GetAuthorizationTokenRequest,
    GetAuthorizationTokenResponse,
    PutReplicationConfigurationRequest,
    PutReplicationConfigurationResponse,
    ReplicationConfiguration,
)
from ecskit.texts import ecr

__all__ = ["describe_registry", "get_authorization_token", "put_replication_configuration"]

#: How long an authorization token is valid.
TOKEN_LIFETIME = datetime.timedelta(hours=12)


@handles(DescribeRegistryRequest)
def describe_registry(env: Env, req: DescribeRegistryRequest) -> DescribeRegistryResponse:
    """DescribeRegistry: the registry's id and its replication configuration (no rules until one is put)."""
    authorize(env, env, None, "ecr:DescribeRegistry", resource="*")
    replication = env.state.ecr.replication or ReplicationConfiguration(rules=())
    return DescribeRegistryResponse(registry_id=env.account, replication_configuration=replication)


@handles(PutReplicationConfigurationRequest)
def put_replication_configuration(
    env: Env, req: PutReplicationConfigurationRequest
) -> PutReplicationConfigurationResponse:
    """PutReplicationConfiguration: replaces the registry's replication configuration (no rules: none)."""
    authorize(env, env, None, "ecr:PutReplicationConfiguration", resource="*")
    config = check_replication(env, req.replication_configuration)
    env.state.ecr.replication = config
    return PutReplicationConfigurationResponse(replication_configuration=config)


@handles(GetAuthorizationTokenRequest)
def get_authorization_token(env: Env, req: GetAuthorizationTokenRequest) -> GetAuthorizationTokenResponse:
    """GetAuthorizationToken: a docker login token for the caller's registry (or each of ``registryIds``)."""
    registries = req.registry_ids if req.registry_ids is not None else (env.account,)
    if not 1 <= len(registries) <= 10:
        refuse(ecr.CONSTRAINT, member="registryIds", constraint="must have length between 1 and 10")
    for registry_id in registries:
        if not (len(registry_id) == 12 and registry_id.isdigit()):
            refuse(
                ecr.CONSTRAINT, member="registryIds", constraint="must satisfy regular expression pattern: [0-9]{12}"
            )
    authorize(env, env, None, "ecr:GetAuthorizationToken", resource="*")
    expires = env.clock.now() + TOKEN_LIFETIME
    # The password stands for the caller's credentials, as AWS's does: what it holds is the fake's own.
    payload = {"payload": env.ids.hex32(), "version": "2", "type": "DATA_KEY", "expiration": int(expires.timestamp())}
    password = base64.b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode()
    token = base64.b64encode(f"AWS:{password}".encode()).decode()
    return GetAuthorizationTokenResponse(
        authorization_data=tuple(
            AuthorizationData(
                authorization_token=token,
                expires_at=expires,
                proxy_endpoint=f"https://{registry_host(registry_id, env.region)}",
            )
            for registry_id in registries
        )
    )
