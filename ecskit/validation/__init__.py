"""Offline validation: catch everything ECS would reject, and the run-time failures it would not.

>>> from ecskit import from_api
>>> from ecskit.models.ecs import RegisterTaskDefinitionRequest
>>> td = from_api({"family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
...                "cpu": "512", "memory": "512",
...                "containerDefinitions": [{"name": "app", "image": "nginx"}]}, RegisterTaskDefinitionRequest)
>>> report = validate_task_definition(td)
>>> print(report.errors[0])
error (api): memory: No Fargate configuration exists for given values: 512 CPU, 512 memory. [fargate-cpu-memory]
    fix: nearest valid Fargate size: cpu 512 (0.5 vCPU) / memory 1024 (1 GB)
>>> report.errors[0].aws_code
'ClientException'

Every rule has a stable id and a :class:`Phase`: ``api`` (AWS refuses the call, with the code and, where a public
source shows it, the text it gives), ``runtime`` (the call succeeds and the task or deployment fails later, as the
rule's :class:`Effect` says) or ``advice``. ``CATALOG`` is the built-in :class:`Catalog`; make your own to add rules,
and silence or downgrade rules with :class:`Config`. Every ``validate_*`` function takes its subject as a model, the
API's dict, JSON text or a JSON file, and checks its schema before any rule sees it; :func:`validate_request`
validates any request model before it is sent.
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
from ecskit.validation.engine import (
    CATALOG,
    Catalog,
    Config,
    Effect,
    Finding,
    Hit,
    Kind,
    Outcome,
    Phase,
    Report,
    Rule,
    Severity,
)
from ecskit.validation.requests import validate_request
from ecskit.validation.sizes import FARGATE_SIZES, nearest_fargate_size, parse_cpu, parse_memory

__all__ = [
    "CATALOG",
    "FARGATE_SIZES",
    "Catalog",
    "Config",
    "Effect",
    "Finding",
    "Hit",
    "Kind",
    "Outcome",
    "Phase",
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
