"""Every task definition of the shared corpus: references and generated roles, without a crash.

Documents that are broken on purpose raise ConversionError when read and are skipped; for every other one, the
generated execution and task roles allow every permission the task definition requires.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecskit.codec.taskdefs import read_task_definition
from ecskit.errors import ConversionError
from ecskit.iam import (
    TASKS_SERVICE,
    Decision,
    RoleKind,
    can_assume,
    evaluate_role,
    execution_role,
    required_permissions,
    task_definition_references,
    task_role,
)
from tests.support.corpus import corpus_files

FILES = corpus_files("taskdefs")
ACCOUNT, REGION = "111122223333", "us-east-1"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_generated_roles_allow_every_required_permission(path: Path) -> None:
    try:
        td = read_task_definition(json.loads(path.read_text(encoding="utf-8")))
    except (ConversionError, json.JSONDecodeError):
        pytest.skip("broken on purpose: the codec rejects it")
    references = task_definition_references(td, account=ACCOUNT, region=REGION)
    roles = {
        RoleKind.EXECUTION: execution_role(td, account=ACCOUNT, region=REGION),
        RoleKind.TASK: task_role(td, account=ACCOUNT, region=REGION, exec_enabled=True),
    }
    permissions = required_permissions(td, account=ACCOUNT, region=REGION, exec_enabled=True)
    assert {p.path for p in permissions} >= {r.path for r in references}
    for permission in permissions:
        result = evaluate_role(roles[permission.role], permission.action, permission.resource)
        assert result.decision is Decision.ALLOWED, (permission, result.unevaluated)
    for role in roles.values():
        assert can_assume(role, TASKS_SERVICE, account=ACCOUNT).allowed


def test_the_corpus_exercises_the_references() -> None:
    kinds: set[str] = set()
    read = 0
    for path in FILES:
        try:
            td = read_task_definition(json.loads(path.read_text(encoding="utf-8")))
        except (ConversionError, json.JSONDecodeError):
            continue
        read += 1
        kinds.update(r.kind.value for r in task_definition_references(td, account=ACCOUNT, region=REGION))
    assert read >= 100
    assert kinds >= {"ecr-repository", "log-group", "ssm-parameter", "secretsmanager-secret", "s3-object"}
