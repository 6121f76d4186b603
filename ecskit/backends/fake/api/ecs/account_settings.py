"""Account settings: PutAccountSetting, PutAccountSettingDefault, ListAccountSettings, DeleteAccountSetting.

As ECS keeps them (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html), per
Region, for a principal (an IAM user or role of the account, or its root user):

* The fake's caller is the account's root user (``arn:aws:iam::<account>:root``): a call without ``principalArn``
  is about it. The root user's settings are the account's defaults (PutAccountSettingDefault sets them): a principal
  without a setting of its own has the root user's, or AWS's default when the root user has none either.
* AWS's defaults: the three long ARN formats ``enabled``; ``awsvpcTrunking``, ``containerInsights``,
  ``fargateFIPSMode`` and ``fargateEventWindows`` ``disabled``; ``tagResourceAuthorization`` ``on``;
  ``fargateTaskRetirementWaitPeriod`` ``7``; ``defaultLogDriverMode`` ``non-blocking``; ``guardDutyActivate``
  ``off`` (managed by AWS: type ``aws_managed``, read-only).
* Values are checked per setting (``enabled`` / ``disabled``, ``containerInsights`` also ``enhanced``,
  ``tagResourceAuthorization`` ``on`` / ``off``, the wait period ``0``, ``7`` or ``14`` days, the log driver mode
  ``blocking`` / ``non-blocking``); the wait period is the root user's only.
* ListAccountSettings lists the principal's own settings, or with ``effectiveSettings`` every setting as it applies
  to the principal; ``value`` filters only with ``name``; 10 a page.
* DeleteAccountSetting removes the principal's own setting and answers with the value it had (with the one that
  now applies when it had none).

New clusters take their ``containerInsights`` setting from here (:mod:`ecskit.backends.fake.core.settings`).
"""

from __future__ import annotations

import re

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.paging import paginate
from ecskit.backends.fake.core.settings import DEFAULTS, effective_value, root_arn
from ecskit.backends.fake.registry import handles
from ecskit.models.ecs import (
    DeleteAccountSettingRequest,
    DeleteAccountSettingResponse,
    ListAccountSettingsRequest,
    ListAccountSettingsResponse,
    PutAccountSettingDefaultRequest,
    PutAccountSettingDefaultResponse,
    PutAccountSettingRequest,
    PutAccountSettingResponse,
    Setting,
    SettingName,
    SettingType,
)
from ecskit.texts import ecs

__all__ = [
    "delete_account_setting",
    "list_account_settings",
    "put_account_setting",
    "put_account_setting_default",
]

_N = SettingName
_ON_OFF = ("enabled", "disabled")
_VALUES: dict[SettingName, tuple[str, ...]] = {
    _N.SERVICE_LONG_ARN_FORMAT: _ON_OFF,
    _N.TASK_LONG_ARN_FORMAT: _ON_OFF,
    _N.CONTAINER_INSTANCE_LONG_ARN_FORMAT: _ON_OFF,
    _N.AWSVPC_TRUNKING: _ON_OFF,
    _N.CONTAINER_INSIGHTS: ("enabled", "disabled", "enhanced"),
    _N.FARGATE_FIPS_MODE: _ON_OFF,
    _N.TAG_RESOURCE_AUTHORIZATION: ("on", "off"),
    _N.FARGATE_TASK_RETIREMENT_WAIT_PERIOD: ("0", "7", "14"),
    _N.DEFAULT_LOG_DRIVER_MODE: ("blocking", "non-blocking"),
    _N.FARGATE_EVENT_WINDOWS: _ON_OFF,
}
_AWS_MANAGED = frozenset({_N.GUARD_DUTY_ACTIVATE})
_ROOT_ONLY = frozenset({_N.FARGATE_TASK_RETIREMENT_WAIT_PERIOD})
_PRINCIPAL = re.compile(r"arn:aws[a-z-]*:iam::(?P<account>\d{12}):(?:root|user/.+|role/.+)\Z")
_PAGE = 10


def _principal(env: Env, given: str | None) -> str:
    if given is None:
        return root_arn(env)
    match = _PRINCIPAL.match(given)
    if match is None:
        refuse(ecs.SETTING_PRINCIPAL_INVALID, principal=repr(given))
    if match["account"] != env.account:
        refuse(ecs.SETTING_PRINCIPAL_ACCOUNT, principal=repr(given), account=env.account)
    return given


def _setting(name: SettingName, value: str, principal: str) -> Setting:
    kind = SettingType.AWS_MANAGED if name in _AWS_MANAGED else SettingType.USER
    return Setting(name=name, value=value, principal_arn=principal, type=kind)


def _put(env: Env, name: SettingName, value: str, principal: str) -> Setting:
    if name in _AWS_MANAGED:
        refuse(ecs.SETTING_AWS_MANAGED, name=name)
    allowed = _VALUES[name]
    if value not in allowed:
        refuse(ecs.SETTING_VALUE, value=repr(value), name=name, allowed=", ".join(allowed))
    if name in _ROOT_ONLY and principal != root_arn(env):
        refuse(ecs.SETTING_ROOT_ONLY, name=name)
    env.state.settings.setdefault(principal, {})[str(name)] = value
    return _setting(name, value, principal)


@handles(PutAccountSettingRequest)
def put_account_setting(env: Env, req: PutAccountSettingRequest) -> PutAccountSettingResponse:
    """PutAccountSetting: the setting of ``principalArn`` (the caller, the root user, when not given)."""
    return PutAccountSettingResponse(setting=_put(env, req.name, req.value, _principal(env, req.principal_arn)))


@handles(PutAccountSettingDefaultRequest)
def put_account_setting_default(env: Env, req: PutAccountSettingDefaultRequest) -> PutAccountSettingDefaultResponse:
    """PutAccountSettingDefault: the setting of every principal without one of its own (the root user's)."""
    return PutAccountSettingDefaultResponse(setting=_put(env, req.name, req.value, root_arn(env)))


@handles(ListAccountSettingsRequest)
def list_account_settings(env: Env, req: ListAccountSettingsRequest) -> ListAccountSettingsResponse:
    """ListAccountSettings (see the module's documentation)."""
    principal = _principal(env, req.principal_arn)
    if req.value is not None and req.name is None:
        refuse(ecs.SETTING_VALUE_WITHOUT_NAME)
    own = env.state.settings.get(principal, {})
    settings: list[Setting] = []
    for name, default in DEFAULTS.items():
        if req.name is not None and name != req.name:
            continue
        if str(name) in own:
            setting = _setting(name, own[str(name)], principal)
        elif req.effective_settings:
            inherited = env.state.settings.get(root_arn(env), {}).get(str(name))
            setting = _setting(name, inherited if inherited is not None else default, root_arn(env))
        else:
            continue
        if req.value is None or setting.value == req.value:
            settings.append(setting)
    page, token = paginate(settings, req.next_token, req.max_results, limit=_PAGE)
    return ListAccountSettingsResponse(settings=tuple(page), next_token=token)


@handles(DeleteAccountSettingRequest)
def delete_account_setting(env: Env, req: DeleteAccountSettingRequest) -> DeleteAccountSettingResponse:
    """DeleteAccountSetting (see the module's documentation)."""
    principal = _principal(env, req.principal_arn)
    if req.name in _AWS_MANAGED:
        refuse(ecs.SETTING_AWS_MANAGED, name=req.name)
    own = env.state.settings.get(principal, {})
    value = own.pop(str(req.name), None)
    if not own:
        env.state.settings.pop(principal, None)
    if value is None:
        value = effective_value(env, req.name, principal)
    return DeleteAccountSettingResponse(setting=_setting(req.name, value, principal))
