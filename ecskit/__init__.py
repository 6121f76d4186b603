"""ecskit: typed models of every Amazon ECS and ECR API shape, a strict lossless codec, offline validation,
builders, and backends (real AWS through boto3, and an in-memory fake with virtual time) behind one typed API.

The names most code needs are here; the models live in :mod:`ecskit.models.ecs`, :mod:`ecskit.models.ecr`,
:mod:`ecskit.models.ecr_public`, :mod:`ecskit.models.iam` and :mod:`ecskit.models.lifecycle`; the operations in
:mod:`ecskit.operations`; the backends in :mod:`ecskit.backends`.
"""

from ecskit.client import Client
from ecskit.codec import (
    Unknown,
    from_api,
    from_json,
    read_task_definition,
    register_request_from,
    to_api,
    to_json,
)
from ecskit.errors import (
    AccessDeniedError,
    BackendError,
    ConflictError,
    ConnectionFailed,
    ConversionError,
    CredentialsError,
    DeployError,
    EcsKitError,
    EndpointUnreachable,
    FieldError,
    InvalidRequestError,
    NoResponse,
    NotFoundError,
    RegionError,
    ServiceError,
    SnapshotError,
    ThrottledError,
    UsageError,
    ValidationError,
    WaiterError,
    WaiterFailed,
    WaiterTimeout,
)
from ecskit.operations import Operation, operation_of

__version__ = "0.1.0"

__all__ = [
    "AccessDeniedError",
    "BackendError",
    "Client",
    "ConflictError",
    "ConnectionFailed",
    "ConversionError",
    "CredentialsError",
    "DeployError",
    "EcsKitError",
    "EndpointUnreachable",
    "FieldError",
    "InvalidRequestError",
    "NoResponse",
    "NotFoundError",
    "Operation",
    "RegionError",
    "ServiceError",
    "SnapshotError",
    "ThrottledError",
    "Unknown",
    "UsageError",
    "ValidationError",
    "WaiterError",
    "WaiterFailed",
    "WaiterTimeout",
    "__version__",
    "from_api",
    "from_json",
    "operation_of",
    "read_task_definition",
    "register_request_from",
    "to_api",
    "to_json",
]
