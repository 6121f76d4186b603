"""The fake's reading of container image references (the grammar of github.com/distribution/reference, which Docker
and containerd share) and of the ECR hosts in them (ECR user guide, "Making requests to Amazon ECR registries")."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ecskit.backends.fake.core.image_refs import EcrLocation, ImageRef, ecr_location, parse_image

DIGEST = "sha256:" + "ab" * 32


@pytest.mark.parametrize(
    ("text", "domain", "path", "tag", "digest"),
    [
        ("nginx", None, "nginx", None, None),
        ("nginx:1.27", None, "nginx", "1.27", None),
        ("bitnami/redis:7.2", None, "bitnami/redis", "7.2", None),
        ("localhost/app", "localhost", "app", None, None),
        ("localhost:5000/team/app:v1", "localhost:5000", "team/app", "v1", None),
        ("registry.example.com:8443/a/b/c@" + DIGEST, "registry.example.com:8443", "a/b/c", None, DIGEST),
        ("Registry.Example.com/app:1", "Registry.Example.com", "app", "1", None),
        ("[::1]:5000/app:1", "[::1]:5000", "app", "1", None),
        ("10.0.0.1:5000/app", "10.0.0.1:5000", "app", None, None),
        ("repo:tag@" + DIGEST, None, "repo", "tag", DIGEST),
        ("a__b/c-d.e_f--g:TAG_1.x-y", None, "a__b/c-d.e_f--g", "TAG_1.x-y", None),
    ],
)
def test_references_split_as_docker_splits_them(
    text: str, domain: str | None, path: str, tag: str | None, digest: str | None
) -> None:
    assert parse_image(text) == ImageRef(domain=domain, path=path, tag=tag, digest=digest)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Nginx:1",  # upper case in a path (a first part with upper case is a registry; then no path is left)
        "app:",
        "app@sha256:abc",  # a digest has at least 32 hex digits
        "app:-tag",  # a tag starts with a word character
        "app:" + "t" * 129,  # at most 128 characters
        "a//b",
        "a/b/",
        "-app",
        "host:port/app",  # a port is digits
        "a" * 256,  # a name of at most 255 characters
        "example.com/" + "a" * 244,
        "app tag",
    ],
)
def test_what_is_not_a_reference(text: str) -> None:
    assert parse_image(text) is None


def test_docker_hub_images_and_their_pulled_reference() -> None:
    assert parse_image("nginx") == ImageRef(domain=None, path="nginx")
    assert parse_image("nginx").pulled == "nginx:latest"  # type: ignore[union-attr]
    assert parse_image("repo@" + DIGEST).pulled == "repo@" + DIGEST  # type: ignore[union-attr]
    assert parse_image("h.io/repo:t@" + DIGEST).pulled == "h.io/repo:t@" + DIGEST  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("host", "account", "region"),
    [
        ("111122223333.dkr.ecr.us-east-1.amazonaws.com", "111122223333", "us-east-1"),
        ("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn", "111122223333", "cn-north-1"),
        ("111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com", "111122223333", "us-gov-west-1"),
        ("111122223333.dkr-ecr.eu-central-1.on.aws", "111122223333", "eu-central-1"),
        ("111122223333.dkr-ecr-fips.us-east-2.on.aws", "111122223333", "us-east-2"),
        ("111122223333.DKR.ECR.us-east-1.amazonaws.com:443", "111122223333", "us-east-1"),
    ],
)
def test_private_ecr_hosts(host: str, account: str, region: str) -> None:
    ref = parse_image(f"{host}/team/web:1")
    assert ref is not None
    assert ecr_location(ref) == EcrLocation(repository="team/web", account=account, region=region)


@pytest.mark.parametrize(
    "text",
    [
        "nginx:1.27",
        "ghcr.io/org/app:1",
        "11112222333.dkr.ecr.us-east-1.amazonaws.com/web:1",  # 11 digits
        "111122223333.dkr.ecr.us-east-1.amazonaws.com:5000/web:1",  # another port: not ECR's endpoint
        "111122223333.dkr.ecr.us-east-1.example.com/web:1",
        "public.ecr.aws/nginx",  # an alias without a repository
    ],
)
def test_what_is_not_in_ecr(text: str) -> None:
    ref = parse_image(text)
    assert ref is not None
    assert ecr_location(ref) is None


def test_ecr_public() -> None:
    ref = parse_image("public.ecr.aws/docker/library/nginx:1.27")
    assert ref is not None
    assert ecr_location(ref) == EcrLocation(repository="library/nginx", alias="docker")


_ALNUM = st.text(alphabet="abcxyz0189", min_size=1, max_size=6)
_SEPARATOR = st.sampled_from([".", "_", "__", "-", "---"])
_COMPONENT = st.builds(
    lambda first, rest: first + "".join(sep + part for sep, part in rest),
    _ALNUM,
    st.lists(st.tuples(_SEPARATOR, _ALNUM), max_size=2),
)
_HOST = st.builds(
    lambda parts, port: ".".join(parts) + (f":{port}" if port is not None else ""),
    st.lists(_ALNUM, min_size=2, max_size=3),
    st.none() | st.integers(min_value=1, max_value=65535),
)
_TAG = st.builds(lambda first, rest: first + rest, st.sampled_from("aZ9_"), st.text(alphabet="aZ9_.-", max_size=12))


@settings(max_examples=60, deadline=None)
@given(
    domain=st.none() | _HOST,
    path=st.lists(_COMPONENT, min_size=1, max_size=4).map("/".join),
    tag=st.none() | _TAG,
    digest=st.none() | st.binary(min_size=32, max_size=32).map(lambda b: "sha256:" + b.hex()),
)
def test_a_reference_made_of_valid_parts_reads_back_as_those_parts(
    domain: str | None, path: str, tag: str | None, digest: str | None
) -> None:
    first = path.split("/", maxsplit=1)[0]
    # Docker reads a first part with a dot as a registry (then "a_b.c" is not a valid one): not a Docker Hub path.
    assume(domain is not None or "/" not in path or "." not in first)
    text = (f"{domain}/" if domain else "") + path + (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")
    assert parse_image(text) == ImageRef(domain=domain, path=path, tag=tag, digest=digest)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_a_reference_or_none(text: str) -> None:
    ref = parse_image(text)
    if ref is not None:
        assert ref.name in text
        ecr_location(ref)  # never raises
