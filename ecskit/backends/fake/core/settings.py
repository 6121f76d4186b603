"""Account settings as they apply (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/
ecs-account-settings.html): per Region, for a principal, the root user's being the account's defaults, and AWS's
default when no one set one. The calls that set them are the handlers'; what reads them (a new cluster's
``containerInsights``) asks :func:`effective_value`."""

from __future__ import annotations

from ecskit.backends.fake.core.env import Env
from ecskit.models.ecs import SettingName

__all__ = ["DEFAULTS", "effective_value", "root_arn"]

_N = SettingName
#: AWS's value of each setting in an account where no one set it.
DEFAULTS: dict[SettingName, str] = {
    _N.SERVICE_LONG_ARN_FORMAT: "enabled",
    _N.TASK_LONG_ARN_FORMAT: "enabled",
    _N.CONTAINER_INSTANCE_LONG_ARN_FORMAT: "enabled",
    _N.AWSVPC_TRUNKING: "disabled",
    _N.CONTAINER_INSIGHTS: "disabled",
    _N.FARGATE_FIPS_MODE: "disabled",
    _N.TAG_RESOURCE_AUTHORIZATION: "on",
    _N.FARGATE_TASK_RETIREMENT_WAIT_PERIOD: "7",
    _N.GUARD_DUTY_ACTIVATE: "off",
    _N.DEFAULT_LOG_DRIVER_MODE: "non-blocking",
    _N.FARGATE_EVENT_WINDOWS: "disabled",
}


def root_arn(env: Env) -> str:
    """The ARN of the account's root user (the fake's caller)."""
    return f"arn:aws:iam::{env.account}:root"


def effective_value(env: Env, name: SettingName, principal: str | None = None) -> str:
    """The value of setting ``name`` that applies to ``principal`` (the root user by default)."""
    for who in (principal or root_arn(env), root_arn(env)):
        value = env.state.settings.get(who, {}).get(str(name))
        if value is not None:
            return value
    return DEFAULTS[name]
