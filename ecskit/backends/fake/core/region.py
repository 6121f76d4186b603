"""Everything one account has in one Region (:class:`Region`), and the whole fake (:class:`World`: every account
and Region, the clock, the ids, the faults and the queue of events)."""

from __future__ import annotations

import heapq

import attrs

from ecskit.backends.fake.core.balancing import Balancing
from ecskit.backends.fake.core.base import derived
from ecskit.backends.fake.core.bus import BusEvent, Relay
from ecskit.backends.fake.core.capacity import GroupRecord, ProviderRecord, WaitingTask
from ecskit.backends.fake.core.clock import VirtualClock
from ecskit.backends.fake.core.clusters import ClusterRecord
from ecskit.backends.fake.core.daemons import DaemonDefinitionRecord, DaemonDeploymentRecord, DaemonRecord
from ecskit.backends.fake.core.definitions import DefinitionRecord
from ecskit.backends.fake.core.ecr import PrivateRegistry
from ecskit.backends.fake.core.ecr_public import PublicRegistry
from ecskit.backends.fake.core.ecr_scanning import VulnerabilityCatalogue
from ecskit.backends.fake.core.ecr_upstream import UpstreamRegistries
from ecskit.backends.fake.core.eventbridge import EventBridgeRecord
from ecskit.backends.fake.core.events import Event, Queued
from ecskit.backends.fake.core.faults import Faults
from ecskit.backends.fake.core.ids import IdFactory
from ecskit.backends.fake.core.instances import InstanceRecord
from ecskit.backends.fake.core.network import Subnet
from ecskit.backends.fake.core.services import NamespaceRecord, ServiceDeploymentRecord, ServiceRecord
from ecskit.backends.fake.core.tasks import TaskRecord
from ecskit.models.ecs import DaemonRevision, ServiceRevision, Tag
from ecskit.models.iam import Role
from ecskit.placement import ClusterState

__all__ = ["Region", "World"]


@attrs.define(kw_only=True)
class Region:
    """Everything one account has in one Region."""

    account: str
    region: str
    #: cluster name -> cluster
    clusters: dict[str, ClusterRecord] = attrs.field(factory=dict)
    #: family -> its revisions (index = revision - 1)
    definitions: dict[str, list[DefinitionRecord]] = attrs.field(factory=dict)
    #: container instance ARN -> container instance (every cluster, in registration order)
    instances: dict[str, InstanceRecord] = attrs.field(factory=dict)
    #: task ARN -> task (every cluster, in creation order)
    tasks: dict[str, TaskRecord] = attrs.field(factory=dict)
    #: service ARN -> service (every cluster, in creation order)
    services: dict[str, ServiceRecord] = attrs.field(factory=dict)
    #: service deployment ARN -> its record
    service_deployments: dict[str, ServiceDeploymentRecord] = attrs.field(factory=dict)
    #: service revision ARN -> the revision (as DescribeServiceRevisions shows it; never changed once made)
    service_revisions: dict[str, ServiceRevision] = attrs.field(factory=dict)
    #: Cloud Map namespace name -> the namespace (made when Service Connect first names it)
    namespaces: dict[str, NamespaceRecord] = attrs.field(factory=dict)
    #: daemon task definition family -> its revisions (index = revision - 1)
    daemon_definitions: dict[str, list[DaemonDefinitionRecord]] = attrs.field(factory=dict)
    #: daemon ARN -> daemon (every cluster, in creation order)
    daemons: dict[str, DaemonRecord] = attrs.field(factory=dict)
    #: daemon revision ARN -> the revision (as DescribeDaemonRevisions shows it)
    daemon_revisions: dict[str, DaemonRevision] = attrs.field(factory=dict)
    #: daemon deployment ARN -> its record (in creation order)
    daemon_deployments: dict[str, DaemonDeploymentRecord] = attrs.field(factory=dict)
    #: resource ARN -> tags (ECS keeps tags apart from the resources' descriptions)
    tags: dict[str, tuple[Tag, ...]] = attrs.field(factory=dict)
    #: subnet id -> subnet (declared, or made up on first use)
    subnets: dict[str, Subnet] = attrs.field(factory=dict)
    #: role ARN -> role declared with FakeBackend.put_role
    roles: dict[str, Role] = attrs.field(factory=dict)
    balancing: Balancing = attrs.field(factory=Balancing)
    #: capacity provider name -> provider (FARGATE and FARGATE_SPOT are built in, not stored)
    providers: dict[str, ProviderRecord] = attrs.field(factory=dict)
    #: Auto Scaling group name -> group
    groups: dict[str, GroupRecord] = attrs.field(factory=dict)
    #: task ARN -> a task waiting for capacity (in the order they started waiting)
    waiting: dict[str, WaitingTask] = attrs.field(factory=dict)
    #: cluster name -> when its queued retry of the waiting tasks is due
    retries: dict[str, float] = attrs.field(factory=dict)
    #: principal ARN -> account setting name -> value (the root user's are the account's defaults)
    settings: dict[str, dict[str, str]] = attrs.field(factory=dict)
    #: task ARN -> when its scale-in protection expires (seconds of virtual time)
    protection: dict[str, float] = attrs.field(factory=dict)
    #: services with an immediate reconcile queued
    pokes: set[str] = attrs.field(factory=set)
    #: the account's private ECR registry in this Region
    ecr: PrivateRegistry = attrs.field(factory=PrivateRegistry)
    #: the account's ECR Public registry
    ecr_public: PublicRegistry = attrs.field(factory=PublicRegistry)
    #: the events sent to EventBridge in this account and Region, in order
    bus: list[BusEvent] = attrs.field(factory=list)
    #: EventBridge's rules and targets here, and what the targets received
    eventbridge: EventBridgeRecord = attrs.field(factory=EventBridgeRecord)
    # -- derived (rebuilt when first needed) ------------------------------------------------------------------------
    #: cluster name -> the placement view of its registered instances and the tasks placed on them
    placement: dict[str, ClusterState] = derived(factory=dict)
    #: EC2 instance id -> the ARN of its registered container instance
    ec2_index: dict[str, str] | None = derived(default=None)
    #: launches kept for reuse (see engine.launch.launch_for)
    launches: dict[tuple[object, ...], object] = derived(factory=dict)
    #: (cluster name, task group) -> its tasks by ARN, oldest first (kept by :meth:`add_task` and :meth:`drop_task`)
    by_group: dict[tuple[str, str], dict[str, TaskRecord]] | None = derived(default=None)

    def add_task(self, task: TaskRecord) -> None:
        """Store a new task."""
        self.tasks[task.arn] = task
        if self.by_group is not None:
            self.by_group.setdefault((task.cluster, task.group), {})[task.arn] = task

    def drop_task(self, arn: str) -> None:
        """Forget a task (its tags and scale-in protection with it)."""
        task = self.tasks.pop(arn)
        self.tags.pop(arn, None)
        self.protection.pop(arn, None)
        group = self.by_group.get((task.cluster, task.group)) if self.by_group is not None else None
        if group is not None:
            group.pop(arn, None)

    def group_tasks(self, cluster: str, group: str) -> list[TaskRecord]:
        """The tasks of one group of a cluster (a service's are group ``service:<name>``), oldest first."""
        index = self.by_group
        if index is None:
            index = self.by_group = {}
            for task in self.tasks.values():
                index.setdefault((task.cluster, task.group), {})[task.arn] = task
        found = index.get((cluster, group))
        return list(found.values()) if found else []

    def arn(self, resource: str, service: str = "ecs") -> str:
        """An ARN of ``service`` in this account and Region."""
        return f"arn:aws:{service}:{self.region}:{self.account}:{resource}"


@attrs.define(kw_only=True)
class World:
    """The whole fake."""

    clock: VirtualClock
    ids: IdFactory
    faults: Faults
    #: (account, Region) -> its records
    regions: dict[tuple[str, str], Region] = attrs.field(factory=dict)
    #: the queue of events: a heap of (due, seq, account, Region, event)
    queue: list[tuple[float, int, str, str, Event]] = attrs.field(factory=list)
    #: how many events were ever queued (orders events due at the same time)
    seq: int = 0
    #: how many EventBridge events were ever sent (numbers their ids)
    events_sent: int = 0
    #: what the registries outside AWS hold (declared images that pull through cache rules serve)
    upstream: UpstreamRegistries = attrs.field(factory=UpstreamRegistries)
    #: what images contain and which vulnerabilities affect them (what ECR's scans find)
    vulnerabilities: VulnerabilityCatalogue = attrs.field(factory=VulnerabilityCatalogue)
    #: events on their way to EventBridge (derived: a save flushes it first)
    relay: Relay = derived(factory=Relay)

    def region(self, account: str, region: str) -> Region:
        """The records of one account in one Region (made empty on first use)."""
        key = (account, region)
        found = self.regions.get(key)
        if found is None:
            found = self.regions[key] = Region(account=account, region=region)
        return found

    def push(self, due: float, account: str, region: str, event: Event) -> None:
        """Queue ``event`` at ``due`` (events due at the same time run in the order they were queued)."""
        self.seq += 1
        heapq.heappush(self.queue, (due, self.seq, account, region, event))

    def pop_due(self, until: float) -> tuple[float, int, str, str, Event] | None:
        """The next event due at or before ``until`` (taken off the queue), or None."""
        queue = self.queue
        if not queue or queue[0][0] > until:
            return None
        return heapq.heappop(queue)

    def queued(self) -> list[Queued]:
        """Every event queued, in the order they will run."""
        return [Queued(due=d, seq=s, account=a, region=r, event=e) for d, s, a, r, e in sorted(self.queue)]
