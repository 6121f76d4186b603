"""The handlers of the events of virtual time that are not a task's lifecycle or a service's reconcile (those have
their own). Importing this module imports every module of operation handlers, which register themselves
(:mod:`~ecskit.backends.fake.registry`)."""

from __future__ import annotations

from collections.abc import Callable

from ecskit.backends.fake import (
    account_settings,
    agents,
    attributes,
    auto_scaling,
    capacity_providers,
    clusters,
    container_instances,
    provisioning,
    service_deployments,
    services,
    tags,
    task_definitions,
    task_protection,
    tasks,
)
from ecskit.backends.fake.env import Env
from ecskit.backends.fake.runtime import Event

__all__ = ["EVENT_HANDLERS"]

# The modules of operation handlers register themselves when imported.
_HANDLER_MODULES = (
    account_settings,
    agents,
    attributes,
    capacity_providers,
    clusters,
    container_instances,
    service_deployments,
    services,
    tags,
    task_definitions,
    task_protection,
    tasks,
)

#: Event kind -> its handler (FakeBackend.advance runs them when due).
EVENT_HANDLERS: dict[str, Callable[[Env, Event], None]] = {
    auto_scaling.INSTANCE_READY: provisioning.instance_ready,
    provisioning.RETRY: provisioning.retry,
    agents.AGENT_UPDATE: agents.advance_update,
}
