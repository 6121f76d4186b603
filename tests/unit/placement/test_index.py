"""The sorted index behind binpack, against a plain sorted list."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ecskit.placement._index import Free, SortedIndex

frees = st.tuples(st.integers(0, 8), st.integers(0, 8), st.integers(0, 1), st.integers(0, 2))


@given(
    st.lists(st.tuples(st.booleans(), st.integers(0, 300), st.integers(0, 20), frees), max_size=400),
    st.integers(0, 20),
    frees,
)
def test_scan_finds_every_item_that_has_the_need_in_order(
    operations: list[tuple[bool, int, int, Free]], start: int, need: Free
) -> None:
    index: SortedIndex[int] = SortedIndex()
    model: dict[int, tuple[int, Free]] = {}
    for add, item, value, free in operations:
        if add and item not in model:
            index.insert(item, value, item, free)
            model[item] = (value, free)
        elif not add and item in model:
            index.remove(item)
            del model[item]
        assert len(index) == len(model)
    for _ in range(2):  # the second scan runs on maxima the first one tightened
        seen = list(index.scan(start, need))
        assert all(value >= start for value, _ in seen)
        assert seen == sorted(seen, key=lambda vi: (vi[0], vi[1]))
        assert all(model[item][0] == value for value, item in seen)
        wanted = {
            item
            for item, (value, free) in model.items()
            if value >= start and all(f >= n for f, n in zip(free, need, strict=True))
        }
        assert wanted <= {item for _, item in seen}
    assert all(item in index for item in model)
