"""Rules on a service's deploymentConfiguration: circuit breaker, alarms, minimum/maximum percent (including
deployments that can never make progress) and the blue/green, linear and canary strategy fields."""

from __future__ import annotations

from ecskit.validation.context import ServiceContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._outcomes import ADVICE, API, INVALID, RUNTIME, deployment_stalled

DEFAULT_MAX_PERCENT, DEFAULT_MIN_PERCENT = 200, 100
MAX_BAKE_MINUTES = 1440
SERVICE = Kind.SERVICE
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None


def _custom_percents(ctx: ServiceContext) -> list[str]:
    """The attributes of deploymentConfiguration that set a non-default maximum/minimum percent."""
    dc = ctx.service.deployment_configuration
    if dc is None:
        return []
    found = []
    if dc.maximum_percent is not None and dc.maximum_percent != DEFAULT_MAX_PERCENT:
        found.append("maximum_percent")
    if dc.minimum_healthy_percent is not None and dc.minimum_healthy_percent != DEFAULT_MIN_PERCENT:
        found.append("minimum_healthy_percent")
    return found


@rule(
    "deploy-circuit-breaker-ecs",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="The deployment circuit breaker is turned on only with the ECS (rolling update) deployment controller.",
    why="The deployment circuit breaker can only be used for services using the rolling update (ECS) deployment "
    "type; CreateService rejects it with CODE_DEPLOY or EXTERNAL.",
    fix="Remove deploymentCircuitBreaker (CodeDeploy has its own rollback settings), or use the ECS controller.",
    docs=_docs.CIRCUIT_BREAKER,
)
def circuit_breaker_ecs(ctx: ServiceContext) -> Hits:
    dc = ctx.service.deployment_configuration
    breaker = dc.deployment_circuit_breaker if dc is not None else None
    if breaker is None or not breaker.enable or ctx.controller == "ECS":
        return None
    path = ctx.path("deployment_configuration", "deployment_circuit_breaker", "enable")
    return [Hit(path, f"the circuit breaker is not available with the {ctx.controller} deployment controller")]


@rule(
    "deploy-alarms-ecs",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="Deployment alarms are turned on only with the ECS deployment controller, and name at least one alarm.",
    why="You can only use the DeploymentAlarms method to detect failures when the deployment controller is ECS; "
    "alarmNames takes one or more CloudWatch alarm names.",
    fix="Use the ECS controller and list the CloudWatch alarms to watch, or turn the alarms off.",
    docs=_docs.DEPLOYMENTS,
)
def alarms_ecs(ctx: ServiceContext) -> Hits:
    dc = ctx.service.deployment_configuration
    alarms = dc.alarms if dc is not None else None
    if alarms is None or not alarms.enable:
        return None
    hits = []
    if ctx.controller != "ECS":
        path = ctx.path("deployment_configuration", "alarms", "enable")
        hits.append(Hit(path, f"deployment alarms are not available with the {ctx.controller} deployment controller"))
    if not alarms.alarm_names:
        path = ctx.path("deployment_configuration", "alarms", "alarm_names")
        hits.append(Hit(path, "alarms are turned on but alarmNames is empty"))
    return hits or None


@rule(
    "deploy-percent-codedeploy-ec2",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="No custom maximumPercent/minimumHealthyPercent for CODE_DEPLOY or EXTERNAL controllers with EC2 tasks.",
    why="You can't specify a custom maximumPercent or minimumHealthyPercent for a service that uses the blue/green "
    "(CODE_DEPLOY) or EXTERNAL deployment type and has tasks that use the EC2 launch type.",
    fix="Remove maximumPercent and minimumHealthyPercent (the defaults 200 and 100 are used).",
    docs=_docs.CODE_DEPLOY,
)
def percent_codedeploy_ec2(ctx: ServiceContext) -> Hits:
    if ctx.controller == "ECS" or ctx.launch_type != "EC2":
        return None
    hits = [
        Hit(
            ctx.path("deployment_configuration", attr),
            f"a custom value is not allowed with the {ctx.controller} controller on EC2",
        )
        for attr in _custom_percents(ctx)
    ]
    return hits or None


@rule(
    "deploy-percent-ignored",
    W,
    SERVICE,
    phase=ADVICE,
    summary="maximumPercent/minimumHealthyPercent set for a CODE_DEPLOY or EXTERNAL service on Fargate.",
    why="With the blue/green (CODE_DEPLOY) or EXTERNAL deployment types and Fargate tasks, the maximum and minimum "
    "percent values are not used (they are still returned by DescribeServices).",
    fix="Remove them; the deployment is controlled by CodeDeploy or by your task sets.",
    docs=_docs.CODE_DEPLOY,
)
def percent_ignored(ctx: ServiceContext) -> Hits:
    if ctx.controller == "ECS" or not ctx.fargate:
        return None
    hits = [
        Hit(
            ctx.path("deployment_configuration", attr),
            f"not used with the {ctx.controller} controller on Fargate",
        )
        for attr in _custom_percents(ctx)
    ]
    return hits or None


@rule(
    "deploy-can-progress",
    E,
    SERVICE,
    phase=RUNTIME,
    effect=deployment_stalled(
        "(service {service}) has not reached a steady state: with these maximumPercent and "
        "minimumHealthyPercent the deployment can neither start a new task nor stop an old one."
    ),
    summary="A rolling deployment can start a new task or stop an old one with the given desiredCount, "
    "maximumPercent and minimumHealthyPercent.",
    why="The scheduler may run at most floor(desiredCount*maximumPercent/100) tasks and must keep "
    "ceil(desiredCount*minimumHealthyPercent/100) running. When the first is not above desiredCount and the "
    "second is not below it, a deployment can neither add a new task nor stop an old one, so it never "
    "progresses (e.g. 100/100, or desiredCount 1 with 50/100).",
    fix="Raise maximumPercent (e.g. 200) or lower minimumHealthyPercent (e.g. 50 or 0 for a single task).",
    docs=_docs.DEPLOYMENTS,
)
def can_progress(ctx: ServiceContext) -> Hits:
    dc = ctx.service.deployment_configuration
    count = ctx.service.desired_count
    if dc is None or ctx.daemon or not count or count < 0 or ctx.controller != "ECS":
        return None
    if dc.maximum_percent is None and dc.minimum_healthy_percent is None:
        return None
    if dc.strategy is not None and dc.strategy != "ROLLING":
        return None
    high = dc.maximum_percent if dc.maximum_percent is not None else DEFAULT_MAX_PERCENT
    low = dc.minimum_healthy_percent if dc.minimum_healthy_percent is not None else DEFAULT_MIN_PERCENT
    most = count * high // 100
    least = -(-count * low // 100)
    if most > count or least < count:
        return None
    return [
        Hit(
            ctx.path("deployment_configuration"),
            f"with desiredCount {count}, maximumPercent {high} allows {most} tasks and minimumHealthyPercent {low} "
            f"keeps {least}: a deployment can neither start a new task nor stop an old one",
            "raise maximumPercent to 200, or lower minimumHealthyPercent",
        )
    ]


@rule(
    "deploy-daemon-max-percent",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="A DAEMON service keeps maximumPercent at 100 or below.",
    why='CreateService fails: "The daemon scheduling strategy does not support values above 100 for '
    'maximumPercent on a deployment configuration. Change the maximumPercent value to 100, and try again".',
    fix="Set maximumPercent to 100 (or omit it); lower minimumHealthyPercent to control the daemon's rollout.",
    docs=_docs.DEPLOYMENTS,
)
def daemon_max_percent(ctx: ServiceContext) -> Hits:
    dc = ctx.service.deployment_configuration
    if not ctx.daemon or dc is None or dc.maximum_percent is None or dc.maximum_percent <= 100:
        return None
    path = ctx.path("deployment_configuration", "maximum_percent")
    return [Hit(path, f"maximumPercent {dc.maximum_percent} is above 100 for a DAEMON service", "set it to 100")]


def _in_steps(value: float, low: float, high: float) -> bool:
    """True when ``value`` is within [low, high] and a multiple of 0.1."""
    return low <= value <= high and abs(value * 10 - round(value * 10)) < 1e-6


@rule(
    "deploy-strategy-fields",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="Deployment strategy fields fit the strategy: non-rolling strategies use the ECS controller, "
    "linear/canary settings only with LINEAR/CANARY and within range, bake times 0-1440, lifecycle hooks "
    "complete.",
    why="linearConfiguration and canaryConfiguration are only valid with the LINEAR and CANARY strategies and the "
    "ECS controller (step 3-100%, canary 0.1-100% in 0.1 steps, bake times 0-1440 minutes); a lifecycle hook "
    "needs its Lambda target ARN, role ARN and stages.",
    fix="Match the configuration block to the strategy and keep the values within range.",
    docs=_docs.BLUE_GREEN,
)
def strategy_fields(ctx: ServiceContext) -> Hits:
    dc = ctx.service.deployment_configuration
    if dc is None:
        return None
    strategy = str(dc.strategy) if dc.strategy is not None else "ROLLING"
    linear, canary = dc.linear_configuration, dc.canary_configuration
    plain = linear is None and canary is None and not dc.lifecycle_hooks and dc.bake_time_in_minutes is None
    if strategy == "ROLLING" and plain:  # the common case: nothing strategy-specific
        return None
    base = ("deployment_configuration",)
    hits = []
    if strategy != "ROLLING" and ctx.controller != "ECS":
        hits.append(Hit(ctx.path(*base, "strategy"), f"strategy {strategy} needs the ECS deployment controller"))
    bake = dc.bake_time_in_minutes
    if bake is not None and not 0 <= bake <= MAX_BAKE_MINUTES:
        hits.append(Hit(ctx.path(*base, "bake_time_in_minutes"), f"bakeTimeInMinutes {bake} is outside 0-1440"))
    if linear is not None:
        if strategy != "LINEAR":
            hits.append(Hit(ctx.path(*base, "linear_configuration"), f"only used with LINEAR, not {strategy}"))
        if linear.step_percent is not None and not _in_steps(linear.step_percent, 3.0, 100.0):
            path = ctx.path(*base, "linear_configuration", "step_percent")
            hits.append(Hit(path, f"stepPercent {linear.step_percent} is not 3.0-100.0 in steps of 0.1"))
        minutes = linear.step_bake_time_in_minutes
        if minutes is not None and not 0 <= minutes <= MAX_BAKE_MINUTES:
            path = ctx.path(*base, "linear_configuration", "step_bake_time_in_minutes")
            hits.append(Hit(path, f"stepBakeTimeInMinutes {minutes} is outside 0-1440"))
    if canary is not None:
        if strategy != "CANARY":
            hits.append(Hit(ctx.path(*base, "canary_configuration"), f"only used with CANARY, not {strategy}"))
        if canary.canary_percent is not None and not _in_steps(canary.canary_percent, 0.1, 100.0):
            path = ctx.path(*base, "canary_configuration", "canary_percent")
            hits.append(Hit(path, f"canaryPercent {canary.canary_percent} is not 0.1-100.0 in steps of 0.1"))
        minutes = canary.canary_bake_time_in_minutes
        if minutes is not None and not 0 <= minutes <= MAX_BAKE_MINUTES:
            path = ctx.path(*base, "canary_configuration", "canary_bake_time_in_minutes")
            hits.append(Hit(path, f"canaryBakeTimeInMinutes {minutes} is outside 0-1440"))
    for i, hook in enumerate(dc.lifecycle_hooks or ()):
        lam = hook.target_type is None or hook.target_type == "AWS_LAMBDA"
        if lam and not hook.hook_target_arn:
            path = ctx.path(*base, "lifecycle_hooks", i, "hook_target_arn")
            hits.append(Hit(path, "a Lambda lifecycle hook needs hookTargetArn"))
        if lam and not hook.role_arn:
            hits.append(Hit(ctx.path(*base, "lifecycle_hooks", i, "role_arn"), "a Lambda lifecycle hook needs roleArn"))
        if not hook.lifecycle_stages:
            path = ctx.path(*base, "lifecycle_hooks", i, "lifecycle_stages")
            hits.append(Hit(path, "a lifecycle hook needs at least one lifecycle stage"))
    return hits or None
