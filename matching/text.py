"""Text cleaning for job titles and skill phrases (Dutch and English).

A cleaner is a pipeline of small ``str -> str`` steps. ``clean_title`` and ``clean_skill`` are
the two pipelines the rest of the product uses; both are applied to ESCO labels and to user
text alike, so whatever a step does (for example splitting Dutch compounds) happens on both
sides of the match. Every pipeline is run to a fixpoint, which makes it idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Step = Callable[[str], str]

_BRACKETS = re.compile(r"[\(\[\{][^\)\]\}]{0,40}[\)\]\}]")
# A bracketed code (``[REF 1234]``) or gender (``(male)``, ``(man/vrouw)``): never a job.
_NOISE_BRACKETS = re.compile(
    r"[\(\[\{](?:[^\)\]\}]{0,40}\d[^\)\]\}]{0,40}"
    r"|(?:\W*(?:(?:fe)?males?|(?:wo)?m[ae]n|vrouw(?:en)?|heren|dames))+\W*)[\)\]\}]",
    re.IGNORECASE,
)
_BRACKET_SIGNS = re.compile(r"[\(\)\[\]\{\}]")
_GENDER = re.compile(
    r"(?<!\w)(?:m|v|f|h|w|x|d|mv|fm)(?:\s*[/\\|]\s*(?:m|v|f|h|w|x|d|mv|fm)){1,3}(?!\w)"
)
_HOURS = re.compile(
    r"(?<!\w)\d{1,2}(?:[.,]\d)?(?:\s*(?:-|tot|to|a|à)\s*\d{1,2}(?:[.,]\d)?)?\s*"
    r"(?:uur|uren|u|hours?|hrs?|h)(?:\s*(?:per|p|/)\s*(?:week|wk|w))?(?!\w)"
)
_CONTRACT = re.compile(
    r"(?<!\w)(?:full|part)[\s-]?time(?:r)?(?!\w)|(?<!\w)(?:deeltijd|voltijd|voltijds|bijbaan|"
    r"vakantiewerk|thuiswerk|remote|hybride|hybrid|tijdelijk|vast|temporary|permanent|"
    r"interim|freelance|zzp|uitzendwerk|inhouse|asap|urgent|gezocht|wanted|vacature|vacancy)"
    r"(?!\w)"
)
_SENIORITY = re.compile(
    r"(?<!\w)(?:senior|junior|medior|sr|jr|ervaren|experienced|startend|starter|entry level|"
    r"internship|stagiair|trainee|werkstudent|allround|all round|"
    r"niveau \d|level \d|mbo ?\d?|hbo|wo|ii|iii|iv)(?!\w)"
)
_SKILL_PREFIX = re.compile(
    r"^(?:ervaring met|ervaring in|kennis van|kunnen|in staat om|experience with|experience in|"
    r"knowledge of|ability to|able to|skilled in|proficient in)\s+"
)
# Punctuation runs become a space, except a "#" or "+"/"++" that ends a word (group 1: c#, c++,
# f#, notepad++), or C# and C++ would both be "c"; a number's "3+" still loses its "+".
_NON_WORD = re.compile(r"(?<=[^\W\d_])(#|\+\+?)(?![\w#+])|[^\w#+]+|_|[#+]+")
_SPACES = re.compile(r"\s+")

#: Dutch occupational heads that end compounds: ``heftruckchauffeur`` -> ``heftruck chauffeur``.
DUTCH_HEADS: tuple[str, ...] = (
    "medewerkster", "medewerker", "chauffeur", "monteur", "monteuse", "technicus", "operator",
    "leider", "leidster", "manager", "beheerder", "beheerster", "verkoper", "verkoopster",
    "schilder", "bakker", "kok", "hulp", "assistent", "assistente", "adviseur", "adviseuse",
    "consulent", "consulente", "coordinator", "planner", "begeleider", "begeleidster",
    "verzorger", "verzorgster", "werker", "maker", "maakster", "bediener", "bestuurder",
    "inspecteur", "inspectrice", "specialist", "deskundige", "arbeider", "kundige", "smid",
    "lasser", "timmerman", "stukadoor", "loodgieter", "elektricien", "schoonmaker",
    "schoonmaakster", "docent", "docente", "leraar", "lerares", "therapeut", "handelaar",
    "handelaarster", "ontwerper", "ontwerpster", "ingenieur", "directeur", "directrice",
    "bewerker", "bewerkster", "schrijnwerker",
)
#: A prefix ending like this is a verb prefix, not a word: ``metaalbewerker`` is not
#: ``metaalbe`` + ``werker``.
_BOUND_PREFIX_ENDS: tuple[str, ...] = ("be", "ge", "ver", "ont", "her")
_HEADS_BY_LENGTH = tuple(sorted(DUTCH_HEADS, key=len, reverse=True))
_HEAD_SET = frozenset(DUTCH_HEADS)


def normalise_unicode(text: str) -> str:
    """Lowercase, fold compatibility forms, strip accents (``coördinator`` -> ``coordinator``)."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    kept = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", kept).lower()


def drop_brackets(text: str) -> str:
    """Remove short bracketed parts: ``(m/v)``, ``[REF 1234]``, ``(textiel)``."""
    return _BRACKETS.sub(" ", text)


def unwrap_brackets(text: str) -> str:
    """Keep the words of bracketed parts, except codes and gender (``[REF 1234]``,
    ``(male)``): ``Internship (Marketing)`` -> ``Internship  Marketing``."""
    return _BRACKET_SIGNS.sub(" ", _NOISE_BRACKETS.sub(" ", text))


def drop_gender(text: str) -> str:
    """Remove gender markers such as ``m/v``, ``m/v/x``, ``h/f``, ``f/m/d``."""
    return _GENDER.sub(" ", text)


def drop_hours(text: str) -> str:
    """Remove working-hours and contract noise: ``24-32 uur``, ``fulltime``, ``tijdelijk``."""
    return _CONTRACT.sub(" ", _HOURS.sub(" ", text))


def drop_seniority(text: str) -> str:
    """Remove seniority and level words: ``senior``, ``junior``, ``medior``, ``niveau 2``."""
    return _SENIORITY.sub(" ", text)


def drop_skill_prefix(text: str) -> str:
    """Remove lead-ins of skill phrases: ``ervaring met``, ``knowledge of``."""
    return _SKILL_PREFIX.sub("", text)


def drop_punctuation(text: str) -> str:
    """Turn every run of non-word characters (and underscores) into one space, except a
    ``#`` or ``+`` / ``++`` that ends a word (``C#``, ``C++``, ``Notepad++``)."""
    return _NON_WORD.sub(lambda m: m.group(1) or " ", text)


def split_compound(word: str, *, heads: Sequence[str] = _HEADS_BY_LENGTH) -> list[str]:
    """Split a Dutch compound on a known occupational head, recursively.

    Args:
        word: One lowercase token.
        heads: Head nouns, longest first.

    Returns:
        The parts, e.g. ``["heftruck", "chauffeur"]``; ``[word]`` when nothing splits.
    """
    if word in _HEAD_SET:
        return [word]
    for head in heads:
        prefix = word[: -len(head)]
        if (word.endswith(head) and len(prefix) >= 3 and not prefix.endswith("-")
                and not prefix.endswith(_BOUND_PREFIX_ENDS)):
            return [*split_compound(prefix, heads=heads), head]
    return [word]


def split_compounds(text: str) -> str:
    """Split Dutch compounds in every token (see :func:`split_compound`)."""
    return " ".join(part for word in text.split() for part in split_compound(word))


def squash_spaces(text: str) -> str:
    """Collapse whitespace and trim."""
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Cleaner:
    """A pipeline of cleaning steps, run until the text no longer changes.

    Attributes:
        steps: The ``str -> str`` steps, applied in order.
        max_rounds: Safety bound on the fixpoint iteration.
    """

    steps: tuple[Step, ...]
    max_rounds: int = 4

    def __call__(self, text: object) -> str:
        current = text if isinstance(text, str) else ("" if text is None else str(text))
        for _ in range(self.max_rounds):
            cleaned = current
            for step in self.steps:
                cleaned = step(cleaned)
            if cleaned == current:
                break
            current = cleaned
        return current


TITLE_STEPS: tuple[Step, ...] = (
    normalise_unicode, drop_brackets, drop_gender, drop_hours, drop_seniority,
    drop_punctuation, split_compounds, squash_spaces,
)
SKILL_STEPS: tuple[Step, ...] = (
    normalise_unicode, drop_brackets, drop_punctuation, squash_spaces, drop_skill_prefix,
    squash_spaces,
)
TITLE_CLEANER = Cleaner(TITLE_STEPS)
#: Used when :data:`TITLE_CLEANER` leaves nothing: in ``Internship (Marketing)`` or
#: ``Stagiair (logistiek)`` the bracket holds the job itself.
TITLE_BRACKET_WORDS_CLEANER = Cleaner(
    tuple(unwrap_brackets if step is drop_brackets else step for step in TITLE_STEPS))
SKILL_CLEANER = Cleaner(SKILL_STEPS)


def clean_title(text: str) -> str:
    """Clean a job title: ``"Productiemedewerker (m/v) 24-32 uur"`` -> ``"productie medewerker"``.

    Bracketed parts are dropped, unless nothing else is left: ``"Internship (Marketing)"`` ->
    ``"marketing"``. Never raises; returns ``""`` for empty or non-string input.
    """
    return TITLE_CLEANER(text) or TITLE_BRACKET_WORDS_CLEANER(text)


def clean_skill(text: str) -> str:
    """Clean a skill phrase: ``"Ervaring met Excel!"`` -> ``"excel"``. Never raises."""
    return SKILL_CLEANER(text)
