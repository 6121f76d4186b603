"""Generate ecskit's wire-shape models and operations from botocore's ECS, ECR and ECR Public service models.

Run ``python tools/codegen.py`` (or ``nox -s codegen``) to rewrite the generated modules, and
``python tools/codegen.py --check`` to fail when regeneration would change them.

What is generated, per service:

* ``ecskit/models/<svc>/<family>.py``: one frozen, keyword-only attrs class per structure shape and one
  ``StrEnum`` per enumerated string shape, grouped by the family of operations that first reaches them;
  an operation's input shape is a ``Request[<its output shape>]``;
* ``ecskit/models/<svc>/operations.py``: one :class:`~ecskit.operations.Operation` per botocore operation
  (service, name, boto3 method, request and response classes, paging from botocore's paginators, error codes);
* ``ecskit/models/<svc>/__init__.py``: the re-exports;
* ``ecskit/codec/_wire_<svc>.py``: the wire names that the naive snake-to-camel rule does not give back (the
  codec is the only place knowing wire names);
* ``ecskit/backends/verbs.py``: the typed verbs of every service (one method per operation, over ``send``).

Every structure shape reachable from any operation is modelled, with every member: completeness is checked by
``tests/unit/models/test_completeness.py`` against the installed botocore.

Only facts of the model are carried over (names, types, enums, requiredness); AWS's documentation prose is not.
"""

from __future__ import annotations

import argparse
import gzip
import json
import keyword
import re
import sys
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


#: Families in dependency order: a shape lives in the first family (in this order) that reaches it, so a family
#: module only imports from itself and earlier families, and imports never cycle. A family is an operation-name
#: pattern, or ``@Shape`` for everything one big shape reaches (to keep modules small).
@dataclass(frozen=True)
class ServiceSpec:
    """One service ecskit models, and how its generated modules are laid out."""

    #: botocore's name of the service
    name: str
    #: the package under ecskit/models (and the suffix of codec/_wire_*.py)
    module: str
    title: str
    api: str
    #: the class of its typed verbs in ecskit/backends/verbs.py
    verbs: str
    families: tuple[tuple[str, str], ...]
    #: the operations modelled (None: all of them); the subsets of later services list theirs
    only: tuple[str, ...] | None = None


SPECS: tuple[ServiceSpec, ...] = (
    ServiceSpec(
        name="ecs",
        module="ecs",
        title="Amazon ECS",
        api="2014-11-13",
        verbs="EcsVerbs",
        families=(
            ("account", r"AccountSetting|TagResource|UntagResource|ListTagsForResource"),
            ("containers", "@ContainerDefinition"),
            ("task_definitions", r"TaskDefinition"),
            ("capacity_providers", r"CapacityProvider$|CapacityProviders$"),
            ("clusters", r"Cluster"),
            ("container_instances", r"ContainerInstance|Attributes|ContainerAgent|PollEndpoint|AttachmentStateChanges"),
            ("tasks", r"Task$|Tasks$|TaskProtection|ExecuteCommand|StateChange$"),
            ("task_sets", r"TaskSet"),
            ("service_deployments", r"ServiceDeployment|ServiceRevision"),
            ("express", r"ExpressGateway"),
            ("services", r"Service"),
            ("daemons", r"Daemon"),
        ),
    ),
    ServiceSpec(
        name="ecr",
        module="ecr",
        title="Amazon ECR",
        api="2015-09-21",
        verbs="EcrVerbs",
        families=(
            ("account", r"AccountSetting|TagResource|UntagResource|ListTagsForResource|AuthorizationToken"),
            ("repositories", r"Repository$|Repositories$|RepositoryPolicy|CreationTemplate"),
            ("images", r"Image|Layer"),
            ("lifecycle", r"LifecyclePolicy"),
            ("scanning", r"Scan"),
            ("registry", r"."),
        ),
    ),
    ServiceSpec(
        name="ecr-public",
        module="ecr_public",
        title="Amazon ECR Public",
        api="2020-10-30",
        verbs="EcrPublicVerbs",
        families=(
            ("account", r"TagResource|UntagResource|ListTagsForResource|AuthorizationToken"),
            ("repositories", r"Repositor|Registr"),
            ("images", r"."),
        ),
    ),
)
BY_NAME = {spec.name: spec for spec in SPECS}
SCALARS = {
    "string": "str",
    "integer": "int",
    "long": "int",
    "boolean": "bool",
    "double": "float",
    "float": "float",
    "timestamp": "datetime.datetime",
    "blob": "bytes",
    "document": "JsonValue",
}
#: Unit spellings that a plain camel-to-snake split would break apart (``sizeInGiB`` -> ``size_in_gib``).
_UNIT_TOKENS = (("GiB", "Gib"), ("MiB", "Mib"), ("VCpu", "Vcpu"))


def snake(name: str) -> str:
    """The attribute name for a wire member name: ``enableECSManagedTags`` -> ``enable_ecs_managed_tags``."""
    for token, plain in _UNIT_TOKENS:
        name = name.replace(token, plain)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    name = re.sub(r"([a-z\d])([A-Z])", r"\1_\2", name).lower()
    return name + "_" if keyword.iskeyword(name) else name


def camel(attr: str) -> str:
    """The naive inverse of :func:`snake`; the codec stores only the names where it is wrong."""
    head, *rest = attr.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def enum_member(value: str) -> str:
    """An enum value's member name: ``containerInsights`` -> ``CONTAINER_INSIGHTS``, ``json-file`` -> ``JSON_FILE``."""
    name = re.sub(r"[^0-9A-Za-z]+", "_", snake(value.replace("-", "_"))).strip("_").upper()
    if not name or name[0].isdigit():
        name = "V_" + name
    return name


def _data(spec: ServiceSpec, name: str) -> Path:
    import botocore

    return Path(botocore.__file__).parent / "data" / spec.name / spec.api / name


def botocore_model(spec: ServiceSpec) -> dict[str, Any]:
    with gzip.open(_data(spec, "service-2.json.gz"), "rt", encoding="utf-8") as fh:
        model: dict[str, Any] = json.load(fh)
    if spec.only is not None:
        model["operations"] = {k: v for k, v in model["operations"].items() if k in spec.only}
    return model


def botocore_paginators(spec: ServiceSpec) -> dict[str, Any]:
    path = _data(spec, "paginators-1.json")
    if not path.exists():
        return {}
    found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["pagination"]
    return found


def botocore_version() -> str:
    import botocore

    version: str = botocore.__version__
    return version


@dataclass
class Shape:
    name: str
    spec: dict[str, Any]
    uses: list[str] = field(default_factory=list)  # "Operation (input)" labels

    @property
    def is_enum(self) -> bool:
        return self.spec["type"] == "string" and "enum" in self.spec

    @property
    def is_struct(self) -> bool:
        return self.spec["type"] == "structure" and not self.spec.get("exception")


class Service:
    def __init__(self, spec: ServiceSpec, model: dict[str, Any]) -> None:
        self.spec = spec
        self.service = spec.module
        self.model = model
        self.shapes: dict[str, dict[str, Any]] = model["shapes"]
        self.family_of: dict[str, str] = {}
        self.uses: dict[str, list[str]] = {}
        #: input shape -> output shape of its operation (botocore gives every operation of these APIs both)
        self.response_of: dict[str, str] = {
            spec["input"]["shape"]: spec["output"]["shape"] for spec in model["operations"].values()
        }
        self._assign()

    def reach(self, root: str) -> list[str]:
        seen: list[str] = []
        stack = [root]
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.append(name)
            spec = self.shapes[name]
            for key in ("member", "key", "value"):
                if key in spec:
                    stack.append(spec[key]["shape"])
            stack.extend(m["shape"] for m in spec.get("members", {}).values())
        return seen

    def operation_family(self, op: str) -> str:
        for family, pattern in self.spec.families:
            if not pattern.startswith("@") and re.search(pattern, op):
                return family
        raise SystemExit(f"operation {op} of {self.spec.name} matches no family; extend its ServiceSpec")

    def _assign(self) -> None:
        order = [f for f, _ in self.spec.families]
        for op in sorted(self.model["operations"]):
            spec = self.model["operations"][op]
            family = self.operation_family(op)
            for direction in ("input", "output"):
                if direction not in spec:
                    continue
                for name in self.reach(spec[direction]["shape"]):
                    self.uses.setdefault(name, []).append(f"{op} ({direction})")
                    known = self.family_of.get(name)
                    if known is None or order.index(family) < order.index(known):
                        self.family_of[name] = family
        for family, pattern in self.spec.families:
            if pattern.startswith("@"):
                for name in self.reach(pattern[1:]):
                    if order.index(family) < order.index(self.family_of[name]):
                        self.family_of[name] = family

    def modelled(self, name: str) -> bool:
        spec = self.shapes[name]
        return (spec["type"] == "structure" and not spec.get("exception")) or (
            spec["type"] == "string" and "enum" in spec
        )

    def type_of(self, name: str) -> str:
        spec = self.shapes[name]
        kind = spec["type"]
        if kind == "structure" or (kind == "string" and "enum" in spec):
            return name
        if kind == "list":
            return f"tuple[{self.type_of(spec['member']['shape'])}, ...]"
        if kind == "map":
            return f"dict[{self.type_of(spec['key']['shape'])}, {self.type_of(spec['value']['shape'])}]"
        return SCALARS[kind]

    def describe_type(self, name: str) -> str:
        spec = self.shapes[name]
        kind = spec["type"]
        if kind == "structure" or (kind == "string" and "enum" in spec):
            return f":class:`{name}`"
        if kind == "list":
            return f"list of {self.describe_type(spec['member']['shape'])}"
        if kind == "map":
            return f"map of {self.describe_type(spec['key']['shape'])} to {self.describe_type(spec['value']['shape'])}"
        extra = []
        if "min" in spec or "max" in spec:
            extra.append(f"{spec.get('min', '')}..{spec.get('max', '')}")
        return str(kind) + (f" ({', '.join(extra)})" if extra else "")

    def names_used(self, name: str) -> set[str]:
        found: set[str] = set()
        spec = self.shapes[name]
        for key in ("member", "key", "value"):
            if key in spec:
                found |= self._refs(spec[key]["shape"])
        for member in spec.get("members", {}).values():
            found |= self._refs(member["shape"])
        return found

    def _refs(self, name: str) -> set[str]:
        spec = self.shapes[name]
        if self.modelled(name):
            return {name}
        out: set[str] = set()
        for key in ("member", "key", "value"):
            if key in spec:
                out |= self._refs(spec[key]["shape"])
        return out

    def scalar_kinds(self, name: str) -> set[str]:
        spec = self.shapes[name]
        kinds: set[str] = set()
        for member in spec.get("members", {}).values():
            kinds |= self._scalar(member["shape"])
        return kinds

    def _scalar(self, name: str) -> set[str]:
        spec = self.shapes[name]
        if self.modelled(name):
            return set()
        out = {spec["type"]} if spec["type"] in SCALARS else set()
        for key in ("member", "key", "value"):
            if key in spec:
                out |= self._scalar(spec[key]["shape"])
        return out


HEADER = """# Generated by tools/codegen.py from botocore {version} ({title} API {api}); do not edit by hand.
# Regenerate with `nox -s codegen`; tests/unit/models/test_codegen.py fails when this file is stale.
"""


def render_enum(svc: Service, name: str) -> list[str]:
    spec = svc.shapes[name]
    lines = [
        "",
        "",
        f"class {name}(enum.StrEnum):",
        f'    """``{name}``: the closed set of wire strings of the {svc.spec.title} API."""',
        "",
    ]
    used: set[str] = set()
    for value in spec["enum"]:
        member = enum_member(value)
        while member in used:
            member += "_"
        used.add(member)
        lines.append(f"    {member} = {json.dumps(value)}")
    return lines


def render_struct(svc: Service, name: str) -> list[str]:
    spec = svc.shapes[name]
    required = set(spec.get("required", []))
    uses = svc.uses.get(name, [])
    shown = ", ".join(uses[:4]) + (f" and {len(uses) - 4} more" if len(uses) > 4 else "")
    response = svc.response_of.get(name)
    base = f'Request["{response}"]' if response is not None else "Model"
    lines = [
        "",
        "",
        "@attrs.frozen(kw_only=True, repr=False, slots=False)",
        f"class {name}({base}):",
        f'    """``{name}``: a structure of the {svc.spec.title} API.',
        "",
        *textwrap.wrap(
            f"Used by {shown}." if shown else "Not used by any operation.",
            width=116,
            initial_indent="    ",
            subsequent_indent="    ",
        ),
        '    """',
    ]
    members = spec.get("members", {})
    if not members:
        lines.append("")
        lines.append("    # No members: the API sends an empty object.")
        return lines
    lines.append("")
    for wire in members:  # botocore's order, so JSON comes out as the AWS docs show it
        member = members[wire]
        attr = snake(wire)
        typ = svc.type_of(member["shape"])
        notes = [svc.describe_type(member["shape"])]
        if wire in required:
            notes.append("required")
        if member.get("deprecated") or svc.shapes[member["shape"]].get("deprecated"):
            notes.append("deprecated")
        lines.append(f"    #: ``{wire}``: {'; '.join(notes)}.")
        if wire in required:
            lines.append(f"    {attr}: {typ}")
        else:
            lines.append(f"    {attr}: {typ} | None = None")
    return lines


def render_family(svc: Service, family: str, version: str) -> str:
    names = sorted(n for n, f in svc.family_of.items() if f == family and svc.modelled(n))
    order = [f for f, _ in svc.spec.families]
    enums = [n for n in names if svc.shapes[n]["type"] == "string"]
    structs = [n for n in names if svc.shapes[n]["type"] == "structure"]
    imports: dict[str, set[str]] = {}
    kinds: set[str] = set()
    for n in structs:
        kinds |= svc.scalar_kinds(n)
        refs = svc.names_used(n)
        if n in svc.response_of:
            refs.add(svc.response_of[n])
        for ref in refs:
            ref_family = svc.family_of[ref]
            if ref_family != family:
                assert order.index(ref_family) < order.index(family), (n, ref)
                imports.setdefault(ref_family, set()).add(ref)
    out = [HEADER.format(version=version, title=svc.spec.title, api=svc.spec.api).rstrip()]
    title = family.replace("_", " ")
    out.append(f'"""{svc.spec.title} wire shapes first reached by the {title} operations."""')
    out.append("")
    out.append("from __future__ import annotations")
    out.append("")
    std = []
    if "timestamp" in kinds:
        std.append("import datetime")
    if enums:
        std.append("import enum")
    if std:
        out.extend(std)
        out.append("")
    if structs:
        out.append("import attrs")
        out.append("")
        base_names = ["Model"] if any(n not in svc.response_of for n in structs) else []
        if any(n in svc.response_of for n in structs):
            base_names.append("Request")
        out.append(f"from ecskit.models._base import {', '.join(base_names)}")
    if "document" in kinds:
        out.append("from ecskit.models._json import JsonValue")
    if not structs and "document" not in kinds and imports:
        out.append("")
    for ref_family in sorted(imports):
        shown = sorted(imports[ref_family], key=_isort_key)
        out.append(f"from ecskit.models.{svc.service}.{ref_family} import (")
        out.extend(f"    {r}," for r in shown)
        out.append(")")
    out.append("")
    out.append("__all__ = [")
    out.extend(f'    "{n}",' for n in names)
    out.append("]")
    for n in enums:
        out.extend(render_enum(svc, n))
    for n in structs:
        out.extend(render_struct(svc, n))
    return "\n".join(out) + "\n"


def render_init(svc: Service, version: str) -> str:
    order = [f for f, _ in svc.spec.families]
    by_family: dict[str, list[str]] = {f: [] for f in order}
    for n, f in svc.family_of.items():
        if svc.modelled(n):
            by_family[f].append(n)
    out = [HEADER.format(version=version, title=svc.spec.title, api=svc.spec.api).rstrip()]
    out.append(
        f'"""Typed models of every {svc.spec.title} API shape (API version {svc.spec.api}).\n\n'
        "Class names are botocore's shape names, attributes are the members in snake_case, and enumerations\n"
        "carry the wire strings. Every class is frozen and keyword-only; absent optional members are ``None``.\n"
        "Convert to and from the API's dictionaries with :func:`ecskit.from_api` and :func:`ecskit.to_api`.\n"
        '"""'
    )
    out.append("")
    # the operations table registers every operation of the service as the package is imported
    out.append(f"from ecskit.models.{svc.service} import operations as operations")
    for f in sorted(order):  # alphabetical, as isort keeps them: each module imports what it needs itself
        if by_family[f]:
            out.append(f"from ecskit.models.{svc.service}.{f} import (")
            out.extend(f"    {n}," for n in sorted(by_family[f], key=_isort_key))
            out.append(")")
    out.append("")
    out.append("__all__ = [")
    out.extend(f'    "{n}",' for n in sorted(n for names in by_family.values() for n in names))
    out.append("]")
    return "\n".join(out) + "\n"


def render_wire(svc: Service, version: str) -> str:
    """The codec's table: the wire names camel-casing the attribute names does not give back."""
    irregular: dict[str, dict[str, str]] = {}
    for n in sorted(svc.family_of):
        if svc.shapes[n]["type"] != "structure" or not svc.modelled(n):
            continue
        for wire in svc.shapes[n].get("members", {}):
            if camel(snake(wire)) != wire:
                irregular.setdefault(n, {})[snake(wire)] = wire
    out = [HEADER.format(version=version, title=svc.spec.title, api=svc.spec.api).rstrip()]
    out.append(f'"""Wire facts of the {svc.spec.title} API that the codec needs."""')
    out.append("")
    out.append(f'BOTOCORE_VERSION = "{version}"')
    out.append("")
    out.append("#: class name -> {attribute: wire name}, only where camel-casing the attribute is wrong.")
    out.append("IRREGULAR_NAMES: dict[str, dict[str, str]] = {")
    for n, names in irregular.items():
        out.append(f'    "{n}": {{')
        out.extend(f'        "{a}": "{w}",' for a, w in names.items())
        out.append("    },")
    out.append("}")
    return "\n".join(out) + "\n"


def _operation_specs(svc: Service) -> list[tuple[str, str, str, dict[str, Any] | None, list[str]]]:
    """Per operation, in botocore's (alphabetical) order: name, input, output, paginator, error codes."""
    paginators = botocore_paginators(svc.spec)
    found = []
    for op in sorted(svc.model["operations"]):
        spec = svc.model["operations"][op]
        errors = [svc.shapes[e["shape"]].get("error", {}).get("code", e["shape"]) for e in spec.get("errors", [])]
        found.append((op, spec["input"]["shape"], spec["output"]["shape"], paginators.get(op), errors))
    return found


def _as_tuple(value: object, indent: str) -> str:
    """A tuple literal of the snake-cased names, laid out as ruff format lays it out."""
    items = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    names = [f'"{snake(str(i))}"' for i in items]
    if len(names) == 1:
        return f"({names[0]},)"
    one_line = f"({', '.join(names)})"
    if len(indent) + len("items=") + len(one_line) + 1 <= 120:
        return one_line
    return "(\n" + "".join(f"{indent}    {n},\n" for n in names) + f"{indent})"


def render_operations(svc: Service, version: str) -> str:
    """``ecskit/models/<svc>/operations.py``: the registered table of the service's operations."""
    ops = _operation_specs(svc)
    imports: dict[str, set[str]] = {}
    for _, request, response, _, _ in ops:
        for name in (request, response):
            imports.setdefault(svc.family_of[name], set()).add(name)
    out = [HEADER.format(version=version, title=svc.spec.title, api=svc.spec.api).rstrip()]
    out.append(
        f'"""Every operation of the {svc.spec.title} API: its request and response classes, how it pages and the\n'
        "errors it may answer (registered for :func:`ecskit.operations.operation_of` when the package is imported).\n"
        '"""'
    )
    out.append("")
    out.append("from __future__ import annotations")
    out.append("")
    out.append("from typing import Any")
    out.append("")
    out.append("from ecskit.models._operation import Operation, Paging, register")
    for family in sorted(imports):
        out.append(f"from ecskit.models.{svc.service}.{family} import (")
        out.extend(f"    {n}," for n in sorted(imports[family], key=_isort_key))
        out.append(")")
    out.append("")
    out.append('__all__ = ["OPERATIONS"]')
    out.append("")
    out.append(f"#: The {len(ops)} operations of the {svc.spec.title} API, by name.")
    out.append("OPERATIONS: tuple[Operation[Any, Any], ...] = register(")
    for op, request, response, paging, errors in ops:
        out.append("    Operation(")
        out.append(f'        service="{svc.spec.name}",')
        out.append(f'        name="{op}",')
        out.append(f'        method="{snake(op)}",')
        out.append(f"        request={request},")
        out.append(f"        response={response},")
        if paging is not None:
            out.append("        paging=Paging(")
            out.append(f'            input_token="{snake(paging["input_token"])}",')
            out.append(f'            output_token="{snake(paging["output_token"])}",')
            if paging.get("limit_key"):
                out.append(f'            limit_key="{snake(paging["limit_key"])}",')
            out.append(f"            items={_as_tuple(paging.get('result_key', []), '            ')},")
            out.append("        ),")
        if errors:
            out.append("        errors=(")
            out.extend(f'            "{e}",' for e in errors)
            out.append("        ),")
        out.append("    ),")
    out.append(")")
    return "\n".join(out) + "\n"


def render_verbs(services: list[Service], version: str) -> str:
    """``ecskit/backends/verbs.py``: per service, a class with one typed method per operation over ``send``."""
    out = [
        f"# Generated by tools/codegen.py from botocore {version}; do not edit by hand.",
        "# Regenerate with `nox -s codegen`; tests/unit/models/test_codegen.py fails when this file is stale.",
        '"""The typed verbs of every service ecskit models: one method per operation, each sending its request model',
        "and returning the response model. :class:`~ecskit.backends.base.Backend` and :class:`~ecskit.Client` have",
        "them (ECS's directly, every service's under ``.ecs``, ``.ecr`` and ``.ecr_public``); each is",
        "``return self.send(request)`` with the types spelled out.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from abc import ABC, abstractmethod",
        "from typing import TypeVar",
        "",
        f"from ecskit.models import {', '.join(sorted(s.service for s in services))}",
        "from ecskit.models._base import Request",
        "",
        "__all__ = [" + ", ".join(f'"{n}"' for n in sorted([*(s.spec.verbs for s in services), "Sender"])) + "]",
        "",
        'R = TypeVar("R")',
        "",
        "",
        "class Sender(ABC):",
        '    """Anything that sends a request model and returns its response model."""',
        "",
        "    __slots__ = ()",
        "",
        "    @abstractmethod",
        "    def send(self, request: Request[R]) -> R:",
        '        """Send ``request`` (its class names the service and the operation); returns the response."""',
    ]
    for svc in services:
        out += ["", "", f"class {svc.spec.verbs}(Sender):"]
        out.append(f'    """The {svc.spec.title} operations, one typed method each (named as boto3 names them)."""')
        out += ["", "    __slots__ = ()"]
        for op, request, response, _, _ in _operation_specs(svc):
            mod = svc.service
            signature = f"    def {snake(op)}(self, request: {mod}.{request}) -> {mod}.{response}:"
            if len(signature) > 120:
                signature = f"    def {snake(op)}(\n        self, request: {mod}.{request}\n    ) -> {mod}.{response}:"
            out += ["", signature, f'        """{svc.spec.title} ``{op}``."""', "        return self.send(request)"]
    return "\n".join(out) + "\n"


def _isort_key(name: str) -> tuple[str, str]:
    """isort's order of imported class names: case-insensitive."""
    return (name.lower(), name)


def _q(v: str | None) -> str:
    return "None" if v is None else f'"{v}"'


def generate() -> dict[Path, str]:
    version = botocore_version()
    files: dict[Path, str] = {}
    services = []
    for spec in SPECS:
        svc = Service(spec, botocore_model(spec))
        services.append(svc)
        base = ROOT / "ecskit" / "models" / spec.module
        for family, _ in spec.families:
            if any(f == family and svc.modelled(n) for n, f in svc.family_of.items()):
                files[base / f"{family}.py"] = render_family(svc, family, version)
        files[base / "operations.py"] = render_operations(svc, version)
        files[base / "__init__.py"] = render_init(svc, version)
        files[ROOT / "ecskit" / "codec" / f"_wire_{spec.module}.py"] = render_wire(svc, version)
    files[ROOT / "ecskit" / "backends" / "verbs.py"] = render_verbs(services, version)
    return files


def stale(files: dict[Path, str]) -> list[Path]:
    return [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if regeneration would change any file")
    args = parser.parse_args(list(argv) if argv is not None else None)
    files = generate()
    changed = stale(files)
    if args.check:
        for p in changed:
            print(f"stale: {p.relative_to(ROOT)}", file=sys.stderr)
        return 1 if changed else 0
    for p in changed:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(files[p], encoding="utf-8")
        print(f"wrote {p.relative_to(ROOT)}")
    print(f"{len(files)} files, {len(changed)} changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
