"""ListServiceDeployments: the service deployments of a service, from the records the service scheduler keeps
(DescribeServiceDeployments shows them in full).

As ECS does it (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServiceDeployments.html): the
service is a name or an ARN in ``cluster`` (``default`` unless given); ``status`` and ``createdAt`` (``before`` /
``after``) filter; the newest deployment comes first; 20 a page unless ``maxResults`` (1-100) says otherwise.
"""

from __future__ import annotations

from ecskit.backends.fake.clusters import find_cluster
from ecskit.backends.fake.env import Env, fail, paginate
from ecskit.backends.fake.registry import handles
from ecskit.backends.fake.services import find_service
from ecskit.models.ecs import (
    ListServiceDeploymentsRequest,
    ListServiceDeploymentsResponse,
    ServiceDeployment,
    ServiceDeploymentBrief,
)

__all__ = ["list_service_deployments"]

_PAGE, _MAX_PAGE = 20, 100


def _brief(record: ServiceDeployment) -> ServiceDeploymentBrief:
    target = record.target_service_revision
    return ServiceDeploymentBrief(
        service_deployment_arn=record.service_deployment_arn,
        service_arn=record.service_arn,
        cluster_arn=record.cluster_arn,
        started_at=record.started_at,
        created_at=record.created_at,
        finished_at=record.finished_at,
        target_service_revision_arn=target.arn if target is not None else None,
        status=record.status,
        status_reason=record.status_reason,
    )


@handles(ListServiceDeploymentsRequest)
def list_service_deployments(env: Env, req: ListServiceDeploymentsRequest) -> ListServiceDeploymentsResponse:
    """ListServiceDeployments (see the module's documentation)."""
    cluster = find_cluster(env, req.cluster)
    service = find_service(env, cluster, req.service)
    if service is None:
        fail("ServiceNotFoundException", "Service not found.")
    statuses = set(req.status or ())
    window = req.created_at
    found = [
        d
        for d in env.state.service_deployments.values()
        if d.service_arn == service.service_arn
        and (not statuses or d.status in statuses)
        and (window is None or window.before is None or (d.created_at is not None and d.created_at < window.before))
        and (window is None or window.after is None or (d.created_at is not None and d.created_at > window.after))
    ]
    newest_first = list(reversed(found))  # records are kept in creation order
    size = req.max_results if req.max_results is not None else _PAGE
    page, token = paginate(newest_first, req.next_token, size, limit=_MAX_PAGE)
    return ListServiceDeploymentsResponse(service_deployments=tuple(_brief(d) for d in page), next_token=token)
