"""ecskit: typed models of every Amazon ECS, ECR and ECR Public API shape, a strict lossless codec, offline
validation, builders, and backends behind one typed API: real AWS through boto3, and an in-memory fake of ECS and
ECR with virtual time.

The names most code needs are here (:class:`Client`, the codec's functions, the exceptions). The rest, by package:

* models: :mod:`ecskit.models.ecs`, :mod:`ecskit.models.ecr`, :mod:`ecskit.models.ecr_public` (generated from
  botocore's service models), :mod:`ecskit.models.iam`, :mod:`ecskit.models.lifecycle`; operations:
  :mod:`ecskit.operations`;
* documents: :mod:`ecskit.codec` (dicts and JSON in and out), :mod:`ecskit.validation` (what AWS would refuse or
  fail, before any call), :mod:`ecskit.diff`, :mod:`ecskit.lifecycle` (ECR lifecycle policies offline),
  :mod:`ecskit.eventbridge` (event patterns), :mod:`ecskit.images` (test images, pushes);
* building and checking: :mod:`ecskit.builders`, :mod:`ecskit.iam`, :mod:`ecskit.placement`,
  :mod:`ecskit.preflight`;
* running: :mod:`ecskit.backends` (:class:`~ecskit.backends.boto3.Boto3Backend`,
  :class:`~ecskit.backends.fake.FakeBackend`), :class:`Client` (validation, pagination, waiters, deploy);
* testing: :func:`ecskit.testing.fake_aws` (boto3 clients made anywhere served by the fake) and the pytest plugin
  (:mod:`ecskit.pytest_plugin`: the ``fake_aws`` fixture); notebooks: :mod:`ecskit.display` (tables and pictures);
* the command line: ``ecskit`` / ``python -m ecskit`` (validate, diff, rules, lifecycle).
"""

from ecskit import display as _display  # noqa: F401 - gives the models, reports and diffs their notebook displays
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
