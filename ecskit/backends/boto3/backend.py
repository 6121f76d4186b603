"""Boto3Backend: ecskit's typed verbs over a boto3 client, errors mapped to ecskit's exceptions.

boto3 is imported lazily (only when a client has to be made). Requests go out through the codec (``to_api``);
responses come back through it leniently (``unknown="ignore"``), so a newer AWS that adds members or enum values
does not break a program built against this release.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from botocore import xform_name

from ecskit.backends.base import Backend
from ecskit.codec import from_api, to_api
from ecskit.codec._wire_ecs import OPERATIONS
from ecskit.errors import backend_error
from ecskit.models import ecs as ecs_models

if TYPE_CHECKING:
    from botocore.config import Config
    from mypy_boto3_ecs import ECSClient

__all__ = ["Boto3Backend", "translate_errors"]


@contextlib.contextmanager
def translate_errors(operation: str) -> Iterator[None]:
    """Turn a botocore ``ClientError`` into the ecskit exception of its AWS error code (chained with ``from``)."""
    from botocore.exceptions import ClientError

    try:
        yield
    except ClientError as exc:
        error = exc.response.get("Error", {})
        meta = exc.response.get("ResponseMetadata", {})
        raise backend_error(
            str(error.get("Code", "Unknown")),
            str(error.get("Message", "")),
            operation=operation,
            request_id=meta.get("RequestId"),
        ) from exc


class Boto3Backend(Backend):
    """ECS through boto3: give a ``client``, or a boto3 ``session`` (and botocore ``config``) to make one.

    By default the client retries in botocore's ``standard`` mode (10 attempts), so a
    :class:`~ecskit.errors.ThrottledError` means AWS kept throttling after the retries.
    """

    def __init__(self, client: ECSClient | None = None, *, session: Any = None, config: Config | None = None) -> None:
        if client is None:
            client = _make_client(session, config)
        self.client = client

    def call(self, operation: str, request: Any) -> Any:
        """Serve one operation through boto3."""
        response_name = OPERATIONS[operation][1]
        params = to_api(request) if request is not None else {}
        method = getattr(self.client, xform_name(operation))
        with translate_errors(operation):
            raw = method(**params)
        raw.pop("ResponseMetadata", None)
        if response_name is None:
            return None
        return from_api(raw, getattr(ecs_models, response_name), unknown="ignore")

    def paginate(self, operation: str, request: Any) -> Iterator[Any]:
        """Every page of a list operation, through botocore's paginator for it (``nextToken`` by hand otherwise)."""
        name = xform_name(operation)
        if not self.client.can_paginate(name):
            yield from super().paginate(operation, request)
            return
        response_cls = getattr(ecs_models, OPERATIONS[operation][1] or "")
        params = to_api(request) if request is not None else {}
        pages = self.client.get_paginator(name).paginate(**params)  # type: ignore[call-overload]
        with translate_errors(operation):
            for raw in pages:
                raw.pop("ResponseMetadata", None)
                yield from_api(raw, response_cls, unknown="ignore")


def _make_client(session: Any, config: Config | None) -> Any:
    import boto3
    from botocore.config import Config as BotocoreConfig

    retries = BotocoreConfig(retries={"mode": "standard", "max_attempts": 10})
    merged = retries.merge(config) if config is not None else retries
    return (session or boto3.session.Session()).client("ecs", config=merged)
