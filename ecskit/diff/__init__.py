"""Normalised diffs of task definitions and services: what really changes, without the noise.

Comparing the JSON of two task definitions, or a service file with what ``describe-services`` returns, shows
differences AWS does not see: read-only members, defaults AWS fills in, ``"1 vCPU"`` against ``"1024"``,
environment variables in another order. This package normalises both sides first, then reports only what
differs, with wire JSON paths that name list items by identity:

* :func:`diff_task_definitions` (``old``, ``new``) and :func:`diff_service` (``desired``, ``deployed``) give a
  :class:`Diff`: false when nothing changes, a tuple of :class:`Change` values otherwise, ``to_dict``/``to_json``;
* :func:`render` prints a diff as one line per change or as a unified diff of the normalised documents;
* :func:`normalise_task_definition` and :func:`normalise_service` give the normalised API dicts themselves.

What counts as the same is written, rule by rule with its AWS source, in :mod:`ecskit.diff.normalise` and
:mod:`ecskit.diff.lists`.

>>> from ecskit.diff import diff_task_definitions, render
>>> registered = {"family": "web", "cpu": "256", "memory": "512", "requiresCompatibilities": ["FARGATE"],
...               "networkMode": "awsvpc",
...               "containerDefinitions": [{"name": "app", "image": "nginx:1.27",
...                                         "portMappings": [{"containerPort": 80}]}]}
>>> described = {**registered, "cpu": ".25 vCPU", "memory": "0.5GB", "revision": 3, "status": "ACTIVE",
...              "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
...              "compatibilities": ["EC2", "FARGATE"],
...              "containerDefinitions": [{"name": "app", "image": "nginx:1.27", "cpu": 0, "essential": True,
...                                        "environment": [], "mountPoints": [],
...                                        "portMappings": [{"containerPort": 80, "hostPort": 80,
...                                                          "protocol": "tcp"}]}]}
>>> bool(diff_task_definitions(registered, described))
False
>>> print(render(diff_task_definitions(registered, {**registered, "memory": "1024"})), end="")
~ memory: "512" -> "1024"
"""

from ecskit.codec import ServiceLike, TaskDefinitionLike
from ecskit.diff.changes import Change, ChangeKind, Diff
from ecskit.diff.compare import diff_service, diff_task_definitions
from ecskit.diff.normalise import normalise_service, normalise_task_definition
from ecskit.diff.rendering import Format, render

__all__ = [
    "Change",
    "ChangeKind",
    "Diff",
    "Format",
    "ServiceLike",
    "TaskDefinitionLike",
    "diff_service",
    "diff_task_definitions",
    "normalise_service",
    "normalise_task_definition",
    "render",
]
