"""The `ecskit diff` contract: exit codes 0 (same), 1 (different), 2 (unreadable); text, unified and JSON output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ecskit.cli import diff_kind, main

TASKDEF: dict[str, Any] = {
    "family": "web",
    "networkMode": "awsvpc",
    "requiresCompatibilities": ["FARGATE"],
    "cpu": "1 vCPU",
    "memory": "2 GB",
    "containerDefinitions": [
        {
            "name": "app",
            "image": "nginx:1.27",
            "portMappings": [{"containerPort": 80}],
            "environment": [{"name": "B", "value": "2"}, {"name": "A", "value": "1"}],
        }
    ],
}
DESCRIBED: dict[str, Any] = {
    "taskDefinition": {
        **TASKDEF,
        "cpu": "1024",
        "memory": "2048",
        "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2",
        "revision": 2,
        "status": "ACTIVE",
        "compatibilities": ["EC2", "FARGATE"],
        "containerDefinitions": [
            {
                "name": "app",
                "image": "nginx:1.27",
                "cpu": 0,
                "essential": True,
                "portMappings": [{"containerPort": 80, "hostPort": 80, "protocol": "tcp"}],
                "environment": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                "mountPoints": [],
                "volumesFrom": [],
            }
        ],
    }
}
DESIRED: dict[str, Any] = {"serviceName": "web", "taskDefinition": "web:2", "desiredCount": 2, "launchType": "FARGATE"}
DEPLOYED: dict[str, Any] = {
    "services": [
        {
            "serviceArn": "arn:aws:ecs:us-east-1:123456789012:service/prod/web",
            "serviceName": "web",
            "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
            "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2",
            "desiredCount": 5,
            "runningCount": 5,
            "launchType": "FARGATE",
            "status": "ACTIVE",
            "availabilityZoneRebalancing": "ENABLED",
        }
    ],
    "failures": [],
}


def _write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["diff", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_same_task_definition_in_two_forms_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, _write(tmp_path, "described.json", DESCRIBED), _write(tmp_path, "td.json", TASKDEF))
    assert (code, out, err) == (0, "no differences\n", "")


def test_differences_exit_1_with_one_line_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    changed = {
        **TASKDEF,
        "memory": "4 GB",
        "containerDefinitions": [{**TASKDEF["containerDefinitions"][0], "image": "nginx:1.28"}],
    }
    code, out, _ = _run(capsys, _write(tmp_path, "old.json", DESCRIBED), _write(tmp_path, "new.json", changed))
    assert code == 1
    assert out.splitlines() == [
        '~ containerDefinitions[name=app].image: "nginx:1.27" -> "nginx:1.28"',
        '~ memory: "2048" -> "4096"',
    ]


def test_json_and_unified_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path, "old.json", TASKDEF)
    new = _write(tmp_path, "new.json", {**TASKDEF, "cpu": "2 vCPU"})
    code, out, _ = _run(capsys, "--format", "json", old, new)
    assert code == 1
    assert json.loads(out) == {
        "old": old,
        "new": new,
        "changes": [{"path": "cpu", "kind": "changed", "old": "1024", "new": "2048"}],
    }
    code, out, _ = _run(capsys, "--format", "unified", old, new)
    assert code == 1
    assert out.splitlines()[:2] == [f"--- {old}", f"+++ {new}"]
    assert '-  "cpu": "1024",' in out.splitlines()
    code, out, _ = _run(capsys, "--format", "json", old, old)
    assert (code, json.loads(out)["changes"]) == (0, [])


def test_service_against_describe_services_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deployed, desired = _write(tmp_path, "deployed.json", DEPLOYED), _write(tmp_path, "desired.json", DESIRED)
    code, out, _ = _run(capsys, deployed, desired)
    assert (code, out) == (1, "~ desiredCount: 5 -> 2\n")
    assert _run(capsys, "--ignore-desired-count", deployed, desired)[:2] == (0, "no differences\n")
    assert _run(capsys, "--ignore", "desiredCount", deployed, desired)[:2] == (0, "no differences\n")


def test_ignore_and_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path, "old.json", TASKDEF)
    new = _write(tmp_path, "new.json", {**TASKDEF, "cpu": "2 vCPU", "memory": "4 GB"})
    code, out, _ = _run(capsys, "--ignore", "cpu", "--kind", "taskdef", old, new)
    assert (code, out) == (1, '~ memory: "2048" -> "4096"\n')
    code, _, err = _run(capsys, "--kind", "service", old, new)  # a task definition is no service
    assert code == 2
    assert "serviceName" in err


@pytest.mark.parametrize(
    ("content", "reason"),
    [("{not json", "not JSON"), (None, "cannot read"), ('{"family": 3, "containerDefinitions": []}', "family")],
)
def test_unreadable_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, reason: str
) -> None:
    good = _write(tmp_path, "good.json", TASKDEF)
    bad = _write(tmp_path, "bad.json", content) if content is not None else str(tmp_path / "missing.json")
    code, out, err = _run(capsys, good, bad)
    assert code == 2
    assert out == ""
    assert reason in err
    assert bad in err
    assert "Traceback" not in err


def test_colour_only_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path, "old.json", TASKDEF)
    new = _write(tmp_path, "new.json", {**TASKDEF, "cpu": "2 vCPU"})
    assert "\x1b[" not in _run(capsys, old, new)[1]
    assert _run(capsys, "--color", old, new)[1].startswith("\x1b[33m~ cpu")


def test_diff_kind() -> None:
    assert diff_kind(TASKDEF, DESCRIBED) == "taskdef"
    assert diff_kind(DEPLOYED, DESIRED) == "service"
    assert diff_kind(DEPLOYED["services"][0], TASKDEF) == "service"
    assert diff_kind({"service": DEPLOYED["services"][0]}) == "service"
    assert diff_kind([1], "x") == "taskdef"


def test_as_a_module(tmp_path: Path) -> None:
    old = _write(tmp_path, "old.json", TASKDEF)
    new = _write(tmp_path, "new.json", {**TASKDEF, "cpu": "2 vCPU"})
    done = subprocess.run(
        [sys.executable, "-m", "ecskit", "diff", old, new], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (1, '~ cpu: "1024" -> "2048"\n')
