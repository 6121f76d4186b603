"""What a test pays to get a fresh fake: a new backend, a boto3 client of it, and one call; 200 times, on ecskit's
fake and on moto's ``mock_aws`` (a new mock, a client, the same call), side by side in one run.

A suite of a thousand tests that each make their own fake pays this a thousand times. The fake's clients share one
botocore session (its loader caches the service model), so only the first client of a process reads the model;
moto's clients are made on boto3's default session, as tests usually make them, so both sides share their loader.

Rounds are interleaved (the order shuffled with a fixed seed) and medians printed per test-sized unit (a backend, a
client and a call), with the ratio ``moto / fake`` (target: at least 10x; at most 10 ms for the fake's unit).

Run: ``python benchmarks/fake_startup.py [--rounds N] [--units N]``
"""

from __future__ import annotations

import argparse
import sys
import time

import boto3
from _rounds import Runner, medians

from ecskit.backends.fake import FakeBackend


def fake_units(units: int) -> float:
    """``units`` times: a new FakeBackend, its ECS client, ListClusters."""
    start = time.perf_counter()
    for _ in range(units):
        FakeBackend().client("ecs").list_clusters()
    return time.perf_counter() - start


def moto_units(units: int) -> float:
    """``units`` times: a new mock_aws, an ECS client, ListClusters."""
    from moto import mock_aws

    start = time.perf_counter()
    for _ in range(units):
        with mock_aws():
            ecs = boto3.client(
                "ecs", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
            )
            ecs.list_clusters()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="a fresh backend + client + one call, on the fake and on moto")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--units", type=int, default=200)
    args = parser.parse_args(argv)
    first = time.perf_counter()
    fake_units(1)
    print(f"the process's first fake + client + call: {(time.perf_counter() - first) * 1e3:.1f} ms (reads the model)")
    moto_units(1)
    runners: dict[str, Runner] = {"moto": lambda: moto_units(args.units), "fake": lambda: fake_units(args.units)}
    med = {k: v / args.units for k, v in medians(runners, args.rounds, shuffle=True, quiet_gc=True, warm=False).items()}
    print(f"{args.units} x (backend + client + ListClusters), {args.rounds} interleaved rounds, median per unit:")
    for name, value in med.items():
        print(f"  {name:5} {value * 1e3:8.2f} ms")
    print(f"moto / fake: {med['moto'] / med['fake']:.1f}x (target >= 10; fake target <= 10 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
