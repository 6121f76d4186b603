"""Contract: account settings behave the same on every backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ecskit.backends.base import Backend
from ecskit.errors import InvalidRequestError
from ecskit.models.ecs import (
    DeleteAccountSettingRequest,
    ListAccountSettingsRequest,
    PutAccountSettingDefaultRequest,
    PutAccountSettingRequest,
    SettingName,
)
from tests.contract.conftest import moto_differs

INSIGHTS = SettingName.CONTAINER_INSIGHTS


@pytest.fixture(autouse=True)
def _restore_insights(backend: Backend) -> Iterator[None]:
    """Account settings outlive a test on real AWS: leave containerInsights as it was."""
    yield
    backend.delete_account_setting(DeleteAccountSettingRequest(name=INSIGHTS))


def test_put_and_list(backend: Backend) -> None:
    put = backend.put_account_setting(PutAccountSettingRequest(name=INSIGHTS, value="enabled")).setting
    assert put is not None
    assert (put.name, put.value) == (INSIGHTS, "enabled")
    listed = backend.list_account_settings(ListAccountSettingsRequest(name=INSIGHTS)).settings or ()
    assert [(s.name, s.value) for s in listed] == [(INSIGHTS, "enabled")]


def test_delete_removes_it(backend: Backend) -> None:
    backend.put_account_setting(PutAccountSettingRequest(name=INSIGHTS, value="enabled"))
    backend.delete_account_setting(DeleteAccountSettingRequest(name=INSIGHTS))
    listed = backend.list_account_settings(ListAccountSettingsRequest(name=INSIGHTS)).settings or ()
    assert [s.value for s in listed] == []


def test_put_names_the_principal(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS answers with the setting's principalArn and type; moto answers with name and value only")
    put = backend.put_account_setting(PutAccountSettingRequest(name=INSIGHTS, value="enhanced")).setting
    assert put is not None
    assert (put.principal_arn or "").startswith("arn:aws:iam::")
    assert str(put.type) == "user"


def test_a_bad_value_is_refused(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS refuses a value the setting does not take; moto stores any value")
    with pytest.raises(InvalidRequestError) as info:
        backend.put_account_setting(PutAccountSettingRequest(name=INSIGHTS, value="sometimes"))
    assert info.value.code == "InvalidParameterException"


def test_default_applies_without_a_setting_of_ones_own(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS serves PutAccountSettingDefault; moto fails with a server error")
    backend.put_account_setting_default(PutAccountSettingDefaultRequest(name=INSIGHTS, value="enabled"))
    try:
        effective = backend.list_account_settings(
            ListAccountSettingsRequest(name=INSIGHTS, effective_settings=True)
        ).settings
        assert [s.value for s in effective or ()] == ["enabled"]
    finally:
        backend.put_account_setting_default(PutAccountSettingDefaultRequest(name=INSIGHTS, value="disabled"))


def test_effective_settings_list_every_setting(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS lists every setting with its effective value; moto lists only the settings put")
    names: set[SettingName | None] = set()
    token: str | None = None
    while True:
        page = backend.list_account_settings(ListAccountSettingsRequest(effective_settings=True, next_token=token))
        names |= {s.name for s in page.settings or ()}
        token = page.next_token
        if not token:
            break
    assert {SettingName.SERVICE_LONG_ARN_FORMAT, SettingName.TASK_LONG_ARN_FORMAT, INSIGHTS} <= names
