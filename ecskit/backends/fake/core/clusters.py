"""The fake's record of a cluster. Its counters are derived: registered instances and running / pending tasks
are kept by the engine as they change (never saved), active services counted when shown."""

from __future__ import annotations

import attrs

from ecskit.backends.fake.core.base import derived
from ecskit.models.ecs import (
    CapacityProviderStrategyItem,
    ClusterConfiguration,
    ClusterServiceConnectDefaults,
    ClusterSetting,
)

__all__ = ["ACTIVE", "DEFAULT_CLUSTER", "INACTIVE", "ClusterRecord", "cluster_name"]

ACTIVE, INACTIVE = "ACTIVE", "INACTIVE"
#: The cluster a call that names none is about.
DEFAULT_CLUSTER = "default"


def cluster_name(ref: str | None) -> str:
    """The name in a cluster reference (a name or an ARN); ``default`` when absent."""
    if not ref:
        return DEFAULT_CLUSTER
    return ref.rsplit("/", 1)[-1] if ref.startswith("arn:") else ref


@attrs.define(kw_only=True)
class ClusterRecord:
    """One cluster (deleted ones stay, INACTIVE, as AWS keeps describing them)."""

    name: str
    arn: str
    status: str = ACTIVE
    settings: tuple[ClusterSetting, ...] = ()
    configuration: ClusterConfiguration | None = None
    capacity_providers: tuple[str, ...] = ()
    default_strategy: tuple[CapacityProviderStrategyItem, ...] = ()
    service_connect_defaults: ClusterServiceConnectDefaults | None = None
    #: ACTIVE and DRAINING container instances (derived)
    registered: int = derived(default=0)
    #: tasks RUNNING (derived)
    running: int = derived(default=0)
    #: tasks PROVISIONING, PENDING or ACTIVATING (derived)
    pending: int = derived(default=0)

    @property
    def active(self) -> bool:
        """Whether the cluster is ACTIVE."""
        return self.status == ACTIVE
