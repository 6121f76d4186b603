"""What rules see: the object under check plus what is derived from it once (compatibilities, network mode,
sizes, container names), and the JSON paths of its members with the API's wire names."""

from __future__ import annotations

import functools
from typing import Any

from ecskit.codec.paths import wire_path
from ecskit.models.ecs import (
    Cluster,
    ContainerDefinition,
    CreateServiceRequest,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
)
from ecskit.validation.sizes import parse_cpu, parse_memory

__all__ = ["RunTaskContext", "ServiceContext", "StrategyContext", "TaskDefContext", "root_path"]

_FARGATE_PROVIDERS = frozenset({"FARGATE", "FARGATE_SPOT"})


class TaskDefContext:
    """A task definition (register input) under check, with its derived facts."""

    def __init__(self, td: RegisterTaskDefinitionRequest) -> None:
        self.td = td
        self.containers: tuple[ContainerDefinition, ...] = td.container_definitions
        #: requiresCompatibilities as plain strings.
        self.compat = frozenset(str(c) for c in td.requires_compatibilities or ())
        self.fargate = "FARGATE" in self.compat
        self.external = "EXTERNAL" in self.compat
        platform = td.runtime_platform
        family = str(platform.operating_system_family) if platform and platform.operating_system_family else ""
        #: True for a Windows task definition (runtimePlatform.operatingSystemFamily WINDOWS_SERVER_*).
        self.windows = family.startswith("WINDOWS")
        #: The networkMode as written (None when absent).
        self.network_mode = str(td.network_mode) if td.network_mode is not None else None
        #: The mode tasks get: as written, else ``bridge`` on Linux and ``default`` (NAT) on Windows.
        self.effective_network_mode = self.network_mode or ("default" if self.windows else "bridge")
        self.awsvpc = self.network_mode == "awsvpc"
        #: Task cpu in units and memory in MiB, parsed from any spelling AWS accepts (None: absent or unreadable).
        self.cpu = parse_cpu(td.cpu) if td.cpu is not None else None
        self.memory = parse_memory(td.memory) if td.memory is not None else None

    @functools.cached_property
    def names(self) -> list[str | None]:
        """The container names, in order."""
        return [c.name for c in self.containers]

    @functools.cached_property
    def by_name(self) -> dict[str, ContainerDefinition]:
        """Containers by name (the first one, where names repeat)."""
        found: dict[str, ContainerDefinition] = {}
        for c in self.containers:
            if c.name is not None:
                found.setdefault(c.name, c)
        return found

    def path(self, *steps: str | int) -> str:
        """The wire path of a task definition member: ``path("cpu")`` -> ``cpu``."""
        return wire_path(RegisterTaskDefinitionRequest, *steps)

    def cpath(self, index: int, *steps: str | int) -> str:
        """The wire path of a member of container ``index``: ``containerDefinitions[1].portMappings``."""
        return wire_path(RegisterTaskDefinitionRequest, "container_definitions", index, *steps)


class ServiceContext:
    """A service (CreateService input) under check, with its task definition and cluster when known."""

    def __init__(
        self,
        service: CreateServiceRequest,
        taskdef: TaskDefContext | None = None,
        cluster: Cluster | None = None,
    ) -> None:
        self.service = service
        self.taskdef = taskdef
        self.cluster = cluster
        self.daemon = str(service.scheduling_strategy or "REPLICA") == "DAEMON"
        controller = service.deployment_controller
        #: The deployment controller type: ECS (default), CODE_DEPLOY or EXTERNAL.
        self.controller = str(controller.type) if controller and controller.type else "ECS"
        self.launch_type = str(service.launch_type) if service.launch_type else None
        self.providers = [str(i.capacity_provider) for i in service.capacity_provider_strategy or ()]
        #: True when tasks run on Fargate (launch type, or a FARGATE/FARGATE_SPOT strategy).
        self.fargate = self.launch_type == "FARGATE" or (
            bool(self.providers) and set(self.providers) <= _FARGATE_PROVIDERS
        )

    def path(self, *steps: str | int) -> str:
        """The wire path of a service member."""
        return wire_path(CreateServiceRequest, *steps)


class RunTaskContext:
    """A RunTask request under check, with its task definition and cluster when known."""

    def __init__(
        self,
        request: RunTaskRequest,
        taskdef: TaskDefContext | None = None,
        cluster: Cluster | None = None,
    ) -> None:
        self.request = request
        self.taskdef = taskdef
        self.cluster = cluster
        self.launch_type = str(request.launch_type) if request.launch_type else None
        self.providers = [str(i.capacity_provider) for i in request.capacity_provider_strategy or ()]
        self.fargate = self.launch_type == "FARGATE" or (
            bool(self.providers) and set(self.providers) <= _FARGATE_PROVIDERS
        )

    def path(self, *steps: str | int) -> str:
        """The wire path of a RunTask member."""
        return wire_path(RunTaskRequest, *steps)


def root_path(cls: type[Any], *steps: str | int) -> str:
    """The wire path of a member of any model class (for rules on clusters, providers, policies)."""
    return wire_path(cls, *steps)


class StrategyContext:
    """A capacity provider strategy under check, wherever it sits (service, RunTask, cluster default)."""

    def __init__(
        self,
        items: tuple[Any, ...],
        root: type[Any],
        prefix: tuple[str | int, ...],
        cluster: Cluster | None = None,
    ) -> None:
        self.items = items
        self.root = root
        self.prefix = prefix
        self.cluster = cluster
        self.providers = [str(i.capacity_provider) for i in items]

    def path(self, *steps: str | int) -> str:
        """The wire path of a member of the strategy: ``path(0, "weight")``."""
        return wire_path(self.root, *self.prefix, *steps)
