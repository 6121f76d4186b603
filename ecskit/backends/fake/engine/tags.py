"""Tags of ECS resources: what the create calls and TagResource take (:func:`checked_tags`), and the resource an ARN
of TagResource, UntagResource and ListTagsForResource names (:func:`tagged_arn`), with ECS's answers.

ECS keeps tags apart from the resources' descriptions (``Region.tags``, by ARN). Taggable
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-using-tags.html): clusters, services, tasks, task
definitions, container instances, capacity providers and task sets, in the long ARN format only; daemons and daemon
task definitions too (their API reference pages take ``tags``). An ARN:

* of another service, account or Region, or of no taggable kind: "The ARN provided is invalid." (boto/boto3#2774);
* of a service, task or container instance in the old format (without the cluster's name): "Long arn format must be
  used for tagging operations" (reproio/ecs_deploy#49);
* of a cluster that does not exist: ClusterNotFoundException, as of a service, task, task set or container instance
  of one; of a deleted (INACTIVE) cluster, still listed: TagResource and UntagResource are refused ("The specified
  cluster is inactive. ...", gruntwork-io/cloud-nuke#145), ListTagsForResource answers;
* of any other resource that does not exist: ResourceNotFoundException (TagResource, UntagResource), or
  InvalidParameterException (ListTagsForResource, whose model has no ResourceNotFoundException).

Tags with the ``aws:`` prefix are ECS's own (``aws:ecs:clusterName``, ``aws:ecs:serviceName`` of managed tags):
a request may not set or remove them, and they do not count toward the 50 a resource can have.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ecskit._text import whole
from ecskit.backends.fake.core.capacity import FARGATE_PROVIDERS
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.models.ecs import Tag
from ecskit.texts import ErrorText, ecs
from ecskit.validation.tagging import TagProblem, is_reserved, tag_problems

__all__ = ["TAGGABLE", "checked_keys", "checked_tags", "tagged_arn"]

_REFUSALS: dict[TagProblem, ErrorText] = {
    TagProblem.COUNT: ecs.TAGS_TOO_MANY,
    TagProblem.NO_KEY: ecs.TAG_KEY_INVALID,
    TagProblem.KEY_LENGTH: ecs.TAG_KEY_INVALID,
    TagProblem.KEY_CHARACTERS: ecs.TAG_KEY_INVALID,
    TagProblem.KEY_RESERVED: ecs.TAG_KEY_RESERVED,
    TagProblem.KEY_REPEATED: ecs.TAG_KEY_REPEATED,
    TagProblem.VALUE_LENGTH: ecs.TAG_VALUE_INVALID,
    TagProblem.VALUE_CHARACTERS: ecs.TAG_VALUE_INVALID,
}
_ARN = re.compile(r"arn:aws[a-z-]*:ecs:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):(?P<kind>[a-z-]+)/(?P<rest>.+)\Z")


def checked_tags(given: Iterable[Tag] | None, current: Iterable[Tag] = ()) -> tuple[Tag, ...]:
    """The tags of a resource after ``given`` are put on it (a key already there takes its new value), refused as
    ECS refuses them: a key of the aws: prefix, a key or value too long or of other characters, a key given twice,
    more than 50 tags."""
    added = tuple(given or ())
    for found in tag_problems(added):
        if found.problem is not TagProblem.COUNT:
            refuse(_REFUSALS[found.problem], key=found.key)
    merged = {t.key: t for t in current}
    merged.update((t.key, t) for t in added)
    if sum(1 for key in merged if key is None or not is_reserved(key)) > 50:
        refuse(ecs.TAGS_TOO_MANY)
    return tuple(merged.values())


def checked_keys(keys: Iterable[str]) -> frozenset[str]:
    """The keys UntagResource removes (keys of the aws: prefix are ECS's: refused)."""
    found = frozenset(keys)
    for key in found:
        if not key:
            refuse(ecs.TAG_KEY_INVALID)
        if is_reserved(key):
            refuse(ecs.TAG_KEY_RESERVED)
    return found


# -- what an ARN names --------------------------------------------------------------------------------------------


def _cluster(env: Env, name: str, write: bool) -> None:
    found = env.state.clusters.get(name)
    if found is None:
        refuse(ecs.CLUSTER_NOT_FOUND)
    if write and not found.active:
        refuse(ecs.CLUSTER_INACTIVE)


def _in_cluster(rest: str, parts: int) -> list[str]:
    """``rest`` split in ``parts`` (cluster name first); the old format (one part fewer) is refused."""
    split = rest.split("/")
    if len(split) == parts - 1:
        refuse(ecs.LONG_ARN_REQUIRED)
    if len(split) != parts or not all(split):
        refuse(ecs.ARN_INVALID)
    return split


def _cluster_exists(env: Env, arn: str, rest: str, write: bool) -> bool:
    if "/" in rest:
        refuse(ecs.ARN_INVALID)
    _cluster(env, rest, write)
    return True


def _service_exists(env: Env, arn: str, rest: str, write: bool) -> bool:
    cluster, _ = _in_cluster(rest, 2)
    _cluster(env, cluster, False)
    return arn in env.state.services


def _task_exists(env: Env, arn: str, rest: str, write: bool) -> bool:
    cluster, _ = _in_cluster(rest, 2)
    _cluster(env, cluster, False)
    return arn in env.state.tasks


def _instance_exists(env: Env, arn: str, rest: str, write: bool) -> bool:
    cluster, _ = _in_cluster(rest, 2)
    _cluster(env, cluster, False)
    return arn in env.state.instances


def _task_set_exists(env: Env, arn: str, rest: str, write: bool) -> bool:
    # task-set/<cluster>/<service>/<id>, where the id itself holds a slash (ecs-svc/<digits>)
    cluster, _, in_cluster = rest.partition("/")
    service, _, id_ = in_cluster.partition("/")
    if not cluster or not service or not id_:
        refuse(ecs.ARN_INVALID)
    _cluster(env, cluster, False)
    found = env.state.services.get(env.arn(f"service/{cluster}/{service}"))
    return found is not None and any(s.arn == arn for s in found.task_sets)


def _definition_exists(env: Env, arn: str, rest: str, write: bool) -> bool:
    family, _, revision = rest.partition(":")
    return 1 <= (whole(revision) or 0) <= len(env.state.definitions.get(family, ()))


def _daemon_definition_exists(env: Env, arn: str, rest: str, write: bool) -> bool:
    family, _, revision = rest.partition(":")
    return bool(family) and 1 <= (whole(revision) or 0) <= len(env.state.daemon_definitions.get(family, ()))


def _daemon_exists(env: Env, arn: str, rest: str, write: bool) -> bool:
    cluster, _ = _in_cluster(rest, 2)
    _cluster(env, cluster, False)
    return arn in env.state.daemons


def _provider_exists(env: Env, arn: str, rest: str, write: bool) -> bool:
    return rest not in FARGATE_PROVIDERS and rest in env.state.providers


#: The taggable kinds of ECS resource (the part of the ARN before the first ``/``), each with the test of whether the
#: rest of an ARN names one (refusing as ECS does on the way: a missing cluster, the old ARN format).
TAGGABLE: dict[str, Callable[[Env, str, str, bool], bool]] = {
    "cluster": _cluster_exists,
    "service": _service_exists,
    "task": _task_exists,
    "container-instance": _instance_exists,
    "task-set": _task_set_exists,
    "task-definition": _definition_exists,
    "capacity-provider": _provider_exists,
    "daemon": _daemon_exists,
    "daemon-task-definition": _daemon_definition_exists,
}


def tagged_arn(env: Env, arn: str, *, write: bool) -> str:
    """The ARN under which the tags of the resource ``arn`` names are kept, or ECS's error (see the module's
    documentation); ``write`` for TagResource and UntagResource."""
    found = _ARN.match(arn)
    if found is None or (found["region"], found["account"]) != (env.region, env.account):
        refuse(ecs.ARN_INVALID)
    exists = TAGGABLE.get(found["kind"])
    if exists is None:
        refuse(ecs.ARN_INVALID)
    key = env.arn(f"{found['kind']}/{found['rest']}")
    if not exists(env, key, found["rest"], write):
        refuse(ecs.RESOURCE_NOT_FOUND if write else ecs.RESOURCE_NOT_FOUND_LIST)
    return key
