"""Explanations built from exactly the contributions of a score and the evidence behind them.

Nothing is recomputed here: matched and missing skills come from the feature evidence, the
summary from the contributions, and the gaps become learning goals (Dutch lessons on the
vocabulary of the occupation, short trainings for missing essential skills).
"""

from __future__ import annotations

from matching.features import PairFeatures
from matching.graph import TaxonomyGraph
from matching.models import CEFR, ConceptRef, Contribution, Explanation, LearningGoal, SkillMatch

MAX_TRAININGS = 3


def skill_matches(features: PairFeatures, graph: TaxonomyGraph) -> tuple[SkillMatch, ...]:
    """Participant phrase -> ESCO skill -> requirement, strongest and essential first."""
    matches = []
    for req, ev, essential in features.covered:
        kind = "occupation" if ev.relation == "experience" else "skill"
        matches.append(SkillMatch(
            ev.phrase, ev.source_uri, graph.label(ev.source_uri, kind=kind), req,
            graph.label(req), ev.relation, ev.strength, essential,
        ))
    return tuple(sorted(matches, key=lambda m: (not m.essential, -m.strength, m.requirement_uri)))


def learning_goals(
    features: PairFeatures, graph: TaxonomyGraph, *, required: CEFR
) -> tuple[LearningGoal, ...]:
    """Dutch lessons for a language gap, short trainings for missing essential skills."""
    goals = []
    occ = features.best_occupation
    if features.dutch_gap > 0:
        en, nl = graph.label(occ, kind="occupation"), graph.label(occ, kind="occupation", lang="nl")
        goals.append(LearningGoal(
            "dutch", occ,
            f"Dutch lessons up to {required.name}, on the vocabulary of: {en}",
            f"Taalles Nederlands tot {required.name}, met de woordenschat van: {nl}",
        ))
    for skill in features.missing_essential[:MAX_TRAININGS]:
        label = graph.label(skill)
        goals.append(LearningGoal("training", skill, f"Short training: {label}",
                                  f"Korte training: {label}"))
    return tuple(goals)


def _summary(contributions: tuple[Contribution, ...], lang: str) -> str:
    parts = sorted((c for c in contributions if c.name != "bias"), key=lambda c: (-c.value, c.name))
    pos = [c for c in parts if c.value > 0][:3]
    neg = [c for c in parts if c.value < 0]
    label = (lambda c: c.label_nl) if lang == "nl" else (lambda c: c.label_en)
    text = ", ".join(f"{label(c)} (+{c.value:.2f})" for c in pos)
    if neg:
        word = "tegen" if lang == "nl" else "against"
        text += f"; {word}: " + ", ".join(f"{label(c)} ({c.value:.2f})" for c in neg)
    return text


def explain(
    contributions: tuple[Contribution, ...], features: PairFeatures, graph: TaxonomyGraph, *,
    required_dutch: CEFR,
) -> Explanation:
    """Assemble the explanation of one scored pair."""
    missing = tuple(ConceptRef(uri, graph.label(uri)) for uri in features.missing_essential)
    return Explanation(
        contributions, skill_matches(features, graph), missing,
        learning_goals(features, graph, required=required_dutch),
        _summary(contributions, "en"), _summary(contributions, "nl"),
    )
