"""The ``schema-*`` rules: a document that does not fit the API's shape. The codec finds these; the rules give
them ids, severities and documentation like any other rule."""

from ecskit.validation.engine import CATALOG, Kind, Rule, Severity
from ecskit.validation.rules._docs import API

_SCHEMA = [
    (
        "schema-unknown-key",
        "A key the API does not know (often a misspelt one).",
        "The API rejects unknown members, so the whole call fails; a misspelt optional key would otherwise be lost.",
        "Remove the key, or spell it as the API does (the message suggests the nearest known key).",
    ),
    (
        "schema-missing-key",
        "A member the API requires is absent.",
        "The API rejects the call before doing anything.",
        "Add the member.",
    ),
    (
        "schema-wrong-type",
        "A value of the wrong JSON type (a string where a number belongs, an object where a list belongs, ...).",
        "The API (or the SDK's parameter validation) rejects the call.",
        "Write the value with the type the API takes; the message says which.",
    ),
    (
        "schema-bad-value",
        "A value outside the API's set of allowed values (enums), or an unreadable timestamp.",
        "The API rejects values outside the enumeration.",
        "Use one of the allowed values; the message lists them and suggests the nearest.",
    ),
]

for _id, _summary, _why, _fix in _SCHEMA:
    CATALOG[_id] = Rule(
        id=_id,
        severity=Severity.ERROR,
        kind=Kind.SCHEMA,
        summary=_summary,
        why=_why,
        fix=_fix,
        docs=API + "Welcome.html",
    )
