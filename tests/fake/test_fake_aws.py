"""fake_aws(): boto3 clients made inside, however they are made, talk to one FakeBackend; other services are left
alone (or go to moto under mock_aws); nothing outlives the block."""

from __future__ import annotations

import asyncio
import threading
import unittest
from typing import Any, cast

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError, NoRegionError
from moto import mock_aws

from ecskit.backends.boto3 import Boto3Backend
from ecskit.backends.fake import FakeBackend
from ecskit.errors import UsageError
from ecskit.images.push import push_image
from ecskit.images.samples import TestImage
from ecskit.models.ecs import ListClustersRequest
from ecskit.testing import SERVED, FakeAws, fake_aws
from tests.support import release_app

REGIONS = ("us-east-1", "eu-west-1")


@pytest.fixture(autouse=True)
def _no_aws_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    """No Region, credentials or config from the machine: what the clients get is what fake_aws gives them."""
    for name in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)


_BOTOCORE_CREATE_CLIENT = botocore.session.Session.create_client


def _hook_in_place() -> bool:
    return botocore.session.Session.create_client is not _BOTOCORE_CREATE_CLIENT


def test_an_untouched_boto3_module_runs_on_the_fake_in_two_regions() -> None:
    """tests/support/release_app.py knows nothing of ecskit: its boto3.client("ecr") and boto3.client("ecs") calls,
    and boto3's services_stable waiter, are served by the fake, each in the Region the client names."""
    with fake_aws() as fake:
        for region in REGIONS:
            uri = release_app.create_repository(region, "web")
            assert uri == f"123456789012.dkr.ecr.{region}.amazonaws.com/web"
            push_image(fake.scoped(region=region), TestImage(), repository="web", tag="v1")
            arn = release_app.release(region, cluster="prod", service="web", repository="web", tag="v1")
            assert arn == f"arn:aws:ecs:{region}:123456789012:task-definition/web:1"
        for region in REGIONS:
            records = fake.scoped(region=region).records()
            assert [task.last_status for task in records.tasks.values()] == ["RUNNING", "RUNNING"]
            assert list(records.ecr.repositories) == ["web"]
        # the waiter waited in virtual time, attempts 15 s apart (botocore's services_stable)
        assert 0 < fake.clock.elapsed <= 2 * 40 * 15
        # a second release updates the service in place
        release_app.release("eu-west-1", cluster="prod", service="web", repository="web", tag="v1", count=3)
        service = next(iter(fake.scoped(region="eu-west-1").records().services.values()))
        assert service.desired_count == 3
    assert not _hook_in_place()


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: boto3.client("ecs", region_name="eu-west-1"), id="boto3.client"),
        pytest.param(lambda: boto3.Session(region_name="eu-west-1").client("ecs"), id="boto3.Session.client"),
        pytest.param(
            lambda: boto3.Session().client(
                "ecs", region_name="eu-west-1", aws_access_key_id="AKIA", aws_secret_access_key="s"
            ),
            id="boto3.Session.client-with-keys",
        ),
        pytest.param(
            lambda: botocore.session.get_session().create_client("ecs", region_name="eu-west-1"),
            id="botocore-session",
        ),
    ],
)
def test_every_way_of_making_a_client(make: Any) -> None:
    with fake_aws() as fake:
        client = make()
        arn = client.create_cluster(clusterName="web")["cluster"]["clusterArn"]
    assert arn == "arn:aws:ecs:eu-west-1:123456789012:cluster/web"
    assert list(fake.scoped(region="eu-west-1").records().clusters) == ["web"]
    assert not fake.records().clusters  # us-east-1: untouched


def test_a_client_naming_no_region_gets_the_sessions_then_fake_awss() -> None:
    with fake_aws(region="ap-southeast-2") as fake:
        assert boto3.client("ecr").meta.region_name == "ap-southeast-2"
        assert boto3.Session(region_name="ca-central-1").client("ecs").meta.region_name == "ca-central-1"
        assert fake.region == "ap-southeast-2"
    with pytest.raises(NoRegionError):  # outside, botocore's own behaviour
        boto3.client("ecs")


def test_the_environments_region_is_the_clients(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    with fake_aws():
        ecs = boto3.client("ecs")
        assert ecs.create_cluster()["cluster"]["clusterArn"].startswith("arn:aws:ecs:eu-central-1:")


def test_the_account_is_fake_awss_or_the_clients_own() -> None:
    with fake_aws(account="111122223333") as fake:
        ecr = boto3.client("ecr", region_name="us-east-1")
        assert ecr.create_repository(repositoryName="app")["repository"]["registryId"] == "111122223333"
        other = boto3.client("ecr", region_name="us-east-1", aws_account_id="444455556666")
        assert other.create_repository(repositoryName="api")["repository"]["registryId"] == "444455556666"
    assert fake.account == "111122223333"
    assert list(fake.records().ecr.repositories) == ["app"]
    assert list(fake.scoped(account="444455556666").records().ecr.repositories) == ["api"]


def test_every_served_service() -> None:
    assert frozenset({"ecs", "ecr", "ecr-public", "events"}) == SERVED
    with fake_aws():
        assert boto3.client("ecr-public", region_name="us-east-1").describe_registries()["registries"]
        events = boto3.client("events", region_name="us-east-1")
        assert events.put_rule(Name="r", EventPattern='{"source": ["aws.ecs"]}')["RuleArn"].endswith(":rule/r")
        with pytest.raises(EndpointConnectionError):  # ECR Public has an endpoint in us-east-1 only, as on AWS
            boto3.client("ecr-public", region_name="eu-west-1").describe_registries()


def test_refusals_are_client_errors_with_awss_codes() -> None:
    with fake_aws():
        ecs = boto3.client("ecs", region_name="us-east-1")
        with pytest.raises(ecs.exceptions.ClusterNotFoundException):
            ecs.describe_services(cluster="nowhere", services=["web"])


def test_other_services_are_left_alone() -> None:
    """An S3 client made inside sends its request as it would anywhere (here to a closed local port: refused)."""
    closed = "http://127.0.0.1:9"
    config = Config(retries={"max_attempts": 1}, connect_timeout=2)
    with fake_aws():
        s3 = boto3.client(
            "s3",
            region_name="us-east-1",
            endpoint_url=closed,
            config=config,
            aws_access_key_id="a",
            aws_secret_access_key="b",
        )
        assert not hasattr(s3, "ecskit_clock")
        with pytest.raises(EndpointConnectionError, match=r"127\.0\.0\.1:9"):
            s3.list_buckets()


def test_other_services_go_to_moto_under_mock_aws() -> None:
    with mock_aws(), fake_aws() as fake:
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="ecskit-test-bucket")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["ecskit-test-bucket"]
        assert boto3.client("sts", region_name="us-east-1").get_caller_identity()["Account"] == "123456789012"
        boto3.client("ecs", region_name="us-east-1").create_cluster(clusterName="on-the-fake")
        assert list(fake.records().clusters) == ["on-the-fake"]
    with mock_aws():  # moto's ECS never saw it
        assert boto3.client("ecs", region_name="us-east-1").list_clusters()["clusterArns"] == []


def test_moto_serves_ecs_again_once_the_block_ends() -> None:
    with mock_aws():
        with fake_aws():
            boto3.client("ecs", region_name="us-east-1").create_cluster(clusterName="fake")
        moto_ecs = boto3.client("ecs", region_name="us-east-1")
        moto_ecs.create_cluster(clusterName="moto")
        assert [arn.rpartition("/")[2] for arn in moto_ecs.list_clusters()["clusterArns"]] == ["moto"]


def test_nothing_outlives_the_block() -> None:
    outside = boto3.client("ecs", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
    with fake_aws():
        assert _hook_in_place()
        assert not hasattr(outside, "ecskit_clock")  # made before: untouched
        inside = boto3.client("ecs", region_name="us-east-1")
        inside.list_clusters()
    assert not _hook_in_place()
    assert not hasattr(boto3.client("ecs", region_name="us-east-1"), "ecskit_clock")
    with pytest.raises(UsageError, match="block that has ended"):
        inside.list_clusters()  # never to AWS


def test_the_block_ends_on_an_exception_too() -> None:
    with pytest.raises(RuntimeError), fake_aws():
        raise RuntimeError("boom")
    assert not _hook_in_place()


def test_nested_blocks() -> None:
    """The innermost open block takes new clients; each client stays with the fake of the block it was made in."""
    with fake_aws() as outer:
        before = boto3.client("ecs", region_name="us-east-1")
        with fake_aws() as inner:
            assert inner is not outer
            made_inside = boto3.client("ecs", region_name="us-east-1")
            made_inside.create_cluster(clusterName="inner")
            before.create_cluster(clusterName="outer")
            with fake_aws(outer, account="444455556666") as shared:
                boto3.client("ecs", region_name="us-east-1").create_cluster(clusterName="shared")
            assert shared.account == "444455556666"
        after = boto3.client("ecs", region_name="us-east-1")
        after.create_cluster(clusterName="after")
        with pytest.raises(UsageError):
            made_inside.list_clusters()
        assert _hook_in_place()
    assert list(inner.records().clusters) == ["inner"]
    assert list(outer.records().clusters) == ["outer", "after"]
    assert list(outer.scoped(account="444455556666").records().clusters) == ["shared"]
    assert not _hook_in_place()


def test_a_backend_given_is_used_and_each_entry_otherwise_gets_a_new_fake() -> None:
    mine = FakeBackend(region="eu-west-1")
    with fake_aws(mine) as fake:
        boto3.client("ecs").create_cluster(clusterName="web")
    assert fake.region == "eu-west-1"
    assert list(mine.records().clusters) == ["web"]
    aws = fake_aws()
    with aws as first:
        pass
    with aws as second:
        pass
    assert first is not second


def test_the_seed_chooses_the_ids() -> None:
    def task_definition_ids(seed: int | None) -> str:
        with fake_aws(seed=seed) as fake:
            return fake.ids.hex32()

    assert task_definition_ids(None) == task_definition_ids(0) == FakeBackend().ids.hex32()
    assert task_definition_ids(7) != task_definition_ids(0)
    with pytest.raises(UsageError, match="seed"):
        fake_aws(FakeBackend(), seed=1)


def test_waiters_and_boto3_backends_wait_in_virtual_time() -> None:
    with fake_aws() as fake:
        ecs = boto3.client("ecs", region_name="us-east-1")
        backend = Boto3Backend(ecs)
        backend.clock.sleep(30)
        assert fake.clock.elapsed == 30
        assert backend.list_clusters(ListClustersRequest()).cluster_arns == ()


def test_clients_made_in_other_threads_are_served_too() -> None:
    found: list[str] = []
    with fake_aws() as fake:

        def work() -> None:
            ecs = boto3.session.Session().client("ecs", region_name="us-east-1")
            found.append(ecs.create_cluster(clusterName=threading.current_thread().name)["cluster"]["clusterName"])

        threads = [threading.Thread(target=work, name=f"t{n}") for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(found) == ["t0", "t1", "t2", "t3"]
    assert sorted(fake.records().clusters) == sorted(found)


# -- as a decorator ---------------------------------------------------------------------------------------------------

aws = fake_aws(region="eu-west-1")


@aws
def _make_cluster(name: str) -> str:
    return str(boto3.client("ecs").create_cluster(clusterName=name)["cluster"]["clusterArn"])


def test_a_decorated_function_runs_in_a_new_block_each_call() -> None:
    assert _make_cluster("a") == "arn:aws:ecs:eu-west-1:123456789012:cluster/a"
    assert _make_cluster("b").endswith(":cluster/b")
    assert _make_cluster.__name__ == "_make_cluster"
    assert not _hook_in_place()
    with pytest.raises(UsageError, match="no block is open"):
        _ = aws.backend


def test_a_decorated_coroutine_function() -> None:
    @fake_aws()
    async def make() -> list[str]:
        ecs = boto3.client("ecs", region_name="us-east-1")
        ecs.create_cluster(clusterName="async")
        return list(ecs.list_clusters()["clusterArns"])

    assert asyncio.run(make()) == ["arn:aws:ecs:us-east-1:123456789012:cluster/async"]
    assert not _hook_in_place()


def test_a_decorated_test_case_runs_set_up_test_and_tear_down_in_one_block() -> None:
    seen: list[object] = []
    case_aws = fake_aws()

    @case_aws
    class Deploy(unittest.TestCase):
        def setUp(self) -> None:
            self.ecs = boto3.client("ecs", region_name="us-east-1")
            self.ecs.create_cluster(clusterName="web")

        def test_cluster(self) -> None:
            seen.append(case_aws.backend)
            assert len(self.ecs.list_clusters()["clusterArns"]) == 1

        def test_again(self) -> None:
            seen.append(case_aws.backend)
            assert len(self.ecs.list_clusters()["clusterArns"]) == 1

        def tearDown(self) -> None:
            self.ecs.delete_cluster(cluster="web")

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Deploy).run(result)
    assert result.wasSuccessful(), result.errors + result.failures
    assert result.testsRun == 2
    assert len(seen) == 2
    assert seen[0] is not seen[1]  # a new fake for each test
    assert not _hook_in_place()


def test_a_decorated_plain_class_runs_each_test_method_in_a_block() -> None:
    @fake_aws()
    class TestPlain:
        def test_one(self) -> int:
            return len(boto3.client("ecs", region_name="us-east-1").list_clusters()["clusterArns"])

        def helper(self) -> str:
            return "not wrapped"

    assert TestPlain().test_one() == 0
    assert TestPlain().helper() == "not wrapped"


def test_misuse_is_a_usage_error() -> None:
    holder = FakeAws()
    with pytest.raises(UsageError, match="stop"):
        holder.stop()
    with pytest.raises(UsageError, match="decorates"):
        holder(cast(Any, 42))


def test_start_and_stop() -> None:
    holder = fake_aws()
    fake = holder.start()
    try:
        boto3.client("ecs", region_name="us-east-1").create_cluster(clusterName="x")
        assert holder.backend is fake
    finally:
        holder.stop()
    assert list(fake.records().clusters) == ["x"]


def test_a_botocore_client_error_carries_the_request_id() -> None:
    with fake_aws():
        ecs = boto3.client("ecs", region_name="us-east-1")
        with pytest.raises(ClientError) as info:
            ecs.delete_cluster(cluster="nowhere")
    assert info.value.response["ResponseMetadata"]["RequestId"].startswith("fake-")
