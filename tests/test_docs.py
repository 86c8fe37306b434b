"""Meta-test: every `placement` command and option explains itself (sqlite-utils' test_docs)."""

from __future__ import annotations

import click

from service.cli import cli


def walk(group: click.Group, prefix: str = ""):
    """Every command below ``group`` with its full name."""
    for name, command in sorted(group.commands.items()):
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from walk(command, f"{prefix}{name} ")


def test_every_command_and_option_has_help() -> None:
    missing = []
    for name, command in walk(cli):
        if not (command.help or "").strip():
            missing.append(name)
        missing += [f"{name} {p.name}" for p in command.params
                    if isinstance(p, click.Option) and not (p.help or "").strip()]
    assert not missing, f"no help text: {missing}"
