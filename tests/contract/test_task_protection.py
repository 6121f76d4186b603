"""Contract: task scale-in protection (GetTaskProtection, UpdateTaskProtection) behaves the same on every backend.

Only a service's tasks can be protected; those start as virtual time advances, which the typed fake alone can be
told to do here, so protecting them is a fake test (tests/fake/test_capacity_operations.py).
"""

from __future__ import annotations

import pytest

from ecskit.backends.base import Backend
from ecskit.errors import InvalidRequestError
from ecskit.models.ecs import GetTaskProtectionRequest, RegisterContainerInstanceRequest, UpdateTaskProtectionRequest
from tests.contract.conftest import ec2_instance, moto_differs
from tests.support.fake_ecs import cluster, identity_document, run, taskdef


def test_a_standalone_task_is_not_valid(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS answers TASK_NOT_VALID for a standalone task; moto's RunTask response does not parse (cpu and memory "
        "as numbers), and moto fails with a server error on UpdateTaskProtection",
    )
    cluster(backend)
    document = identity_document(ec2_instance(request, backend, 1))
    backend.register_container_instance(
        RegisterContainerInstanceRequest(cluster="web", instance_identity_document=document)
    )
    task = (run(backend, cluster="web", taskDefinition=taskdef(backend, "app")).tasks or ())[0]
    answer = backend.update_task_protection(
        UpdateTaskProtectionRequest(cluster="web", tasks=(task.task_arn or "",), protection_enabled=True)
    )
    assert answer.protected_tasks == ()
    assert [f.reason for f in answer.failures or ()] == ["TASK_NOT_VALID"]


def test_an_unknown_task_is_missing(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS answers MISSING for an unknown task; moto fails with a server error")
    cluster(backend)
    answer = backend.get_task_protection(
        GetTaskProtectionRequest(cluster="web", tasks=("0123456789abcdef0123456789abcdef",))
    )
    assert [f.reason for f in answer.failures or ()] == ["MISSING"]


def test_expiry_is_at_most_48_hours(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS refuses expiresInMinutes above 2880; moto fails with a server error")
    cluster(backend)
    with pytest.raises(InvalidRequestError) as info:
        backend.update_task_protection(
            UpdateTaskProtectionRequest(
                cluster="web",
                tasks=("0123456789abcdef0123456789abcdef",),
                protection_enabled=True,
                expires_in_minutes=2881,
            )
        )
    assert info.value.code == "InvalidParameterException"
