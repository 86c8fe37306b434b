"""Sentence and phrase splitting for Dutch and English CV lines, coach notes and vacancies.

Every piece is a :class:`Span` with character offsets into the original text, so that what
the extractor finds can be shown (and highlighted) where it was written. Three levels:

- :func:`sentences`: lines, bullets, sentence ends and semicolons;
- :func:`phrases`: list items and clauses inside a sentence (commas, slashes, brackets,
  ``and`` / ``en`` / ``or`` / ``of`` ...), edges trimmed of filler words and numbers;
  :func:`list_items`: the comma-separated items of a list line, each read on its own too;
- :func:`ngrams`: word n-grams inside a phrase (for exact label look-up).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_SENTENCE_BREAK = re.compile(
    r"\n+|\r+|[;•·▪●◦■►✓✔|]+|(?<=[.!?])\s+(?=\S)|(?:^|\s)[*\-–—]+\s+|\s+\d{1,2}[.)]\s+"
)
_PHRASE_BREAK = re.compile(
    r"[,:()\[\]{}\"“”]+|\s/\s|/(?=\w{2})|\s+[-–—]+\s+|\s+(?:and|or|as well as|such as|"
    r"including|e\.g\.|like|plus|en|of|zoals|bijvoorbeeld|bijv\.|waaronder|alsook|"
    r"evenals)\s+",
    re.IGNORECASE,
)
_PREPOSITION_BREAK = re.compile(
    r"\s+(?:with|in|for|on|at|of|to|within|across|using|met|in|voor|op|bij|van|binnen)\s+",
    re.IGNORECASE,
)
_COMMA = re.compile(r",+")
_WORD = re.compile(r"[\w+#][\w+#.'’\-]*[\w+#]|[\w+#]", re.UNICODE)

#: Words that carry no skill on their own (EN + NL); trimmed from phrase edges.
FILLER: frozenset[str] = frozenset("""
a an the this that these those our your their his her its my we you they i he she it us
is are was were be been being am will would should could can may might must shall have has
had do does did to of in on at by for from with as into about than then so very also too
experience experienced years year jaar jaren ervaring knowledge kennis understanding strong
solid good great excellent proven demonstrated ability able skills skill vaardigheden
proficiency proficient familiarity familiar working work-related plus preferred required
requirement requirements nice must-have advantage bonus some basic advanced deep in-depth
professional relevant previous prior hands-on practical extensive overall several least
minimum more
de het een deze die dit dat onze ons jouw je jij uw u zijn is was waren heeft hebben had
wordt worden kan kunnen moet moeten zal zullen als bij van voor met op aan in uit naar om
te tot ook en of goed goede sterke ruime enige minimaal minstens graag pre vereist gewenst
relevante aantoonbare praktische professionele meerdere
""".split())


@dataclass(frozen=True)
class Span:
    """A piece of a text with its character offsets (``text == source[start:end]``).

    Attributes:
        text: The piece as written.
        start: Offset of its first character in the original text.
        end: Offset just after its last character.
    """

    text: str
    start: int
    end: int


def _pieces(text: str, start: int, end: int, pattern: re.Pattern[str]) -> Iterator[Span]:
    pos = start
    for match in pattern.finditer(text, start, end):
        yield from _strip(text, pos, match.start())
        pos = match.end()
    yield from _strip(text, pos, end)


def _strip(text: str, start: int, end: int) -> Iterator[Span]:
    while start < end and not (text[start].isalnum() or text[start] in "+#"):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in "+#"):
        end -= 1
    if end > start:
        yield Span(text[start:end], start, end)


def sentences(text: str) -> list[Span]:
    """Split a text into sentences, list lines and bullet items.

    Args:
        text: Any free text (prose, bullet lists, one-line CV notes).

    Returns:
        The non-empty pieces in reading order, edges stripped of punctuation.
    """
    return list(_pieces(text, 0, len(text), _SENTENCE_BREAK))


def words(text: str, span: Span | None = None) -> list[Span]:
    """Word tokens of ``text`` (inside ``span`` when given), with offsets."""
    start, end = (span.start, span.end) if span else (0, len(text))
    return [Span(m.group(), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


def _droppable(word: str) -> bool:
    return word.lower() in FILLER or not has_letters(word)  # "3+ years", "2020"


def trim(text: str, span: Span) -> Span | None:
    """Drop filler words (:data:`FILLER`) and numbers from both edges of ``span``; None if
    nothing is left."""
    toks = words(text, span)
    while toks and _droppable(toks[0].text):
        toks.pop(0)
    while toks and _droppable(toks[-1].text):
        toks.pop()
    if not toks:
        return None
    return Span(text[toks[0].start : toks[-1].end], toks[0].start, toks[-1].end)


def phrases(text: str, sentence: Span, *, max_words: int = 12) -> list[Span]:
    """Split one sentence into list items and clauses (and those at prepositions), trimmed.

    Args:
        text: The original text.
        sentence: A span of it, usually from :func:`sentences`.
        max_words: Longer clauses are kept but not split further here.

    Returns:
        Distinct phrases in reading order (the sentence itself is not included).
    """
    out: list[Span] = []
    for coarse in _pieces(text, sentence.start, sentence.end, _PHRASE_BREAK):
        fine = list(_pieces(text, coarse.start, coarse.end, _PREPOSITION_BREAK))
        for piece in [coarse, *fine] if len(fine) > 1 else [coarse]:
            trimmed = trim(text, piece)
            if trimmed and len(words(text, trimmed)) <= max_words and trimmed not in out:
                out.append(trimmed)
    return out


def list_items(text: str, sentence: Span, *, min_items: int = 3) -> list[Span]:
    """The comma-separated items of a sentence that lists at least ``min_items`` of them
    ("tailor in Aleppo, good with sewing machines, some Excel"), trimmed; else none.

    Args:
        text: The original text.
        sentence: A span of it, usually from :func:`sentences`.
        min_items: Fewer items (with letters): not a list, nothing returned.
    """
    items = []
    for piece in _pieces(text, sentence.start, sentence.end, _COMMA):
        trimmed = trim(text, piece)
        if trimmed and has_letters(trimmed.text):
            items.append(trimmed)
    return items if len(items) >= min_items else []


def ngrams(text: str, span: Span, *, max_n: int = 6) -> list[Span]:
    """All word n-grams (1 to ``max_n`` words) inside ``span`` that start and end on content.

    Args:
        text: The original text.
        span: Where to look.
        max_n: Longest n-gram in words.

    Returns:
        The n-grams, shortest first then by position.
    """
    toks = words(text, span)
    out = []
    for n in range(1, max_n + 1):
        for i in range(len(toks) - n + 1):
            first, last = toks[i], toks[i + n - 1]
            if n > 1 and (first.text.lower() in FILLER or last.text.lower() in FILLER):
                continue
            out.append(Span(text[first.start : last.end], first.start, last.end))
    return out


_DUTCH = frozenset("""de het een en van in met voor op bij je jij wij we zijn is niet ook
naar aan als dat die dit er heeft hebben kan kunnen wordt worden onze ons jouw goed ervaring
jaar jaren werken werk""".split())
_ENGLISH = frozenset("""the a an and of in with for on at you we our your is are be have has
not also to as that this can will work experience years year good strong knowledge""".split())


def has_letters(text: str) -> bool:
    """Whether a phrase has a letter at all (``2,800`` or ``25 %`` cannot name a skill)."""
    return any(c.isalpha() for c in text)


def function_word_votes(text: str) -> tuple[int, int]:
    """How many Dutch and how many English function words a text has."""
    toks = [w.lower() for w in _WORD.findall(text)]
    return sum(t in _DUTCH for t in toks), sum(t in _ENGLISH for t in toks)


def guess_lang(text: str) -> str:
    """``nl`` when a text has more Dutch than English function words, else ``en`` (see
    :class:`matching.lang.LanguageGuesser` for texts without function words)."""
    dutch, english = function_word_votes(text)
    return "nl" if dutch > english else "en"
