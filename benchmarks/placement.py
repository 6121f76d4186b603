"""Placement cost and how it grows with the cluster: binpack on memory with a memberOf constraint.

For each cluster size (500, 1,000, 2,000 and 5,000 container instances of mixed types from the instance type table,
across three Availability Zones, with a custom ``stack`` attribute), one task at a time is placed with
``binpack(memory)`` and ``memberOf(attribute:ecs.availability-zone in [us-east-1a, us-east-1b])``: 20 tasks per
instance, so 100,000 on 5,000 instances. Task sizes alternate between a small and a medium demand, and every tenth
placement is followed by the release of an earlier task, so instances fill, empty and refill.

Printed: seconds, placements per second and microseconds per placement for each size, and the cost per placement
at 5,000 instances over that at 500 (growing linearly with the cluster would make it 10; the target is well below).

Run: ``python benchmarks/placement.py [--sizes 500,1000,2000,5000] [--tasks-per-instance 20]``
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from ecskit.models.ecs import PlacementConstraint, PlacementConstraintType, PlacementStrategy, PlacementStrategyType
from ecskit.placement import ClusterState, Demand, TaskPlacement, place, release

TYPES = ("m5.xlarge", "m5.2xlarge", "c5.2xlarge", "r5.xlarge", "m6i.2xlarge", "t3.xlarge", "m7g.2xlarge", "c6i.4xlarge")
ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")
DEMANDS = (Demand(cpu=128, memory=256), Demand(cpu=256, memory=768))
STRATEGIES = (PlacementStrategy(type=PlacementStrategyType.BINPACK, field="memory"),)
CONSTRAINTS = (
    PlacementConstraint(
        type=PlacementConstraintType.MEMBER_OF, expression="attribute:ecs.availability-zone in [us-east-1a, us-east-1b]"
    ),
)


def build(size: int, seed: int) -> ClusterState:
    """A cluster state of ``size`` instances of mixed types across three zones."""
    rng = random.Random(seed)
    state = ClusterState(seed=seed)
    for n in range(size):
        state.add(
            f"ci-{n:05d}",
            instance_type=rng.choice(TYPES),
            availability_zone=ZONES[n % len(ZONES)],
            attributes={"stack": rng.choice(("prod", "staging"))},
            ec2_instance_id=f"i-{n:017x}",
        )
    return state


def run(size: int, tasks: int, seed: int) -> tuple[float, int]:
    """(seconds, tasks placed) for ``tasks`` placements on a fresh cluster of ``size`` instances."""
    state = build(size, seed)
    placed: list[TaskPlacement] = []
    unplaced = 0
    start = time.perf_counter()
    for n in range(tasks):
        result = place(
            DEMANDS[n % 2], instances=state, group="service:bench", strategies=STRATEGIES, constraints=CONSTRAINTS
        )
        placed.extend(result.tasks)
        unplaced += result.unplaced
        if n % 10 == 9:
            release(state, placed.pop(len(placed) // 2))
    elapsed = time.perf_counter() - start
    if unplaced:
        print(f"  ({unplaced} of {tasks} tasks found no room at {size} instances)")
    return elapsed, tasks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="placement cost as the cluster grows")
    parser.add_argument("--sizes", default="500,1000,2000,5000")
    parser.add_argument("--tasks-per-instance", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    per_placement: dict[int, float] = {}
    print("binpack(memory) + memberOf(attribute:ecs.availability-zone in [us-east-1a, us-east-1b]), one task a call")
    for size in sizes:
        seconds, tasks = run(size, size * args.tasks_per_instance, args.seed)
        per_placement[size] = seconds / tasks
        print(
            f"  {size:6,} instances  {tasks:8,} tasks  {seconds:7.2f} s  {tasks / seconds:9,.0f} placements/s"
            f"  {per_placement[size] * 1e6:6.1f} us/placement"
        )
    if len(sizes) > 1:
        low, high = min(sizes), max(sizes)
        ratio = per_placement[high] / per_placement[low]
        print(
            f"cost per placement, {high:,} vs {low:,} instances: {ratio:.2f}x "
            f"(linear growth would be {high / low:.0f}x; target: well below)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
