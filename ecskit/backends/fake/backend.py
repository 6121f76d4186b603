"""FakeBackend: an in-memory ECS (and, as its handlers grow, ECR and ECR Public) with virtual time, deterministic
ids, several accounts and Regions; a :class:`~ecskit.backends.base.Backend` like any other.

It is three layers (DESIGN.md, section 9): the core's records (:mod:`~ecskit.backends.fake.core`), the engine that
changes them as calls come in and virtual time passes (:mod:`~ecskit.backends.fake.engine`), and one handler per
operation (:mod:`~ecskit.backends.fake.api`, registered in :mod:`~ecskit.backends.fake.registry`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from ecskit.backends.base import Backend, DeclaresResources
from ecskit.backends.fake import api as _api  # noqa: F401 - registers every handler
from ecskit.backends.fake.boto import make_client
from ecskit.backends.fake.core import snapshot
from ecskit.backends.fake.core.clock import EPOCH, VirtualClock
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.events import Queued
from ecskit.backends.fake.core.faults import Faults
from ecskit.backends.fake.core.ids import IdFactory
from ecskit.backends.fake.core.network import declare_subnet
from ecskit.backends.fake.core.region import Region, World
from ecskit.backends.fake.engine import roles, targets
from ecskit.backends.fake.engine.auto_scaling import declare_group
from ecskit.backends.fake.engine.bus import flush
from ecskit.backends.fake.engine.derive import rebuild
from ecskit.backends.fake.engine.ecr_access import principal_account
from ecskit.backends.fake.engine.ecr_upstream import declare_image
from ecskit.backends.fake.engine.run import advance
from ecskit.backends.fake.eventbridge import FakeEvents, after_call
from ecskit.backends.fake.recent import Journal, Recent, recent
from ecskit.backends.fake.registry import handler_for
from ecskit.backends.fake.vulnerabilities import Vulnerabilities
from ecskit.errors import BackendError, UsageError, backend_error
from ecskit.models._base import Request
from ecskit.models.elbv2 import Listener, LoadBalancer, TargetGroup, TargetHealthDescription
from ecskit.models.iam import Role
from ecskit.operations import Operation

if TYPE_CHECKING:
    from mypy_boto3_ecr import ECRClient
    from mypy_boto3_ecr_public import ECRPublicClient
    from mypy_boto3_ecs import ECSClient

__all__ = ["DEFAULT_ACCOUNT", "DEFAULT_REGION", "FakeBackend"]

#: The account and Region of the AWS documentation's examples.
DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"
R = TypeVar("R")
#: The operations whose answers list tasks that could not be placed (``failures``), kept for :meth:`recent`.
_PLACING = frozenset({"RunTask", "StartTask"})


class _Shared:
    """What every view of one fake shares: the world (records, clock, ids, faults, queue) and the lock."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.lock = threading.RLock()
        self.requests = 0
        #: the refused calls and placement failures kept for :meth:`FakeBackend.recent`
        self.journal = Journal()
        world.clock.bind(self.advance)

    def advance(self, seconds: float) -> None:
        with self.lock:
            advance(self.world, seconds)
            after_call(self.world)


class FakeBackend(Backend, DeclaresResources):
    """An in-memory ECS that behaves like the real one, with virtual time.

    >>> from ecskit.models.ecs import CreateClusterRequest
    >>> fake = FakeBackend()
    >>> fake.create_cluster(CreateClusterRequest(cluster_name="web")).cluster.cluster_arn
    'arn:aws:ecs:us-east-1:123456789012:cluster/web'

    ``clock`` and ``ids`` make time and ids injectable (both deterministic by default); ``faults`` injects image
    pull failures, crashing containers and failing health checks (:class:`~ecskit.backends.fake.Faults`, also
    reachable as :attr:`faults`). One fake holds any number of accounts and Regions (see :meth:`scoped`). Tasks move
    through their lifecycle only when virtual time moves (:meth:`advance`, or :attr:`clock`'s ``sleep``).
    Thread-safe: every call holds one lock.
    """

    def __init__(
        self,
        *,
        clock: VirtualClock | None = None,
        ids: IdFactory | None = None,
        faults: Faults | None = None,
        account: str = DEFAULT_ACCOUNT,
        region: str = DEFAULT_REGION,
        _shared: _Shared | None = None,
        _principal: str | None = None,
    ) -> None:
        if _shared is None:
            world = World(clock=clock or VirtualClock(EPOCH), ids=ids or IdFactory(), faults=faults or Faults())
            _shared = _Shared(world)
        self._shared = _shared
        self._account = account
        self._region = region
        self._principal = _principal
        self._view: Env | None = None  # this view's Env, made on first use (the account and Region never change)
        self._events: FakeEvents | None = None

    @property
    def account(self) -> str:
        """The account this view of the fake calls as (see :meth:`scoped` for another)."""
        return self._account

    @property
    def region(self) -> str:
        """The Region this view of the fake calls (see :meth:`scoped` for another)."""
        return self._region

    @property
    def clock(self) -> VirtualClock:
        """The fake's virtual clock (its ``sleep`` moves the fake on, as :meth:`advance` does)."""
        return self._shared.world.clock

    @property
    def ids(self) -> IdFactory:
        """The fake's id factory."""
        return self._shared.world.ids

    @property
    def faults(self) -> Faults:
        """The faults the fake injects (add some with its methods at any time)."""
        return self._shared.world.faults

    @property
    def principal(self) -> str:
        """The IAM principal this view calls as: the account's root user unless :meth:`scoped` named another."""
        return self._principal or f"arn:aws:iam::{self._account}:root"

    @property
    def vulnerabilities(self) -> Vulnerabilities:
        """The fake's vulnerability catalogue: what images contain and which vulnerabilities affect them, which is
        what ECR's scans on the fake find (see :mod:`~ecskit.backends.fake.vulnerabilities`)."""
        return Vulnerabilities(self._shared.lock, self._env)

    def scoped(
        self, *, account: str | None = None, region: str | None = None, principal: str | None = None
    ) -> FakeBackend:
        """A view of the same fake as another account and/or Region, or as another IAM ``principal`` (a user or
        role ARN, ``arn:aws:iam::444455556666:role/ci``: its account is the view's). Resource policies and the
        identity-based policies of roles declared with :meth:`put_role` decide what such a principal may do in ECR
        (see :mod:`~ecskit.backends.fake.engine.ecr_access`). Raises UsageError for a principal that is not an IAM
        user or role ARN, or that belongs to another account than ``account``."""
        if principal is not None:
            owner = principal_account(principal)
            if account is not None and account != owner:
                raise UsageError(f"the principal {principal} belongs to account {owner}, not {account}")
            account = owner
        elif account is None or account == self._account:
            principal = self._principal
        return FakeBackend(
            account=account or self.account, region=region or self.region, _shared=self._shared, _principal=principal
        )

    def advance(self, seconds: float) -> None:
        """Move virtual time forward by ``seconds``, running every event that falls due on the way, in order (in
        every account and Region of the fake). The same as ``fake.clock.sleep(seconds)``."""
        self._shared.advance(seconds)

    @property
    def events(self) -> FakeEvents:
        """The EventBridge events of this view's account and Region: what ECS and ECR sent, subscriptions, and what
        the targets of EventBridge rules received (see :mod:`~ecskit.backends.fake.eventbridge`)."""
        if self._events is None:
            self._events = FakeEvents(self._env(), self._shared.lock)
        return self._events

    def records(self) -> Region:
        """The core records of this view's account and Region: what tests and tools may read to look inside the
        fake (change them only through calls). Events still noted are made first, so ``bus`` is complete."""
        with self._shared.lock:
            flush(self._shared.world)
        return self._env().state

    def recent(self, *, limit: int = 10) -> Recent:
        """What the fake saw last, in every account and Region: the last ``limit`` tasks that stopped (with their
        stop codes, reasons and container exit codes), service events, tasks RunTask or StartTask could not place,
        and refused calls (see :mod:`~ecskit.backends.fake.recent`). The pytest plugin shows it when a test fails."""
        with self._shared.lock:
            flush(self._shared.world)
            return recent(self._shared.world, self._shared.journal, limit=limit)

    def queued(self) -> tuple[Queued, ...]:
        """What virtual time will bring, in the order it will run: every event queued, in every account and Region
        (the lifecycle steps of tasks, reconciles of services, ...)."""
        with self._shared.lock:
            return tuple(self._shared.world.queued())

    def _env(self) -> Env:
        env = self._view
        if env is None:
            world = self._shared.world
            env = self._view = Env(world, world.region(self._account, self._region), self._principal)
        return env

    # -- the Backend protocol ----------------------------------------------------------------------------------------

    def invoke(self, operation: Operation[Any, R], request: Request[R]) -> R:
        """Serve one operation on its (checked) request model; raises ecskit exceptions with AWS's codes."""
        handler = handler_for(operation)
        if handler is None:
            raise backend_error(
                "InvalidAction",
                f"The fake does not serve {operation} (yet): see the operation-support page for what it serves.",
                operation=operation.name,
            )
        shared = self._shared
        with shared.lock:
            shared.requests += 1
            try:
                result: R = handler(self._view or self._env(), request)
            except BackendError as exc:
                exc.operation = exc.operation or operation.name
                exc.request_id = exc.request_id or f"fake-{shared.requests:08d}"
                world = shared.world
                shared.journal.refused(
                    world.clock.now(),
                    account=self._account,
                    region=self._region,
                    operation=operation.name,
                    code=exc.code,
                    message=exc.message,
                )
                raise
            if operation.name in _PLACING:
                failures = getattr(result, "failures", None)
                if failures:
                    now = shared.world.clock.now()
                    shared.journal.not_placed(
                        now, account=self._account, region=self._region, operation=operation.name, failures=failures
                    )
            relay = shared.world.relay
            if relay.subscriptions or relay.errors:
                after_call(shared.world)  # the subscribers see the call's events (and what they raise is raised here)
            return result

    def serves(self, operation: Operation[Any, Any]) -> bool:
        """Whether the fake has a handler for ``operation``."""
        return handler_for(operation) is not None

    # -- what the fake models beside the API: subnets, Auto Scaling groups, load balancing, roles ------------------

    def declare_subnet(self, subnet_id: str, cidr: str, availability_zone: str) -> None:
        """Declare a subnet (in this view's account and Region): its ENIs take addresses of ``cidr`` and its tasks
        run in ``availability_zone``. Undeclared subnets are made up on first use (see
        :mod:`~ecskit.backends.fake.core.network`). Raises UsageError for a bad id, CIDR (a /16 to a /28) or zone."""
        with self._shared.lock:
            declare_subnet(self._env().state.subnets, subnet_id, cidr, availability_zone, self.region)

    def declare_auto_scaling_group(
        self,
        name: str,
        *,
        instance_type: str,
        availability_zones: tuple[str, ...],
        min_size: int = 0,
        max_size: int = 10,
        desired_capacity: int = 0,
    ) -> str:
        """Declare an EC2 Auto Scaling group (in this view's account and Region) with ``desired_capacity`` running
        instances of ``instance_type`` spread over ``availability_zones``; returns its ARN, for
        CreateCapacityProvider's ``autoScalingGroupArn`` (its name works too).

        Its instances register with the cluster its capacity provider is associated with, and managed scaling grows
        it up to ``max_size`` (see :mod:`~ecskit.backends.fake.engine.auto_scaling`). Groups never declared are
        made up on first use. Raises UsageError for a name taken, an unknown instance type, a zone of another
        Region, or sizes out of order (0 <= min_size <= desired_capacity <= max_size).
        """
        with self._shared.lock:
            group = declare_group(
                self._env(),
                name,
                instance_type_name=instance_type,
                availability_zones=tuple(availability_zones),
                min_size=min_size,
                max_size=max_size,
                desired_capacity=desired_capacity,
            )
            return group.arn

    # Elastic Load Balancing, as far as ECS services use it (see ecskit.backends.fake.engine.targets). These are the
    # fake's own typed methods: ELBv2 is not one of the services ecskit models yet. Bad input raises UsageError, as
    # declare_subnet does.

    def create_load_balancer(self, load_balancer: LoadBalancer) -> LoadBalancer:
        """Declare a load balancer; it keeps the ARN it carries (builders give one) or gets a new one."""
        with self._shared.lock:
            return targets.create_load_balancer(self._env(), load_balancer)

    def create_target_group(self, target_group: TargetGroup) -> TargetGroup:
        """Declare a target group; services registering in it get their tasks registered as targets."""
        with self._shared.lock:
            return targets.create_target_group(self._env(), target_group)

    def create_listener(self, listener: Listener, *, load_balancer_arn: str) -> Listener:
        """Add a listener to a declared load balancer, forwarding to a declared target group (by name or ARN)."""
        with self._shared.lock:
            return targets.create_listener(self._env(), listener, load_balancer_arn)

    def describe_target_health(self, target_group: TargetGroup | str) -> tuple[TargetHealthDescription, ...]:
        """DescribeTargetHealth of a declared target group (the model, or its ARN): its targets and their health."""
        arn = target_group if isinstance(target_group, str) else target_group.target_group_arn or ""
        with self._shared.lock:
            return targets.describe_target_health(self._env(), arn)

    def put_role(self, role: Role) -> str:
        """Declare an IAM role in this view's account; returns its ARN. Task definitions naming a declared role
        as task or execution role are checked against it (see :mod:`ecskit.backends.fake.engine.roles`); roles that
        are not declared allow everything."""
        with self._shared.lock:
            return roles.declare_role(self._env(), role)

    def declare_upstream_image(
        self,
        upstream_url: str,
        repository: str,
        tag: str | None,
        *,
        manifest: str | None = None,
        layers: Sequence[int] = (2_000_000,),
    ) -> str:
        """Declare an image that the registry outside AWS ``upstream_url`` holds (``registry-1.docker.io``,
        ``quay.io``, ``ghcr.io``, ... as a pull through cache rule names it), in its repository ``repository`` under
        ``tag``; returns its digest. The fake reaches no registry on the internet: a pull through a rule serves the
        images declared for its upstream, and a pull of one never declared finds no image, as ECR does for an image
        missing upstream. An Amazon ECR upstream needs no declaration: it is one of the fake's own registries.

        The image is ``manifest`` (its exact text; an image index names images declared before it, with ``tag``
        None for those), or a made-up Docker image of ``layers`` (sizes in bytes). Declaring another image under the
        same tag moves the tag, as a push upstream does. Raises UsageError for an unknown or Amazon ECR upstream, or
        a manifest that is no image.

        >>> fake = FakeBackend()
        >>> fake.declare_upstream_image("registry-1.docker.io", "library/nginx", "1.27")[:7]
        'sha256:'
        """
        with self._shared.lock:
            image = declare_image(self._env(), upstream_url, repository, tag, manifest=manifest, layers=layers)
            return image.digest

    # -- boto3 clients ---------------------------------------------------------------------------------------------

    @overload
    def client(self, service: Literal["ecs"] = ..., *, region: str | None = None) -> ECSClient: ...
    @overload
    def client(self, service: Literal["ecr"], *, region: str | None = None) -> ECRClient: ...
    @overload
    def client(self, service: Literal["ecr-public"], *, region: str | None = None) -> ECRPublicClient: ...
    @overload
    def client(self, service: Literal["events"], *, region: str | None = None) -> Any: ...

    def client(self, service: str = "ecs", *, region: str | None = None) -> Any:
        """A real boto3 client of ``service`` (``ecs``, ``ecr``, ``ecr-public``, ``events``) whose calls this fake
        serves in-process, in this view's account and ``region`` (default: this view's): no HTTP, botocore's
        parameter validation kept, and its waiters wait in virtual time (see :mod:`~ecskit.backends.fake.boto`;
        ``events`` is the fake's small EventBridge: :mod:`~ecskit.backends.fake.eventbridge`)."""
        return make_client(self.scoped(region=region), service)

    # -- save and restore ------------------------------------------------------------------------------------------

    def save(self) -> str:
        """The whole fake (every account and Region, the clock, the ids, the faults, what is due) as JSON text."""
        with self._shared.lock:
            flush(self._shared.world)  # the events still noted are saved as events
            return snapshot.save(self._shared.world)

    @classmethod
    def restore(cls, text: str | bytes, *, account: str = DEFAULT_ACCOUNT, region: str = DEFAULT_REGION) -> FakeBackend:
        """A fake in the state :meth:`save` wrote; it goes on exactly as the saved one would have. A snapshot that
        is not one of this release's, or was edited into something inconsistent, is a
        :class:`~ecskit.errors.SnapshotError` saying what is wrong."""
        world = snapshot.restore(text)
        rebuild(world)
        return cls(account=account, region=region, _shared=_Shared(world))
