"""Every interface text the templates and routes ask for exists in Dutch and English."""

from __future__ import annotations

import re
from pathlib import Path

from service.web.i18n import translate
from service.web.pages import FLASH
from service.web.texts import TEXTS
from service.web.views import decline_reasons

WEB = Path(__file__).resolve().parents[2] / "service" / "web"
LITERAL = re.compile(r"""\bt\(["']([a-z_.]+)["']""")
PREFIXED = {"type_": ("work", "internship", "volunteering"),
            "phase_": ("intake", "orientation", "placement"),
            "status_": ("proposed", "confirmed", "removed"), "opp_status_": ("open", "closed"),
            "role_": ("coach", "employer", "admin"), "flash_": tuple(FLASH),
            "reason_": decline_reasons(), "field_": ("skills", "experience", "ambitions"),
            "decision_": ("accepted", "declined", "placed"),
            "action_decision.": ("accepted", "declined", "placed", "ended"),
            "action_concept.": ("confirm", "remove", "add"),
            "error_": ("bad_key", "csrf_failed", "forbidden", "not_found", "conflict",
                       "invalid", "signed_out")}


def test_every_key_is_translated_in_both_languages() -> None:
    used = {key for page in WEB.glob("templates/*.html")
            for key in LITERAL.findall(page.read_text(encoding="utf-8"))
            if not key.endswith(("_", "."))}
    used |= {prefix + value for prefix, values in PREFIXED.items() for value in values}
    assert used - set(TEXTS["nl"]) == set()
    assert set(TEXTS["nl"]) == set(TEXTS["en"])


def test_translate_fills_values_and_falls_back() -> None:
    assert translate("n_new", "en", n=3) == "3 new"
    assert translate("n_new", "xx", n=3) == "3 nieuw"
    assert translate("no_such_key", "en") == "no_such_key"
