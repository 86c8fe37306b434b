"""The language guess for short texts."""

from __future__ import annotations

import numpy as np

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


def test_fitted_weights_are_cached_per_label_set(tmp_path) -> None:
    labels = [(t, "nl") for t in DUTCH] + [(t, "en") for t in ENGLISH]
    fitted = LanguageGuesser.from_labels(labels, cache=tmp_path)
    files = list(tmp_path.glob("lang-nb-*.npy"))
    assert len(files) == 1
    loaded = LanguageGuesser.from_labels(labels, cache=tmp_path)
    assert loaded.weights is not None and (loaded.weights == fitted.weights).all()
    for text in ("vrachtwagenchauffeur, magazijnmedewerker", "warehouse worker, truck driver"):
        assert loaded.guess(text) == fitted.guess(text)
    LanguageGuesser.from_labels(labels[:-1], cache=tmp_path)  # other labels: another file
    assert len(list(tmp_path.glob("lang-nb-*.npy"))) == 2


def test_unreadable_cache_file_is_refitted(tmp_path) -> None:
    labels = [(t, "nl") for t in DUTCH] + [(t, "en") for t in ENGLISH]
    LanguageGuesser.from_labels(labels, cache=tmp_path)
    (path,) = tmp_path.glob("lang-nb-*.npy")
    path.write_bytes(b"not numpy")
    guesser = LanguageGuesser.from_labels(labels, cache=tmp_path)
    assert guesser.guess("vrachtwagenchauffeur, magazijnmedewerker") == "nl"
    assert np.load(path).shape == guesser.weights.shape


def test_a_cache_that_cannot_be_written_only_costs_a_refit(tmp_path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    labels = [(t, "nl") for t in DUTCH] + [(t, "en") for t in ENGLISH]
    guesser = LanguageGuesser.from_labels(labels, cache=blocked / "lang")
    assert guesser.guess("vrachtwagenchauffeur, magazijnmedewerker") == "nl"
