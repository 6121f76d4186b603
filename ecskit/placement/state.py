"""The container instances of a cluster as placement sees them, kept indexed so that placing a task does not scan them.

A :class:`ClusterState` belongs to its caller (a fake backend, a what-if notebook): it is plain mutable data with no
I/O and no global state. Instances are added, changed and removed through its methods, and tasks are placed and
released through :mod:`ecskit.placement.engine`, so that its indexes stay right:

* sorted indexes of the ACTIVE instances (``ecskit.placement._index``), built when a placement first needs them and
  kept up to date after: by remaining cpu or memory (``binpack``), by the number of a group's tasks (``spread`` on
  ``instanceId``) or by registration order alone (the final tie-break); each for the whole cluster or one per value
  of an attribute a ``spread`` is chained before it on, and each for all instances or only those a static
  constraint selects;
* per attribute a ``spread`` uses: how many instances have each value, and how many tasks of each group run there;
* a version number that changes whenever something a static ``memberOf`` expression can look at changes (instances,
  attributes, agent connection, status): the engine's cache of what such an expression selects, and the indexes
  restricted to it, are dropped then.

:class:`Instance` objects are read-only views of one instance (they satisfy
:class:`~ecskit.placement.query.InstanceView`, so cluster queries evaluate on them directly).

>>> state = ClusterState()
>>> web = state.add("ci-1", instance_type="m5.large", availability_zone="us-east-1a")
>>> web.remaining, web.attributes["ecs.availability-zone"], web.instance_type
(Resources(cpu=2048, memory=7984, gpu=0, enis=2), 'us-east-1a', 'm5.large')
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from ecskit.errors import UsageError
from ecskit.placement._index import Family as _Family
from ecskit.placement._index import SortedIndex
from ecskit.placement.instance_types import DEFAULT_RESERVED_TCP_PORTS, registered_resources
from ecskit.placement.instance_types import instance_type as _instance_type
from ecskit.placement.resources import Demand, PortSet, Resources

__all__ = ["EPHEMERAL_PORTS", "ClusterState", "Instance", "TaskPlacement"]

#: The host ports Docker hands out for dynamic ``bridge`` mappings (the Linux default range the ECS docs name).
EPHEMERAL_PORTS = range(49153, 65536)
_ACTIVE = "ACTIVE"
_K = TypeVar("_K")
AZ_ATTRIBUTE = "ecs.availability-zone"
INSTANCE_TYPE_ATTRIBUTE = "ecs.instance-type"


@attrs.frozen(kw_only=True)
class TaskPlacement:
    """One placed task: the instance it runs on, what it takes there and the dynamic host ports it was given."""

    instance_id: str
    demand: Demand
    #: The task's group (``service:web``, ``family:app``, ...), which ``spread``, ``distinctInstance`` and
    #: ``task:group`` look at.
    group: str
    #: Dynamic host ports, in the order of the demand's dynamic mappings.
    dynamic_tcp_ports: tuple[int, ...] = ()
    dynamic_udp_ports: tuple[int, ...] = ()

    @property
    def host_ports(self) -> PortSet:
        """Every host port the task holds: fixed and dynamic."""
        return PortSet(
            tcp=self.demand.tcp_ports | frozenset(self.dynamic_tcp_ports),
            udp=self.demand.udp_ports | frozenset(self.dynamic_udp_ports),
        )


class Instance:
    """One container instance as placement sees it (read-only: change it through its :class:`ClusterState`)."""

    __slots__ = (
        "_agent_connected",
        "_agent_version",
        "_attributes",
        "_attributes_view",
        "_cpu",
        "_cursor_tcp",
        "_cursor_udp",
        "_ec2_instance_id",
        "_enis",
        "_gpu",
        "_groups",
        "_groups_view",
        "_id",
        "_memory",
        "_registered",
        "_registered_at",
        "_reserved_ports",
        "_running",
        "_seq",
        "_status",
        "_tcp",
        "_tcp_in_range",
        "_udp",
        "_udp_in_range",
    )

    def __init__(
        self,
        *,
        instance_id: str,
        seq: int,
        registered: Resources,
        reserved_ports: PortSet,
        attributes: dict[str, str | None],
        ec2_instance_id: str | None,
        agent_connected: bool,
        agent_version: str | None,
        registered_at: dt.datetime | None,
        status: str,
        ephemeral: range,
    ) -> None:
        self._id = instance_id
        self._seq = seq
        self._registered = registered
        self._reserved_ports = reserved_ports
        self._attributes = attributes
        self._attributes_view: Mapping[str, str | None] = MappingProxyType(attributes)
        self._ec2_instance_id = ec2_instance_id
        self._agent_connected = agent_connected
        self._agent_version = agent_version
        self._registered_at = registered_at
        self._status = status
        self._cpu, self._memory, self._gpu, self._enis = (
            registered.cpu,
            registered.memory,
            registered.gpu,
            registered.enis,
        )
        self._tcp: set[int] = set(reserved_ports.tcp)
        self._udp: set[int] = set(reserved_ports.udp)
        self._tcp_in_range = sum(1 for p in self._tcp if p in ephemeral)
        self._udp_in_range = sum(1 for p in self._udp if p in ephemeral)
        self._cursor_tcp = self._cursor_udp = ephemeral.start
        self._groups: dict[str, int] = {}
        self._groups_view: Mapping[str, int] = MappingProxyType(self._groups)
        self._running = 0

    def __repr__(self) -> str:
        return f"Instance({self._id!r}, remaining={self.remaining!r}, running={self._running})"

    @property
    def id(self) -> str:
        """The container instance's id (or ARN: whatever the caller named it by)."""
        return self._id

    @property
    def attributes(self) -> Mapping[str, str | None]:
        """Attribute name -> value (None for attributes without a value)."""
        return self._attributes_view

    @property
    def registered(self) -> Resources:
        """What the agent registered."""
        return self._registered

    @property
    def remaining(self) -> Resources:
        """What is left for new tasks."""
        return Resources(cpu=self._cpu, memory=self._memory, gpu=self._gpu, enis=self._enis)

    @property
    def reserved_ports(self) -> PortSet:
        """The host ports the agent registered as taken (its own, SSH, Docker's)."""
        return self._reserved_ports

    @property
    def ports_in_use(self) -> PortSet:
        """Every host port taken on the instance: reserved, and held by its tasks."""
        return PortSet(tcp=self._tcp, udp=self._udp)

    @property
    def task_groups(self) -> Mapping[str, int]:
        """Group -> number of its tasks placed on the instance (groups without tasks are absent)."""
        return self._groups_view

    @property
    def running_tasks_count(self) -> int:
        """How many placed tasks the instance holds."""
        return self._running

    @property
    def ec2_instance_id(self) -> str | None:
        """The EC2 instance id (``i-...``)."""
        return self._ec2_instance_id

    @property
    def availability_zone(self) -> str | None:
        """The ``ecs.availability-zone`` attribute."""
        return self._attributes.get(AZ_ATTRIBUTE)

    @property
    def instance_type(self) -> str | None:
        """The ``ecs.instance-type`` attribute."""
        return self._attributes.get(INSTANCE_TYPE_ATTRIBUTE)

    @property
    def agent_connected(self) -> bool:
        """Whether the container agent is connected (placement fails with ``AGENT`` otherwise)."""
        return self._agent_connected

    @property
    def agent_version(self) -> str | None:
        """The container agent's version."""
        return self._agent_version

    @property
    def registered_at(self) -> dt.datetime | None:
        """When the instance registered."""
        return self._registered_at

    @property
    def status(self) -> str:
        """``ACTIVE``, ``DRAINING``, ...: only ``ACTIVE`` instances take new tasks."""
        return self._status

    def free(self) -> tuple[int, int, int, int]:
        """Remaining (cpu, memory, gpu, enis), as the indexes keep them."""
        return (self._cpu, self._memory, self._gpu, self._enis)


class ClusterState:
    """The container instances of one cluster, indexed for placement. Owned and mutated by the caller.

    ``ephemeral_ports`` is the range dynamic host ports come from; ``seed`` seeds :attr:`rng`, the random source of
    ``random`` placement when the caller passes none, so that a state replays the same placements.
    """

    def __init__(self, *, ephemeral_ports: range = EPHEMERAL_PORTS, seed: int = 0) -> None:
        if ephemeral_ports.step != 1 or not ephemeral_ports or ephemeral_ports.start < 1:
            raise UsageError(f"ephemeral_ports must be a non-empty range of ports with step 1, not {ephemeral_ports}")
        #: The range dynamic host ports come from.
        self.ephemeral_ports = ephemeral_ports
        #: The random source of ``random`` placement when :func:`~ecskit.placement.engine.place` is given none.
        self.rng = random.Random(seed)
        self._instances: dict[str, Instance] = {}
        self._next_seq = 0
        #: Changes whenever instances, attributes, agent connection or status change (static query caches).
        self._version = 0
        self._families: dict[tuple[str, str | None, str | None, object], _Family[Instance]] = {}
        #: Group -> its tasks in the cluster (a group's task-count indexes go when its last task does).
        self._group_tasks: Counter[str] = Counter()
        self._values: dict[str, Counter[str | None]] = {}
        self._spread: dict[tuple[str, str], Counter[str | None]] = {}
        #: The ACTIVE instances in registration order: what the random strategy draws from, so that a state rebuilt
        #: from the same instances (a restored fake) draws the same instance for the same seed.
        self._pool: list[Instance] = []
        #: The engine's caches (static constraint results), emptied whenever :attr:`_version` changes.
        self._cache: dict[Any, Any] = {}

    # ---------------------------------------------------------------------------------------------------------------
    # Reading

    def __len__(self) -> int:
        return len(self._instances)

    def __iter__(self) -> Iterator[Instance]:
        """Instances in the order they were added."""
        return iter(list(self._instances.values()))

    def __contains__(self, instance_id: object) -> bool:
        return instance_id in self._instances

    def __getitem__(self, instance_id: str) -> Instance:
        try:
            return self._instances[instance_id]
        except KeyError:
            raise KeyError(f"no container instance {instance_id!r} in this cluster state") from None

    def get(self, instance_id: str) -> Instance | None:
        """The instance with this id, or None."""
        return self._instances.get(instance_id)

    # ---------------------------------------------------------------------------------------------------------------
    # Changing instances

    def add(
        self,
        instance_id: str,
        *,
        instance_type: str | None = None,
        registered: Resources | None = None,
        reserved_ports: PortSet | None = None,
        availability_zone: str | None = None,
        attributes: Mapping[str, str | None] | None = None,
        ec2_instance_id: str | None = None,
        agent_connected: bool = True,
        agent_version: str | None = None,
        registered_at: dt.datetime | None = None,
        status: str = _ACTIVE,
        reserved_memory: int = 0,
    ) -> Instance:
        """Register an instance. Its resources come from ``registered`` or else from ``instance_type``
        (:func:`~ecskit.placement.instance_types.registered_resources`, with the agent's ``reserved_memory``); its
        reserved ports from ``reserved_ports`` or else the agent's defaults (TCP 22, 2375, 2376, 51678, 51679).
        ``instance_type`` and ``availability_zone`` also set the ``ecs.instance-type`` and ``ecs.availability-zone``
        attributes. A type missing from :data:`~ecskit.placement.instance_types.INSTANCE_TYPES` is a UsageError
        naming the nearest known ones, unless ``registered`` says what it has."""
        if instance_id in self._instances:
            raise UsageError(f"container instance {instance_id!r} is already in the cluster state")
        if registered is None:
            if instance_type is None:
                raise UsageError(f"container instance {instance_id!r} needs an instance_type or registered resources")
            registered = registered_resources(_instance_type(instance_type), reserved_memory=reserved_memory).resources
        if reserved_ports is None:
            reserved_ports = PortSet(tcp=DEFAULT_RESERVED_TCP_PORTS)
        attrs_: dict[str, str | None] = dict(attributes or {})
        if instance_type is not None:
            attrs_.setdefault(INSTANCE_TYPE_ATTRIBUTE, instance_type)
        if availability_zone is not None:
            attrs_.setdefault(AZ_ATTRIBUTE, availability_zone)
        instance = Instance(
            instance_id=instance_id,
            seq=self._next_seq,
            registered=registered,
            reserved_ports=reserved_ports,
            attributes=attrs_,
            ec2_instance_id=ec2_instance_id,
            agent_connected=agent_connected,
            agent_version=agent_version,
            registered_at=registered_at,
            status=status,
            ephemeral=self.ephemeral_ports,
        )
        self._next_seq += 1
        self._instances[instance_id] = instance
        if status == _ACTIVE:
            self._enter(instance)
        self._changed()
        return instance

    def remove(self, instance_id: str) -> Instance:
        """Deregister an instance (its tasks go with it: their groups stop counting for ``spread``)."""
        instance = self[instance_id]
        if instance._status == _ACTIVE:
            self._leave(instance)
        for (group, name), counts in self._spread.items():
            tasks = instance._groups.get(group)
            if tasks:
                _decrement(counts, instance._attributes.get(name), tasks)
        for group, tasks in instance._groups.items():
            self._group_gone(group, tasks)
        del self._instances[instance_id]
        self._changed()
        return instance

    def set_attributes(self, instance_id: str, attributes: Mapping[str, str | None]) -> None:
        """Add or change attributes (PutAttributes); a None value is an attribute without a value."""
        self._edit_attributes(self[instance_id], attributes, ())

    def delete_attributes(self, instance_id: str, names: Collection[str]) -> None:
        """Remove attributes (DeleteAttributes); names the instance does not have are ignored."""
        self._edit_attributes(self[instance_id], {}, names)

    def set_agent_connected(self, instance_id: str, connected: bool) -> None:
        """The agent (dis)connected: a disconnected instance fails placement with ``AGENT``."""
        self[instance_id]._agent_connected = connected
        self._changed()

    def port_cursors(self, instance_id: str) -> tuple[int, int]:
        """Where the next dynamic TCP and UDP host port searches of an instance start (kept by a caller that saves
        and restores its state, so that a restored state hands out the same ports)."""
        instance = self[instance_id]
        return (instance._cursor_tcp, instance._cursor_udp)

    def set_port_cursors(self, instance_id: str, cursors: tuple[int, int]) -> None:
        """Set where the next dynamic port searches of an instance start (see :meth:`port_cursors`)."""
        tcp, udp = cursors
        low, high = self.ephemeral_ports.start, self.ephemeral_ports.stop  # a search may stop just past the range
        if not (low <= tcp <= high and low <= udp <= high):
            raise UsageError(f"port cursors {cursors} are outside the ephemeral range {self.ephemeral_ports}")
        instance = self[instance_id]
        instance._cursor_tcp, instance._cursor_udp = tcp, udp

    def set_status(self, instance_id: str, status: str) -> None:
        """``ACTIVE``, ``DRAINING``, ...: only ``ACTIVE`` instances are candidates for new tasks."""
        instance = self[instance_id]
        if (instance._status == _ACTIVE) != (status == _ACTIVE):
            if status == _ACTIVE:
                instance._status = status
                self._enter(instance)
            else:
                self._leave(instance)
        instance._status = status
        self._changed()

    def _edit_attributes(self, instance: Instance, put: Mapping[str, str | None], drop: Collection[str]) -> None:
        names = set(put) | {n for n in drop if n in instance._attributes}
        active = instance._status == _ACTIVE
        if active:
            self._leave(instance, names)
        for (group, name), counts in self._spread.items():
            tasks = instance._groups.get(group)
            if tasks and name in names:
                _decrement(counts, instance._attributes.get(name), tasks)
        for name in drop:
            instance._attributes.pop(name, None)
        instance._attributes.update(put)
        for (group, name), counts in self._spread.items():
            tasks = instance._groups.get(group)
            if tasks and name in names:
                counts[instance._attributes.get(name)] += tasks
        if active:
            self._enter(instance, names)
        self._changed()

    def _group_gone(self, group: str, tasks: int) -> None:
        """``tasks`` of ``group`` stopped; with the group's last task go its task-count indexes."""
        _decrement(self._group_tasks, group, tasks)
        if group not in self._group_tasks:
            for key in [k for k, family in self._families.items() if family.group == group]:
                del self._families[key]

    def _changed(self) -> None:
        self._version += 1
        self._cache.clear()
        # Indexes of the instances a static filter selects are rebuilt when next needed: the selection may change.
        for key in [k for k, family in self._families.items() if family.members is not None]:
            del self._families[key]

    # ---------------------------------------------------------------------------------------------------------------
    # Indexes (only ACTIVE instances are in them)

    def _enter(self, instance: Instance, names: Collection[str] | None = None) -> None:
        """Put an ACTIVE instance into the indexes (only those of attributes ``names`` when given)."""
        if names is None:
            bisect.insort(self._pool, instance, key=_registered)
        for name, counts in self._values.items():
            if names is None or name in names:
                counts[instance._attributes.get(name)] += 1
        for family in self._families.values():
            if names is None or family.name in names:
                family.insert(instance)

    def _leave(self, instance: Instance, names: Collection[str] | None = None) -> None:
        if names is None:
            del self._pool[bisect.bisect_left(self._pool, instance._seq, key=_registered)]
        for name, counts in self._values.items():
            if names is None or name in names:
                _decrement(counts, instance._attributes.get(name), 1)
        for family in self._families.values():
            if names is None or family.name in names:
                family.remove(instance)

    def _resource_indexes(self, instance: Instance) -> list[tuple[_Family[Instance], SortedIndex[Instance]]]:
        """The indexes ``instance`` is in, with their family."""
        found = []
        for family in self._families.values():
            if family.members is None or instance in family.members:
                found.append((family, family.parts[family.part_of(instance)]))
        return found

    def _family(
        self,
        measure: str,
        *,
        group: str | None = None,
        name: str | None = None,
        members: set[Instance] | None = None,
        key: object = None,
    ) -> dict[str | None, SortedIndex[Instance]]:
        """ACTIVE instances sorted by ``measure`` (cpu, memory, tasks of ``group``, or order: see ``_index.Family``),
        then registration order; one index per value of attribute ``name`` (or one index under None); of the
        ``members`` only when given (``key`` names that selection). Built on first use, then kept up to date."""
        family = self._families.get((measure, group, name, key))
        if family is None:
            family = self._families[(measure, group, name, key)] = _Family[Instance](measure, group, name, members)
            for instance in self._pool:
                family.insert(instance)
        return family.parts

    def _value_counts(self, name: str) -> Counter[str | None]:
        """Value of attribute ``name`` (None: absent) -> number of ACTIVE instances with it."""
        counts = self._values.get(name)
        if counts is None:
            counts = self._values[name] = Counter(i._attributes.get(name) for i in self._pool)
        return counts

    def _spread_counts(self, group: str, name: str) -> Counter[str | None]:
        """Value of attribute ``name`` -> number of ``group``'s tasks on the instances with it (all instances)."""
        counts = self._spread.get((group, name))
        if counts is None:
            counts = self._spread[(group, name)] = Counter()
            for instance in self._instances.values():
                tasks = instance._groups.get(group)
                if tasks:
                    counts[instance._attributes.get(name)] += tasks
        return counts

    # ---------------------------------------------------------------------------------------------------------------
    # Tasks (called by the engine, which has checked that the task fits)

    def _take(
        self, instance: Instance, demand: Demand, group: str, dynamic: tuple[tuple[int, ...], tuple[int, ...]] | None
    ) -> TaskPlacement:
        """Charge ``instance`` for one task; dynamic ports are allocated unless given (a restored task)."""
        active = instance._status == _ACTIVE
        indexes = self._resource_indexes(instance) if active else []
        for _, index in indexes:
            index.remove(instance)
        instance._cpu -= demand.cpu
        instance._memory -= demand.memory
        instance._gpu -= demand.gpu
        instance._enis -= demand.enis
        eph = self.ephemeral_ports
        if demand.tcp_ports or demand.udp_ports:
            self._use(instance, demand.tcp_ports, demand.udp_ports)
        tcp: Collection[int] = ()
        udp: Collection[int] = ()
        if dynamic is None:
            if demand.dynamic_tcp:
                tcp, instance._cursor_tcp = _allocate(instance._tcp, demand.dynamic_tcp, instance._cursor_tcp, eph)
                instance._tcp_in_range += len(tcp)
            if demand.dynamic_udp:
                udp, instance._cursor_udp = _allocate(instance._udp, demand.dynamic_udp, instance._cursor_udp, eph)
                instance._udp_in_range += len(udp)
        else:
            tcp, udp = dynamic
            self._use(instance, tcp, udp)
        instance._groups[group] = instance._groups.get(group, 0) + 1
        self._group_tasks[group] += 1
        instance._running += 1
        if self._spread:
            for (g, name), counts in self._spread.items():
                if g == group:
                    counts[instance._attributes.get(name)] += 1
        if indexes:
            free = instance.free()
            for family, index in indexes:
                index.insert(instance, family.measure_of(instance, free), instance._seq, free)
        return TaskPlacement(
            instance_id=instance._id,
            demand=demand,
            group=group,
            dynamic_tcp_ports=tuple(tcp),
            dynamic_udp_ports=tuple(udp),
        )

    def _use(self, instance: Instance, tcp: Collection[int], udp: Collection[int]) -> None:
        eph = self.ephemeral_ports
        instance._tcp.update(tcp)
        instance._udp.update(udp)
        instance._tcp_in_range += sum(1 for p in tcp if p in eph)
        instance._udp_in_range += sum(1 for p in udp if p in eph)

    def _give(self, task: TaskPlacement) -> None:
        """Return what ``task`` took (a ValueError when the instance does not hold such a task)."""
        instance = self[task.instance_id]
        ports = task.host_ports
        if not instance._groups.get(task.group):
            raise UsageError(f"container instance {task.instance_id!r} runs no task of group {task.group!r}")
        if not (ports.tcp <= instance._tcp and ports.udp <= instance._udp) or ports.overlaps(instance._reserved_ports):
            raise UsageError(f"container instance {task.instance_id!r} does not hold the ports of this task")
        if not (instance.remaining + task.demand.resources).fits_in(instance._registered):
            raise UsageError(f"releasing this task would give container instance {task.instance_id!r} more than it has")
        active = instance._status == _ACTIVE
        indexes = self._resource_indexes(instance) if active else []
        for _, index in indexes:
            index.remove(instance)
        demand = task.demand
        instance._cpu += demand.cpu
        instance._memory += demand.memory
        instance._gpu += demand.gpu
        instance._enis += demand.enis
        eph = self.ephemeral_ports
        instance._tcp -= ports.tcp
        instance._udp -= ports.udp
        instance._tcp_in_range -= sum(1 for p in ports.tcp if p in eph)
        instance._udp_in_range -= sum(1 for p in ports.udp if p in eph)
        left = instance._groups[task.group] - 1
        if left:
            instance._groups[task.group] = left
        else:
            del instance._groups[task.group]
        instance._running -= 1
        self._group_gone(task.group, 1)
        for (g, name), counts in self._spread.items():
            if g == task.group:
                _decrement(counts, instance._attributes.get(name), 1)
        free = instance.free()
        for family, index in indexes:
            index.insert(instance, family.measure_of(instance, free), instance._seq, free)


def _registered(instance: Instance) -> int:
    return instance._seq


def _decrement(counts: Counter[_K], key: _K, by: int) -> None:
    left = counts[key] - by
    if left > 0:
        counts[key] = left
    else:
        del counts[key]


def _allocate(used: set[int], count: int, cursor: int, ephemeral: range) -> tuple[list[int], int]:
    """``count`` ports of ``ephemeral`` not in ``used`` (added to it), looking from ``cursor`` on and wrapping
    around, as Docker hands them out; the caller has checked that enough are free."""
    ports: list[int] = []
    start, stop = ephemeral.start, ephemeral.stop
    port = cursor
    while len(ports) < count:
        if port >= stop:
            port = start
        if port not in used:
            used.add(port)
            ports.append(port)
        port += 1
    return ports, port
