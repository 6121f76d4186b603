"""Queries of the records: a cluster, a task definition revision, a container instance, a task or a service by the
references calls give (names, ids, ARNs), with the errors AWS answers when one is not there."""

from __future__ import annotations

from ecskit._text import whole
from ecskit.backends.fake.core.clusters import ClusterRecord, cluster_name
from ecskit.backends.fake.core.daemons import DaemonDefinitionRecord, runs
from ecskit.backends.fake.core.definitions import DefinitionRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.instances import InstanceRecord
from ecskit.backends.fake.core.services import NamespaceRecord, ServiceRecord, TaskSetRecord
from ecskit.backends.fake.core.tasks import TaskRecord
from ecskit.texts import ErrorText, ecs

__all__ = [
    "active_cluster",
    "active_definition",
    "check_compatible",
    "definition_of",
    "find_cluster",
    "find_daemon_definition",
    "find_instance",
    "find_namespace",
    "find_service",
    "find_task",
    "find_task_set",
    "instance_arn",
    "is_protected",
    "resolve_definition",
    "service_arn",
    "service_tasks",
    "task_arn",
    "task_set_arn",
]


def find_cluster(env: Env, ref: str | None) -> ClusterRecord:
    """An ACTIVE cluster by name or ARN, or ClusterNotFoundException as AWS raises it."""
    found = env.state.clusters.get(cluster_name(ref))
    if found is None or not found.active:
        refuse(ecs.CLUSTER_NOT_FOUND)
    return found


def active_cluster(env: Env, ref: str | None, inactive: ErrorText) -> ClusterRecord:
    """:func:`find_cluster`, but a deleted cluster is refused with ``inactive`` (as the calls that launch tasks
    answer)."""
    found = env.state.clusters.get(cluster_name(ref))
    if found is not None and not found.active:
        refuse(inactive)
    return find_cluster(env, ref)


def resolve_definition(env: Env, ref: str) -> DefinitionRecord | None:
    """The revision ``ref`` names: ``family`` (its latest ACTIVE revision), ``family:revision`` or an ARN (whatever
    its status, DELETE_IN_PROGRESS included); None when there is none."""
    if ref.startswith("arn:"):
        _, marker, text = ref.partition(":task-definition/")
        if not marker:  # the ARN of something else
            return None
    else:
        text = ref
    family, _, rev = text.partition(":")
    revisions = env.state.definitions.get(family, ())
    found: DefinitionRecord | None = None
    if not rev:
        found = next((d for d in reversed(revisions) if d.active), None)
    elif 1 <= (number := whole(rev) or 0) <= len(revisions):
        found = revisions[number - 1]
    return found


def active_definition(env: Env, ref: str) -> DefinitionRecord:
    """The ACTIVE revision ``ref`` names, or the error CreateService, UpdateService and CreateTaskSet answer."""
    found = resolve_definition(env, ref)
    if found is None:
        refuse(ecs.DEFINITION_NOT_FOUND_SERVICE)
    if not found.active:
        refuse(ecs.DEFINITION_INACTIVE_SERVICE)
    return found


def check_compatible(definition: DefinitionRecord, launch_type: str) -> None:
    """Refused when a revision's compatibilities do not include ``launch_type``."""
    if launch_type not in {str(c) for c in definition.body.compatibilities or ()}:
        refuse(ecs.DEFINITION_LAUNCH_TYPE, launch_type=launch_type)


def definition_of(env: Env, arn: str) -> DefinitionRecord:
    """The revision of a task definition ARN the fake issued (a task's, a service's; a daemon task's: what its daemon
    task definition runs)."""
    family, _, revision = arn.rsplit("/", 1)[-1].partition(":")
    if "daemon-task-definition/" in arn:
        return runs(env.state.daemon_definitions[family][int(revision) - 1])
    return env.state.definitions[family][int(revision) - 1]


def instance_arn(env: Env, cluster: str, instance_id: str) -> str:
    """The ARN of a container instance of ``cluster`` (the long format AWS uses today)."""
    return env.arn(f"container-instance/{cluster}/{instance_id}")


def find_instance(env: Env, cluster: str, ref: str) -> InstanceRecord | None:
    """A container instance of ``cluster`` by id or ARN (INACTIVE ones included), or None."""
    arn = ref if ref.startswith("arn:") else instance_arn(env, cluster, ref)
    found = env.state.instances.get(arn)
    return found if found is not None and found.cluster == cluster else None


def task_arn(env: Env, cluster: str, task_id: str) -> str:
    """The ARN of a task of ``cluster``."""
    return env.arn(f"task/{cluster}/{task_id}")


def find_task(env: Env, cluster: ClusterRecord, ref: str) -> TaskRecord | None:
    """A task of ``cluster`` by id or ARN (the old ARN format without the cluster's name included), or None."""
    tasks = env.state.tasks
    found = tasks.get(ref)  # a task's own ARN, as most callers give
    if found is not None:
        return found if found.cluster == cluster.name else None
    if ref.startswith("arn:"):
        resource = ref.split(":", 5)[-1]
        if resource.count("/") != 1:  # an ARN of no task of this account and Region
            return None
        ref = resource.split("/", 1)[1]  # arn:...:task/<id>
    return tasks.get(task_arn(env, cluster.name, ref))


def service_arn(env: Env, cluster: str, name: str) -> str:
    """The ARN of service ``name`` of ``cluster``."""
    return env.arn(f"service/{cluster}/{name}")


def find_service(env: Env, cluster: ClusterRecord, ref: str) -> ServiceRecord | None:
    """A service of ``cluster`` by name or ARN (INACTIVE ones included), or None."""
    name = ref.rsplit("/", 1)[-1] if ref.startswith("arn:") else ref
    found = env.state.services.get(service_arn(env, cluster.name, name))
    return found if found is not None and found.cluster == cluster.name else None


def task_set_arn(env: Env, service: ServiceRecord, set_id: str) -> str:
    """The ARN of task set ``set_id`` of ``service`` (``task-set/<cluster>/<service>/<id>``, the id being
    ``ecs-svc/<digits>``, as the AWS CLI's examples show)."""
    return env.arn(f"task-set/{service.cluster}/{service.name}/{set_id}")


def find_task_set(env: Env, service: ServiceRecord, ref: str) -> TaskSetRecord | None:
    """A task set of ``service`` by id or ARN, or None. An ARN that names no task set at all (a task's, say) is
    refused (``ecskit.texts.ecs.TASK_SET_ID_INVALID``)."""
    if ref.startswith("arn:"):
        resource = ref.split(":", 5)[-1]
        if not resource.startswith("task-set/"):
            refuse(ecs.TASK_SET_ID_INVALID)
        return next((s for s in service.task_sets if s.arn == ref), None)
    return next((s for s in service.task_sets if s.id == ref), None)


def service_tasks(env: Env, service: ServiceRecord) -> list[TaskRecord]:
    """The service's tasks the fake still remembers (STOPPED ones included), oldest first."""
    return env.state.group_tasks(service.cluster, service.group)


def is_protected(env: Env, task_arn: str) -> bool:
    """Whether a task's scale-in protection holds now."""
    expiry = env.state.protection.get(task_arn)
    return expiry is not None and env.now < expiry


def find_namespace(env: Env, ref: str) -> NamespaceRecord | None:
    """A Service Connect namespace the fake knows, by name or ARN, or None."""
    found = env.state.namespaces.get(ref)
    if found is not None or not ref.startswith("arn:"):
        return found
    return next((n for n in env.state.namespaces.values() if n.arn == ref), None)


def find_daemon_definition(env: Env, ref: str) -> DaemonDefinitionRecord | None:
    """The daemon task definition revision ``ref`` names: ``family`` (its latest ACTIVE revision), ``family:revision``
    or an ARN; None when there is none."""
    if ref.startswith("arn:"):
        _, marker, text = ref.partition(":daemon-task-definition/")
        if not marker:
            return None
    else:
        text = ref
    family, _, rev = text.partition(":")
    revisions = env.state.daemon_definitions.get(family, ())
    if not rev:
        return next((d for d in reversed(revisions) if d.active), None)
    if 1 <= (number := whole(rev) or 0) <= len(revisions):
        return revisions[number - 1]
    return None
