"""FakeBackend: an in-memory, deterministic ECS with virtual time (see :class:`FakeBackend`).

Its layers: :mod:`~.core` (the records, the clock, the ids, the faults, snapshots), :mod:`~.engine` (what happens
to the records as calls come in and time passes), :mod:`~.api` (one handler per operation, registered in
:mod:`~.registry`), and :mod:`~.boto` (boto3 clients served in-process).
"""

from ecskit.backends.fake.backend import DEFAULT_ACCOUNT, DEFAULT_REGION, FakeBackend
from ecskit.backends.fake.core.clock import EPOCH, VirtualClock
from ecskit.backends.fake.core.faults import Faults
from ecskit.backends.fake.core.ids import IdFactory

__all__ = ["DEFAULT_ACCOUNT", "DEFAULT_REGION", "EPOCH", "FakeBackend", "Faults", "IdFactory", "VirtualClock"]
