"""Sentence and phrase splitting (Dutch and English lists, bullets, prose)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matching.segment import (
    Span,
    guess_lang,
    has_letters,
    list_items,
    ngrams,
    phrases,
    sentences,
    trim,
    words,
)


def texts(spans: list[Span]) -> list[str]:
    return [s.text for s in spans]


def test_bullets_lines_and_sentences_split() -> None:
    text = "Profiel:\n- Rijbewijs B\n• Goed met kinderen. Spreekt Arabisch; wat Excel"
    assert texts(sentences(text)) == [
        "Profiel", "Rijbewijs B", "Goed met kinderen", "Spreekt Arabisch", "wat Excel"]


def test_offsets_point_into_the_original() -> None:
    text = "  * Java, SQL and C#\n* Werkte 6 jaar als kleermaker in Aleppo."
    for sent in sentences(text):
        assert text[sent.start : sent.end] == sent.text
        for part in phrases(text, sent):
            assert text[part.start : part.end] == part.text


def test_english_list_split_into_items() -> None:
    text = "Strong knowledge of HTML, CSS and JavaScript"
    assert texts(phrases(text, sentences(text)[0])) == ["HTML", "CSS", "JavaScript"]


def test_dutch_list_split_into_items() -> None:
    text = "Ervaring met heftruck rijden, orderpicken of voorraadbeheer"
    assert texts(phrases(text, sentences(text)[0])) == [
        "heftruck rijden", "orderpicken", "voorraadbeheer"]


def test_prepositions_give_finer_phrases_too() -> None:
    text = "Worked 6 years as a tailor in Aleppo"
    found = texts(phrases(text, sentences(text)[0]))
    assert "Worked 6 years as a tailor in Aleppo" in found and "Aleppo" in found


def test_trim_drops_filler_and_may_empty() -> None:
    text = "we are the best"
    assert trim(text, Span(text, 0, len(text))) == Span("best", 11, 15)
    assert trim("de het een", Span("de het een", 0, 10)) is None


def test_ngrams_skip_filler_edges() -> None:
    text = "use of spreadsheets"
    grams = texts(ngrams(text, Span(text, 0, len(text)), max_n=3))
    assert "use of spreadsheets" in grams and "use of" not in grams and "of" in grams


def test_words_keep_programming_names() -> None:
    assert texts(words("C# en C++ of node.js")) == ["C#", "en", "C++", "of", "node.js"]


@given(st.text(max_size=200))
def test_spans_always_match_the_text(text: str) -> None:
    for sent in sentences(text):
        assert text[sent.start : sent.end] == sent.text and sent.text.strip()
        for part in phrases(text, sent):
            assert sent.start <= part.start < part.end <= sent.end
            assert text[part.start : part.end] == part.text


def test_language_guess() -> None:
    assert guess_lang("Ik heb drie jaar ervaring met de heftruck") == "nl"
    assert guess_lang("Three years of experience with the forklift") == "en"
    assert guess_lang("SQL, Excel") == "en"


def test_has_letters() -> None:
    assert has_letters("C#") and has_letters("5S") and has_letters("rijbewijs B")
    assert not has_letters("2,800") and not has_letters("25 %") and not has_letters("")


def test_trim_drops_numbers_and_filler_at_the_edges() -> None:
    text = "Requirements 3+ years professional web development experience"
    assert trim(text, Span(text, 0, len(text))).text == "web development"
    text = "minimaal 2 jaar relevante ervaring"
    assert trim(text, Span(text, 0, len(text))) is None
    text = "C++ 11"  # a symbol-bearing skill survives, the bare number goes
    assert trim(text, Span(text, 0, len(text))).text == "C++"


def test_list_items_only_for_lists_of_three_or_more() -> None:
    text = "Worked 6 years as a tailor in Aleppo, good with sewing machines, some Excel"
    (line,) = sentences(text)
    items = list_items(text, line)
    assert texts(items) == ["Worked 6 years as a tailor in Aleppo", "sewing machines", "Excel"]
    assert all(text[i.start : i.end] == i.text for i in items)
    short = "kan goed met kinderen omgaan, rijbewijs B"
    assert list_items(short, sentences(short)[0]) == []
    assert texts(list_items(short, sentences(short)[0], min_items=2)) == [
        "kinderen omgaan", "rijbewijs B"]
    odd = "heftruck, , 2020, stapelen"  # empty and letterless items do not count
    assert list_items(odd, sentences(odd)[0]) == []
