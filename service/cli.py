"""The `placement` command line: a thin user of the library packages."""

from __future__ import annotations

import logging
import os

import click

from service.commands import register
from taxonomy.cli import taxonomy_cli


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log progress to standard error.")
def cli(verbose: bool) -> None:
    """Placement matching for integration programmes (ESCO-based)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


cli.add_command(taxonomy_cli)
register(cli)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="placement")
