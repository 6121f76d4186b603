"""Service Connect namespaces. The fake has no Cloud Map API: a namespace is made the first time a cluster's
``serviceConnectDefaults`` or a service's ``serviceConnectConfiguration`` names it (by name, or by ARN), as
undeclared subnets are made up; it has an id ``ns-`` and 16 characters, and the ARN
``arn:aws:servicediscovery:<region>:<account>:namespace/<id>`` (the form Cloud Map gives its namespaces)."""

from __future__ import annotations

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.find import find_namespace
from ecskit.backends.fake.core.services import NamespaceRecord, ServiceRecord
from ecskit.models import replace
from ecskit.models.ecs import ServiceConnectConfiguration

__all__ = ["namespace", "service_connect", "services_in"]

_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def namespace(env: Env, ref: str) -> NamespaceRecord:
    """The namespace ``ref`` names (a name or an ARN), made on first use."""
    found = find_namespace(env, ref)
    if found is not None:
        return found
    if ref.startswith("arn:"):
        ident = ref.rsplit("/", 1)[-1]
        record = NamespaceRecord(name=ident, id=ident, arn=ref)
    else:
        digits = int(env.ids.hex32(), 16)
        ident = "ns-" + "".join(_ALPHABET[(digits >> (5 * n)) % 36] for n in range(16))
        record = NamespaceRecord(name=ref, id=ident, arn=env.arn(f"namespace/{ident}", "servicediscovery"))
    env.state.namespaces[record.name] = record
    return record


def service_connect(
    env: Env, given: ServiceConnectConfiguration | None, default: str | None
) -> ServiceConnectConfiguration | None:
    """A service's Service Connect configuration as it is kept: the cluster's default namespace (``default``, an
    ARN) when it is enabled without one; the namespace it names known from then on."""
    if given is None or not given.enabled:
        return given
    if given.namespace is None:
        return replace(given, namespace=default) if default is not None else given
    namespace(env, given.namespace)
    return given


def services_in(env: Env, record: NamespaceRecord) -> list[ServiceRecord]:
    """The services (ACTIVE or DRAINING, of every cluster) whose Service Connect configuration names ``record``."""
    found = []
    for service in env.state.services.values():
        config = service.service_connect
        if service.status == "INACTIVE" or config is None or not config.enabled or config.namespace is None:
            continue
        if find_namespace(env, config.namespace) is record:
            found.append(service)
    return found
