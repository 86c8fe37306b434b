"""Text cleaning: examples and hypothesis properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.text import Cleaner, clean_skill, clean_title, split_compound


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Productiemedewerker (m/v) 24-32 uur", "productie medewerker"),
        ("Senior Java Developer - fulltime", "java developer"),
        ("Coördinator M/V/X", "coordinator"),
        ("Heftruckchauffeur", "heftruck chauffeur"),
        ("heftruck-chauffeur", "heftruck chauffeur"),
        ("Medewerker", "medewerker"),
        ("Internship Digital Marketer", "digital marketer"),
        ("Stage manager", "stage manager"),
        ("Kok [REF-1234] 32 uur per week", "kok"),
        ("", ""),
        # A bracket is the title when nothing else is left, but never its code or gender.
        ("Internship (Marketing)", "marketing"),
        ("Stagiair [logistiek] (m/v) 24 uur", "logistiek"),
        ("Trainee (Service Engineer/Developer)", "service engineer developer"),
        ("Internship (REF 12)", ""),
        ("INTERNSHIP (MALE)", ""),
        ("Stagiair (man/vrouw)", ""),
        ("Stagiair (m/v)", ""),
        ("Kok (keuken) (m/v)", "kok"),
    ],
)
def test_clean_title_examples(raw: str, expected: str) -> None:
    assert clean_title(raw) == expected


def test_clean_skill_keeps_content_and_drops_lead_in() -> None:
    assert clean_skill("Ervaring met Excel!") == "excel"
    assert clean_skill("knowledge of Python (programming)") == "python"


def test_compound_and_label_are_cleaned_alike() -> None:
    assert clean_title("heftruckchauffeur") == clean_title("heftruck chauffeur")
    assert split_compound("schoonmaakmedewerker") == ["schoonmaak", "medewerker"]


def test_compound_split_never_leaves_a_verb_prefix_behind() -> None:
    assert split_compound("metaalbewerker") == ["metaal", "bewerker"]
    assert split_compound("verwerker") == ["verwerker"]
    assert split_compound("werkplaatsschrijnwerker") == ["werkplaats", "schrijnwerker"]


def test_non_string_input_never_raises() -> None:
    assert clean_title(None) == ""  # type: ignore[arg-type]
    assert clean_skill(42) == "42"  # type: ignore[arg-type]


def test_cleaner_is_pluggable() -> None:
    shout = Cleaner((str.upper,))
    assert shout("abc") == "ABC"


@given(st.text(max_size=80))
def test_title_cleaning_properties(text: str) -> None:
    once = clean_title(text)
    assert clean_title(once) == once
    assert once == once.lower()
    assert once == once.strip()
    assert "  " not in once
    for noise in ("(m/v)", "m/v/x", "fulltime", "uur"):
        assert noise not in once.split()


@given(st.text(max_size=80))
def test_skill_cleaning_properties(text: str) -> None:
    once = clean_skill(text)
    assert clean_skill(once) == once
    assert once == once.lower()


@given(st.sampled_from(["kok", "schoonmaker", "heftruckchauffeur", "java developer"]),
       st.sampled_from(["(m/v)", "m/v/x", "24-32 uur", "fulltime", "senior", "(REF 12)", "M/V"]))
def test_noise_is_removed(title: str, noise: str) -> None:
    assert clean_title(f"{title} {noise}") == clean_title(title)
    assert clean_title(f"{noise} {title}") == clean_title(title)


def test_programming_language_signs_are_kept_where_they_end_a_word() -> None:
    assert clean_skill("C#") == "c#" and clean_skill("C++") == "c++"  # not both "c"
    assert clean_skill("Experience with Java, C# or Notepad++!") == "java c# or notepad++"
    assert clean_title("Senior C# Developer (m/v)") == "c# developer"
    for raw, expected in [("3+ years", "3 years"), ("E+I engineering", "e i engineering"),
                          ("#hashtag", "hashtag"), ("a+b", "a b"), ("x#y", "x y")]:
        assert clean_skill(raw) == expected
