"""FakeBackend: an in-memory ECS with virtual time, deterministic ids, several accounts and Regions."""

from __future__ import annotations

import heapq
import json
import threading
from typing import TYPE_CHECKING, Any, TypeVar

from ecskit.backends.base import Backend, DeclaresResources
from ecskit.backends.fake import roles, targets
from ecskit.backends.fake.auto_scaling import declare_group
from ecskit.backends.fake.bookkeeping import flush
from ecskit.backends.fake.clock import EPOCH, VirtualClock
from ecskit.backends.fake.env import Env
from ecskit.backends.fake.faults import Faults
from ecskit.backends.fake.ids import IdFactory
from ecskit.backends.fake.lifecycle import fire
from ecskit.backends.fake.network import declare_subnet
from ecskit.backends.fake.operations import EVENT_HANDLERS
from ecskit.backends.fake.registry import handler_for
from ecskit.backends.fake.runtime import RECONCILE
from ecskit.backends.fake.scheduler import reconcile
from ecskit.backends.fake.state import RegionState, World
from ecskit.errors import BackendError, UsageError, backend_error
from ecskit.models._base import Request
from ecskit.models.elbv2 import Listener, LoadBalancer, TargetGroup, TargetHealthDescription
from ecskit.models.iam import Role
from ecskit.operations import Operation

if TYPE_CHECKING:
    from mypy_boto3_ecs import ECSClient

R = TypeVar("R")

__all__ = ["DEFAULT_ACCOUNT", "DEFAULT_REGION", "FakeBackend"]

#: The account and Region of the AWS documentation's examples.
DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"
_FORMAT = 1


class _Shared:
    """What every view of one fake shares: the world, the clock, the ids and the lock."""

    def __init__(self, clock: VirtualClock, ids: IdFactory, faults: Faults) -> None:
        self.world = World()
        self.clock = clock
        self.ids = ids
        self.faults = faults
        self.lock = threading.RLock()
        self.requests = 0
        clock.bind(self.advance)

    def advance(self, seconds: float) -> None:
        """Move virtual time forward by ``seconds``, running every event that falls due on the way, in order (in
        every account and Region)."""
        if seconds < 0:
            raise UsageError(f"cannot advance by a negative time ({seconds} seconds)")
        with self.lock:
            target = self.clock.elapsed + seconds
            while True:
                due = [s for s in self.world.regions.values() if s.events and s.events[0].due <= target]
                if not due:
                    break
                state = min(due, key=lambda s: s.events[0])
                event = heapq.heappop(state.events)
                self.clock.advance_to(max(self.clock.elapsed, event.due))
                env = Env(state, self.clock, self.ids, self.faults)
                if event.kind == RECONCILE:
                    reconcile(env, event.arn)
                elif event.kind in EVENT_HANDLERS:
                    EVENT_HANDLERS[event.kind](env, event)
                else:
                    fire(env, event)
            self.clock.advance_to(target)


class FakeBackend(Backend, DeclaresResources):
    """An in-memory ECS that behaves like the real one, with virtual time.

    >>> from ecskit.models.ecs import CreateClusterRequest
    >>> fake = FakeBackend()
    >>> fake.create_cluster(CreateClusterRequest(cluster_name="web")).cluster.cluster_arn
    'arn:aws:ecs:us-east-1:123456789012:cluster/web'

    ``clock`` and ``ids`` make time and ids injectable (both deterministic by default); ``faults`` injects image
    pull failures, crashing containers and failing health checks (:class:`~ecskit.backends.fake.faults.Faults`,
    also reachable as :attr:`faults`). One fake holds any number of accounts and Regions (see :meth:`scoped`).
    Tasks move through their lifecycle only when virtual time moves (:meth:`advance`).
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
    ) -> None:
        self._shared = _shared or _Shared(clock or VirtualClock(EPOCH), ids or IdFactory(), faults or Faults())
        self.account = account
        self.region = region
        self._view: Env | None = None  # this view's Env, made on first use and kept while it names this Region

    @property
    def clock(self) -> VirtualClock:
        """The fake's virtual clock."""
        return self._shared.clock

    @property
    def ids(self) -> IdFactory:
        """The fake's id factory."""
        return self._shared.ids

    @property
    def faults(self) -> Faults:
        """The faults the fake injects (add some with its methods at any time)."""
        return self._shared.faults

    def scoped(self, *, account: str | None = None, region: str | None = None) -> FakeBackend:
        """A view of the same fake as another account and/or Region."""
        return FakeBackend(account=account or self.account, region=region or self.region, _shared=self._shared)

    def advance(self, seconds: float) -> None:
        """Move virtual time forward by ``seconds``, running every lifecycle event that falls due on the way, in
        order (in every account and Region of the fake). The same as ``fake.clock.sleep(seconds)``."""
        self._shared.advance(seconds)

    def declare_subnet(self, subnet_id: str, cidr: str, availability_zone: str) -> None:
        """Declare a subnet (in this view's account and Region): its ENIs take addresses of ``cidr`` and its tasks
        run in ``availability_zone``. Undeclared subnets are made up on first use (see
        :mod:`~ecskit.backends.fake.network`). Raises ValueError for a bad id, CIDR (a /16 to a /28) or zone."""
        with self._shared.lock:
            declare_subnet(self._state().subnets, subnet_id, cidr, availability_zone, self.region)

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
        it up to ``max_size`` (see :mod:`~ecskit.backends.fake.auto_scaling`). Groups never declared are made up on
        first use. Raises ValueError for a name taken, an unknown instance type, a zone of another Region, or sizes
        out of order (0 <= min_size <= desired_capacity <= max_size).
        """
        with self._shared.lock:
            env = self._env()
            group = declare_group(
                env,
                name,
                instance_type_name=instance_type,
                availability_zones=tuple(availability_zones),
                min_size=min_size,
                max_size=max_size,
                desired_capacity=desired_capacity,
            )
            return group.arn

    # Elastic Load Balancing, as far as ECS services use it (see ecskit.backends.fake.targets). These are the
    # fake's own typed methods: ELBv2 is not part of the Backend protocol (users create load balancers with their
    # infrastructure tools). Bad input raises ValueError, as declare_subnet does.

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
        as task or execution role are checked against it (see :mod:`ecskit.backends.fake.roles`); roles that are
        not declared allow everything."""
        with self._shared.lock:
            return roles.declare_role(self._env(), role)

    def _env(self) -> Env:
        env = self._view
        if env is None or env.state.account != self.account or env.state.region != self.region:
            shared = self._shared
            env = self._view = Env(self._state(), shared.clock, shared.ids, shared.faults)
        return env

    def invoke(self, operation: Operation[Any, R], request: Request[R]) -> R:
        """Serve one operation on its request model; raises ecskit exceptions with AWS's codes."""
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
                result: R = handler(self._env(), request)
                return result
            except BackendError as exc:
                exc.operation = exc.operation or operation.name
                exc.request_id = exc.request_id or f"fake-{shared.requests:08d}"
                raise

    def serves(self, operation: Operation[Any, Any]) -> bool:
        """Whether the fake has a handler for ``operation``."""
        return handler_for(operation) is not None

    def _state(self) -> RegionState:
        return self._shared.world.region(self.account, self.region)

    def client(self, service: str = "ecs", *, region: str | None = None) -> ECSClient:
        """A real boto3 client of ``service`` (``ecs``, ``ecr``, ``ecr-public``) whose calls this fake serves
        in-process, in this view's account and ``region`` (default: this view's): no HTTP, botocore's parameter
        validation kept, and its waiters wait in virtual time (see :mod:`~ecskit.backends.fake.boto`)."""
        from ecskit.backends.fake.boto import make_client

        client: ECSClient = make_client(self.scoped(region=region), service)
        return client

    def save(self) -> str:
        """The whole fake (every account and Region, the clock, the ids) as JSON text."""
        with self._shared.lock:
            for state in self._shared.world.regions.values():
                flush(state)
            data = {
                "format": _FORMAT,
                "clock": {"start": self.clock.now().isoformat(), "elapsed": self.clock.elapsed},
                "ids": {"seed": self._shared.ids.seed, "counter": self._shared.ids.counter},
                "faults": self._shared.faults.to_data(),
                "regions": [s.to_data() for s in self._shared.world.regions.values()],
            }
        return json.dumps(data)

    @classmethod
    def restore(cls, text: str, *, account: str = DEFAULT_ACCOUNT, region: str = DEFAULT_REGION) -> FakeBackend:
        """A fake in the state :meth:`save` wrote."""
        import datetime

        data = json.loads(text)
        if data.get("format") != _FORMAT:
            raise ValueError(f"unknown saved-fake format {data.get('format')!r}")
        now = datetime.datetime.fromisoformat(data["clock"]["start"])
        elapsed = float(data["clock"]["elapsed"])
        clock = VirtualClock(now - datetime.timedelta(seconds=elapsed))
        clock.advance_to(elapsed)
        fake = cls(
            clock=clock,
            ids=IdFactory(data["ids"]["seed"], data["ids"]["counter"]),
            faults=Faults.from_data(data.get("faults", [])),
            account=account,
            region=region,
        )
        for saved in data["regions"]:
            state = RegionState.from_data(saved)
            fake._shared.world.regions[(state.account, state.region)] = state
        return fake
