"""Preflight passes the load-balanced examples (as deployed on the fake) and catches what breaks them."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest

from ecskit.models.iam import PolicyDocument, Role, Statement
from ecskit.preflight import preflight

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
CASES = [("fargate_web_service", "web"), ("ec2_bridge_service", "shop")]


def _example(name: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    found = runpy.run_path(str(EXAMPLES / f"{name}.py"), run_name="__main__")
    capsys.readouterr()
    return found


@pytest.mark.parametrize(("name", "stack"), CASES)
def test_the_examples_pass_preflight(name: str, stack: str, capsys: pytest.CaptureFixture[str]) -> None:
    found = _example(name, capsys)
    made = found[stack]
    roles = {r.role_name: r for r in (made.execution_role, made.task_role)}
    report = preflight(
        found["fake"],
        cluster=made.service.cluster or "default",
        service=made.service.service_name,
        roles=roles,
        service_linked_role=True,
    )
    assert not report.errors, [str(f) for f in report.errors]


def test_an_execution_role_without_permissions_fails_preflight(capsys: pytest.CaptureFixture[str]) -> None:
    # Fargate: the execution role pulls the private ECR image and creates the log stream (on EC2 the bridge
    # example's public image and awslogs go through the instance role, which preflight of a service cannot see).
    found = _example("fargate_web_service", capsys)
    made = found["web"]
    empty = PolicyDocument(statement=(Statement(effect="Allow", action="s3:ListAllMyBuckets", resource="*"),))  # type: ignore[arg-type]
    crippled = Role(
        role_name=made.execution_role.role_name,
        assume_role_policy=made.execution_role.assume_role_policy,
        inline_policies={"nothing": empty},
    )
    report = preflight(
        found["fake"],
        cluster=made.service.cluster or "default",
        service=made.service.service_name,
        roles={crippled.role_name: crippled, made.task_role.role_name: made.task_role},
        service_linked_role=True,
    )
    assert report.errors
    assert any("ResourceInitializationError" in f.message or "CannotPull" in f.message for f in report.errors)
