"""Catalog data of public repositories: GetRepositoryCatalogData, PutRepositoryCatalogData.

* PutRepositoryCatalogData replaces the repository's catalog data with what it is given (what it leaves out is
  gone), checked against the service model's limits
  (:func:`~ecskit.backends.fake.core.ecr_public_input.catalog_of`); a logo is answered as its ``logoUrl``.
* GetRepositoryCatalogData answers ``{}`` for a repository that never had catalog data, as CreateRepository does:
  AWS's API reference lists RepositoryCatalogDataNotFoundException, but no public answer shows when it is given,
  so the fake is lenient and never gives it.
"""

from __future__ import annotations

from ecskit.backends.fake.api.ecr_public import render
from ecskit.backends.fake.core.ecr_public_input import catalog_of
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.engine.ecr_public import repository_of
from ecskit.backends.fake.registry import handles
from ecskit.models.ecr_public import (
    GetRepositoryCatalogDataRequest,
    GetRepositoryCatalogDataResponse,
    PutRepositoryCatalogDataRequest,
    PutRepositoryCatalogDataResponse,
)

__all__ = ["get_repository_catalog_data", "put_repository_catalog_data"]


@handles(GetRepositoryCatalogDataRequest)
def get_repository_catalog_data(env: Env, req: GetRepositoryCatalogDataRequest) -> GetRepositoryCatalogDataResponse:
    """GetRepositoryCatalogData: the repository's catalog data."""
    _, record = repository_of(env, "GetRepositoryCatalogData", req.registry_id, req.repository_name)
    return GetRepositoryCatalogDataResponse(catalog_data=render.catalog(record))


@handles(PutRepositoryCatalogDataRequest)
def put_repository_catalog_data(env: Env, req: PutRepositoryCatalogDataRequest) -> PutRepositoryCatalogDataResponse:
    """PutRepositoryCatalogData: sets the repository's catalog data."""
    _, record = repository_of(env, "PutRepositoryCatalogData", req.registry_id, req.repository_name)
    record.catalog = catalog_of(req.catalog_data)
    return PutRepositoryCatalogDataResponse(catalog_data=render.catalog(record))
