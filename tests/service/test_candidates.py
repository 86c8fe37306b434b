"""Weak matches of free text are kept as candidates to check, never ranked until confirmed."""

from __future__ import annotations

from collections.abc import Sequence

from matching.extract import INFERRED, STATED, ExtractedSkill
from service import concepts
from service.auth import User
from service.db import connect, migrate
from service.domain import build_participant
from service.engine import Link

TEXT = "heftruck rijden, goederen stapelen, kan goed koken"
SK = "http://data.europa.eu/esco/skill/"


def hit(key: str, score: float, phrase: str, kind: str = STATED) -> ExtractedSkill:
    start = TEXT.index(phrase)
    return ExtractedSkill(SK + key, key.replace("-", " "), score, (start, start + len(phrase)),
                          kind, f'"{phrase}" matched "{key}"')


HITS = [
    hit("stack-goods", 0.6, "goederen stapelen"),
    hit("load-cargo", 0.08, "goederen stapelen"),  # weaker, in a phrase already proposed
    hit("drive-vehicles", 0.07, "heftruck rijden"),
    hit("operate-forklift", 0.05, "heftruck rijden"),  # second best of its phrase
    hit("cook", 0.01, "koken"),  # under the candidate floor
    hit("hygiene", 0.1, "koken", kind=INFERRED),  # inferred: never a candidate
]


class StubEngine:
    """Returns the hits at or above the threshold it is asked for; records aliases."""

    skill_threshold = 0.2

    def __init__(self, hits: Sequence[ExtractedSkill]) -> None:
        self.hits = list(hits)
        self.aliases: dict = {}

    def extract_skills(self, texts: Sequence[str], *, lang: str | None,
                       threshold: float | None = None) -> list[list[ExtractedSkill]]:
        cut = 0.2 if threshold is None else threshold
        return [[h for h in self.hits if h.score >= cut] for _ in texts]

    def normalise(self, texts: Sequence[str], *, kind: str, lang: str | None,
                  limit: int) -> list[list[Link]]:
        return [[Link(SK + "from-list", kind, "from list", 0.3)] for _ in texts]

    def label(self, uri: str, *, kind: str, lang: str = "en") -> str | None:
        return uri.rsplit("/", 1)[1]

    def clean(self, text: str, *, kind: str) -> str:
        return text.lower().strip()

    def set_aliases(self, aliases: dict) -> None:
        self.aliases = dict(aliases)


def link_rows(db) -> dict[str, str]:
    return {r["uri"].rsplit("/", 1)[1]: r["status"]
            for r in concepts.links(db, "participant", "p1")}


def setup(tmp_path, hits=HITS):
    db = connect(tmp_path / "s.db")
    migrate(db)
    engine = StubEngine(hits)
    concepts.relink(db, engine, "participant", "p1", {"skills": ("skill", TEXT)}, lang="nl")
    return db, engine


def test_a_phrase_without_a_strong_match_gets_its_best_weak_one_to_check(tmp_path) -> None:
    db, _ = setup(tmp_path)
    assert link_rows(db) == {"stack-goods": "proposed", "drive-vehicles": "candidate"}
    (row,) = [r for r in concepts.links(db, "participant", "p1") if r["status"] == "candidate"]
    assert row["text"] == "heftruck rijden" and TEXT[slice(*row["span"])] == "heftruck rijden"


def test_candidates_are_capped(tmp_path) -> None:
    words = TEXT.split()
    many = [hit(f"s{i}", 0.05, w) for i, w in enumerate(words)]
    db, _ = setup(tmp_path, many)
    assert sorted(link_rows(db).values()) == ["candidate"] * concepts.MAX_CANDIDATES


def test_the_ranker_ignores_candidates_until_confirmed(tmp_path) -> None:
    db, engine = setup(tmp_path)
    links = concepts.links(db, "participant", "p1")
    data = {"home": {"municipality": "Tilburg"}}
    person = build_participant("p1", 1, data, links)
    assert [r.uri.rsplit("/", 1)[1] for r in person.skills] == ["stack-goods"]
    coach = User(1, "coach", "coach")
    concepts.decide(db, engine, "participant", "p1",
                    {"field": "skills", "uri": SK + "drive-vehicles", "action": "confirm"},
                    kinds={"skills": "skill"}, user=coach)
    assert link_rows(db)["drive-vehicles"] == "confirmed"
    # confirming teaches the phrase for everyone
    assert engine.aliases == {("skill", "heftruck rijden"): SK + "drive-vehicles"}
    person = build_participant("p1", 1, data, concepts.links(db, "participant", "p1"))
    assert {r.uri.rsplit("/", 1)[1] for r in person.skills} == {"stack-goods", "drive-vehicles"}


def test_a_higher_extractor_threshold_turns_proposals_into_candidates(tmp_path) -> None:
    db = connect(tmp_path / "s.db")
    migrate(db)
    engine = StubEngine(HITS)
    engine.skill_threshold = 0.7
    concepts.relink(db, engine, "participant", "p1", {"skills": ("skill", TEXT)}, lang="nl")
    assert link_rows(db) == {"stack-goods": "candidate", "drive-vehicles": "candidate"}
    # a listed phrase is linked by the normaliser, whose scores the extractor's cut ignores
    concepts.relink(db, engine, "participant", "p1", {"listed": ("skill", ["stapelen"])},
                    lang="nl")
    assert link_rows(db)["from-list"] == "proposed"


def test_relinking_replaces_unchecked_candidates(tmp_path) -> None:
    db, engine = setup(tmp_path)
    engine.hits = [hit("stack-goods", 0.6, "goederen stapelen")]
    concepts.relink(db, engine, "participant", "p1", {"skills": ("skill", TEXT)}, lang="nl")
    assert link_rows(db) == {"stack-goods": "proposed"}
