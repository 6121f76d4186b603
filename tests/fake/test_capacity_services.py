"""Services on Auto Scaling group capacity providers (needs the services.py / scheduler.py edits of the
capacity brief): their tasks go to the provider's instances, or wait while managed scaling grows the group."""

from __future__ import annotations

from ecskit import from_api
from ecskit.backends.fake import FakeBackend
from ecskit.models.ecs import CreateServiceRequest, DescribeServicesRequest, ListTasksRequest
from tests.fake.test_capacity import ZONES, associate, big, instances, provider
from tests.support.fake_ecs import cluster, describe


def test_a_service_scales_its_provider_out() -> None:
    fake = FakeBackend()
    group = fake.declare_auto_scaling_group("asg", instance_type="m5.large", availability_zones=ZONES, max_size=5)
    provider(fake, "cp", group, instanceWarmupPeriod=60)
    cluster(fake)
    associate(fake, "web", "cp")
    doc = {
        "cluster": "web",
        "serviceName": "api",
        "taskDefinition": big(fake),
        "desiredCount": 4,
        "capacityProviderStrategy": [{"capacityProvider": "cp", "weight": 1}],
    }
    fake.create_service(from_api(doc, CreateServiceRequest))
    fake.advance(1)
    arns = fake.list_tasks(ListTasksRequest(cluster="web", service_name="api")).task_arns or ()
    tasks = describe(fake, "web", *arns)
    assert [(t.last_status, t.capacity_provider_name) for t in tasks] == [("PROVISIONING", "cp")] * 4
    fake.advance(120)
    [service] = fake.describe_services(DescribeServicesRequest(cluster="web", services=("api",))).services or ()
    assert (service.running_count, service.pending_count) == (4, 0)
    assert len(instances(fake)) == 2
    assert {t.container_instance_arn for t in describe(fake, "web", *arns)} == {
        i.container_instance_arn for i in instances(fake)
    }
