"""The FastAPI application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI

from service import concepts
from service.db import connect, migrate
from service.engine import Engine
from service.errors import install_handlers
from service.rematch import Worker
from service.routes import (
    admin,
    aliases,
    feedback,
    health,
    me,
    normalise,
    opportunities,
    participants,
)
from service.settings import Settings

log = logging.getLogger(__name__)


def build_engine(settings: Settings) -> Engine:
    """The real matching engine over the imported taxonomy named in ``settings``."""
    from service.matching_engine import MatchingEngine
    from taxonomy.store import TaxonomyStore

    return MatchingEngine(TaxonomyStore(settings.taxonomy_path), encoder=settings.encoder,
                          cache_dir=settings.cache_dir, skill_second=settings.skill_second_encoder,
                          model_path=settings.db.parent / "model.json")


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the app: migrate the database, load the engine, mount the routers.

    Args:
        settings: configuration (read from the environment when omitted).
        engine: the matching engine (built from ``settings`` when omitted; tests pass one).
    """
    settings = settings or Settings()
    db = connect(settings.db)
    migrate(db)
    engine = engine or build_engine(settings)
    concepts.load_aliases(db, engine)
    db.conn.close()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        worker = None
        if settings.background_rematch:
            worker = Worker(partial(connect, settings.db), engine,
                            keep=settings.keep_per_participant)
            worker.start()
            worker.poke()
        app.state.worker = worker
        yield
        if worker:
            worker.stop()

    app = FastAPI(title="Placement matching", version="0.1.0", lifespan=lifespan,
                  description="Explained ESCO-based placement suggestions for coaches; "
                              "opportunities for employers; the normaliser as a service.")
    app.state.settings, app.state.engine, app.state.worker = settings, engine, None
    install_handlers(app)
    for module in (health, participants, me, opportunities, feedback, normalise, aliases, admin):
        app.include_router(module.router)
    from service.web import mount_web

    mount_web(app)
    return app

