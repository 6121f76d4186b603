"""ecskit's pytest plugin, loaded by pytest wherever ecskit is installed (entry point ``pytest11``):

* the ``fake_aws`` fixture: a :class:`~ecskit.backends.fake.FakeBackend`, with every boto3 client the test makes
  for ECS, ECR, ECR Public and EventBridge served by it (:func:`ecskit.testing.fake_aws`), for the test's duration;
* the ``fake_aws`` marker, to choose that fake's account, Region (of the clients that name none) and seed:
  ``@pytest.mark.fake_aws(account="111122223333", region="eu-west-1", seed=7)``, on a test, a class or a module;
* in the report of a failed test that used the fixture, a section "what the fake saw last": the tasks that stopped
  and why, service events, tasks that could not be placed and refused calls
  (:meth:`FakeBackend.recent <ecskit.backends.fake.FakeBackend.recent>`).

.. code-block:: python

    @pytest.mark.fake_aws(region="eu-west-1")
    def test_release(fake_aws):
        release(cluster="prod")  # application code calling boto3.client("ecs"), boto3.client("ecr")
        assert fake_aws.records().services

The plugin imports nothing of ecskit until a test asks for the fixture, so it costs nothing where it is unused.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ecskit.backends.fake import FakeBackend

__all__ = ["MARKER", "SECTION", "fake_aws", "pytest_configure", "pytest_runtest_makereport"]

#: The marker that sets the fixture's account, Region and seed.
MARKER = "fake_aws"
#: The title of the section a failed test's report gets.
SECTION = "what the fake saw last"

_OPTIONS = ("account", "region", "seed")
_FAKE = pytest.StashKey["FakeBackend"]()


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker (so that ``--strict-markers`` knows it)."""
    config.addinivalue_line(
        "markers",
        f"{MARKER}(account=None, region=None, seed=None): the account, the Region (of boto3 clients that name none) "
        "and the id seed of the fake_aws fixture's FakeBackend (ecskit)",
    )


def _options(item: pytest.Item) -> dict[str, Any]:
    """The marker's keyword arguments, the closest marker's first (a test's over its class's over its module's)."""
    options: dict[str, Any] = {}
    for marker in reversed(list(item.iter_markers(MARKER))):
        if marker.args:
            raise pytest.UsageError(f"@pytest.mark.{MARKER} takes keyword arguments only: {', '.join(_OPTIONS)}")
        unknown = sorted(set(marker.kwargs) - set(_OPTIONS))
        if unknown:
            raise pytest.UsageError(
                f"@pytest.mark.{MARKER}: unknown argument {unknown[0]!r} (it takes {', '.join(_OPTIONS)})"
            )
        options.update(marker.kwargs)
    return options


@pytest.fixture
def fake_aws(request: pytest.FixtureRequest) -> Iterator[FakeBackend]:
    """A new FakeBackend, with the boto3 clients made during the test served by it (see :mod:`ecskit.testing`)."""
    from ecskit.testing import fake_aws as block

    with block(**_options(request.node)) as fake:
        request.node.stash[_FAKE] = fake
        yield fake


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Add what the fake saw last to the report of a failed test that used the fixture."""
    report = yield
    fake = item.stash.get(_FAKE, None)
    if fake is not None and report.failed:
        report.sections.append((SECTION, fake.recent().format()))
    return report
