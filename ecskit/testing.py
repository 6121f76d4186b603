"""Point code that makes its own boto3 clients at a fake: :func:`fake_aws`.

Inside a ``fake_aws()`` block, every botocore client made for a service the fake serves (``ecs``, ``ecr``,
``ecr-public``, ``events``), however it is made (``boto3.client``, ``boto3.Session(...).client``,
``botocore.session.get_session().create_client``), is served in-process by one
:class:`~ecskit.backends.fake.FakeBackend`, so application code is tested on the fake unchanged:

>>> import boto3
>>> with fake_aws() as fake:
...     ecs = boto3.client("ecs", region_name="eu-west-1")
...     arn = ecs.create_cluster(clusterName="web")["cluster"]["clusterArn"]
>>> arn
'arn:aws:ecs:eu-west-1:123456789012:cluster/web'
>>> [cluster.name for cluster in fake.scoped(region="eu-west-1").records().clusters.values()]
['web']

**Where calls go.** A client calls in the Region it names (``region_name``, or its session's or environment's
Region as botocore resolves it; ``fake_aws(region=...)`` only when it names none, where botocore would raise
``NoRegionError``), as the account ``fake_aws(account=...)`` chooses (default ``123456789012``; a client made with
botocore's own ``aws_account_id=`` argument calls as that account instead). Its calls never reach the network nor
read credentials: no request is signed, and clients made with no credentials get placeholder ones, so no credential
provider (and no instance metadata lookup) is ever run. botocore still checks parameters, and refusals are
``ClientError`` with AWS's codes. Waiters wait in virtual time (:mod:`ecskit.backends.fake.boto`): boto3's
``services_stable`` returns at once in real time, the fake's clock having moved on.

**Other services** are left alone: their clients are made and behave as without ``fake_aws``. Under moto's
``mock_aws`` as well, they go to moto, while the fake's services go to the fake; so a test can use both.

**Scope.** A client belongs to the block it was made in: a client made before the block is untouched by it, and a
client made inside refuses its calls once the block has ended (:class:`~ecskit.errors.UsageError`) rather than
reaching AWS. Blocks nest: clients go to the innermost block open when they are made, each to its own fake (a new
one for each entry, unless ``fake_aws(backend)`` names one: blocks naming the same backend share it). The hook is
a wrapper of botocore's ``Session.create_client``, put in place by the first block entered and removed when the last
one ends; it is process-wide, as clients made by other threads inside a block are the application's too. Entering,
leaving and making clients are thread-safe; the fake itself serves calls under its own lock.

**As a decorator** of a function (sync or async), each call runs in a new block; of a ``unittest.TestCase``
class, each test runs in a new block entered before ``setUp`` and left after ``tearDown``; of any other class,
each method whose name starts with ``test`` runs in a new block. :attr:`FakeAws.backend` is the fake of the block
open now.
"""

from __future__ import annotations

import functools
import inspect
import threading
import unittest
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar, cast, overload

from ecskit.backends.fake import DEFAULT_ACCOUNT, DEFAULT_REGION, FakeBackend, IdFactory
from ecskit.backends.fake.boto import WIRE_SERVICES, serve_client
from ecskit.errors import UsageError
from ecskit.operations import SERVICES

__all__ = ["SERVED", "FakeAws", "fake_aws"]

#: The boto3 service names whose clients a ``fake_aws()`` block serves.
SERVED: frozenset[str] = frozenset((*SERVICES, *WIRE_SERVICES))

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)


class _Block:
    """One entry of a ``fake_aws()``: the fake its clients go to, and whether it is still open."""

    __slots__ = ("account", "fake", "open", "region")

    def __init__(self, fake: FakeBackend, account: str, region: str) -> None:
        self.fake = fake
        self.account = account
        self.region = region
        self.open = True

    def guard(self) -> None:
        """Refuse a call of a client made in this block once it has ended."""
        if not self.open:
            raise UsageError(
                "this client was made inside a fake_aws() block that has ended: its calls would leave the fake, "
                "so they are refused; make the client inside the block that uses it"
            )


_lock = threading.Lock()
#: The open blocks, innermost last.
_blocks: list[_Block] = []
#: botocore's own ``Session.create_client`` while the wrapper is in place.
_original: Callable[..., Any] | None = None


def _create_client(session: Any, service_name: str, *args: Any, **kwargs: Any) -> Any:
    """botocore's ``Session.create_client``, and, for a service of :data:`SERVED` made inside a block, the client
    served by that block's fake."""
    with _lock:
        block = _blocks[-1] if _blocks else None
        original = _original
    assert original is not None  # only in place while _original is set
    if block is None or service_name not in SERVED:
        return original(session, service_name, *args, **kwargs)
    arguments = inspect.signature(original).bind(session, service_name, *args, **kwargs).arguments
    arguments.pop("self", None)
    arguments.pop("service_name", None)
    if arguments.get("region_name") is None and session.get_config_variable("region") is None:
        arguments["region_name"] = block.region
    if arguments.get("aws_access_key_id") is None and arguments.get("aws_secret_access_key") is None:
        # never signed nor sent: placeholder credentials keep botocore from running its credential providers
        arguments["aws_access_key_id"] = arguments["aws_secret_access_key"] = "fake"
    client = original(session, service_name, **arguments)
    account = arguments.get("aws_account_id") or block.account
    fake = block.fake.scoped(account=account, region=client.meta.region_name)
    serve_client(client, fake, service_name, guard=block.guard)
    return client


def _open(block: _Block) -> None:
    global _original  # noqa: PLW0603 - the one hook of the process, in place while a block is open
    import botocore.session

    with _lock:
        if _original is None:
            _original = botocore.session.Session.create_client
            botocore.session.Session.create_client = _create_client  # type: ignore[method-assign,assignment]
        _blocks.append(block)


def _close(block: _Block) -> None:
    global _original  # noqa: PLW0603
    import botocore.session

    with _lock:
        block.open = False
        _blocks.remove(block)
        # Put botocore's own back, unless someone wrapped ours since: then ours stays, passing every call through.
        if not _blocks and _original is not None and botocore.session.Session.create_client is _create_client:
            botocore.session.Session.create_client = _original  # type: ignore[method-assign]
            _original = None


class FakeAws:
    """What :func:`fake_aws` returns: a context manager (``with fake_aws() as fake``, giving the
    :class:`~ecskit.backends.fake.FakeBackend`) and a decorator of functions and classes. It may be entered again,
    also while it is open (each entry is a block of its own)."""

    def __init__(
        self,
        backend: FakeBackend | None = None,
        *,
        account: str | None = None,
        region: str | None = None,
        seed: int | None = None,
    ) -> None:
        if backend is not None and seed is not None:
            raise UsageError("fake_aws(backend, seed=...): the seed of a given backend is its own (its ids)")
        self._backend = backend
        self._account = account or (backend.account if backend is not None else DEFAULT_ACCOUNT)
        self._region = region or (backend.region if backend is not None else DEFAULT_REGION)
        self._seed = seed
        self._entered: list[_Block] = []
        self._entered_lock = threading.Lock()

    @property
    def account(self) -> str:
        """The account clients call as (unless made with ``aws_account_id=``)."""
        return self._account

    @property
    def region(self) -> str:
        """The Region of clients that name none."""
        return self._region

    @property
    def backend(self) -> FakeBackend:
        """The fake of this object's innermost open block (:class:`~ecskit.errors.UsageError` when none is open)."""
        with self._entered_lock:
            if not self._entered:
                raise UsageError("fake_aws(): no block is open (enter it with `with`, or decorate a test with it)")
            return self._entered[-1].fake

    def start(self) -> FakeBackend:
        """Open a block (what ``with`` does; :meth:`stop` ends it): for ``setUp`` and ``tearDown``."""
        if self._backend is not None:
            fake = self._backend.scoped(account=self._account, region=self._region)
        else:
            ids = IdFactory(self._seed) if self._seed is not None else None
            fake = FakeBackend(ids=ids, account=self._account, region=self._region)
        block = _Block(fake, self._account, self._region)
        _open(block)
        with self._entered_lock:
            self._entered.append(block)
        return fake

    def stop(self) -> None:
        """End this object's innermost open block: clients made in it refuse their calls from now on."""
        with self._entered_lock:
            if not self._entered:
                raise UsageError("fake_aws(): stop() without a start()")
            block = self._entered.pop()
        _close(block)

    def __enter__(self) -> FakeBackend:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    @overload
    def __call__(self, target: C) -> C: ...
    @overload
    def __call__(self, target: F) -> F: ...

    def __call__(self, target: Any) -> Any:
        """Decorate a function (each call runs in a new block) or a class (each test does: see the module)."""
        if inspect.isclass(target):
            return self._decorate_class(target)
        if not callable(target):
            raise UsageError(f"fake_aws() decorates functions and classes, not {type(target).__name__}")
        if inspect.iscoroutinefunction(target):

            @functools.wraps(target)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with self:
                    return await target(*args, **kwargs)

            return run_async

        @functools.wraps(target)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self:
                return target(*args, **kwargs)

        return run

    def _decorate_class(self, cls: C) -> C:
        if issubclass(cls, unittest.TestCase):
            set_up = cls.setUp

            @functools.wraps(set_up)
            def set_up_in_block(test: unittest.TestCase) -> None:
                self.start()
                test.addCleanup(self.stop)  # cleanups run after tearDown, and also when setUp fails
                set_up(test)

            cls.setUp = set_up_in_block  # type: ignore[method-assign,assignment]
            return cls
        for name, member in list(vars(cls).items()):
            if name.startswith("test") and inspect.isfunction(member):
                setattr(cls, name, self(member))
        return cast("C", cls)


def fake_aws(
    backend: FakeBackend | None = None,
    *,
    account: str | None = None,
    region: str | None = None,
    seed: int | None = None,
) -> FakeAws:
    """Serve the boto3 clients made inside by a fake (see the module for the whole story).

    ``backend``: the fake to use (each entry gets a new one when None, with ids of ``seed``: 0 by default, as
    :class:`~ecskit.backends.fake.FakeBackend`); ``account``: the account clients call as (the backend's, else
    ``123456789012``); ``region``: the Region of clients that name none (the backend's, else ``us-east-1``).
    """
    return FakeAws(backend, account=account, region=region, seed=seed)
