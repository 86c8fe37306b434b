"""The language guess for short texts."""

from __future__ import annotations

from matching.lang import LanguageGuesser

DUTCH = ["heftruckchauffeur", "medewerker schoonmaak", "kok", "vakkenvuller", "magazijnmedewerker",
         "verkoopmedewerker", "schilder", "tuinman", "kapper", "lasser", "afwasser",
         "vrachtwagenchauffeur", "verzorgende in de thuiszorg", "kinderopvang medewerker"]
ENGLISH = ["forklift operator", "cleaning assistant", "cook", "shelf filler", "warehouse worker",
           "sales assistant", "painter", "gardener", "hairdresser", "welder", "dishwasher",
           "truck driver", "operate forklift", "stack goods", "wash the dishes", "cut hair"]


def test_function_words_decide_when_present() -> None:
    guesser = LanguageGuesser([], [])
    assert guesser.guess("Ik kan goed met kinderen omgaan") == "nl"
    assert guesser.guess("I worked with children for two years") == "en"
    assert guesser.guess("heftruck rijden") == "en"  # no model, no votes: English


def test_label_model_decides_lists_without_function_words() -> None:
    guesser = LanguageGuesser.from_labels([(t, "nl") for t in DUTCH] +
                                          [(t, "en") for t in ENGLISH])
    assert guesser.guess("vrachtwagenchauffeur, magazijnmedewerker") == "nl"
    assert guesser.guess("warehouse worker, truck driver") == "en"
    assert guesser.guess("Ik werkte als kok") == "nl"
