"""What every core record shares: the marker of members derived from other records.

A derived member (a counter, an index, a cache) is not saved with the fake: a restored fake computes it again from
the records it is derived from, so a snapshot can never hold a counter that disagrees with the tasks it counts.
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["DERIVED", "derived"]

#: The metadata key of a record's derived members.
DERIVED = "ecskit.fake.derived"


def derived(**kwargs: Any) -> Any:
    """An attrs field for a derived member (not saved, not compared; give its ``default`` or ``factory``)."""
    return attrs.field(eq=False, metadata={DERIVED: True}, **kwargs)
