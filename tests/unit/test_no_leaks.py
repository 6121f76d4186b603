"""Rejections leave nothing behind: no exception instance is shared between raises, so no traceback grows.

Python appends the frames of every ``raise`` to the traceback of the instance raised. An exception object kept in
a module (or a cache) and raised again and again collects the frames, and through them the rejected documents, for
the life of the process: 100,000 rejections of ``{"containerPort": "80"}`` once held 312 MB.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

import ecskit
from ecskit.backends.fake import FakeBackend
from ecskit.codec import from_api, from_json
from ecskit.errors import ConversionError
from ecskit.models.ecs import PortMapping, RegisterTaskDefinitionRequest

#: Generous for the allocator's own bookkeeping; a leak of one traceback per rejection is tens of MB.
FLAT = 2 * 1024 * 1024


def _growth(call: Callable[[], None], times: int) -> int:
    """Bytes still allocated after ``times`` calls (after a warm-up that fills the codec's caches)."""
    for _ in range(50):
        call()
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for _ in range(times):
            call()
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return after - before


def _rejected(read: Callable[[], Any]) -> Callable[[], None]:
    def call() -> None:
        with pytest.raises(ConversionError):
            read()

    return call


@pytest.mark.parametrize(
    ("read", "times"),
    [
        (lambda: from_api({"containerPort": "80"}, PortMapping), 20_000),  # the fast pass stops at once
        (
            lambda: from_api({"family": "f", "containerDefinitions": [{"name": 1}]}, RegisterTaskDefinitionRequest),
            5_000,
        ),
        (lambda: from_json('{"containerPort": 1e400}', PortMapping), 5_000),
        (lambda: from_json("[" * 5000, PortMapping), 300),  # each kept traceback would hold ~1,000 frames
    ],
    ids=["wrong-type", "nested", "out-of-range", "too-deep"],
)
def test_rejected_documents_leave_memory_flat(read: Callable[[], Any], times: int) -> None:
    # A traceback kept per rejection grows memory by a few KB each (tens of MB in all); flat is within 2 MB.
    assert _growth(_rejected(read), times) < FLAT


def test_bad_calls_on_the_fakes_boto3_client_leave_memory_flat() -> None:
    client = FakeBackend().client("ecs")

    def call() -> None:
        with pytest.raises(ClientError):  # an enum value ecskit's codec refuses: InvalidParameterException
            client.run_task(taskDefinition="web", launchType="NOT-A-LAUNCH-TYPE")  # type: ignore[arg-type]

    assert _growth(call, 1_000) < FLAT  # once ~7 KB a call


def _modules() -> list[Any]:
    found = [ecskit]
    for info in pkgutil.walk_packages(ecskit.__path__, "ecskit."):
        if info.name.endswith("__main__"):
            continue
        found.append(importlib.import_module(info.name))
    return found


def test_no_module_keeps_an_exception_instance() -> None:
    # The class of the leak: an exception object made once and raised many times.
    kept = [
        f"{module.__name__}.{name}"
        for module in _modules()
        for name, value in vars(module).items()
        if isinstance(value, BaseException)
        or (isinstance(value, tuple | list | frozenset | set) and any(isinstance(v, BaseException) for v in value))
        or (isinstance(value, dict) and any(isinstance(v, BaseException) for v in value.values()))
    ]
    assert kept == []
