"""The ``schema-*`` rules: a document that does not fit the API's shape. The codec finds these; the rules give
them ids, severities and documentation like any other rule."""

from ecskit.validation.engine import CATALOG, Kind, Phase, Rule, Severity
from ecskit.validation.rules._docs import API

#: botocore's own check of the parameters before anything is sent (an SDK error, not a service error code).
PARAM_VALIDATION = "ParamValidationError"

_SCHEMA = [
    (
        "schema-unknown-key",
        "A key the API does not know (often a misspelt one).",
        "The SDK refuses the call before sending it (ParamValidationError: Unknown parameter in input), so the whole "
        "call fails; a misspelt optional key would otherwise be lost.",
        "Remove the key, or spell it as the API does (the message suggests the nearest known key).",
        PARAM_VALIDATION,
    ),
    (
        "schema-missing-key",
        "A member the API requires is absent.",
        "The SDK refuses the call before sending it (ParamValidationError: Missing required parameter in input).",
        "Add the member.",
        PARAM_VALIDATION,
    ),
    (
        "schema-wrong-type",
        "A value of the wrong JSON type (a string where a number belongs, an object where a list belongs, ...).",
        "The SDK's parameter validation refuses the call before sending it (ParamValidationError: Invalid type for "
        "parameter).",
        "Write the value with the type the API takes; the message says which.",
        PARAM_VALIDATION,
    ),
    (
        "schema-bad-value",
        "A value outside the API's set of allowed values (enums), or an unreadable timestamp.",
        "The SDK does not check enumerations: the service rejects values outside them (InvalidParameterException; "
        "ClientException for RegisterTaskDefinition).",
        "Use one of the allowed values; the message lists them and suggests the nearest.",
        "InvalidParameterException",
    ),
]

for _id, _summary, _why, _fix, _code in _SCHEMA:
    CATALOG.add(
        Rule(
            id=_id,
            severity=Severity.ERROR,
            kind=Kind.SCHEMA,
            phase=Phase.API,
            aws_code=_code,
            summary=_summary,
            why=_why,
            fix=_fix,
            docs=API + "Welcome.html",
        )
    )
