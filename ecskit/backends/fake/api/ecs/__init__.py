"""Amazon ECS on the fake: the handlers of its operations, one module per family (importing the package registers
them); :mod:`~.render` turns the fake's records into the wire models they answer with."""

from ecskit.backends.fake.api.ecs import (
    account_settings,
    capacity_providers,
    clusters,
    container_instances,
    daemon_definitions,
    daemons,
    execute_command,
    rollouts,
    services,
    state_changes,
    tags,
    task_definitions,
    task_protection,
    task_sets,
    tasks,
    unserved,
)

__all__ = [
    "account_settings",
    "capacity_providers",
    "clusters",
    "container_instances",
    "daemon_definitions",
    "daemons",
    "execute_command",
    "rollouts",
    "services",
    "state_changes",
    "tags",
    "task_definitions",
    "task_protection",
    "task_sets",
    "tasks",
    "unserved",
]
