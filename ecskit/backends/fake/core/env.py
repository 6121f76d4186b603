"""What every handler and every step of the engine works with: one account and Region of the fake (its records),
and the whole fake (clock, ids, faults, queue)."""

from __future__ import annotations

from ecskit.backends.fake.core.clock import VirtualClock
from ecskit.backends.fake.core.events import Event
from ecskit.backends.fake.core.faults import Faults
from ecskit.backends.fake.core.ids import IdFactory
from ecskit.backends.fake.core.region import Region, World

__all__ = ["Env"]


class Env:
    """One call's (or one event's) view of the fake: ``state`` is the account and Region it is about.

    The clock, ids and faults are the world's, copied into the view when it is made (plain attributes, not
    properties: the engine reads them at every step).
    """

    __slots__ = ("clock", "faults", "ids", "principal", "state", "world")

    def __init__(self, world: World, state: Region, principal: str | None = None) -> None:
        self.world = world
        self.state = state
        #: The IAM principal (user or role ARN) a call is made as; None: the account's root user.
        self.principal = principal
        #: The fake's clock.
        self.clock: VirtualClock = world.clock
        #: The fake's ids.
        self.ids: IdFactory = world.ids
        #: The faults the fake injects.
        self.faults: Faults = world.faults

    @property
    def account(self) -> str:
        """The caller's account id."""
        return self.state.account

    @property
    def region(self) -> str:
        """The Region the call goes to."""
        return self.state.region

    @property
    def now(self) -> float:
        """Seconds of virtual time since the clock's start (what events are due at)."""
        return self.clock.elapsed

    def arn(self, resource: str, service: str = "ecs") -> str:
        """An ARN of ``service`` in this account and Region."""
        state = self.state
        return f"arn:aws:{service}:{state.region}:{state.account}:{resource}"

    def later(self, seconds: float, event: Event) -> None:
        """Queue ``event`` ``seconds`` from now, in this account and Region."""
        state = self.state
        self.world.push(self.clock.elapsed + seconds, state.account, state.region, event)

    def at(self, due: float, event: Event) -> None:
        """Queue ``event`` at ``due`` seconds of virtual time, in this account and Region."""
        self.world.push(due, self.state.account, self.state.region, event)

    def elsewhere(self, account: str, region: str) -> Env:
        """The view of another account and Region of the same fake (as its root user)."""
        return Env(self.world, self.world.region(account, region))
