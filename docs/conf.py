"""Sphinx configuration for ecskit's documentation.

The build must pass offline with ``-W -n`` (warnings are errors, every cross-reference must resolve), so:

* intersphinx is off unless ``ECSKIT_DOCS_INTERSPHINX=1`` is set (it needs the network to fetch inventories);
* names that only another project's inventory could resolve are listed in ``nitpick_ignore_regex``.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import os
import sys
from pathlib import Path
from typing import TypeVar, cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.domains.python import ObjectEntry, PythonDomain
from sphinx.environment import BuildEnvironment

ROOT = Path(__file__).resolve().parent.parent
# Autodoc imports ecskit from the work tree, installed or not.
sys.path.insert(0, str(ROOT))
# Local extensions: the rules page is generated from the validation catalog at every build.
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

project = "ecskit"
author = "The ecskit authors"
copyright = "The ecskit authors"
release = str(importlib.import_module("ecskit").__version__)
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.coverage",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "rules_page",
    "support_pages",
    "notebook_page",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store", "check_coverage.py"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "ecskit"

# -- autodoc -----------------------------------------------------------------------------------------------------------

autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_member_order = "bysource"
autodoc_preserve_defaults = True

# -- intersphinx: opt-in, because CI has no network --------------------------------------------------------------------

intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
if os.environ.get("ECSKIT_DOCS_INTERSPHINX") == "1":
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "attrs": ("https://www.attrs.org/en/stable/", None),
        "cattrs": ("https://catt.rs/en/stable/", None),
        "boto3": ("https://boto3.amazonaws.com/v1/documentation/api/latest/", None),
    }
intersphinx_timeout = 10

# -- nitpicky: every reference must resolve, but external names that only intersphinx could resolve --------------------

nitpicky = True
# "more than one target found" for a bare builtin such as ``type`` in ``type[BackendError]``: many models have a
# member named ``type``; the reference is still rendered, so ambiguity is not an error here (missing ones are).
suppress_warnings = ["ref.python"]
nitpick_ignore_regex = [
    # the standard library's classes in annotations (``datetime.datetime`` of timestamp members, ...)
    (
        r"py:.*",
        r"(datetime|enum|typing|collections(\.abc)?|types|pathlib|json|argparse|re|html|unittest|threading)\..+",
    ),
    # the libraries ecskit builds on (``cattrs.Converter`` of ``make_converter``, ...)
    (r"py:.*", r"(attrs?|cattrs?|boto3|botocore|mypy_boto3_\w+)(\..+)?"),
    # pytest's classes in the plugin's hooks (``pytest.TestReport`` is ``_pytest.reports.TestReport``)
    (r"py:.*", r"_?pytest(\..+)?"),
    # the boto3 client types of mypy-boto3-ecs / -ecr / -ecr-public (typing only, never imported at run time)
    (r"py:class", r"(ECSClient|ECRClient|ECRPublicClient)"),
]

# -- doctest -----------------------------------------------------------------------------------------------------------

# Only the doctest blocks of these pages: the examples in docstrings run under pytest (--doctest-modules), in
# their own module's namespace, which Sphinx's doctest builder cannot give them.
doctest_test_doctest_blocks = ""

# -- coverage: ``python docs/check_coverage.py`` fails on any public name without a doc entry --------------------------

coverage_modules = ["ecskit"]
# private modules (``_wire_ecs``, ``ecskit.models._json``, ...) are not part of the API
coverage_ignore_modules = [
    r"(.*\.)?_[^.]*$",
    # the rule checks: each is documented by its id on the generated rules page (reference/rules.md). The package
    # itself must match: Sphinx matches a package's submodules by their bare names (``lifecycle``), so only a
    # match of the package keeps them all out.
    r"ecskit\.validation\.rules(\..*)?$",
]
coverage_show_missing_items = True
coverage_statistics_to_stdout = False


# -- re-exported and imported names ----------------------------------------------------------------------------------


def _find(dotted: str) -> object | None:
    """The ecskit object a dotted name leads to: its longest importable prefix, then attributes; None if none."""
    parts = dotted.split(".")
    if parts[0] != "ecskit":  # never import anything else on a docstring's word
        return None
    for end in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for part in parts[end:]:
            if not hasattr(obj, part):
                return None
            obj = getattr(obj, part)
        return obj
    return None


def _canonical(obj: object) -> str | None:
    """``module.qualname`` of an ecskit class or function: the name it has where it is defined."""
    module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    if isinstance(module, str) and isinstance(qualname, str) and module.split(".")[0] == "ecskit":
        return f"{module}.{qualname}"
    return None


_ALIASED = {"function", "class", "exception", "method", "property", "classmethod", "staticmethod"}


def _alias_reexports(app: Sphinx, env: BuildEnvironment) -> None:
    """Also register each object documented where a package re-exports it under the name it is defined with.

    ``ecskit.codec`` documents ``from_api``, defined in ``ecskit.codec.convert``: the name
    ``ecskit.codec.convert.from_api`` then resolves too, and the coverage builder (which looks objects up by
    their defining module) counts it as documented. autodoc's ``:canonical:`` does this for classes only.
    """
    domain = cast(PythonDomain, env.get_domain("py"))
    for name, entry in list(domain.objects.items()):
        if entry.aliased or entry.objtype not in _ALIASED:
            continue
        canonical = _canonical(_find(name))
        if canonical and canonical not in domain.objects:
            domain.objects[canonical] = ObjectEntry(entry.docname, entry.node_id, entry.objtype, aliased=True)


def _scopes(node: pending_xref) -> list[str]:
    """Where Python would look a name up: the current ``py:module``, the module whose docstring holds the
    reference (``...:docstring of ecskit.codec.convert.from_json``: it differs from ``py:module`` when a package
    re-exports the object), and the top level (an absolute name)."""
    scopes = [str(node["py:module"])] if node.get("py:module") else []
    _, sep, documented = str(node.source or "").rpartition("docstring of ")
    home = _find(documented) if sep else None
    if home is not None:
        scopes.append(home.__name__ if inspect.ismodule(home) else str(getattr(home, "__module__", "")))
    return [*(f"{scope}." for scope in scopes), ""]


def _resolve_like_python(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.Element | None:
    """Resolve a Python reference that Sphinx could not, by looking the name up the way Python would.

    A docstring in ``ecskit.models.ecs.clusters`` may say :class:`Tag` for the ``Tag`` it imports from
    ``ecskit.models.ecs.account``, or :func:`ecskit.from_api` for a function documented in ``ecskit.codec``;
    Sphinx finds neither. Here the name is looked up in the module's namespace and the reference goes to the
    object's documented name. Type variables (``T`` in a signature) are not documented: they stay plain text.
    """
    if node.get("refdomain") != "py":
        return None
    for scope in _scopes(node):
        obj = _find(scope + str(node["reftarget"]))
        if isinstance(obj, TypeVar):
            return contnode
        canonical = _canonical(obj)
        if canonical:
            domain = env.get_domain("py")
            return domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"], canonical, node, contnode)
    return None


# -- signatures of attrs classes ---------------------------------------------------------------------------------------


class _Shown:
    """A default that a signature shows as its text (what Sphinx's own preserved defaults are)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _shown_default(value: object) -> str:
    """A default as a signature shows it: ``None``, ``()``, ``Severity.ERROR`` (not the enum's repr)."""
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    return repr(value)


def _attrs_defaults(app: Sphinx, obj: object, bound_method: bool) -> None:
    """Show the defaults of an attrs class's ``__init__`` as values, not as the source attrs generated.

    ``autodoc_preserve_defaults`` shows a default as its source text, which keeps ``ONE_DAY`` from being shown as
    ``86400``; but attrs generates ``__init__`` with ``cpu=attr_dict['cpu'].default``, which is what every model's
    signature then showed. Such defaults are replaced here by the value they stand for (``None`` on every model).
    """
    signature = getattr(obj, "__signature__", None)
    if not isinstance(signature, inspect.Signature) or not any(
        str(p.default).startswith("attr_dict[") for p in signature.parameters.values()
    ):
        return
    positional = list(getattr(obj, "__defaults__", None) or ())
    keywords = dict(getattr(obj, "__kwdefaults__", None) or {})
    with_defaults = [
        p for p in signature.parameters.values() if p.kind is not p.KEYWORD_ONLY and p.default is not p.empty
    ]
    values = dict(zip((p.name for p in with_defaults), positional, strict=False)) | keywords
    changed = [
        p.replace(default=_Shown(_shown_default(values[p.name])))
        if str(p.default).startswith("attr_dict[") and p.name in values
        else p
        for p in signature.parameters.values()
    ]
    target = getattr(obj, "__func__", obj)  # a bound method's function holds the signature
    setattr(target, "__signature__", signature.replace(parameters=changed))  # noqa: B010 - an object's dunder


def setup(app: Sphinx) -> None:
    """Register the handlers of re-exported and imported names, and of attrs signatures."""
    app.connect("env-check-consistency", _alias_reexports)
    app.connect("missing-reference", _resolve_like_python)
    app.connect("autodoc-before-process-signature", _attrs_defaults)
