"""Rules on clusters (catalog group O): CreateCluster's name, settings, ECS Exec logging and tags, and the capacity
providers of CreateCluster and PutClusterCapacityProviders with their default strategy. :func:`tag_hits` checks any
list of ECS tags and is shared with the other families that carry tags."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ecskit.models.ecs import CreateClusterRequest, PutClusterCapacityProvidersRequest, Tag
from ecskit.texts import ErrorText, ecs
from ecskit.validation.context import root_path
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._common import templated
from ecskit.validation.rules._outcomes import API, INVALID
from ecskit.validation.tagging import TagProblem, tag_problems

NAME = re.compile(r"[A-Za-z0-9_-]{1,255}\Z")
SETTING_VALUES = frozenset({"enhanced", "enabled", "disabled"})
MAX_PROVIDERS = 20
CLUSTER = Kind.CLUSTER
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None
ClusterRequest = CreateClusterRequest | PutClusterCapacityProvidersRequest


#: What ECS answers for each problem (:mod:`ecskit.texts`), and the detail ecskit adds as the finding's hint.
_TAG_TEXTS: dict[TagProblem, tuple[ErrorText, str]] = {
    TagProblem.COUNT: (ecs.TAGS_TOO_MANY, "{size} tags; at most 50 are allowed (aws: tags not counted)"),
    TagProblem.NO_KEY: (ecs.TAG_KEY_INVALID, "the tag has no key"),
    TagProblem.KEY_LENGTH: (ecs.TAG_KEY_INVALID, "tag key {key!r} must be 1-128 characters"),
    TagProblem.KEY_CHARACTERS: (ecs.TAG_KEY_INVALID, "tag key {key!r} has characters tags do not allow"),
    TagProblem.KEY_RESERVED: (ecs.TAG_KEY_RESERVED, "tag key {key!r} uses the reserved aws: prefix"),
    TagProblem.KEY_REPEATED: (ecs.TAG_KEY_REPEATED, "tag key {key!r} is used more than once"),
    TagProblem.VALUE_LENGTH: (ecs.TAG_VALUE_INVALID, "tag value of {size} characters; at most 256"),
    TagProblem.VALUE_CHARACTERS: (ecs.TAG_VALUE_INVALID, "tag value of key {key!r} has characters tags do not allow"),
}
_TAG_MEMBER = {TagProblem.VALUE_LENGTH: "value", TagProblem.VALUE_CHARACTERS: "value", TagProblem.NO_KEY: None}


def tag_hits(tags: Sequence[Tag] | None, path: Callable[..., str]) -> list[Hit]:
    """Every problem of a list of ECS tags (:func:`ecskit.validation.tagging.tag_problems`: count, key and value
    lengths and characters, repeated keys, ``aws:``), as hits whose messages are ECS's texts.

    ``path("tags", 0, "key")`` must give the wire path of a member of the list.
    """
    if not tags:
        return []
    hits = []
    for found in tag_problems(tags, skip=templated):
        text, detail = _TAG_TEXTS[found.problem]
        hint = detail.format(key=found.key, size=found.size)
        if found.problem is TagProblem.COUNT:
            hits.append(Hit(path("tags"), text(), hint))
            continue
        member = _TAG_MEMBER.get(found.problem, "key")
        where = path("tags", found.index, member) if member else path("tags", found.index)
        hits.append(Hit(where, text(key=found.key), hint))
    return hits


def _path(req: ClusterRequest) -> Callable[..., str]:
    cls = type(req)
    return lambda *steps: root_path(cls, *steps)


@rule(
    "cluster-name",
    E,
    CLUSTER,
    phase=API,
    aws_code=INVALID,
    summary="The cluster name is 1-255 letters, digits, underscores and hyphens.",
    why="CreateCluster rejects any other clusterName with an InvalidParameterException (without a name the cluster "
    "is called 'default').",
    fix="Rename the cluster using only letters, digits, '_' and '-'.",
    docs=_docs.CREATE_CLUSTER,
)
def cluster_name(req: ClusterRequest) -> Hits:
    if not isinstance(req, CreateClusterRequest) or req.cluster_name is None:
        return None
    name = req.cluster_name
    if NAME.match(name) or templated(name):
        return None
    return [Hit(_path(req)("cluster_name"), f"clusterName {name!r} must be 1-255 letters, digits, '_' or '-'")]


@rule(
    "cluster-settings",
    E,
    CLUSTER,
    phase=API,
    aws_code=INVALID,
    summary="The containerInsights setting is enhanced, enabled or disabled.",
    why="CreateCluster rejects other values of a cluster setting with an InvalidParameterException.",
    fix="Set containerInsights to 'enabled', 'enhanced' or 'disabled'.",
    docs=_docs.CREATE_CLUSTER,
)
def settings(req: ClusterRequest) -> Hits:
    if not isinstance(req, CreateClusterRequest) or not req.settings:
        return None
    hits = [
        Hit(_path(req)("settings", i, "value"), f"setting value {s.value!r} is not enhanced, enabled or disabled")
        for i, s in enumerate(req.settings)
        if s.value is not None and s.value not in SETTING_VALUES and not templated(s.value)
    ]
    return hits or None


@rule(
    "cluster-exec-logging",
    E,
    CLUSTER,
    phase=API,
    aws_code=INVALID,
    summary="ECS Exec logging OVERRIDE comes with a logConfiguration naming a CloudWatch log group or an S3 bucket.",
    why="With logging=OVERRIDE the logConfiguration is required: CreateCluster rejects the configuration without it "
    "(and a configuration with neither target logs nothing).",
    fix="Add executeCommandConfiguration.logConfiguration with cloudWatchLogGroupName and/or s3BucketName, or use "
    "logging DEFAULT.",
    docs=_docs.EXEC,
)
def exec_logging(req: ClusterRequest) -> Hits:
    if not isinstance(req, CreateClusterRequest) or req.configuration is None:
        return None
    config = req.configuration.execute_command_configuration
    if config is None or config.logging is None or str(config.logging) != "OVERRIDE":
        return None
    log = config.log_configuration
    path = _path(req)
    if log is None:
        where = path("configuration", "execute_command_configuration", "log_configuration")
        return [Hit(where, "logging is OVERRIDE but there is no logConfiguration")]
    if not log.cloud_watch_log_group_name and not log.s3_bucket_name:
        where = path("configuration", "execute_command_configuration", "log_configuration")
        return [Hit(where, "logConfiguration names neither a CloudWatch log group nor an S3 bucket")]
    return None


@rule(
    "cluster-default-strategy-providers",
    E,
    CLUSTER,
    phase=API,
    aws_code=INVALID,
    summary="The default capacity provider strategy uses only capacity providers the request associates.",
    why="A capacity provider must be associated with the cluster before it can be in the cluster's default "
    "strategy; PutClusterCapacityProviders replaces the whole list, so the strategy may only name providers in it.",
    fix="Add the provider to capacityProviders, or remove it from defaultCapacityProviderStrategy.",
    docs=_docs.PUT_CLUSTER_CAPACITY_PROVIDERS,
)
def default_strategy_providers(req: ClusterRequest) -> Hits:
    strategy = req.default_capacity_provider_strategy
    if not strategy:
        return None
    listed = set(req.capacity_providers or ())
    path = _path(req)
    hits = [
        Hit(
            path("default_capacity_provider_strategy", i, "capacity_provider"),
            f"capacity provider {item.capacity_provider!r} is not in capacityProviders",
            f"add {item.capacity_provider!r} to capacityProviders",
        )
        for i, item in enumerate(strategy)
        if item.capacity_provider not in listed and not templated(item.capacity_provider)
    ]
    return hits or None


@rule(
    "cluster-max-providers",
    E,
    CLUSTER,
    phase=API,
    aws_code=INVALID,
    summary="At most 20 capacity providers are associated with a cluster.",
    why="Capacity providers per cluster is a quota of 20 that cannot be raised; the call is rejected beyond it.",
    fix="Associate fewer capacity providers (several Auto Scaling groups can often be merged).",
    docs=_docs.QUOTAS,
)
def max_providers(req: ClusterRequest) -> Hits:
    count = len(req.capacity_providers or ())
    if count <= MAX_PROVIDERS:
        return None
    return [Hit(_path(req)("capacity_providers"), f"{count} capacity providers; at most {MAX_PROVIDERS} are allowed")]


@rule(
    "tag-cluster",
    E,
    CLUSTER,
    phase=API,
    aws_code=INVALID,
    summary="Cluster tags: at most 50, keys 1-128 and values 0-256 characters of letters, digits, spaces and "
    "_ . : / = + - @, keys unique and not starting with 'aws:'.",
    why="CreateCluster rejects tags that break these limits with an InvalidParameterException; the aws: prefix "
    "(in any case) is reserved for AWS.",
    fix="Shorten or rename the tags, remove repeated keys, and do not use the aws: prefix.",
    docs=_docs.TAGGING,
)
def cluster_tags(req: ClusterRequest) -> Hits:
    if not isinstance(req, CreateClusterRequest) or not req.tags:
        return None
    return tag_hits(req.tags, _path(req)) or None
