"""Every error code of botocore's ECS and ECR models maps to an ecskit exception of the right family."""

from __future__ import annotations

import botocore.session
import pytest

from ecskit.errors import (
    AccessDeniedError,
    BackendError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    ServiceError,
    ThrottledError,
    backend_error,
    error_class_for,
)


@pytest.mark.parametrize("service", ["ecs", "ecr"])
def test_every_botocore_error_code_is_mapped(service: str) -> None:
    model = botocore.session.get_session().get_service_model(service)
    codes = sorted(model.error_shapes and {s.metadata.get("error", {}).get("code", s.name) for s in model.error_shapes})
    assert codes
    for code in codes:
        cls = error_class_for(code)
        assert issubclass(cls, BackendError), code
        if "NotFound" in code:
            assert cls is NotFoundError, code
        if "AlreadyExists" in code or code.endswith("InUseException"):
            assert cls is ConflictError, code
    print(f"{service}: {len(codes)} error codes mapped")


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        ("ClusterNotFoundException", NotFoundError),
        ("RepositoryAlreadyExistsException", ConflictError),
        ("ClusterContainsServicesException", ConflictError),
        ("InvalidParameterException", InvalidRequestError),
        ("ClientException", InvalidRequestError),
        ("AccessDeniedException", AccessDeniedError),
        ("ThrottlingException", ThrottledError),
        ("ServerException", ServiceError),
        ("ImageTagAlreadyExistsException", ConflictError),
    ],
)
def test_known_codes(code: str, cls: type[BackendError]) -> None:
    error = backend_error(code, "message", operation="Op", request_id="r-1")
    assert type(error) is cls
    assert error.code == code
    assert error.operation == "Op"
    assert str(error) == f"{code}: message"
