"""Task definitions in every form users keep them: register input, describe output, the describe response.

``describe-task-definition`` output cannot be fed back to ``register-task-definition``: it carries read-only
members (``taskDefinitionArn``, ``revision``, ``status``, ``requiresAttributes``, ``compatibilities``,
``registeredAt``, ...) that the register call rejects. :func:`register_request_from` drops exactly those, as
the botocore model defines them (not a hand-kept list), and keeps the tags of a full response.
:func:`read_task_definition` takes any of these forms (:data:`~ecskit.codec.taskdefs.TaskDefinitionLike`) and
gives register input.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeAlias

import attrs

from ecskit.codec._plan import struct_plan
from ecskit.codec.checks import checked
from ecskit.codec.convert import Unknown, from_api
from ecskit.codec.reading import load_document
from ecskit.errors import ConversionError, FieldError, UsageError
from ecskit.models.ecs import (
    DescribeTaskDefinitionResponse,
    RegisterTaskDefinitionRequest,
    RegisterTaskDefinitionResponse,
    TaskDefinition,
)

__all__ = [
    "TaskDefinitionLike",
    "read_description",
    "read_only_members",
    "read_task_definition",
    "register_request_from",
]

#: Any form of a task definition: register input, describe output, a describe or register response, or the dict,
#: JSON text (``str``/``bytes``) or JSON file (a path) of any of those.
TaskDefinitionLike: TypeAlias = (
    RegisterTaskDefinitionRequest
    | TaskDefinition
    | DescribeTaskDefinitionResponse
    | RegisterTaskDefinitionResponse
    | Mapping[str, Any]
    | str
    | bytes
    | os.PathLike[str]
)


@functools.cache
def read_only_members() -> frozenset[str]:
    """Wire names of the TaskDefinition members that RegisterTaskDefinition does not take."""
    register = struct_plan(RegisterTaskDefinitionRequest).by_wire
    return frozenset(w for w in struct_plan(TaskDefinition).by_wire if w not in register)


def register_request_from(
    described: TaskDefinition | DescribeTaskDefinitionResponse,
) -> RegisterTaskDefinitionRequest:
    """The register input that recreates a described task definition (with its tags, from a full response)."""
    tags = None
    if isinstance(described, DescribeTaskDefinitionResponse):
        tags = described.tags
        if described.task_definition is None:
            raise ConversionError(
                "RegisterTaskDefinitionRequest",
                [FieldError(path="taskDefinition", code="missing-key", message="the response has no taskDefinition")],
            )
        described = described.task_definition
    names = {a.name for a in attrs.fields(RegisterTaskDefinitionRequest)}
    values: dict[str, Any] = {
        a.name: getattr(described, a.name)
        for a in attrs.fields(TaskDefinition)
        if a.name in names and getattr(described, a.name) is not None
    }
    if tags is not None:
        values["tags"] = tags
    plan = struct_plan(RegisterTaskDefinitionRequest)
    missing = [f for f in plan.fields if f.required and f.attr not in values]
    if missing:
        raise ConversionError(
            "RegisterTaskDefinitionRequest",
            [FieldError(path=f.wire, code="missing-key", message=f"missing required key {f.wire!r}") for f in missing],
        )
    return RegisterTaskDefinitionRequest(**values)


def read_task_definition(data: object, *, unknown: Unknown = "error") -> RegisterTaskDefinitionRequest:
    """Any form of a task definition (see :data:`~ecskit.codec.taskdefs.TaskDefinitionLike`) as register input.

    A model is checked with :func:`~ecskit.codec.check`. A document is the API's dict, JSON text (a ``str`` or
    ``bytes``) or a JSON file, named by a path (:class:`pathlib.Path` or any ``os.PathLike``: a plain ``str`` is JSON
    text, and one that reads as a file name is refused saying so). Its form is told by its keys: a
    ``taskDefinition`` wrapper is a response; any read-only member makes it describe output; anything else is
    register input. Bad input is a :class:`~ecskit.errors.ConversionError` naming every bad field (a file that
    cannot be read a :class:`~ecskit.errors.UsageError`, see :mod:`ecskit.codec.reading`).

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "web.json").write_text('{"taskDefinition": {"family": "web", "revision": 3, '
    ...     '"containerDefinitions": [{"name": "app", "image": "nginx:1.27", "memory": 512}]}}')
    >>> request = read_task_definition(folder / "web.json")
    >>> request.family, request.container_definitions[0].image
    ('web', 'nginx:1.27')
    """
    if isinstance(data, RegisterTaskDefinitionRequest):
        return checked(data, unknown=unknown)
    if isinstance(data, TaskDefinition | DescribeTaskDefinitionResponse):
        return register_request_from(checked(data, unknown=unknown))
    if isinstance(data, RegisterTaskDefinitionResponse):
        response = checked(data, unknown=unknown)
        return register_request_from(
            DescribeTaskDefinitionResponse(task_definition=response.task_definition, tags=response.tags)
        )
    if attrs.has(type(data)):
        raise UsageError(f"expected a task definition, got a {type(data).__name__}")
    try:
        data = load_document(data, "RegisterTaskDefinitionRequest")
    except ConversionError as exc:
        if not isinstance(data, str) or not _names_a_file(data):
            raise
        hint = f"a str is JSON text: to read the file, pass a path, Path({data!r})"
        raise ConversionError(exc.target, [attrs.evolve(e, hint=e.hint or hint) for e in exc.errors]) from None
    if isinstance(data, dict):
        if "taskDefinition" in data:
            return register_request_from(from_api(data, DescribeTaskDefinitionResponse, unknown=unknown))
        if read_only_members() & data.keys():
            return register_request_from(read_description(data, unknown=unknown))
    return from_api(data, RegisterTaskDefinitionRequest, unknown=unknown)


def _names_a_file(text: str) -> bool:
    """Whether text that is not JSON reads as a file name: one line, no JSON start, an existing file or a .json."""
    if not text or "\n" in text or len(text) > 1024 or text.lstrip()[:1] in '{["':
        return False
    if text.lower().endswith(".json"):
        return True
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL: no file of that name
        return False


def read_description(data: dict[str, Any], *, unknown: Unknown = "error") -> DescribeTaskDefinitionResponse:
    """Read describe output, where tools often put the response's ``tags`` beside the task definition members."""
    if "tags" not in data:
        return DescribeTaskDefinitionResponse(task_definition=from_api(data, TaskDefinition, unknown=unknown))
    rest = {k: v for k, v in data.items() if k != "tags"}
    tags = from_api({"tags": data["tags"]}, DescribeTaskDefinitionResponse, unknown=unknown).tags
    return DescribeTaskDefinitionResponse(task_definition=from_api(rest, TaskDefinition, unknown=unknown), tags=tags)
