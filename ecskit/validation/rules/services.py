"""Rules on services (CreateService): name and task definition, scheduling strategy, launch type and capacity
provider strategy, network configuration against the task definition's network mode, platform version, grace
period, tags and ECS Exec."""

from __future__ import annotations

import re

from ecskit.validation.context import ServiceContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._common import templated
from ecskit.validation.rules._outcomes import ADVICE, API, INVALID, PLATFORM_UNKNOWN
from ecskit.validation.rules.clusters import tag_hits

NAME = re.compile(r"[A-Za-z0-9_-]{1,255}\Z")
TASKDEF_REF = re.compile(
    r"(?:arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition/)?[A-Za-z0-9_-]{1,255}(?::[1-9]\d*)?\Z"
)
PLATFORM_VERSION = re.compile(r"(?:LATEST|\d+\.\d+\.\d+)\Z")
SUBNET_ID = re.compile(r"subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})\Z")
SECURITY_GROUP_ID = re.compile(r"sg-(?:[0-9a-f]{8}|[0-9a-f]{17})\Z")
MAX_SUBNETS, MAX_SECURITY_GROUPS = 16, 5
MAX_INT32 = 2**31 - 1
SERVICE = Kind.SERVICE
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None


@rule(
    "svc-name-format",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="The service name is 1-255 letters, digits, underscores and hyphens.",
    why="CreateService rejects any other serviceName with an InvalidParameterException.",
    fix="Rename the service using only letters, digits, '_' and '-'.",
    docs=_docs.CREATE_SERVICE,
)
def name_format(ctx: ServiceContext) -> Hits:
    name = ctx.service.service_name
    if NAME.match(name) or templated(name):
        return None
    return [Hit(ctx.path("service_name"), f"serviceName {name!r} must be 1-255 letters, digits, '_' or '-'")]


@rule(
    "svc-taskdef-required",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="A service with the ECS or CODE_DEPLOY deployment controller names a task definition.",
    why="CreateService requires taskDefinition unless the EXTERNAL deployment controller is used (its task sets "
    "carry the task definition).",
    fix="Set taskDefinition to 'family', 'family:revision' or the task definition's ARN.",
    docs=_docs.CREATE_SERVICE,
)
def taskdef_required(ctx: ServiceContext) -> Hits:
    if ctx.service.task_definition or ctx.controller == "EXTERNAL":
        return None
    return [Hit(ctx.path("task_definition"), f"taskDefinition is required with the {ctx.controller} controller")]


@rule(
    "svc-external-no-taskdef",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    source="https://github.com/aws/aws-cdk/issues/6245",
    summary="A service of the EXTERNAL deployment controller names no task definition (its task sets do).",
    why="When creating a service that uses the EXTERNAL deployment controller, you can specify only parameters that "
    'aren\'t controlled at the task set level; CreateService fails: "TaskDefinition must be blank."',
    fix="Remove taskDefinition and give it to CreateTaskSet.",
    docs=_docs.EXTERNAL_DEPLOYMENT,
)
def external_no_taskdef(ctx: ServiceContext) -> Hits:
    if ctx.controller != "EXTERNAL" or not ctx.service.task_definition:
        return None
    return [Hit(ctx.path("task_definition"), "TaskDefinition must be blank.", "give it to CreateTaskSet")]


@rule(
    "svc-external-no-network",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    source="https://github.com/aws/aws-cdk/issues/26335",
    summary="A service of the EXTERNAL deployment controller has no networkConfiguration (its task sets do).",
    why="The network configuration of an external deployment is set per task set; CreateService fails: "
    '"NetworkConfiguration must be null."',
    fix="Remove networkConfiguration and give it to CreateTaskSet.",
    docs=_docs.EXTERNAL_DEPLOYMENT,
)
def external_no_network(ctx: ServiceContext) -> Hits:
    if ctx.controller != "EXTERNAL" or ctx.service.network_configuration is None:
        return None
    return [Hit(ctx.path("network_configuration"), "NetworkConfiguration must be null.", "give it to CreateTaskSet")]


@rule(
    "svc-external-no-lb",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    source="https://github.com/hashicorp/terraform-provider-aws/issues/27291",
    summary="A service of the EXTERNAL deployment controller has no loadBalancers (its task sets do).",
    why="For services that use the external deployment controller, you add, update, or remove load balancers with "
    'CreateTaskSet; CreateService fails: "LoadBalancers must be empty or null."',
    fix="Remove loadBalancers and give each task set its target group (CreateTaskSet).",
    docs=_docs.EXTERNAL_DEPLOYMENT,
)
def external_no_lb(ctx: ServiceContext) -> Hits:
    if ctx.controller != "EXTERNAL" or not ctx.service.load_balancers:
        return None
    return [Hit(ctx.path("load_balancers"), "LoadBalancers must be empty or null.", "give them to CreateTaskSet")]


@rule(
    "svc-external-task-set-settings",
    W,
    SERVICE,
    phase=ADVICE,
    summary="A service of the EXTERNAL deployment controller leaves launch type, capacity providers, platform "
    "version and service registries to its task sets.",
    why="CreateService of an EXTERNAL service takes only parameters that aren't controlled at the task set level: "
    "launch type, capacity provider strategy, platform version and service registries are given to CreateTaskSet, "
    "and the service shows those of its primary task set.",
    fix="Remove them from the service and give them to CreateTaskSet.",
    docs=_docs.EXTERNAL_DEPLOYMENT,
    doubt="Whether CreateService refuses these members on an EXTERNAL service, and with which text, is not "
    "documented (AWS's texts are public for taskDefinition, networkConfiguration and loadBalancers only).",
)
def external_task_set_settings(ctx: ServiceContext) -> Hits:
    if ctx.controller != "EXTERNAL":
        return None
    service = ctx.service
    given = {
        "launch_type": service.launch_type is not None,
        "capacity_provider_strategy": bool(service.capacity_provider_strategy),
        "platform_version": bool(service.platform_version),
        "service_registries": bool(service.service_registries),
    }
    hits = [
        Hit(ctx.path(member), f"{member} is set per task set with the EXTERNAL controller", "give it to CreateTaskSet")
        for member, present in given.items()
        if present
    ]
    return hits or None


@rule(
    "svc-taskdef-format",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="taskDefinition is 'family', 'family:revision' (revision a positive number) or a task definition ARN.",
    why="CreateService cannot resolve anything else to a task definition and fails with an InvalidParameterException.",
    fix="Write the family, family:revision (e.g. 'web:12') or the full task definition ARN.",
    docs=_docs.CREATE_SERVICE,
)
def taskdef_format(ctx: ServiceContext) -> Hits:
    ref = ctx.service.task_definition
    if not ref or TASKDEF_REF.match(ref) or templated(ref):
        return None
    return [Hit(ctx.path("task_definition"), f"{ref!r} is not family, family:revision or a task definition ARN")]


@rule(
    "svc-desired-count",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="A REPLICA service sets desiredCount, and desiredCount is not negative.",
    why="desiredCount is required when schedulingStrategy is REPLICA or omitted; CreateService fails without it.",
    fix="Set desiredCount to the number of tasks to keep running (0 or more).",
    docs=_docs.CREATE_SERVICE,
)
def desired_count(ctx: ServiceContext) -> Hits:
    count = ctx.service.desired_count
    if ctx.daemon:  # svc-daemon-no-count covers DAEMON services
        return None
    if count is None:
        return [Hit(ctx.path("desired_count"), "desiredCount is required for a REPLICA service", "set desiredCount")]
    if count < 0:
        return [Hit(ctx.path("desired_count"), f"desiredCount {count} is negative")]
    return None


@rule(
    "svc-daemon-no-count",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    source="https://github.com/fabfuel/ecs-deploy/issues/59",
    summary="A DAEMON service does not set desiredCount.",
    why='CreateService fails: "The daemon scheduling strategy does not support a desired count for services. '
    'Remove the desired count value and try again".',
    fix="Remove desiredCount: a daemon service runs one task on each container instance.",
    docs=_docs.CREATE_SERVICE,
)
def daemon_no_count(ctx: ServiceContext) -> Hits:
    if not ctx.daemon or ctx.service.desired_count is None:
        return None
    message = (
        "The daemon scheduling strategy does not support a desired count for services. Remove the desired count "
        "value and try again"
    )
    return [Hit(ctx.path("desired_count"), message, "a DAEMON service runs one task per instance: remove desiredCount")]


@rule(
    "svc-daemon-compat",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="The DAEMON scheduling strategy is not used on Fargate or with the CODE_DEPLOY/EXTERNAL controllers.",
    why="Tasks using the Fargate launch type, and the CODE_DEPLOY and EXTERNAL deployment controllers, don't "
    "support the DAEMON scheduling strategy; CreateService fails with an InvalidParameterException.",
    fix="Use schedulingStrategy REPLICA, or run the daemon on EC2 with the ECS deployment controller.",
    docs=_docs.CREATE_SERVICE,
)
def daemon_compat(ctx: ServiceContext) -> Hits:
    if not ctx.daemon:
        return None
    hits = []
    if ctx.fargate:
        hits.append(Hit(ctx.path("scheduling_strategy"), "Fargate does not support the DAEMON scheduling strategy"))
    if ctx.controller != "ECS":
        hits.append(
            Hit(ctx.path("scheduling_strategy"), f"the {ctx.controller} deployment controller requires REPLICA")
        )
    return hits or None


@rule(
    "svc-daemon-no-cps",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    source="https://github.com/aws/containers-roadmap/issues/692",
    summary="A DAEMON service uses no capacity provider strategy, not even the cluster's default one.",
    why='CreateService fails: "Specifying a capacity provider strategy is not supported when you create a service '
    'using the DAEMON scheduling strategy." With neither launchType nor a strategy, the cluster default strategy '
    "is used and the same error follows.",
    fix="Remove capacityProviderStrategy and set launchType to EC2 (or EXTERNAL).",
    docs=_docs.CREATE_SERVICE,
)
def daemon_no_cps(ctx: ServiceContext) -> Hits:
    if not ctx.daemon:
        return None
    if ctx.service.capacity_provider_strategy:
        return [Hit(ctx.path("capacity_provider_strategy"), _DAEMON_CPS, "remove it and set launchType to EC2")]
    cluster = ctx.cluster
    if ctx.launch_type is None and cluster is not None and cluster.default_capacity_provider_strategy:
        hint = (
            "no launchType: the cluster's default capacity provider strategy would be used, which DAEMON services "
            "do not support; set launchType to EC2"
        )
        return [Hit(ctx.path("launch_type"), _DAEMON_CPS, hint)]
    return None


_DAEMON_CPS = (
    "Specifying a capacity provider strategy is not supported when you create a service using the DAEMON scheduling "
    "strategy."
)


@rule(
    "svc-daemon-no-strategy",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    source="https://github.com/kayac/ecspresso/pull/402",
    summary="A DAEMON service has no placement strategy (placement constraints are allowed).",
    why='CreateService fails: "The daemon scheduling strategy does not support placement strategies. Remove the '
    'placement strategy and try again".',
    fix="Remove placementStrategy; keep placementConstraints to choose the instances.",
    docs=_docs.PLACEMENT_STRATEGIES,
)
def daemon_no_strategy(ctx: ServiceContext) -> Hits:
    if not ctx.daemon or not ctx.service.placement_strategy:
        return None
    message = (
        "The daemon scheduling strategy does not support placement strategies. Remove the placement strategy and try "
        "again"
    )
    return [Hit(ctx.path("placement_strategy"), message, "remove placementStrategy; keep placementConstraints")]


@rule(
    "svc-managed-instances-cps",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="ECS Managed Instances are selected with a capacity provider strategy, not launchType.",
    why="To use Amazon ECS Managed Instances you must use the capacityProviderStrategy parameter and omit "
    "launchType; CreateService rejects launchType MANAGED_INSTANCES.",
    fix="Remove launchType and list the Managed Instances capacity provider in capacityProviderStrategy.",
    docs=_docs.CREATE_SERVICE,
)
def managed_instances_cps(ctx: ServiceContext) -> Hits:
    if ctx.launch_type != "MANAGED_INSTANCES":
        return None
    return [Hit(ctx.path("launch_type"), "launchType MANAGED_INSTANCES is not accepted by CreateService")]


@rule(
    "svc-awsvpc-subnets-sgs",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="awsvpcConfiguration lists 1-16 subnets and at most 5 security groups.",
    why="CreateService rejects an empty subnet list, more than 16 subnets or more than 5 security groups.",
    fix="List between 1 and 16 subnets and at most 5 security groups, all from one VPC.",
    docs=_docs.CREATE_SERVICE,
)
def awsvpc_subnets_sgs(ctx: ServiceContext) -> Hits:
    network = ctx.service.network_configuration
    vpc = network.awsvpc_configuration if network is not None else None
    if vpc is None:
        return None
    hits = []
    if not vpc.subnets:
        hits.append(Hit(ctx.path("network_configuration", "awsvpc_configuration", "subnets"), "no subnet is listed"))
    elif len(vpc.subnets) > MAX_SUBNETS:
        path = ctx.path("network_configuration", "awsvpc_configuration", "subnets")
        hits.append(Hit(path, f"{len(vpc.subnets)} subnets; at most 16 are allowed"))
    groups = vpc.security_groups or ()
    if len(groups) > MAX_SECURITY_GROUPS:
        path = ctx.path("network_configuration", "awsvpc_configuration", "security_groups")
        hits.append(Hit(path, f"{len(groups)} security groups; at most 5 are allowed"))
    return hits or None


@rule(
    "svc-awsvpc-id-format",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="Subnets are subnet IDs (subnet-<hex>) and security groups are security group IDs (sg-<hex>).",
    why="The awsvpc configuration takes IDs, not names; CreateService fails when it cannot find a subnet or "
    "security group with the given ID.",
    fix="Use the IDs (subnet-0123456789abcdef0, sg-0123456789abcdef0), not names or example values.",
    docs=_docs.CREATE_SERVICE,
)
def awsvpc_id_format(ctx: ServiceContext) -> Hits:
    network = ctx.service.network_configuration
    vpc = network.awsvpc_configuration if network is not None else None
    if vpc is None:
        return None
    hits = []
    for attr, pattern, kind in (
        ("subnets", SUBNET_ID, "subnet"),
        ("security_groups", SECURITY_GROUP_ID, "security group"),
    ):
        for j, value in enumerate(getattr(vpc, attr) or ()):
            if not pattern.match(value) and not templated(value):
                path = ctx.path("network_configuration", "awsvpc_configuration", attr, j)
                hits.append(Hit(path, f"{value!r} is not a {kind} ID"))
    return hits or None


@rule(
    "svc-grace-period",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="healthCheckGracePeriodSeconds is 0-2147483647.",
    why="CreateService rejects a negative or out-of-range grace period with an InvalidParameterException.",
    fix="Use a grace period in seconds, a little longer than the application's start-up time.",
    docs=_docs.CREATE_SERVICE,
)
def grace_period(ctx: ServiceContext) -> Hits:
    grace = ctx.service.health_check_grace_period_seconds
    if grace is None or 0 <= grace <= MAX_INT32:
        return None
    return [Hit(ctx.path("health_check_grace_period_seconds"), f"{grace} is outside 0-2147483647")]


@rule(
    "svc-grace-period-unused",
    W,
    SERVICE,
    phase=ADVICE,
    summary="A health check grace period is set on a service that has no load balancer, no VPC Lattice target "
    "group and no container health check.",
    why="The grace period only delays Elastic Load Balancing, VPC Lattice and container health checks; with none "
    "of them it is unused.",
    fix="Remove healthCheckGracePeriodSeconds, or add the health check it is meant for.",
    docs=_docs.CREATE_SERVICE,
)
def grace_period_unused(ctx: ServiceContext) -> Hits:
    grace = ctx.service.health_check_grace_period_seconds
    td = ctx.taskdef
    if not grace or td is None or ctx.service.load_balancers or ctx.service.vpc_lattice_configurations:
        return None
    if any(c.health_check is not None for c in td.containers):
        return None
    return [
        Hit(
            ctx.path("health_check_grace_period_seconds"),
            f"grace period {grace}s is unused: no load balancer, VPC Lattice target group or container health check",
        )
    ]


@rule(
    "svc-managed-tags",
    W,
    SERVICE,
    phase=ADVICE,
    summary="A service that turns on ECS managed tags also sets propagateTags.",
    why="The CreateService reference says that when you use Amazon ECS managed tags, you must set propagateTags; "
    "without it the tasks get no tags from the service or task definition.",
    fix="Set propagateTags to SERVICE or TASK_DEFINITION.",
    docs=_docs.TAGGING,
)
def managed_tags(ctx: ServiceContext) -> Hits:
    if not ctx.service.enable_ecs_managed_tags or ctx.service.propagate_tags is not None:
        return None
    return [Hit(ctx.path("propagate_tags"), "enableECSManagedTags is true but propagateTags is not set")]


@rule(
    "svc-exec-readonly-rootfs",
    W,
    SERVICE,
    phase=ADVICE,
    summary="ECS Exec is turned on for a task whose containers have a read-only root file system.",
    why="The ECS Exec (SSM) agent must write to the container's file system; with readonlyRootFilesystem it "
    "fails and exec sessions cannot start.",
    fix="Set readonlyRootFilesystem to false for the containers you exec into, or mount writable volumes at "
    "/var/lib/amazon, /var/log/amazon and /managed-agents.",
    docs=_docs.EXEC,
)
def exec_readonly_rootfs(ctx: ServiceContext) -> Hits:
    td = ctx.taskdef
    if not ctx.service.enable_execute_command or td is None:
        return None
    hits = [
        Hit(
            ctx.path("enable_execute_command"),
            f"container {c.name!r} has a read-only root file system; ECS Exec cannot run in it",
        )
        for c in td.containers
        if c.readonly_root_filesystem
    ]
    return hits or None


@rule(
    "svc-client-token",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="clientToken is at most 36 printable ASCII characters.",
    why="CreateService accepts up to 36 ASCII characters in the range 33-126 as an idempotency token.",
    fix="Use a shorter token, e.g. a UUID (36 characters).",
    docs=_docs.CREATE_SERVICE,
)
def client_token(ctx: ServiceContext) -> Hits:
    token = ctx.service.client_token
    if token is None or (len(token) <= 36 and all(33 <= ord(ch) <= 126 for ch in token)):
        return None
    return [Hit(ctx.path("client_token"), f"clientToken {token!r} is not 1-36 printable ASCII characters")]


@rule(
    "fargate-platform-exists",
    E,
    SERVICE,
    phase=API,
    aws_code=PLATFORM_UNKNOWN,
    source="https://github.com/jenkinsci/amazon-ecs-plugin/issues/218",
    summary="platformVersion is LATEST or a full version number such as 1.4.0.",
    why='An unknown version fails with PlatformUnknownException: "The specified platform does not exist." '
    "('1.4' is not a version; '1.4.0' is).",
    fix="Use LATEST or an existing version (Linux 1.4.0 or 1.3.0, Windows 1.0.0).",
    docs=_docs.PLATFORM_VERSIONS,
)
def platform_exists(ctx: ServiceContext) -> Hits:
    version = ctx.service.platform_version
    if not version or PLATFORM_VERSION.match(version) or templated(version):
        return None
    hint = "use LATEST or 1.4.0"
    hint = f"platformVersion {version!r} is not LATEST or x.y.z: {hint}"
    return [Hit(ctx.path("platform_version"), "The specified platform does not exist.", hint)]


@rule(
    "tag-service",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="Service tags: at most 50, keys 1-128 and values 0-256 characters of letters, digits, spaces and "
    "_ . : / = + - @, keys unique and not starting with 'aws:'.",
    why="CreateService rejects tags that break these limits with an InvalidParameterException; the aws: prefix "
    "(in any case) is reserved for AWS.",
    fix="Shorten or rename the tags, remove repeated keys, and do not use the aws: prefix.",
    docs=_docs.TAGGING,
)
def service_tags(ctx: ServiceContext) -> Hits:
    return tag_hits(ctx.service.tags, ctx.path) or None
