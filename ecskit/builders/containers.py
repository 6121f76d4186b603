"""Container definitions, built one facet at a time: ports, environment, secrets, logs, health checks, mounts.

A :class:`ContainerBuilder` is immutable: every method returns a new builder, so one base container can be the
start of several variants without either seeing the other's changes.

>>> base = container("app", "public.ecr.aws/nginx/nginx:1.27").awslogs("/ecs/web", region="us-east-1")
>>> web = base.port(8080).env(MODE="prod").http_health_check("/health")
>>> [pm.container_port for pm in web.build().port_mappings or ()], base.build().port_mappings
([8080], None)
>>> web.build().health_check.command
('CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1')

A container is checked where it is used: its task definition's ``build()`` runs the container rules, which need
the task's launch type and network mode.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from ecskit.builders._arguments import check_arguments
from ecskit.models._base import replace
from ecskit.models.ecs import (
    ApplicationProtocol,
    ContainerCondition,
    ContainerDefinition,
    ContainerDependency,
    ContainerRestartPolicy,
    EnvironmentFile,
    EnvironmentFileType,
    FirelensConfiguration,
    FirelensConfigurationType,
    HealthCheck,
    KernelCapabilities,
    KeyValuePair,
    LinuxParameters,
    LogConfiguration,
    LogDriver,
    MountPoint,
    PortMapping,
    RepositoryCredentials,
    Secret,
    Tmpfs,
    TransportProtocol,
    Ulimit,
    UlimitName,
    VolumeFrom,
)

__all__ = [
    "FLUENT_BIT_IMAGE",
    "ContainerBuilder",
    "awslogs",
    "container",
    "firelens",
    "health_check",
]

#: The AWS for Fluent Bit image a FireLens log router runs by default
#: (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/firelens-using-fluentbit.html).
FLUENT_BIT_IMAGE = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"


@check_arguments
def awslogs(
    group: str,
    *,
    region: str,
    stream_prefix: str = "ecs",
    create_group: bool = True,
    mode: str | None = None,
    max_buffer_size: str | None = None,
    datetime_format: str | None = None,
    multiline_pattern: str | None = None,
) -> LogConfiguration:
    """A CloudWatch Logs (``awslogs``) log configuration.

    Streams are named ``{stream_prefix}/{container}/{task id}``; a stream prefix is what Fargate expects. With
    ``create_group`` (the default) the agent creates the group when it is missing, so a first deployment does not
    fail on a log group nobody made; the execution role then needs ``logs:CreateLogGroup``, which
    :func:`ecskit.iam.execution_role` grants. ``mode`` is ``"blocking"`` or ``"non-blocking"`` (with
    ``max_buffer_size`` such as ``"25m"``). Options: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html

    >>> awslogs("/ecs/web", region="eu-west-1").options["awslogs-stream-prefix"]
    'ecs'
    """
    options = {"awslogs-group": group, "awslogs-region": region, "awslogs-stream-prefix": stream_prefix}
    if create_group:
        options["awslogs-create-group"] = "true"
    optional = {
        "mode": mode,
        "max-buffer-size": max_buffer_size,
        "awslogs-datetime-format": datetime_format,
        "awslogs-multiline-pattern": multiline_pattern,
    }
    options.update({key: value for key, value in optional.items() if value is not None})
    return LogConfiguration(log_driver=LogDriver.AWSLOGS, options=options)


@check_arguments
def firelens(options: Mapping[str, str], *, secret_options: Mapping[str, str] | None = None) -> LogConfiguration:
    """A log configuration that sends a container's output to the task's FireLens log router.

    ``options`` are the router's output settings (for Fluent Bit: ``Name`` of the output plugin and its
    parameters); ``secret_options`` map option names to Secrets Manager or SSM references.

    >>> firelens({"Name": "cloudwatch_logs", "region": "us-east-1", "log_group_name": "/app"}).log_driver
    <LogDriver.AWSFIRELENS: 'awsfirelens'>
    """
    secrets = tuple(Secret(name=k, value_from=v) for k, v in (secret_options or {}).items()) or None
    return LogConfiguration(log_driver=LogDriver.AWSFIRELENS, options=dict(options), secret_options=secrets)


@check_arguments
def health_check(
    command: str | Sequence[str],
    *,
    interval: int = 30,
    timeout: int = 5,
    retries: int = 3,
    start_period: int | None = None,
) -> HealthCheck:
    """A container health check; the timings default to ECS's own defaults.

    A string is run by the container's shell (``CMD-SHELL``); a sequence is run as is (``CMD`` form), and may
    start with ``"CMD"`` or ``"CMD-SHELL"`` itself. https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html

    >>> health_check("pg_isready").command, health_check(["/bin/check", "--quick"]).command
    (('CMD-SHELL', 'pg_isready'), ('CMD', '/bin/check', '--quick'))
    """
    if isinstance(command, str):
        argv: tuple[str, ...] = ("CMD-SHELL", command)
    elif command and command[0] in ("CMD", "CMD-SHELL"):
        argv = tuple(command)
    else:
        argv = ("CMD", *command)
    return HealthCheck(command=argv, interval=interval, timeout=timeout, retries=retries, start_period=start_period)


@check_arguments
def container(name: str, image: str, *, essential: bool = True) -> ContainerBuilder:
    """Start a container definition: a name, an image, and whether the task stops when it stops."""
    return ContainerBuilder(ContainerDefinition(name=name, image=image, essential=essential))


def _merged(
    old: tuple[KeyValuePair, ...] | None, values: Mapping[str, str] | None, more: Mapping[str, str]
) -> tuple[KeyValuePair, ...]:
    """``old`` with ``values`` and ``more`` set: a name given again replaces its value in place."""
    merged = {pair.name: pair.value for pair in old or ()}
    merged.update(values or {})
    merged.update(more)
    return tuple(KeyValuePair(name=k, value=v) for k, v in merged.items())


@attrs.frozen
class ContainerBuilder:
    """An immutable builder of a :class:`~ecskit.models.ecs.ContainerDefinition`; start one with :func:`container`.

    Methods that set one value replace it; methods that add (``port``, ``env``, ``secrets``, ``mount``,
    ``depends_on``, ``ulimit``, ``tmpfs``) append to what is there.
    """

    #: The container definition so far.
    definition: ContainerDefinition

    @classmethod
    @check_arguments
    def from_definition(cls, definition: ContainerDefinition) -> ContainerBuilder:
        """Continue from an existing container definition (read from JSON, or made by hand)."""
        return cls(definition)

    @property
    def name(self) -> str | None:
        """The container's name."""
        return self.definition.name

    def _set(self, **changes: object) -> ContainerBuilder:
        return ContainerBuilder(replace(self.definition, **changes))

    def build(self) -> ContainerDefinition:
        """The container definition (checked as part of its task definition, see the module docstring)."""
        return self.definition

    # -- ports, environment, secrets --------------------------------------------------------------------------------

    @check_arguments
    def port(
        self,
        container_port: int,
        *,
        host_port: int | None = None,
        protocol: TransportProtocol | None = None,
        name: str | None = None,
        app_protocol: ApplicationProtocol | None = None,
    ) -> ContainerBuilder:
        """Map a container port. Leave ``host_port`` out: in ``bridge`` mode that gives a dynamic host port (so
        several tasks share an instance), and ``awsvpc`` and ``host`` modes use the container port itself.
        ``name`` is what Service Connect and VPC Lattice refer to."""
        mapping = PortMapping(
            container_port=container_port, host_port=host_port, protocol=protocol, name=name, app_protocol=app_protocol
        )
        return self._set(port_mappings=(*(self.definition.port_mappings or ()), mapping))

    @check_arguments
    def env(self, values: Mapping[str, str] | None = None, /, **more: str) -> ContainerBuilder:
        """Set environment variables (a mapping, keywords, or both); a name set again keeps its place, new value."""
        return self._set(environment=_merged(self.definition.environment, values, more))

    @check_arguments
    def env_file(self, s3_object_arn: str) -> ContainerBuilder:
        """Load environment variables from a ``.env`` file in S3 (the execution role reads it)."""
        entry = EnvironmentFile(value=s3_object_arn, type=EnvironmentFileType.S3)
        return self._set(environment_files=(*(self.definition.environment_files or ()), entry))

    @check_arguments
    def secrets(self, values: Mapping[str, str] | None = None, /, **more: str) -> ContainerBuilder:
        """Inject secrets as environment variables: variable name -> Secrets Manager ARN (optionally with
        ``:json-key::``) or SSM parameter name/ARN. The execution role fetches them when the task starts."""
        merged = {s.name: s.value_from for s in self.definition.secrets or ()}
        merged.update(values or {})
        merged.update(more)
        return self._set(secrets=tuple(Secret(name=k, value_from=v) for k, v in merged.items()))

    @check_arguments
    def repository_credentials(self, secret_arn: str) -> ContainerBuilder:
        """Pull the image from a private registry with the credentials in this Secrets Manager secret."""
        return self._set(repository_credentials=RepositoryCredentials(credentials_parameter=secret_arn))

    # -- logs ---------------------------------------------------------------------------------------------------------

    @check_arguments
    def logs(self, configuration: LogConfiguration) -> ContainerBuilder:
        """Use this log configuration (see :func:`awslogs` and :func:`firelens`)."""
        return self._set(log_configuration=configuration)

    @check_arguments
    def awslogs(
        self, group: str, *, region: str, stream_prefix: str = "ecs", create_group: bool = True
    ) -> ContainerBuilder:
        """Log to CloudWatch Logs (:func:`awslogs` with its defaults)."""
        return self.logs(awslogs(group, region=region, stream_prefix=stream_prefix, create_group=create_group))

    @check_arguments
    def firelens_logs(
        self, options: Mapping[str, str], *, secret_options: Mapping[str, str] | None = None
    ) -> ContainerBuilder:
        """Send output to the task's FireLens log router (:func:`firelens`)."""
        return self.logs(firelens(options, secret_options=secret_options))

    @check_arguments
    def firelens_router(
        self,
        kind: FirelensConfigurationType = FirelensConfigurationType.FLUENTBIT,
        options: Mapping[str, str] | None = None,
    ) -> ContainerBuilder:
        """Make this container the task's FireLens log router (``options``: e.g. ``enable-ecs-log-metadata``)."""
        config = FirelensConfiguration(type=kind, options=dict(options) if options else None)
        return self._set(firelens_configuration=config)

    # -- health and start-up order ------------------------------------------------------------------------------------

    @check_arguments
    def health_check(
        self,
        command: str | Sequence[str],
        *,
        interval: int = 30,
        timeout: int = 5,
        retries: int = 3,
        start_period: int | None = None,
    ) -> ContainerBuilder:
        """Check the container's health with ``command`` (see :func:`health_check`)."""
        check = health_check(command, interval=interval, timeout=timeout, retries=retries, start_period=start_period)
        return self._set(health_check=check)

    @check_arguments
    def http_health_check(
        self, path: str = "/", *, port: int | None = None, start_period: int | None = None
    ) -> ContainerBuilder:
        """Check ``http://localhost:{port}{path}`` with ``curl -f`` (the image must have curl).

        ``port`` defaults to the first mapped container port (80 when none is mapped yet).
        """
        if port is None:
            mapped = [pm.container_port for pm in self.definition.port_mappings or () if pm.container_port]
            port = mapped[0] if mapped else 80
        suffix = path if path.startswith("/") else "/" + path
        return self.health_check(f"curl -f http://localhost:{port}{suffix} || exit 1", start_period=start_period)

    @check_arguments
    def depends_on(
        self, other: str | ContainerBuilder, condition: ContainerCondition = ContainerCondition.START
    ) -> ContainerBuilder:
        """Start only once ``other`` (a name or a builder) reached ``condition``: START, COMPLETE, SUCCESS or
        HEALTHY (which needs a health check on ``other``; COMPLETE and SUCCESS need ``other`` non-essential)."""
        name = other if isinstance(other, str) else other.name or ""
        entry = ContainerDependency(container_name=name, condition=condition)
        return self._set(depends_on=(*(self.definition.depends_on or ()), entry))

    @check_arguments
    def restart_policy(
        self, *, ignored_exit_codes: Sequence[int] = (), attempt_period: int | None = None
    ) -> ContainerBuilder:
        """Restart the container in place when it exits (except with ``ignored_exit_codes``)."""
        policy = ContainerRestartPolicy(
            enabled=True, ignored_exit_codes=tuple(ignored_exit_codes) or None, restart_attempt_period=attempt_period
        )
        return self._set(restart_policy=policy)

    @check_arguments
    def start_timeout(self, seconds: int) -> ContainerBuilder:
        """How long to wait for this container's dependencies before giving up."""
        return self._set(start_timeout=seconds)

    @check_arguments
    def stop_timeout(self, seconds: int) -> ContainerBuilder:
        """How long the container gets to exit after SIGTERM before it is killed."""
        return self._set(stop_timeout=seconds)

    # -- process ------------------------------------------------------------------------------------------------------

    @check_arguments
    def command(self, *argv: str) -> ContainerBuilder:
        """The command (the image's ``CMD``), as separate arguments."""
        return self._set(command=argv)

    @check_arguments
    def entry_point(self, *argv: str) -> ContainerBuilder:
        """The entry point (the image's ``ENTRYPOINT``), as separate arguments."""
        return self._set(entry_point=argv)

    @check_arguments
    def working_directory(self, path: str) -> ContainerBuilder:
        """The working directory of the command."""
        return self._set(working_directory=path)

    @check_arguments
    def user(self, user: str) -> ContainerBuilder:
        """Run as this user (``name``, ``uid``, ``uid:gid``, ...)."""
        return self._set(user=user)

    @check_arguments
    def essential(self, flag: bool = True) -> ContainerBuilder:
        """Whether the task stops when this container stops."""
        return self._set(essential=flag)

    @check_arguments
    def readonly_root_filesystem(self, flag: bool = True) -> ContainerBuilder:
        """Mount the container's root file system read-only."""
        return self._set(readonly_root_filesystem=flag)

    @check_arguments
    def labels(self, values: Mapping[str, str]) -> ContainerBuilder:
        """Add Docker labels."""
        return self._set(docker_labels={**(self.definition.docker_labels or {}), **values})

    # -- resources ----------------------------------------------------------------------------------------------------

    @check_arguments
    def cpu(self, units: int) -> ContainerBuilder:
        """CPU units reserved for the container (1024 = one vCPU)."""
        return self._set(cpu=units)

    @check_arguments
    def memory(self, limit: int | None = None, *, reservation: int | None = None) -> ContainerBuilder:
        """Memory in MiB: ``limit`` (the container is killed above it) and/or a soft ``reservation``."""
        return self._set(memory=limit, memory_reservation=reservation)

    @check_arguments
    def ulimit(self, name: UlimitName, soft: int, hard: int | None = None) -> ContainerBuilder:
        """Add a ulimit (``hard`` defaults to ``soft``)."""
        entry = Ulimit(name=name, soft_limit=soft, hard_limit=soft if hard is None else hard)
        return self._set(ulimits=(*(self.definition.ulimits or ()), entry))

    # -- storage ------------------------------------------------------------------------------------------------------

    @check_arguments
    def mount(self, volume: str, container_path: str, *, read_only: bool = False) -> ContainerBuilder:
        """Mount a volume of the task definition at ``container_path``."""
        entry = MountPoint(source_volume=volume, container_path=container_path, read_only=read_only)
        return self._set(mount_points=(*(self.definition.mount_points or ()), entry))

    @check_arguments
    def volumes_from(self, other: str | ContainerBuilder, *, read_only: bool = False) -> ContainerBuilder:
        """Mount every volume of another container of the task."""
        name = other if isinstance(other, str) else other.name
        entry = VolumeFrom(source_container=name, read_only=read_only)
        return self._set(volumes_from=(*(self.definition.volumes_from or ()), entry))

    # -- Linux parameters ---------------------------------------------------------------------------------------------

    def _linux(self, **changes: object) -> ContainerBuilder:
        return self._set(linux_parameters=replace(self.definition.linux_parameters or LinuxParameters(), **changes))

    @check_arguments
    def init_process(self, enabled: bool = True) -> ContainerBuilder:
        """Run an init process as PID 1 that forwards signals and reaps zombies."""
        return self._linux(init_process_enabled=enabled)

    @check_arguments
    def capabilities(self, *, add: Sequence[str] = (), drop: Sequence[str] = ()) -> ContainerBuilder:
        """Add or drop Linux capabilities (Fargate allows adding only ``SYS_PTRACE``)."""
        return self._linux(capabilities=KernelCapabilities(add=tuple(add) or None, drop=tuple(drop) or None))

    @check_arguments
    def shared_memory(self, mib: int) -> ContainerBuilder:
        """The size of ``/dev/shm`` (not on Fargate)."""
        return self._linux(shared_memory_size=mib)

    @check_arguments
    def tmpfs(self, container_path: str, size_mib: int, *, mount_options: Sequence[str] = ()) -> ContainerBuilder:
        """Add a tmpfs mount (not on Fargate)."""
        entry = Tmpfs(container_path=container_path, size=size_mib, mount_options=tuple(mount_options) or None)
        existing = self.definition.linux_parameters.tmpfs if self.definition.linux_parameters else None
        return self._linux(tmpfs=(*(existing or ()), entry))
