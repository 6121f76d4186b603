"""The `ecskit validate` contract: what CI pipelines rely on (exit codes, JSON fields, paths)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ecskit.cli import guess_kind, main
from tests.support.rulecases import container, ec2_service, ec2_taskdef, fargate_taskdef


def _write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "validate", _write(tmp_path, "td.json", fargate_taskdef()))
    assert code == 0
    assert "0 errors, 0 warnings in 1 file" in out


def test_errors_exit_1_with_json_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "td.json", fargate_taskdef(cpu="512", memory="512"))
    code, out, _ = _run(capsys, "validate", "--format", "json", path)
    assert code == 1
    rows = json.loads(out)
    row = next(r for r in rows if r["rule"] == "fargate-cpu-memory")
    assert {"file", "path", "rule", "severity", "phase", "message", "hint", "aws_code", "effect"} <= row.keys()
    assert row["file"] == path
    assert row["path"] == "memory"
    assert row["severity"] == "error"
    assert row["phase"] == "api"
    assert row["aws_code"] == "ClientException"
    assert row["effect"] is None
    assert row["message"] == "No Fargate configuration exists for given values: 512 CPU, 512 memory."
    assert "cpu 512 (0.5 vCPU) / memory 1024 (1 GB)" in row["hint"]


def test_runtime_findings_say_what_aws_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ulimit = {"name": "nofile", "softLimit": 2048, "hardLimit": 1024}
    path = _write(tmp_path, "td.json", ec2_taskdef(container(ulimits=[ulimit])))
    code, out, _ = _run(capsys, "validate", "--format", "json", path)
    assert code == 1
    (row,) = json.loads(out)
    assert row["rule"] == "container-ulimit-soft-le-hard"
    assert row["phase"] == "runtime"
    assert row["aws_code"] is None
    assert row["effect"]["outcome"] == "stopped"
    assert row["effect"]["stop_code"] == "TaskFailedToStart"
    assert row["effect"]["stopped_reason"].startswith("CannotStartContainerError:")
    code, out, _ = _run(capsys, "validate", path)
    assert "error (runtime): containerDefinitions[0].ulimits[0].softLimit:" in out
    assert "on AWS: the task stops (TaskFailedToStart): CannotStartContainerError:" in out


def test_the_summary_counts_findings_by_phase(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    api = _write(tmp_path, "api.json", fargate_taskdef(cpu="512", memory="512"))
    ulimit = {"name": "nofile", "softLimit": 2048, "hardLimit": 1024}
    runtime = _write(tmp_path, "runtime.json", ec2_taskdef(container(ulimits=[ulimit]), networkMode="host"))
    code, out, _ = _run(capsys, "validate", api, runtime)
    assert code == 1
    assert out.splitlines()[-1] == "2 errors (1 api, 1 runtime), 1 warning (1 advice) in 2 files"


def test_schema_problems_are_findings_with_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = ec2_taskdef()
    doc["containerDefinitions"][0]["portMappings"] = [{"containerPort": "80", "hostPrt": 80}]
    doc["networkMode"] = "brigde"
    code, out, _ = _run(capsys, "validate", "--format", "json", _write(tmp_path, "td.json", doc))
    assert code == 1
    found = {(r["rule"], r["path"]) for r in json.loads(out)}
    assert found == {
        ("schema-wrong-type", "containerDefinitions[0].portMappings[0].containerPort"),
        ("schema-unknown-key", "containerDefinitions[0].portMappings[0].hostPrt"),
        ("schema-bad-value", "networkMode"),
    }
    hints = {r["rule"]: r["hint"] for r in json.loads(out)}
    assert hints["schema-unknown-key"] == "did you mean 'hostPort'?"


@pytest.mark.parametrize(("content", "reason"), [("{not json", "not JSON"), (None, "cannot read")])
def test_unreadable_or_not_json_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, reason: str
) -> None:
    path = _write(tmp_path, "bad.json", content) if content is not None else str(tmp_path / "missing.json")
    code, _, err = _run(capsys, "validate", path)
    assert code == 2
    assert reason in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_json_that_is_not_an_object_is_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "validate", "--format", "json", _write(tmp_path, "list.json", [1, 2]))
    assert code == 1
    assert json.loads(out)[0]["rule"] == "schema-wrong-type"


def test_unreadable_wins_over_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _write(tmp_path, "td.json", fargate_taskdef(cpu="512", memory="512"))
    code, _, _ = _run(capsys, "validate", bad, str(tmp_path / "missing.json"))
    assert code == 2


def test_service_checked_against_its_task_definition(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    td = _write(tmp_path, "td.json", fargate_taskdef())
    service = _write(tmp_path, "svc.json", ec2_service(launchType="FARGATE"))  # awsvpc but no networkConfiguration
    code, out, _ = _run(capsys, "validate", "--kind", "service", "--task-definition", td, "--format", "json", service)
    rows = json.loads(out)
    assert code == 1
    assert all(r["file"] == service for r in rows)
    assert rows


def test_describe_output_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    described = {"taskDefinition": {**fargate_taskdef(), "revision": 4, "status": "ACTIVE"}, "tags": []}
    code, _, _ = _run(capsys, "validate", _write(tmp_path, "described.json", described))
    assert code == 0


def test_lifecycle_policy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = {
        "rules": [
            {
                "rulePriority": 1,
                "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 5},
                "action": {"type": "expire"},
            }
        ]
    }
    code, _, _ = _run(capsys, "validate", _write(tmp_path, "policy.json", policy))
    assert code == 0


def test_ignore_and_warn_change_the_verdict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "td.json", fargate_taskdef(cpu="512", memory="512"))
    assert _run(capsys, "validate", "--ignore", "fargate-cpu-memory", path)[0] == 0
    code, out, _ = _run(capsys, "validate", "--warn", "fargate-cpu-memory", path)
    assert code == 0
    assert "warning (api): memory" in out
    code, _, err = _run(capsys, "validate", "--ignore", "no-such-rule", path)
    assert code == 2
    assert "no-such-rule" in err


def test_kinds_are_told_apart() -> None:
    assert guess_kind(ec2_taskdef()) == "taskdef"
    assert guess_kind({"taskDefinition": {"family": "x"}}) == "taskdef"
    assert guess_kind(ec2_service()) == "service"
    assert guess_kind({"rules": []}) == "lifecycle-policy"


def test_rules_listing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "rules", "--format", "json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["fargate-cpu-memory"]["phase"] == "api"
    assert rows["fargate-cpu-memory"]["aws_code"] == "ClientException"
    assert rows["container-ulimit-soft-le-hard"]["effect"]["stop_code"] == "TaskFailedToStart"
    assert "svc-netcfg-required-awsvpc" in rows["launch-netcfg-required-awsvpc"]["aliases"]
    code, out, _ = _run(capsys, "rules")
    line = next(x for x in out.splitlines() if x.startswith("fargate-cpu-memory "))
    assert line.split()[1:3] == ["error", "api"]


def test_rules_of_one_phase(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "rules", "--format", "json", "--phase", "advice")
    assert code == 0
    rows = json.loads(out)
    assert rows
    assert {r["phase"] for r in rows} == {"advice"}
    assert {r["severity"] for r in rows} <= {"warning", "info"}


def test_a_retired_rule_id_still_works_with_a_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    td = _write(tmp_path, "td.json", fargate_taskdef())
    service = _write(tmp_path, "svc.json", ec2_service(launchType="FARGATE"))  # awsvpc but no networkConfiguration
    argv = ["validate", "--kind", "service", "--task-definition", td, "--format", "json", service]
    code, out, _ = _run(capsys, *argv)
    assert "launch-netcfg-required-awsvpc" in {r["rule"] for r in json.loads(out)}
    code, out, err = _run(capsys, *argv, "--ignore", "svc-netcfg-required-awsvpc")
    assert code == 0
    assert "launch-netcfg-required-awsvpc" not in {r["rule"] for r in json.loads(out)}
    assert "'svc-netcfg-required-awsvpc' is retired" in err
    assert "'launch-netcfg-required-awsvpc'" in err


def test_module_entry_point(tmp_path: Path) -> None:
    path = _write(tmp_path, "td.json", fargate_taskdef())
    done = subprocess.run(
        [sys.executable, "-m", "ecskit", "validate", path], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
