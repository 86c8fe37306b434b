"""Confirmed aliases reach identical and similar texts, never different ones."""

from __future__ import annotations

from matching.aliases import SIMILAR, match_aliases

ALIASES = {"heftruck rijden": "uri:forklift", "klanten helpen": "uri:customers",
           "kok": "uri:cook"}


def test_identical_text_takes_the_alias_with_full_confidence() -> None:
    (hit,) = match_aliases(["heftruck rijden"], ALIASES)
    assert hit is not None and hit.uri == "uri:forklift" and hit.exact
    assert hit.similarity == 1.0


def test_typos_and_word_order_are_similar() -> None:
    typo, order = match_aliases(["heftruk rijden", "rijden heftruck"], ALIASES)
    assert typo is not None and typo.uri == "uri:forklift" and not typo.exact
    assert SIMILAR / 100 <= typo.similarity < 1.0
    assert order is not None and order.alias == "heftruck rijden" and order.similarity == 0.99


def test_different_and_short_texts_do_not_match() -> None:
    hits = match_aliases(["vrachtwagen rijden", "geen heftruck", "kook", "klanten"], ALIASES)
    assert hits == [None, None, None, None]  # "kook": too short to be read as "kok"


def test_similar_matching_can_be_turned_off_and_ties_are_stable() -> None:
    assert match_aliases(["heftruk rijden"], ALIASES, cutoff=101) == [None]
    twins = {"abcdef ghij": "uri:b", "abcdef ghik": "uri:a"}
    (hit,) = match_aliases(["abcdef ghiz"], twins, cutoff=80)
    assert hit is not None and hit.alias == "abcdef ghij"  # alphabetically first on a tie
    assert match_aliases([], ALIASES) == [] and match_aliases(["x"], {}) == [None]
