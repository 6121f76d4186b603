"""Helpers for tests of the fake's ECR: a refusal checked through both doors (the typed verb and a boto3 client),
and the fake unchanged by it."""

from __future__ import annotations

import json
from typing import Any

import botocore.exceptions
import pytest

from ecskit.backends.fake import FakeBackend
from ecskit.codec import to_api
from ecskit.errors import BackendError
from ecskit.models._base import Request
from ecskit.models.ecr import CreateRepositoryRequest, Repository
from ecskit.operations import operation_of

OWNER = "123456789012"
OTHER = "444455556666"
REGION = "us-east-1"


def refusal(fake: FakeBackend, request: Request[Any], *, boto: bool = True) -> BackendError:
    """The error ``request`` gets from ``fake.ecr.<verb>`` and, with ``boto``, the same code and message from
    ``fake.client("ecr")``; either way the fake is left as it was."""
    operation = operation_of(request)
    fake.records()  # the view's own (empty) account and Region exist before the first call: not the call's doing
    before = fake.save()
    with pytest.raises(BackendError) as typed:
        getattr(fake.ecr, operation.method)(request)
    assert fake.save() == before, "a refused call changed the fake"
    if boto:
        client: Any = fake.client("ecr")
        with pytest.raises(botocore.exceptions.ClientError) as wire:
            getattr(client, operation.method)(**to_api(request))
        error = wire.value.response["Error"]
        assert (error["Code"], error["Message"]) == (typed.value.code, typed.value.message)
        assert fake.save() == before, "a refused boto3 call changed the fake"
    return typed.value


def repository(fake: FakeBackend, name: str = "web", **settings: Any) -> Repository:
    """A new repository of the view's account (CreateRepository with ``settings`` as the request's members)."""
    created = fake.ecr.create_repository(CreateRepositoryRequest(repository_name=name, **settings)).repository
    assert created is not None
    return created


def policy(*statements: dict[str, Any]) -> str:
    """The text of a policy document of ``statements``."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def grant(principal: Any, *actions: str, effect: str = "Allow", **extra: Any) -> dict[str, Any]:
    """One statement."""
    return {"Effect": effect, "Principal": principal, "Action": list(actions), **extra}
