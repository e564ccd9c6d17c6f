"""The store: a DuckDB file holding every release as published, with canonical views."""

from exclusions.store.core import Store
from exclusions.store.loader import LoadResult

__all__ = ["LoadResult", "Store"]
