"""Offline validation: catch everything ECS would reject, and the run-time failures it would not.

>>> from ecskit import from_api
>>> from ecskit.models.ecs import RegisterTaskDefinitionRequest
>>> td = from_api({"family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
...                "cpu": "512", "memory": "512",
...                "containerDefinitions": [{"name": "app", "image": "nginx"}]}, RegisterTaskDefinitionRequest)
>>> report = validate_task_definition(td)
>>> print(report.errors[0])
error: memory: No Fargate size has cpu 512 with memory 512 [fargate-cpu-memory]
    fix: nearest valid Fargate size: cpu 512 (0.5 vCPU) / memory 1024 (1 GB)

Every ``validate_*`` function takes its subject as a model, the API's dict, JSON text or a JSON file, and checks
its schema before any rule sees it; :func:`validate_request` validates any request model before it is sent.
Every rule has a stable id (``CATALOG`` maps ids to rules); silence or downgrade rules with :class:`Config`.
"""

from ecskit.validation.api import (
    TaskDefinitionInput,
    schema_findings,
    validate_capacity_provider,
    validate_cluster,
    validate_lifecycle_policy,
    validate_run_task,
    validate_service,
    validate_task_definition,
)
from ecskit.validation.engine import CATALOG, Config, Finding, Hit, Kind, Report, Rule, Severity
from ecskit.validation.requests import validate_request
from ecskit.validation.sizes import FARGATE_SIZES, nearest_fargate_size, parse_cpu, parse_memory

__all__ = [
    "CATALOG",
    "FARGATE_SIZES",
    "Config",
    "Finding",
    "Hit",
    "Kind",
    "Report",
    "Rule",
    "Severity",
    "TaskDefinitionInput",
    "nearest_fargate_size",
    "parse_cpu",
    "parse_memory",
    "schema_findings",
    "validate_capacity_provider",
    "validate_cluster",
    "validate_lifecycle_policy",
    "validate_request",
    "validate_run_task",
    "validate_service",
    "validate_task_definition",
]
