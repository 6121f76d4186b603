"""What ecskit's typed API adds over raw boto3 calls, against the same moto server, side by side in one run.

One round is the same workflow done twice on a moto server on 127.0.0.1: with raw boto3 calls (dicts in, dicts
out), and through Boto3Backend (models in, models out: to_api on the way out, from_api on the way back). Rounds are
interleaved; medians are printed and the overhead ``typed / raw - 1`` (the target is at most 20%).

Run: ``python benchmarks/boto3_overhead.py [--rounds N]``
"""

from __future__ import annotations

import argparse
import logging
import socket
import sys
from typing import Any

import boto3
from _rounds import Runner, medians

from ecskit import from_api
from ecskit.backends.boto3 import Boto3Backend
from ecskit.models.ecs import (
    CreateClusterRequest,
    DescribeClustersRequest,
    DescribeTaskDefinitionRequest,
    ListTaskDefinitionsRequest,
    RegisterTaskDefinitionRequest,
)

TASKDEF: dict[str, Any] = {
    "family": "bench",
    "networkMode": "awsvpc",
    "requiresCompatibilities": ["FARGATE"],
    "cpu": "256",
    "memory": "512",
    "containerDefinitions": [
        {
            "name": "app",
            "image": "nginx:1.27",
            "essential": True,
            "portMappings": [{"containerPort": 80}],
            "environment": [{"name": f"VAR{i}", "value": str(i)} for i in range(10)],
        }
    ],
}
CALLS = 20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def raw_workflow(client: Any) -> None:
    """The workflow with plain boto3 calls."""
    for i in range(CALLS):
        client.create_cluster(clusterName=f"raw-{i % 5}")
        client.describe_clusters(clusters=[f"raw-{i % 5}"])
        client.register_task_definition(**TASKDEF)
        client.describe_task_definition(taskDefinition="bench")
        client.list_task_definitions(familyPrefix="bench")


def typed_workflow(backend: Boto3Backend, request: RegisterTaskDefinitionRequest) -> None:
    """The same workflow through ecskit's typed API."""
    for i in range(CALLS):
        backend.create_cluster(CreateClusterRequest(cluster_name=f"typed-{i % 5}"))
        backend.describe_clusters(DescribeClustersRequest(clusters=(f"typed-{i % 5}",)))
        backend.register_task_definition(request)
        backend.describe_task_definition(DescribeTaskDefinitionRequest(task_definition="bench"))
        backend.list_task_definitions(ListTaskDefinitionsRequest(family_prefix="bench"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ecskit's typed API over raw boto3, against a moto server")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args(argv)
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's server logs every request
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        session = boto3.session.Session(
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name="us-east-1",
        )
        client = session.client("ecs", endpoint_url=f"http://127.0.0.1:{port}")
        backend = Boto3Backend(client)
        request = from_api(TASKDEF, RegisterTaskDefinitionRequest)
        runners: dict[str, Runner] = {
            "raw boto3": lambda: raw_workflow(client),
            "ecskit typed": lambda: typed_workflow(backend, request),
        }
        med = medians(runners, args.rounds)
    finally:
        server.stop()
    print(f"{CALLS * 5} calls per workflow, {args.rounds} interleaved rounds against moto on 127.0.0.1, medians:")
    for name, value in med.items():
        print(f"  {name:13} {value * 1e3:8.1f} ms ({value / (CALLS * 5) * 1e3:.2f} ms per call)")
    print(f"overhead of ecskit's typed API: {(med['ecskit typed'] / med['raw boto3'] - 1) * 100:+.1f}% (target <= 20%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
