"""ecskit: typed models of Amazon ECS and ECR, a strict lossless codec, and (soon) validation and backends.

The names most code needs are here; the models live in :mod:`ecskit.models.ecs`, :mod:`ecskit.models.ecr`,
:mod:`ecskit.models.iam` and :mod:`ecskit.models.lifecycle`.
"""

from ecskit.client import Client, WaiterFailed, WaiterTimeout
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
    ConversionError,
    EcsKitError,
    FieldError,
    InvalidRequestError,
    NotFoundError,
    ServiceError,
    ThrottledError,
    ValidationError,
)

__version__ = "0.1.0"

__all__ = [
    "AccessDeniedError",
    "BackendError",
    "Client",
    "ConflictError",
    "ConversionError",
    "EcsKitError",
    "FieldError",
    "InvalidRequestError",
    "NotFoundError",
    "ServiceError",
    "ThrottledError",
    "Unknown",
    "ValidationError",
    "WaiterFailed",
    "WaiterTimeout",
    "__version__",
    "from_api",
    "from_json",
    "read_task_definition",
    "register_request_from",
    "to_api",
    "to_json",
]
