"""The fake's state: per (account, Region), the resources as the API describes them (models), and the little
the scheduler needs beside them (:mod:`ecskit.backends.fake.runtime`).

Keeping state as API models makes describe calls a lookup and saving a fake a matter of the codec: what is saved
is exactly what a describe call would show, plus the scheduler's queue and what live tasks hold.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import attrs

from ecskit.backends.fake.balancing import LoadBalancing
from ecskit.backends.fake.capacity_state import CapacityState
from ecskit.backends.fake.network import Subnet
from ecskit.backends.fake.runtime import Event, InstanceRun, ServiceRun, TaskRun, port_cursors
from ecskit.codec import from_api, to_api
from ecskit.codec.convert import to_json
from ecskit.models import replace
from ecskit.models.ecs import (
    Cluster,
    ContainerInstance,
    RegisterTaskDefinitionRequest,
    Service,
    ServiceDeployment,
    Tag,
    Task,
    TaskDefinition,
)
from ecskit.models.iam import Role
from ecskit.placement import ClusterState

if TYPE_CHECKING:  # launch.py builds on this module
    from ecskit.backends.fake.launch import Launch

__all__ = ["RegionState", "World"]


def _data(model: Any) -> Any:
    return json.loads(to_json(model))


@attrs.define
class RegionState:
    """Everything one account has in one Region."""

    account: str
    region: str
    #: cluster name -> cluster
    clusters: dict[str, Cluster] = attrs.field(factory=dict)
    #: family -> revisions (index = revision - 1)
    task_definitions: dict[str, list[TaskDefinition]] = attrs.field(factory=dict)
    #: resource ARN -> tags (ECS keeps tags apart from the resources' descriptions)
    tags: dict[str, tuple[Tag, ...]] = attrs.field(factory=dict)
    #: container instance ARN -> container instance (every cluster, in registration order)
    container_instances: dict[str, ContainerInstance] = attrs.field(factory=dict)
    #: container instance ARN -> what placement needs beside the model (registered instances only)
    instance_runs: dict[str, InstanceRun] = attrs.field(factory=dict)
    #: task ARN -> task (every cluster, in creation order; STOPPED tasks are forgotten an hour after they stop)
    tasks: dict[str, Task] = attrs.field(factory=dict)
    #: task ARN -> what a task that is not STOPPED yet holds
    runs: dict[str, TaskRun] = attrs.field(factory=dict)
    #: subnet id -> subnet (declared, or made up on first use)
    subnets: dict[str, Subnet] = attrs.field(factory=dict)
    #: service ARN -> service (every cluster, in creation order)
    services: dict[str, Service] = attrs.field(factory=dict)
    #: service ARN -> what the service scheduler keeps beside the model
    service_runs: dict[str, ServiceRun] = attrs.field(factory=dict)
    #: service deployment ARN -> service deployment (DescribeServiceDeployments)
    service_deployments: dict[str, ServiceDeployment] = attrs.field(factory=dict)
    #: services with an immediate reconcile queued (retries and grace-period checks are queued apart)
    pokes: set[str] = attrs.field(factory=set)
    #: container instance ARN -> (running, pending, version) changes not applied to its model yet
    #: (see bookkeeping.sync_instance; not saved: applied before saving)
    stale_instances: dict[str, tuple[int, int, int]] = attrs.field(factory=dict)
    #: cluster name -> (registered instances, running, pending) count changes not applied to its model yet
    stale_clusters: dict[str, tuple[int, int, int]] = attrs.field(factory=dict)
    #: role ARN -> role declared with FakeBackend.put_role (see roles.py)
    roles: dict[str, Role] = attrs.field(factory=dict)
    #: load balancers, listeners, target groups and their targets (see targets.py)
    load_balancing: LoadBalancing = attrs.field(factory=LoadBalancing)
    #: capacity providers, Auto Scaling groups, tasks waiting for capacity (see capacity_state.py)
    capacity: CapacityState = attrs.field(factory=CapacityState)
    #: principal ARN -> account setting name -> value (the root user's are the account's defaults)
    account_settings: dict[str, dict[str, str]] = attrs.field(factory=dict)
    #: task ARN -> when its scale-in protection expires (seconds of virtual time; see task_protection.py)
    protection: dict[str, float] = attrs.field(factory=dict)
    #: the scheduler's queue (a heap of events by due time)
    events: list[Event] = attrs.field(factory=list)
    event_seq: int = 0
    #: EC2 instance id -> registered container instance ARN (not saved: rebuilt on first use)
    ec2_index: dict[str, str] | None = None
    #: task definition ARN -> its register form, for the validators (not saved: derived on first use)
    register_forms: dict[str, RegisterTaskDefinitionRequest] = attrs.field(factory=dict)
    #: launches kept for reuse by launch.launch_for (not saved: a cache)
    launches: dict[tuple[object, ...], Launch] = attrs.field(factory=dict)
    #: cluster name -> placement view (not saved: rebuilt on first use, see runtime.cluster_index)
    placement: dict[str, ClusterState] = attrs.field(factory=dict)

    def to_data(self) -> dict[str, Any]:
        """A JSON-ready dict of this state (models through the codec: lossless)."""
        instance_runs = []
        for arn, run in self.instance_runs.items():
            index = self.placement.get(run.cluster)
            saved = run if index is None or arn not in index else replace(run, cursors=port_cursors(index, arn))
            instance_runs.append(saved.to_data())
        return {
            "account": self.account,
            "region": self.region,
            "clusters": [_data(c) for c in self.clusters.values()],
            "taskDefinitions": {f: [_data(t) for t in revs] for f, revs in self.task_definitions.items()},
            "tags": {a: [to_api(t) for t in tags] for a, tags in self.tags.items()},
            "containerInstances": [_data(c) for c in self.container_instances.values()],
            "instanceRuns": instance_runs,
            "tasks": [_data(t) for t in self.tasks.values()],
            "runs": [r.to_data() for r in self.runs.values()],
            "subnets": [s.to_data() for s in self.subnets.values()],
            "services": [_data(s) for s in self.services.values()],
            "serviceRuns": [r.to_data() for r in self.service_runs.values()],
            "serviceDeployments": [_data(d) for d in self.service_deployments.values()],
            "pokes": sorted(self.pokes),
            "events": [list(e) for e in self.events],
            "eventSeq": self.event_seq,
            "loadBalancing": self.load_balancing.to_data(),
            "roles": {arn: to_api(role) for arn, role in self.roles.items()},
            "capacity": self.capacity.to_data(),
            "accountSettings": self.account_settings,
            "protection": self.protection,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> RegionState:
        """The state saved by :meth:`to_data`."""
        clusters = [from_api(c, Cluster) for c in data["clusters"]]
        instances = [from_api(c, ContainerInstance) for c in data.get("containerInstances", [])]
        tasks = [from_api(t, Task) for t in data.get("tasks", [])]
        runs = [TaskRun.from_data(r) for r in data.get("runs", [])]
        services = [from_api(s, Service) for s in data.get("services", [])]
        deployments = [from_api(d, ServiceDeployment) for d in data.get("serviceDeployments", [])]
        events = [Event(*e) for e in data.get("events", [])]
        state = cls(
            account=data["account"],
            region=data["region"],
            clusters={c.cluster_name or "": c for c in clusters},
            task_definitions={
                f: [from_api(t, TaskDefinition) for t in revs] for f, revs in data["taskDefinitions"].items()
            },
            tags={a: tuple(from_api(t, Tag) for t in tags) for a, tags in data["tags"].items()},
            container_instances={c.container_instance_arn or "": c for c in instances},
            instance_runs={r["arn"]: InstanceRun.from_data(r) for r in data.get("instanceRuns", [])},
            tasks={t.task_arn or "": t for t in tasks},
            runs={r.arn: r for r in runs},
            subnets={s["subnetId"]: Subnet.from_data(s) for s in data.get("subnets", [])},
            services={s.service_arn or "": s for s in services},
            service_runs={r["arn"]: ServiceRun.from_data(r) for r in data.get("serviceRuns", [])},
            service_deployments={d.service_deployment_arn or "": d for d in deployments},
            pokes=set(data.get("pokes", [])),
            events=events,
            event_seq=data.get("eventSeq", 0),
            load_balancing=LoadBalancing.from_data(data.get("loadBalancing", {})),
            roles={arn: from_api(role, Role) for arn, role in data.get("roles", {}).items()},
            capacity=CapacityState.from_data(data["capacity"]) if "capacity" in data else CapacityState(),
            account_settings={p: dict(s) for p, s in data.get("accountSettings", {}).items()},
            protection={a: float(t) for a, t in data.get("protection", {}).items()},
        )
        for run in runs:
            if run.subnet_id is not None and run.address is not None:
                state.subnets[run.subnet_id].hold(run.address)
        return state


@attrs.define
class World:
    """All accounts and Regions of one fake."""

    regions: dict[tuple[str, str], RegionState] = attrs.field(factory=dict)

    def region(self, account: str, region: str) -> RegionState:
        """The state of one account in one Region (created empty on first use)."""
        key = (account, region)
        state = self.regions.get(key)
        if state is None:
            state = self.regions[key] = RegionState(account=account, region=region)
        return state
