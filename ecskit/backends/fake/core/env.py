"""What every handler and every step of the engine works with: one account and Region of the fake (its records),
and the whole fake (clock, ids, faults, queue)."""

from __future__ import annotations

import attrs

from ecskit.backends.fake.core.clock import VirtualClock
from ecskit.backends.fake.core.events import Event
from ecskit.backends.fake.core.faults import Faults
from ecskit.backends.fake.core.ids import IdFactory
from ecskit.backends.fake.core.region import Region, World

__all__ = ["Env"]


@attrs.frozen
class Env:
    """One call's (or one event's) view of the fake: ``state`` is the account and Region it is about."""

    world: World
    state: Region

    @property
    def clock(self) -> VirtualClock:
        """The fake's clock."""
        return self.world.clock

    @property
    def ids(self) -> IdFactory:
        """The fake's ids."""
        return self.world.ids

    @property
    def faults(self) -> Faults:
        """The faults the fake injects."""
        return self.world.faults

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
        return self.world.clock.elapsed

    def arn(self, resource: str, service: str = "ecs") -> str:
        """An ARN of ``service`` in this account and Region."""
        state = self.state
        return f"arn:aws:{service}:{state.region}:{state.account}:{resource}"

    def later(self, seconds: float, event: Event) -> None:
        """Queue ``event`` ``seconds`` from now, in this account and Region."""
        self.world.push(self.world.clock.elapsed + seconds, self.state.account, self.state.region, event)

    def at(self, due: float, event: Event) -> None:
        """Queue ``event`` at ``due`` seconds of virtual time, in this account and Region."""
        self.world.push(due, self.state.account, self.state.region, event)

    def elsewhere(self, account: str, region: str) -> Env:
        """The view of another account and Region of the same fake."""
        return Env(self.world, self.world.region(account, region))
