"""`placement taxonomy ...`: import ESCO and look concepts up from the command line."""

from __future__ import annotations

import json
import os
from functools import wraps

import click

from taxonomy.errors import TaxonomyError
from taxonomy.esco_import import import_esco
from taxonomy.models import KINDS
from taxonomy.store import TaxonomyStore

DEFAULT_DB = "var/placement.db"


def db_option(func):
    """The shared ``--db`` option (env PLACEMENT_DB)."""
    return click.option("--db", "db_path", envvar="PLACEMENT_DB", default=DEFAULT_DB,
                        show_default=True, type=click.Path(dir_okay=False),
                        help="SQLite database file.")(func)


class CliError(click.ClickException):
    """A library error shown as one line on standard error, with exit code 2."""

    exit_code = 2


def clean_errors(func):
    """Turn library errors into a one-line message and exit code 2, never a traceback."""
    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except TaxonomyError as exc:
            raise CliError(str(exc)) from None
    return wrapper


@click.group(name="taxonomy")
def taxonomy_cli() -> None:
    """Import the ESCO taxonomy and look up occupations and skills."""


@taxonomy_cli.command(name="import")
@click.argument("path", required=False, envvar="ESCO_DIR", type=click.Path())
@click.option("--lang", "languages", multiple=True,
              help="Language to import (repeatable); default: all in the download.")
@click.option("--esco-version", default=None, help="Version to record if the files don't tell.")
@db_option
@clean_errors
def import_command(path: str | None, languages: tuple[str, ...], esco_version: str | None,
                   db_path: str) -> None:
    """Import an official ESCO CSV download (folder or zip) at PATH (default: $ESCO_DIR)."""
    path = path or os.environ.get("ESCO_DIR") or "../shared/esco"
    result = import_esco(db_path, path, languages=list(languages) or None, version=esco_version)
    if result.skipped:
        click.echo(f"ESCO {result.version} ({', '.join(result.languages)}) is already imported "
                   f"in {db_path}; nothing changed.")
        return
    click.echo(f"Imported ESCO {result.version} ({', '.join(result.languages)}) into {db_path} "
               f"in {result.seconds:.1f} s")
    for table, count in sorted(result.counts.items()):
        click.echo(f"  {table:<26} {count:>8,}")
    for warning in result.warnings:
        click.echo(f"  note: {warning}", err=True)


@taxonomy_cli.command(name="search")
@click.argument("text")
@click.option("--lang", default=None, help="Only labels in this language (en, nl, ...).")
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Only this kind of concept.")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True,
              help="How many concepts to show.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines.")
@db_option
@clean_errors
def search_command(text: str, lang: str | None, kind: str | None, limit: int, as_json: bool,
                   db_path: str) -> None:
    """Full-text search over all ESCO labels (prefixes match: 'heftruck')."""
    hits = TaxonomyStore(db_path).search(text, lang=lang, kind=kind, limit=limit)
    if not hits:
        click.echo("No match.", err=True)
    for hit in hits:
        if as_json:
            click.echo(json.dumps(_asdict(hit), ensure_ascii=False))
        else:
            click.echo(f"{hit.preferred_label:<45} {hit.kind:<11} [{hit.lang}] {hit.label}  "
                       f"{hit.uri}")


def _asdict(obj) -> dict:
    return {name: getattr(obj, name) for name in obj.__slots__}


@taxonomy_cli.command(name="show")
@click.argument("uri")
@db_option
@clean_errors
def show_command(uri: str, db_path: str) -> None:
    """Show one concept: labels per language, ISCO group, essential and optional skills."""
    store = TaxonomyStore(db_path)
    concept = store.concept(uri)
    click.echo(f"{concept.preferred('en')}  ({concept.kind}, code {concept.code or '-'})")
    click.echo(uri)
    for lang, by_type in sorted(concept.labels.items()):
        for label_type, texts in sorted(by_type.items()):
            click.echo(f"  [{lang}] {label_type:<11} {' | '.join(texts)}")
    if concept.isco_group:
        click.echo(f"ISCO group: {concept.isco_group}")
    for title, uris in (("Essential skills", concept.essential_skills),
                        ("Optional skills", concept.optional_skills)):
        if uris:
            click.echo(f"{title} ({len(uris)}):")
            for skill in uris:
                click.echo(f"  - {store.preferred_label(skill)}  {skill}")


@taxonomy_cli.command(name="info")
@db_option
@clean_errors
def info_command(db_path: str) -> None:
    """Show the imported ESCO version, languages, import time and row counts."""
    meta = TaxonomyStore(db_path).meta
    click.echo(json.dumps({k: meta[k] for k in sorted(meta) if k != "checksums"}, indent=2))
