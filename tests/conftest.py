"""Shared test configuration: hypothesis profiles and the location of the shared corpus."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, settings

from ecskit.backends.fake import FakeBackend
from ecskit.errors import BackendError, ConnectionFailed
from ecskit.models._base import Request
from ecskit.operations import Operation
from ecskit.texts import COMMON_ERRORS

R = TypeVar("R")

settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile(
    "ci", max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("ECSKIT_HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(autouse=True, scope="session")
def _fake_answers_only_the_errors_aws_lists() -> Iterator[None]:
    """Every error the fake answers, in every test, is one its operation's botocore model lists or one of AWS's
    common errors (an operation never raises what AWS never answers for it)."""
    original = FakeBackend.invoke

    def checked(self: FakeBackend, operation: Operation[Any, R], request: Request[R]) -> R:
        try:
            return original(self, operation, request)
        except BackendError as exc:
            if not isinstance(exc, ConnectionFailed) and exc.code not in (*operation.errors, *COMMON_ERRORS):
                raise AssertionError(
                    f"the fake answered {operation} with {exc.code}, which its model does not list: {exc.message}"
                ) from exc
            raise

    setattr(FakeBackend, "invoke", checked)  # noqa: B010 - a method is replaced for the session
    try:
        yield
    finally:
        setattr(FakeBackend, "invoke", original)  # noqa: B010
