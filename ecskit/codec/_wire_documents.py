"""Wire names of the hand-written document models whose members are not camelCase (IAM is PascalCase)."""

#: "module.ClassName" -> {attribute: wire name}; attributes not listed are camel-cased.
WIRE_NAMES: dict[str, dict[str, str]] = {
    "ecskit.models.iam.PolicyDocument": {"version": "Version", "id": "Id", "statement": "Statement"},
    "ecskit.models.iam.Statement": {
        "sid": "Sid",
        "effect": "Effect",
        "principal": "Principal",
        "not_principal": "NotPrincipal",
        "action": "Action",
        "not_action": "NotAction",
        "resource": "Resource",
        "not_resource": "NotResource",
        "condition": "Condition",
    },
}
