"""The Backend protocol: one typed method, :meth:`Backend.send`, that takes a request model and returns its
response model, for every operation of every service ecskit models (ECS, ECR, ECR Public); typed verbs over it;
and a clock, so that waiting is part of the protocol too.

* A request's class names its service and operation (:func:`ecskit.operations.operation_of`): ``send`` needs no
  operation names as strings, and ECS's ``TagResource`` and ECR's are different classes.
* The verbs are generated (:mod:`ecskit.backends.verbs`): ECS's are methods of every backend
  (``backend.create_cluster(...)``), and every service's are under ``backend.ecs``, ``backend.ecr`` and
  ``backend.ecr_public``.
* A backend implements :meth:`Backend.invoke` (``send`` finds the operation first); it may say which operations it
  serves (:meth:`Backend.serves`); its :attr:`Backend.clock` tells the time and waits: real time on AWS, virtual
  time on the fake (where waiting moves the fake on). Waiters, deploys and tests wait through it and never ask
  which backend they have.
* Errors are ecskit exceptions carrying AWS's error code (:class:`~ecskit.errors.BackendError` and its
  subclasses), the same on every backend.
"""

from __future__ import annotations

import datetime
import functools
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from ecskit.backends.verbs import EcrPublicVerbs, EcrVerbs, EcsVerbs, Sender
from ecskit.codec import check, fits
from ecskit.errors import ConversionError, UsageError
from ecskit.models import replace
from ecskit.models._base import Request
from ecskit.models.elbv2 import Listener, LoadBalancer, TargetGroup
from ecskit.models.iam import Role
from ecskit.operations import Operation, operation_of

__all__ = [
    "SYSTEM_CLOCK",
    "Backend",
    "Clock",
    "DeclaresResources",
    "EcrApi",
    "EcrPublicApi",
    "EcsApi",
    "ServiceVerbs",
    "SystemClock",
]

R = TypeVar("R")


class Clock(ABC):
    """What a backend tells the time with, and waits with."""

    @abstractmethod
    def now(self) -> datetime.datetime:
        """The current time (timezone-aware, UTC)."""

    @abstractmethod
    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``: in real time on AWS; on the fake, virtual time moves on (and the fake with it)."""


class SystemClock(Clock):
    """The machine's clock: real time, real waiting."""

    def now(self) -> datetime.datetime:
        """The current time, UTC."""
        return datetime.datetime.now(datetime.UTC)

    def sleep(self, seconds: float) -> None:
        """Sleep ``seconds`` (:class:`~ecskit.errors.UsageError` when negative)."""
        if seconds < 0:
            raise UsageError(f"cannot wait a negative time ({seconds} seconds)")
        time.sleep(seconds)


#: The clock of backends that talk to AWS.
SYSTEM_CLOCK = SystemClock()


class _Via:
    """Verbs that send through another sender (a backend or a client)."""

    __slots__ = ("_sender",)

    def __init__(self, sender: Sender) -> None:
        self._sender = sender

    def send(self, request: Request[R]) -> R:
        """Send through the backend or client these verbs belong to."""
        return self._sender.send(request)


class EcsApi(_Via, EcsVerbs):
    """The Amazon ECS verbs of a backend or client (``backend.ecs``)."""

    __slots__ = ()


class EcrApi(_Via, EcrVerbs):
    """The Amazon ECR verbs of a backend or client (``backend.ecr``)."""

    __slots__ = ()


class EcrPublicApi(_Via, EcrPublicVerbs):
    """The Amazon ECR Public verbs of a backend or client (``backend.ecr_public``)."""

    __slots__ = ()


class ServiceVerbs(EcsVerbs):
    """The verbs of a sender (a backend or a client): ECS's as its own methods, every service's under its name."""

    @functools.cached_property
    def ecs(self) -> EcsApi:
        """The Amazon ECS verbs (also methods of the sender itself)."""
        return EcsApi(self)

    @functools.cached_property
    def ecr(self) -> EcrApi:
        """The Amazon ECR verbs."""
        return EcrApi(self)

    @functools.cached_property
    def ecr_public(self) -> EcrPublicApi:
        """The Amazon ECR Public verbs."""
        return EcrPublicApi(self)


#: Request class -> what :meth:`Backend.send` needs of it, found once: its operation and its compiled check.
_SENDING: dict[type[Any], tuple[Operation[Any, Any], Callable[[object], bool]]] = {}


class Backend(ServiceVerbs, ABC):
    """What ecskit's client and tools accept as a backend: :meth:`send` any request model, get its response."""

    @property
    def clock(self) -> Clock:
        """The backend's clock (real time unless the backend keeps its own)."""
        return SYSTEM_CLOCK

    def send(self, request: Request[R]) -> R:
        """Serve the operation ``request`` is for and return its response (ecskit exceptions with AWS's codes).

        The request's members are checked first, the same on every backend: one of the wrong type, an enum value
        that is not one, a required member left out is a :class:`~ecskit.errors.ConversionError` naming each, and
        nothing reaches the backend (:func:`ecskit.codec.check`).
        """
        cls = type(request)
        found = _SENDING.get(cls)
        if found is None:
            found = _SENDING[cls] = (operation_of(cls), fits(cls))
        operation, fits_class = found
        if not fits_class(request):
            raise ConversionError(cls.__name__, check(request))
        response: R = self.invoke(operation, request)
        return response

    @abstractmethod
    def invoke(self, operation: Operation[Any, R], request: Request[R]) -> R:
        """Serve ``operation`` on ``request`` (:meth:`send` found the operation from the request)."""

    def serves(self, operation: Operation[Any, Any]) -> bool:
        """Whether this backend serves ``operation`` (every one, unless the backend says otherwise)."""
        return True

    def paginate(self, request: Request[R]) -> Iterator[R]:
        """Every page of a list operation, starting from ``request``: each page's token asks for the next (one
        page for an operation that does not page)."""
        paging = operation_of(request).paging
        while True:
            page = self.send(request)
            yield page
            token = getattr(page, paging.output_token, None) if paging is not None else None
            if not token or paging is None:
                return
            request = replace(request, **{paging.input_token: token})


class DeclaresResources(ABC):
    """A backend that can also create the IAM roles and the load balancing that a pattern needs beside ECS
    (:meth:`ecskit.Client.deploy` uses it). The fake does; on AWS these belong to your infrastructure tool for
    now, and deploying a pattern that needs them raises :class:`~ecskit.errors.DeployError` before anything is
    sent."""

    @abstractmethod
    def put_role(self, role: Role) -> str:
        """Create (or replace) an IAM role; returns its ARN."""

    @abstractmethod
    def create_load_balancer(self, load_balancer: LoadBalancer) -> LoadBalancer:
        """Create a load balancer."""

    @abstractmethod
    def create_target_group(self, target_group: TargetGroup) -> TargetGroup:
        """Create a target group."""

    @abstractmethod
    def create_listener(self, listener: Listener, *, load_balancer_arn: str) -> Listener:
        """Add a listener to a load balancer."""
