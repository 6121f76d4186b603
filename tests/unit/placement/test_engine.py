"""The placement engine: strategies, constraints, failures, ports, determinism, and an oracle for the fast paths."""

from __future__ import annotations

import datetime as dt
import functools
import operator
import random
from collections import Counter
from collections.abc import Sequence

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecskit.models.ecs import (
    PlacementConstraint,
    PlacementConstraintType,
    PlacementStrategy,
    PlacementStrategyType,
    TaskDefinitionPlacementConstraint,
    TaskDefinitionPlacementConstraintType,
)
from ecskit.placement import (
    SERVICE_DEFAULT_STRATEGIES,
    ClusterState,
    Demand,
    Instance,
    PortSet,
    QuerySyntaxError,
    Reason,
    Resources,
    TaskPlacement,
    evaluate,
    place,
    place_on,
    release,
    reserve,
)

AZS = ("us-east-1a", "us-east-1b", "us-east-1c")
SMALL = Demand(cpu=256, memory=512)
GROUP = "service:web"


def binpack(field: str) -> PlacementStrategy:
    return PlacementStrategy(type=PlacementStrategyType.BINPACK, field=field)


def spread(field: str) -> PlacementStrategy:
    return PlacementStrategy(type=PlacementStrategyType.SPREAD, field=field)


RANDOM = PlacementStrategy(type=PlacementStrategyType.RANDOM)
DISTINCT = PlacementConstraint(type=PlacementConstraintType.DISTINCT_INSTANCE)
SPREAD_AZ = spread("attribute:ecs.availability-zone")


def member_of(expression: str) -> PlacementConstraint:
    return PlacementConstraint(type=PlacementConstraintType.MEMBER_OF, expression=expression)


def cluster(*types: str, seed: int = 0, ephemeral_ports: range = range(49153, 65536)) -> ClusterState:
    """One instance per type, ci-0, ci-1, ..., across the three zones in turn."""
    state = ClusterState(seed=seed, ephemeral_ports=ephemeral_ports)
    for n, itype in enumerate(types):
        state.add(f"ci-{n}", instance_type=itype, availability_zone=AZS[n % 3], ec2_instance_id=f"i-{n:04d}")
    return state


def ids(tasks: Sequence[TaskPlacement]) -> list[str]:
    return [t.instance_id for t in tasks]


# ---------------------------------------------------------------------------------------------------------------------
# Strategies


def test_binpack_memory_takes_the_least_memory_that_fits() -> None:
    state = cluster("m5.xlarge", "m5.large", "r5.large")  # 16 GiB, 8 GiB, 16 GiB
    result = place(SMALL, instances=state, group=GROUP, count=3, strategies=[binpack("memory")])
    assert ids(result.tasks) == ["ci-1"] * 3
    big = Demand(cpu=256, memory=9000)  # only the 16 GiB instances; the first registered wins the tie
    assert ids(place(big, instances=state, group=GROUP, strategies=[binpack("memory")]).tasks) == ["ci-0"]


def test_binpack_cpu() -> None:
    state = cluster("c5.2xlarge", "c5.large", "c5.xlarge")
    result = place(Demand(cpu=1024), instances=state, group=GROUP, count=3, strategies=[binpack("CPU")])
    assert ids(result.tasks) == ["ci-1", "ci-1", "ci-2"]  # 2 vCPUs fill up, then the 4-vCPU instance


def test_binpack_skips_instances_short_of_another_resource() -> None:
    state = cluster("m5.large", "m5.xlarge")
    place(Demand(cpu=2048), instances=state, group="other", count=1, strategies=[binpack("cpu")])  # ci-0 out of CPU
    result = place(SMALL, instances=state, group=GROUP, strategies=[binpack("memory")])
    assert ids(result.tasks) == ["ci-1"]


def test_spread_instance_id() -> None:
    state = cluster("m5.large", "m5.large", "m5.large")
    result = place(SMALL, instances=state, group=GROUP, count=6, strategies=[spread("instanceId")])
    assert Counter(ids(result.tasks)) == {"ci-0": 2, "ci-1": 2, "ci-2": 2}
    host = place(SMALL, instances=state, group=GROUP, count=3, strategies=[spread("host")])
    assert sorted(ids(host.tasks)) == ["ci-0", "ci-1", "ci-2"]


def test_spread_counts_only_the_group() -> None:
    state = cluster("m5.large", "m5.large")
    place(SMALL, instances=state, group="other", count=4, strategies=[binpack("memory")])  # all on ci-0
    result = place(SMALL, instances=state, group=GROUP, count=2, strategies=[spread("instanceId")])
    assert ids(result.tasks) == ["ci-0", "ci-1"]


def test_spread_attribute_balances_zones_cluster_wide() -> None:
    state = cluster(*["m5.large"] * 6)  # two instances per zone
    place(SMALL, instances=state, group=GROUP, count=2, strategies=[binpack("memory")])  # both on ci-0 (zone a)
    result = place(SMALL, instances=state, group=GROUP, count=4, strategies=[SPREAD_AZ])
    zones = Counter(state[t.instance_id].availability_zone for t in result.tasks)
    assert zones == {"us-east-1b": 2, "us-east-1c": 2}  # a already had two


def test_spread_then_binpack() -> None:
    state = cluster("m5.xlarge", "m5.xlarge", "m5.xlarge", "m5.large", "m5.large", "m5.large")
    result = place(SMALL, instances=state, group=GROUP, count=6, strategies=[SPREAD_AZ, binpack("memory")])
    # Each zone gets two tasks, each on the zone's smaller (8 GiB) instance.
    assert ids(result.tasks) == ["ci-3", "ci-4", "ci-5", "ci-3", "ci-4", "ci-5"]


def test_spread_by_attribute_ignores_zones_without_candidates() -> None:
    state = cluster("m5.large", "m5.large", "t3.nano")  # zone c's instance is too small
    result = place(Demand(cpu=256, memory=1024), instances=state, group=GROUP, count=4, strategies=[SPREAD_AZ])
    assert Counter(ids(result.tasks)) == {"ci-0": 2, "ci-1": 2}


def test_binpack_then_spread_breaks_ties() -> None:
    state = cluster("m5.large", "m5.large", "m5.large")
    place(SMALL, instances=state, group=GROUP, strategies=[binpack("memory")])  # ci-0
    state.set_attributes("ci-2", {"rack": "r1"})
    # ci-1 and ci-2 tie on memory; spread on rack puts the task where the group has fewer tasks (ci-1 and ci-0 have
    # no rack attribute: they share the "absent" value, which already holds one task).
    place(SMALL, instances=state, group=GROUP, strategies=[binpack("memory")])  # ci-0 again (least memory)
    result = place(
        Demand(cpu=256, memory=7000),
        instances=state,
        group=GROUP,
        strategies=[binpack("memory"), spread("attribute:rack")],
    )
    assert ids(result.tasks) == ["ci-2"]


def test_random_is_seeded_and_reaches_every_instance() -> None:
    def run(seed: int) -> list[str]:
        state = cluster(*["m5.xlarge"] * 5)
        return ids(
            place(SMALL, instances=state, group=GROUP, count=20, strategies=[RANDOM], rng=random.Random(seed)).tasks
        )

    assert run(1) == run(1)
    assert run(1) != run(2)
    assert set(run(3)) == {f"ci-{n}" for n in range(5)}


def test_no_strategy_is_random_from_the_state_seed() -> None:
    first = ids(place(SMALL, instances=cluster(*["m5.xlarge"] * 5, seed=4), group=GROUP, count=10).tasks)
    again = ids(place(SMALL, instances=cluster(*["m5.xlarge"] * 5, seed=4), group=GROUP, count=10).tasks)
    assert first == again
    assert len(set(first)) > 1


def test_random_finds_the_one_candidate_left() -> None:
    state = cluster(*["t3.micro"] * 40, "m5.large")
    result = place(Demand(memory=4000), instances=state, group=GROUP, strategies=[RANDOM])
    assert ids(result.tasks) == ["ci-40"]


def test_service_default_strategy() -> None:
    state = cluster(*["m5.large"] * 3)
    result = place(SMALL, instances=state, group=GROUP, count=3, strategies=SERVICE_DEFAULT_STRATEGIES)
    assert sorted(ids(result.tasks)) == ["ci-0", "ci-1", "ci-2"]


@pytest.mark.parametrize(
    "strategy",
    [
        PlacementStrategy(type=PlacementStrategyType.BINPACK, field="gpu"),
        PlacementStrategy(type=PlacementStrategyType.SPREAD),
        PlacementStrategy(type=PlacementStrategyType.SPREAD, field="attribute:"),
        PlacementStrategy(field="memory"),
    ],
)
def test_invalid_strategies(strategy: PlacementStrategy) -> None:
    with pytest.raises(ValueError, match=r"binpack|spread|without a type"):
        place(SMALL, instances=cluster("m5.large"), group=GROUP, strategies=[strategy])


# ---------------------------------------------------------------------------------------------------------------------
# Constraints


def test_distinct_instance() -> None:
    state = cluster("m5.xlarge", "m5.xlarge", "m5.xlarge")
    result = place(SMALL, instances=state, group=GROUP, count=4, strategies=[binpack("memory")], constraints=[DISTINCT])
    assert sorted(ids(result.tasks)) == ["ci-0", "ci-1", "ci-2"]
    assert result.unplaced == 1
    assert result.reason is Reason.DISTINCT_INSTANCE
    assert {f.reason for f in result.failures} == {Reason.DISTINCT_INSTANCE}
    other = place(SMALL, instances=state, group="other", constraints=[DISTINCT])  # another group may still go there
    assert other.unplaced == 0


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("attribute:ecs.availability-zone == us-east-1b", {"ci-1"}),
        ("attribute:ecs.availability-zone in [us-east-1a, us-east-1c]", {"ci-0", "ci-2"}),
        ("attribute:ecs.availability-zone not_in [us-east-1a]", {"ci-1", "ci-2"}),
        ("attribute:ecs.instance-type =~ c5.*", {"ci-2"}),
        ("attribute:ecs.instance-type == m5.*", {"ci-0", "ci-1"}),
        ("attribute:stack exists", {"ci-0"}),
        ("not (attribute:stack == prod)", {"ci-1", "ci-2"}),
        (
            "attribute:stack == prod or (attribute:ecs.instance-type =~ c5.* and ec2InstanceId == i-0002)",
            {"ci-0", "ci-2"},
        ),
        ("ec2InstanceId in [i-0000, i-0001] and !(attribute:ecs.availability-zone == us-east-1a)", {"ci-1"}),
    ],
)
def test_member_of_expressions(expression: str, expected: set[str]) -> None:
    state = cluster("m5.xlarge", "m5.2xlarge", "c5.2xlarge")
    state.set_attributes("ci-0", {"stack": "prod"})
    result = place(
        SMALL, instances=state, group=GROUP, count=30, strategies=[RANDOM], constraints=[member_of(expression)]
    )
    assert set(ids(result.tasks)) == expected


def test_member_of_task_group_sees_the_tasks_placed_so_far() -> None:
    state = cluster("m5.xlarge", "m5.xlarge", "m5.xlarge")
    place(SMALL, instances=state, group="database", strategies=[binpack("memory")])  # ci-0
    apart = member_of("not (task:group == database)")
    result = place(SMALL, instances=state, group=GROUP, count=2, strategies=[binpack("memory")], constraints=[apart])
    assert ids(result.tasks) == ["ci-1", "ci-1"]
    together = member_of("task:group == service:web")
    more = place(
        SMALL, instances=state, group=GROUP, count=2, strategies=[spread("instanceId")], constraints=[together]
    )
    assert ids(more.tasks) == ["ci-1", "ci-1"]


def test_member_of_running_tasks_count() -> None:
    state = cluster("m5.xlarge", "m5.xlarge")
    limit = member_of("runningTasksCount < 2")
    result = place(SMALL, instances=state, group=GROUP, count=5, strategies=[binpack("memory")], constraints=[limit])
    assert ids(result.tasks) == ["ci-0", "ci-0", "ci-1", "ci-1"]
    assert result.reason is Reason.MEMBER_OF


def test_task_definition_constraints_are_accepted() -> None:
    state = cluster("m5.large", "m5.large")
    constraint = TaskDefinitionPlacementConstraint(
        type=TaskDefinitionPlacementConstraintType.MEMBER_OF, expression="attribute:ecs.availability-zone == us-east-1b"
    )
    assert ids(place(SMALL, instances=state, group=GROUP, constraints=[constraint]).tasks) == ["ci-1"]


def test_member_of_follows_attribute_changes() -> None:
    state = cluster("m5.large", "m5.large")
    prod = member_of("attribute:stack == prod")
    assert place(SMALL, instances=state, group=GROUP, constraints=[prod], strategies=[binpack("memory")]).unplaced == 1
    state.set_attributes("ci-1", {"stack": "prod"})
    assert ids(
        place(SMALL, instances=state, group=GROUP, constraints=[prod], strategies=[binpack("memory")]).tasks
    ) == ["ci-1"]
    state.delete_attributes("ci-1", ["stack", "not-there"])
    assert place(SMALL, instances=state, group=GROUP, constraints=[prod], strategies=[binpack("memory")]).unplaced == 1


def test_invalid_constraints() -> None:
    state = cluster("m5.large")
    with pytest.raises(QuerySyntaxError):
        place(SMALL, instances=state, group=GROUP, constraints=[member_of("attribute:x =")])
    with pytest.raises(ValueError, match="needs an expression"):
        place(SMALL, instances=state, group=GROUP, constraints=[member_of("")])
    with pytest.raises(ValueError, match="without a known type"):
        place(SMALL, instances=state, group=GROUP, constraints=[PlacementConstraint(expression="x")])


# ---------------------------------------------------------------------------------------------------------------------
# Failures


@pytest.mark.parametrize(
    ("demand", "reason"),
    [
        (Demand(cpu=4096), Reason.CPU),
        (Demand(memory=9000), Reason.MEMORY),
        (Demand(gpu=1), Reason.GPU),
        (Demand(tcp_ports=[22]), Reason.PORTS),
        (Demand(udp_ports=[53], tcp_ports=[51678]), Reason.PORTS),
        (Demand(enis=3), Reason.ENI),
        (Demand(required_attributes=[("ecs.capability.secrets.asm.environment-variables", None)]), Reason.ATTRIBUTE),
        (Demand(required_attributes=[("ecs.availability-zone", "us-west-2a")]), Reason.ATTRIBUTE),
    ],
)
def test_each_resource_reason(demand: Demand, reason: Reason) -> None:
    state = cluster("m5.large", "m5.large")  # 2 vCPUs, 7984 MiB, no GPU, 2 ENI slots
    result = place(demand, instances=state, group=GROUP, count=2)
    assert result.tasks == ()
    assert result.unplaced == 2
    assert result.reason is reason
    assert result.closest_instance_id == "ci-0"
    assert [(f.instance_id, f.reason) for f in result.failures] == [("ci-0", reason), ("ci-1", reason)]


def test_agent_disconnected() -> None:
    state = cluster("m5.large", "m5.large")
    state.set_agent_connected("ci-0", False)
    assert (
        ids(place(SMALL, instances=state, group=GROUP, count=2, strategies=[binpack("memory")]).tasks) == ["ci-1"] * 2
    )
    state.set_agent_connected("ci-1", False)
    result = place(SMALL, instances=state, group=GROUP)
    assert result.reason is Reason.AGENT
    assert len(result.failures) == 2
    state.set_agent_connected("ci-0", True)
    assert ids(place(SMALL, instances=state, group=GROUP).tasks) == ["ci-0"]


def test_reason_is_the_check_that_eliminated_the_last_candidates() -> None:
    state = cluster("m5.large", "m5.large", "m5.large")
    state.set_agent_connected("ci-2", False)
    place(Demand(cpu=2048), instances=state, group="other", strategies=[binpack("cpu")])  # ci-0 out of CPU
    # ci-0 fails on CPU, ci-1 has the resources but is not a member, ci-2 is disconnected.
    result = place(SMALL, instances=state, group=GROUP, constraints=[member_of("attribute:ecs.availability-zone == x")])
    assert [f.reason for f in result.failures] == [Reason.CPU, Reason.MEMBER_OF, Reason.AGENT]
    assert (result.reason, result.closest_instance_id) == (Reason.MEMBER_OF, "ci-1")


def test_constraints_are_checked_in_the_order_given() -> None:
    state = cluster("m5.large")
    place(SMALL, instances=state, group=GROUP)
    both = [DISTINCT, member_of("attribute:stack == prod")]
    assert place(SMALL, instances=state, group=GROUP, constraints=both).reason is Reason.DISTINCT_INSTANCE
    both.reverse()
    assert place(SMALL, instances=state, group=GROUP, constraints=both).reason is Reason.MEMBER_OF


def test_partial_placement_stops_at_the_first_failure() -> None:
    state = cluster("m5.large")
    result = place(Demand(cpu=512), instances=state, group=GROUP, count=6)
    assert len(result.tasks) == 4
    assert result.unplaced == 2
    assert result.reason is Reason.CPU


def test_empty_and_draining_clusters() -> None:
    empty = place(SMALL, instances=ClusterState(), group=GROUP, count=2)
    assert (empty.unplaced, empty.reason, empty.failures) == (2, None, ())
    state = cluster("m5.large", "m5.large")
    state.set_status("ci-0", "DRAINING")
    assert (
        ids(place(SMALL, instances=state, group=GROUP, count=2, strategies=[binpack("memory")]).tasks) == ["ci-1"] * 2
    )
    assert [f.instance_id for f in place(Demand(cpu=9999), instances=state, group=GROUP).failures] == ["ci-1"]
    state.set_status("ci-0", "ACTIVE")
    assert ids(place(Demand(memory=7000), instances=state, group=GROUP, strategies=[binpack("memory")]).tasks) == [
        "ci-0"
    ]


def test_count_zero_and_negative() -> None:
    assert place(SMALL, instances=cluster("m5.large"), group=GROUP, count=0) == place(
        SMALL, instances=cluster("m5.large"), group=GROUP, count=0
    )
    with pytest.raises(ValueError, match="negative"):
        place(SMALL, instances=cluster("m5.large"), group=GROUP, count=-1)


# ---------------------------------------------------------------------------------------------------------------------
# Resources and ports as tasks come and go


def test_placement_charges_and_release_refunds() -> None:
    state = cluster("m5.large")
    before = state["ci-0"].remaining
    result = place(Demand(cpu=256, memory=512, enis=1), instances=state, group=GROUP, count=2)
    instance = state["ci-0"]
    assert instance.remaining == before - Resources(cpu=512, memory=1024, enis=2)
    assert instance.running_tasks_count == 2
    assert instance.task_groups == {GROUP: 2}
    for task in result.tasks:
        release(state, task)
    assert instance.remaining == before
    assert instance.running_tasks_count == 0
    assert dict(instance.task_groups) == {}
    with pytest.raises(ValueError, match="runs no task of group"):
        release(state, result.tasks[0])


def test_dynamic_ports_come_from_the_ephemeral_range_and_never_collide() -> None:
    state = cluster("m5.xlarge", ephemeral_ports=range(50000, 50006))
    fixed = Demand(cpu=1, tcp_ports=[50001])
    dynamic = Demand(cpu=1, dynamic_tcp=2, dynamic_udp=1)
    first = place(fixed, instances=state, group=GROUP).tasks[0]
    a, b = place(dynamic, instances=state, group=GROUP, count=2).tasks
    assert (a.dynamic_tcp_ports, b.dynamic_tcp_ports) == ((50000, 50002), (50003, 50004))
    assert (a.dynamic_udp_ports, b.dynamic_udp_ports) == ((50000,), (50001,))
    # Two TCP ports left free in range minus one: the next task does not fit.
    assert place(dynamic, instances=state, group=GROUP).reason is Reason.PORTS
    release(state, a)
    c = place(dynamic, instances=state, group=GROUP).tasks[0]
    assert set(c.dynamic_tcp_ports) == {50005, 50000}  # from the cursor on, wrapping around
    held = [first.host_ports, b.host_ports, c.host_ports]
    assert sum(len(p.tcp) for p in held) == len(set().union(*(p.tcp for p in held)))
    assert state["ci-0"].ports_in_use.tcp == state["ci-0"].reserved_ports.tcp | set().union(*(p.tcp for p in held))


def test_agent_reserved_ports_inside_the_range_are_skipped() -> None:
    state = cluster("m5.large", ephemeral_ports=range(51677, 51681))  # 51678 and 51679 are the agent's
    task = place(Demand(dynamic_tcp=2), instances=state, group=GROUP).tasks[0]
    assert task.dynamic_tcp_ports == (51677, 51680)
    assert place(Demand(dynamic_tcp=1), instances=state, group=GROUP).reason is Reason.PORTS


def test_host_ports_move_tasks_to_other_instances() -> None:
    state = cluster("m5.xlarge", "m5.xlarge")
    web = Demand(cpu=256, memory=256, tcp_ports=[80])
    result = place(web, instances=state, group=GROUP, count=3, strategies=[binpack("memory")])
    assert ids(result.tasks) == ["ci-0", "ci-1"]
    assert result.reason is Reason.PORTS
    assert place(Demand(udp_ports=[80]), instances=state, group=GROUP).unplaced == 0  # UDP 80 is another port


def test_place_on() -> None:
    state = cluster("m5.large", "m5.large")
    done = place_on(SMALL, "ci-1", instances=state, group=GROUP)
    assert ids(done.tasks) == ["ci-1"]
    refused = place_on(Demand(cpu=4096), "ci-1", instances=state, group=GROUP)
    assert (refused.reason, refused.closest_instance_id, refused.unplaced) == (Reason.CPU, "ci-1", 1)
    assert (
        place_on(SMALL, "ci-1", instances=state, group=GROUP, constraints=[DISTINCT]).reason is Reason.DISTINCT_INSTANCE
    )
    state.set_status("ci-0", "DRAINING")
    assert place_on(SMALL, "ci-0", instances=state, group=GROUP).unplaced == 1
    with pytest.raises(KeyError, match="no container instance 'ci-9'"):
        place_on(SMALL, "ci-9", instances=state, group=GROUP)


def test_reserve_restores_a_task_exactly() -> None:
    state = cluster("m5.large")
    task = place(Demand(cpu=256, dynamic_tcp=1), instances=state, group=GROUP).tasks[0]
    copy = cluster("m5.large")
    reserve(copy, task)
    assert copy["ci-0"].remaining == state["ci-0"].remaining
    assert copy["ci-0"].ports_in_use == state["ci-0"].ports_in_use
    with pytest.raises(ValueError, match="already taken"):
        reserve(copy, task)
    with pytest.raises(ValueError, match="resources"):
        reserve(copy, attrs.evolve(task, demand=Demand(cpu=99999)))
    with pytest.raises(ValueError, match="repeat or overlap"):
        reserve(copy, attrs.evolve(task, dynamic_tcp_ports=(60000, 60000)))


def test_remove_instance_forgets_its_tasks() -> None:
    state = cluster("m5.large", "m5.large", "m5.large")
    place(SMALL, instances=state, group=GROUP, count=2, strategies=[binpack("memory")])  # both on ci-0
    place(SMALL, instances=state, group=GROUP, count=1, strategies=[SPREAD_AZ])  # ci-1: zone b had none
    state.remove("ci-0")
    result = place(SMALL, instances=state, group=GROUP, count=2, strategies=[SPREAD_AZ])
    assert ids(result.tasks) == ["ci-2", "ci-1"]  # zone a's two tasks went with ci-0
    assert "ci-0" not in state
    assert len(state) == 2
    with pytest.raises(ValueError, match="already in the cluster state"):
        state.add("ci-1", instance_type="m5.large")
    with pytest.raises(ValueError, match="needs an instance_type"):
        state.add("ci-7")


def test_instance_view() -> None:
    state = ClusterState()
    instance = state.add(
        "arn:aws:ecs:us-east-1:123456789012:container-instance/c/1",
        registered=Resources(cpu=1024, memory=2000),
        reserved_ports=PortSet(udp=[53]),
        attributes={"ecs.availability-zone": "us-east-1a", "ecs.capability.x": None},
        ec2_instance_id="i-1",
        agent_version="1.80.0",
        registered_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
    )
    assert isinstance(instance, Instance)
    assert instance.instance_type is None
    assert evaluate("agentVersion >= 1.14.5 and registeredAt > 2024-04-30", instance)
    assert instance.availability_zone == "us-east-1a"
    assert instance.attributes["ecs.capability.x"] is None
    assert instance.reserved_ports == PortSet(udp=[53])
    assert instance.status == "ACTIVE"
    assert evaluate("attribute:ecs.capability.x exists and ec2InstanceId == i-1", instance)
    assert list(state) == [instance]
    assert state.get("nope") is None
    with pytest.raises(TypeError):
        instance.attributes["x"] = "y"  # type: ignore[index]
    assert "remaining=Resources(cpu=1024" in repr(instance)


def test_bad_ephemeral_range() -> None:
    with pytest.raises(ValueError, match="ephemeral_ports"):
        ClusterState(ephemeral_ports=range(0))


# ---------------------------------------------------------------------------------------------------------------------
# Determinism


def test_same_seed_same_placements() -> None:
    def run() -> list[tuple[str, tuple[int, ...]]]:
        state = cluster(*["m5.large", "c5.xlarge", "r5.large"] * 4, seed=11)
        out = []
        for n in range(60):
            chain = [[RANDOM], [SPREAD_AZ, binpack("memory")], [spread("instanceId")]][n % 3]
            result = place(
                Demand(cpu=128, memory=256, dynamic_tcp=1), instances=state, group=f"g{n % 4}", strategies=chain
            )
            out += [(t.instance_id, t.dynamic_tcp_ports) for t in result.tasks]
        return out

    assert run() == run()


# ---------------------------------------------------------------------------------------------------------------------
# Properties: the indexed search agrees with a plain scan, and no sequence of placements over-commits


TYPES = ("t3.micro", "m5.large", "c5.large", "r5.large", "g4dn.xlarge")
CHAINS = (binpack("memory"), binpack("cpu"), SPREAD_AZ, spread("attribute:stack"), spread("instanceId"))
CONSTRAINTS = (
    DISTINCT,
    member_of("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]"),
    member_of("attribute:stack == prod"),
    member_of("not (task:group == g1)"),
    member_of("runningTasksCount < 4"),
)
EPHEMERAL = range(50000, 50004)

demands = st.builds(
    Demand,
    cpu=st.sampled_from([0, 128, 512, 1024, 3000]),
    memory=st.sampled_from([0, 128, 1024, 4000, 9000]),
    gpu=st.sampled_from([0, 0, 0, 1]),
    enis=st.sampled_from([0, 0, 1]),
    tcp_ports=st.sampled_from([(), (), (80,), (50001,)]),
    udp_ports=st.sampled_from([(), (), (53,)]),
    dynamic_tcp=st.integers(0, 2),
    dynamic_udp=st.integers(0, 1),
    required_attributes=st.sampled_from([(), (), (("stack", None),)]),
)


@st.composite
def clusters(draw: st.DrawFn) -> ClusterState:
    state = ClusterState(ephemeral_ports=EPHEMERAL, seed=draw(st.integers(0, 3)))
    for n in range(draw(st.integers(1, 10))):
        attributes = {"stack": draw(st.sampled_from(["prod", "dev"]))} if draw(st.booleans()) else {}
        state.add(
            f"ci-{n}",
            instance_type=draw(st.sampled_from(TYPES)),
            availability_zone=draw(st.sampled_from(AZS)),
            attributes=attributes,
            agent_connected=draw(st.sampled_from([True, True, True, False])),
            status=draw(st.sampled_from(["ACTIVE", "ACTIVE", "ACTIVE", "DRAINING"])),
        )
    return state


def free_dynamic(state: ClusterState, fixed: frozenset[int], used: frozenset[int]) -> int:
    return sum(1 for p in state.ephemeral_ports if p not in used and p not in fixed)


def oracle_fits(
    state: ClusterState, i: Instance, demand: Demand, group: str, constraints: Sequence[PlacementConstraint]
) -> bool:
    used = i.ports_in_use
    ok = (
        i.status == "ACTIVE"
        and i.agent_connected
        and all(
            name in i.attributes and value in (None, i.attributes[name]) for name, value in demand.required_attributes
        )
        and demand.resources.fits_in(i.remaining)
        and demand.tcp_ports.isdisjoint(used.tcp)
        and demand.udp_ports.isdisjoint(used.udp)
        and free_dynamic(state, demand.tcp_ports, used.tcp) >= demand.dynamic_tcp
        and free_dynamic(state, demand.udp_ports, used.udp) >= demand.dynamic_udp
    )
    for c in constraints:
        if c.type is PlacementConstraintType.DISTINCT_INSTANCE:
            ok = ok and group not in i.task_groups
        else:
            ok = ok and evaluate(c.expression or "", i)
    return ok


def oracle_choice(
    state: ClusterState,
    demand: Demand,
    group: str,
    strategies: Sequence[PlacementStrategy],
    constraints: Sequence[PlacementConstraint],
) -> str | None:
    """The best candidate by comparing every instance on every strategy in turn, then registration order."""
    instances = list(state)
    candidates = [i for i in instances if oracle_fits(state, i, demand, group, constraints)]

    def score(i: Instance, s: PlacementStrategy) -> int:
        if s.type is PlacementStrategyType.BINPACK:
            return i.remaining.memory if s.field == "memory" else i.remaining.cpu
        if s.field == "instanceId":
            return i.task_groups.get(group, 0)
        name = (s.field or "").removeprefix("attribute:")
        value = i.attributes.get(name)
        return sum(j.task_groups.get(group, 0) for j in instances if j.attributes.get(name) == value)

    if not candidates:
        return None
    best = min(candidates, key=lambda i: ([score(i, s) for s in strategies], instances.index(i)))
    return best.id


@given(
    clusters(),
    st.lists(
        st.tuples(
            demands,
            st.sampled_from(["g1", "g2"]),
            st.lists(st.sampled_from(CHAINS), min_size=1, max_size=3),
            st.lists(st.sampled_from(CONSTRAINTS), max_size=2),
            st.integers(0, 9),
        ),
        min_size=1,
        max_size=25,
    ),
)
def test_indexed_search_agrees_with_a_plain_scan(
    state: ClusterState,
    steps: list[tuple[Demand, str, list[PlacementStrategy], list[PlacementConstraint], int]],
) -> None:
    placed: list[TaskPlacement] = []
    for demand, group, strategies, constraints, action in steps:
        if action == 0 and placed:
            release(state, placed.pop(len(placed) // 2))
            continue
        if action == 1:  # attribute changes must reach the caches and indexes
            target = list(state)[len(placed) % len(state)].id
            state.set_attributes(target, {"stack": "prod", "ecs.availability-zone": AZS[len(placed) % 3]})
        expected = oracle_choice(state, demand, group, strategies, constraints)
        result = place(demand, instances=state, group=group, strategies=strategies, constraints=constraints)
        assert (result.tasks[0].instance_id if result.tasks else None) == expected
        placed.extend(result.tasks)
        if expected is None and any(i.status == "ACTIVE" for i in state):
            assert result.reason is not None
            assert [f.instance_id for f in result.failures] == [i.id for i in state if i.status == "ACTIVE"]


@given(
    clusters(),
    st.lists(
        st.tuples(demands, st.sampled_from([[RANDOM], [binpack("memory")], [SPREAD_AZ]]), st.booleans()), max_size=40
    ),
)
def test_place_and_release_never_over_commit_nor_share_a_port(
    state: ClusterState, steps: list[tuple[Demand, list[PlacementStrategy], bool]]
) -> None:
    live: list[TaskPlacement] = []
    for demand, strategies, stop in steps:
        if stop and live:
            release(state, live.pop(0))
        else:
            live.extend(place(demand, instances=state, group="g", count=2, strategies=strategies).tasks)
        for instance in state:
            mine = [t for t in live if t.instance_id == instance.id]
            used = sum((t.demand.resources for t in mine), Resources())
            assert instance.remaining == instance.registered - used
            assert not instance.remaining.is_negative()
            held = [instance.reserved_ports, *(t.host_ports for t in mine)]
            union = functools.reduce(operator.or_, held)
            assert sum(len(p) for p in held) == len(union)  # no port held twice
            assert instance.ports_in_use == union
            for task in mine:
                assert all(p in EPHEMERAL for p in (*task.dynamic_tcp_ports, *task.dynamic_udp_ports))
            assert instance.running_tasks_count == len(mine)
    for task in live:
        release(state, task)
    for instance in state:
        assert instance.remaining == instance.registered
        assert instance.ports_in_use == instance.reserved_ports


@pytest.mark.parametrize("seed", [5, 6])
def test_indexed_search_agrees_with_a_plain_scan_on_a_larger_cluster(seed: int) -> None:
    """Enough instances for the indexes to split into many blocks and for the task-count and registration-order
    indexes to be used; with releases, attribute, agent and status changes, and groups that come and go."""
    choose = random.Random(seed)
    state = ClusterState(ephemeral_ports=EPHEMERAL, seed=seed)
    for n in range(150):
        attributes = {"stack": choose.choice(["prod", "dev"])} if n % 4 else {}
        state.add(f"ci-{n}", instance_type=choose.choice(TYPES), availability_zone=AZS[n % 3], attributes=attributes)
    placed: list[TaskPlacement] = []
    for step in range(200):
        if step % 7 == 6 and placed:
            release(state, placed.pop(choose.randrange(len(placed))))
        if step % 40 == 39:
            target = f"ci-{choose.randrange(150)}"
            state.set_attributes(target, {"stack": "prod"})
            state.set_agent_connected(f"ci-{choose.randrange(150)}", choose.random() < 0.5)
            state.set_status(target, choose.choice(["ACTIVE", "DRAINING"]))
        if step % 100 == 99:  # a group's last task goes, and its indexes with it
            for task in [t for t in placed if t.group == "g2"]:
                release(state, task)
            placed = [t for t in placed if t.group != "g2"]
        demand = Demand(cpu=choose.choice([128, 256, 1024]), memory=choose.choice([256, 512, 2048]))
        group = choose.choice(["g1", "g2", "g3"])
        strategies = choose.sample(CHAINS, choose.randint(1, 3))
        constraints = choose.sample(CONSTRAINTS, choose.randint(0, 2))
        expected = oracle_choice(state, demand, group, strategies, constraints)
        result = place(demand, instances=state, group=group, strategies=strategies, constraints=constraints)
        assert (result.tasks[0].instance_id if result.tasks else None) == expected, step
        placed.extend(result.tasks)


def test_random_after_a_binpack_tie() -> None:
    state = cluster(*["m5.large"] * 6, seed=3)
    chosen = {
        place(SMALL, instances=cluster(*["m5.large"] * 6, seed=s), group=GROUP, strategies=[binpack("memory"), RANDOM])
        .tasks[0]
        .instance_id
        for s in range(12)
    }
    assert len(chosen) > 1  # the six tie on memory: random picks among them
    first = place(SMALL, instances=state, group=GROUP, strategies=[binpack("memory"), RANDOM]).tasks[0]
    again = place(SMALL, instances=state, group=GROUP, strategies=[binpack("memory"), RANDOM]).tasks[0]
    assert first.instance_id == again.instance_id  # no tie any more: the least memory left wins


def test_release_refuses_what_the_instance_does_not_hold() -> None:
    state = cluster("m5.large")
    task = place(Demand(cpu=256, tcp_ports=[8080]), instances=state, group=GROUP).tasks[0]
    with pytest.raises(ValueError, match="does not hold the ports"):
        release(state, attrs.evolve(task, demand=Demand(cpu=256, tcp_ports=[9090])))
    with pytest.raises(ValueError, match="more than it has"):
        release(state, attrs.evolve(task, demand=Demand(cpu=99999, tcp_ports=[8080])))
    release(state, task)
