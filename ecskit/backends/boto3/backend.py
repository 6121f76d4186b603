"""Boto3Backend: ecskit's typed operations over boto3 clients (one per service), errors mapped to ecskit's.

boto3 is imported lazily (only when a client has to be made). Requests go out through the codec (``to_api``);
responses come back through it leniently (``unknown="ignore"``), so a newer AWS that adds members or enum values
does not break a program built against this release.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from ecskit.backends.base import SYSTEM_CLOCK, Backend, Clock
from ecskit.codec import from_api, to_api
from ecskit.errors import ConnectionFailed, UsageError, backend_error
from ecskit.models._base import Request
from ecskit.operations import SERVICES, Operation

if TYPE_CHECKING:
    from botocore.config import Config

__all__ = ["Boto3Backend", "translate_errors"]

R = TypeVar("R")


#: What a botocore error answer has besides the members of the error shape.
_NOT_FIELDS = frozenset({"Error", "ResponseMetadata", "message", "Message"})


@contextlib.contextmanager
def translate_errors(operation: str) -> Iterator[None]:
    """Turn botocore's exceptions into ecskit's (chained with ``from``): an AWS error answer into the exception of
    its code (or of its HTTP status, for a code ecskit does not know); no answer at all (no connection, a
    timeout, no credentials or Region) into :class:`~ecskit.errors.ConnectionFailed`; a request botocore refuses
    to send into :class:`~ecskit.errors.InvalidRequestError` (``ParamValidationError``)."""
    from botocore import exceptions

    try:
        yield
    except exceptions.ClientError as exc:
        error = exc.response.get("Error", {})
        meta = exc.response.get("ResponseMetadata", {})
        # the members of a modelled error shape sit beside "Error" (ECR's InvalidLayerPartException's uploadId, ...)
        fields = {k: v for k, v in exc.response.items() if k not in _NOT_FIELDS}
        raise backend_error(
            str(error.get("Code", "Unknown")),
            str(error.get("Message", "")),
            operation=operation,
            request_id=meta.get("RequestId"),
            status=meta.get("HTTPStatusCode"),
            fields=fields,
        ) from exc
    except exceptions.ParamValidationError as exc:
        raise backend_error("ParamValidationError", str(exc), operation=operation) from exc
    except exceptions.BotoCoreError as exc:  # no answer: no connection, a timeout, no credentials or Region
        raise ConnectionFailed(str(exc), code=type(exc).__name__, operation=operation) from exc


class Boto3Backend(Backend):
    """ECS, ECR and ECR Public through boto3.

    Give the clients to use (``Boto3Backend(ecs_client, ecr_client)``: each serves its own service), and/or a
    boto3 ``session`` (and botocore ``config``, ``endpoint_url``, ``region``) to make the others when first
    needed. By default a client retries in botocore's ``standard`` mode (10 attempts), so a
    :class:`~ecskit.errors.ThrottledError` means AWS kept throttling after the retries. ``clock`` is real time
    unless given, or unless the clients were made by :meth:`~ecskit.backends.fake.FakeBackend.client`: then it is
    the fake's virtual clock, so waiting through this backend moves the fake on.
    """

    def __init__(
        self,
        *clients: Any,
        session: Any = None,
        config: Config | None = None,
        endpoint_url: str | None = None,
        region: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._clients: dict[str, Any] = {}
        for client in clients:
            service = _service_of(client)
            if service in self._clients:
                raise UsageError(f"two clients given for {service!r}")
            self._clients[service] = client
        self._session = session
        self._config = config
        self._endpoint_url = endpoint_url
        self._region = region
        carried = next((c.ecskit_clock for c in clients if hasattr(c, "ecskit_clock")), None)
        self._clock: Clock = clock or carried or SYSTEM_CLOCK

    @property
    def clock(self) -> Clock:
        """Real time (unless another clock was given)."""
        return self._clock

    @property
    def client(self) -> Any:
        """The ECS client."""
        return self.client_for("ecs")

    def client_for(self, service: str) -> Any:
        """The boto3 client of ``service`` (``ecs``, ``ecr``, ``ecr-public``): the one given, or one made from the
        session on first use."""
        found = self._clients.get(service)
        if found is None:
            if service not in SERVICES:
                raise UsageError(f"ecskit does not model {service!r}; it models {', '.join(SERVICES)}")
            found = self._clients[service] = _make_client(
                self._session, service, self._config, self._endpoint_url, self._region
            )
        return found

    def invoke(self, operation: Operation[Any, R], request: Request[R]) -> R:
        """Serve one operation through boto3."""
        client = self.client_for(operation.service)
        params = to_api(request)
        with translate_errors(operation.name):
            raw = getattr(client, operation.method)(**params)
        raw.pop("ResponseMetadata", None)
        return from_api(raw, operation.response, unknown="ignore")


def _service_of(client: Any) -> str:
    try:
        name: str = client.meta.service_model.service_name
    except AttributeError:
        raise UsageError(f"{client!r} is not a boto3 client") from None
    return name


def _make_client(
    session: Any, service: str, config: Config | None, endpoint_url: str | None, region: str | None
) -> Any:
    import boto3
    from botocore.config import Config as BotocoreConfig

    retries = BotocoreConfig(retries={"mode": "standard", "max_attempts": 10})
    merged = retries.merge(config) if config is not None else retries
    maker: Any = session or boto3.session.Session()
    with translate_errors("CreateClient"):
        return maker.client(service, config=merged, endpoint_url=endpoint_url, region_name=region)
