"""Boto3Backend: one client per service, picked by the request's operation; botocore's exceptions become
ecskit's (AWS codes by family, unknown codes by HTTP status, no answer at all as a ConnectionFailed of its kind):
``except EcsKitError`` catches everything a call raises."""

from __future__ import annotations

import inspect
import string
from typing import Any

import boto3
import botocore.exceptions
import pytest
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    InvalidRegionError,
    NoCredentialsError,
    NoRegionError,
    ParamValidationError,
    PartialCredentialsError,
    ProxyConnectionError,
    ReadTimeoutError,
    SSOTokenLoadError,
    UnknownEndpointError,
)
from botocore.retries.standard import ThrottledRetryableChecker, TransientRetryableChecker
from hypothesis import given
from hypothesis import strategies as st

from ecskit.backends.boto3 import Boto3Backend
from ecskit.backends.boto3.backend import NO_ANSWER, translate_errors
from ecskit.backends.fake import FakeBackend
from ecskit.errors import (
    ERROR_FAMILIES,
    BackendError,
    ConnectionFailed,
    CredentialsError,
    EcsKitError,
    EndpointUnreachable,
    InvalidRequestError,
    NoResponse,
    NotFoundError,
    RegionError,
    ServiceError,
    ThrottledError,
    UsageError,
)
from ecskit.models import ecr_public
from ecskit.models.ecr import CreateRepositoryRequest, DescribeRepositoriesRequest
from ecskit.models.ecs import CreateClusterRequest, ListClustersRequest


def _client_error(code: str, status: int) -> ClientError:
    response: Any = {"Error": {"Code": code, "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": status}}
    return ClientError(response, "Op")


def test_each_service_goes_to_its_own_client() -> None:
    fake = FakeBackend()
    backend = Boto3Backend(fake.client("ecs"), fake.client("ecr"))
    backend.create_cluster(CreateClusterRequest(cluster_name="web"))
    assert backend.ecs.list_clusters(ListClustersRequest()).cluster_arns == (
        "arn:aws:ecs:us-east-1:123456789012:cluster/web",
    )
    fake.ecr.create_repository(CreateRepositoryRequest(repository_name="web"))
    described = backend.ecr.describe_repositories(DescribeRepositoriesRequest())  # answered by the fake's ECR client
    assert [r.repository_name for r in described.repositories or ()] == ["web"]
    assert backend.client_for("ecr").meta.service_model.service_name == "ecr"
    assert backend.client is backend.client_for("ecs")


def test_a_missing_client_is_made_from_the_session() -> None:
    session = boto3.session.Session(aws_access_key_id="k", aws_secret_access_key="s", region_name="eu-west-1")
    backend = Boto3Backend(session=session, endpoint_url="http://127.0.0.1:9")
    made = backend.client_for("ecr-public")
    assert made.meta.service_model.service_name == "ecr-public"
    assert made.meta.endpoint_url == "http://127.0.0.1:9"
    assert made.meta.region_name == "eu-west-1"
    assert backend.client_for("ecr-public") is made


def test_bad_arguments_are_usage_errors() -> None:
    fake = FakeBackend()
    with pytest.raises(UsageError, match="two clients given for 'ecs'"):
        Boto3Backend(fake.client("ecs"), fake.client("ecs"))
    with pytest.raises(UsageError, match="not a boto3 client"):
        Boto3Backend(object())
    with pytest.raises(UsageError, match="does not model 's3'"):
        Boto3Backend(fake.client("ecs")).client_for("s3")


@pytest.mark.parametrize(
    ("code", "status", "cls"),
    [
        ("ClusterNotFoundException", 400, NotFoundError),
        ("Throttling", 400, ThrottledError),
        ("TooManyRequestsException", 429, ThrottledError),
        ("InternalFailure", 500, ServiceError),
        ("SomeNewFaultNobodyKnows", 503, ServiceError),
        ("SomeNewCodeNobodyKnows", 400, InvalidRequestError),
    ],
)
def test_answers_become_the_exception_of_their_family(code: str, status: int, cls: type[Exception]) -> None:
    with pytest.raises(cls) as info, translate_errors("Op"):
        raise _client_error(code, status)
    assert isinstance(info.value.__cause__, ClientError)


@pytest.mark.parametrize(
    ("raised", "cls"),
    [
        (EndpointConnectionError(endpoint_url="http://127.0.0.1:9"), EndpointUnreachable),
        (ConnectTimeoutError(endpoint_url="http://127.0.0.1:9"), EndpointUnreachable),
        (ProxyConnectionError(proxy_url="http://proxy:3128", error="refused"), EndpointUnreachable),
        (UnknownEndpointError(service_name="ecs", region_name="mars-1"), EndpointUnreachable),
        (ReadTimeoutError(endpoint_url="http://127.0.0.1:9"), NoResponse),
        (ConnectionClosedError(endpoint_url="http://127.0.0.1:9"), NoResponse),
        (NoCredentialsError(), CredentialsError),
        (PartialCredentialsError(provider="env", cred_var="AWS_SECRET_ACCESS_KEY"), CredentialsError),
        (SSOTokenLoadError(error_msg="expired"), CredentialsError),
        (NoRegionError(), RegionError),
        (InvalidRegionError(region_name="not a region"), RegionError),
    ],
)
def test_no_answer_is_a_connection_failure_of_its_kind(raised: Exception, cls: type[ConnectionFailed]) -> None:
    with pytest.raises(cls) as info, translate_errors("Op"):
        raise raised
    assert isinstance(info.value, ConnectionFailed)
    assert info.value.code == type(raised).__name__
    assert info.value.operation == "Op"
    assert info.value.__cause__ is raised


def _botocore_errors() -> list[type[Exception]]:
    return [
        c
        for _, c in inspect.getmembers(botocore.exceptions, inspect.isclass)
        if issubclass(c, botocore.exceptions.BotoCoreError | botocore.exceptions.ClientError)
        and c.__module__ == "botocore.exceptions"
    ]


def _instance(cls: type[Exception]) -> Exception:
    """An instance of a botocore exception, its message's fields filled in."""
    if issubclass(cls, ClientError):
        return cls({"Error": {"Code": "Boom", "Message": "m"}}, "Op")
    fields = {f for _, f, _, _ in string.Formatter().parse(getattr(cls, "fmt", "")) if f}
    arguments = inspect.signature(cls.__init__).parameters
    extra = {"last_response": None} if "last_response" in arguments else {}  # botocore's WaiterError
    return cls(**dict.fromkeys(fields, "x"), **extra)


@pytest.mark.parametrize("cls", _botocore_errors(), ids=lambda c: c.__name__)
def test_every_botocore_exception_becomes_an_ecskit_error(cls: type[Exception]) -> None:
    # The class that would have found botocore exceptions reaching callers: all of them, as botocore defines them.
    raised = _instance(cls)
    with pytest.raises(EcsKitError) as info, translate_errors("Op"):
        raise raised
    assert isinstance(info.value, BackendError)
    assert info.value.__cause__ is raised


def test_every_kind_named_is_a_botocore_exception() -> None:
    # A misspelt name in NO_ANSWER would silently never match.
    names = {c.__name__ for c in _botocore_errors()}
    assert set(NO_ANSWER) <= names, set(NO_ANSWER) - names


#: The codes botocore's standard retry mode retries as throttling, and as transient (botocore/retries/standard.py).
THROTTLED: list[str] = sorted(ThrottledRetryableChecker._THROTTLED_ERROR_CODES)  # type: ignore[attr-defined]
TRANSIENT: list[str] = sorted(TransientRetryableChecker._TRANSIENT_ERROR_CODES)  # type: ignore[attr-defined]


@pytest.mark.parametrize("code", THROTTLED)
def test_every_code_botocore_retries_as_throttling_is_throttled(code: str) -> None:
    if code == "LimitExceededException":  # ECS's and ECR's is a quota, which retrying does not lift
        pytest.skip("ECS and ECR answer LimitExceededException for a quota (an invalid request), not throttling")
    with pytest.raises(ThrottledError), translate_errors("Op"):
        raise _client_error(code, 400)


@pytest.mark.parametrize("code", TRANSIENT)
def test_every_code_botocore_retries_as_transient_is_not_an_invalid_request(code: str) -> None:
    with pytest.raises((ServiceError, ThrottledError)), translate_errors("Op"):
        raise _client_error(code, 400)


@given(
    code=st.text(alphabet=string.ascii_letters, min_size=1, max_size=30),
    status=st.none() | st.integers(min_value=100, max_value=599),
)
def test_any_answer_is_a_backend_error_with_its_code(code: str, status: int | None) -> None:
    with pytest.raises(BackendError) as info, translate_errors("Op"):
        raise _client_error(code, status or 400)
    assert info.value.code == code
    if code not in ERROR_FAMILIES and status is not None and 500 <= status <= 599 and status != 509:
        assert type(info.value) is ServiceError


@pytest.mark.parametrize(
    "response",
    [{}, {"Error": {"Code": None}}, {"ResponseMetadata": {"HTTPStatusCode": "500"}}, {"Error": {}}],
)
def test_an_answer_botocore_could_not_parse_is_still_a_backend_error(response: Any) -> None:
    with pytest.raises(BackendError) as info, translate_errors("Op"):
        raise ClientError(response, "Op")
    assert info.value.code == "Unknown"


def test_no_credentials_end_to_end(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", raising=False)
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", raising=False)
    backend = Boto3Backend(session=boto3.session.Session(region_name="us-east-1"), endpoint_url="http://127.0.0.1:9")
    with pytest.raises(CredentialsError, match="Unable to locate credentials"):
        backend.ecs.list_clusters(ListClustersRequest())


def test_no_region_end_to_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    session = boto3.session.Session(aws_access_key_id="k", aws_secret_access_key="s")
    with pytest.raises(RegionError):
        Boto3Backend(session=session).ecs.list_clusters(ListClustersRequest())


def test_a_request_botocore_refuses_to_send_is_an_invalid_request() -> None:
    with pytest.raises(InvalidRequestError) as info, translate_errors("Op"):
        raise ParamValidationError(report="Invalid type for parameter maxResults")
    assert info.value.code == "ParamValidationError"


def test_an_unreachable_endpoint_is_a_connection_failure_end_to_end() -> None:
    session = boto3.session.Session(aws_access_key_id="k", aws_secret_access_key="s", region_name="us-east-1")
    config = Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=1, read_timeout=1)
    backend = Boto3Backend(session=session, config=config, endpoint_url="http://127.0.0.1:9")
    with pytest.raises(EndpointUnreachable, match=r"127\.0\.0\.1:9"):
        backend.ecr_public.describe_registries(ecr_public.DescribeRegistriesRequest())
