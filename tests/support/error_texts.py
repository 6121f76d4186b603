"""The harness of the tests of the table of error texts (:mod:`ecskit.texts`): each entry has a scenario, a call (or
a few) on a fresh fake that makes it answer with that text, through a real boto3 client served by the fake (what
users see). :func:`check` runs one and asserts the code, the text, and that the operation is one the entry names."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecskit.backends.fake import FakeBackend
from ecskit.texts import ErrorText

#: A scenario: it makes a fresh fake answer with its entry's text (an error raised from a boto3 call, or the answer
#: whose ``failures`` give the reason), using ``monkeypatch`` to lower a limit no test can reach otherwise.
Scenario = Callable[[FakeBackend, pytest.MonkeyPatch], Any]


def check(entry: ErrorText, scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run ``scenario`` on a new fake and assert that it answered with ``entry``."""
    fake = FakeBackend()
    if entry.code is None:
        answer = scenario(fake, monkeypatch)
        reasons = [f.get("reason", "") for f in answer.get("failures", ())]
        assert any(entry.matches(r) for r in reasons), (entry.template, reasons)
        return
    with pytest.raises(ClientError) as info:
        scenario(fake, monkeypatch)
    error = info.value.response["Error"]
    assert error["Code"] == entry.code, error
    assert entry.matches(error["Message"]), (entry.template, error["Message"])
    assert info.value.operation_name in entry.operations, (info.value.operation_name, entry.operations)


def document(instance: str = "i-00000000000000001", **members: Any) -> str:
    """An instance identity document (``None`` values leave a member out)."""
    doc = {
        "instanceId": instance,
        "instanceType": "m5.large",
        "availabilityZone": "us-east-1a",
        "region": "us-east-1",
        **members,
    }
    return json.dumps({k: v for k, v in doc.items() if v is not None})


def container(name: str = "app", **members: Any) -> dict[str, Any]:
    """A container definition of 256 MiB."""
    return {"name": name, "image": "nginx:1.27", "memory": 256, **members}


def fargate(**members: Any) -> dict[str, Any]:
    """A Fargate task definition's members (awsvpc, 0.25 vCPU / 512 MiB)."""
    return {
        "family": "fg",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "256",
        "memory": "512",
        "containerDefinitions": [{"name": "app", "image": "nginx:1.27"}],
        **members,
    }
