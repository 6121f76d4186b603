"""Calling the fake's ECR the two ways users do: the typed verbs (``fake.ecr.<verb>(request)``) and a boto3 client
(``fake.client("ecr")``), with answers and refusals in one form so a test can assert the same on both."""

from __future__ import annotations

from typing import Any

from botocore import xform_name
from botocore.exceptions import ClientError

from ecskit.backends.fake import FakeBackend
from ecskit.codec import to_api
from ecskit.errors import BackendError
from ecskit.models._base import Request
from ecskit.operations import operation_of

#: The two ways of calling the fake's ECR.
SURFACES = ("typed", "boto3")


def call(fake: FakeBackend, surface: str, request: Request[Any]) -> dict[str, Any]:
    """Send ``request`` through ``surface``; the answer in its wire form (timestamps as each surface gives them)."""
    verb = xform_name(operation_of(request).name)
    if surface == "typed":
        response: dict[str, Any] = to_api(getattr(fake.ecr, verb)(request))
        return response
    answer = dict(getattr(fake.client("ecr"), verb)(**to_api(request)))
    answer.pop("ResponseMetadata", None)
    return answer


def refusal(fake: FakeBackend, surface: str, request: Request[Any]) -> tuple[str, str]:
    """The (error code, message) ``request`` is refused with through ``surface``; fails the test if it is served."""
    try:
        call(fake, surface, request)
    except BackendError as exc:
        return exc.code, exc.message
    except ClientError as exc:
        return exc.response["Error"]["Code"], exc.response["Error"]["Message"]
    raise AssertionError(f"{type(request).__name__} was served, not refused")
