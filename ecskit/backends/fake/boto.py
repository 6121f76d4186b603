"""Real boto3 clients whose calls a fake serves in-process, through botocore's event hooks (no HTTP).

botocore still validates parameters and raises ``ClientError`` with AWS's error codes (and its
``EndpointConnectionError`` where a service has no endpoint in the client's Region), so code written against boto3
runs on the fake unchanged. A call's parameters are caught before botocore serialises them
(``before-parameter-build``), read into the operation's request model, served by the fake, and the response model
written back as botocore would have parsed it (``before-call`` short-circuits the HTTP request).

* **Waiters wait in virtual time.** ``client.get_waiter(name)`` gives botocore's own waiter (the same acceptors,
  attempts and :class:`botocore.exceptions.WaiterError`), but its delay between attempts moves the fake's virtual
  clock instead of sleeping: ``services_stable`` with boto3's defaults returns in milliseconds of real time, or
  fails after the same number of (virtual) attempts as on AWS.
* **Cheap.** Every fake client is made from one botocore session shared by the process (its loader caches the
  service models), so only the first client pays for reading them. No fake state is shared.
* **EventBridge on its dicts.** ``events`` is served too, though ecskit does not model it: its calls go to the
  fake's ``events.serve`` with the parameters botocore checked, and its answers are the response dicts as botocore
  would have parsed them (:data:`WIRE_SERVICES`; see :mod:`ecskit.backends.fake.eventbridge` for why).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ecskit.backends.fake.core.errors import unreadable
from ecskit.codec import from_api, to_api
from ecskit.errors import BackendError, ConnectionFailed, ConversionError, ServiceError, UsageError
from ecskit.operations import SERVICES, find_operation

if TYPE_CHECKING:
    from botocore.waiter import Waiter

    from ecskit.backends.base import Clock
    from ecskit.models._base import Request
    from ecskit.operations import Operation

__all__ = ["WIRE_SERVICES", "Fake", "WireServer", "make_client", "serve_client"]

#: The services a fake client serves on the API's own dicts, without ecskit models.
WIRE_SERVICES = ("events",)

R = TypeVar("R")


class WireServer(Protocol):
    """What serves a service of :data:`WIRE_SERVICES`: an operation on its request's dict, to its response's."""

    def serve(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        """Serve ``operation``; ecskit exceptions carrying AWS's codes on refusal."""
        ...


class Fake(Protocol):
    """What a fake client needs of the fake that serves it: :class:`~ecskit.backends.fake.FakeBackend` is one.

    A protocol rather than the class, because the backend makes these clients (its ``client`` method calls
    :func:`make_client`): this module does not import the backend back.
    """

    @property
    def region(self) -> str:
        """The Region the client calls."""
        ...

    @property
    def clock(self) -> Clock:
        """The fake's virtual clock (a Boto3Backend over the client waits on it)."""
        ...

    def invoke(self, operation: Operation[Any, R], request: Request[R]) -> R:
        """Serve one operation on its request model."""
        ...

    def advance(self, seconds: float) -> None:
        """Move virtual time forward by ``seconds``."""
        ...

    @property
    def events(self) -> WireServer:
        """What serves EventBridge."""
        ...


_PARAMS = "ecskit_fake_params"
_lock = threading.Lock()
_session: Any = None


def _botocore_session() -> Any:
    """The process's botocore session for fake clients (made once; botocore sessions are not thread-safe, so
    clients are made under a lock)."""
    global _session  # noqa: PLW0603 - one loader cache for the process, made on first use
    if _session is None:
        import botocore.session

        _session = botocore.session.Session()
    return _session


@functools.cache
def _config() -> Any:
    """The fake clients' botocore config: a fixed user agent (no request is ever sent, and botocore builds the
    default one anew for every call, a fifth of a fake call's time)."""
    from botocore.config import Config

    return Config(user_agent="ecskit-fake")


def _metadata(request_id: str, status: int) -> dict[str, Any]:
    return {"RequestId": request_id, "HTTPStatusCode": status, "HTTPHeaders": {}, "RetryAttempts": 0}


def make_client(fake: Fake, service: str) -> Any:
    """A boto3 client for ``service`` served by ``fake`` in its account and Region."""
    _check_service(service)
    with _lock:
        client = _botocore_session().create_client(
            service,
            region_name=fake.region,
            aws_access_key_id="fake",
            aws_secret_access_key="fake",
            config=_config(),
        )
    serve_client(client, fake, service)
    return client


def _check_service(service: str) -> None:
    if service not in SERVICES and service not in WIRE_SERVICES:
        served = ", ".join((*SERVICES, *WIRE_SERVICES))
        raise UsageError(f"the fake serves clients of {served}, not {service!r}")


def serve_client(client: Any, fake: Fake, service: str, *, guard: Callable[[], None] | None = None) -> None:
    """Have ``fake`` serve every call of ``client``, a botocore client of ``service`` made anywhere (its own event
    hooks are changed, no other client's): calls never reach the network, and its waiters wait in virtual time.
    ``guard``, when given, runs before each call and may raise to refuse it (``fake_aws`` refuses the calls of a
    client whose block has ended)."""
    _check_service(service)
    from botocore.awsrequest import AWSResponse

    def keep_params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        if guard is not None:
            guard()
        context[_PARAMS] = dict(params)

    def serve(model: Any, context: dict[str, Any], **_: Any) -> tuple[Any, dict[str, Any]]:
        operation = find_operation(service, model.name) if service in SERVICES else None
        params = context.get(_PARAMS, {})
        request_id = "fake-request"
        try:
            if service in WIRE_SERVICES:
                answer = fake.events.serve(model.name, params)
                return _response(AWSResponse, 200), {**answer, "ResponseMetadata": _metadata(request_id, 200)}
            if operation is None:  # pragma: no cover - botocore's model and ecskit's are generated from one release
                raise UsageError(f"ecskit does not model {service} {model.name}")
            request = from_api(params, operation.request)
            response = fake.invoke(operation, request)
        except ConversionError as exc:
            refused = unreadable(service, exc.errors[0])
            return _error(AWSResponse, refused.code, refused.message, request_id)
        except ConnectionFailed as exc:  # no endpoint in this Region (ECR Public): botocore's own exception, as on AWS
            from botocore.exceptions import EndpointConnectionError

            raise EndpointConnectionError(endpoint_url=client.meta.endpoint_url + "/") from exc
        except BackendError as exc:
            status = 500 if isinstance(exc, ServiceError) else 400
            return _error(AWSResponse, exc.code, exc.message, exc.request_id or request_id, status, fields=exc.fields)
        parsed = to_api(response)
        parsed["ResponseMetadata"] = _metadata(request_id, 200)
        return _response(AWSResponse, 200), parsed

    client.meta.events.register(f"before-parameter-build.{service}.*", keep_params)
    client.meta.events.register(f"before-call.{service}.*", serve)
    _wait_in_virtual_time(client, fake)
    client.ecskit_clock = fake.clock  # a Boto3Backend over this client waits on the fake's clock


def _wait_in_virtual_time(client: Any, fake: Fake) -> None:
    """Give ``client`` waiters whose delay between attempts moves ``fake``'s clock instead of sleeping."""
    get_waiter = client.get_waiter

    def virtual_waiter(name: str) -> Waiter:
        return _VirtualWaiter(get_waiter(name), client, fake)  # type: ignore[return-value]

    client.get_waiter = virtual_waiter


class _VirtualWaiter:
    """botocore's waiter, run with no real delay: before each attempt after the first, the fake advances by the
    delay the waiter would have slept. The acceptors, the attempt count and the WaiterError are botocore's own."""

    def __init__(self, waiter: Waiter, client: Any, fake: Fake) -> None:
        self._waiter = waiter
        self._client = client
        self._fake = fake
        self.name = waiter.name
        self.config = waiter.config

    def wait(self, **kwargs: Any) -> None:
        """As botocore's ``wait``; ``WaiterConfig`` (Delay, MaxAttempts) is honoured, in virtual seconds."""
        from botocore import xform_name
        from botocore.waiter import NormalizedOperationMethod, Waiter

        config: Any = self._waiter.config  # botocore's SingleWaiterConfig
        given = dict(kwargs.pop("WaiterConfig", None) or {})
        delay = float(given.get("Delay", config.delay))
        attempts = int(given.get("MaxAttempts", config.max_attempts))
        operation = NormalizedOperationMethod(getattr(self._client, xform_name(config.operation)))
        calls = 0

        def attempt(**params: Any) -> Any:
            nonlocal calls
            if calls:
                self._fake.advance(delay)
            calls += 1
            return operation(**params)

        instant = Waiter(self.name, config, attempt)
        instant.wait(**kwargs, WaiterConfig={"Delay": 0, "MaxAttempts": attempts})


def _error(
    response_cls: Any,
    code: str,
    message: str,
    request_id: str,
    status: int = 400,
    *,
    fields: Mapping[str, object] | None = None,
) -> tuple[Any, dict[str, Any]]:
    # botocore puts the members of a modelled error shape beside "Error" (InvalidLayerPartException's uploadId, ...)
    parsed = {
        **(fields or {}),
        "Error": {"Code": code, "Message": message},
        "message": message,
        "ResponseMetadata": _metadata(request_id, status),
    }
    return _response(response_cls, status), parsed


def _response(response_cls: Any, status: int) -> Any:
    """An empty HTTP response of ``status`` (botocore reads only the status code of a short-circuited call)."""
    return response_cls("", status, {}, None)
