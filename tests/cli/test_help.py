"""Every command's ``--help`` shows an example; the ``exclusions`` console script is installed."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import click
import pytest

from exclusions.cli.main import cli
from tests.cli.conftest import run

# The commands this suite exercises; any other registered command gets the --help test too.
COMMANDS = ["areas", "check", "fetch", "load", "releases", "revisions", "show"]
REGISTERED = sorted(cli.list_commands(click.Context(cli)))


def test_every_command_is_listed() -> None:
    assert set(COMMANDS) <= set(REGISTERED)
    result = run("--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    for command in REGISTERED:
        assert f"  {command} " in result.stdout


@pytest.mark.parametrize("command", REGISTERED)
def test_help_shows_an_example(command: str) -> None:
    # fetch: only its help here; the command itself is tested with a fake EES server.
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"exclusions {command}" in result.stdout.split("Example:")[1]
    assert "--db" in result.stdout
    assert run(command, "-h").stdout == result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert "version" in result.stdout


def test_console_script_is_installed() -> None:
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "exclusions"]
    assert script.value == "exclusions.cli:main"
    # The script lives beside the interpreter running the tests (the project's venv).
    exe = Path(sys.executable).parent / "exclusions"
    assert exe.is_file()
    done = subprocess.run(
        [str(exe), "show", "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Example:" in done.stdout
