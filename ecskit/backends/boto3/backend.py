"""Boto3Backend: ecskit's typed operations over boto3 clients (one per service), errors mapped to ecskit's.

boto3 is imported lazily (only when a client has to be made). Requests go out through the codec (``to_api``);
responses come back through it leniently (``unknown="ignore"``), so a newer AWS that adds members or enum values
does not break a program built against this release.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from ecskit.backends.base import SYSTEM_CLOCK, Backend, Clock
from ecskit.codec import from_api, to_api
from ecskit.errors import (
    BackendError,
    ConnectionFailed,
    CredentialsError,
    EndpointUnreachable,
    NoResponse,
    RegionError,
    ThrottledError,
    UsageError,
    backend_error,
)
from ecskit.models._base import Request
from ecskit.operations import SERVICES, Operation

if TYPE_CHECKING:
    from botocore.config import Config

__all__ = ["NO_ANSWER", "Boto3Backend", "no_answer", "translate_errors"]

R = TypeVar("R")


#: What a botocore error answer has besides the members of the error shape.
_NOT_FIELDS = frozenset({"Error", "ResponseMetadata", "message", "Message"})


#: botocore's exceptions that are no answer from AWS -> the ecskit exception for each. A class not named here is
#: classed by its nearest named base class (botocore's own hierarchy), else as a plain ConnectionFailed. Names,
#: not classes: botocore is imported only when a call is made.
NO_ANSWER: Mapping[str, type[BackendError]] = MappingProxyType(
    {
        # the request was never sent: no connection, or no endpoint to connect to
        "ConnectionError": EndpointUnreachable,  # EndpointConnectionError, ConnectTimeoutError, ProxyConnection..., SSL
        "BaseEndpointResolverError": EndpointUnreachable,  # UnknownEndpointError, ...
        "EndpointProviderError": EndpointUnreachable,  # EndpointResolutionError, ...
        "ServiceNotInRegionError": EndpointUnreachable,
        "UnknownRegionError": RegionError,
        "NoRegionError": RegionError,  # a BaseEndpointResolverError: named, so it wins over its base
        "InvalidRegionError": RegionError,
        # sent, but no complete answer came back
        "HTTPClientError": NoResponse,  # ReadTimeoutError, ConnectionClosedError, ResponseStreamingError
        "IncompleteReadError": NoResponse,
        # no credentials to sign with
        "NoCredentialsError": CredentialsError,
        "PartialCredentialsError": CredentialsError,
        "CredentialRetrievalError": CredentialsError,
        "UnknownCredentialError": CredentialsError,
        "RefreshWithMFAUnsupportedError": CredentialsError,
        "NoAuthTokenError": CredentialsError,
        "TokenRetrievalError": CredentialsError,
        "SSOError": CredentialsError,  # SSOTokenLoadError, UnauthorizedSSOTokenError
        "LoginError": CredentialsError,  # LoginRefreshRequired, ...
        "ProfileNotFound": CredentialsError,
        "InfiniteLoopConfigError": CredentialsError,  # a role profile that sources itself
        "MetadataRetrievalError": CredentialsError,  # the instance metadata service, where credentials come from
        # botocore's client-side rate limiter (retry mode "adaptive") gave up: as throttled as AWS's answer
        "CapacityNotAvailableError": ThrottledError,
    }
)


@contextlib.contextmanager
def translate_errors(operation: str) -> Iterator[None]:
    """Turn botocore's exceptions into ecskit's (chained with ``from``), so that ``except EcsKitError`` catches
    everything a call raises:

    * an AWS error answer (``ClientError``) -> the exception of its code, or of its HTTP status for a code ecskit
      does not know (:func:`~ecskit.errors.error_class_for`);
    * a request botocore refuses to send (``ParamValidationError`` and its other validation errors) ->
      :class:`~ecskit.errors.InvalidRequestError`;
    * no answer at all -> a :class:`~ecskit.errors.ConnectionFailed` of the kind :data:`NO_ANSWER` names
      (:class:`~ecskit.errors.EndpointUnreachable`, :class:`~ecskit.errors.NoResponse`,
      :class:`~ecskit.errors.CredentialsError`, :class:`~ecskit.errors.RegionError`), with botocore's exception
      name as its ``code``.
    """
    from botocore import exceptions

    try:
        yield
    except exceptions.ClientError as exc:
        response: Mapping[str, Any] = exc.response
        error = response.get("Error") or {}
        meta = response.get("ResponseMetadata") or {}
        # the members of a modelled error shape sit beside "Error" (ECR's InvalidLayerPartException's uploadId, ...)
        fields = {k: v for k, v in response.items() if k not in _NOT_FIELDS}
        status = meta.get("HTTPStatusCode")
        raise backend_error(
            str(error.get("Code") or "Unknown"),
            str(error.get("Message") or ""),
            operation=operation,
            request_id=meta.get("RequestId"),
            status=status if isinstance(status, int) else None,
            fields=fields,
        ) from exc
    except (exceptions.ParamValidationError, exceptions.ValidationError) as exc:
        if isinstance(exc, exceptions.InvalidRegionError):  # a ValidationError of the client's settings
            raise RegionError(str(exc), code=type(exc).__name__, operation=operation) from exc
        raise backend_error(type(exc).__name__, str(exc), operation=operation) from exc
    except exceptions.BotoCoreError as exc:
        raise no_answer(exc, operation) from exc


def no_answer(exc: BaseException, operation: str | None = None) -> BackendError:
    """The ecskit exception for a botocore exception that is not an answer from AWS (see :data:`NO_ANSWER`)."""
    cls = next((NO_ANSWER[c.__name__] for c in type(exc).__mro__ if c.__name__ in NO_ANSWER), ConnectionFailed)
    return cls(str(exc), code=type(exc).__name__, operation=operation)


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
