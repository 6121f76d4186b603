"""Every AWS operation ecskit models, as data: :class:`Operation` (service, name, request and response shapes,
paging, errors), found from a request by :func:`operation_of`.

>>> from ecskit.models.ecr import DescribeRepositoriesRequest
>>> operation = operation_of(DescribeRepositoriesRequest())
>>> operation.service, operation.name, operation.method, operation.paging.items
('ecr', 'DescribeRepositories', 'describe_repositories', ('repositories',))

The tables are generated from botocore's service models by ``tools/codegen.py`` (one module per service:
``ecskit.models.ecs.operations``, ``ecskit.models.ecr.operations``, ``ecskit.models.ecr_public.operations``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from ecskit.errors import UsageError

# Importing the model packages registers their operations.
from ecskit.models import ecr as _ecr  # noqa: F401
from ecskit.models import ecr_public as _ecr_public  # noqa: F401
from ecskit.models import ecs as _ecs  # noqa: F401
from ecskit.models._base import Request
from ecskit.models._operation import Operation, Paging, find_operation, lookup, operations

__all__ = ["SERVICES", "Operation", "Paging", "Request", "find_operation", "operation_of", "operations"]

R = TypeVar("R")

#: The services whose every operation ecskit models (botocore's names).
SERVICES: tuple[str, ...] = ("ecs", "ecr", "ecr-public")


def operation_of(request: Request[R] | type[Request[R]]) -> Operation[Any, R]:
    """The operation of a request, or of a request class; :class:`~ecskit.errors.UsageError` for anything else.

    >>> from ecskit.models.ecs import CreateClusterRequest
    >>> str(operation_of(CreateClusterRequest(cluster_name="web")))
    'ecs CreateCluster'
    """
    cls = request if isinstance(request, type) else type(request)
    found = lookup(cls)
    if found is None:
        raise UsageError(f"{cls.__name__} is not the request of an AWS operation ecskit models")
    return found
