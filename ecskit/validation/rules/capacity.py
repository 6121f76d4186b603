"""Rules on capacity (catalog group N): capacity provider strategies wherever they appear (service, RunTask, cluster
default) - size, weight and base ranges, one base, a positive weight, no Fargate/Auto Scaling mix, providers
associated with the cluster, Fargate Spot's platform limits - and CreateCapacityProvider requests: name, reserved
Fargate names, Auto Scaling group ARN, managed scaling ranges, termination protection and tags."""

from __future__ import annotations

import re
from collections.abc import Callable

from ecskit.models.ecs import CreateCapacityProviderRequest
from ecskit.texts import ecs
from ecskit.validation.context import LaunchContext, StrategyContext, TaskDefContext, root_path
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._common import RuleTexts, parse_platform_version, templated
from ecskit.validation.rules._outcomes import ADVICE, API, CLIENT, INVALID, RUNTIME, stopped
from ecskit.validation.rules.clusters import tag_hits

NAME = re.compile(r"[A-Za-z0-9_-]{1,255}\Z")
RESERVED_PREFIXES = ("aws", "ecs", "fargate")
FARGATE_PROVIDERS = frozenset({"FARGATE", "FARGATE_SPOT"})
ASG_ARN = re.compile(
    r"arn:aws[a-z-]*:autoscaling:[a-z0-9-]+:\d{12}:autoScalingGroup:[0-9a-fA-F-]+:autoScalingGroupName/.{1,255}\Z"
)
MAX_ITEMS, MAX_WEIGHT, MAX_BASE = 20, 1000, 100_000
STRATEGY, CAPACITY_PROVIDER = Kind.CAPACITY_PROVIDER_STRATEGY, Kind.CAPACITY_PROVIDER
LAUNCH = Kind.LAUNCH
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None


@rule(
    "cps-max-20",
    E,
    STRATEGY,
    phase=API,
    aws_code=INVALID,
    summary="A capacity provider strategy has at most 20 capacity providers.",
    why="A capacity provider strategy can contain a maximum of 20 capacity providers; the API rejects more.",
    fix="Remove capacity providers from the strategy.",
    docs=_docs.STRATEGY_ITEM,
)
def max_items(ctx: StrategyContext) -> Hits:
    if len(ctx.items) <= MAX_ITEMS:
        return None
    return [Hit(ctx.path(), f"{len(ctx.items)} capacity providers; at most {MAX_ITEMS} are allowed")]


@rule(
    "cps-weight-range",
    E,
    STRATEGY,
    phase=API,
    aws_code=INVALID,
    summary="Each weight is 0-1000.",
    why="The valid range of a capacity provider strategy item's weight is 0 to 1,000; the API rejects others.",
    fix="Use weights from 0 to 1000 (only their ratios matter).",
    docs=_docs.STRATEGY_ITEM,
)
def weight_range(ctx: StrategyContext) -> Hits:
    hits = [
        Hit(ctx.path(i, "weight"), f"weight {item.weight} is outside 0-{MAX_WEIGHT}")
        for i, item in enumerate(ctx.items)
        if item.weight is not None and not 0 <= item.weight <= MAX_WEIGHT
    ]
    return hits or None


@rule(
    "cps-base-range",
    E,
    STRATEGY,
    phase=API,
    aws_code=INVALID,
    summary="Each base is 0-100000.",
    why="The valid range of a capacity provider strategy item's base is 0 to 100,000; the API rejects others.",
    fix="Use a base from 0 to 100000.",
    docs=_docs.STRATEGY_ITEM,
)
def base_range(ctx: StrategyContext) -> Hits:
    hits = [
        Hit(ctx.path(i, "base"), f"base {item.base} is outside 0-{MAX_BASE}")
        for i, item in enumerate(ctx.items)
        if item.base is not None and not 0 <= item.base <= MAX_BASE
    ]
    return hits or None


@rule(
    "cps-single-base",
    E,
    STRATEGY,
    phase=API,
    aws_code=INVALID,
    summary="Only one capacity provider in a strategy has a base.",
    why="Only one capacity provider in a capacity provider strategy can have a base defined; the API rejects "
    "strategies with several.",
    fix="Keep the base on one provider (usually the on-demand one) and set the others to 0.",
    docs=_docs.STRATEGY_ITEM,
)
def single_base(ctx: StrategyContext) -> Hits:
    with_base = [i for i, item in enumerate(ctx.items) if item.base]
    if len(with_base) <= 1:
        return None
    first = ctx.items[with_base[0]].capacity_provider
    return [
        Hit(ctx.path(i, "base"), f"{ctx.items[i].capacity_provider!r} has a base, but {first!r} already has one")
        for i in with_base[1:]
    ]


@rule(
    "cps-positive-weight",
    E,
    STRATEGY,
    phase=API,
    aws_code=INVALID,
    summary="When a strategy lists several capacity providers, at least one has a weight above 0.",
    why="If you specify multiple capacity providers in a strategy that all have a weight of 0, any RunTask or "
    "CreateService actions using the capacity provider strategy will fail.",
    fix="Give the provider that should take the tasks a weight of 1 or more.",
    docs=_docs.STRATEGY_ITEM,
)
def positive_weight(ctx: StrategyContext) -> Hits:
    if len(ctx.items) < 2 or any(item.weight for item in ctx.items):
        return None
    return [Hit(ctx.path(), "every capacity provider has weight 0; at least one needs a weight above 0")]


@rule(
    "cps-zero-weight-unused",
    W,
    STRATEGY,
    phase=ADVICE,
    summary="In a strategy with several capacity providers, a provider with weight 0 and no base gets no tasks.",
    why="Capacity providers with a weight of 0 can't be used to place tasks (beyond a base): such an entry does "
    "nothing.",
    fix="Give the provider a weight (or a base), or remove it from the strategy.",
    docs=_docs.STRATEGY_ITEM,
)
def zero_weight_unused(ctx: StrategyContext) -> Hits:
    items = ctx.items
    if len(items) < 2 or not any(item.weight for item in items):
        return None
    hits = [
        Hit(ctx.path(i, "weight"), f"{item.capacity_provider!r} has weight 0 and no base: it never gets tasks")
        for i, item in enumerate(items)
        if not item.weight and not item.base
    ]
    return hits or None


@rule(
    "cps-no-mix",
    E,
    STRATEGY,
    phase=API,
    aws_code=INVALID,
    source="https://github.com/terraform-aws-modules/terraform-aws-ecs/issues/68",
    summary="A strategy does not mix FARGATE/FARGATE_SPOT with Auto Scaling group capacity providers.",
    why='The API rejects it: "A capacity provider strategy cannot contain a mix of capacity providers using Auto '
    'Scaling groups and Fargate providers. Specify one or the other and try again."',
    fix="Use either FARGATE/FARGATE_SPOT or your EC2 capacity providers in one strategy (a cluster may have both).",
    docs=_docs.CAPACITY_PROVIDERS,
)
def no_mix(ctx: StrategyContext) -> Hits:
    names = [p for p in ctx.providers if p and not templated(p)]
    fargate = [p for p in names if p in FARGATE_PROVIDERS]
    if not fargate or len(fargate) == len(names):
        return None
    others = ", ".join(p for p in names if p not in FARGATE_PROVIDERS)
    message = (
        "A capacity provider strategy cannot contain a mix of capacity providers using Auto Scaling groups and Fargate "
        "providers. Specify one or the other and try again."
    )
    return [Hit(ctx.path(), message, f"the strategy mixes {', '.join(fargate)} with {others}: keep one kind")]


@rule(
    "cps-associated",
    E,
    STRATEGY,
    phase=API,
    aws_code=INVALID,
    summary="Every capacity provider of a strategy is associated with the cluster (checked when the cluster is given).",
    why="Only capacity providers that are already associated with a cluster (CreateCluster or "
    "PutClusterCapacityProviders) can be used in a capacity provider strategy; the API rejects others.",
    fix="Associate the provider with PutClusterCapacityProviders first, or fix its name.",
    docs=_docs.STRATEGY_ITEM,
)
def associated(ctx: StrategyContext) -> Hits:
    cluster = ctx.cluster
    if cluster is None or cluster.capacity_providers is None:
        return None
    listed = set(cluster.capacity_providers)
    name = cluster.cluster_name or "the cluster"
    hits = [
        Hit(ctx.path(i, "capacity_provider"), f"capacity provider {p!r} is not associated with {name}")
        for i, p in enumerate(ctx.providers)
        if p not in listed and not templated(p)
    ]
    return hits or None


def _spot_hits(
    providers: list[str], taskdef: TaskDefContext | None, version: str | None, path: Callable[..., str]
) -> Hits:
    if "FARGATE_SPOT" not in providers:
        return None
    hits = []
    where = path("capacity_provider_strategy", providers.index("FARGATE_SPOT"), "capacity_provider")
    windows = taskdef is not None and taskdef.windows
    if windows:
        hits.append(Hit(where, "Fargate Spot runs Linux tasks only; this task definition is for Windows"))
    platform = taskdef.td.runtime_platform if taskdef is not None else None
    arm = platform is not None and str(platform.cpu_architecture) == "ARM64"
    parsed = parse_platform_version(version)
    needed = (1, 4, 0) if arm else (1, 3, 0)
    if parsed is not None and parsed < needed and not windows:
        wanted = ".".join(map(str, needed))
        message = f"Fargate Spot needs platform version {wanted}+ for {'ARM64' if arm else 'X86_64'} tasks"
        hits.append(Hit(path("platform_version"), f"{message}; {version} is older", "use platform version LATEST"))
    return hits or None


_SPOT: RuleTexts = {
    "summary": "FARGATE_SPOT runs Linux tasks: X86_64 on platform version 1.3.0+, ARM64 on 1.4.0+.",
    "why": "FARGATE_SPOT supports Linux tasks with the X86_64 architecture on platform version 1.3.0 or later and "
    "with ARM64 on 1.4.0 or later; Windows tasks are not supported on Fargate Spot.",
    "fix": "Use platform version LATEST; run Windows tasks on FARGATE.",
    "docs": _docs.CAPACITY_PROVIDERS,
}


@rule(
    "cps-fargate-spot-platform",
    E,
    LAUNCH,
    phase=RUNTIME,
    effect=stopped("Task failed to start"),
    doubt="Whether CreateService and RunTask refuse FARGATE_SPOT for such tasks, or the tasks fail to start, is not "
    "documented.",
    aliases=("cps-fargate-spot-platform-run-task",),
    when="capacity_provider_strategy",
    **_SPOT,
)
def spot_platform(ctx: LaunchContext) -> Hits:
    return _spot_hits(ctx.providers, ctx.taskdef, ctx.platform_version, ctx.path)


def _cp_path(*steps: str | int) -> str:
    return root_path(CreateCapacityProviderRequest, *steps)


@rule(
    "cp-name",
    E,
    CAPACITY_PROVIDER,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/aws-samples/aws-cdk-examples/issues/626",
    summary="A capacity provider name is 1-255 letters, digits, underscores and hyphens, not starting with "
    "'aws', 'ecs' or 'fargate' (in any case).",
    why='CreateCapacityProvider fails: "The specified capacity provider name is invalid. Up to 255 characters are '
    "allowed, including letters (upper and lowercase), numbers, underscores, and hyphens. The name cannot be "
    'prefixed with "aws", "ecs", or "fargate"."',
    fix="Rename the capacity provider, e.g. 'cp-<cluster>-<group>'.",
    docs=_docs.CREATE_CAPACITY_PROVIDER,
)
def cp_name(req: CreateCapacityProviderRequest) -> Hits:
    name = req.name
    if templated(name) or name.upper() in FARGATE_PROVIDERS:
        return None
    if not NAME.match(name):
        return [Hit(_cp_path("name"), CP_NAME_MESSAGE, f"name {name!r} must be 1-255 letters, digits, '_' or '-'")]
    prefix = next((p for p in RESERVED_PREFIXES if name.lower().startswith(p)), None)
    if prefix is None:
        return None
    hint = f"name {name!r} starts with the reserved prefix {prefix!r}: rename it, e.g. 'cp-{name}'"
    return [Hit(_cp_path("name"), CP_NAME_MESSAGE, hint)]


#: CreateCapacityProvider's ClientException for a bad name (shown in aws-samples/aws-cdk-examples#626).
CP_NAME_MESSAGE = (
    "The specified capacity provider name is invalid. Up to 255 characters are allowed, including letters (upper and "
    'lowercase), numbers, underscores, and hyphens. The name cannot be prefixed with "aws", "ecs", or "fargate". '
    "Specify a valid name and try again."
)


@rule(
    "cp-fargate-reserved",
    E,
    CAPACITY_PROVIDER,
    phase=API,
    aws_code=CLIENT,
    summary="FARGATE and FARGATE_SPOT are not created: they exist in every account.",
    why="The Fargate capacity providers are predefined: they can't be created, updated or deleted, only associated "
    "with clusters.",
    fix="Drop the CreateCapacityProvider call and associate FARGATE/FARGATE_SPOT with PutClusterCapacityProviders.",
    docs=_docs.CAPACITY_PROVIDERS,
)
def fargate_reserved(req: CreateCapacityProviderRequest) -> Hits:
    if req.name.upper() not in FARGATE_PROVIDERS:
        return None
    return [Hit(_cp_path("name"), f"{req.name!r} is a predefined capacity provider and cannot be created")]


@rule(
    "cp-provider-kind",
    E,
    CAPACITY_PROVIDER,
    phase=API,
    aws_code=INVALID,
    summary="A capacity provider has exactly one of autoScalingGroupProvider and managedInstancesProvider.",
    why="CreateCapacityProvider creates either an Auto Scaling group provider or a Managed Instances provider; a "
    "request with neither or both is rejected.",
    fix="Give autoScalingGroupProvider (EC2 Auto Scaling) or managedInstancesProvider, not both.",
    docs=_docs.CREATE_CAPACITY_PROVIDER,
)
def provider_kind(req: CreateCapacityProviderRequest) -> Hits:
    asg, managed = req.auto_scaling_group_provider, req.managed_instances_provider
    if (asg is None) != (managed is None):
        return None
    if asg is None:
        return [Hit("", "neither autoScalingGroupProvider nor managedInstancesProvider is given")]
    return [
        Hit(
            _cp_path("managed_instances_provider"),
            "autoScalingGroupProvider and managedInstancesProvider are both given",
        )
    ]


@rule(
    "cp-asg-arn",
    E,
    CAPACITY_PROVIDER,
    phase=API,
    aws_code=INVALID,
    summary="autoScalingGroupArn is an Auto Scaling group ARN (or a group name).",
    why="ECS looks the Auto Scaling group up by this ARN or name; a malformed ARN is rejected.",
    fix="Use arn:aws:autoscaling:<region>:<account>:autoScalingGroup:<id>:autoScalingGroupName/<name>, or the name.",
    docs=_docs.ASG_PROVIDERS,
)
def asg_arn(req: CreateCapacityProviderRequest) -> Hits:
    asg = req.auto_scaling_group_provider
    if asg is None:
        return None
    arn = asg.auto_scaling_group_arn
    if not arn.startswith("arn:") or ASG_ARN.match(arn) or templated(arn):
        return None
    return [
        Hit(
            _cp_path("auto_scaling_group_provider", "auto_scaling_group_arn"),
            ecs.ASG_INVALID_ARN(ref=repr(arn)),
        )
    ]


_SCALING_RANGES = (
    ("target_capacity", "targetCapacity", 1, 100),
    ("minimum_scaling_step_size", "minimumScalingStepSize", 1, 10_000),
    ("maximum_scaling_step_size", "maximumScalingStepSize", 1, 10_000),
    ("instance_warmup_period", "instanceWarmupPeriod", 0, 10_000),
)


@rule(
    "cp-managed-scaling",
    E,
    CAPACITY_PROVIDER,
    phase=API,
    aws_code=INVALID,
    summary="Managed scaling: targetCapacity 1-100, step sizes 1-10000 with the minimum not above the maximum, "
    "instanceWarmupPeriod 0-10000.",
    why="CreateCapacityProvider rejects managed scaling values outside these ranges.",
    fix="Use targetCapacity 1-100 (e.g. 100, or 90 to keep spare capacity) and steps 1-10000.",
    docs=_docs.MANAGED_SCALING,
)
def managed_scaling(req: CreateCapacityProviderRequest) -> Hits:
    asg = req.auto_scaling_group_provider
    scaling = asg.managed_scaling if asg is not None else None
    if scaling is None:
        return None
    hits = []
    for attr, wire, low, high in _SCALING_RANGES:
        value = getattr(scaling, attr)
        if value is not None and not low <= value <= high:
            path = _cp_path("auto_scaling_group_provider", "managed_scaling", attr)
            hits.append(Hit(path, f"{wire} {value} is outside {low}-{high}"))
    low_step, high_step = scaling.minimum_scaling_step_size, scaling.maximum_scaling_step_size
    if low_step is not None and high_step is not None and low_step > high_step:
        path = _cp_path("auto_scaling_group_provider", "managed_scaling", "minimum_scaling_step_size")
        hits.append(Hit(path, f"minimumScalingStepSize {low_step} is above maximumScalingStepSize {high_step}"))
    return hits or None


@rule(
    "cp-termination-protection",
    W,
    CAPACITY_PROVIDER,
    phase=ADVICE,
    summary="Managed termination protection is used together with managed scaling.",
    why="When using managed termination protection, managed scaling must also be used, otherwise managed "
    "termination protection doesn't work.",
    fix="Turn managed scaling on (managedScaling.status ENABLED), or turn termination protection off.",
    docs=_docs.ASG_PROVIDERS,
)
def termination_protection(req: CreateCapacityProviderRequest) -> Hits:
    asg = req.auto_scaling_group_provider
    if (
        asg is None
        or asg.managed_termination_protection is None
        or str(asg.managed_termination_protection) != "ENABLED"
    ):
        return None
    scaling = asg.managed_scaling
    if scaling is not None and (scaling.status is None or str(scaling.status) == "ENABLED"):
        return None
    path = _cp_path("auto_scaling_group_provider", "managed_termination_protection")
    return [Hit(path, "managed termination protection is ENABLED but managed scaling is not")]


@rule(
    "tag-capacity-provider",
    E,
    CAPACITY_PROVIDER,
    phase=API,
    aws_code=INVALID,
    summary="Capacity provider tags: at most 50, keys 1-128 and values 0-256 characters of letters, digits, spaces "
    "and _ . : / = + - @, keys unique and not starting with 'aws:'.",
    why="CreateCapacityProvider rejects tags that break these limits; the aws: prefix (in any case) is reserved.",
    fix="Shorten or rename the tags, remove repeated keys, and do not use the aws: prefix.",
    docs=_docs.TAG,
)
def provider_tags(req: CreateCapacityProviderRequest) -> Hits:
    if not req.tags:
        return None
    return tag_hits(req.tags, _cp_path) or None
