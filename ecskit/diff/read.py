"""Task definitions and services in every form a diff is given them, read as the request that would create them.

* A task definition comes as register input, describe output (a :class:`~ecskit.models.ecs.TaskDefinition`),
  a whole describe or register response, a dict or JSON text of any of those, or a JSON file: each is read as a
  :class:`~ecskit.models.ecs.RegisterTaskDefinitionRequest` by :func:`ecskit.codec.read_task_definition` and
  :func:`ecskit.codec.register_request_from`, which drop the read-only members.
* A service comes as CreateService input, a :class:`~ecskit.models.ecs.Service` from DescribeServices, a
  DescribeServices response holding exactly one service, a CreateService/UpdateService response, or a dict,
  JSON text or JSON file of any of those: each is read as a :class:`~ecskit.models.ecs.CreateServiceRequest`
  by :func:`service_request_from`.

Bad input is a :class:`~ecskit.errors.ConversionError` naming the field, never another exception.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeAlias

import attrs

from ecskit.codec import Unknown, from_api, read_task_definition, register_request_from
from ecskit.codec.paths import wire_path
from ecskit.errors import ConversionError, FieldError
from ecskit.models.ecs import (
    CreateServiceRequest,
    CreateServiceResponse,
    DescribeServicesResponse,
    DescribeTaskDefinitionResponse,
    RegisterTaskDefinitionRequest,
    RegisterTaskDefinitionResponse,
    Service,
    TaskDefinition,
    UpdateServiceResponse,
)

__all__ = [
    "ServiceLike",
    "TaskDefinitionLike",
    "read_service",
    "read_task_definition_like",
    "service_request_from",
]

#: Any form of a task definition a diff takes (a path is a JSON file; ``str``/``bytes`` are JSON text).
TaskDefinitionLike: TypeAlias = (
    RegisterTaskDefinitionRequest
    | TaskDefinition
    | DescribeTaskDefinitionResponse
    | RegisterTaskDefinitionResponse
    | Mapping[str, Any]
    | str
    | bytes
    | os.PathLike[str]
)
#: Any form of a service a diff takes (a path is a JSON file; ``str``/``bytes`` are JSON text).
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


def _error(target: str, path: str, code: str, message: str) -> ConversionError:
    return ConversionError(target, [FieldError(path=path, code=code, message=message)])


def _data(value: object, target: str) -> object:
    """Parsed JSON from a path or JSON text; anything else as it is."""
    if isinstance(value, os.PathLike):
        # A file that cannot be read is the caller's OSError, as open() gives it; its content is user data.
        value = Path(value).read_bytes()
    if isinstance(value, str | bytes):
        try:
            return json.loads(value)
        except (ValueError, TypeError) as exc:
            raise _error(target, "", "not-json", f"not JSON: {exc}") from None
    return value


def read_task_definition_like(td: object, *, unknown: Unknown = "error") -> RegisterTaskDefinitionRequest:
    """Any form of a task definition (see :data:`TaskDefinitionLike`) as register input."""
    if isinstance(td, RegisterTaskDefinitionRequest):
        return td
    if isinstance(td, TaskDefinition | DescribeTaskDefinitionResponse):
        return register_request_from(td)
    if isinstance(td, RegisterTaskDefinitionResponse):
        return register_request_from(DescribeTaskDefinitionResponse(task_definition=td.task_definition, tags=td.tags))
    data = _data(td, "RegisterTaskDefinitionRequest")
    if isinstance(data, Mapping) and not isinstance(data, dict):
        data = dict(data)
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise _error("RegisterTaskDefinitionRequest", "", "wrong-type", f"expected a task definition, got {kind}")
    return read_task_definition(data, unknown=unknown)


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
    """Any form of a service (see :data:`ServiceLike`) as CreateService input or as a described Service.

    (:func:`service_request_from` turns a described Service into CreateService input.)
    """
    if isinstance(service, CreateServiceRequest | Service):
        return service
    if isinstance(service, DescribeServicesResponse):
        return _one_service(service)
    if isinstance(service, CreateServiceResponse | UpdateServiceResponse):
        if service.service is None:
            raise _error(type(service).__name__, "service", "missing-key", "the response has no service")
        return service.service
    data = _data(service, "CreateServiceRequest")
    if isinstance(data, Mapping) and not isinstance(data, dict):
        data = dict(data)
    if not isinstance(data, dict):
        raise _error("CreateServiceRequest", "", "wrong-type", f"expected a service, got {type(data).__name__}")
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
