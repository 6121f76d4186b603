"""What ecskit knows of each AWS operation it models: its service and name, its request and response shapes, how
it pages, and the errors it may answer. Generated tables (``ecskit/models/<service>/operations.py``) fill the
registry as their package is imported; :func:`ecskit.operations.operation_of` finds an operation from its
request.

Pure data, like every model: backends read it to route a request (:meth:`ecskit.backends.base.Backend.send`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

import attrs

from ecskit.models._base import Request

__all__ = ["Operation", "Paging", "find_operation", "lookup", "operations", "register"]

Req = TypeVar("Req", bound=Request[Any])
Resp = TypeVar("Resp")


@attrs.frozen(kw_only=True)
class Paging:
    """How a list operation pages (from botocore's paginator model), in attribute names of the models."""

    #: The request member that asks for the next page (``next_token``).
    input_token: str
    #: The response member that gives the next page's token (None or absent on the last page).
    output_token: str
    #: The request member that caps a page's size (``max_results``), when the operation has one.
    limit_key: str | None = None
    #: The response members that hold a page's items (``cluster_arns``).
    items: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Operation(Generic[Req, Resp]):
    """One operation of an AWS API, e.g. ECS ``CreateCluster``."""

    #: botocore's name of the service: ``ecs``, ``ecr``, ``ecr-public``.
    service: str
    #: The operation's name in the API: ``CreateCluster``.
    name: str
    #: The name of the boto3 client method: ``create_cluster``.
    method: str
    #: The request shape.
    request: type[Req]
    #: The response shape.
    response: type[Resp]
    #: How it pages (None: it does not).
    paging: Paging | None = None
    #: The error codes the service model lists for it.
    errors: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.service} {self.name}"


_BY_REQUEST: dict[type[Any], Operation[Any, Any]] = {}
_BY_NAME: dict[tuple[str, str], Operation[Any, Any]] = {}


def register(*found: Operation[Any, Any]) -> tuple[Operation[Any, Any], ...]:
    """Add operations to the registry (the generated tables call it); returns them."""
    for operation in found:
        _BY_REQUEST[operation.request] = operation
        _BY_NAME[(operation.service, operation.name)] = operation
    return found


def lookup(cls: type[Any]) -> Operation[Any, Any] | None:
    """The operation whose request class is ``cls``, or None (:func:`ecskit.operations.operation_of` raises)."""
    return _BY_REQUEST.get(cls)


def find_operation(service: str, name: str) -> Operation[Any, Any] | None:
    """The operation ``name`` of ``service`` (botocore's names, e.g. ``("ecr", "PutImage")``), or None."""
    return _BY_NAME.get((service, name))


def operations(service: str | None = None) -> tuple[Operation[Any, Any], ...]:
    """Every registered operation (of one service), in registration order."""
    found: Iterable[Operation[Any, Any]] = _BY_NAME.values()
    return tuple(o for o in found if service is None or o.service == service)
