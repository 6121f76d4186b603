"""Every operation the fake serves answers only the errors its botocore model lists, or one of AWS's common errors
(https://docs.aws.amazon.com/AmazonECS/latest/APIReference/CommonErrors.html): called with a cluster, a repository or
a registry that does not exist (the case where a fake most easily answers an error of another operation, as
DiscoverPollEndpoint once answered ClusterNotFoundException, which its model does not list).

Every test of the suite is guarded the same way (``tests/conftest.py`` wraps :meth:`FakeBackend.invoke`); this module
makes sure each served operation is called at least once with such a reference, and the property test
(``tests/property/test_fake_never_crashes.py``) calls each with random requests too.
"""

from __future__ import annotations

import functools
from typing import Any

import botocore.session
import pytest
from botocore.model import Shape

from ecskit import from_api
from ecskit.backends.fake import FakeBackend, registry
from ecskit.errors import BackendError, ConversionError
from ecskit.operations import find_operation
from ecskit.texts import COMMON_ERRORS

#: Members that name something: given a name that does not exist.
_MISSING = {
    "cluster": "nope",
    "repositoryName": "nope",
    "registryId": "999999999999",
    "service": "nope",
    "taskDefinition": "nope:1",
    "containerInstance": "nope",
    "capacityProvider": "nope",
}


@functools.cache
def _model(service: str) -> Any:
    return botocore.session.get_session().get_service_model(service)


def _minimal(shape: Shape, name: str = "") -> Any:
    """The smallest value of ``shape`` botocore would send (required members only)."""
    kind = shape.type_name
    if kind == "structure":
        required = set(shape.required_members)
        members = shape.members  # type: ignore[attr-defined]
        value = {k: _minimal(v, k) for k, v in members.items() if k in required}
        value.update({k: v for k, v in _MISSING.items() if k in members})
        return value
    if kind == "list":
        return [_minimal(shape.member, name)]  # type: ignore[attr-defined]
    if kind == "map":
        return {}
    if kind == "string":
        enum = getattr(shape, "enum", None)
        return enum[0] if enum else _MISSING.get(name, "x")
    if kind in ("integer", "long"):
        return 1
    if kind in ("double", "float"):
        return 1.0
    if kind == "boolean":
        return False
    if kind == "timestamp":
        return "2024-01-01T00:00:00Z"
    return b""


def _served() -> list[tuple[str, str]]:
    return [(service, o.name) for service in ("ecs", "ecr", "ecr-public") for o in registry.served(service)]


@pytest.mark.parametrize(("service", "name"), _served(), ids=lambda v: v)
def test_unknown_references_are_answered_with_modelled_errors(service: str, name: str) -> None:
    operation = find_operation(service, name)
    assert operation is not None
    shape = _model(service).operation_model(name).input_shape
    params = _minimal(shape) if shape is not None else {}
    try:
        request = from_api(params, operation.request)
    except ConversionError:
        pytest.skip(f"{name}: the smallest request is not one ecskit reads")
    code = None
    try:
        FakeBackend().invoke(operation, request)
    except BackendError as exc:
        code = exc.code
    assert code is None or code in operation.errors or code in COMMON_ERRORS, (name, code)


def test_discover_poll_endpoint_answers_for_any_cluster() -> None:
    """Its model lists no ClusterNotFoundException; what ECS answers for an unknown cluster is not documented, so the
    fake answers with the Region's endpoints (the lenient side)."""
    answer = FakeBackend().client("ecs").discover_poll_endpoint(cluster="nope", containerInstance="abc")
    assert answer["endpoint"] == "https://ecs-a-1.us-east-1.amazonaws.com/"
