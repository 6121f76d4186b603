"""The facade users call: :class:`Client` over any backend adds validation before calls, pagination and waiters.

>>> from ecskit import Client
>>> from ecskit.models.ecs import CreateClusterRequest
>>> ecs = Client()  # an in-memory FakeBackend unless given another backend
>>> _ = ecs.backend.create_cluster(CreateClusterRequest(cluster_name="web"))
>>> list(ecs.cluster_arns())
['arn:aws:ecs:us-east-1:123456789012:cluster/web']
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from ecskit.backends.base import Backend
from ecskit.errors import WaiterFailed, WaiterTimeout
from ecskit.models.ecs import (
    Cluster,
    ContainerInstanceStatus,
    DescribeServicesRequest,
    DescribeTasksRequest,
    DesiredStatus,
    LaunchType,
    ListClustersRequest,
    ListContainerInstancesRequest,
    ListServicesRequest,
    ListTaskDefinitionFamiliesRequest,
    ListTaskDefinitionsRequest,
    ListTasksRequest,
    RegisterTaskDefinitionRequest,
    RunTaskResponse,
    SchedulingStrategy,
    Service,
    TaskDefinition,
    TaskDefinitionFamilyStatus,
    TaskDefinitionStatus,
)
from ecskit.validation import Config, validate_task_definition

if TYPE_CHECKING:
    from ecskit.backends.fake import FakeBackend
    from ecskit.builders.clusters import ClusterPlan
    from ecskit.builders.patterns import LoadBalancedService, OneOffTask, QueueWorker
    from ecskit.deploy import Deployable

__all__ = ["Client", "WaiterFailed", "WaiterTimeout"]


class Client:
    """ECS over a backend (by default a new :class:`~ecskit.backends.fake.FakeBackend`).

    ``validate`` runs ecskit's validation before each call that creates or changes something, and raises
    :class:`~ecskit.errors.ValidationError` instead of sending what AWS would reject (``config`` silences or
    downgrades rules).
    """

    def __init__(self, backend: Backend | None = None, *, validate: bool = True, config: Config | None = None) -> None:
        if backend is None:
            from ecskit.backends.fake import FakeBackend

            backend = FakeBackend()
        self.backend = backend
        self.validate = validate
        self.config = config

    # -- calls with validation -----------------------------------------------------------------------------------

    def register_task_definition(self, request: RegisterTaskDefinitionRequest) -> TaskDefinition:
        """Validate (unless disabled), then register; returns the new revision."""
        if self.validate:
            validate_task_definition(request, config=self.config).raise_for_errors()
        registered = self.backend.register_task_definition(request).task_definition
        assert registered is not None  # the API always returns it
        return registered

    # -- pagination --------------------------------------------------------------------------------------------------

    def pages(self, request: Any) -> Iterator[Any]:
        """Every page of the list call ``request`` is for (a ``List...Request``), asking for the next while there is
        one: through botocore's paginators on :class:`~ecskit.backends.boto3.Boto3Backend`."""
        operation = type(request).__name__.removesuffix("Request")
        return self.backend.paginate(operation, request)

    def _members(self, request: Any, member: str) -> Iterator[str]:
        for page in self.pages(request):
            yield from getattr(page, member) or ()

    def cluster_arns(self) -> Iterator[str]:
        """Every cluster ARN, across pages."""
        return self._members(ListClustersRequest(), "cluster_arns")

    def task_definition_arns(
        self, *, family_prefix: str | None = None, status: TaskDefinitionStatus = TaskDefinitionStatus.ACTIVE
    ) -> Iterator[str]:
        """Every task definition ARN (of a family prefix, in a status), across pages."""
        request = ListTaskDefinitionsRequest(family_prefix=family_prefix, status=status)
        return self._members(request, "task_definition_arns")

    def task_definition_families(
        self, *, family_prefix: str | None = None, status: TaskDefinitionFamilyStatus | None = None
    ) -> Iterator[str]:
        """Every task definition family (of a prefix, in a status), across pages."""
        request = ListTaskDefinitionFamiliesRequest(family_prefix=family_prefix, status=status)
        return self._members(request, "families")

    def service_arns(
        self,
        cluster: str | None = None,
        *,
        launch_type: LaunchType | None = None,
        scheduling_strategy: SchedulingStrategy | None = None,
    ) -> Iterator[str]:
        """Every service ARN of a cluster, across pages."""
        request = ListServicesRequest(cluster=cluster, launch_type=launch_type, scheduling_strategy=scheduling_strategy)
        return self._members(request, "service_arns")

    def task_arns(
        self,
        cluster: str | None = None,
        *,
        service_name: str | None = None,
        family: str | None = None,
        container_instance: str | None = None,
        started_by: str | None = None,
        desired_status: DesiredStatus | None = None,
        launch_type: LaunchType | None = None,
    ) -> Iterator[str]:
        """Every task ARN of a cluster matching the filters (ListTasks' own), across pages."""
        request = ListTasksRequest(
            cluster=cluster,
            service_name=service_name,
            family=family,
            container_instance=container_instance,
            started_by=started_by,
            desired_status=desired_status,
            launch_type=launch_type,
        )
        return self._members(request, "task_arns")

    def container_instance_arns(
        self, cluster: str | None = None, *, filter: str | None = None, status: ContainerInstanceStatus | None = None
    ) -> Iterator[str]:
        """Every container instance ARN of a cluster (matching a cluster query ``filter``), across pages."""
        request = ListContainerInstancesRequest(cluster=cluster, filter=filter, status=status)
        return self._members(request, "container_instance_arns")

    # -- waiting -----------------------------------------------------------------------------------------------------

    def wait_until(self, condition: Callable[[], bool], *, timeout: float = 600.0, interval: float = 6.0) -> None:
        """Poll ``condition`` every ``interval`` seconds until it holds, for at most ``timeout`` seconds.

        On a fake backend the seconds are virtual (the fake's clock advances; nothing sleeps), so waiting for a
        service to become stable takes milliseconds.
        """
        fake = self._fake()
        waited = 0.0
        while not condition():
            if waited >= timeout:
                raise WaiterTimeout(f"the condition did not hold within {timeout:g} seconds")
            if fake is not None:
                fake.advance(interval)
            else:
                time.sleep(interval)
            waited += interval

    @property
    def fake_backend(self) -> FakeBackend | None:
        """The backend when it is a :class:`~ecskit.backends.fake.FakeBackend` (for its own methods: ``advance``,
        load balancers, roles, faults), else None."""
        from ecskit.backends.fake import FakeBackend

        return self.backend if isinstance(self.backend, FakeBackend) else None

    def _fake(self) -> FakeBackend | None:
        return self.fake_backend

    # -- deploying what a builder made -------------------------------------------------------------------------------

    @overload
    def deploy(self, stack: ClusterPlan) -> Cluster: ...
    @overload
    def deploy(self, stack: LoadBalancedService | QueueWorker) -> Service: ...
    @overload
    def deploy(self, stack: OneOffTask) -> RunTaskResponse: ...

    def deploy(self, stack: Deployable) -> Cluster | Service | RunTaskResponse:
        """Create what a builder made, in order: a cluster plan (cluster, capacity providers, default strategy), or
        a pattern (roles, load balancer, target group, listener, task definition, then the service or the task).

        Task definitions and services are validated first (unless ``validate`` is off). Roles and load balancing
        resources are created on the fake only (see :mod:`ecskit.deploy`); returns the cluster, the service, or
        the RunTask response.
        """
        from ecskit.deploy import deploy

        result: Cluster | Service | RunTaskResponse = deploy(self, stack)
        return result

    def _chunks(self, items: Sequence[str], size: int) -> list[tuple[str, ...]]:
        return [tuple(items[i : i + size]) for i in range(0, len(items), size)]

    def wait_services_stable(
        self, cluster: str, services: Sequence[str], *, timeout: float = 600.0, interval: float = 15.0
    ) -> None:
        """Wait until every service has one deployment and ``runningCount == desiredCount`` (boto3's
        ``services_stable``). Raises :class:`WaiterFailed` for a missing, DRAINING or INACTIVE service."""

        def stable() -> bool:
            done = True
            for chunk in self._chunks(services, 10):
                found = self.backend.describe_services(DescribeServicesRequest(cluster=cluster, services=chunk))
                if found.failures:
                    raise WaiterFailed(f"service {found.failures[0].arn} is {found.failures[0].reason}")
                for service in found.services or ():
                    if service.status != "ACTIVE":
                        raise WaiterFailed(f"service {service.service_name} is {service.status}")
                    done = done and len(service.deployments or ()) == 1
                    done = done and service.running_count == service.desired_count
            return done

        self.wait_until(stable, timeout=timeout, interval=interval)

    def _wait_tasks(self, cluster: str, tasks: Sequence[str], want: str, timeout: float, interval: float) -> None:
        def reached() -> bool:
            done = True
            for chunk in self._chunks(tasks, 100):
                found = self.backend.describe_tasks(DescribeTasksRequest(cluster=cluster, tasks=chunk))
                if found.failures:
                    raise WaiterFailed(f"task {found.failures[0].arn} is {found.failures[0].reason}")
                for task in found.tasks or ():
                    if want == "RUNNING" and task.last_status == "STOPPED":
                        raise WaiterFailed(f"task {task.task_arn} stopped: {task.stopped_reason}")
                    done = done and task.last_status == want
            return done

        self.wait_until(reached, timeout=timeout, interval=interval)

    def wait_tasks_running(
        self, cluster: str, tasks: Sequence[str], *, timeout: float = 600.0, interval: float = 6.0
    ) -> None:
        """Wait until every task is RUNNING (boto3's ``tasks_running``). Raises :class:`WaiterFailed` when one is
        missing or STOPPED."""
        self._wait_tasks(cluster, tasks, "RUNNING", timeout, interval)

    def wait_tasks_stopped(
        self, cluster: str, tasks: Sequence[str], *, timeout: float = 600.0, interval: float = 6.0
    ) -> None:
        """Wait until every task is STOPPED (boto3's ``tasks_stopped``). Raises :class:`WaiterFailed` when one is
        missing."""
        self._wait_tasks(cluster, tasks, "STOPPED", timeout, interval)
