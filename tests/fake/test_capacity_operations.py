"""What only the fake can show of the operations added with capacity providers: account settings reaching new
clusters, agent updates over virtual time, task protection of service tasks expiring, service deployments filtered,
and the operation table and typed verbs agreeing."""

from __future__ import annotations

import datetime

import pytest
from botocore import xform_name

from ecskit import from_api
from ecskit.backends.fake import EPOCH, FakeBackend, registry
from ecskit.backends.fake.engine.agents import UPDATE_STEPS
from ecskit.backends.fake.engine.instances import AGENT_VERSION
from ecskit.backends.verbs import EcrPublicVerbs, EcrVerbs, EcsVerbs
from ecskit.errors import ConflictError, InvalidRequestError
from ecskit.models.ecs import (
    ClusterField,
    ContainerInstance,
    CreatedAt,
    CreateServiceRequest,
    DeleteAccountSettingRequest,
    DescribeClustersRequest,
    DescribeContainerInstancesRequest,
    DescribeServiceRevisionsRequest,
    GetTaskProtectionRequest,
    ListAccountSettingsRequest,
    ListServiceDeploymentsRequest,
    ListTasksRequest,
    PutAccountSettingDefaultRequest,
    PutAccountSettingRequest,
    RegisterContainerInstanceRequest,
    ServiceDeploymentStatus,
    SettingName,
    UpdateContainerAgentRequest,
    UpdateServiceRequest,
    UpdateTaskProtectionRequest,
    VersionInfo,
)
from tests.support.fake_ecs import cluster, ec2_id, identity_document, register, taskdef

ROLE = "arn:aws:iam::123456789012:role/deployer"


def test_every_fake_operation_has_a_typed_verb() -> None:
    served = registry.served()
    assert len(served) == len(set(served)) >= 47
    for operation in served:
        namespace = {"ecs": EcsVerbs, "ecr": EcrVerbs, "ecr-public": EcrPublicVerbs}[operation.service]
        assert callable(getattr(namespace, xform_name(operation.name), None)), operation
        assert FakeBackend().serves(operation)


# ---------------------------------------------------------------------------------------------------------------------
# Account settings


def test_container_insights_setting_reaches_new_clusters() -> None:
    fake = FakeBackend()
    fake.put_account_setting_default(
        PutAccountSettingDefaultRequest(name=SettingName.CONTAINER_INSIGHTS, value="enhanced")
    )
    cluster(fake, "insights")
    asked = DescribeClustersRequest(clusters=("insights",), include=(ClusterField.SETTINGS,))
    [shown] = fake.describe_clusters(asked).clusters or ()
    assert [(s.name, s.value) for s in shown.settings or ()] == [("containerInsights", "enhanced")]


def test_a_principal_inherits_the_default_until_it_has_its_own() -> None:
    fake = FakeBackend()
    name = SettingName.AWSVPC_TRUNKING
    fake.put_account_setting_default(PutAccountSettingDefaultRequest(name=name, value="enabled"))
    mine = ListAccountSettingsRequest(name=name, principal_arn=ROLE)
    assert fake.list_account_settings(mine).settings == ()  # nothing of its own
    [inherited] = (
        fake.list_account_settings(
            ListAccountSettingsRequest(name=name, principal_arn=ROLE, effective_settings=True)
        ).settings
        or ()
    )
    assert (inherited.value, inherited.principal_arn) == ("enabled", "arn:aws:iam::123456789012:root")
    fake.put_account_setting(PutAccountSettingRequest(name=name, value="disabled", principal_arn=ROLE))
    [own] = fake.list_account_settings(mine).settings or ()
    assert (own.value, own.principal_arn) == ("disabled", ROLE)
    deleted = fake.delete_account_setting(DeleteAccountSettingRequest(name=name, principal_arn=ROLE)).setting
    assert deleted is not None
    assert deleted.value == "disabled"
    assert fake.list_account_settings(mine).settings == ()


def test_account_setting_rules() -> None:
    fake = FakeBackend()
    wait = SettingName.FARGATE_TASK_RETIREMENT_WAIT_PERIOD
    with pytest.raises(InvalidRequestError, match="root user"):
        fake.put_account_setting(PutAccountSettingRequest(name=wait, value="14", principal_arn=ROLE))
    fake.put_account_setting(PutAccountSettingRequest(name=wait, value="14"))
    with pytest.raises(InvalidRequestError, match="managed by AWS"):
        fake.put_account_setting(PutAccountSettingRequest(name=SettingName.GUARD_DUTY_ACTIVATE, value="on"))
    with pytest.raises(InvalidRequestError, match="not in account"):
        fake.put_account_setting(
            PutAccountSettingRequest(name=wait, value="7", principal_arn="arn:aws:iam::210987654321:root")
        )
    with pytest.raises(InvalidRequestError, match="only be given with name"):
        fake.list_account_settings(ListAccountSettingsRequest(value="enabled"))
    [guard] = (
        fake.list_account_settings(
            ListAccountSettingsRequest(name=SettingName.GUARD_DUTY_ACTIVATE, effective_settings=True)
        ).settings
        or ()
    )
    assert (guard.value, str(guard.type)) == ("off", "aws_managed")


# ---------------------------------------------------------------------------------------------------------------------
# Agent updates


def _old_agent(fake: FakeBackend, n: int = 1) -> ContainerInstance:
    found = fake.register_container_instance(
        RegisterContainerInstanceRequest(
            cluster="web",
            instance_identity_document=identity_document(ec2_id(n)),
            version_info=VersionInfo(agent_version="1.70.0"),
        )
    ).container_instance
    assert found is not None
    return found


def test_an_agent_update_goes_through_its_states() -> None:
    fake = FakeBackend()
    cluster(fake)
    arn = _old_agent(fake).container_instance_arn or ""
    fake.update_container_agent(UpdateContainerAgentRequest(cluster="web", container_instance=arn))
    models: list[ContainerInstance] = []
    for _, seconds in UPDATE_STEPS:
        fake.advance(seconds)
        request = DescribeContainerInstancesRequest(cluster="web", container_instances=(arn,))
        models += fake.describe_container_instances(request).container_instances or ()
    assert [str(m.agent_update_status) for m in models] == ["STAGING", "STAGED", "UPDATING", "UPDATED"]
    model = models[-1]
    assert model.version_info is not None
    assert model.version_info.agent_version == AGENT_VERSION
    with pytest.raises(ConflictError, match="no update available") as info:
        fake.update_container_agent(UpdateContainerAgentRequest(cluster="web", container_instance=arn))
    assert info.value.code == "NoUpdateAvailableException"


def test_an_agent_without_a_version_cannot_be_updated() -> None:
    fake = FakeBackend()
    cluster(fake)
    found = fake.register_container_instance(
        RegisterContainerInstanceRequest(
            cluster="web", instance_identity_document=identity_document(ec2_id(1)), version_info=VersionInfo()
        )
    ).container_instance
    assert found is not None
    with pytest.raises(InvalidRequestError) as info:
        fake.update_container_agent(
            UpdateContainerAgentRequest(cluster="web", container_instance=found.container_instance_arn or "")
        )
    assert info.value.code == "MissingVersionException"


def test_an_agent_update_survives_save_and_restore() -> None:
    fake = FakeBackend()
    cluster(fake)
    arn = _old_agent(fake).container_instance_arn or ""
    fake.update_container_agent(UpdateContainerAgentRequest(cluster="web", container_instance=arn))
    fake.advance(10)
    again = FakeBackend.restore(fake.save())
    again.advance(60)
    [model] = (
        again.describe_container_instances(
            DescribeContainerInstancesRequest(cluster="web", container_instances=(arn,))
        ).container_instances
        or ()
    )
    assert str(model.agent_update_status) == "UPDATED"


# ---------------------------------------------------------------------------------------------------------------------
# Task protection and service deployments


def _service(fake: FakeBackend, count: int = 2) -> list[str]:
    cluster(fake)
    register(fake, "web", 1)
    doc = {"cluster": "web", "serviceName": "api", "taskDefinition": taskdef(fake, "api"), "desiredCount": count}
    fake.create_service(from_api(doc, CreateServiceRequest))
    fake.advance(60)
    return list(fake.list_tasks(ListTasksRequest(cluster="web", service_name="api")).task_arns or ())


def test_protection_lasts_its_minutes() -> None:
    fake = FakeBackend()
    first, second = _service(fake)
    answer = fake.update_task_protection(
        UpdateTaskProtectionRequest(cluster="web", tasks=(first,), protection_enabled=True, expires_in_minutes=5)
    )
    [protected] = answer.protected_tasks or ()
    assert protected.protection_enabled
    assert protected.expiration_date == EPOCH + datetime.timedelta(seconds=60 + 5 * 60)
    default = (
        fake.update_task_protection(
            UpdateTaskProtectionRequest(cluster="web", tasks=(second,), protection_enabled=True)
        ).protected_tasks
        or ()
    )
    assert default[0].expiration_date == EPOCH + datetime.timedelta(seconds=60 + 120 * 60)
    fake.advance(5 * 60)
    shown = fake.get_task_protection(GetTaskProtectionRequest(cluster="web", tasks=(first, second))).protected_tasks
    assert [t.protection_enabled for t in shown or ()] == [False, True]
    listed = fake.get_task_protection(GetTaskProtectionRequest(cluster="web")).protected_tasks or ()
    assert [t.task_arn for t in listed] == [second]
    off = (
        fake.update_task_protection(
            UpdateTaskProtectionRequest(cluster="web", tasks=(second,), protection_enabled=False)
        ).protected_tasks
        or ()
    )
    assert (off[0].protection_enabled, off[0].expiration_date) == (False, None)
    again = FakeBackend.restore(fake.save())
    assert again.save() == fake.save()


def test_service_deployments_filter_by_status_and_time() -> None:
    fake = FakeBackend()
    _service(fake, 1)
    fake.update_service(UpdateServiceRequest(cluster="web", service="api", task_definition=taskdef(fake, "api")))
    fake.advance(120)
    every = fake.list_service_deployments(ListServiceDeploymentsRequest(cluster="web", service="api"))
    assert [str(d.status) for d in every.service_deployments or ()] == ["SUCCESSFUL", "SUCCESSFUL"]
    later = fake.list_service_deployments(
        ListServiceDeploymentsRequest(
            cluster="web", service="api", created_at=CreatedAt(after=EPOCH + datetime.timedelta(seconds=30))
        )
    )
    revisions = tuple(d.target_service_revision_arn or "" for d in later.service_deployments or ())
    assert len(revisions) == 1
    shown = fake.describe_service_revisions(DescribeServiceRevisionsRequest(service_revision_arns=revisions))
    assert [r.task_definition for r in shown.service_revisions or ()] == [
        "arn:aws:ecs:us-east-1:123456789012:task-definition/api:2"
    ]
    none = fake.list_service_deployments(
        ListServiceDeploymentsRequest(cluster="web", service="api", status=(ServiceDeploymentStatus.ROLLBACK_FAILED,))
    )
    assert none.service_deployments == ()
    page = fake.list_service_deployments(ListServiceDeploymentsRequest(cluster="web", service="api", max_results=1))
    assert len(page.service_deployments or ()) == 1
    assert page.next_token is not None
