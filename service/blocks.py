"""Participant vectors for the batch rematch, kept current without rebuilding them all.

:class:`BlockCache` holds a :class:`matching.batch.ParticipantBlock` of the participants it
last saw in full (``main``) and a small second block of those that changed or arrived since
(``delta``). Asked for a set of participants, it scores each against the block that holds
their current vectors; when the delta grows past a share of everyone, the main block is rebuilt
from scratch. Erasure drops the main block so no vector of the erased person survives.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import date

from matching.batch import Changes, ParticipantBlock, rematch
from matching.graph import TaxonomyGraph
from matching.learn import LinearModel
from matching.models import Opportunity, Participant


class BlockCache:
    """Cached participant blocks of one taxonomy graph.

    Args:
        graph: the taxonomy relations the vectors are built from.
        rebuild_share: rebuild the main block when more than this share of the participants
            asked for (and at least ``rebuild_min``) sits in the delta block.
    """

    def __init__(self, graph: TaxonomyGraph, *, rebuild_share: float = 0.1,
                 rebuild_min: int = 256) -> None:
        self.graph, self.rebuild_share, self.rebuild_min = graph, rebuild_share, rebuild_min
        self._lock = threading.Lock()
        self._main: tuple[ParticipantBlock, dict[str, Participant]] | None = None
        self._delta: tuple[ParticipantBlock, dict[str, Participant]] | None = None
        self.builds = 0  # how many blocks were built (for tests and logs)

    def _build(self, people: Sequence[Participant]) -> tuple[ParticipantBlock,
                                                             dict[str, Participant]]:
        self.builds += 1
        return ParticipantBlock.build(people, self.graph), {p.id: p for p in people}

    def blocks(self, people: Sequence[Participant]) -> list[tuple[ParticipantBlock, set[str]]]:
        """Blocks holding the current vectors of ``people``, each with the ids it answers for."""
        with self._lock:
            held = self._main[1] if self._main else {}
            stale = [p for p in people if held.get(p.id) != p]
            if self._main is None or len(stale) > max(self.rebuild_min,
                                                      self.rebuild_share * len(people)):
                self._main, self._delta, stale = self._build(people), None, []
            elif stale and (self._delta is None or any(self._delta[1].get(p.id) != p
                                                       for p in stale)):
                self._delta = self._build(stale)
            fresh = {p.id for p in people} - {p.id for p in stale}
            out = [(self._main[0], fresh)]
            if stale and self._delta is not None:
                out.append((self._delta[0], {p.id for p in stale}))
            return out

    def rematch(self, people: Sequence[Participant], opportunities: Sequence[Opportunity], *,
                floors: Mapping[str, float], k: int, model: LinearModel,
                today: date | None = None) -> Changes:
        """:func:`matching.batch.rematch` of ``opportunities`` against ``people`` only."""
        out: Changes = {}
        for block, ids in self.blocks(people):
            found = rematch(block, opportunities, self.graph, floors=floors, k=k, model=model,
                            today=today)
            out |= {pid: pairs for pid, pairs in found.items() if pid in ids}
        return out

    def forget(self, participant_id: str) -> None:
        """Drop every block that holds ``participant_id``; the next call rebuilds."""
        with self._lock:
            if self._main and participant_id in self._main[1]:
                self._main = None
            if self._delta and participant_id in self._delta[1]:
                self._delta = None
