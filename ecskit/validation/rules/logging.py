"""Rules on container logging: log drivers per launch type, awslogs and splunk options, delivery mode, FireLens."""

from __future__ import annotations

import re

from ecskit.models.ecs import ContainerDefinition, TaskStopCode
from ecskit.validation.context import TaskDefContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._common import placeholder
from ecskit.validation.rules._outcomes import ADVICE, API, CLIENT, DOUBT_REGISTERS, RUNTIME, cannot_start, stopped

TD, CONTAINER = Kind.TASK_DEFINITION, Kind.CONTAINER
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None


FARGATE_DRIVERS = frozenset({"awslogs", "splunk", "awsfirelens"})
#: The options Docker's awslogs driver accepts, plus those ECS handles itself (stream prefix, delivery mode).
AWSLOGS_OPTIONS = frozenset(
    {
        "awslogs-group",
        "awslogs-region",
        "awslogs-stream-prefix",
        "awslogs-create-group",
        "awslogs-datetime-format",
        "awslogs-multiline-pattern",
        "awslogs-endpoint",
        "awslogs-stream",
        "awslogs-create-stream",
        "awslogs-credentials-endpoint",
        "awslogs-force-flush-interval-seconds",
        "awslogs-max-buffered-events",
        "awslogs-format",
        "awslogs-datetime-as-event-time",
        "awslogs-datetime-timezone",
        "tag",
        "mode",
        "max-buffer-size",
    }
)
LOG_GROUP = re.compile(r"[.\-_/#A-Za-z0-9]{1,512}\Z")
REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}\Z")
#: What Go's strconv.ParseBool accepts.
BOOLEANS = frozenset({"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"})
#: What docker/go-units RAMInBytes accepts, e.g. "10m", "25MiB", "1.5 GB".
BUFFER_SIZE = re.compile(r"\d+(?:\.\d+)* ?[kKmMgGtTpP]?[iI]?[bB]?\Z")
MODES = frozenset({"blocking", "non-blocking"})
CONFIG_FILE_TYPES = frozenset({"s3", "file"})
S3_OBJECT_ARN = re.compile(r"arn:aws[a-z-]*:s3:::[^/]+/.+\Z")


def _driver(c: ContainerDefinition) -> str | None:
    lc = c.log_configuration
    return str(lc.log_driver) if lc is not None else None


@rule(
    "log-fargate-drivers",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="Fargate containers log with awslogs, splunk or awsfirelens.",
    why="For tasks on Fargate, the supported log drivers are awslogs, splunk and awsfirelens; RegisterTaskDefinition "
    "rejects the others when FARGATE is among the compatibilities.",
    fix="Use awslogs (CloudWatch Logs), splunk, or awsfirelens with a FireLens log router.",
    docs=_docs.LOG_CONFIGURATION,
    when="log_configuration",
)
def fargate_drivers(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    driver = _driver(c)
    if driver is None or not ctx.fargate or driver in FARGATE_DRIVERS:
        return None
    return [
        Hit(
            ctx.cpath(i, "log_configuration", "log_driver"),
            f"log driver {driver!r} is not supported on Fargate",
            "use awslogs, splunk or awsfirelens",
        )
    ]


@rule(
    "log-awslogs-required",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/klothoplatform/klotho/issues/892",
    summary="The awslogs driver has the awslogs-group and awslogs-region options.",
    why='RegisterTaskDefinition fails: "Log driver awslogs requires options: awslogs-region, awslogs-group" (the '
    "group says where the logs go, the region which CloudWatch Logs endpoint takes them).",
    fix="Set options awslogs-group (e.g. /ecs/<family>) and awslogs-region.",
    docs=_docs.LOGGING,
    when="log_configuration",
)
def awslogs_required(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    lc = c.log_configuration
    if lc is None or lc.log_driver != "awslogs":
        return None
    options = lc.options or {}
    missing = [key for key in ("awslogs-region", "awslogs-group") if not options.get(key)]
    if not missing:
        return None
    path = ctx.cpath(i, "log_configuration", "options")
    hint = f"set {' and '.join(missing)}"
    return [Hit(path, f"Log driver awslogs requires options: {', '.join(missing)}", hint)]


@rule(
    "log-awslogs-option-values",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=cannot_start("failed to initialize logging driver: invalid awslogs option value"),
    doubt=DOUBT_REGISTERS,
    summary="awslogs-group is a valid log group name, awslogs-region a region, awslogs-create-group a boolean.",
    why="A log group name is 1-512 of letters, digits, '_', '-', '/', '.', '#'; Docker rejects a non-boolean "
    "awslogs-create-group and the driver cannot reach a malformed region: the container does not start.",
    fix="Use a group such as /ecs/app, a region such as us-east-1, and 'true' or 'false'.",
    docs=_docs.LOGGING,
    when="log_configuration",
)
def awslogs_option_values(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    lc = c.log_configuration
    if lc is None or lc.log_driver != "awslogs" or not lc.options:
        return None
    options = lc.options
    hits = []
    group = options.get("awslogs-group")
    if group and not LOG_GROUP.match(group) and not placeholder(group):
        hits.append(
            Hit(
                ctx.cpath(i, "log_configuration", "options", "awslogs-group"),
                f"{group!r} is not a valid log group name",
                "use 1-512 of letters, digits, '_', '-', '/', '.', '#'",
            )
        )
    region = options.get("awslogs-region")
    if region and not REGION.match(region) and not placeholder(region):
        hits.append(
            Hit(ctx.cpath(i, "log_configuration", "options", "awslogs-region"), f"{region!r} is not an AWS Region")
        )
    create = options.get("awslogs-create-group")
    if create and create not in BOOLEANS and not placeholder(create):
        hits.append(
            Hit(
                ctx.cpath(i, "log_configuration", "options", "awslogs-create-group"),
                f"awslogs-create-group {create!r} is not a boolean",
                "use 'true' or 'false'",
            )
        )
    return hits or None


@rule(
    "log-awslogs-prefix-fargate",
    W,
    CONTAINER,
    phase=ADVICE,
    doubt="Documented as required on Fargate; tasks without it are seen to run.",
    summary="On Fargate the awslogs driver sets awslogs-stream-prefix.",
    why="awslogs-stream-prefix is documented as required on Fargate, and the ECS console shows a container's logs "
    "only when a stream prefix is set.",
    fix="Set options awslogs-stream-prefix, e.g. to the service or container name.",
    docs=_docs.LOGGING,
    when="log_configuration",
)
def awslogs_prefix_fargate(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    lc = c.log_configuration
    if lc is None or not ctx.fargate or lc.log_driver != "awslogs":
        return None
    if (lc.options or {}).get("awslogs-stream-prefix"):
        return None
    return [
        Hit(
            ctx.cpath(i, "log_configuration", "options"),
            # advice, not an error: the docs list it for Fargate, but ECS registers and runs the task without it
            "awslogs-stream-prefix is not set: the Fargate docs ask for it, and the console shows no logs without it",
            f"add awslogs-stream-prefix, e.g. {c.name or 'app'!r}",
        )
    ]


@rule(
    "log-awslogs-multiline-exclusive",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=cannot_start(
        "failed to initialize logging driver: you cannot configure log opt 'awslogs-datetime-format' and "
        "'awslogs-multiline-pattern' at the same time"
    ),
    doubt="The ECS docs say only that both cannot be set; the refusal comes from Docker's awslogs driver.",
    summary="awslogs-datetime-format and awslogs-multiline-pattern are not both set.",
    why='You cannot configure both options: Docker refuses the container ("you cannot configure log opt '
    "'awslogs-datetime-format' and 'awslogs-multiline-pattern' at the same time\").",
    fix="Keep only one of the two multiline options.",
    docs=_docs.LOGGING,
    when="log_configuration",
)
def awslogs_multiline_exclusive(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    lc = c.log_configuration
    if lc is None or lc.log_driver != "awslogs" or not lc.options:
        return None
    if "awslogs-datetime-format" not in lc.options or "awslogs-multiline-pattern" not in lc.options:
        return None
    return [
        Hit(
            ctx.cpath(i, "log_configuration", "options", "awslogs-multiline-pattern"),
            "awslogs-multiline-pattern and awslogs-datetime-format cannot both be set",
        )
    ]


@rule(
    "log-awslogs-unknown-option",
    W,
    CONTAINER,
    phase=RUNTIME,
    effect=cannot_start("failed to initialize logging driver: unknown log opt for awslogs log driver"),
    doubt="ECS passes the options to Docker unchecked as far as documented.",
    summary="Options of the awslogs driver are ones it knows.",
    why="Docker's awslogs driver refuses unknown options (\"unknown log opt 'x' for awslogs log driver\"), so a "
    "misspelt option stops the container from starting.",
    fix="Fix the option's name (see the list of awslogs options), or remove it.",
    docs=_docs.LOGGING,
    when="log_configuration",
)
def awslogs_unknown_option(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    lc = c.log_configuration
    if lc is None or lc.log_driver != "awslogs" or not lc.options:
        return None
    hits = [
        Hit(ctx.cpath(i, "log_configuration", "options", key), f"{key!r} is not an option of the awslogs driver")
        for key in lc.options
        if key not in AWSLOGS_OPTIONS and not placeholder(key)
    ]
    return hits or None


@rule(
    "log-mode",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=cannot_start("failed to initialize logging driver: logging mode not supported"),
    doubt=DOUBT_REGISTERS,
    summary="Log option mode is 'blocking' or 'non-blocking'; max-buffer-size is a size, not used with blocking.",
    why='Docker refuses the container otherwise: "logging mode not supported", or "max-buffer-size option is '
    "only supported with 'mode=non-blocking'\".",
    fix="Use mode 'non-blocking' with a max-buffer-size such as '25m', or remove max-buffer-size.",
    docs=_docs.LOG_CONFIGURATION,
    when="log_configuration",
)
def log_mode(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    lc = c.log_configuration
    if lc is None or not lc.options or lc.log_driver == "awsfirelens":
        return None
    mode = lc.options.get("mode")
    size = lc.options.get("max-buffer-size")
    if mode is None and size is None:
        return None
    hits = []
    if mode is not None and mode not in MODES and not placeholder(mode):
        hits.append(
            Hit(
                ctx.cpath(i, "log_configuration", "options", "mode"),
                f"mode {mode!r} is not 'blocking' or 'non-blocking'",
            )
        )
    if size is not None and not placeholder(size):
        path = ctx.cpath(i, "log_configuration", "options", "max-buffer-size")
        if not BUFFER_SIZE.match(size):
            hits.append(Hit(path, f"max-buffer-size {size!r} is not a size such as '25m'"))
        if mode == "blocking":
            hits.append(Hit(path, "max-buffer-size is only supported with mode non-blocking", "remove it"))
    return hits or None


@rule(
    "log-splunk-required",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=cannot_start("failed to initialize logging driver: splunk: splunk-url is expected"),
    doubt=DOUBT_REGISTERS,
    summary="The splunk driver has splunk-url and splunk-token (as options or secretOptions).",
    why="To route logs with splunk you need to specify a splunk-token and a splunk-url; Docker's splunk driver "
    'refuses to start the container without them ("splunk-url is expected").',
    fix="Set splunk-url in options and splunk-token in secretOptions (from Secrets Manager or SSM).",
    docs=_docs.LOG_CONFIGURATION,
    when="log_configuration",
)
def splunk_required(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    lc = c.log_configuration
    if lc is None or lc.log_driver != "splunk":
        return None
    given = set(lc.options or ()) | {s.name for s in lc.secret_options or ()}
    missing = [key for key in ("splunk-url", "splunk-token") if key not in given]
    if not missing:
        return None
    return [Hit(ctx.cpath(i, "log_configuration"), f"the splunk driver needs {key!r}") for key in missing]


@rule(
    "log-firelens-needs-router",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/fabfuel/ecs-deploy/issues/164",
    summary="A task whose containers use the awsfirelens driver has a FireLens log router container.",
    why='RegisterTaskDefinition fails: "When awsfirelens log driver is specified in log configuration, a firelens '
    'configuration object must be configured in one of the containers."',
    fix="Add a log router container (Fluent Bit or Fluentd image) with a firelensConfiguration.",
    docs=_docs.FIRELENS,
)
def firelens_needs_router(ctx: TaskDefContext) -> Hits:
    users = [
        i
        for i, c in enumerate(ctx.containers)
        if c.log_configuration and c.log_configuration.log_driver == "awsfirelens"
    ]
    if not users or any(c.firelens_configuration is not None for c in ctx.containers):
        return None
    return [
        Hit(
            ctx.cpath(i, "log_configuration", "log_driver"),
            "When awsfirelens log driver is specified in log configuration, a firelens configuration object must be "
            "configured in one of the containers.",
            f"container {ctx.containers[i].name!r} uses awsfirelens but no container has a firelensConfiguration: add "
            "a log router container (aws-for-fluent-bit) with firelensConfiguration",
        )
        for i in users
    ]


@rule(
    "log-firelens-needs-user",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/aws/amazon-cloudwatch-logs-for-fluent-bit/issues/20",
    summary="A task with a FireLens log router has a container that uses the awsfirelens driver.",
    why='RegisterTaskDefinition fails: "When a firelensConfiguration object is specified, at least one container '
    'has to be configured with the awsfirelens log driver."',
    fix="Set logConfiguration.logDriver to awsfirelens on the containers whose logs the router should ship.",
    docs=_docs.FIRELENS,
)
def firelens_needs_user(ctx: TaskDefContext) -> Hits:
    routers = [i for i, c in enumerate(ctx.containers) if c.firelens_configuration is not None]
    if not routers or any(
        c.log_configuration and c.log_configuration.log_driver == "awsfirelens" for c in ctx.containers
    ):
        return None
    return [
        Hit(
            ctx.cpath(i, "firelens_configuration"),
            "When a firelensConfiguration object is specified, at least one container has to be configured with the "
            "awsfirelens log driver.",
            f"container {ctx.containers[i].name!r} is a FireLens router, but no container uses the awsfirelens "
            "driver: route a container's logs through it, or remove firelensConfiguration",
        )
        for i in routers
    ]


@rule(
    "log-firelens-config-file",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=stopped("Essential container in task exited", code=TaskStopCode.ESSENTIAL_CONTAINER_EXITED),
    doubt="How ECS handles a bad FireLens configuration file setting is not documented; ecskit assumes the log "
    "router exits.",
    summary="FireLens config-file-type is 's3' or 'file' and comes with a config-file-value (an S3 object ARN for s3).",
    why="The log router reads its custom configuration from config-file-value, either an S3 object ARN "
    "(config-file-type s3) or a path in the router's image (file); any other combination fails.",
    fix="Set config-file-type 's3' with arn:aws:s3:::bucket/key, or 'file' with an absolute path in the image.",
    docs=_docs.FIRELENS,
    when="firelens_configuration",
)
def firelens_config_file(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    firelens = c.firelens_configuration
    if firelens is None or not firelens.options:
        return None
    kind = firelens.options.get("config-file-type")
    value = firelens.options.get("config-file-value")
    if kind is None and value is None:
        return None
    path = ctx.cpath(i, "firelens_configuration", "options")
    if kind is None:
        return [Hit(path, "config-file-value is set without config-file-type", "add config-file-type 's3' or 'file'")]
    if placeholder(kind):
        return None
    if kind not in CONFIG_FILE_TYPES:
        return [Hit(ctx.cpath(i, "firelens_configuration", "options", "config-file-type"), f"{kind!r} is not s3/file")]
    if not value:
        return [Hit(path, f"config-file-type {kind} needs a config-file-value")]
    if kind == "s3" and not S3_OBJECT_ARN.match(value) and not placeholder(value):
        return [
            Hit(
                ctx.cpath(i, "firelens_configuration", "options", "config-file-value"),
                f"{value!r} is not an S3 object ARN",
                "use arn:aws:s3:::<bucket>/<key>",
            )
        ]
    return None


@rule(
    "log-firelens-fargate-config",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=stopped("Essential container in task exited", code=TaskStopCode.ESSENTIAL_CONTAINER_EXITED),
    doubt="Documented as not supported on Fargate; how it fails is not.",
    summary="On Fargate a FireLens custom configuration comes from a file in the image, not from S3.",
    why="Tasks hosted on Fargate only support the file configuration file type.",
    fix="Build the configuration file into the log router image and use config-file-type 'file'.",
    docs=_docs.FIRELENS,
    when="firelens_configuration",
)
def firelens_fargate_config(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    firelens = c.firelens_configuration
    if firelens is None or not ctx.fargate or not firelens.options:
        return None
    if firelens.options.get("config-file-type") != "s3":
        return None
    return [
        Hit(
            ctx.cpath(i, "firelens_configuration", "options", "config-file-type"),
            "config-file-type s3 is not supported on Fargate",
            "use config-file-type 'file'",
        )
    ]
