"""FakeBackend: an in-memory, deterministic ECS with virtual time (see :class:`FakeBackend`)."""

from ecskit.backends.fake.backend import DEFAULT_ACCOUNT, DEFAULT_REGION, FakeBackend
from ecskit.backends.fake.clock import EPOCH, VirtualClock
from ecskit.backends.fake.faults import Faults
from ecskit.backends.fake.ids import IdFactory

__all__ = ["DEFAULT_ACCOUNT", "DEFAULT_REGION", "EPOCH", "FakeBackend", "Faults", "IdFactory", "VirtualClock"]
