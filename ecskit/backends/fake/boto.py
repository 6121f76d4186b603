"""A real boto3 client whose calls a fake serves in-process, through botocore's event hooks (no HTTP).

botocore still validates parameters and raises ``ClientError`` with AWS's error codes, so code written against
boto3 runs on the fake unchanged. The request's parameters are caught before botocore serialises them
(``before-parameter-build``), read into the operation's request model, served by the fake, and the response
model written back as botocore would have parsed it (``before-call`` short-circuits the HTTP request).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecskit.codec import from_api, to_api
from ecskit.codec._wire_ecs import OPERATIONS
from ecskit.errors import BackendError, ConversionError, ServiceError
from ecskit.models import ecs as ecs_models

if TYPE_CHECKING:
    from ecskit.backends.fake.backend import FakeBackend

__all__ = ["make_client"]

_PARAMS = "ecskit_fake_params"


def _metadata(request_id: str, status: int) -> dict[str, Any]:
    return {"RequestId": request_id, "HTTPStatusCode": status, "HTTPHeaders": {}, "RetryAttempts": 0}


def make_client(fake: FakeBackend, service: str) -> Any:
    """A boto3 client for ``service`` (``"ecs"``) served by ``fake`` in its account and Region."""
    if service != "ecs":
        raise ValueError(f"the fake serves 'ecs' so far, not {service!r}")
    import boto3
    from botocore.awsrequest import AWSResponse

    session = boto3.session.Session(aws_access_key_id="fake", aws_secret_access_key="fake", region_name=fake.region)
    client = session.client(service)  # type: ignore[call-overload]

    def keep_params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context[_PARAMS] = dict(params)

    def serve(model: Any, context: dict[str, Any], **_: Any) -> tuple[Any, dict[str, Any]]:
        operation = model.name
        params = context.get(_PARAMS, {})
        try:
            request_name = OPERATIONS[operation][0]
            request = from_api(params, getattr(ecs_models, request_name)) if request_name else None
            response = fake.call(operation, request)
        except ConversionError as exc:
            return _error(AWSResponse, "InvalidParameterException", str(exc.errors[0]), "fake-request")
        except BackendError as exc:
            status = 500 if isinstance(exc, ServiceError) else 400
            return _error(AWSResponse, exc.code, exc.message, exc.request_id or "fake-request", status)
        parsed = to_api(response) if response is not None else {}
        parsed["ResponseMetadata"] = _metadata("fake-request", 200)
        return _response(AWSResponse, 200), parsed

    client.meta.events.register(f"before-parameter-build.{service}.*", keep_params)
    client.meta.events.register(f"before-call.{service}.*", serve)
    return client


def _error(
    response_cls: Any, code: str, message: str, request_id: str, status: int = 400
) -> tuple[Any, dict[str, Any]]:
    parsed = {
        "Error": {"Code": code, "Message": message},
        "message": message,
        "ResponseMetadata": _metadata(request_id, status),
    }
    return _response(response_cls, status), parsed


def _response(response_cls: Any, status: int) -> Any:
    """An empty HTTP response of ``status`` (botocore reads only the status code of a short-circuited call)."""
    return response_cls("", status, {}, None)
