"""FakeBackend: UpdateClusterSettings, and Service Connect namespaces (serviceConnectDefaults,
ListServicesByNamespace)."""

from __future__ import annotations

import pytest

from ecskit import from_api
from ecskit.backends.fake import FakeBackend
from ecskit.errors import InvalidRequestError, NotFoundError
from ecskit.models.ecs import (
    ClusterSetting,
    ClusterSettingName,
    CreateServiceRequest,
    DeleteServiceRequest,
    ListServicesByNamespaceRequest,
    ServiceConnectConfiguration,
    UpdateClusterSettingsRequest,
    UpdateServiceRequest,
)
from tests.support.fake_ecs import cluster, register, taskdef

INSIGHTS = ClusterSettingName.CONTAINER_INSIGHTS


def _settings(value: str) -> UpdateClusterSettingsRequest:
    return UpdateClusterSettingsRequest(cluster="web", settings=(ClusterSetting(name=INSIGHTS, value=value),))


def test_update_cluster_settings_answers_with_the_cluster() -> None:
    fake = FakeBackend()
    cluster(fake)
    shown = fake.update_cluster_settings(_settings("enhanced")).cluster
    assert shown is not None
    assert (shown.cluster_name, shown.status) == ("web", "ACTIVE")
    assert [(str(s.name), s.value) for s in shown.settings or ()] == [("containerInsights", "enhanced")]
    again = fake.client("ecs").describe_clusters(clusters=["web"], include=["SETTINGS"])["clusters"][0]
    assert again["settings"] == [{"name": "containerInsights", "value": "enhanced"}]


def test_update_cluster_settings_refuses_a_value_as_create_cluster_does() -> None:
    fake = FakeBackend()
    cluster(fake)
    with pytest.raises(InvalidRequestError) as info:
        fake.update_cluster_settings(_settings("on"))
    assert info.value.code == "InvalidParameterException"
    shown = fake.client("ecs").describe_clusters(clusters=["web"], include=["SETTINGS"])["clusters"][0]
    assert shown["settings"] == [{"name": "containerInsights", "value": "disabled"}]  # unchanged


def test_update_cluster_settings_of_an_unknown_cluster() -> None:
    with pytest.raises(NotFoundError) as info:
        FakeBackend().update_cluster_settings(_settings("enabled"))
    assert info.value.code == "ClusterNotFoundException"


def _fake() -> FakeBackend:
    fake = FakeBackend()
    ecs = fake.client("ecs")
    ecs.create_cluster(clusterName="web", serviceConnectDefaults={"namespace": "shop"})
    ecs.create_cluster(clusterName="jobs")
    register(fake, "web", 1)
    taskdef(fake, "app")
    return fake


def _service(fake: FakeBackend, name: str, cluster_name: str = "web", **members: object) -> str:
    doc = {"cluster": cluster_name, "serviceName": name, "taskDefinition": "app", "desiredCount": 0, **members}
    service = fake.create_service(from_api(doc, CreateServiceRequest)).service
    assert service is not None
    return service.service_arn or ""


def _listed(fake: FakeBackend, namespace: str) -> tuple[str, ...]:
    found = fake.list_services_by_namespace(ListServicesByNamespaceRequest(namespace=namespace))
    return found.service_arns or ()


def test_the_cluster_shows_its_default_namespace_as_an_arn() -> None:
    fake = _fake()
    defaults = fake.client("ecs").describe_clusters(clusters=["web"])["clusters"][0]["serviceConnectDefaults"]
    namespace = fake.records().namespaces["shop"]
    assert defaults == {"namespace": namespace.arn}
    assert namespace.arn == f"arn:aws:servicediscovery:us-east-1:123456789012:namespace/{namespace.id}"
    assert namespace.id.startswith("ns-")
    assert len(namespace.id) == 19


def test_services_of_every_cluster_are_listed_by_name_or_arn() -> None:
    fake = _fake()
    a = _service(fake, "a", serviceConnectConfiguration={"enabled": True})  # the cluster's default namespace
    _service(fake, "plain")
    b = _service(fake, "b", "jobs", serviceConnectConfiguration={"enabled": True, "namespace": "shop"})
    _service(fake, "c", "jobs", serviceConnectConfiguration={"enabled": True, "namespace": "other"})
    _service(fake, "off", serviceConnectConfiguration={"enabled": False, "namespace": "shop"})
    assert _listed(fake, "shop") == (a, b)
    assert _listed(fake, fake.records().namespaces["shop"].arn) == (a, b)
    page = fake.list_services_by_namespace(ListServicesByNamespaceRequest(namespace="shop", max_results=1))
    assert page.service_arns == (a,)
    assert page.next_token is not None
    rest = fake.list_services_by_namespace(ListServicesByNamespaceRequest(namespace="shop", next_token=page.next_token))
    assert rest.service_arns == (b,)


def test_an_update_moves_a_service_into_a_namespace_and_a_deleted_one_leaves_it() -> None:
    fake = _fake()
    arn = _service(fake, "a")
    assert _listed(fake, "shop") == ()
    config = ServiceConnectConfiguration(enabled=True, namespace="shop")
    fake.update_service(UpdateServiceRequest(cluster="web", service="a", service_connect_configuration=config))
    assert _listed(fake, "shop") == (arn,)
    fake.delete_service(DeleteServiceRequest(cluster="web", service="a"))
    fake.advance(60)
    assert _listed(fake, "shop") == ()


def test_an_unknown_namespace() -> None:
    fake = _fake()
    with pytest.raises(NotFoundError) as info:
        _listed(fake, "nowhere")
    # CreateService's text for a namespace that is not there (terraform-aws-modules/terraform-aws-ecs issue 116)
    assert (info.value.code, info.value.message) == (
        "NamespaceNotFoundException",
        "Failed to retrieve namespace for nowhere",
    )


def test_namespaces_survive_a_save_and_restore() -> None:
    fake = _fake()
    arn = _service(fake, "a", serviceConnectConfiguration={"enabled": True})
    again = FakeBackend.restore(fake.save())
    assert _listed(again, "shop") == (arn,)
    assert again.save() == fake.save()
