"""Every error code of botocore's ECS, ECR and ECR Public models has an explicit family in ecskit's table; codes
outside it are classed by HTTP status; every exception ecskit defines lives in ecskit.errors under EcsKitError."""

from __future__ import annotations

import inspect
import pkgutil
from importlib import import_module

import botocore.session
import pytest

import ecskit
from ecskit import errors
from ecskit.errors import (
    ERROR_FAMILIES,
    AccessDeniedError,
    BackendError,
    ConflictError,
    EcsKitError,
    InvalidRequestError,
    NotFoundError,
    ServiceError,
    ThrottledError,
    backend_error,
    error_class_for,
)

SERVICES = ("ecs", "ecr", "ecr-public")


def _model_codes(service: str) -> set[str]:
    model = botocore.session.get_session().get_service_model(service)
    return {s.metadata.get("error", {}).get("code", s.name) for s in model.error_shapes}


@pytest.mark.parametrize("service", SERVICES)
def test_every_botocore_error_code_has_an_explicit_family(service: str) -> None:
    codes = _model_codes(service)
    assert codes
    missing = sorted(codes - ERROR_FAMILIES.keys())
    assert not missing, f"add these {service} error codes to ecskit.errors.ERROR_FAMILIES: {missing}"


def test_the_table_names_families_the_names_agree_with() -> None:
    for code, cls in ERROR_FAMILIES.items():
        if "NotFound" in code:
            assert cls is NotFoundError, code
        if "AlreadyExists" in code or code.endswith("InUseException"):
            assert cls is ConflictError, code
        if "Throttl" in code:
            assert cls is ThrottledError, code


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        ("ClusterNotFoundException", NotFoundError),
        ("RepositoryAlreadyExistsException", ConflictError),
        ("ClusterContainsServicesException", ConflictError),
        ("RepositoryNotEmptyException", ConflictError),
        ("InvalidParameterException", InvalidRequestError),
        ("ClientException", InvalidRequestError),
        ("AccessDeniedException", AccessDeniedError),
        ("BlockedByOrganizationPolicyException", AccessDeniedError),
        ("ThrottlingException", ThrottledError),
        ("TooManyRequestsException", ThrottledError),
        ("ServerException", ServiceError),
        ("InternalFailure", ServiceError),
        ("Throttling", ThrottledError),
        ("RequestLimitExceeded", ThrottledError),
        ("ThrottledException", ThrottledError),
        ("InternalServerError", ServiceError),
        ("ServiceUnavailable", ServiceError),
        ("RequestTimeout", ServiceError),
        ("ImageTagAlreadyExistsException", ConflictError),
    ],
)
def test_known_codes(code: str, cls: type[BackendError]) -> None:
    error = backend_error(code, "message", operation="Op", request_id="r-1")
    assert type(error) is cls
    assert error.code == code
    assert error.operation == "Op"
    assert str(error) == f"{code}: message"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (500, ServiceError),
        (503, ServiceError),
        (429, ThrottledError),
        (509, ThrottledError),  # bandwidth limit exceeded: botocore retries it as throttling
        (403, AccessDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (400, InvalidRequestError),
        (None, InvalidRequestError),
    ],
)
def test_unknown_codes_are_classed_by_http_status(status: int | None, cls: type[BackendError]) -> None:
    assert error_class_for("SomethingNobodyKnowsException", status) is cls
    assert type(backend_error("SomethingNobodyKnowsException", "m", status=status)) is cls


def test_a_known_code_wins_over_the_status() -> None:
    assert error_class_for("ClusterNotFoundException", 500) is NotFoundError


def _ecskit_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(ecskit.__path__, "ecskit.") if not m.name.endswith("__main__")]


def test_every_exception_class_is_defined_in_ecskit_errors() -> None:
    """An exception defined anywhere else (a private one the CLI or the codec catches itself aside) is a stray."""
    private = {"ecskit.codec._structure.Invalid"}
    strays = []
    for name in _ecskit_modules():
        module = import_module(name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            stray = name != "ecskit.errors" and f"{name}.{obj.__qualname__}" not in private
            if issubclass(obj, BaseException) and obj.__module__ == name and stray:
                strays.append(f"{name}.{obj.__qualname__}")
    assert not strays, strays


def test_every_public_exception_derives_from_the_root() -> None:
    for name in errors.__all__:
        obj = getattr(errors, name)
        if inspect.isclass(obj) and issubclass(obj, BaseException):
            assert issubclass(obj, EcsKitError), name
