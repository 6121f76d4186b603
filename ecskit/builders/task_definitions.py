"""Task definitions: where the task runs (Fargate sizes, EC2 network modes), its containers, roles and volumes.

>>> from ecskit.builders import container
>>> td = (
...     task_definition("web")
...     .fargate(cpu="0.5 vCPU", memory="1GB")
...     .container(container("app", "public.ecr.aws/nginx/nginx:1.27").port(80))
...     .awslogs(region="us-east-1")
...     .execution_role("arn:aws:iam::123456789012:role/web-execution")
...     .build()
... )
>>> td.cpu, td.memory, td.network_mode, td.container_definitions[0].log_configuration.options["awslogs-group"]
('512', '1024', <NetworkMode.AWSVPC: 'awsvpc'>, '/ecs/web')

``build()`` runs :func:`ecskit.validation.validate_task_definition` and raises
:class:`~ecskit.errors.ValidationError` on any error, with the rule's message and fix:

>>> from ecskit.errors import ValidationError
>>> try:
...     task_definition("web").fargate(cpu="0.5 vCPU", memory="0.5GB").container(container("app", "nginx")).build()
... except ValidationError as exc:
...     (error,) = exc.report.errors
>>> print(error.rule, error.phase.value, error.aws_code)
fargate-cpu-memory api ClientException
>>> print(error.message)
No Fargate configuration exists for given values: 512 CPU, 512 memory.
>>> print(error.hint)
nearest valid Fargate size: cpu 512 (0.5 vCPU) / memory 1024 (1 GB)
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ecskit.builders._arguments import check_arguments
from ecskit.builders._checks import raise_for_errors
from ecskit.builders.containers import FLUENT_BIT_IMAGE, ContainerBuilder, awslogs, firelens
from ecskit.models._base import replace
from ecskit.models.ecs import (
    Compatibility,
    ContainerDefinition,
    CPUArchitecture,
    DockerVolumeConfiguration,
    EFSAuthorizationConfig,
    EFSAuthorizationConfigIAM,
    EFSTransitEncryption,
    EFSVolumeConfiguration,
    EphemeralStorage,
    FirelensConfigurationType,
    FSxWindowsFileServerAuthorizationConfig,
    FSxWindowsFileServerVolumeConfiguration,
    HostVolumeProperties,
    LogConfiguration,
    NetworkMode,
    OSFamily,
    RegisterTaskDefinitionRequest,
    RuntimePlatform,
    Scope,
    Tag,
    TaskDefinitionPlacementConstraint,
    TaskDefinitionPlacementConstraintType,
    Volume,
)
from ecskit.validation import Config, Report, validate_task_definition
from ecskit.validation.sizes import registered_cpu, registered_memory

__all__ = ["TaskDefinitionBuilder", "normalise_cpu", "normalise_memory", "task_definition"]


@check_arguments
def normalise_cpu(value: int | str) -> str:
    """Task cpu as the API's string of CPU units: ``"0.5 vCPU"`` -> ``"512"``, ``1024`` -> ``"1024"``.

    Text AWS would not read is kept as written, so that validation reports it with its rule (``td-cpu-value``).

    >>> normalise_cpu("0.25 vCPU"), normalise_cpu(2048), normalise_cpu("lots")
    ('256', '2048', 'lots')
    """
    return str(value) if isinstance(value, int) else registered_cpu(value)


@check_arguments
def normalise_memory(value: int | str) -> str:
    """Task memory as the API's string of MiB: ``"2GB"`` -> ``"2048"``, ``512`` -> ``"512"``.

    >>> normalise_memory("0.5 GB"), normalise_memory(3072)
    ('512', '3072')
    """
    return str(value) if isinstance(value, int) else registered_memory(value)


@check_arguments
def task_definition(family: str) -> TaskDefinitionBuilder:
    """Start a task definition of ``family`` (no launch type, no containers yet)."""
    return TaskDefinitionBuilder(RegisterTaskDefinitionRequest(family=family, container_definitions=()))


@attrs.frozen
class TaskDefinitionBuilder:
    """An immutable builder of a :class:`~ecskit.models.ecs.RegisterTaskDefinitionRequest`.

    Start one with :func:`task_definition`; every method returns a new builder. :meth:`build` validates.
    """

    #: The request so far (without the default log configurations, which :meth:`draft` applies).
    request: RegisterTaskDefinitionRequest
    #: The CloudWatch Logs configuration of containers that set none (:meth:`awslogs`).
    awslogs_default: LogConfiguration | None = None
    #: The FireLens configuration of containers that set none (:meth:`firelens`); it wins over awslogs.
    firelens_default: LogConfiguration | None = None
    #: The name of the FireLens router container, when :meth:`firelens` added one (it logs with awslogs).
    router: str | None = None

    @classmethod
    @check_arguments
    def from_request(cls, request: RegisterTaskDefinitionRequest) -> TaskDefinitionBuilder:
        """Continue from an existing task definition (for example one read with ``read_task_definition``)."""
        return cls(request)

    @property
    def family(self) -> str:
        """The task definition's family."""
        return self.request.family

    def _set(self, **changes: object) -> TaskDefinitionBuilder:
        return attrs.evolve(self, request=replace(self.request, **changes))

    # -- where it runs ------------------------------------------------------------------------------------------------

    @check_arguments
    def fargate(self, *, cpu: int | str = 256, memory: int | str = 512) -> TaskDefinitionBuilder:
        """Run on Fargate: the ``awsvpc`` network mode and a task size from AWS's table of valid sizes.

        ``cpu`` and ``memory`` take any spelling AWS reads (``"0.5 vCPU"``, ``512``; ``"1GB"``, ``"1 GB"``,
        ``1024``) and are written as the API's unit strings. A pair that is not a Fargate size fails at
        :meth:`build` with the nearest valid size as the fix
        (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size).
        """
        return self._set(
            requires_compatibilities=(Compatibility.FARGATE,),
            network_mode=NetworkMode.AWSVPC,
            cpu=normalise_cpu(cpu),
            memory=normalise_memory(memory),
        )

    @check_arguments
    def ec2(
        self,
        *,
        network_mode: NetworkMode = NetworkMode.BRIDGE,
        cpu: int | str | None = None,
        memory: int | str | None = None,
    ) -> TaskDefinitionBuilder:
        """Run on EC2 container instances, in ``network_mode`` (``bridge`` by default: dynamic host ports let
        several tasks share an instance). Task-level ``cpu``/``memory`` are optional on EC2; without ``memory``
        every container needs a memory limit or reservation."""
        return self._set(
            requires_compatibilities=(Compatibility.EC2,),
            network_mode=network_mode,
            cpu=None if cpu is None else normalise_cpu(cpu),
            memory=None if memory is None else normalise_memory(memory),
        )

    @check_arguments
    def compatibilities(self, *values: Compatibility) -> TaskDefinitionBuilder:
        """Set ``requiresCompatibilities``: the launch types the task definition is validated for."""
        return self._set(requires_compatibilities=values or None)

    @check_arguments
    def network_mode(self, mode: NetworkMode | None) -> TaskDefinitionBuilder:
        """Set the network mode (``None``: the platform's default, ``bridge`` on Linux EC2)."""
        return self._set(network_mode=mode)

    @check_arguments
    def size(self, *, cpu: int | str | None = None, memory: int | str | None = None) -> TaskDefinitionBuilder:
        """Set the task-level cpu and memory (any spelling AWS reads; ``None`` removes the value)."""
        return self._set(
            cpu=None if cpu is None else normalise_cpu(cpu),
            memory=None if memory is None else normalise_memory(memory),
        )

    @check_arguments
    def runtime_platform(
        self, *, cpu_architecture: CPUArchitecture | None = None, os_family: OSFamily | None = None
    ) -> TaskDefinitionBuilder:
        """Set the CPU architecture and operating system the task needs."""
        return self._set(
            runtime_platform=RuntimePlatform(cpu_architecture=cpu_architecture, operating_system_family=os_family)
        )

    def arm64(self) -> TaskDefinitionBuilder:
        """Run on Graviton (Linux, ARM64)."""
        return self.runtime_platform(cpu_architecture=CPUArchitecture.ARM64, os_family=OSFamily.LINUX)

    @check_arguments
    def ephemeral_storage(self, gib: int) -> TaskDefinitionBuilder:
        """Fargate ephemeral storage beyond the default 20 GiB (21-200)."""
        return self._set(ephemeral_storage=EphemeralStorage(size_in_gib=gib))

    @check_arguments
    def placement_constraint(self, expression: str) -> TaskDefinitionBuilder:
        """Add a ``memberOf`` constraint in the cluster query language (EC2 only)."""
        entry = TaskDefinitionPlacementConstraint(
            type=TaskDefinitionPlacementConstraintType.MEMBER_OF, expression=expression
        )
        return self._set(placement_constraints=(*(self.request.placement_constraints or ()), entry))

    # -- containers and roles -----------------------------------------------------------------------------------------

    @check_arguments
    def container(self, *containers: ContainerBuilder | ContainerDefinition) -> TaskDefinitionBuilder:
        """Add containers (builders or definitions), in order."""
        added = tuple(c.build() if isinstance(c, ContainerBuilder) else c for c in containers)
        return self._set(container_definitions=(*self.request.container_definitions, *added))

    @check_arguments
    def execution_role(self, arn: str | None) -> TaskDefinitionBuilder:
        """The role ECS uses to start the task: pull private images, write awslogs, fetch secrets
        (:func:`ecskit.iam.execution_role` makes one with exactly what this task definition references)."""
        return self._set(execution_role_arn=arn)

    @check_arguments
    def task_role(self, arn: str | None) -> TaskDefinitionBuilder:
        """The role the task's containers call AWS with (and that ECS Exec needs)."""
        return self._set(task_role_arn=arn)

    @check_arguments
    def tags(self, values: Mapping[str, str]) -> TaskDefinitionBuilder:
        """Add tags."""
        added = tuple(Tag(key=k, value=v) for k, v in values.items())
        return self._set(tags=(*(self.request.tags or ()), *added))

    # -- logs ---------------------------------------------------------------------------------------------------------

    @check_arguments
    def awslogs(
        self, *, region: str, group: str | None = None, stream_prefix: str = "ecs", create_group: bool = True
    ) -> TaskDefinitionBuilder:
        """Containers with no log configuration of their own log to CloudWatch Logs, in ``group`` (by default
        ``/ecs/{family}``, the console's convention); see :func:`ecskit.builders.awslogs` for the options."""
        config = awslogs(
            group or f"/ecs/{self.family}", region=region, stream_prefix=stream_prefix, create_group=create_group
        )
        return attrs.evolve(self, awslogs_default=config)

    @check_arguments
    def firelens(
        self,
        output: Mapping[str, str],
        *,
        image: str = FLUENT_BIT_IMAGE,
        name: str = "log_router",
        kind: FirelensConfigurationType = FirelensConfigurationType.FLUENTBIT,
        memory_reservation: int = 50,
    ) -> TaskDefinitionBuilder:
        """Add a FireLens log router container and route the logs of every container without a log configuration
        of its own through it, to ``output`` (the router's output options, e.g.
        ``{"Name": "cloudwatch_logs", "region": ..., "log_group_name": ..., "auto_create_group": "true"}``).

        The router logs its own output with the configuration of :meth:`awslogs` when that is set, in whichever
        order the two are called (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_firelens.html).
        """
        router = ContainerBuilder.from_definition(
            ContainerDefinition(name=name, image=image, essential=True, memory_reservation=memory_reservation)
        ).firelens_router(kind)
        with_router = self.container(router)
        return attrs.evolve(with_router, firelens_default=firelens(output), router=name)

    # -- volumes ------------------------------------------------------------------------------------------------------

    @check_arguments
    def volume(self, volume: Volume) -> TaskDefinitionBuilder:
        """Add a volume (containers mount it with :meth:`ContainerBuilder.mount`)."""
        return self._set(volumes=(*(self.request.volumes or ()), volume))

    @check_arguments
    def bind_mount(self, name: str, source_path: str | None = None) -> TaskDefinitionBuilder:
        """A bind mount: a host path (EC2 only), or without ``source_path`` an empty volume the task's
        containers share for the task's lifetime (works on Fargate too)."""
        host = None if source_path is None else HostVolumeProperties(source_path=source_path)
        return self.volume(Volume(name=name, host=host))

    @check_arguments
    def docker_volume(
        self,
        name: str,
        *,
        scope: Scope = Scope.TASK,
        driver: str | None = None,
        driver_opts: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None,
        autoprovision: bool | None = None,
    ) -> TaskDefinitionBuilder:
        """A Docker volume (EC2 only): ``task`` scope lives with the task, ``shared`` scope outlives it
        (``autoprovision`` applies only to shared volumes)."""
        config = DockerVolumeConfiguration(
            scope=scope,
            autoprovision=autoprovision,
            driver=driver,
            driver_opts=dict(driver_opts) if driver_opts else None,
            labels=dict(labels) if labels else None,
        )
        return self.volume(Volume(name=name, docker_volume_configuration=config))

    @check_arguments
    def efs_volume(
        self,
        name: str,
        file_system_id: str,
        *,
        access_point_id: str | None = None,
        root_directory: str | None = None,
        iam: bool = False,
        transit_encryption: bool | None = None,
    ) -> TaskDefinitionBuilder:
        """An Amazon EFS volume. Transit encryption is turned on whenever an access point or IAM authorization is
        used (ECS requires it then), unless set explicitly. With ``iam`` the task role needs
        ``elasticfilesystem:ClientMount`` (:func:`ecskit.iam.task_role` grants it).
        https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html"""
        if transit_encryption is None:
            transit_encryption = True if (access_point_id or iam) else None
        authorization = None
        if access_point_id or iam:
            authorization = EFSAuthorizationConfig(
                access_point_id=access_point_id, iam=EFSAuthorizationConfigIAM.ENABLED if iam else None
            )
        config = EFSVolumeConfiguration(
            file_system_id=file_system_id,
            root_directory=root_directory,
            transit_encryption=None
            if transit_encryption is None
            else (EFSTransitEncryption.ENABLED if transit_encryption else EFSTransitEncryption.DISABLED),
            authorization_config=authorization,
        )
        return self.volume(Volume(name=name, efs_volume_configuration=config))

    @check_arguments
    def fsx_volume(
        self, name: str, file_system_id: str, *, root_directory: str, credentials_parameter: str, domain: str
    ) -> TaskDefinitionBuilder:
        """An FSx for Windows File Server volume (Windows tasks on EC2); ``credentials_parameter`` is the ARN of
        the Secrets Manager secret or SSM parameter holding the domain user's credentials."""
        config = FSxWindowsFileServerVolumeConfiguration(
            file_system_id=file_system_id,
            root_directory=root_directory,
            authorization_config=FSxWindowsFileServerAuthorizationConfig(
                credentials_parameter=credentials_parameter, domain=domain
            ),
        )
        return self.volume(Volume(name=name, fsx_windows_file_server_volume_configuration=config))

    # -- output -------------------------------------------------------------------------------------------------------

    def draft(self) -> RegisterTaskDefinitionRequest:
        """The request as built so far, without validation (default log configurations applied)."""
        if self.awslogs_default is None and self.firelens_default is None:
            return self.request
        containers = tuple(self._with_logs(c) for c in self.request.container_definitions)
        return replace(self.request, container_definitions=containers)

    def _with_logs(self, c: ContainerDefinition) -> ContainerDefinition:
        if c.log_configuration is not None:
            return c
        # The router cannot ship its own output through itself: it keeps awslogs (or the driver's default).
        router = c.name == self.router
        logs = self.awslogs_default if router or self.firelens_default is None else self.firelens_default
        return c if logs is None else replace(c, log_configuration=logs)

    @check_arguments
    def validate(self, *, config: Config | None = None) -> Report:
        """Every finding of :func:`~ecskit.validation.validate_task_definition` on :meth:`draft`."""
        return validate_task_definition(self.draft(), config=config)

    @check_arguments
    def build(self, *, config: Config | None = None) -> RegisterTaskDefinitionRequest:
        """The validated request; raises :class:`~ecskit.errors.ValidationError` if validation finds an error."""
        td = self.draft()
        raise_for_errors([validate_task_definition(td, config=config)])
        return td
