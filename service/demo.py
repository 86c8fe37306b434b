"""`placement demo load`: the sample participants and opportunities in the service database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from service.commands import clean_errors, db_option

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"


def read_records(folder: Path, stem: str) -> list[dict[str, Any]]:
    """Records from ``stem.jsonl`` or ``stem.json`` (a list) in ``folder``."""
    if (folder / f"{stem}.jsonl").exists():
        lines = (folder / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    if (folder / f"{stem}.json").exists():
        data = json.loads((folder / f"{stem}.json").read_text(encoding="utf-8"))
        return data[stem] if isinstance(data, dict) else data
    raise click.ClickException(f"no {stem}.jsonl or {stem}.json in {folder}")


@click.group()
def demo() -> None:
    """Demo data for trying the service."""


@demo.command(name="load")
@click.option("--dir", "folder", default=str(SAMPLE_DIR), show_default=True,
              type=click.Path(file_okay=False), help="Folder with the sample files.")
@click.option("--no-rematch", is_flag=True, help="Skip matching everyone after loading.")
@db_option
@clean_errors
def demo_load(folder: str, no_rematch: bool, db: str | None) -> None:
    """Load the sample participants and opportunities; print the demo users' API keys.

    Dates in the sample are moved to today (see ``meta.json``), so the set never goes stale.
    """
    from data import current, read_meta
    from matching.codec import opportunity_from_dict, participant_from_dict
    from service import rematch, sample
    from service.app import build_engine
    from service.commands import _settings
    from service.db import connect, migrate

    settings = _settings(db)
    database = connect(settings.db)
    migrate(database)
    engine = build_engine(settings)
    meta = read_meta(folder)
    people, offers = current(
        [participant_from_dict(r) for r in read_records(Path(folder), "participants")],
        [opportunity_from_dict(r) for r in read_records(Path(folder), "opportunities")], meta)
    keys = sample.load(database, engine, people, offers, names=meta.get("display_names"))
    click.echo(f"loaded {len(people)} participants and {len(offers)} opportunities")
    if not no_rematch:
        for job in rematch.run_pending(database, engine, trigger="demo",
                                       keep=settings.keep_per_participant):
            click.echo(f"rematch job {job['id']}: {job['done']}/{job['total']} participants")
    listing = "".join(f"{name}\t{key}\n" for name, key in sorted(keys.items()))
    keys_file = Path(settings.db).parent / "demo-keys.tsv"
    keys_file.write_text(listing, encoding="utf-8")
    keys_file.chmod(0o600)
    click.echo(listing, nl=False)
    click.echo(f"(keys also written to {keys_file}; each load issues fresh keys)")
