"""The ``exclusions`` command: each command parses, calls the core, formats, exits cleanly."""

from exclusions.cli.main import main

__all__ = ["main"]
