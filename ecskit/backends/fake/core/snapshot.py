"""A whole fake as JSON text, and back: one cattrs converter over the core's records.

* What is saved is the records (wire models inside them through ecskit's codec, with their wire names), the
  clock, the ids, the faults, the images declared upstream, the vulnerability catalogue and the queue of events
  (each tagged with its kind).
  Derived members (counters, the placement view of each cluster, indexes and caches) are not saved: :func:`restore`
  computes them again.
* ``save -> restore -> save`` gives the same text, and a restored fake goes on exactly as the original would have
  (the same ids, the same placements, the same dynamic ports, the same event order).
* A snapshot of another format version, one that is not JSON, or one edited by hand so that it no longer fits the
  records' types or no longer describes a consistent fake (a task on an instance it does not know, two tasks
  holding one address, an event due before the clock) is refused with :class:`~ecskit.errors.SnapshotError`, which
  says what is wrong and where; nothing is restored. Snapshots are read as data only (never pickle, never eval).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import enum
import functools
import json
import math
import typing
from collections.abc import Callable
from typing import Any

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, list_structure_factory
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.strategies import configure_tagged_union
from cattrs.v import format_exception

from ecskit.backends.fake.core.base import DERIVED
from ecskit.backends.fake.core.clock import VirtualClock
from ecskit.backends.fake.core.ecr_scanning import VulnerabilityCatalogue
from ecskit.backends.fake.core.ecr_upstream import UpstreamRegistries
from ecskit.backends.fake.core.events import Event, Queued
from ecskit.backends.fake.core.faults import EXIT, PULL, UNHEALTHY, FaultRule, Faults
from ecskit.backends.fake.core.ids import IdFactory
from ecskit.backends.fake.core.region import Region, World
from ecskit.codec import from_api
from ecskit.codec._unstructure import unstructurer
from ecskit.errors import ConversionError, SnapshotError
from ecskit.models._base import Model

__all__ = ["FORMAT", "restore", "save"]

#: The format version of snapshots this release writes and reads.
FORMAT = 3
_FAULT_KINDS = (PULL, EXIT, UNHEALTHY)


@attrs.define(kw_only=True)
class _Snapshot:
    """What a snapshot holds."""

    format: int
    clock: dict[str, Any]
    ids: dict[str, int]
    faults: list[FaultRule]
    regions: list[Region]
    queue: list[Queued]
    seq: int
    upstream: UpstreamRegistries = attrs.field(factory=UpstreamRegistries)
    events_sent: int = 0
    vulnerabilities: VulnerabilityCatalogue = attrs.field(factory=VulnerabilityCatalogue)


def _is_model(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Model)


def _is_record(cls: Any) -> bool:
    return attrs.has(cls) and not _is_model(cls) and cls.__module__.startswith("ecskit.backends.fake.core")


def _is_set(cls: Any) -> bool:
    return typing.get_origin(cls) in (set, frozenset) or any(cls is kind for kind in (set, frozenset))


def _model_structure(data: Any, cls: type[Any]) -> Any:
    return from_api(data, cls)


def _is_sequence(cls: Any) -> bool:
    return typing.get_origin(cls) in (list, tuple) or cls in (list, tuple)


def _set_structure(conv: cattrs.Converter, data: Any, cls: Any) -> Any:
    if not isinstance(data, list):
        raise ValueError(f"expected a list, got {type(data).__name__}")
    (item,) = typing.get_args(cls) or (Any,)
    origin = typing.get_origin(cls)
    # Each item through the converter: a set of strings holding a number is as wrong as a string member holding one.
    items = []
    for n, value in enumerate(data):
        try:
            items.append(value if item is Any else conv.structure(value, item))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"item {n}: {exc}") from None
    return (frozenset if origin is frozenset else set)(items)


def _bytes(data: Any, _: Any) -> bytes:
    if not isinstance(data, str):
        raise TypeError(f"expected base64 text, got {type(data).__name__}")
    try:
        return base64.b64decode(data, validate=True)
    except binascii.Error as exc:
        raise ValueError(f"not base64: {exc}") from None


def _datetime(data: Any, _: Any) -> datetime.datetime:
    if not isinstance(data, str):
        raise TypeError(f"expected an ISO 8601 time, got {type(data).__name__}")
    found = datetime.datetime.fromisoformat(data)
    if found.tzinfo is None:
        raise ValueError(f"the time {data!r} has no time zone")
    return found


def _strict_scalar(kind: type[Any]) -> Callable[[Any, Any], Any]:
    def structure(data: Any, cls: Any) -> Any:
        if kind is float and isinstance(data, int) and not isinstance(data, bool):
            return float(data)
        if not isinstance(data, kind) or (kind is not bool and isinstance(data, bool)):
            raise TypeError(f"expected {kind.__name__}, got {type(data).__name__} {data!r}")
        # The hook of str is also the hook of every StrEnum (a str subclass): give back the enum's member, not the
        # bare string (the engine compares members with `is`), and refuse a value the enum does not have.
        if isinstance(cls, type) and issubclass(cls, enum.Enum):
            if data not in cls._value2member_map_:
                known = ", ".join(str(m.value) for m in cls)
                raise ValueError(f"{data!r} is not a {cls.__name__} (one of {known})")
            return cls(data)
        return data

    return structure


def _sequence_structure(conv: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(cls: Any) -> Callable[[Any, Any], Any]:
        origin, args = typing.get_origin(cls) or cls, typing.get_args(cls)
        fixed = origin is tuple and bool(args) and args[-1] is not Ellipsis
        inner = (list_structure_factory if origin is list else homogenous_tuple_structure_factory)(cls, conv)

        def structure(data: Any, _: Any) -> Any:
            # cattrs makes a list of any iterable: a string or an object where a list belongs would pass.
            if not isinstance(data, list):
                raise ValueError(f"expected a list, got {type(data).__name__}")
            if fixed:  # tuple[int, int]: exactly that many items, each of its type
                if len(data) != len(args):
                    raise ValueError(f"expected a list of {len(args)} items, got {len(data)}")
                return tuple(conv.structure(value, kind) for value, kind in zip(data, args, strict=True))
            return inner(data, cls)

        return structure

    return factory


def _event_structure(conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    tagged = conv.get_structure_hook(Event)
    kinds = {cls.__name__ for cls in typing.get_args(Event)}

    def structure(data: Any, cls: Any) -> Any:
        kind = data.get("kind") if isinstance(data, dict) else None
        if kind not in kinds:  # the tagged union's own lookup would say "required field missing"
            raise ValueError(f"unknown event kind {kind!r} (one of {', '.join(sorted(kinds))})")
        return tagged(data, cls)

    return structure


@functools.cache
def _converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    for kind in (str, int, float, bool):
        conv.register_structure_hook(kind, _strict_scalar(kind))
    conv.register_unstructure_hook_func(_is_model, lambda model: unstructurer(type(model), "json")(model))
    conv.register_structure_hook_func(_is_model, _model_structure)
    conv.register_unstructure_hook(bytes, lambda value: base64.b64encode(value).decode())
    conv.register_structure_hook(bytes, _bytes)
    conv.register_unstructure_hook(datetime.datetime, lambda value: value.isoformat())
    conv.register_structure_hook(datetime.datetime, _datetime)
    conv.register_unstructure_hook_func(_is_set, sorted)
    conv.register_structure_hook_func(_is_set, functools.partial(_set_structure, conv))
    conv.register_structure_hook_factory(_is_sequence, _sequence_structure(conv))

    def unstructure_record(cls: type[Any]) -> Callable[[Any], Any]:
        omitted: dict[str, Any] = {a.name: override(omit=True) for a in attrs.fields(cls) if a.metadata.get(DERIVED)}
        return make_dict_unstructure_fn(cls, conv, **omitted)

    def structure_record(cls: type[Any]) -> Callable[[Any, Any], Any]:
        omitted: dict[str, Any] = {a.name: override(omit=True) for a in attrs.fields(cls) if a.metadata.get(DERIVED)}
        return make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True, **omitted)

    conv.register_unstructure_hook_factory(_is_record, unstructure_record)
    conv.register_structure_hook_factory(_is_record, structure_record)
    configure_tagged_union(Event, conv, tag_name="kind", tag_generator=lambda cls: cls.__name__)
    conv.register_structure_hook(Event, _event_structure(conv))
    return conv


def save(world: World) -> str:
    """The whole fake as JSON text (the placement views' dynamic port positions are taken into the records first)."""
    for region in world.regions.values():
        for name, index in region.placement.items():
            for instance in index:
                record = region.instances.get(instance.id)
                if record is not None and record.cluster == name:
                    record.port_cursors = index.port_cursors(instance.id)
    snapshot = _Snapshot(
        format=FORMAT,
        clock={"start": world.clock.start.isoformat(), "elapsed": world.clock.elapsed},
        ids={"seed": world.ids.seed, "counter": world.ids.counter},
        faults=list(world.faults.rules),
        regions=list(world.regions.values()),
        queue=world.queued(),
        seq=world.seq,
        upstream=world.upstream,
        events_sent=world.events_sent,
        vulnerabilities=world.vulnerabilities,
    )
    return json.dumps(_converter().unstructure(snapshot))


def _format(exc: BaseException, cls: Any) -> str:
    # What the hooks above (and datetime, and the codec) say of a value says more than cattrs' "invalid value".
    if isinstance(exc, ConversionError):
        return "; ".join(str(e) for e in exc.errors[:5])
    if isinstance(exc, (TypeError, ValueError)) and str(exc):
        return str(exc)
    return format_exception(exc, cls)


def _problems(exc: BaseException) -> str:
    if isinstance(exc, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(exc, path="snapshot", format_exception=_format)[:5])
    if isinstance(exc, ConversionError):
        return "; ".join(str(e) for e in exc.errors[:5])
    return str(exc)


def restore(text: str | bytes) -> World:
    """The records :func:`save` wrote (:class:`~ecskit.errors.SnapshotError` for anything else). Their derived
    members are not computed yet, nor are the records checked against each other: the engine does both
    (:func:`ecskit.backends.fake.engine.derive.rebuild`)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise SnapshotError(f"a saved fake is JSON text: {exc}") from None
    if not isinstance(data, dict):
        raise SnapshotError(f"a saved fake is a JSON object, not {type(data).__name__}")
    if data.get("format") != FORMAT:
        raise SnapshotError(
            f"this is not a snapshot of this release's fake: its format is {data.get('format')!r}, this release "
            f"reads format {FORMAT}"
        )
    try:
        snapshot = _converter().structure(data, _Snapshot)
        world = _world(snapshot)
    except (cattrs.BaseValidationError, ConversionError, ValueError, TypeError, KeyError, RecursionError) as exc:
        raise SnapshotError(f"the saved fake does not fit: {_problems(exc)}") from None
    return world


def _world(snapshot: _Snapshot) -> World:
    clock_data = snapshot.clock
    if set(clock_data) != {"start", "elapsed"}:
        raise ValueError(f"clock: expected start and elapsed, got {sorted(clock_data)}")
    start = _datetime(clock_data["start"], None)
    try:
        elapsed = _strict_scalar(float)(clock_data["elapsed"], None)
    except TypeError as exc:
        raise ValueError(f"clock: elapsed: {exc}") from None
    if not 0 <= elapsed < float("inf"):
        raise ValueError(f"clock: elapsed must be a finite number of seconds, not {elapsed!r}")
    clock = VirtualClock(start)
    try:
        clock.advance_to(elapsed)
    except OverflowError:  # a start in year 9999, or 1e300 seconds: past what a datetime can hold
        raise ValueError(f"clock: {elapsed!r} seconds after {start.isoformat()} is past the calendar's end") from None
    if set(snapshot.ids) != {"seed", "counter"} or snapshot.ids["counter"] < 0:
        raise ValueError(f"ids: expected a seed and a counter of at least 0, got {snapshot.ids!r}")
    ids = IdFactory(_strict_scalar(int)(snapshot.ids["seed"], None), _strict_scalar(int)(snapshot.ids["counter"], None))
    for rule in snapshot.faults:
        if rule.kind not in _FAULT_KINDS:  # a fault of no kind the engine knows would never apply
            raise ValueError(f"faults: {rule.kind!r} is not a kind of fault (one of {', '.join(_FAULT_KINDS)})")
    world = World(
        clock=clock,
        ids=ids,
        faults=Faults.of(snapshot.faults),
        seq=snapshot.seq,
        upstream=snapshot.upstream,
        events_sent=snapshot.events_sent,
        vulnerabilities=snapshot.vulnerabilities,
    )
    for region in snapshot.regions:
        key = (region.account, region.region)
        if key in world.regions:
            raise ValueError(f"regions: account {region.account} in {region.region} is saved twice")
        world.regions[key] = region
    seqs: set[int] = set()
    for queued in snapshot.queue:
        # A due time of NaN or infinity breaks the heap's order; two events with one seq make it compare events;
        # an event of an account and Region the fake does not hold would make one up when it runs.
        if not elapsed <= queued.due < math.inf:
            raise ValueError(f"queue: an event is due at {queued.due}, not between the clock's {elapsed} and forever")
        if not 1 <= queued.seq <= snapshot.seq or queued.seq in seqs:
            raise ValueError(f"queue: event seq {queued.seq} is taken twice, or outside 1 to {snapshot.seq}")
        if (queued.account, queued.region) not in world.regions:
            raise ValueError(f"queue: an event of account {queued.account} in {queued.region}, which is not saved")
        seqs.add(queued.seq)
        world.queue.append((queued.due, queued.seq, queued.account, queued.region, queued.event))
    world.queue.sort(key=lambda entry: (entry[0], entry[1]))
    return world
