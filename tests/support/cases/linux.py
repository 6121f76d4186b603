"""Cases for ecskit/validation/rules/linux.py."""

from __future__ import annotations

from typing import Any

from tests.support.rulecases import Case, Doc, container, ec2_taskdef, fargate_container, fargate_taskdef

WINDOWS: dict[str, Any] = {
    "networkMode": None,
    "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
}


def caps(add: list[str] | None = None, drop: list[str] | None = None) -> Doc:
    """linuxParameters with a capabilities block."""
    capabilities: Doc = {}
    if add is not None:
        capabilities["add"] = add
    if drop is not None:
        capabilities["drop"] = drop
    return {"capabilities": capabilities}


def tmpfs(path: str = "/tmp", size: int = 64, options: list[str] | None = None) -> Doc:
    """linuxParameters with one tmpfs mount."""
    mount: Doc = {"containerPath": path, "size": size}
    if options is not None:
        mount["mountOptions"] = options
    return {"tmpfs": [mount]}


CASES = [
    Case(
        rule="linux-not-windows",
        bad=ec2_taskdef(container(linuxParameters={"initProcessEnabled": True}), **WINDOWS),
        good=ec2_taskdef(container(), **WINDOWS),
        path="containerDefinitions[0].linuxParameters",
    ),
    Case(
        rule="linux-capability-names",
        bad=ec2_taskdef(container(linuxParameters=caps(add=["SYS_PTRAC"]))),
        good=ec2_taskdef(container(linuxParameters=caps(add=["SYS_PTRACE", "CAP_NET_ADMIN"], drop=["ALL"]))),
        path="containerDefinitions[0].linuxParameters.capabilities.add[0]",
    ),
    Case(
        rule="linux-capabilities-privileged",
        bad=ec2_taskdef(container(privileged=True, linuxParameters=caps(drop=["NET_RAW"]))),
        good=ec2_taskdef(container(privileged=False, linuxParameters=caps(drop=["NET_RAW"]))),
        path="containerDefinitions[0].linuxParameters.capabilities",
    ),
    Case(
        rule="linux-fargate-cap-add",
        bad=fargate_taskdef(fargate_container(linuxParameters=caps(add=["NET_ADMIN"]))),
        good=fargate_taskdef(fargate_container(linuxParameters=caps(add=["SYS_PTRACE"], drop=["NET_ADMIN"]))),
        path="containerDefinitions[0].linuxParameters.capabilities.add[0]",
    ),
    Case(
        rule="linux-fargate-unsupported",
        bad=fargate_taskdef(fargate_container(linuxParameters={"sharedMemorySize": 256})),
        good=fargate_taskdef(fargate_container(linuxParameters={"initProcessEnabled": True})),
        path="containerDefinitions[0].linuxParameters.sharedMemorySize",
    ),
    Case(
        rule="linux-swap-range",
        bad=ec2_taskdef(container(linuxParameters={"maxSwap": 0, "swappiness": 101})),
        good=ec2_taskdef(container(linuxParameters={"maxSwap": 0, "swappiness": 100})),
        path="containerDefinitions[0].linuxParameters.swappiness",
    ),
    Case(
        rule="linux-swap-range",
        name="max-swap",
        bad=ec2_taskdef(container(linuxParameters={"maxSwap": -1})),
        good=ec2_taskdef(container(linuxParameters={"maxSwap": 1024})),
    ),
    Case(
        rule="linux-swappiness-ignored",
        bad=ec2_taskdef(container(linuxParameters={"swappiness": 10})),
        good=ec2_taskdef(container(linuxParameters={"maxSwap": 512, "swappiness": 10})),
        path="containerDefinitions[0].linuxParameters.swappiness",
    ),
    Case(
        rule="linux-tmpfs",
        bad=ec2_taskdef(container(linuxParameters=tmpfs("tmp"))),
        good=ec2_taskdef(container(linuxParameters=tmpfs("/tmp"))),
        path="containerDefinitions[0].linuxParameters.tmpfs[0].containerPath",
    ),
    Case(
        rule="linux-tmpfs",
        name="options",
        bad=ec2_taskdef(container(linuxParameters=tmpfs(options=["noexe"]))),
        good=ec2_taskdef(container(linuxParameters=tmpfs(options=["noexec", "mode=1777"]))),
        path="containerDefinitions[0].linuxParameters.tmpfs[0].mountOptions[0]",
    ),
    Case(
        rule="linux-tmpfs",
        name="mount-point-clash",
        bad=ec2_taskdef(
            container(linuxParameters=tmpfs("/data"), mountPoints=[{"sourceVolume": "v", "containerPath": "/data/"}]),
            volumes=[{"name": "v"}],
        ),
        good=ec2_taskdef(
            container(linuxParameters=tmpfs("/tmp"), mountPoints=[{"sourceVolume": "v", "containerPath": "/data"}]),
            volumes=[{"name": "v"}],
        ),
    ),
]
