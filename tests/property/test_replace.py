"""``ecskit.models.replace`` (the fast copy-with the fake uses) agrees with ``attrs.evolve`` on every model."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecskit.codec import from_api
from ecskit.models import replace
from ecskit.models.ecs import KeyValuePair
from tests.property.test_roundtrip import CASES, MODULES
from tests.support.strategies import service_model, wire


@pytest.mark.parametrize(("service", "name"), CASES, ids=[f"{s}.{n}" for s, n in CASES])
@settings(max_examples=3)
@given(data=st.data())
def test_replace_is_evolve(service: str, name: str, data: st.DataObject) -> None:
    shape = service_model(service).shape_for(name)
    cls = getattr(MODULES[service], name)
    old = from_api(data.draw(wire(shape)), cls)
    new = from_api(data.draw(wire(shape)), cls)
    members = [f.name for f in attrs.fields(cls)]
    chosen = data.draw(st.sets(st.sampled_from(members))) if members else set()
    changes = {m: getattr(new, m) for m in chosen}
    before = attrs.asdict(old, recurse=False)
    copied = replace(old, **changes)
    expected = attrs.evolve(old, **changes)
    assert type(copied) is cls
    assert copied == expected
    assert attrs.asdict(old, recurse=False) == before  # the original is untouched


def test_replace_rejects_an_unknown_member() -> None:
    with pytest.raises(TypeError, match="KeyValuePair has no member 'valeu'"):
        replace(KeyValuePair(name="A", value="1"), valeu="2")


def test_replace_keeps_models_frozen() -> None:
    copied = replace(KeyValuePair(name="A", value="1"), value="2")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        copied.value = "3"  # type: ignore[misc]
