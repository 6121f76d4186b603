"""Services in every form users keep them, read as the CreateService input that would make them.

A service comes as CreateService input, a :class:`~ecskit.models.ecs.Service` from DescribeServices, a
DescribeServices response holding exactly one service, a CreateService/UpdateService response, or the dict, JSON
text or JSON file of any of those (:data:`~ecskit.codec.services.ServiceLike`). :func:`read_service` reads any of
them as CreateService input or a described Service; :func:`service_request_from` turns a described Service into
the CreateService input that describes it; :func:`read_service_request` does both.

Bad input is a :class:`~ecskit.errors.ConversionError` naming the field (a file that cannot be read a
:class:`~ecskit.errors.UsageError`, see :mod:`ecskit.codec.reading`).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from typing import Any, TypeAlias

import attrs

from ecskit.codec.checks import checked
from ecskit.codec.convert import Unknown, from_api
from ecskit.codec.paths import wire_path
from ecskit.codec.reading import load_document
from ecskit.errors import ConversionError, FieldError, UsageError
from ecskit.models.ecs import (
    CreateServiceRequest,
    CreateServiceResponse,
    DescribeServicesResponse,
    Service,
    UpdateServiceResponse,
)

__all__ = ["ServiceLike", "read_service", "read_service_request", "service_request_from"]

#: Any form of a service: CreateService input, a described Service, a DescribeServices response of one service,
#: a CreateService/UpdateService response, or the dict, JSON text (``str``/``bytes``) or JSON file (a path) of any
#: of those.
ServiceLike: TypeAlias = (
    CreateServiceRequest
    | Service
    | DescribeServicesResponse
    | CreateServiceResponse
    | UpdateServiceResponse
    | Mapping[str, Any]
    | str
    | bytes
    | os.PathLike[str]
)


def _error(target: str, path: str, code: str, message: str, hint: str | None = None) -> ConversionError:
    return ConversionError(target, [FieldError(path=path, code=code, message=message, hint=hint)])


@functools.cache
def _members() -> tuple[frozenset[str], frozenset[str]]:
    """Wire names only DescribeServices output has (serviceArn, deployments, ...), and only CreateService input."""
    request = {wire_path(CreateServiceRequest, a.name) for a in attrs.fields(CreateServiceRequest)}
    described = {wire_path(Service, a.name) for a in attrs.fields(Service)}
    return frozenset(described - request), frozenset(request - described)


def _one_service(response: DescribeServicesResponse) -> Service:
    services = response.services or ()
    if len(services) == 1:
        return services[0]
    failures = "; ".join(f"{f.arn}: {f.reason}" for f in response.failures or ())
    message = f"expected exactly one service, got {len(services)}" + (f" (failures: {failures})" if failures else "")
    raise _error("DescribeServicesResponse", "services", "bad-value", message)


def read_service(service: object, *, unknown: Unknown = "error") -> CreateServiceRequest | Service:
    """Any form of a service (:data:`~ecskit.codec.services.ServiceLike`) as CreateService input or as a described
    Service.

    A model is checked with :func:`~ecskit.codec.check`. (:func:`service_request_from` turns a described
    Service into CreateService input.)
    """
    if isinstance(service, CreateServiceRequest | Service):
        return checked(service, unknown=unknown)
    if isinstance(service, DescribeServicesResponse):
        return _one_service(checked(service, unknown=unknown))
    if isinstance(service, CreateServiceResponse | UpdateServiceResponse):
        response = checked(service, unknown=unknown)
        if response.service is None:
            raise _error(type(service).__name__, "service", "missing-key", "the response has no service")
        return response.service
    if attrs.has(type(service)):
        raise UsageError(f"expected a service, got a {type(service).__name__}")
    data = load_document(service, "CreateServiceRequest")
    if not isinstance(data, dict):
        raise _error(
            "CreateServiceRequest",
            "",
            "wrong-type",
            f"expected a service, got {type(data).__name__}",
            hint="give a JSON object: CreateService input or describe-services output",
        )
    if "services" in data:
        return _one_service(from_api(data, DescribeServicesResponse, unknown=unknown))
    if isinstance(data.get("service"), dict) and len(data) == 1:
        response = from_api(data, CreateServiceResponse, unknown=unknown)
        assert response.service is not None  # the key is there and is an object
        return response.service
    # Described when it has members only describe output has, and none only CreateService input has (a request
    # with one stray describe member is a request with an unknown key, and is reported as one).
    described_only, request_only = _members()
    if described_only & data.keys() and not request_only & data.keys():
        return from_api(data, Service, unknown=unknown)
    return from_api(data, CreateServiceRequest, unknown=unknown)


def _primary(service: Service) -> Any:
    """The PRIMARY deployment, which holds the Service Connect, volume and VPC Lattice settings in use."""
    return next((d for d in service.deployments or () if d.status == "PRIMARY"), None)


def service_request_from(service: CreateServiceRequest | Service) -> CreateServiceRequest:
    """The CreateService input that describes a service as deployed (identity and run-time state left out).

    ``clusterArn`` becomes ``cluster`` and ``roleArn`` becomes ``role``. DescribeServices keeps the Service
    Connect, volume and VPC Lattice configurations on the deployments, not on the service: they are taken
    from the PRIMARY deployment (the one the service converges to).
    """
    if isinstance(service, CreateServiceRequest):
        return service
    names = {a.name for a in attrs.fields(Service)}
    values: dict[str, Any] = {
        a.name: getattr(service, a.name)
        for a in attrs.fields(CreateServiceRequest)
        if a.name in names and getattr(service, a.name) is not None
    }
    if service.cluster_arn is not None:
        values["cluster"] = service.cluster_arn
    if service.role_arn is not None:
        values["role"] = service.role_arn
    primary = _primary(service)
    if primary is not None:
        for name in ("service_connect_configuration", "volume_configurations", "vpc_lattice_configurations"):
            if getattr(primary, name) is not None:
                values[name] = getattr(primary, name)
    if "service_name" not in values:
        raise _error("Service", "serviceName", "missing-key", "the service has no serviceName")
    return CreateServiceRequest(**values)


def read_service_request(service: object, *, unknown: Unknown = "error") -> CreateServiceRequest:
    """Any form of a service (:data:`~ecskit.codec.services.ServiceLike`) as the CreateService input that
    describes it."""
    return service_request_from(read_service(service, unknown=unknown))
