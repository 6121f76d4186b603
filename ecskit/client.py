"""The facade users call: :class:`Client` over any backend validates every request before it is sent, and adds
pagination, waiters and deploys.

>>> from ecskit import Client
>>> from ecskit.models.ecs import CreateClusterRequest
>>> ecs = Client()  # an in-memory FakeBackend unless given another backend
>>> ecs.create_cluster(CreateClusterRequest(cluster_name="web")).cluster.status
'ACTIVE'
>>> list(ecs.cluster_arns())
['arn:aws:ecs:us-east-1:123456789012:cluster/web']

Its verbs are the backends' (generated, one per operation): ECS's as methods, every service's under
``.ecs``, ``.ecr`` and ``.ecr_public`` (:class:`~ecskit.backends.base.ServiceVerbs`); all go through
:meth:`Client.send`, so all are validated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, overload

from ecskit.backends.base import Backend, DeclaresResources, ServiceVerbs
from ecskit.errors import WaiterFailed, WaiterTimeout
from ecskit.models._base import Request
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
    RunTaskResponse,
    SchedulingStrategy,
    Service,
    TaskDefinitionFamilyStatus,
    TaskDefinitionStatus,
)
from ecskit.operations import operation_of
from ecskit.validation import Config, validate_request

if TYPE_CHECKING:
    from ecskit.builders.clusters import ClusterPlan
    from ecskit.builders.patterns import LoadBalancedService, OneOffTask, QueueWorker
    from ecskit.deploy import Deployable

__all__ = ["Client"]

R = TypeVar("R")


class Client(ServiceVerbs):
    """ECS and ECR over a backend (by default a new :class:`~ecskit.backends.fake.FakeBackend`).

    ``validate`` checks every request before it is sent with :func:`ecskit.validation.validate_request`: its
    members' types (the ``schema-*`` rules) and ecskit's rules for the requests that have some (task definitions,
    services and their updates, RunTask and StartTask, clusters, capacity providers, lifecycle policies). A finding
    of severity error raises :class:`~ecskit.errors.ValidationError` instead of sending what AWS would reject, and
    nothing reaches the backend. ``config`` silences or downgrades rules by id (the ``schema-*`` ones included).
    """

    def __init__(self, backend: Backend | None = None, *, validate: bool = True, config: Config | None = None) -> None:
        if backend is None:
            from ecskit.backends.fake import FakeBackend

            backend = FakeBackend()
        self.backend = backend
        self.validate = validate
        self.config = config

    # -- calls, validated ---------------------------------------------------------------------------------------

    def send(self, request: Request[R]) -> R:
        """Validate ``request`` (unless validation is off), then send it through the backend."""
        self._check(request)
        return self.backend.send(request)

    def _check(self, request: Request[Any]) -> None:
        operation_of(type(request))  # a request of a modelled operation, or UsageError (as every backend says)
        if self.validate:
            validate_request(request, config=self.config).raise_for_errors()

    # -- pagination --------------------------------------------------------------------------------------------------

    def pages(self, request: Request[R]) -> Iterator[R]:
        """Every page of the list call ``request`` is for, asking for the next while there is one (one page for an
        operation that does not page)."""
        self._check(request)
        return self.backend.paginate(request)

    def _members(self, request: Request[Any], member: str) -> Iterator[str]:
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
        """Check ``condition`` every ``interval`` seconds until it holds, for at most ``timeout`` seconds.

        The seconds are the backend's (:attr:`~ecskit.backends.base.Backend.clock`): real on AWS, virtual on the
        fake, where waiting moves the fake on, so waiting for a service to become stable takes milliseconds.
        """
        clock = self.backend.clock
        waited = 0.0
        while not condition():
            if waited >= timeout:
                raise WaiterTimeout(f"the condition did not hold within {timeout:g} seconds")
            clock.sleep(interval)
            waited += interval

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
        resources are created only on backends that declare them (see :mod:`ecskit.deploy`); returns the cluster,
        the service, or the RunTask response.
        """
        from ecskit.deploy import deploy  # lazily: builders are not needed until something is deployed

        declares = self.backend if isinstance(self.backend, DeclaresResources) else None
        result: Cluster | Service | RunTaskResponse = deploy(
            self, stack, declares=declares, validate=self.validate, config=self.config
        )
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
