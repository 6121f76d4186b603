"""Displays of documents: task definitions (their containers as a table) and ECR repositories.

>>> from ecskit import from_api
>>> from ecskit.models.ecs import TaskDefinition
>>> td = from_api({"family": "web", "revision": 3, "cpu": "256", "memory": "512", "containerDefinitions": [
...     {"name": "app", "image": "nginx:1.27", "portMappings": [{"containerPort": 80}]}]}, TaskDefinition)
>>> print(task_definition_card(td).text())
task definition web:3
  cpu 256, memory 512
containers:
  name  image       cpu  memory  ports   essential  health check
  app   nginx:1.27  -    -       80/tcp  yes        -
"""

from __future__ import annotations

from ecskit.display.cards import Card, Table, count
from ecskit.models import ecr, ecr_public
from ecskit.models.ecs import (
    ContainerDefinition,
    HealthCheck,
    PortMapping,
    RegisterTaskDefinitionRequest,
    TaskDefinition,
)

__all__ = ["repository_card", "task_definition_card"]


def _port(mapping: PortMapping) -> str:
    protocol = mapping.protocol.value if mapping.protocol is not None else "tcp"
    port = mapping.container_port_range or str(mapping.container_port or "")
    shown = f"{port}/{protocol}"
    if mapping.host_port not in (None, 0, mapping.container_port):
        shown = f"{mapping.host_port}->{shown}"
    return shown + (f" ({mapping.name})" if mapping.name else "")


def _memory(container: ContainerDefinition) -> str:
    hard, soft = container.memory, container.memory_reservation
    if hard is not None and soft is not None:
        return f"{hard} (soft {soft})"
    if hard is not None:
        return str(hard)
    return f"soft {soft}" if soft is not None else "-"


def _health(check: HealthCheck | None) -> str:
    if check is None:
        return "-"
    command = " ".join(check.command)
    return f"{command}\nevery {check.interval or 30} s, {check.retries or 3} retries"


def _containers(containers: tuple[ContainerDefinition, ...]) -> Table:
    return Table.of(
        ("name", "image", "cpu", "memory", "ports", "essential", "health check"),
        (
            (
                c.name or "",
                c.image or "",
                str(c.cpu) if c.cpu is not None else "-",
                _memory(c),
                "\n".join(_port(p) for p in c.port_mappings or ()) or "-",
                "no" if c.essential is False else "yes",  # a container is essential unless told otherwise
                _health(c.health_check),
            )
            for c in containers
        ),
    )


def task_definition_card(td: TaskDefinition | RegisterTaskDefinitionRequest) -> Card:
    """A task definition (or the request that registers one): its sizes, mode and roles, and its containers."""
    name = td.family or "(no family)"
    if isinstance(td, TaskDefinition) and td.revision is not None:
        name = f"{name}:{td.revision}"
    compatibilities = td.requires_compatibilities or ()
    facts = (
        ("cpu", td.cpu or ""),
        ("memory", td.memory or ""),
        ("network mode", td.network_mode.value if td.network_mode is not None else ""),
        ("requires", ", ".join(c.value for c in compatibilities)),
        ("status", td.status.value if isinstance(td, TaskDefinition) and td.status is not None else ""),
        ("task role", td.task_role_arn or ""),
        ("execution role", td.execution_role_arn or ""),
    )
    containers = td.container_definitions or ()
    heading = "containers" if containers else count(0, "container")
    return Card(f"task definition {name}", facts, ((heading, _containers(containers)),))


def repository_card(repository: ecr.Repository | ecr_public.Repository) -> Card:
    """An ECR (or ECR Public) repository: its URI and settings."""
    facts: list[tuple[str, str]] = [
        ("URI", repository.repository_uri or ""),
        ("registry", repository.registry_id or ""),
        ("created", f"{repository.created_at:%Y-%m-%d %H:%M:%S}" if repository.created_at else ""),
    ]
    if isinstance(repository, ecr.Repository):
        scanning = repository.image_scanning_configuration
        encryption = repository.encryption_configuration
        facts += [
            ("tags", repository.image_tag_mutability.value if repository.image_tag_mutability else ""),
            ("scan on push", "" if scanning is None else "yes" if scanning.scan_on_push else "no"),
            ("encryption", encryption.encryption_type.value if encryption is not None else ""),
        ]
    kind = "ECR repository" if isinstance(repository, ecr.Repository) else "ECR Public repository"
    return Card(f"{kind} {repository.repository_name or ''}".rstrip(), tuple(facts))
