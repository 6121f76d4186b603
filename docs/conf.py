"""Sphinx configuration for ecskit's documentation.

The build must pass offline with ``-W -n`` (warnings are errors, every cross-reference must resolve), so:

* intersphinx is off unless ``ECSKIT_DOCS_INTERSPHINX=1`` is set (it needs the network to fetch inventories);
* names that only another project's inventory could resolve are listed in ``nitpick_ignore_regex``.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

ROOT = Path(__file__).resolve().parent.parent
# Autodoc imports ecskit from the work tree, installed or not.
sys.path.insert(0, str(ROOT))

project = "ecskit"
author = "The ecskit authors"
copyright = "The ecskit authors"  # noqa: A001 (Sphinx's name)
release = "0.1.0"
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.coverage",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "check_coverage.py"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "ecskit"

# -- autodoc ---------------------------------------------------------------------------------------------------------

autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_member_order = "bysource"
autodoc_class_signature = "separated"
autodoc_preserve_defaults = True
autodoc_default_options = {"show-inheritance": True}

# -- intersphinx: opt-in, because CI has no network ------------------------------------------------------------------

intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
if os.environ.get("ECSKIT_DOCS_INTERSPHINX") == "1":
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "attrs": ("https://www.attrs.org/en/stable/", None),
        "cattrs": ("https://catt.rs/en/stable/", None),
        "boto3": ("https://boto3.amazonaws.com/v1/documentation/api/latest/", None),
    }
intersphinx_timeout = 10

# -- nitpicky: every reference must resolve, but for external names that only intersphinx could resolve ---------------

nitpicky = True
nitpick_ignore_regex = [
    # the standard library and typing constructs
    (r"py:.*", r"(datetime|enum|typing|collections\.abc|types|json|pathlib)\..+"),
    (r"py:class", r"(None|NoneType|bool|int|float|str|bytes|dict|list|tuple|set|frozenset|object|type|Exception)"),
    (r"py:class", r"(Any|TypeAlias|Self|Callable|Iterable|Iterator|Mapping|Sequence)"),
    (r"py:.*", r"(builtins\.)?(ValueError|TypeError|KeyError|Exception|BaseException)"),
    # attrs, cattrs, boto3 and botocore
    (r"py:.*", r"(attrs?|cattrs?|boto3|botocore|mypy_boto3_\w+)(\..+)?"),
    # the JSON value alias of the free-form ``document`` members (a private module's type alias)
    (r"py:.*", r"(ecskit\.models\._json\.)?JsonValue"),
]

# -- doctest ---------------------------------------------------------------------------------------------------------

doctest_global_setup = ""
doctest_test_doctest_blocks = "default"

# -- coverage: ``python docs/check_coverage.py`` fails on any public name without a doc entry ---------------------------

coverage_modules = ["ecskit"]
# private modules (``_wire_ecs``, ``ecskit.models._json``, ...) are not part of the API
coverage_ignore_modules = [r"(.*\.)?_[^.]*$"]
coverage_show_missing_items = True
coverage_statistics_to_stdout = False


# -- references to imported names -------------------------------------------------------------------------------------


def _resolve_imported_name(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.reference | None:
    """Resolve a Python reference the way Python would: through the namespace of the module it is written in.

    A docstring in ``ecskit.models.ecs.clusters`` may say :class:`Tag` for the ``Tag`` it imports from
    ``ecskit.models.ecs.account``; Sphinx only looks for ``ecskit.models.ecs.clusters.Tag`` and would fail.
    Here the name is looked up in the module and resolved to where its object is documented.
    """
    modname = node.get("py:module")
    if node.get("refdomain") != "py" or not modname or not str(modname).startswith("ecskit"):
        return None
    obj: Any = importlib.import_module(str(modname))
    try:
        for part in str(node["reftarget"]).split("."):
            obj = getattr(obj, part)
    except AttributeError:
        return None
    module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(qualname, str):
        return None
    domain = env.get_domain("py")
    return domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], f"{module}.{qualname}", node, contnode
    )


def setup(app: Sphinx) -> None:
    """Register the local resolver of references to imported names."""
    app.connect("missing-reference", _resolve_imported_name)
