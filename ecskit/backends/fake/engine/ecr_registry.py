"""Registry-level settings of the fake's ECR, checked as ECR checks them and read back as it answers them:
the replication configuration, the scanning configuration (and which of its rules applies to a repository), the
account settings and the signing configuration. Replicating and scanning images is issue 13's; these are the
settings they will read.

Sources (texts are ECR's form ``Invalid parameter at '<member>' failed to satisfy constraint: '...'``; where no
public copy of AWS's text exists, the words inside are ecskit's):

* replication: the API reference's limits (at most 10 rules, 100 destinations and 100 filters a rule, filters
  of ``PREFIX_MATCH``), the user guide's "up to 25 unique destinations" across all rules (Private image
  replication, considerations), and a destination that is the source registry itself is refused
  (``'Replication destination cannot be the same as the source registry'``, as the Terraform acceptance test in
  getmoto/moto#4170 found);
* scanning: at most 2 rules of at most 100 ``WILDCARD`` filters; BASIC scanning supports scan on push, ENHANCED
  continuous scanning and scan on push (the API reference's RegistryScanningRule). Which rule applies, from the
  user guide's "Filters to choose which repositories are scanned": a filter without ``*`` matches every name that
  contains it, one with ``*`` matches whole names with ``*`` standing for any run of characters; continuous scanning
  wins over scan on push; a repository no rule matches is scanned manually (basic scanning: on push when its own
  ``scanOnPush`` is set) or not at all (enhanced; shown as ``MANUAL``);
* account settings: BASIC_SCAN_TYPE_VERSION (AWS_NATIVE or CLAIR, default AWS_NATIVE), REGISTRY_POLICY_SCOPE (V1
  or V2, default V2) and BLOB_MOUNTING (ENABLED or DISABLED, default DISABLED), as the PutAccountSetting API
  reference lists them.
"""

from __future__ import annotations

import re

from ecskit._glob import glob
from ecskit.backends.fake.core.ecr import PrivateRegistry, RepositoryRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.models.ecr import (
    RegistryScanningConfiguration,
    RegistryScanningRule,
    ReplicationConfiguration,
    ScanFrequency,
    ScanningRepositoryFilter,
    ScanType,
    SigningConfiguration,
)
from ecskit.texts import ecr

__all__ = [
    "ACCOUNT_SETTINGS",
    "check_account_setting",
    "check_replication",
    "check_scanning",
    "check_signing",
    "scanning_configuration",
    "scanning_for",
    "setting",
    "signing_profiles",
]

#: Account setting name -> (its values, its default).
ACCOUNT_SETTINGS: dict[str, tuple[tuple[str, ...], str]] = {
    "BASIC_SCAN_TYPE_VERSION": (("AWS_NATIVE", "CLAIR"), "AWS_NATIVE"),
    "REGISTRY_POLICY_SCOPE": (("V1", "V2"), "V2"),
    "BLOB_MOUNTING": (("ENABLED", "DISABLED"), "DISABLED"),
}
_REGION = re.compile(r"[0-9a-z-]{2,25}")
_ACCOUNT = re.compile(r"[0-9]{12}")
_PREFIX = re.compile(r"(?:[a-z0-9]+(?:[._-][a-z0-9]*)*/)*[a-z0-9]*(?:[._-][a-z0-9]*)*")
#: ECR's pattern for a scanning filter (below, as its error quotes it). As written, a backtracking engine tries every
#: split of a long run of letters between its ``+`` and ``*`` (``"a" * 30 + "!"`` takes minutes); ``_SCAN_FILTER``
#: is the same language (letters, each separator between two of them) without that ambiguity.
_SCAN_FILTER_AS_DOCUMENTED = r"[a-z0-9*](?:[._\-/a-z0-9*]?[a-z0-9*]+)*"
_SCAN_FILTER = re.compile(r"[a-z0-9*]+(?:[._\-/][a-z0-9*]+)*")
_SIGNING_PROFILE = re.compile(r"arn:aws(-[a-z]+)*:signer:[a-z0-9-]+:[0-9]{12}:/signing-profiles/[a-zA-Z0-9_]{2,}")
_SIGNING_FILTER = re.compile(r"(?:[a-z0-9*]+(?:[._-][a-z0-9*]+)*/)*[a-z0-9*]+(?:[._-][a-z0-9*]+)*")
_SUPPORTED = {
    ScanType.BASIC: (ScanFrequency.SCAN_ON_PUSH, ScanFrequency.MANUAL),
    ScanType.ENHANCED: (ScanFrequency.SCAN_ON_PUSH, ScanFrequency.CONTINUOUS_SCAN, ScanFrequency.MANUAL),
}


def _refuse(member: str, constraint: str) -> None:
    refuse(ecr.CONSTRAINT, member=member, constraint=constraint)


# -- replication ------------------------------------------------------------------------------------------------------


def check_replication(env: Env, config: ReplicationConfiguration) -> ReplicationConfiguration:
    """A replication configuration ECR takes for the registry ``env`` (InvalidParameterException otherwise)."""
    member = "replicationConfiguration"
    if len(config.rules) > 10:
        _refuse(f"{member}.rules", "must have length less than or equal to 10")
    unique: set[tuple[str, str]] = set()
    for rule in config.rules:
        if len(rule.destinations) > 100:
            _refuse(f"{member}.rules.destinations", "must have length less than or equal to 100")
        for destination in rule.destinations:
            if not _REGION.fullmatch(destination.region):
                _refuse(f"{member}.rules.destinations.region", "must satisfy regular expression '[0-9a-z-]{2,25}'")
            if not _ACCOUNT.fullmatch(destination.registry_id):
                _refuse(f"{member}.rules.destinations.registryId", "must satisfy regular expression '[0-9]{12}'")
            if (destination.region, destination.registry_id) == (env.region, env.account):
                _refuse(member, "Replication destination cannot be the same as the source registry")
            unique.add((destination.region, destination.registry_id))
        filters = rule.repository_filters
        if filters is not None and not 1 <= len(filters) <= 100:
            _refuse(f"{member}.rules.repositoryFilters", "must have length between 1 and 100")
        for one in filters or ():
            if not 2 <= len(one.filter) <= 256 or not _PREFIX.fullmatch(one.filter):
                _refuse(
                    f"{member}.rules.repositoryFilters.filter",
                    "must satisfy regular expression "
                    "'^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$'",
                )
    if len(unique) > 25:
        _refuse(member, "A replication configuration can have at most 25 unique destinations")
    return config


# -- scanning ---------------------------------------------------------------------------------------------------------


def check_scanning(
    scan_type: ScanType | None, rules: tuple[RegistryScanningRule, ...] | None
) -> RegistryScanningConfiguration:
    """The registry scanning configuration ECR stores for PutRegistryScanningConfiguration's ``scanType`` (BASIC
    when omitted) and ``rules`` (InvalidParameterException when it does not take them)."""
    kind = ScanType(scan_type) if scan_type is not None else ScanType.BASIC
    found = tuple(rules or ())
    if len(found) > 2:
        _refuse("rules", "must have length less than or equal to 2")
    for rule in found:
        if rule.scan_frequency not in _SUPPORTED[kind]:
            _refuse("rules.scanFrequency", f"scan frequency {rule.scan_frequency} is not supported for {kind} scanning")
        if len(rule.repository_filters) > 100:
            _refuse("rules.repositoryFilters", "must have length less than or equal to 100")
        for one in rule.repository_filters:
            if not 1 <= len(one.filter) <= 255 or not _SCAN_FILTER.fullmatch(one.filter):
                _refuse(
                    "rules.repositoryFilters.filter",
                    f"must satisfy regular expression '^{_SCAN_FILTER_AS_DOCUMENTED}$'",
                )
    return RegistryScanningConfiguration(scan_type=kind, rules=found)


def scanning_configuration(registry: PrivateRegistry) -> RegistryScanningConfiguration:
    """The registry's scanning configuration: as put, or ECR's default (BASIC, no rules)."""
    return registry.scanning or RegistryScanningConfiguration(scan_type=ScanType.BASIC, rules=())


def _filter_matches(value: str, name: str) -> bool:
    if "*" not in value:
        return value in name
    return glob(value).matches(name)


def scanning_for(
    registry: PrivateRegistry, repository: RepositoryRecord
) -> tuple[ScanFrequency, tuple[ScanningRepositoryFilter, ...]]:
    """The scan frequency that applies to ``repository`` and the filters that made it so (see the module)."""
    config = scanning_configuration(registry)
    matched: dict[ScanFrequency, tuple[ScanningRepositoryFilter, ...]] = {}
    for rule in config.rules or ():
        hits = tuple(f for f in rule.repository_filters if _filter_matches(f.filter, repository.name))
        if hits:
            matched[ScanFrequency(rule.scan_frequency)] = matched.get(ScanFrequency(rule.scan_frequency), ()) + hits
    for frequency in (ScanFrequency.CONTINUOUS_SCAN, ScanFrequency.SCAN_ON_PUSH, ScanFrequency.MANUAL):
        if frequency in matched:
            return frequency, matched[frequency]
    if config.scan_type == ScanType.BASIC and repository.scan_on_push:
        return ScanFrequency.SCAN_ON_PUSH, ()
    return ScanFrequency.MANUAL, ()


# -- account settings and signing -------------------------------------------------------------------------------------


def check_account_setting(name: str, value: str | None = None) -> None:
    """Refuse an account setting name ECR does not have, or a value it does not take (InvalidParameterException)."""
    known = ACCOUNT_SETTINGS.get(name)
    if known is None:
        _refuse("name", f"must be one of {', '.join(ACCOUNT_SETTINGS)}")
        return
    if value is not None and value not in known[0]:
        _refuse("value", f"must be one of {', '.join(known[0])} for {name}")


def setting(registry: PrivateRegistry, name: str) -> str:
    """The value of an account setting: as put, or its default."""
    return registry.settings.get(name, ACCOUNT_SETTINGS[name][1])


def check_signing(config: SigningConfiguration) -> SigningConfiguration:
    """A signing configuration ECR takes (InvalidParameterException otherwise)."""
    if len(config.rules) > 10:
        _refuse("signingConfiguration.rules", "must have length less than or equal to 10")
    for rule in config.rules:
        if len(rule.signing_profile_arn) > 200 or not _SIGNING_PROFILE.fullmatch(rule.signing_profile_arn):
            _refuse(
                "signingConfiguration.rules.signingProfileArn",
                "must satisfy regular expression "
                "'^arn:aws(-[a-z]+)*:signer:[a-z0-9-]+:[0-9]{12}:\\/signing-profiles\\/[a-zA-Z0-9_]{2,}$'",
            )
        filters = rule.repository_filters
        if filters is not None and not 1 <= len(filters) <= 100:
            _refuse("signingConfiguration.rules.repositoryFilters", "must have length between 1 and 100")
        for one in filters or ():
            if not 1 <= len(one.filter) <= 256 or not _SIGNING_FILTER.fullmatch(one.filter):
                _refuse(
                    "signingConfiguration.rules.repositoryFilters.filter",
                    "must satisfy regular expression "
                    "'^(?:[a-z0-9*]+(?:[._-][a-z0-9*]+)*/)*[a-z0-9*]+(?:[._-][a-z0-9*]+)*$'",
                )
    return config


def signing_profiles(registry: PrivateRegistry, repository: str) -> tuple[str, ...]:
    """The signing profiles of the managed signing rules that apply to ``repository`` (a rule without repository
    filters applies to every repository; a ``WILDCARD_MATCH`` filter matches the whole name, ``*`` any run of
    characters: "Managed signing", ECR user guide), in rule order."""
    config = registry.signing
    if config is None:
        return ()
    found: list[str] = []
    for rule in config.rules:
        filters = rule.repository_filters
        if not filters or any(glob(f.filter).matches(repository) for f in filters):
            found.append(rule.signing_profile_arn)
    return tuple(dict.fromkeys(found))
