"""Task placement: which container instance each task goes to, or why none can take it.

:func:`place` follows the process the ECS developer guide describes: of the ``ACTIVE`` instances of a
:class:`~ecskit.placement.state.ClusterState`, keep those with the CPU, memory, GPUs, host ports and ENIs the task
needs, then those that satisfy every placement constraint, then let the strategies choose, in the order given:

* ``binpack`` on ``cpu`` or ``memory``: the instances with the least of it left that still fit;
* ``spread`` on ``instanceId`` (or ``host``) or ``attribute:<name>``: the instances whose value has the fewest
  tasks of the task's group (counted over the whole cluster, the way ECS spreads a service's tasks);
* ``random``: one instance at random (from ``rng``, so a seed replays it).

Each strategy keeps the candidates it likes best and hands the ties to the next one. Ties left after the last
strategy go to the earliest-registered instance (ECS leaves this open; a stable rule keeps the fake deterministic).
Without strategies, tasks are placed at random: AWS names no default for standalone tasks, and services should pass
:data:`SERVICE_DEFAULT_STRATEGIES` (spread across Availability Zones), the default AWS documents for them.

Constraints: ``distinctInstance`` (no two tasks of the group on one instance) and ``memberOf`` with any cluster
query expression (:mod:`ecskit.placement.query`). Tasks are placed one at a time and each placement updates the
state, so ``count`` tasks spread, pack and respect ``distinctInstance`` among themselves.

When a task fits nowhere, placement stops and :attr:`Placement.failures` gives each ``ACTIVE`` instance's reason:
the first check it fails in this order (the precedence), which is the order of the process above:
``AGENT`` (agent disconnected), ``ATTRIBUTE`` (a required attribute missing), ``RESOURCE:CPU``,
``RESOURCE:MEMORY``, ``RESOURCE:GPU``, ``RESOURCE:PORTS``, ``RESOURCE:ENI``, then each constraint in the order
given (``MemberOf placement constraint unsatisfied``, ``DistinctInstance placement constraint unsatisfied``).
:attr:`Placement.reason` is the reason of the instance that got furthest through those checks (the "closest
matching container instance" of ECS's service events): the check that eliminated the last candidates.

Speed: instances are indexed (see :mod:`ecskit.placement.state`). Static ``memberOf`` expressions (those that do
not look at ``task:group`` or ``runningTasksCount``) are evaluated once per change of the cluster's instances or
attributes, and the indexes then hold only the instances they select. ``binpack`` walks instances sorted by what
they have left from the demand upwards, ``spread`` on ``instanceId`` walks them sorted by the group's task count,
``spread`` on an attribute works from per-value task counts and per-value indexes, and ties at the end of the chain
walk instances in registration order; each walk skips whole blocks of instances that lack some resource. A
placement on a large cluster therefore looks at a few dozen instances, not all of them (clusters under 64 instances
are simply scanned). ``random`` samples candidates; the diagnosis of a failure looks at every instance once.

>>> from ecskit.models.ecs import PlacementStrategy, PlacementStrategyType
>>> state = ClusterState()
>>> for n, az in enumerate(["us-east-1a", "us-east-1b", "us-east-1a"]):
...     _ = state.add(f"ci-{n}", instance_type="m5.large", availability_zone=az)
>>> spread = PlacementStrategy(type=PlacementStrategyType.SPREAD, field="attribute:ecs.availability-zone")
>>> binpack = PlacementStrategy(type=PlacementStrategyType.BINPACK, field="memory")
>>> result = place(Demand(cpu=512, memory=1024), instances=state, count=4, group="service:web",
...                strategies=[spread, binpack])
>>> [t.instance_id for t in result.tasks]
['ci-0', 'ci-1', 'ci-0', 'ci-1']
>>> place(Demand(cpu=4096), instances=state, group="service:web").reason
<Reason.CPU: 'RESOURCE:CPU'>
"""

from __future__ import annotations

import enum
import functools
import random
from collections.abc import Callable, Iterable, Sequence

import attrs

from ecskit.errors import UsageError
from ecskit.models.ecs import (
    PlacementConstraint,
    PlacementStrategy,
    PlacementStrategyType,
    TaskDefinitionPlacementConstraint,
)
from ecskit.placement.query import Comparison, Not, Query, Subject, parse_query
from ecskit.placement.resources import Demand
from ecskit.placement.state import ClusterState, Instance, TaskPlacement

__all__ = [
    "SERVICE_DEFAULT_STRATEGIES",
    "Placement",
    "PlacementFailure",
    "Reason",
    "place",
    "place_on",
    "release",
    "reserve",
    "unplaced_event",
]

#: The strategy AWS documents for services that name none: spread across Availability Zones.
SERVICE_DEFAULT_STRATEGIES = (
    PlacementStrategy(type=PlacementStrategyType.SPREAD, field="attribute:ecs.availability-zone"),
)


class Reason(enum.StrEnum):
    """Why a container instance cannot take a task, as ECS words it; members are in the order they are checked."""

    AGENT = "AGENT"
    ATTRIBUTE = "ATTRIBUTE"
    CPU = "RESOURCE:CPU"
    MEMORY = "RESOURCE:MEMORY"
    GPU = "RESOURCE:GPU"
    PORTS = "RESOURCE:PORTS"
    ENI = "RESOURCE:ENI"
    MEMBER_OF = "MemberOf placement constraint unsatisfied"
    DISTINCT_INSTANCE = "DistinctInstance placement constraint unsatisfied"


#: How the service event words each reason of the closest matching instance.
_PHRASES = {
    Reason.AGENT: "has an agent that is not connected",
    Reason.ATTRIBUTE: "is missing an attribute required by your task",
    Reason.CPU: "has insufficient CPU units available",
    Reason.MEMORY: "has insufficient memory available",
    Reason.GPU: "has insufficient GPU resources available",
    Reason.PORTS: "is already using a port required by your task",
    Reason.ENI: "has insufficient free elastic network interfaces",
    Reason.MEMBER_OF: "does not satisfy a memberOf placement constraint",
    Reason.DISTINCT_INSTANCE: "does not satisfy a distinctInstance placement constraint",
}


def unplaced_event(service: str, instance: str, reason: Reason) -> str:
    """The event a service posts when a task of it fits no container instance, naming the closest one and why:
    the shape of AWS's own, as a public report quotes it (https://github.com/aws/amazon-ecs-agent/issues/2078).

    >>> unplaced_event("web", "0123abcd", Reason.MEMORY).split(". ")[1]
    'The closest matching container-instance 0123abcd has insufficient memory available'
    """
    return (
        f"(service {service}) was unable to place a task because no container instance met all of its requirements. "
        f"The closest matching container-instance {instance} {_PHRASES[reason]}. "
        "For more information, see the Troubleshooting section."
    )


@attrs.frozen(kw_only=True)
class PlacementFailure:
    """One container instance that could not take the task, and why (a RunTask ``Failure`` for its ARN)."""

    instance_id: str
    reason: Reason


@attrs.frozen(kw_only=True)
class Placement:
    """The outcome of :func:`place`: the tasks placed, in order, and why the rest could not be."""

    #: How many tasks were asked for.
    requested: int
    tasks: tuple[TaskPlacement, ...] = ()
    #: When some task could not be placed: each ACTIVE instance's reason, in registration order.
    failures: tuple[PlacementFailure, ...] = ()
    #: The reason of the closest matching instance (None when all were placed, or the cluster has no ACTIVE
    #: instance, which ECS reports as "No Container Instances were found in your cluster").
    reason: Reason | None = None
    #: The closest matching instance.
    closest_instance_id: str | None = None

    @property
    def unplaced(self) -> int:
        """How many of the requested tasks were not placed."""
        return self.requested - len(self.tasks)


# ---------------------------------------------------------------------------------------------------------------------
# Plans: strategies and constraints read once


_BINPACK, _SPREAD, _RANDOM = "binpack", "spread", "random"
#: The spread field of instanceId/host (an attribute name cannot be empty, so this cannot clash).
_INSTANCE = ""
_DYNAMIC_SUBJECTS = frozenset({Subject.TASK_GROUP, Subject.RUNNING_TASKS_COUNT})
#: From this many ACTIVE instances on, spread on instanceId and the final tie-break use indexes instead of a scan.
_INDEX_FROM = 64


@attrs.frozen
class _Plan:
    steps: tuple[tuple[str, str], ...]
    #: memberOf expressions that look only at what changes with the state's version.
    static: tuple[Query, ...]
    #: memberOf expressions on task:group or runningTasksCount (evaluated on each candidate).
    dynamic: tuple[Query, ...]
    distinct: bool
    #: The constraints in the order given, for the diagnosis: None for distinctInstance.
    checks: tuple[Query | None, ...]


def _is_dynamic(query: Query) -> bool:
    if isinstance(query, Comparison):
        return query.subject in _DYNAMIC_SUBJECTS
    if isinstance(query, Not):
        return _is_dynamic(query.operand)
    return any(_is_dynamic(q) for q in query.operands)


def _step(strategy: PlacementStrategy) -> tuple[str, str]:
    kind, field = strategy.type, (strategy.field or "").strip()
    if kind is PlacementStrategyType.BINPACK:
        if field.lower() not in ("cpu", "memory"):
            raise UsageError(f"binpack works on cpu or memory, not {field!r}")
        return _BINPACK, field.lower()
    if kind is PlacementStrategyType.SPREAD:
        if field.lower() in ("instanceid", "host"):
            return _SPREAD, _INSTANCE
        name = field[len("attribute:") :] if field.lower().startswith("attribute:") else ""
        if not name:
            raise UsageError(f"spread works on instanceId, host or attribute:<name>, not {field!r}")
        return _SPREAD, name
    if kind is PlacementStrategyType.RANDOM:
        return _RANDOM, ""
    raise UsageError(f"placement strategy without a type: {strategy!r}")


@functools.lru_cache(maxsize=256)
def _compile(
    strategies: tuple[PlacementStrategy, ...],
    constraints: tuple[PlacementConstraint | TaskDefinitionPlacementConstraint, ...],
) -> _Plan:
    steps = tuple(_step(s) for s in strategies) or ((_RANDOM, ""),)
    static: list[Query] = []
    dynamic: list[Query] = []
    checks: list[Query | None] = []
    distinct = False
    for constraint in constraints:
        kind = constraint.type.value if constraint.type is not None else None
        if kind == "distinctInstance":
            distinct = True
            checks.append(None)
        elif kind == "memberOf":
            if not constraint.expression:
                raise UsageError("a memberOf placement constraint needs an expression")
            query = parse_query(constraint.expression)
            (dynamic if _is_dynamic(query) else static).append(query)
            checks.append(query)
        else:
            raise UsageError(f"placement constraint without a known type: {constraint!r}")
    return _Plan(steps=steps, static=tuple(static), dynamic=tuple(dynamic), distinct=distinct, checks=tuple(checks))


# ---------------------------------------------------------------------------------------------------------------------
# Search


#: Attribute tests narrowing a search: (name, values the attribute must have; None stands for "absent").
_Tests = tuple[tuple[str, frozenset[str | None]], ...]
_Found = tuple[tuple[int, ...], Instance]


def _in(instance: Instance, tests: _Tests) -> bool:
    attributes = instance._attributes
    for name, values in tests:  # noqa: SIM110 - a plain loop is faster than all() on a generator
        if attributes.get(name) not in values:
            return False
    return True


def _satisfies(instance: Instance, required: tuple[tuple[str, str | None], ...]) -> bool:
    attributes = instance._attributes
    for name, value in required:
        if name not in attributes or (value is not None and attributes[name] != value):
            return False
    return True


def _members_key(plan: _Plan, demand: Demand) -> tuple[object, ...] | None:
    if not plan.static and not demand.required_attributes:
        return None
    return ("members", plan.static, demand.required_attributes)


def _static_members(
    state: ClusterState, key: tuple[object, ...] | None, plan: _Plan, demand: Demand
) -> set[Instance] | None:
    """The ACTIVE instances that satisfy the static constraints and required attributes (None: no such filter),
    cached until the state's version changes."""
    if key is None:
        return None
    members: set[Instance] | None = state._cache.get(key)
    if members is None:
        members = {
            i
            for i in state._pool
            if _satisfies(i, demand.required_attributes) and all(q.matches(i) for q in plan.static)
        }
        state._cache[key] = members
    return members


class _Search:
    """One placement request over one state: the fit test and the strategy chain."""

    __slots__ = ("demand", "fits", "group", "key", "members", "need", "plan", "rng", "state")

    def __init__(self, state: ClusterState, plan: _Plan, demand: Demand, group: str, rng: random.Random) -> None:
        self.state, self.plan, self.demand, self.group, self.rng = state, plan, demand, group, rng
        self.key = _members_key(plan, demand)
        self.members = _static_members(state, self.key, plan, demand)
        self.need = (demand.cpu, demand.memory, demand.gpu, demand.enis)
        self.fits = _fit_test(state, plan, demand, group, self.members)

    def best(self) -> Instance | None:
        found = self._search(0, (), None)
        return found[1] if found else None

    def _search(self, pos: int, tests: _Tests, among: list[Instance] | None) -> _Found | None:
        """The best candidate for the strategies from ``pos`` on, among the instances that pass ``tests`` (and are in
        ``among`` when given), with its key: the scores it won on, then its registration sequence."""
        if among is not None:
            return self._brute(pos, tests, among)
        steps = self.plan.steps
        # Small clusters are scanned: cheaper than keeping the order and task-count indexes up to date.
        indexed = len(self.state._pool) >= _INDEX_FROM
        if pos == len(steps):
            return self._ordered(pos, tests, "order", 0) if indexed else self._first(tests)
        kind, field = steps[pos]
        if kind == _BINPACK:
            return self._ordered(pos, tests, field, self.need[1] if field == "memory" else self.need[0])
        if kind == _RANDOM:
            return self._random(tests)
        if field == _INSTANCE:
            return self._ordered(pos, tests, "tasks", 0) if indexed else self._brute(pos, tests, None)
        return self._spread(pos, field, tests)

    def _first(self, tests: _Tests) -> _Found | None:
        fits = self.fits
        for instance in self.state._instances.values():  # registration order
            if instance._status == "ACTIVE" and _in(instance, tests) and fits(instance):
                return (instance._seq,), instance
        return None

    def _ordered(self, pos: int, tests: _Tests, measure: str, start: int) -> _Found | None:
        """The candidates with the least ``measure`` (at least ``start``), from its sorted indexes; ties go to the
        rest of the chain, or to the earliest-registered instance at the end of it."""
        state, fits, need = self.state, self.fits, self.need
        group = self.group if measure == "tasks" else None
        rest: _Tests = ()
        if tests:
            name, values = tests[0]
            parts = state._family(measure, group=group, name=name, members=self.members, key=self.key)
            sources = [parts[v] for v in values if v in parts]
            rest = tests[1:]
        else:
            sources = list(state._family(measure, group=group, members=self.members, key=self.key).values())
        last = pos + 1 >= len(self.plan.steps)
        best: _Found | None = None
        ties: list[Instance] = []
        least: int | None = None
        for source in sources:
            for value, instance in source.scan(start, need):
                if (least is not None and value > least) or (best is not None and value > best[0][0]):
                    break
                if (rest and not _in(instance, rest)) or not fits(instance):
                    continue
                if last:  # the first fit of an index is its best: (value, registration) is its order
                    key = (value, instance._seq)
                    if best is None or key < best[0]:
                        best = key, instance
                    break
                if least is None or value < least:
                    least, ties = value, [instance]
                else:
                    ties.append(instance)
        if last or least is None:
            return best
        found = self._brute(pos + 1, (), ties)
        return ((least, *found[0]), found[1]) if found else None

    def _spread(self, pos: int, name: str, tests: _Tests) -> _Found | None:
        state = self.state
        values = set(state._value_counts(name))
        for tested, allowed in tests:
            if tested == name:
                values &= allowed
        if self.members is not None:
            values &= self._member_values(name)
        counts = state._spread_counts(self.group, name)
        levels: dict[int, set[str | None]] = {}
        for value in values:
            levels.setdefault(counts.get(value, 0), set()).add(value)
        for level in sorted(levels):
            found = self._search(pos + 1, (*tests, (name, frozenset(levels[level]))), None)
            if found:
                return (level, *found[0]), found[1]
        return None

    def _member_values(self, name: str) -> set[str | None]:
        key = ("values", self.key, name)
        cache = self.state._cache
        values: set[str | None] | None = cache.get(key)
        if values is None:
            values = cache[key] = {i._attributes.get(name) for i in self.members or ()}
        return values

    def _random(self, tests: _Tests) -> _Found | None:
        pool, fits, rng = self.state._pool, self.fits, self.rng
        if not pool:
            return None
        for _ in range(32):  # rejection sampling: uniform over the candidates, O(1) while many fit
            instance = pool[rng.randrange(len(pool))]
            if _in(instance, tests) and fits(instance):
                return (0,), instance
        candidates = [i for i in self.state._instances.values() if i._status == "ACTIVE" and _in(i, tests) and fits(i)]
        return ((0,), rng.choice(candidates)) if candidates else None

    def _brute(self, pos: int, tests: _Tests, among: Iterable[Instance] | None) -> _Found | None:
        """The rest of the chain by comparing every candidate (of ``among``, or of the cluster)."""
        fits = self.fits
        if among is None:
            among = (i for i in self.state._instances.values() if i._status == "ACTIVE")
        candidates = [i for i in among if _in(i, tests) and fits(i)]
        key: list[int] = []
        for kind, field in self.plan.steps[pos:]:
            if not candidates:
                return None
            if kind == _RANDOM:
                candidates.sort(key=_seq)
                return (*key, 0), self.rng.choice(candidates)
            score = self._scorer(kind, field)
            scores = [score(i) for i in candidates]
            low = min(scores)
            key.append(low)
            candidates = [i for i, s in zip(candidates, scores, strict=True) if s == low]
        if not candidates:
            return None
        chosen = min(candidates, key=_seq)
        return (*key, chosen._seq), chosen

    def _scorer(self, kind: str, field: str) -> Callable[[Instance], int]:
        if kind == _BINPACK:
            return _remaining_memory if field == "memory" else _remaining_cpu
        group = self.group
        if field == _INSTANCE:
            return lambda i: i._groups.get(group, 0)
        counts = self.state._spread_counts(group, field)
        return lambda i: counts.get(i._attributes.get(field), 0)


def _seq(instance: Instance) -> int:
    return instance._seq


def _remaining_memory(instance: Instance) -> int:
    return instance._memory


def _remaining_cpu(instance: Instance) -> int:
    return instance._cpu


def _fit_test(
    state: ClusterState, plan: _Plan, demand: Demand, group: str, members: set[Instance] | None
) -> Callable[[Instance], bool]:
    """Whether an ACTIVE instance can take one more task now: agent, resources, ports, constraints."""
    cpu, memory, gpu, enis = demand.cpu, demand.memory, demand.gpu, demand.enis
    tcp, udp, dyn_tcp, dyn_udp = demand.tcp_ports, demand.udp_ports, demand.dynamic_tcp, demand.dynamic_udp
    eph = state.ephemeral_ports
    # Free dynamic ports an instance needs, beyond those its fixed ports take from the ephemeral range.
    tcp_room = dyn_tcp + sum(1 for p in tcp if p in eph) - len(eph) if dyn_tcp else 0
    udp_room = dyn_udp + sum(1 for p in udp if p in eph) - len(eph) if dyn_udp else 0
    dynamic, distinct = plan.dynamic, plan.distinct

    def fits(i: Instance) -> bool:
        if not i._agent_connected or i._cpu < cpu or i._memory < memory or i._gpu < gpu or i._enis < enis:
            return False
        if members is not None and i not in members:
            return False
        if tcp and not tcp.isdisjoint(i._tcp):
            return False
        if udp and not udp.isdisjoint(i._udp):
            return False
        if dyn_tcp and i._tcp_in_range + tcp_room > 0:
            return False
        if dyn_udp and i._udp_in_range + udp_room > 0:
            return False
        for query in dynamic:
            if not query.matches(i):
                return False
        return not (distinct and group in i._groups)

    return fits


# ---------------------------------------------------------------------------------------------------------------------
# Diagnosis


def _failure(state: ClusterState, plan: _Plan, demand: Demand, group: str, i: Instance) -> tuple[int, Reason] | None:
    """The first check ``i`` fails, as (stage, reason); stages rank how far an instance got."""
    eph = state.ephemeral_ports
    tcp_free = len(eph) - i._tcp_in_range - sum(1 for p in demand.tcp_ports if p in eph)
    udp_free = len(eph) - i._udp_in_range - sum(1 for p in demand.udp_ports if p in eph)
    checks: list[tuple[Reason, bool]] = [
        (Reason.AGENT, i._agent_connected),
        (Reason.ATTRIBUTE, _satisfies(i, demand.required_attributes)),
        (Reason.CPU, i._cpu >= demand.cpu),
        (Reason.MEMORY, i._memory >= demand.memory),
        (Reason.GPU, i._gpu >= demand.gpu),
        (
            Reason.PORTS,
            demand.tcp_ports.isdisjoint(i._tcp)
            and demand.udp_ports.isdisjoint(i._udp)
            and tcp_free >= demand.dynamic_tcp
            and udp_free >= demand.dynamic_udp,
        ),
        (Reason.ENI, i._enis >= demand.enis),
    ]
    for stage, (reason, ok) in enumerate(checks):
        if not ok:
            return stage, reason
    for stage, query in enumerate(plan.checks, start=len(checks)):
        if query is None:
            if group in i._groups:
                return stage, Reason.DISTINCT_INSTANCE
        elif not query.matches(i):
            return stage, Reason.MEMBER_OF
    return None


def _diagnose(
    state: ClusterState, plan: _Plan, demand: Demand, *, group: str, requested: int, tasks: list[TaskPlacement]
) -> Placement:
    failures: list[PlacementFailure] = []
    closest: tuple[int, PlacementFailure] | None = None
    for instance in state._instances.values():
        if instance._status != "ACTIVE":
            continue
        failed = _failure(state, plan, demand, group, instance)
        if failed is None:  # fits, yet the search found nothing: cannot happen; never report it
            continue
        failure = PlacementFailure(instance_id=instance._id, reason=failed[1])
        failures.append(failure)
        if closest is None or failed[0] > closest[0]:
            closest = failed[0], failure
    return Placement(
        requested=requested,
        tasks=tuple(tasks),
        failures=tuple(failures),
        reason=closest[1].reason if closest else None,
        closest_instance_id=closest[1].instance_id if closest else None,
    )


# ---------------------------------------------------------------------------------------------------------------------
# Public API


def place(
    demand: Demand,
    *,
    instances: ClusterState,
    group: str,
    count: int = 1,
    strategies: Sequence[PlacementStrategy] = (),
    constraints: Sequence[PlacementConstraint | TaskDefinitionPlacementConstraint] = (),
    rng: random.Random | None = None,
) -> Placement:
    """Place ``count`` tasks of ``demand`` (of task group ``group``) on ``instances``, which it updates.

    Tasks go one at a time; at the first one that fits nowhere, placement stops and the result says why
    (see the module's documentation for the rules). ``rng`` (default: the state's own) drives ``random``.
    Raises UsageError (a ValueError) for a strategy or constraint ECS would reject (QuerySyntaxError for a bad
    expression).
    """
    if count < 0:
        raise UsageError(f"count must not be negative, not {count}")
    plan = _compile(tuple(strategies), tuple(constraints))
    search = _Search(instances, plan, demand, group, rng or instances.rng)
    tasks: list[TaskPlacement] = []
    for _ in range(count):
        instance = search.best()
        if instance is None:
            return _diagnose(instances, plan, demand, group=group, requested=count, tasks=tasks)
        tasks.append(instances._take(instance, demand, group, None))
    return Placement(requested=count, tasks=tuple(tasks))


def place_on(
    demand: Demand,
    instance_id: str,
    *,
    instances: ClusterState,
    group: str,
    constraints: Sequence[PlacementConstraint | TaskDefinitionPlacementConstraint] = (),
) -> Placement:
    """Place one task on the named instance if it can take it (StartTask): no strategy, the same checks."""
    instance = instances[instance_id]
    plan = _compile((), tuple(constraints))
    if instance._status == "ACTIVE":
        failed = _failure(instances, plan, demand, group, instance)
        if failed is None:
            return Placement(requested=1, tasks=(instances._take(instance, demand, group, None),))
        failure = PlacementFailure(instance_id=instance_id, reason=failed[1])
        return Placement(requested=1, failures=(failure,), reason=failure.reason, closest_instance_id=instance_id)
    return Placement(requested=1)


def release(instances: ClusterState, task: TaskPlacement) -> None:
    """Give back what a placed task took (it stopped): its resources, host ports and place in its group.

    Raises ValueError when the instance does not hold such a task (released twice, or never placed).
    """
    instances._give(task)


def reserve(instances: ClusterState, task: TaskPlacement) -> None:
    """Put back a task that is known to run (a restored snapshot), with the exact dynamic ports it had.

    Raises ValueError if the instance cannot hold it: not enough resources left, or a port already taken.
    """
    instance = instances[task.instance_id]
    if not task.demand.resources.fits_in(instance.remaining):
        raise UsageError(f"container instance {task.instance_id!r} has not got the resources of this task left")
    ports = task.host_ports
    if len(ports) != len(task.demand.ports) + len(task.dynamic_tcp_ports) + len(task.dynamic_udp_ports):
        raise UsageError("the task's dynamic ports repeat or overlap its fixed ports")
    if not (ports.tcp.isdisjoint(instance._tcp) and ports.udp.isdisjoint(instance._udp)):
        raise UsageError(f"a host port of this task is already taken on container instance {task.instance_id!r}")
    instances._take(instance, task.demand, task.group, (task.dynamic_tcp_ports, task.dynamic_udp_ports))
