"""Registry settings: the scanning configuration (PutRegistryScanningConfiguration,
GetRegistryScanningConfiguration, BatchGetRepositoryScanningConfiguration), account settings (PutAccountSetting,
GetAccountSetting), the signing configuration (Put/Get/DeleteSigningConfiguration) and the pull time update
exclusions (Register/Deregister/ListPullTimeUpdateExclusions).

They are checked and answered as :mod:`~ecskit.backends.fake.engine.ecr_registry` describes; scanning images by
them is issue 13's. The texts of SigningConfigurationNotFoundException, ExclusionAlreadyExistsException and
ExclusionNotFoundException have no public copy: they are ecskit's wording, in the form of ECR's other not-found
texts.
"""

from __future__ import annotations

import re

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.paging import ECR_PAGING, paginate
from ecskit.backends.fake.engine.ecr_access import authorize
from ecskit.backends.fake.engine.ecr_registry import (
    check_account_setting,
    check_scanning,
    check_signing,
    scanning_configuration,
    scanning_for,
    setting,
)
from ecskit.backends.fake.engine.ecr_repositories import check_name
from ecskit.backends.fake.engine.ecr_scans import apply_scanning_configuration
from ecskit.backends.fake.registry import handles
from ecskit.models.ecr import (
    BatchGetRepositoryScanningConfigurationRequest,
    BatchGetRepositoryScanningConfigurationResponse,
    DeleteSigningConfigurationRequest,
    DeleteSigningConfigurationResponse,
    DeregisterPullTimeUpdateExclusionRequest,
    DeregisterPullTimeUpdateExclusionResponse,
    GetAccountSettingRequest,
    GetAccountSettingResponse,
    GetRegistryScanningConfigurationRequest,
    GetRegistryScanningConfigurationResponse,
    GetSigningConfigurationRequest,
    GetSigningConfigurationResponse,
    ListPullTimeUpdateExclusionsRequest,
    ListPullTimeUpdateExclusionsResponse,
    PutAccountSettingRequest,
    PutAccountSettingResponse,
    PutRegistryScanningConfigurationRequest,
    PutRegistryScanningConfigurationResponse,
    PutSigningConfigurationRequest,
    PutSigningConfigurationResponse,
    RegisterPullTimeUpdateExclusionRequest,
    RegisterPullTimeUpdateExclusionResponse,
    RepositoryScanningConfiguration,
    RepositoryScanningConfigurationFailure,
    ScanningConfigurationFailureCode,
    SigningConfiguration,
)
from ecskit.texts import ecr

__all__ = [
    "batch_get_repository_scanning_configuration",
    "delete_signing_configuration",
    "deregister_pull_time_update_exclusion",
    "get_account_setting",
    "get_registry_scanning_configuration",
    "get_signing_configuration",
    "list_pull_time_update_exclusions",
    "put_account_setting",
    "put_registry_scanning_configuration",
    "put_signing_configuration",
    "register_pull_time_update_exclusion",
]

_PRINCIPAL = re.compile(r"arn:aws(-[a-z]+)*:iam::[0-9]{12}:(role|user)/[\w+=,.@-]+(/[\w+=,.@-]+)*")


def _allowed(env: Env, action: str) -> None:
    authorize(env, env, None, action, resource="*")


# -- scanning ---------------------------------------------------------------------------------------------------------


@handles(PutRegistryScanningConfigurationRequest)
def put_registry_scanning_configuration(
    env: Env, req: PutRegistryScanningConfigurationRequest
) -> PutRegistryScanningConfigurationResponse:
    """PutRegistryScanningConfiguration: replaces the registry's scan type and rules."""
    _allowed(env, "ecr:PutRegistryScanningConfiguration")
    config = check_scanning(req.scan_type, req.rules)
    apply_scanning_configuration(env, config)
    return PutRegistryScanningConfigurationResponse(registry_scanning_configuration=config)


@handles(GetRegistryScanningConfigurationRequest)
def get_registry_scanning_configuration(
    env: Env, req: GetRegistryScanningConfigurationRequest
) -> GetRegistryScanningConfigurationResponse:
    """GetRegistryScanningConfiguration: the registry's scan type and rules (BASIC and none by default)."""
    _allowed(env, "ecr:GetRegistryScanningConfiguration")
    return GetRegistryScanningConfigurationResponse(
        registry_id=env.account, scanning_configuration=scanning_configuration(env.state.ecr)
    )


@handles(BatchGetRepositoryScanningConfigurationRequest)
def batch_get_repository_scanning_configuration(
    env: Env, req: BatchGetRepositoryScanningConfigurationRequest
) -> BatchGetRepositoryScanningConfigurationResponse:
    """BatchGetRepositoryScanningConfiguration: the scan frequency that applies to each repository and the filters
    that made it so; a repository that is not there is a failure (REPOSITORY_NOT_FOUND)."""
    names = req.repository_names
    if not 1 <= len(names) <= 25:
        refuse(ecr.CONSTRAINT, member="repositoryNames", constraint="must have length between 1 and 25")
    for name in names:
        check_name(name)
    registry = env.state.ecr
    found: list[RepositoryScanningConfiguration] = []
    failures: list[RepositoryScanningConfigurationFailure] = []
    for name in names:
        record = registry.repositories.get(name)
        authorize(env, env, record, "ecr:BatchGetRepositoryScanningConfiguration", name=name)
        if record is None:
            failures.append(
                RepositoryScanningConfigurationFailure(
                    repository_name=name,
                    failure_code=ScanningConfigurationFailureCode.REPOSITORY_NOT_FOUND,
                    failure_reason=f"The repository with name '{name}' does not exist in the registry with id "
                    f"'{env.account}'",
                )
            )
            continue
        frequency, filters = scanning_for(registry, record)
        found.append(
            RepositoryScanningConfiguration(
                repository_arn=record.arn,
                repository_name=record.name,
                scan_on_push=record.scan_on_push,
                scan_frequency=frequency,
                applied_scan_filters=filters,
            )
        )
    return BatchGetRepositoryScanningConfigurationResponse(
        scanning_configurations=tuple(found), failures=tuple(failures)
    )


# -- account settings -------------------------------------------------------------------------------------------------


@handles(PutAccountSettingRequest)
def put_account_setting(env: Env, req: PutAccountSettingRequest) -> PutAccountSettingResponse:
    """PutAccountSetting: BASIC_SCAN_TYPE_VERSION, REGISTRY_POLICY_SCOPE or BLOB_MOUNTING."""
    _allowed(env, "ecr:PutAccountSetting")
    check_account_setting(req.name, req.value)
    env.state.ecr.settings[req.name] = req.value
    return PutAccountSettingResponse(name=req.name, value=req.value)


@handles(GetAccountSettingRequest)
def get_account_setting(env: Env, req: GetAccountSettingRequest) -> GetAccountSettingResponse:
    """GetAccountSetting: the setting's value, as put or by default."""
    _allowed(env, "ecr:GetAccountSetting")
    check_account_setting(req.name)
    return GetAccountSettingResponse(name=req.name, value=setting(env.state.ecr, req.name))


# -- signing ----------------------------------------------------------------------------------------------------------


def _no_signing(env: Env) -> SigningConfiguration:
    found = env.state.ecr.signing
    if found is None:
        refuse(ecr.SIGNING_NOT_FOUND, registry=env.account)
    return found


@handles(PutSigningConfigurationRequest)
def put_signing_configuration(env: Env, req: PutSigningConfigurationRequest) -> PutSigningConfigurationResponse:
    """PutSigningConfiguration: replaces the registry's signing rules."""
    _allowed(env, "ecr:PutSigningConfiguration")
    env.state.ecr.signing = check_signing(req.signing_configuration)
    return PutSigningConfigurationResponse(signing_configuration=req.signing_configuration)


@handles(GetSigningConfigurationRequest)
def get_signing_configuration(env: Env, req: GetSigningConfigurationRequest) -> GetSigningConfigurationResponse:
    """GetSigningConfiguration: the registry's signing rules (SigningConfigurationNotFoundException if none)."""
    _allowed(env, "ecr:GetSigningConfiguration")
    return GetSigningConfigurationResponse(registry_id=env.account, signing_configuration=_no_signing(env))


@handles(DeleteSigningConfigurationRequest)
def delete_signing_configuration(
    env: Env, req: DeleteSigningConfigurationRequest
) -> DeleteSigningConfigurationResponse:
    """DeleteSigningConfiguration: removes the signing rules and answers with them."""
    _allowed(env, "ecr:DeleteSigningConfiguration")
    config = _no_signing(env)
    env.state.ecr.signing = None
    return DeleteSigningConfigurationResponse(registry_id=env.account, signing_configuration=config)


# -- pull time update exclusions --------------------------------------------------------------------------------------


def _principal(arn: str) -> str:
    if len(arn) > 200 or not _PRINCIPAL.fullmatch(arn):
        refuse(
            ecr.CONSTRAINT,
            member="principalArn",
            constraint="must satisfy regular expression pattern: "
            "^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(role|user)/[\\w+=,.@-]+(/[\\w+=,.@-]+)*$",
        )
    return arn


@handles(RegisterPullTimeUpdateExclusionRequest)
def register_pull_time_update_exclusion(
    env: Env, req: RegisterPullTimeUpdateExclusionRequest
) -> RegisterPullTimeUpdateExclusionResponse:
    """RegisterPullTimeUpdateExclusion: pulls by this IAM user or role no longer update lastRecordedPullTime."""
    _allowed(env, "ecr:RegisterPullTimeUpdateExclusion")
    arn = _principal(req.principal_arn)
    registry = env.state.ecr
    if arn in registry.pull_time_exclusions:
        refuse(ecr.EXCLUSION_EXISTS, principal=arn, registry=env.account)
    registry.pull_time_exclusions.append(arn)
    registry.exclusions_since[arn] = env.clock.now()
    return RegisterPullTimeUpdateExclusionResponse(principal_arn=arn, created_at=registry.exclusions_since[arn])


@handles(DeregisterPullTimeUpdateExclusionRequest)
def deregister_pull_time_update_exclusion(
    env: Env, req: DeregisterPullTimeUpdateExclusionRequest
) -> DeregisterPullTimeUpdateExclusionResponse:
    """DeregisterPullTimeUpdateExclusion: pulls by this principal update lastRecordedPullTime again."""
    _allowed(env, "ecr:DeregisterPullTimeUpdateExclusion")
    arn = _principal(req.principal_arn)
    registry = env.state.ecr
    if arn not in registry.pull_time_exclusions:
        refuse(ecr.EXCLUSION_NOT_FOUND, principal=arn, registry=env.account)
    registry.pull_time_exclusions.remove(arn)
    registry.exclusions_since.pop(arn, None)
    return DeregisterPullTimeUpdateExclusionResponse(principal_arn=arn)


@handles(ListPullTimeUpdateExclusionsRequest)
def list_pull_time_update_exclusions(
    env: Env, req: ListPullTimeUpdateExclusionsRequest
) -> ListPullTimeUpdateExclusionsResponse:
    """ListPullTimeUpdateExclusions: the excluded principals in the order they were registered, 100 a page by
    default (``maxResults`` up to 1000)."""
    _allowed(env, "ecr:ListPullTimeUpdateExclusions")
    size = req.max_results if req.max_results is not None else 100
    if not 1 <= size <= 1000:
        refuse(ecr.MAX_RESULTS, limit=1000)
    # A page holds at most 100 (the response's list is of at most 100 principals).
    page, token = paginate(env.state.ecr.pull_time_exclusions, req.next_token, min(size, 100), texts=ECR_PAGING)
    return ListPullTimeUpdateExclusionsResponse(pull_time_update_exclusions=tuple(page), next_token=token)
