"""Displays of services: a described :class:`~ecskit.models.ecs.Service` (its deployments with their counts, its
last events), and :class:`ServiceView`, a service on a backend with its tasks and where they run.

>>> from ecskit import from_api
>>> from ecskit.backends.fake import FakeBackend
>>> from ecskit.models.ecs import CreateClusterRequest, CreateServiceRequest, RegisterTaskDefinitionRequest
>>> fake = FakeBackend()
>>> _ = fake.create_cluster(CreateClusterRequest(cluster_name="web"))
>>> _ = fake.register_task_definition(from_api({
...     "family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256",
...     "memory": "512", "containerDefinitions": [{"name": "app", "image": "nginx:1.27"}]},
...     RegisterTaskDefinitionRequest))
>>> _ = fake.create_service(from_api({
...     "cluster": "web", "serviceName": "web", "taskDefinition": "web", "desiredCount": 2, "launchType": "FARGATE",
...     "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0123456789abcdef0"]}}},
...     CreateServiceRequest))
>>> fake.advance(60)
>>> view = ServiceView.of(fake, "web", cluster="web")
>>> for line in view.card().text().splitlines()[:7]:
...     print(line)
service web
  status ACTIVE, cluster web, task definition web:1, desired 2, running 2, pending 0, launch type FARGATE
1 deployment:
  status   task definition  desired  pending  running  failed  rollout
  PRIMARY  web:1            2        0        2        0       COMPLETED
2 tasks:
  task                              status   health   task definition  started              where
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

import attrs

from ecskit.backends.verbs import EcsVerbs
from ecskit.display import _fetch
from ecskit.display.cards import Badge, Card, Table, count
from ecskit.errors import UsageError
from ecskit.models.ecs import ContainerInstance, DescribeServicesRequest, Service, Task

__all__ = ["ServiceView", "service_card", "where"]

#: How many of a service's events a display shows (DescribeServices returns up to 100, newest first).
EVENTS_SHOWN = 5

_ROLLOUT_TONE = {"COMPLETED": "ok", "FAILED": "error", "IN_PROGRESS": "info"}
_STATUS_TONE = {"RUNNING": "ok", "STOPPED": "muted", "PENDING": "info", "PROVISIONING": "info"}


def _short(arn: str | None) -> str:
    """The last part of an ARN: ``web:3`` of a task definition's, the id of a task's."""
    return (arn or "").rpartition("/")[2]


def _time(at: datetime.datetime | None) -> str:
    return f"{at:%Y-%m-%d %H:%M:%S}" if at is not None else ""


def where(task: Task, instances: Mapping[str, ContainerInstance]) -> str:
    """Where a task runs: its EC2 instance (or ``Fargate``), its Availability Zone, and its private address."""
    if task.container_instance_arn:
        instance = instances.get(task.container_instance_arn)
        host = (instance.ec2_instance_id if instance is not None else None) or _short(task.container_instance_arn)
    else:
        host = "Fargate"
    address = next(
        (
            detail.value
            for attachment in task.attachments or ()
            for detail in attachment.details or ()
            if detail.name == "privateIPv4Address"
        ),
        None,
    )
    return " ".join(part for part in (host, task.availability_zone, address) if part)


def _deployments(service: Service) -> Table:
    return Table.of(
        ("status", "task definition", "desired", "pending", "running", "failed", "rollout"),
        (
            (
                d.status or "",
                _short(d.task_definition),
                str(d.desired_count or 0),
                str(d.pending_count or 0),
                str(d.running_count or 0),
                str(d.failed_tasks or 0),
                Badge(d.rollout_state.value, _ROLLOUT_TONE.get(d.rollout_state.value, "muted"))
                if d.rollout_state is not None
                else "",
            )
            for d in service.deployments or ()
        ),
    )


def _tasks(tasks: tuple[Task, ...], instances: Mapping[str, ContainerInstance]) -> Table:
    return Table.of(
        ("task", "status", "health", "task definition", "started", "where"),
        (
            (
                _short(t.task_arn),
                Badge(t.last_status or "", _STATUS_TONE.get(t.last_status or "", "muted")),
                t.health_status.value if t.health_status is not None else "",
                _short(t.task_definition_arn),
                _time(t.started_at),
                where(t, instances),
            )
            for t in tasks
        ),
    )


def service_card(
    service: Service, tasks: tuple[Task, ...] | None = None, instances: Mapping[str, ContainerInstance] | None = None
) -> Card:
    """A service as DescribeServices shows it: counts, deployments, the last events; and its tasks, when given."""
    launch = service.launch_type.value if service.launch_type is not None else ""
    providers = ", ".join(item.capacity_provider for item in service.capacity_provider_strategy or ())
    facts = (
        ("status", service.status or ""),
        ("cluster", _short(service.cluster_arn)),
        ("task definition", _short(service.task_definition)),
        ("desired", str(service.desired_count or 0)),
        ("running", str(service.running_count or 0)),
        ("pending", str(service.pending_count or 0)),
        ("launch type", launch),
        ("capacity providers", providers),
    )
    sections: list[tuple[str, Table | tuple[str, ...]]] = []
    if service.deployments:
        sections.append((count(len(service.deployments), "deployment"), _deployments(service)))
    if tasks is not None:
        sections.append((count(len(tasks), "task"), _tasks(tasks, instances or {})))
    events = (service.events or ())[:EVENTS_SHOWN]
    if events:
        lines = tuple(f"{_time(e.created_at)} {e.message or ''}".strip() for e in events)
        sections.append(("last events", lines))
    return Card(f"service {service.service_name or ''}".rstrip(), facts, tuple(sections))


@attrs.frozen
class ServiceView:
    """A service on a backend, as it was when read: the service (deployments, events), its tasks and the container
    instances they run on. Read it with :meth:`of`; a notebook shows it as tables."""

    service: Service
    tasks: tuple[Task, ...] = ()
    #: container instance ARN -> the instance (for the tasks that run on EC2 or external instances)
    instances: Mapping[str, ContainerInstance] = attrs.field(factory=dict)

    @classmethod
    def of(cls, backend: EcsVerbs, service: str, *, cluster: str = "default") -> ServiceView:
        """Read ``service`` of ``cluster`` from ``backend`` (a backend or a :class:`~ecskit.Client`): one
        DescribeServices, and ListTasks, DescribeTasks and DescribeContainerInstances for its tasks.
        :class:`~ecskit.errors.UsageError` when the service is not there."""
        described = backend.describe_services(DescribeServicesRequest(cluster=cluster, services=(service,)))
        if not described.services:
            raise UsageError(f"no service {service!r} in cluster {cluster!r}")
        found = described.services[0]
        tasks = _fetch.tasks(backend, cluster, _fetch.task_arns(backend, cluster, service=found.service_name))
        hosts = sorted({t.container_instance_arn for t in tasks if t.container_instance_arn})
        instances = (
            {i.container_instance_arn or "": i for i in _fetch.instances(backend, cluster, hosts)} if hosts else {}
        )
        return cls(found, tasks, instances)

    def card(self) -> Card:
        """What the displays show."""
        return service_card(self.service, self.tasks, self.instances)

    def _repr_html_(self) -> str:
        return self.card().html()

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(self.card().text() if not cycle else "ServiceView(...)")  # type: ignore[attr-defined]
