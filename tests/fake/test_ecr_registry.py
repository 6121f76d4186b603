"""Registry settings on the fake's ECR: DescribeRegistry and the replication configuration, the scanning configuration
(and what applies to each repository), account settings, the signing configuration and pull time update exclusions.

Sources: the API reference's limits and values of each member; the user guide's "Private image replication"
(at most 25 unique destinations), "Filters to choose which repositories are scanned" (its table of filters and
repository names is test_which_filters_match_which_names), and PutAccountSetting's list of settings and values.
A destination that is the source registry itself is refused (the Terraform acceptance test in getmoto/moto#4170).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.engine.ecr_registry import _SCAN_FILTER, _SCAN_FILTER_AS_DOCUMENTED
from ecskit.codec import from_api, to_api
from ecskit.models.ecr import (
    BatchGetRepositoryScanningConfigurationRequest,
    DeleteSigningConfigurationRequest,
    DeregisterPullTimeUpdateExclusionRequest,
    DescribeRegistryRequest,
    GetAccountSettingRequest,
    GetRegistryScanningConfigurationRequest,
    GetSigningConfigurationRequest,
    ImageScanningConfiguration,
    ListPullTimeUpdateExclusionsRequest,
    PutAccountSettingRequest,
    PutRegistryScanningConfigurationRequest,
    PutReplicationConfigurationRequest,
    PutSigningConfigurationRequest,
    RegisterPullTimeUpdateExclusionRequest,
    RegistryScanningRule,
    ReplicationConfiguration,
    ScanFrequency,
    ScanType,
    SigningConfiguration,
)
from tests.support.fake_ecr import OTHER, OWNER, REGION, refusal, repository


@pytest.fixture
def fake() -> FakeBackend:
    return FakeBackend()


def _replication(rules: list[dict[str, Any]]) -> PutReplicationConfigurationRequest:
    return from_api({"replicationConfiguration": {"rules": rules}}, PutReplicationConfigurationRequest)


def _to(region: str, account: str = OWNER) -> dict[str, str]:
    return {"region": region, "registryId": account}


# -- replication ------------------------------------------------------------------------------------------------------


def test_describe_registry_before_and_after_a_replication_configuration(fake: FakeBackend) -> None:
    client: Any = fake.client("ecr")
    before = client.describe_registry()
    assert (before["registryId"], before["replicationConfiguration"]) == (OWNER, {"rules": []})
    rules = [
        {
            "destinations": [_to("us-west-2"), _to("eu-west-1", OTHER)],
            "repositoryFilters": [{"filter": "prod", "filterType": "PREFIX_MATCH"}],
        }
    ]
    put = client.put_replication_configuration(replicationConfiguration={"rules": rules})
    assert put["replicationConfiguration"] == {"rules": rules}
    assert client.describe_registry()["replicationConfiguration"] == {"rules": rules}
    client.put_replication_configuration(replicationConfiguration={"rules": []})
    assert fake.ecr.describe_registry(DescribeRegistryRequest()).replication_configuration == ReplicationConfiguration(
        rules=()
    )


def test_the_source_registry_is_no_destination(fake: FakeBackend) -> None:
    error = refusal(fake, _replication([{"destinations": [_to(REGION)]}]))
    assert (error.code, error.message) == (
        "InvalidParameterException",
        "Invalid parameter at 'replicationConfiguration' failed to satisfy constraint: "
        "'Replication destination cannot be the same as the source registry'",
    )
    fake.ecr.put_replication_configuration(_replication([{"destinations": [_to(REGION, OTHER), _to("us-west-2")]}]))


@pytest.mark.parametrize(
    "rules",
    [
        [{"destinations": [_to("us-west-2")]}] * 11,
        [{"destinations": [_to("us-west-2", f"{n:012d}") for n in range(26)]}],
        [{"destinations": [_to("destination_region", "destination_accountId")]}],  # the user guide's skeleton
        [{"destinations": [_to("us-west-2", "12345")]}],
        [{"destinations": [_to("us-west-2")], "repositoryFilters": [{"filter": "Prod", "filterType": "PREFIX_MATCH"}]}],
    ],
    ids=["11 rules", "26 destinations", "placeholders", "short account", "upper-case filter"],
)
def test_replication_configurations_ecr_refuses(fake: FakeBackend, rules: list[dict[str, Any]]) -> None:
    error = refusal(fake, _replication(rules))
    assert error.code == "InvalidParameterException"
    assert error.message.startswith("Invalid parameter at 'replicationConfiguration")


def test_an_empty_filter_list_is_refused(fake: FakeBackend) -> None:
    # botocore refuses it itself (at least one filter): only the typed verb reaches the fake.
    request = _replication([{"destinations": [_to("us-west-2")], "repositoryFilters": []}])
    assert refusal(fake, request, boto=False).code == "InvalidParameterException"


def test_25_destinations_across_rules_are_taken(fake: FakeBackend) -> None:
    rules = [{"destinations": [_to("us-west-2", f"{n:012d}") for n in range(k, k + 5)]} for k in range(0, 25, 5)]
    rules.append({"destinations": [_to("us-west-2", "000000000000")]})  # the same destination again
    fake.ecr.put_replication_configuration(_replication(rules))


# -- scanning ---------------------------------------------------------------------------------------------------------


def test_the_default_scanning_configuration(fake: FakeBackend) -> None:
    got = fake.client("ecr").get_registry_scanning_configuration()
    assert (got["registryId"], got["scanningConfiguration"]) == (OWNER, {"scanType": "BASIC", "rules": []})


def _rule(frequency: str, *filters: str) -> RegistryScanningRule:
    return from_api(
        {"scanFrequency": frequency, "repositoryFilters": [{"filter": f, "filterType": "WILDCARD"} for f in filters]},
        RegistryScanningRule,
    )


def _applied(fake: FakeBackend, *names: str) -> dict[str, tuple[str, list[str]]]:
    answer = fake.ecr.batch_get_repository_scanning_configuration(
        BatchGetRepositoryScanningConfigurationRequest(repository_names=names)
    )
    return {
        c.repository_name or "": (str(c.scan_frequency), [f.filter for f in c.applied_scan_filters or ()])
        for c in answer.scanning_configurations or ()
    }


NAMES = ("prod", "repo-prod", "prod-repo", "repo-prod-repo", "prodrepo")
TABLE = {
    "prod": (True, True, True, True, True),
    "*prod": (True, True, False, False, False),
    "prod*": (True, False, True, False, True),
    "*prod*": (True, True, True, True, True),
    "prod*repo": (False, False, True, False, True),
}


@pytest.mark.parametrize("value", list(TABLE))
def test_which_filters_match_which_names(fake: FakeBackend, value: str) -> None:
    for name in NAMES:
        repository(fake, name)
    fake.ecr.put_registry_scanning_configuration(
        PutRegistryScanningConfigurationRequest(scan_type=ScanType.BASIC, rules=(_rule("SCAN_ON_PUSH", value),))
    )
    applied = _applied(fake, *NAMES)
    expected = {
        n: ("SCAN_ON_PUSH", [value]) if hit else ("MANUAL", []) for n, hit in zip(NAMES, TABLE[value], strict=True)
    }
    assert applied == expected


def test_continuous_scanning_wins_and_the_repository_flag_counts_for_basic_scanning(fake: FakeBackend) -> None:
    repository(fake, "prod-api")
    repository(fake, "dev-api", image_scanning_configuration=ImageScanningConfiguration(scan_on_push=True))
    repository(fake, "other")
    assert _applied(fake, "prod-api", "dev-api", "other") == {
        "prod-api": ("MANUAL", []),
        "dev-api": ("SCAN_ON_PUSH", []),
        "other": ("MANUAL", []),
    }
    rules = (_rule("SCAN_ON_PUSH", "*api"), _rule("CONTINUOUS_SCAN", "prod"))
    fake.ecr.put_registry_scanning_configuration(
        PutRegistryScanningConfigurationRequest(scan_type=ScanType.ENHANCED, rules=rules)
    )
    assert _applied(fake, "prod-api", "dev-api", "other") == {
        "prod-api": ("CONTINUOUS_SCAN", ["prod"]),
        "dev-api": ("SCAN_ON_PUSH", ["*api"]),
        "other": ("MANUAL", []),
    }
    got = fake.ecr.get_registry_scanning_configuration(GetRegistryScanningConfigurationRequest()).scanning_configuration
    assert got is not None
    assert (got.scan_type, got.rules) == (ScanType.ENHANCED, rules)


def test_a_missing_repository_is_a_failure(fake: FakeBackend) -> None:
    repository(fake, "web")
    answer: Any = fake.client("ecr").batch_get_repository_scanning_configuration(repositoryNames=["web", "nope"])
    assert [c["repositoryName"] for c in answer["scanningConfigurations"]] == ["web"]
    assert answer["failures"] == [
        {
            "repositoryName": "nope",
            "failureCode": "REPOSITORY_NOT_FOUND",
            "failureReason": f"The repository with name 'nope' does not exist in the registry with id '{OWNER}'",
        }
    ]


@pytest.mark.parametrize(
    ("scan_type", "rules"),
    [
        (ScanType.BASIC, (_rule("CONTINUOUS_SCAN", "*"),)),
        (ScanType.ENHANCED, (_rule("SCAN_ON_PUSH", "a"), _rule("CONTINUOUS_SCAN", "b"), _rule("SCAN_ON_PUSH", "c"))),
        (ScanType.ENHANCED, (_rule("SCAN_ON_PUSH", "Prod"),)),
        (ScanType.ENHANCED, (_rule("SCAN_ON_PUSH", *[f"r{n}" for n in range(101)]),)),
    ],
    ids=["continuous for basic", "3 rules", "upper-case filter", "101 filters"],
)
def test_scanning_configurations_ecr_refuses(
    fake: FakeBackend, scan_type: ScanType, rules: tuple[RegistryScanningRule, ...]
) -> None:
    error = refusal(fake, PutRegistryScanningConfigurationRequest(scan_type=scan_type, rules=rules))
    assert error.code == "InvalidParameterException"
    assert error.message.startswith("Invalid parameter at 'rules")


@given(st.text(alphabet="ab.-/*!", max_size=9))
def test_the_scanning_filter_pattern_is_ecrs(text: str) -> None:
    """The fake reads ECR's pattern (quoted in its error) in a form without ambiguity: the same filters pass."""
    assert bool(_SCAN_FILTER.fullmatch(text)) == bool(re.fullmatch(_SCAN_FILTER_AS_DOCUMENTED, text))


def test_a_long_filter_ecr_refuses_is_refused_at_once(fake: FakeBackend) -> None:
    """``"a" * 200 + "!"`` made ECR's pattern, as written, backtrack for hours."""
    rules = (_rule("SCAN_ON_PUSH", "a" * 200 + "!"),)
    error = refusal(fake, PutRegistryScanningConfigurationRequest(scan_type=ScanType.ENHANCED, rules=rules))
    assert error.code == "InvalidParameterException"


def test_many_wildcards_in_filters(fake: FakeBackend) -> None:
    """Filters of many stars are matched without backtracking (issue 18)."""
    name = "a" * 200
    repository(fake, name)
    rules = (_rule("CONTINUOUS_SCAN", "*a" * 40 + "*b"), _rule("SCAN_ON_PUSH", "*a" * 40 + "*"))
    fake.ecr.put_registry_scanning_configuration(
        PutRegistryScanningConfigurationRequest(scan_type=ScanType.ENHANCED, rules=rules)
    )
    found = fake.ecr.batch_get_repository_scanning_configuration(
        BatchGetRepositoryScanningConfigurationRequest(repository_names=(name,))
    )
    assert found.scanning_configurations is not None
    assert found.scanning_configurations[0].scan_frequency == ScanFrequency.SCAN_ON_PUSH


# -- account settings -------------------------------------------------------------------------------------------------


def test_account_settings(fake: FakeBackend) -> None:
    client = fake.client("ecr")
    defaults = {
        n: client.get_account_setting(name=n)["value"]
        for n in ("BASIC_SCAN_TYPE_VERSION", "REGISTRY_POLICY_SCOPE", "BLOB_MOUNTING")
    }
    assert defaults == {
        "BASIC_SCAN_TYPE_VERSION": "AWS_NATIVE",
        "REGISTRY_POLICY_SCOPE": "V2",
        "BLOB_MOUNTING": "DISABLED",
    }
    answer = fake.ecr.put_account_setting(PutAccountSettingRequest(name="BLOB_MOUNTING", value="ENABLED"))
    assert (answer.name, answer.value) == ("BLOB_MOUNTING", "ENABLED")
    assert fake.ecr.get_account_setting(GetAccountSettingRequest(name="BLOB_MOUNTING")).value == "ENABLED"
    assert (
        refusal(fake, PutAccountSettingRequest(name="REGISTRY_POLICY_SCOPE", value="V3")).code
        == "InvalidParameterException"
    )
    assert refusal(fake, GetAccountSettingRequest(name="NO_SUCH_SETTING")).code == "InvalidParameterException"


# -- signing ----------------------------------------------------------------------------------------------------------

PROFILE = f"arn:aws:signer:{REGION}:{OWNER}:/signing-profiles/release_profile"


def test_signing_configuration(fake: FakeBackend) -> None:
    for request in (GetSigningConfigurationRequest(), DeleteSigningConfigurationRequest()):
        error = refusal(fake, request)
        assert (error.code, error.message) == (
            "SigningConfigurationNotFoundException",
            f"Signing configuration does not exist in the registry with id '{OWNER}'",
        )
    config = from_api(
        {
            "rules": [
                {
                    "signingProfileArn": PROFILE,
                    "repositoryFilters": [{"filter": "prod/*", "filterType": "WILDCARD_MATCH"}],
                }
            ]
        },
        SigningConfiguration,
    )
    assert (
        fake.ecr.put_signing_configuration(
            PutSigningConfigurationRequest(signing_configuration=config)
        ).signing_configuration
        == config
    )
    got = fake.client("ecr").get_signing_configuration()
    assert (got["registryId"], got["signingConfiguration"]) == (OWNER, to_api(config))
    assert fake.ecr.delete_signing_configuration(DeleteSigningConfigurationRequest()).signing_configuration == config
    bad = from_api(
        {"rules": [{"signingProfileArn": "arn:aws:signer:us-east-1:1:/signing-profiles/x"}]}, SigningConfiguration
    )
    assert refusal(fake, PutSigningConfigurationRequest(signing_configuration=bad)).code == "InvalidParameterException"


# -- pull time update exclusions --------------------------------------------------------------------------------------


def test_pull_time_update_exclusions(fake: FakeBackend) -> None:
    role = f"arn:aws:iam::{OWNER}:role/scanner"
    fake.advance(60)
    registered = fake.ecr.register_pull_time_update_exclusion(
        RegisterPullTimeUpdateExclusionRequest(principal_arn=role)
    )
    assert (registered.principal_arn, registered.created_at) == (role, fake.clock.now())
    assert registered.created_at == datetime.datetime(2025, 1, 1, 0, 1, tzinfo=datetime.UTC)
    twice = refusal(fake, RegisterPullTimeUpdateExclusionRequest(principal_arn=role))
    assert twice.code == "ExclusionAlreadyExistsException"
    users = [f"arn:aws:iam::{OWNER}:user/u{n}" for n in range(3)]
    for user in users:
        fake.client("ecr").register_pull_time_update_exclusion(principalArn=user)
    first = fake.ecr.list_pull_time_update_exclusions(ListPullTimeUpdateExclusionsRequest(max_results=2))
    second = fake.ecr.list_pull_time_update_exclusions(ListPullTimeUpdateExclusionsRequest(next_token=first.next_token))
    assert [*(first.pull_time_update_exclusions or ()), *(second.pull_time_update_exclusions or ())] == [role, *users]
    fake.ecr.deregister_pull_time_update_exclusion(DeregisterPullTimeUpdateExclusionRequest(principal_arn=role))
    missing = refusal(fake, DeregisterPullTimeUpdateExclusionRequest(principal_arn=role))
    assert missing.code == "ExclusionNotFoundException"
    assert refusal(fake, RegisterPullTimeUpdateExclusionRequest(principal_arn=f"arn:aws:iam::{OWNER}:root")).code == (
        "InvalidParameterException"
    )


def test_registry_settings_survive_a_snapshot(fake: FakeBackend) -> None:
    client: Any = fake.client("ecr")
    client.put_replication_configuration(replicationConfiguration={"rules": [{"destinations": [_to("us-west-2")]}]})
    client.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[{"scanFrequency": "SCAN_ON_PUSH", "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}]}],
    )
    client.put_account_setting(name="REGISTRY_POLICY_SCOPE", value="V1")
    client.put_signing_configuration(signingConfiguration={"rules": [{"signingProfileArn": PROFILE}]})
    client.register_pull_time_update_exclusion(principalArn=f"arn:aws:iam::{OWNER}:user/audit")
    reads = (
        "describe_registry",
        "get_registry_scanning_configuration",
        "get_signing_configuration",
        "list_pull_time_update_exclusions",
    )
    again: Any = FakeBackend.restore(fake.save()).client("ecr")
    for read in reads:
        assert getattr(again, read)() | {"ResponseMetadata": None} == getattr(client, read)() | {
            "ResponseMetadata": None
        }
    assert again.get_account_setting(name="REGISTRY_POLICY_SCOPE")["value"] == "V1"
    twice = again.register_pull_time_update_exclusion
    with pytest.raises(again.exceptions.ExclusionAlreadyExistsException):
        twice(principalArn=f"arn:aws:iam::{OWNER}:user/audit")
