"""ecskit's pytest plugin, run the way users meet it: in a pytest session of their own (pytester), where it is loaded
from its pytest11 entry point."""

from __future__ import annotations

import pytest

from ecskit.pytest_plugin import SECTION

pytest_plugins = ["pytester"]

#: An application module written with boto3 alone, as the tests below import it.
APP = """
import boto3


def create_cluster(name):
    return boto3.client("ecs").create_cluster(clusterName=name)["cluster"]["clusterArn"]


def describe(cluster, service):
    return boto3.client("ecs").describe_services(cluster=cluster, services=[service])
"""


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A project of its own with an application module, on a machine with no AWS configuration."""
    for name in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(pytester.path / "no-config"))
    pytester.makepyfile(app=APP)
    pytester.syspathinsert()
    return pytester


def test_the_fixture_is_a_fake_serving_boto3(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_app="""
        from ecskit.backends.fake import FakeBackend
        import app

        def test_cluster(fake_aws):
            assert isinstance(fake_aws, FakeBackend)
            assert app.create_cluster("web") == "arn:aws:ecs:us-east-1:123456789012:cluster/web"
            assert list(fake_aws.records().clusters) == ["web"]

        def test_each_test_has_a_new_fake(fake_aws):
            assert not fake_aws.records().clusters
        """
    )
    project.runpytest("--strict-markers").assert_outcomes(passed=2)


def test_the_marker_chooses_account_region_and_seed(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_app="""
        import pytest
        import app

        pytestmark = pytest.mark.fake_aws(account="111122223333", seed=3)

        @pytest.mark.fake_aws(region="eu-west-1")
        def test_marked(fake_aws):
            assert app.create_cluster("web") == "arn:aws:ecs:eu-west-1:111122223333:cluster/web"
            assert (fake_aws.account, fake_aws.region, fake_aws.ids.seed) == ("111122223333", "eu-west-1", 3)

        @pytest.mark.fake_aws(account="444455556666")
        def test_the_closest_marker_wins(fake_aws):
            assert (fake_aws.account, fake_aws.region, fake_aws.ids.seed) == ("444455556666", "us-east-1", 3)
        """
    )
    project.runpytest("--strict-markers").assert_outcomes(passed=2)


def test_a_bad_marker_is_a_usage_error(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_app="""
        import pytest

        @pytest.mark.fake_aws(zone="eu-west-1a")
        def test_bad(fake_aws):
            pass
        """
    )
    result = project.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*unknown argument 'zone' (it takes account, region, seed)*"])


def test_the_marker_is_registered(project: pytest.Pytester) -> None:
    result = project.runpytest("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.fake_aws(account=None, region=None, seed=None):*"])


def test_a_failed_test_shows_what_the_fake_saw_last(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_app="""
        import app

        def test_service_is_there(fake_aws):
            app.create_cluster("web")
            fake_aws.faults.crash("worker:1", exit_code=137, after_seconds=5)
            ecs = fake_aws.client("ecs")
            ecs.register_task_definition(
                family="job", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512",
                containerDefinitions=[{"name": "worker", "image": "worker:1", "essential": True}],
            )
            ecs.run_task(cluster="web", taskDefinition="job", launchType="FARGATE",
                         networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-0123456789abcdef0"]}})
            fake_aws.advance(120)
            answer = app.describe("nowhere", "api")
            assert answer["services"]

        def test_passing(fake_aws):
            app.create_cluster("web")

        def test_failing_without_the_fixture():
            assert False
        """
    )
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(
        [
            f"*- {SECTION} -*",
            "tasks stopped:",
            "  2025-01-01 00:0* us-east-1 task * (family:job, job:1): EssentialContainerExited: *",
            "      worker: exit code 137",
            "refused calls:",
            "  2025-01-01 00:02:00 us-east-1 DescribeServices: ClusterNotFoundException: Cluster not found.",
        ]
    )
    assert result.stdout.str().count(SECTION) == 1  # not for the passing test, nor for the one without the fake
