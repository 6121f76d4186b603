"""The codec compiles its converters on first use; threads meeting a cold codec must all get finished ones."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = textwrap.dedent(
    """
    import threading
    from ecskit.codec import check, from_api, to_api, to_json
    from ecskit.models.ecs import RegisterTaskDefinitionRequest, Service

    DOC = {
        "family": "app",
        "containerDefinitions": [{
            "name": "app", "image": "nginx", "memory": 256,
            "portMappings": [{"containerPort": 80}],
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g"}},
            "healthCheck": {"command": ["CMD", "true"]},
        }],
        "volumes": [{"name": "v", "efsVolumeConfiguration": {"fileSystemId": "fs-1"}}],
    }
    SERVICE = {"serviceName": "s", "deployments": [{"id": "d", "status": "PRIMARY"}], "events": [{"id": "e"}]}
    errors = []
    start = threading.Barrier(16)

    def work():
        try:
            start.wait()
            td = from_api(DOC, RegisterTaskDefinitionRequest)
            assert check(td) == ()
            assert to_api(td) == DOC
            service = from_api(SERVICE, Service)
            assert check(service) == ()
            to_json(service)
        except BaseException as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=work) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(errors or "ok")
    """
)


def test_threads_on_a_cold_codec_all_get_finished_converters() -> None:
    for _ in range(5):  # each run starts a fresh interpreter: the converters are cold
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT, check=True, timeout=120
        )
        assert done.stdout.strip() == "ok", done.stdout + done.stderr
