"""What rules see: the object under check plus what is derived from it once (compatibilities, network mode,
sizes, container names), and the JSON paths of its members with the API's wire names."""

from __future__ import annotations

import functools
from typing import Any

from ecskit.codec.paths import wire_path
from ecskit.models.ecs import (
    CapacityProviderStrategyItem,
    Cluster,
    ContainerDefinition,
    CreateServiceRequest,
    NetworkConfiguration,
    PlacementConstraint,
    PlacementStrategy,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
    StartTaskRequest,
)
from ecskit.validation.sizes import parse_cpu, parse_memory

__all__ = ["LaunchContext", "RunTaskContext", "ServiceContext", "StrategyContext", "TaskDefContext", "root_path"]

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


class LaunchContext:
    """What a service and a RunTask (or StartTask) request have in common, with the task definition and cluster
    when known: where and how tasks are launched. Rules of kind ``launch`` see this, for services and RunTask alike,
    and their JSON paths point into whichever request is checked (the members have the same wire names)."""

    #: ``"service"`` or ``"task"``: what the request launches, for messages.
    noun = "task"

    def __init__(
        self,
        request: CreateServiceRequest | RunTaskRequest | StartTaskRequest,
        taskdef: TaskDefContext | None = None,
        cluster: Cluster | None = None,
    ) -> None:
        self.request = request
        self.taskdef = taskdef
        self.cluster = cluster
        launch_type = getattr(request, "launch_type", None)
        self.launch_type: str | None = str(launch_type) if launch_type else None
        #: The capacity provider strategy as given (empty when absent; StartTask has none).
        self.strategy: tuple[CapacityProviderStrategyItem, ...] = tuple(
            getattr(request, "capacity_provider_strategy", None) or ()
        )
        self.providers = [str(i.capacity_provider) for i in self.strategy]
        #: True when tasks run on Fargate (launch type, or a FARGATE/FARGATE_SPOT strategy).
        self.fargate = self.launch_type == "FARGATE" or (
            bool(self.providers) and set(self.providers) <= _FARGATE_PROVIDERS
        )
        self.platform_version: str | None = getattr(request, "platform_version", None)
        self.network_configuration: NetworkConfiguration | None = request.network_configuration
        self.placement_constraints: tuple[PlacementConstraint, ...] | None = getattr(
            request, "placement_constraints", None
        )
        self.placement_strategy: tuple[PlacementStrategy, ...] | None = getattr(request, "placement_strategy", None)
        self.volume_configurations: tuple[Any, ...] | None = request.volume_configurations
        self.enable_execute_command = bool(request.enable_execute_command)
        #: True for a DAEMON service (never for RunTask).
        self.daemon = False
        #: A task role given for this launch instead of the task definition's (RunTask/StartTask overrides).
        self.task_role_override: str | None = None

    @property
    def task_role(self) -> str | None:
        """The task role the tasks get: the override, else the task definition's (None when unknown or absent)."""
        if self.task_role_override:
            return self.task_role_override
        return self.taskdef.td.task_role_arn if self.taskdef is not None else None

    def path(self, *steps: str | int) -> str:
        """The wire path of a member of the request under check."""
        return wire_path(type(self.request), *steps)


class ServiceContext(LaunchContext):
    """A service (CreateService input) under check, with its task definition and cluster when known."""

    noun = "service"

    def __init__(
        self,
        service: CreateServiceRequest,
        taskdef: TaskDefContext | None = None,
        cluster: Cluster | None = None,
    ) -> None:
        super().__init__(service, taskdef, cluster)
        self.service = service
        self.daemon = str(service.scheduling_strategy or "REPLICA") == "DAEMON"
        controller = service.deployment_controller
        #: The deployment controller type: ECS (default), CODE_DEPLOY or EXTERNAL.
        self.controller = str(controller.type) if controller and controller.type else "ECS"


class RunTaskContext(LaunchContext):
    """A RunTask request under check, with its task definition and cluster when known."""

    def __init__(
        self,
        request: RunTaskRequest,
        taskdef: TaskDefContext | None = None,
        cluster: Cluster | None = None,
    ) -> None:
        super().__init__(request, taskdef, cluster)
        self.request: RunTaskRequest = request
        overrides = request.overrides
        self.task_role_override = overrides.task_role_arn if overrides is not None else None


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
