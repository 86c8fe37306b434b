"""Service commands of the `placement` CLI: serve, users, rematch, demo."""

from __future__ import annotations

import json
from functools import wraps
from typing import Any

import click

from service.errors import ServiceError
from service.settings import Settings
from taxonomy.cli import CliError


def clean_errors(func: Any) -> Any:
    """Show service and library errors as one line (exit code 2), never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from matching.errors import MatchingError
        from taxonomy.errors import TaxonomyError

        try:
            return func(*args, **kwargs)
        except (ServiceError, TaxonomyError, MatchingError) as exc:
            raise CliError(str(exc)) from None

    return wrapper


def _settings(db: str | None) -> Settings:
    return Settings(db=db) if db else Settings()


db_option = click.option("--db", default=None, type=click.Path(dir_okay=False),
                         help="Service database (default: $PLACEMENT_DB or var/placement.db).")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@db_option
@clean_errors
def serve(host: str, port: int, db: str | None) -> None:
    """Run the HTTP API (OpenAPI docs at /docs) with the background rematch worker."""
    import uvicorn

    from service.app import create_app

    uvicorn.run(create_app(_settings(db)), host=host, port=port, log_level="info")


@click.group()
def users() -> None:
    """Manage users and their API keys."""


@users.command(name="create")
@click.argument("name")
@click.option("--role", type=click.Choice(["coach", "employer", "admin"]), required=True,
              help="What the user may do.")
@db_option
@clean_errors
def users_create(name: str, role: str, db: str | None) -> None:
    """Create a user NAME and print its API key (shown only this once)."""
    from service.auth import create_user
    from service.db import connect, migrate, transaction

    database = connect(_settings(db).db)
    migrate(database)
    with transaction(database):
        user, key = create_user(database, name, role=role)
    click.echo(json.dumps({"id": user.id, "name": name, "role": role, "api_key": key}))


@click.command()
@click.option("--full", is_flag=True, help="Rematch every participant, not only what changed.")
@db_option
@clean_errors
def rematch(full: bool, db: str | None) -> None:
    """Finish interrupted rematch jobs, then match what changed (resumable; safe to kill)."""
    from service import rematch as jobs
    from service.app import build_engine
    from service.db import connect, migrate

    settings = _settings(db)
    database = connect(settings.db)
    migrate(database)
    engine = build_engine(settings)
    done = jobs.run_pending(database, engine, mode="full" if full else "incremental",
                            trigger="cli", keep=settings.keep_per_participant,
                            delay=settings.rematch_item_delay)
    for job in done:
        click.echo(f"job {job['id']}: {job['status']}, {job['done']}/{job['total']} items")
    if not done:
        click.echo("nothing to rematch")


@click.command()
@click.option("--min-examples", default=50, show_default=True, type=int,
              help="Fewest informative decisions needed before a model is learned.")
@db_option
@clean_errors
def train(min_examples: int, db: str | None) -> None:
    """Learn scoring weights from coaches' decisions; the service uses them after a restart."""
    from matching.learn import train as fit
    from service.db import connect, migrate
    from service.suggestions import feedback_events

    settings = _settings(db)
    database = connect(settings.db)
    migrate(database)
    model = fit(feedback_events(database), min_examples=min_examples)
    if model.kind != "learned":
        click.echo("not enough feedback yet; the default weights stay in use")
        return
    target = settings.db.parent / "model.json"
    target.write_text(json.dumps(model.to_dict(), indent=2))
    click.echo(f"model {model.version} trained on {model.trained_on} decisions -> {target}")


def register(group: click.Group) -> None:
    """Add the service commands to the root ``placement`` group."""
    from service.demo import demo

    for command in (serve, users, rematch, train, demo):
        group.add_command(command)
