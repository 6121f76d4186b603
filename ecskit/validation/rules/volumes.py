"""Rules on task storage: volume names and types, mount points, Docker volumes, bind mounts, EFS, FSx for Windows,
volumes configured at launch, and the EBS volumes services and RunTask attach to them."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ecskit.models.ecs import (
    ContainerDefinition,
    EFSVolumeConfiguration,
    ServiceManagedEBSVolumeConfiguration,
    ServiceVolumeConfiguration,
    TaskManagedEBSVolumeConfiguration,
    TaskVolumeConfiguration,
    Volume,
)
from ecskit.placement import Reason
from ecskit.validation.context import LaunchContext, TaskDefContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._common import placeholder
from ecskit.validation.rules._outcomes import (
    ADVICE,
    API,
    CLIENT,
    DOUBT_REGISTERS,
    INVALID,
    RUNTIME,
    not_placed,
    resource_init,
    stopped,
)

TD, CONTAINER, LAUNCH = Kind.TASK_DEFINITION, Kind.CONTAINER, Kind.LAUNCH
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None

PathOf = Callable[..., str]
VolumeConfigs = Sequence[ServiceVolumeConfiguration | TaskVolumeConfiguration]

VOLUME_NAME = re.compile(r"[A-Za-z0-9_-]{1,255}\Z")
NOT_NAME_CHAR = re.compile(r"[^A-Za-z0-9_-]")
EFS_ID = re.compile(r"fs-[0-9a-f]{8,40}\Z")
ACCESS_POINT_ID = re.compile(r"fsap-[0-9a-f]{8,40}\Z")
FSX_CREDENTIALS = re.compile(r"arn:aws[a-z-]*:(?:secretsmanager|ssm):[a-z0-9-]+:\d{12}:(?:secret:|parameter/).+\Z")
EBS_TYPES = frozenset({"gp2", "gp3", "io1", "io2", "st1", "sc1", "standard"})
#: Smallest volume size (GiB) per type; "standard" (magnetic) is also at most 1024 GiB.
EBS_MIN_SIZE = {"gp2": 1, "gp3": 1, "io1": 4, "io2": 4, "st1": 125, "sc1": 125, "standard": 1}
EBS_MAX_STANDARD = 1024
#: Smallest provisioned IOPS per type (upper limits have grown over time and are left to EC2).
EBS_MIN_IOPS = {"gp3": 3000, "io1": 100, "io2": 100}
EBS_NO_IOPS = frozenset({"st1", "sc1", "standard"})
LINUX_FILESYSTEMS = frozenset({"ext3", "ext4", "xfs"})


def _types(v: Volume) -> list[str]:
    """The volume types a volume declares (a host bind mount counts only with a sourcePath)."""
    found = []
    if v.host is not None and v.host.source_path:
        found.append("host")
    if v.docker_volume_configuration is not None:
        found.append("dockerVolumeConfiguration")
    if v.efs_volume_configuration is not None:
        found.append("efsVolumeConfiguration")
    if v.s3files_volume_configuration is not None:
        found.append("s3filesVolumeConfiguration")
    if v.fsx_windows_file_server_volume_configuration is not None:
        found.append("fsxWindowsFileServerVolumeConfiguration")
    if v.configured_at_launch:
        found.append("configuredAtLaunch")
    return found


@rule(
    "vol-name-format",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/aws/amazon-ecs-cli/issues/277",
    summary="Volume names are 1-255 letters, digits, '_' and '-', and EFS, S3 Files and configured-at-launch volumes "
    "have one.",
    why='RegisterTaskDefinition fails with "volume.name contains invalid characters."; the name is required for '
    "EFS, S3 Files and configured-at-launch volumes.",
    fix="Name the volume with letters, digits, '_' and '-' only, and use that name in mountPoints.sourceVolume.",
    docs=_docs.REGISTER_TASK_DEFINITION,
    when="volumes",
)
def name_format(ctx: TaskDefContext) -> Hits:
    volumes = ctx.td.volumes
    if not volumes:
        return None
    hits = []
    for j, v in enumerate(volumes):
        name = v.name
        if name is None:
            if v.efs_volume_configuration or v.s3files_volume_configuration or v.configured_at_launch:
                hits.append(Hit(ctx.path("volumes", j), "this volume type requires a name"))
        elif not VOLUME_NAME.match(name) and not placeholder(name):
            fixed = NOT_NAME_CHAR.sub("-", name)[:255] or "data"
            hint = f"volume name {name!r} must be 1-255 letters, digits, '_' or '-': try {fixed!r}"
            if len(name) > 255 and VOLUME_NAME.match(name[:255]):
                hits.append(Hit(ctx.path("volumes", j, "name"), hint))  # no public copy of AWS's text for a long name
            else:
                hits.append(Hit(ctx.path("volumes", j, "name"), "volume.name contains invalid characters.", hint))
    return hits or None


@rule(
    "vol-single-type",
    E,
    TD,
    phase=RUNTIME,
    effect=stopped("Task failed to start"),
    doubt=DOUBT_REGISTERS,
    summary="A volume declares at most one of host (with sourcePath), dockerVolumeConfiguration, "
    "efsVolumeConfiguration, s3filesVolumeConfiguration, fsxWindowsFileServerVolumeConfiguration, "
    "configuredAtLaunch.",
    why="Each volume may only specify a name and one of these volume types.",
    fix="Split the volume into one volume per type, each with its own name.",
    docs=_docs.VOLUMES,
    when="volumes",
)
def single_type(ctx: TaskDefContext) -> Hits:
    hits = []
    for j, v in enumerate(ctx.td.volumes or ()):
        kinds = _types(v)
        if len(kinds) > 1:
            hits.append(Hit(ctx.path("volumes", j), f"volume {v.name!r} declares {' and '.join(kinds)}"))
    return hits or None


@rule(
    "vol-mount-source-exists",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/ansible/ansible/issues/35751",
    summary="Each mountPoints[].sourceVolume names a volume of the task definition.",
    why="RegisterTaskDefinition fails with \"Unknown volume 'X'.\"",
    fix="Add the volume to the task definition's volumes, or fix the name in sourceVolume.",
    docs=_docs.VOLUMES,
    when="mount_points",
)
def mount_source_exists(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.mount_points:
        return None
    names = {v.name for v in ctx.td.volumes or ()}
    hits = []
    for j, mp in enumerate(c.mount_points):
        source = mp.source_volume
        if source in names:
            continue
        if source is None:
            hits.append(Hit(ctx.cpath(i, "mount_points", j), "the mount point has no sourceVolume"))
        elif not placeholder(source):
            known = ", ".join(repr(n) for n in sorted(n for n in names if n)) or "none"
            hits.append(
                Hit(
                    ctx.cpath(i, "mount_points", j, "source_volume"),
                    f"Unknown volume '{source}'.",
                    f"the task definition's volumes are {known}: name one of them, or add the volume",
                )
            )
    return hits or None


@rule(
    "vol-docker-fargate",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    summary="Fargate task definitions have no Docker volumes (dockerVolumeConfiguration).",
    why="Docker volumes aren't supported by tasks run on Fargate; Fargate only supports bind mounts, EFS and EBS.",
    fix="Use a bind mount (a volume with just a name), an EFS volume, or an EBS volume configured at launch.",
    docs=_docs.DOCKER_VOLUMES,
    when="volumes",
)
def docker_fargate(ctx: TaskDefContext) -> Hits:
    if not ctx.fargate or not ctx.td.volumes:
        return None
    hits = [
        Hit(ctx.path("volumes", j, "docker_volume_configuration"), "Docker volumes are not supported on Fargate")
        for j, v in enumerate(ctx.td.volumes)
        if v.docker_volume_configuration is not None
    ]
    return hits or None


@rule(
    "vol-docker-autoprovision",
    W,
    TD,
    phase=ADVICE,
    summary="autoprovision is set only on shared-scope Docker volumes.",
    why="autoprovision is only used if the scope is shared; task-scoped volumes (the default) are always created "
    "with the task, so the setting is ignored.",
    fix="Set scope 'shared' if the volume should outlive the task, or remove autoprovision.",
    docs=_docs.DOCKER_VOLUMES,
    when="volumes",
)
def docker_autoprovision(ctx: TaskDefContext) -> Hits:
    hits = []
    for j, v in enumerate(ctx.td.volumes or ()):
        docker = v.docker_volume_configuration
        if docker is not None and docker.autoprovision and docker.scope != "shared":
            hits.append(
                Hit(
                    ctx.path("volumes", j, "docker_volume_configuration", "autoprovision"),
                    "autoprovision is ignored unless scope is shared",
                )
            )
    return hits or None


@rule(
    "vol-docker-windows-driver",
    E,
    TD,
    phase=RUNTIME,
    effect=not_placed(Reason.ATTRIBUTE),
    doubt="Documented as not supported; ecskit assumes no Windows instance offers the driver.",
    summary="Docker volumes of Windows task definitions use the local driver.",
    why="Windows containers only support the use of the local driver.",
    fix="Set driver to 'local' (or omit it).",
    docs=_docs.DOCKER_VOLUMES,
    when="volumes",
)
def docker_windows_driver(ctx: TaskDefContext) -> Hits:
    if not ctx.windows or not ctx.td.volumes:
        return None
    hits = []
    for j, v in enumerate(ctx.td.volumes):
        docker = v.docker_volume_configuration
        if docker is not None and docker.driver and docker.driver != "local" and not placeholder(docker.driver):
            hits.append(
                Hit(
                    ctx.path("volumes", j, "docker_volume_configuration", "driver"),
                    f"driver {docker.driver!r} is not available to Windows containers (only 'local')",
                )
            )
    return hits or None


@rule(
    "vol-host-sourcepath-fargate",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    summary="Fargate bind mounts have no host sourcePath.",
    why="If you're using the Fargate launch type, the sourcePath parameter is not supported: there is no host to "
    "mount from.",
    fix="Remove host.sourcePath (the volume becomes task storage shared by the containers), or use EFS.",
    docs=_docs.BIND_MOUNTS,
    when="volumes",
)
def host_sourcepath_fargate(ctx: TaskDefContext) -> Hits:
    if not ctx.fargate or not ctx.td.volumes:
        return None
    hits = [
        Hit(ctx.path("volumes", j, "host", "source_path"), "host.sourcePath is not supported on Fargate")
        for j, v in enumerate(ctx.td.volumes)
        if v.host is not None and v.host.source_path
    ]
    return hits or None


def _efs(ctx: TaskDefContext) -> list[tuple[int, EFSVolumeConfiguration]]:
    volumes = ctx.td.volumes
    if not volumes:
        return []
    return [(j, v.efs_volume_configuration) for j, v in enumerate(volumes) if v.efs_volume_configuration]


@rule(
    "vol-efs-access-point-root",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/aws/aws-cdk/issues/10683",
    summary="With an EFS access point, rootDirectory is omitted or '/'.",
    why="If an EFS access point is specified in the authorizationConfig, the root directory parameter must either "
    "be omitted or set to /, which enforces the path set on the access point.",
    fix="Remove rootDirectory and set the path on the access point instead.",
    docs=_docs.EFS,
    when="volumes",
)
def efs_access_point_root(ctx: TaskDefContext) -> Hits:
    hits = []
    for j, efs in _efs(ctx):
        auth = efs.authorization_config
        if auth is None or not auth.access_point_id or efs.root_directory in (None, "", "/"):
            continue
        hits.append(
            Hit(
                ctx.path("volumes", j, "efs_volume_configuration", "root_directory"),
                'When using an EFS access point, the root directory must either be set to "/" or be omitted.',
                f"rootDirectory {efs.root_directory!r} cannot be used with access point {auth.access_point_id!r}: "
                "remove it (or set it to '/')",
            )
        )
    return hits or None


@rule(
    "vol-efs-transit-encryption",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    summary="EFS volumes with an access point or IAM authorization enable transit encryption.",
    why="If an access point is used, or EFS IAM authorization is turned on, transit encryption must be on in the "
    "EFSVolumeConfiguration (it defaults to DISABLED).",
    fix="Set transitEncryption to ENABLED.",
    docs=_docs.EFS,
    when="volumes",
)
def efs_transit_encryption(ctx: TaskDefContext) -> Hits:
    hits = []
    for j, efs in _efs(ctx):
        auth = efs.authorization_config
        if auth is None or efs.transit_encryption == "ENABLED":
            continue
        reasons = []
        if auth.access_point_id:
            reasons.append("an access point")
        if auth.iam == "ENABLED":
            reasons.append("IAM authorization")
        if reasons:
            hits.append(
                Hit(
                    ctx.path("volumes", j, "efs_volume_configuration", "transit_encryption"),
                    f"{' and '.join(reasons)} require transitEncryption ENABLED",
                    "set transitEncryption to ENABLED",
                )
            )
    return hits or None


@rule(
    "vol-efs-iam-task-role",
    W,
    TD,
    phase=RUNTIME,
    effect=resource_init(
        "failed to invoke EFS utils commands to set up EFS volumes: mount.nfs4: access denied by server"
    ),
    doubt="Whether the mount fails depends on the file system policy.",
    summary="EFS IAM authorization comes with a task role.",
    why="With authorizationConfig.iam ENABLED the file system is mounted with the task role defined in the task "
    "definition; without one the mount has no IAM identity and fails where the file system policy needs one.",
    fix="Set taskRoleArn to a role allowed elasticfilesystem:ClientMount (and ClientWrite) on the file system.",
    docs=_docs.EFS,
    when="volumes",
)
def efs_iam_task_role(ctx: TaskDefContext) -> Hits:
    if ctx.td.task_role_arn:
        return None
    hits = [
        Hit(
            ctx.path("volumes", j, "efs_volume_configuration", "authorization_config", "iam"),
            "EFS IAM authorization is enabled but the task has no task role",
        )
        for j, efs in _efs(ctx)
        if efs.authorization_config is not None and efs.authorization_config.iam == "ENABLED"
    ]
    return hits or None


@rule(
    "vol-efs-platform",
    E,
    TD,
    phase=RUNTIME,
    effect=not_placed(Reason.ATTRIBUTE),
    doubt="Documented as not supported; how it fails is not.",
    summary="EFS volumes are used by Linux tasks on Fargate, EC2 or Managed Instances, not on Windows or ECS Anywhere.",
    why="Amazon EFS volumes are supported for Linux containers only, and not on external instances (ECS Anywhere).",
    fix="Use FSx for Windows File Server for Windows tasks; on external instances mount storage on the host.",
    docs=_docs.VOLUMES,
    when="volumes",
)
def efs_platform(ctx: TaskDefContext) -> Hits:
    if not (ctx.windows or ctx.external):
        return None
    where = "Windows containers" if ctx.windows else "external instances (ECS Anywhere)"
    hits = [
        Hit(ctx.path("volumes", j, "efs_volume_configuration"), f"EFS volumes are not supported for {where}")
        for j, _ in _efs(ctx)
    ]
    return hits or None


@rule(
    "vol-efs-ids",
    E,
    TD,
    phase=RUNTIME,
    effect=resource_init("failed to invoke EFS utils commands to set up EFS volumes"),
    doubt=DOUBT_REGISTERS,
    summary="fileSystemId is an EFS file system id (fs-...) and accessPointId an access point id (fsap-...).",
    why="The volume is mounted by id; anything else cannot be mounted and the task fails to start.",
    fix="Use the ids shown by the EFS console or 'aws efs describe-file-systems' / 'describe-access-points'.",
    docs=_docs.EFS,
    when="volumes",
)
def efs_ids(ctx: TaskDefContext) -> Hits:
    hits = []
    for j, efs in _efs(ctx):
        fs = efs.file_system_id
        if not EFS_ID.match(fs) and not placeholder(fs):
            hits.append(
                Hit(ctx.path("volumes", j, "efs_volume_configuration", "file_system_id"), f"{fs!r} is not an EFS id")
            )
        auth = efs.authorization_config
        ap = auth.access_point_id if auth is not None else None
        if ap and not ACCESS_POINT_ID.match(ap) and not placeholder(ap):
            hits.append(
                Hit(
                    ctx.path("volumes", j, "efs_volume_configuration", "authorization_config", "access_point_id"),
                    f"{ap!r} is not an EFS access point id",
                )
            )
    return hits or None


@rule(
    "vol-fsx-platform",
    E,
    TD,
    phase=RUNTIME,
    effect=not_placed(Reason.ATTRIBUTE),
    doubt="Documented as not supported; how it fails is not.",
    summary="FSx for Windows File Server volumes are used by Windows tasks on EC2.",
    why="FSx for Windows File Server volumes are supported for Windows containers on Amazon EC2 only: not on "
    "Fargate, not on external instances, not for Linux containers.",
    fix="Run the task on EC2 Windows container instances, or use EFS for Linux tasks.",
    docs=_docs.FSX,
    when="volumes",
)
def fsx_platform(ctx: TaskDefContext) -> Hits:
    if not ctx.td.volumes:
        return None
    platform = ctx.td.runtime_platform
    linux = platform is not None and platform.operating_system_family == "LINUX"
    where = "Fargate" if ctx.fargate else "external instances" if ctx.external else "Linux" if linux else None
    if where is None:
        return None
    hits = [
        Hit(
            ctx.path("volumes", j, "fsx_windows_file_server_volume_configuration"),
            f"FSx for Windows File Server volumes are not supported on {where}",
        )
        for j, v in enumerate(ctx.td.volumes)
        if v.fsx_windows_file_server_volume_configuration is not None
    ]
    return hits or None


@rule(
    "vol-fsx-credentials",
    E,
    TD,
    phase=RUNTIME,
    effect=resource_init("failed to get FSx for Windows File Server credentials"),
    doubt=DOUBT_REGISTERS,
    summary="FSx authorizationConfig.credentialsParameter is the ARN of a Secrets Manager secret or SSM parameter.",
    why="The credentials to join the file share are given as the ARN of a Secrets Manager secret or an SSM "
    "Parameter Store parameter; anything else cannot be read and the mount fails.",
    fix="Use arn:aws:secretsmanager:<region>:<account>:secret:<name> or "
    "arn:aws:ssm:<region>:<account>:parameter/<name>.",
    docs=_docs.FSX,
    when="volumes",
)
def fsx_credentials(ctx: TaskDefContext) -> Hits:
    hits = []
    for j, v in enumerate(ctx.td.volumes or ()):
        fsx = v.fsx_windows_file_server_volume_configuration
        if fsx is None:
            continue
        value = fsx.authorization_config.credentials_parameter
        if not FSX_CREDENTIALS.match(value) and not placeholder(value):
            path = ctx.path(
                "volumes",
                j,
                "fsx_windows_file_server_volume_configuration",
                "authorization_config",
                "credentials_parameter",
            )
            hits.append(Hit(path, f"{value!r} is not a Secrets Manager or SSM parameter ARN"))
    return hits or None


@rule(
    "vol-one-configured-at-launch",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    summary="At most one volume is configured at launch.",
    why="Each task definition revision may only have one volume configured at launch.",
    fix="Keep configuredAtLaunch on one volume only.",
    docs=_docs.EBS,
    when="volumes",
)
def one_configured_at_launch(ctx: TaskDefContext) -> Hits:
    at_launch = [j for j, v in enumerate(ctx.td.volumes or ()) if v.configured_at_launch]
    if len(at_launch) <= 1:
        return None
    return [
        Hit(ctx.path("volumes", j, "configured_at_launch"), "another volume is already configured at launch")
        for j in at_launch[1:]
    ]


def _at_launch_names(td: TaskDefContext) -> set[str | None]:
    return {v.name for v in td.td.volumes or () if v.configured_at_launch}


def _binding_hits(configs: VolumeConfigs, td: TaskDefContext | None, path: PathOf) -> list[Hit]:
    if td is None:
        return []
    names = _at_launch_names(td)
    hits = []
    for j, vc in enumerate(configs):
        if vc.name in names:
            continue
        known = ", ".join(repr(n) for n in sorted(n for n in names if n)) or "none"
        hits.append(
            Hit(
                path("volume_configurations", j, "name"),
                f"volume {vc.name!r} is not configured at launch in the task definition (configuredAtLaunch "
                f"volumes: {known})",
            )
        )
    return hits


@rule(
    "vol-ebs-binding",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    aliases=("vol-ebs-binding-run-task",),
    summary="volumeConfigurations (of a service or RunTask) name the task definition's configured-at-launch volume; "
    "DAEMON services have none.",
    why="The name must match the volume name of a configuredAtLaunch volume of the task definition, and "
    "volumeConfigurations is only supported for REPLICA services, not DAEMON.",
    fix="Set configuredAtLaunch on the task definition's volume and use its name, or drop volumeConfigurations.",
    docs=_docs.EBS,
    when="volume_configurations",
)
def ebs_binding(ctx: LaunchContext) -> Hits:
    configs = ctx.volume_configurations
    if not configs:
        return None
    if ctx.daemon:
        return [Hit(ctx.path("volume_configurations"), "volumeConfigurations is not supported for DAEMON services")]
    return _binding_hits(configs, ctx.taskdef, ctx.path) or None


def _ebs_hits(
    ebs: ServiceManagedEBSVolumeConfiguration | TaskManagedEBSVolumeConfiguration,
    fargate: bool,
    td: TaskDefContext | None,
    path: PathOf,
) -> list[Hit]:
    hits = []
    kind = ebs.volume_type or "gp3"
    if kind not in EBS_TYPES:
        valid = ", ".join(sorted(EBS_TYPES))
        hits.append(Hit(path("volume_type"), f"volumeType {kind!r} is not an EBS volume type ({valid})"))
        kind = "gp3"
    size = ebs.size_in_gib
    if size is None and not ebs.snapshot_id:
        hits.append(Hit(path(), "give sizeInGiB or snapshotId", "set sizeInGiB, e.g. 20"))
    elif size is not None:
        low = EBS_MIN_SIZE[kind]
        if size < low:
            hits.append(Hit(path("size_in_gib"), f"sizeInGiB {size} is below the minimum {low} GiB for {kind}"))
        elif kind == "standard" and size > EBS_MAX_STANDARD:
            hits.append(Hit(path("size_in_gib"), f"sizeInGiB {size} is above the maximum 1024 GiB for standard"))
    iops = ebs.iops
    if iops is None:
        if kind in ("io1", "io2"):
            hits.append(Hit(path(), f"iops is required for {kind} volumes"))
    elif kind in EBS_NO_IOPS:
        hits.append(Hit(path("iops"), f"iops is not supported for {kind} volumes"))
    elif kind in EBS_MIN_IOPS and iops < EBS_MIN_IOPS[kind]:
        hits.append(Hit(path("iops"), f"iops {iops} is below the minimum {EBS_MIN_IOPS[kind]} for {kind}"))
    if ebs.throughput is not None and kind != "gp3":
        hits.append(Hit(path("throughput"), f"throughput is only supported for gp3 volumes, not {kind}"))
    if ebs.volume_initialization_rate is not None and not ebs.snapshot_id:
        hits.append(Hit(path("volume_initialization_rate"), "volumeInitializationRate needs a snapshotId"))
    if fargate and kind == "standard":
        hits.append(Hit(path("volume_type"), "the magnetic (standard) volume type is not supported on Fargate"))
    fs = str(ebs.filesystem_type) if ebs.filesystem_type is not None else None
    if fs is not None and td is not None:
        if td.windows and fs in LINUX_FILESYSTEMS:
            hits.append(Hit(path("filesystem_type"), f"{fs} is a Linux file system; Windows tasks use ntfs"))
        elif fs == "ntfs" and not td.windows and td.td.runtime_platform is not None:
            hits.append(Hit(path("filesystem_type"), "ntfs is for Windows tasks; Linux uses ext3, ext4 or xfs"))
    return hits


def _config_hits(configs: VolumeConfigs, fargate: bool, td: TaskDefContext | None, root: PathOf) -> Hits:
    hits = []
    for j, vc in enumerate(configs):
        ebs = vc.managed_ebs_volume
        if ebs is not None:

            def path(*steps: str, _j: int = j) -> str:
                return root("volume_configurations", _j, "managed_ebs_volume", *steps)

            hits += _ebs_hits(ebs, fargate, td, path)
    return hits or None


_EBS_WHY = (
    "ECS passes these settings to EC2 CreateVolume, which rejects them: give sizeInGiB or snapshotId; sizes are "
    "at least 1 GiB (gp2/gp3/standard), 4 (io1/io2) or 125 (st1/sc1), standard at most 1024; iops is required for "
    "io1/io2 (at least 100) and not supported for st1, sc1 and standard (gp3 at least 3000); throughput is only for "
    "gp3; volumeInitializationRate needs a snapshotId; magnetic volumes are not on Fargate; the file system must "
    "suit the operating system."
)


@rule(
    "vol-ebs-config",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    aliases=("vol-ebs-config-run-task",),
    summary="A managed EBS volume (of a service or RunTask) has a valid type, size, IOPS, throughput and file system.",
    why=_EBS_WHY,
    fix="Adjust the managedEBSVolume settings to what the volume type supports.",
    docs=_docs.EBS,
    when="volume_configurations",
)
def ebs_config(ctx: LaunchContext) -> Hits:
    configs = ctx.volume_configurations
    if not configs:
        return None
    return _config_hits(configs, ctx.fargate, ctx.taskdef, ctx.path)
