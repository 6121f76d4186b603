"""Boto3Backend: one client per service, picked by the request's operation; botocore's exceptions become
ecskit's (AWS codes by family, unknown codes by HTTP status, no answer at all as ConnectionFailed)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    ParamValidationError,
    ReadTimeoutError,
)

from ecskit.backends.boto3 import Boto3Backend
from ecskit.backends.boto3.backend import translate_errors
from ecskit.backends.fake import FakeBackend
from ecskit.errors import (
    ConnectionFailed,
    InvalidRequestError,
    NotFoundError,
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
    "raised",
    [
        EndpointConnectionError(endpoint_url="http://127.0.0.1:9"),
        ReadTimeoutError(endpoint_url="http://127.0.0.1:9"),
        NoCredentialsError(),
        NoRegionError(),
    ],
)
def test_no_answer_is_a_connection_failure(raised: Exception) -> None:
    with pytest.raises(ConnectionFailed) as info, translate_errors("Op"):
        raise raised
    assert info.value.code == type(raised).__name__
    assert info.value.operation == "Op"


def test_a_request_botocore_refuses_to_send_is_an_invalid_request() -> None:
    with pytest.raises(InvalidRequestError) as info, translate_errors("Op"):
        raise ParamValidationError(report="Invalid type for parameter maxResults")
    assert info.value.code == "ParamValidationError"


def test_an_unreachable_endpoint_is_a_connection_failure_end_to_end() -> None:
    session = boto3.session.Session(aws_access_key_id="k", aws_secret_access_key="s", region_name="us-east-1")
    config = Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=1, read_timeout=1)
    backend = Boto3Backend(session=session, config=config, endpoint_url="http://127.0.0.1:9")
    with pytest.raises(ConnectionFailed, match=r"127\.0\.0\.1:9"):
        backend.ecr_public.describe_registries(ecr_public.DescribeRegistriesRequest())
