"""A web service on Fargate behind an internet-facing Application Load Balancer, built and validated in one call
(task definition, service, load balancer, HTTPS listener, a target group of type ip as awsvpc tasks need, security
groups that admit only the load balancer on the container port, and IAM roles made to measure), then run on the
in-memory fake until its targets are healthy.

Run: ``python examples/fargate_web_service.py``
"""

from ecskit import Client
from ecskit.backends.fake import FakeBackend
from ecskit.builders import cluster
from ecskit.builders.patterns import load_balanced_service

ACCOUNT, REGION = "123456789012", "us-east-1"
web = load_balanced_service(
    "web",
    image=f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/web:1.4.2",
    port=8080,
    account=ACCOUNT,
    region=REGION,
    vpc_id="vpc-0a1b2c3d4e5f60718",
    public_subnets=("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"),
    private_subnets=("subnet-0a1b2c3d4e5f60003", "subnet-0a1b2c3d4e5f60004"),
    cpu="0.5 vCPU",
    memory="1GB",
    health_check_path="/healthz",
)
print(web.summary())

fake = FakeBackend()  # roles, load balancer, target group and listener are created on the fake only
ecs = Client(fake)
ecs.deploy(cluster("default").fargate().build())
ecs.deploy(web)
ecs.wait_until(lambda: {t.target_health.state for t in fake.describe_target_health(web.target_group)} == {"healthy"})
for t in fake.describe_target_health(web.target_group):
    print("target", t.target.id, t.target.port, t.target_health.state)
