"""The web explorer and JSON API (FastAPI, Jinja2), serving a store read-only."""

from exclusions.web.app import create_app

__all__ = ["create_app"]
