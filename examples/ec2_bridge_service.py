"""A web service on EC2 container instances in bridge mode, behind an Application Load Balancer: dynamic host
ports let several tasks share an instance, so the target group has target type instance and the instances'
security group admits the load balancer on the ephemeral port range (32768-65535). The cluster gets an Auto
Scaling group capacity provider with managed scaling, which the service runs on; all of it runs on the in-memory
fake until every target is healthy.

Run: ``python examples/ec2_bridge_service.py``
"""

from ecskit import Client
from ecskit.backends.fake import FakeBackend
from ecskit.builders import cluster
from ecskit.builders.patterns import load_balanced_service
from ecskit.models.ecs import CapacityProviderStrategyItem, LaunchType

fake = FakeBackend()  # account 123456789012, us-east-1; the empty Auto Scaling group grows by managed scaling
asg = fake.declare_auto_scaling_group("prod", instance_type="m5.large", availability_zones=("us-east-1a", "us-east-1b"))
on_asg = CapacityProviderStrategyItem(capacity_provider="prod-asg", weight=1)
plan = cluster("default").asg_capacity_provider("prod-asg", asg, target_capacity=90).default_strategy(on_asg).build()
shop = load_balanced_service(
    "shop",
    image="public.ecr.aws/nginx/nginx:1.27",
    port=80,
    account=fake.account,
    region=fake.region,
    launch_type=LaunchType.EC2,
    capacity_provider_strategy=(on_asg,),
    desired_count=4,
    vpc_id="vpc-0a1b2c3d4e5f60718",
    public_subnets=("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"),
)
print(shop.summary())

ecs = Client(fake)
ecs.deploy(plan)
ecs.deploy(shop)
healthy = ["healthy"] * 4
ecs.wait_until(lambda: [t.target_health.state for t in fake.describe_target_health(shop.target_group)] == healthy)
for t in fake.describe_target_health(shop.target_group):
    print("target", t.target.id, t.target.port, t.target_health.state)
