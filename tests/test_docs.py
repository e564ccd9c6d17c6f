"""Docs are tested: generated references are current and every command is documented."""

from __future__ import annotations

import subprocess
import sys

import click

from exclusions.cli.main import cli
from tests.conftest import ROOT


def _commands() -> list[str]:
    return sorted(cli.list_commands(click.Context(cli)))


def test_generated_docs_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_command_has_an_example() -> None:
    for name in _commands():
        command = cli.get_command(click.Context(cli), name)
        assert command is not None and command.help
        assert "Example:" in command.help, f"`exclusions {name} --help` has no Example:"


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in _commands():
        assert f"`exclusions {name}" in readme, f"README does not mention `exclusions {name}`"


def test_readme_starts_with_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()
    assert [line.split()[0:2] for line in block] == [["make", "demo"], ["make", "test"]]
