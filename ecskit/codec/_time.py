"""Timestamps on the wire: ``datetime`` for boto3, ISO 8601 text (or epoch seconds) in JSON."""

from __future__ import annotations

import datetime

_UTC = datetime.UTC


def parse_timestamp(value: object) -> datetime.datetime:
    """A datetime from a datetime, epoch seconds, or ISO 8601 text; ``ValueError``/``TypeError`` otherwise."""
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a timestamp")
    if isinstance(value, int | float):
        return datetime.datetime.fromtimestamp(value, _UTC)
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        return datetime.datetime.fromisoformat(text)
    raise TypeError(f"{type(value).__name__} is not a timestamp")


def format_timestamp(value: datetime.datetime) -> str:
    """ISO 8601 text as AWS's JSON tools write it: UTC with ``Z``, milliseconds when there are any."""
    if value.tzinfo is not None:
        value = value.astimezone(_UTC)
        suffix = "Z"
    else:
        suffix = ""
    micros = value.microsecond
    spec = "seconds" if not micros else "milliseconds" if micros % 1000 == 0 else "microseconds"
    return value.replace(tzinfo=None).isoformat(timespec=spec) + suffix
