"""What a task needs to reach before its containers start: registries, secrets, log groups, environment files.

:func:`task_needs` reads a task definition and lists, for each field that makes ECS fetch something, the endpoints
the fetch goes to, in the order they are used. A private ECR image needs ECR's API (the authorization token), its
Docker registry endpoint (the manifest) and S3 (the layers) of the repository's Region; an image of any other
registry (Docker Hub, ``public.ecr.aws``, ghcr.io, ...) needs the internet; secrets need Secrets Manager or Systems
Manager of the Region in their ARN; awslogs needs CloudWatch Logs of ``awslogs-region``; environment files need S3.
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html)

>>> from ecskit.models.ecs import ContainerDefinition, RegisterTaskDefinitionRequest
>>> td = RegisterTaskDefinitionRequest(family="web", container_definitions=(
...     ContainerDefinition(name="app", image="123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1"),))
>>> [n.services for n in task_needs(td, region="us-east-1")]
[('com.amazonaws.us-east-1.ecr.api', 'com.amazonaws.us-east-1.ecr.dkr', 'com.amazonaws.us-east-1.s3')]
"""

from __future__ import annotations

import enum
import re

import attrs

from ecskit.codec.paths import wire_path
from ecskit.iam import parse_ecr_image
from ecskit.models.ecs import ContainerDefinition, RegisterTaskDefinitionRequest, Secret
from ecskit.preflight.network import ECR_ENDPOINTS, INTERNET, endpoint_service_name

__all__ = ["Need", "NeedKind", "task_needs"]

_ARN = re.compile(r"arn:[^:]*:(?P<service>[^:]*):(?P<region>[^:]*):")


class NeedKind(enum.StrEnum):
    """What a task fetches before its containers start (and so which error it stops with when it cannot)."""

    #: A container image.
    PULL = "pull"
    #: A secret or parameter (``secrets``, ``logConfiguration.secretOptions``, ``repositoryCredentials``).
    SECRETS = "secrets"
    #: The awslogs log stream.
    LOGS = "logs"
    #: An environment file in S3.
    ENV_FILES = "env-files"


@attrs.frozen(kw_only=True)
class Need:
    """One fetch a task makes at start: from which field, of what, through which endpoints."""

    #: What is fetched.
    kind: NeedKind
    #: The endpoint service names it goes to (or :data:`~ecskit.preflight.network.INTERNET`), in the order used.
    services: tuple[str, ...]
    #: The JSON path (wire names) of the field that asks for it, e.g. ``containerDefinitions[0].image``.
    path: str
    #: What is fetched, for messages: the image, the secret's ARN or name, the log group.
    subject: str


def _path(*steps: str | int) -> str:
    return wire_path(RegisterTaskDefinitionRequest, *steps)


def _secret_service(value_from: str, region: str) -> str:
    """The endpoint of a ``valueFrom``: the service and Region of its ARN, or Systems Manager here for a name."""
    m = _ARN.match(value_from)
    if m is None:
        return endpoint_service_name(region, "ssm")
    service = "secretsmanager" if m["service"] == "secretsmanager" else "ssm"
    return endpoint_service_name(m["region"] or region, service)


def _secrets(items: tuple[Secret, ...] | None, region: str, *steps: str | int) -> list[Need]:
    return [
        Need(
            kind=NeedKind.SECRETS,
            services=(_secret_service(s.value_from, region),),
            path=_path(*steps, j, "value_from"),
            subject=s.value_from,
        )
        for j, s in enumerate(items or ())
    ]


def _container_needs(i: int, c: ContainerDefinition, region: str) -> list[Need]:
    out: list[Need] = []
    steps: tuple[str | int, ...] = ("container_definitions", i)
    creds = c.repository_credentials
    if creds is not None:
        out.append(
            Need(
                kind=NeedKind.SECRETS,
                services=(_secret_service(creds.credentials_parameter, region),),
                path=_path(*steps, "repository_credentials", "credentials_parameter"),
                subject=creds.credentials_parameter,
            )
        )
    out += _secrets(c.secrets, region, *steps, "secrets")
    if c.image:
        ecr = parse_ecr_image(c.image)
        services = (
            tuple(endpoint_service_name(ecr.region, s) for s in ECR_ENDPOINTS) if ecr is not None else (INTERNET,)
        )
        out.append(Need(kind=NeedKind.PULL, services=services, path=_path(*steps, "image"), subject=c.image))
    for j, f in enumerate(c.environment_files or ()):
        # The bucket's Region is not in its ARN; a gateway endpoint serves buckets of its own Region only.
        out.append(
            Need(
                kind=NeedKind.ENV_FILES,
                services=(endpoint_service_name(region, "s3"),),
                path=_path(*steps, "environment_files", j, "value"),
                subject=f.value,
            )
        )
    log = c.log_configuration
    if log is not None:
        out += _secrets(log.secret_options, region, *steps, "log_configuration", "secret_options")
        if log.log_driver == "awslogs":
            options = log.options or {}
            group = options.get("awslogs-group", "(no awslogs-group)")
            out.append(
                Need(
                    kind=NeedKind.LOGS,
                    services=(endpoint_service_name(options.get("awslogs-region", region), "logs"),),
                    path=_path(*steps, "log_configuration", "options", "awslogs-group"),
                    subject=group,
                )
            )
    return out


def task_needs(td: RegisterTaskDefinitionRequest, *, region: str) -> tuple[Need, ...]:
    """Every fetch a task of ``td`` makes at start in ``region``, container by container: secrets and registry
    credentials first (ECS resolves them before pulling), then the image, environment files and the log stream."""
    out: list[Need] = []
    for i, c in enumerate(td.container_definitions):
        out += _container_needs(i, c, region)
    return tuple(out)
