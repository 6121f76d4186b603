"""The operations of Amazon ECS the fake does not serve, and why (the operation-support page shows it): each
answers ``InvalidAction``, naming it."""

from __future__ import annotations

from ecskit.backends.fake.registry import declines
from ecskit.models.ecs import (
    CreateExpressGatewayServiceRequest,
    DeleteExpressGatewayServiceRequest,
    DescribeExpressGatewayServiceRequest,
    UpdateExpressGatewayServiceRequest,
)

__all__: list[str] = []

_EXPRESS = (
    "An Express service is a service together with the AWS resources ECS makes and manages for it: an Application "
    "Load Balancer with its listeners, rules and target groups, a TLS certificate and URL, security groups, Auto "
    "Scaling policies, CloudWatch alarms and log groups (ecsManagedResources). The fake has no Elastic Load "
    "Balancing, ACM, Application Auto Scaling or CloudWatch API to make them in, so it cannot show what AWS would "
    "make; a service with a load balancer declared on the fake (FakeBackend.create_load_balancer) does what an "
    "Express service's tasks do."
)
declines(CreateExpressGatewayServiceRequest, _EXPRESS)
declines(DescribeExpressGatewayServiceRequest, _EXPRESS)
declines(UpdateExpressGatewayServiceRequest, _EXPRESS)
declines(DeleteExpressGatewayServiceRequest, _EXPRESS)
