"""The errors AWS gives, as findings quote them: which rule a failed fetch or a denied action falls under, and the
text ECS (or its agent) stops the task with. Texts are shortened with ``...`` where AWS puts addresses and ids."""

from __future__ import annotations

from ecskit.iam import parse_ecr_image
from ecskit.preflight.needs import Need, NeedKind
from ecskit.preflight.network import GATEWAY_SERVICES, INTERNET, Path

__all__ = ["denied", "denied_rule", "unreachable", "unreachable_hint"]

_TIMEOUT = "dial tcp ...:443: i/o timeout"
_CHECK = "Please check your task network configuration."


def _short(service: str) -> str:
    """``com.amazonaws.us-east-1.ecr.dkr`` -> ``ecr.dkr``."""
    return service.split(".", 3)[3] if service.count(".") >= 3 else service


def _region(service: str) -> str:
    return service.split(".")[2] if service.count(".") >= 3 else "?"


def _registry(image: str) -> str:
    """The host an image is pulled from (Docker Hub for a bare name)."""
    first = image.split("/", 1)[0]
    if "/" in image and ("." in first or ":" in first or first == "localhost") and first != "docker.io":
        return first
    return "registry-1.docker.io"


def unreachable(need: Need, failed: Path, *, fargate: bool) -> tuple[str, str]:
    """The rule id and the AWS error of a fetch whose endpoint ``failed.service`` cannot be reached."""
    service = failed.service
    short = _short(service)
    if need.kind is NeedKind.PULL:
        image = need.subject
        ecr = parse_ecr_image(image)
        if service == INTERNET or ecr is None:
            host = _registry(image)
            return "preflight-pull-unreachable", (
                f"CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref "
                f'{image}: failed to do request: Head "https://{host}/v2/...": {_TIMEOUT}'
            )
        if short == "ecr.api":
            api = f"https://api.ecr.{ecr.region}.amazonaws.com/"
            if fargate:
                return "preflight-pull-unreachable", (
                    "ResourceInitializationError: unable to pull secrets or registry auth: execution resource "
                    "retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 "
                    f'time(s): RequestError: send request failed caused by: Post "{api}": {_TIMEOUT}. {_CHECK}'
                )
            return "preflight-pull-unreachable", (
                f'CannotPullECRContainerError: RequestError: send request failed caused by: Post "{api}": {_TIMEOUT}'
            )
        if short == "s3":
            return "preflight-pull-unreachable", (
                "CannotPullContainerError: ref pull has been retried 5 time(s): failed to copy: httpReadSeeker: "
                f'failed open: failed to do request: Get "https://prod-{ecr.region}-starport-layer-bucket.s3.'
                f'{ecr.region}.amazonaws.com/...": {_TIMEOUT} (image layers are kept in S3)'
            )
        return "preflight-pull-unreachable", (
            f"CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref {image}: "
            f'failed to do request: Head "https://{image.split("/", 1)[0]}/v2/...": {_TIMEOUT}'
        )
    if need.kind is NeedKind.SECRETS:
        source = "secret from asm" if short == "secretsmanager" else "secrets from ssm"
        return "preflight-secrets-unreachable", (
            "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval "
            f"failed: unable to retrieve {source}: service call has been retried 5 time(s): RequestCanceled: "
            f"request context canceled caused by: context deadline exceeded. {_CHECK}"
        )
    if need.kind is NeedKind.LOGS:
        post = f'Post "https://logs.{_region(service)}.amazonaws.com/": {_TIMEOUT}'
        if fargate:
            return "preflight-logs-unreachable", (
                "ResourceInitializationError: failed to validate logger args: create stream has been retried 1 "
                f"times: failed to create Cloudwatch log stream: RequestError: send request failed caused by: {post}"
            )
        return "preflight-logs-unreachable", (
            "CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to "
            f"create Cloudwatch log stream: RequestError: send request failed caused by: {post}"
        )
    return "preflight-env-files-unreachable", (
        "ResourceInitializationError: failed to download env files: file download command: non empty error stream: "
        f"RequestError: send request failed ... {_TIMEOUT}"
    )


def unreachable_hint(failed: Path, *, region: str, who: str) -> str:
    """How to give ``who`` (``the task``, ``the instance``) a way to ``failed.service`` from its subnet."""
    service = failed.service
    internet = "route the subnet's 0.0.0.0/0 to a NAT gateway in a public subnet, or use a public subnet with " + (
        "assignPublicIp ENABLED" if who == "the task" else "a public IP"
    )
    if service == INTERNET:
        return f"no VPC endpoint serves other registries: {internet}"
    if _region(service) != region:
        return f"endpoints serve {region} only, and {service} is in {_region(service)}: {internet}"
    short = _short(service)
    if short in GATEWAY_SERVICES:
        return f"add a gateway endpoint for {service} on the subnet's route table, or {internet}"
    return f"add an interface endpoint for {service} (private DNS on), or {internet}"


def denied_rule(action: str, role_kind: str) -> str:
    """The rule a role (``execution`` or ``task``) denied ``action`` falls under."""
    service = action.split(":", 1)[0].lower()
    if role_kind == "execution":
        if service == "ecr":
            return "preflight-pull-denied"
        if service in ("secretsmanager", "ssm", "kms"):
            return "preflight-secrets-denied"
        if service == "logs":
            return "preflight-logs-denied"
        if service == "s3":
            return "preflight-env-files-denied"
    return "preflight-permission-denied"


def denied(action: str, resource: str, *, role_kind: str, role_name: str, fargate: bool) -> str:
    """The AWS error of a role (``execution`` or ``task``) denied ``action`` on ``resource``."""
    who = f"the {role_kind} role {role_name!r} can't {action} on {resource}"
    denial = f"AccessDeniedException: ... is not authorized to perform: {action} on resource: {resource}"
    rule = denied_rule(action, role_kind)
    if rule == "preflight-pull-denied":
        if action.lower() == "ecr:getauthorizationtoken" and fargate:
            return (
                "ResourceInitializationError: unable to pull secrets or registry auth: execution resource "
                f"retrieval failed: unable to retrieve ecr registry auth: ... {denial} ({who})"
            )
        return f"CannotPullContainerError: ... {denial} ({who})"
    if rule == "preflight-secrets-denied":
        return (
            "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval "
            f"failed: ... {denial} ({who})"
        )
    if rule == "preflight-logs-denied":
        return (
            "ResourceInitializationError: failed to validate logger args: create stream has been retried 1 "
            f"times: failed to create Cloudwatch log stream: {denial} ({who})"
        )
    if rule == "preflight-env-files-denied":
        return f"ResourceInitializationError: failed to download env files: ... AccessDenied ... ({who})"
    return f"{denial} ({who})"
